// The cockpit's wall screen reloads itself every data-refresh-seconds, but never while someone uses it: any
// pointer, key, touch or scroll pauses the reload for data-pause-seconds after the last one (CSP: a static file).
(function () {
  "use strict";
  var body = document.body;
  var refresh = parseInt(body.dataset.refreshSeconds || "120", 10) * 1000;
  var pause = parseInt(body.dataset.pauseSeconds || "60", 10) * 1000;
  var lastInteraction = 0;
  var state = document.getElementById("wall-state");
  var idleText = state ? state.textContent : "";
  function touched() {
    lastInteraction = Date.now();
    body.classList.add("paused");
    if (state) { state.textContent = state.dataset.pausedText || idleText; }
  }
  ["pointermove", "pointerdown", "keydown", "wheel", "touchstart", "scroll"].forEach(function (name) {
    window.addEventListener(name, touched, { passive: true });
  });
  function tick() {
    if (Date.now() - lastInteraction < pause) {
      window.setTimeout(tick, 5000);
      return;
    }
    body.classList.remove("paused");
    window.location.reload();
  }
  window.setTimeout(tick, refresh);
  window.cockpitWall = { lastInteraction: function () { return lastInteraction; } };
})();
