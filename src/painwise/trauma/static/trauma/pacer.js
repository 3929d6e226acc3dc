// Paced breathing: a circle that grows while breathing in and shrinks while breathing out.
// Own code, no network: works offline. Without JavaScript the written steps on the page stay the guide.
(function () {
  "use strict";
  // Translations from the catalog script (/jsi18n/, docs/translating.md); English if it did not load.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (whole, name) { return String(values[name]); });
  };
  function start(box) {
    var inSeconds = Number(box.getAttribute("data-in")) || 4;
    var outSeconds = Number(box.getAttribute("data-out")) || 6;
    var circle = box.querySelector(".pacer-circle");
    var label = box.querySelector(".pacer-label");
    var button = box.querySelector("[data-pacer-toggle]");
    var timer = null;
    function phase(breathingIn) {
      circle.classList.toggle("in", breathingIn);
      circle.classList.toggle("out", !breathingIn);
      label.textContent = breathingIn
        ? interpolate(gettext("Breathe in… %(seconds)s"), {seconds: inSeconds}, true)
        : interpolate(gettext("Breathe out… %(seconds)s"), {seconds: outSeconds}, true);
      timer = window.setTimeout(function () { phase(!breathingIn); }, (breathingIn ? inSeconds : outSeconds) * 1000);
    }
    function stop() {
      window.clearTimeout(timer);
      timer = null;
      circle.classList.remove("in", "out");
      label.textContent = gettext("Paused");
      button.textContent = gettext("Start");
    }
    button.addEventListener("click", function () {
      if (timer === null) {
        button.textContent = gettext("Stop");
        phase(true);
      } else {
        stop();
      }
    });
    box.hidden = false;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-pacer]").forEach(start);
  });
})();
