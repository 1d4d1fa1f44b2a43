// Small behaviours that inline scripts would do elsewhere (the CSP forbids inline scripts).
(function () {
  "use strict";
  // Forms with data-confirm ask before submitting (deactivate, revoke ...).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }, true);
  // Copy buttons: data-copy-target="#id".
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) { return; }
    var target = document.querySelector(button.getAttribute("data-copy-target"));
    if (target && navigator.clipboard) {
      navigator.clipboard.writeText(target.textContent.trim());
      button.classList.add("btn-success");
    }
  });
  // Filter selects submit their form on change when marked data-autosubmit.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.form && el.form.hasAttribute("data-autosubmit")) { el.form.requestSubmit(); }
  });
})();
