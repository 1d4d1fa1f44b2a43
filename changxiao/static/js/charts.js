// ECharts on any element with data-chart="<id of a json_script block>"; the block holds the option object.
// Data come through {{ value|json_script:"id" }} (inert JSON), so the CSP needs no inline script.
(function () {
  "use strict";
  function render(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source || !window.echarts) { return; }
    var option = JSON.parse(source.textContent);
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function renderAll(root) {
    root.querySelectorAll("[data-chart]").forEach(render);
  }
  document.addEventListener("DOMContentLoaded", function () { renderAll(document); });
  document.body.addEventListener("htmx:afterSwap", function (event) { renderAll(event.target); });
})();
