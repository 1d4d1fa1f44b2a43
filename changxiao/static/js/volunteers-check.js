/* The volunteer's check-in by the activity's QR code, at an activity with its place's coordinates: before the form is
   sent, the phone is asked for its position (navigator.geolocation), sent in the form's hidden latitude/longitude for
   the server to check against the place (volunteers.services._located). When the phone gives none (permission
   refused, no signal, no support) the page says what to do; pressing again checks in without it, which the server
   accepts and marks for the leader. Without this script the form is sent without a position, the same way. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-asks-position]");
  if (!form) {
    return;
  }
  var latitude = form.querySelector("input[name=latitude]");
  var longitude = form.querySelector("input[name=longitude]");
  var button = form.querySelector("button[type=submit]");
  var denied = document.getElementById("position-denied");
  var asked = false;

  function withoutPosition() {
    button.disabled = false;
    denied.hidden = false;
    denied.focus();
  }

  form.addEventListener("submit", function (event) {
    if (asked || latitude.value) {
      return;
    }
    event.preventDefault();
    asked = true;
    if (!navigator.geolocation) {
      withoutPosition();
      return;
    }
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        latitude.value = position.coords.latitude.toFixed(6);
        longitude.value = position.coords.longitude.toFixed(6);
        form.submit();
      },
      withoutPosition,
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
