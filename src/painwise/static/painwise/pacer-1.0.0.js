// Paced breathing, one script for every place that guides it: the trauma track's breathing tool and the
// pelvic-floor routine's breathing phases share the rule for when to breathe in and out and the circle that
// grows and shrinks with it (app.css, .pacer-circle). Own code (version 1.0.0), no network: works offline.
// Without JavaScript the written steps on each page stay the guide.
(function () {
  "use strict";
  // Translations from the catalog script (/jsi18n/, docs/translating.md); English if it did not load.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (whole, name) { return String(values[name]); });
  };

  // Second `second` of breathing in for `inS` seconds and out for `outS`: sets the circle and says which
  // half of the breath it is ({breathingIn, left}: seconds left of that half).
  function cue(circle, second, inS, outS) {
    var at = second % (inS + outS);
    var breathingIn = at < inS;
    circle.classList.toggle("in", breathingIn);
    circle.classList.toggle("out", !breathingIn);
    return {breathingIn: breathingIn, left: breathingIn ? inS - at : inS + outS - at};
  }
  window.painwisePacer = {cue: cue};

  // A standalone pacer ([data-pacer] with data-in/data-out seconds, a .pacer-circle, a .pacer-label and a
  // [data-pacer-toggle] button), started and stopped by its button.
  function start(box) {
    var inS = Number(box.getAttribute("data-in")) || 4;
    var outS = Number(box.getAttribute("data-out")) || 6;
    var circle = box.querySelector(".pacer-circle");
    var label = box.querySelector(".pacer-label");
    var button = box.querySelector("[data-pacer-toggle]");
    var ticking = null, second = 0;
    function show() {
      var now = cue(circle, second, inS, outS);
      label.textContent = interpolate(
        now.breathingIn ? gettext("Breathe in… %(seconds)s") : gettext("Breathe out… %(seconds)s"),
        {seconds: now.left}, true);
    }
    button.addEventListener("click", function () {
      if (ticking === null) {
        button.textContent = gettext("Stop");
        second = 0;
        show();
        ticking = window.setInterval(function () { second += 1; show(); }, 1000);
      } else {
        window.clearInterval(ticking);
        ticking = null;
        circle.classList.remove("in", "out");
        label.textContent = gettext("Paused");
        button.textContent = gettext("Start");
      }
    });
    box.hidden = false;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-pacer]").forEach(start);
  });
})();
