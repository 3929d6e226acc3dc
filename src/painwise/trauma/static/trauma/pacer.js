// Paced breathing: a circle that grows while breathing in and shrinks while breathing out.
// Own code, no network: works offline. Without JavaScript the written steps on the page stay the guide.
(function () {
  "use strict";
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
      label.textContent = breathingIn ? "Breathe in… " + inSeconds : "Breathe out… " + outSeconds;
      timer = window.setTimeout(function () { phase(!breathingIn); }, (breathingIn ? inSeconds : outSeconds) * 1000);
    }
    function stop() {
      window.clearTimeout(timer);
      timer = null;
      circle.classList.remove("in", "out");
      label.textContent = "Paused";
      button.textContent = "Start";
    }
    button.addEventListener("click", function () {
      if (timer === null) {
        button.textContent = "Stop";
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
