/* The public survey's display conditions, as a progressive enhancement of a page that works without JavaScript.
   A question carrying data-show-if='{"field": "q_<code>", "in": [values]}' is hidden (and its fields disabled, so
   nothing is sent for it) while the earlier question has none of those answers, and shown with its required mark
   once it has one. Without this script every question shows, each conditional one saying when it applies; the
   server's check (surveys.responses.clean_answers) is the rule either way. */
(function () {
  "use strict";
  var form = document.querySelector("form[method=post]");
  if (!form) {
    return;
  }
  var rules = Array.prototype.map.call(form.querySelectorAll("[data-show-if]"), function (block) {
    return { block: block, rule: JSON.parse(block.getAttribute("data-show-if")) };
  });
  if (!rules.length) {
    return;
  }

  function given(name) {
    var values = [];
    form.querySelectorAll("[name='" + name + "']").forEach(function (field) {
      if (field.disabled) {
        return;
      }
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.checked) {
          values.push(field.value);
        }
      } else if (field.value) {
        values.push(field.value);
      }
    });
    return values;
  }

  // In page order: a condition refers to an earlier question, which is settled (shown or hidden) before it is read.
  function apply() {
    rules.forEach(function (item) {
      var shown = given(item.rule.field).some(function (value) {
        return item.rule["in"].indexOf(value) !== -1;
      });
      item.block.hidden = !shown;
      item.block.querySelectorAll("input, select, textarea").forEach(function (field) {
        field.disabled = !shown;
      });
      var mark = item.block.querySelector(".req");
      if (mark) {
        mark.hidden = !shown;
      }
    });
  }

  form.addEventListener("change", apply);
  apply();
})();
