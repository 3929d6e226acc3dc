// Pelvic-floor down-training routine: timed phases of paced breathing and contract-then-release drills.
// Own code (version 1.3.0: a routine finished offline is saved when the connection is back; 1.2.0: breathing
// phases paced by the shared painwise/pacer script, the same as the trauma track's breathing tool; 1.1.0: its
// words translated through the catalog), no network: works offline once the page is loaded. When the last phase
// ends, the page's own form is submitted, so the routine is logged. Without JavaScript the written steps remain.
(function () {
  "use strict";
  // Translations from the catalog script (/jsi18n/, docs/translating.md); English if it did not load.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (whole, name) { return String(values[name]); });
  };
  function seconds(el, name, fallback) {
    var value = Number(el.getAttribute(name));
    return value > 0 ? value : fallback;
  }
  function start(box) {
    var phases = Array.prototype.slice.call(document.querySelectorAll("[data-phase]"));
    var title = box.querySelector(".routine-phase");
    var circle = box.querySelector(".pacer-circle");
    var cue = box.querySelector(".pacer-label");
    var clock = box.querySelector(".routine-timer");
    var button = box.querySelector("[data-routine-toggle]");
    var form = document.querySelector("[data-routine-log]");
    var index = 0, left = 0, elapsed = 0, beat = 0, ticking = null;

    function cueFor(phase, second) {
      var kind = phase.getAttribute("data-kind");
      if (kind === "breathe") {
        var breath = window.painwisePacer.cue(circle, second, seconds(phase, "data-in", 4), seconds(phase, "data-out", 6));
        return breath.breathingIn ? gettext("Breathe in") : gettext("Breathe out");
      }
      if (kind === "drill") {
        var squeeze = seconds(phase, "data-contract", 3), release = seconds(phase, "data-release", 10);
        var squeezing = second % (squeeze + release) < squeeze;
        circle.classList.toggle("in", !squeezing);
        circle.classList.toggle("out", squeezing);
        return squeezing ? gettext("Gently squeeze") : gettext("Let go completely");
      }
      circle.classList.remove("in", "out");
      return gettext("Rest and notice");
    }
    function show() {
      var phase = phases[index];
      phases.forEach(function (p, n) { p.classList.toggle("current", n === index); });
      title.textContent = interpolate(gettext("Step %(step)s of %(steps)s: %(phase)s"), {
        step: index + 1, steps: phases.length, phase: phase.textContent.replace(/\s*\(\d+ s\)$/, "")}, true);
      cue.textContent = cueFor(phase, beat);
      clock.textContent = interpolate(gettext("%(seconds)s s left"), {seconds: left}, true);
    }
    function finish() {
      window.clearInterval(ticking);
      ticking = null;
      circle.classList.remove("in", "out");
      title.textContent = gettext("Finished. Well done.");
      cue.textContent = "";
      clock.textContent = "";
      button.hidden = true;
      if (form) {
        form.querySelector("[data-routine-minutes]").value = String(Math.max(1, Math.round(elapsed / 60)));
        save();
      }
    }
    function save() {
      if (navigator.onLine === false) {
        // Offline: keep the finished routine on the page and save it as soon as the connection is back.
        cue.textContent = gettext("You are offline. It is saved as soon as the connection is back; keep this page open.");
        window.addEventListener("online", function () { form.submit(); }, {once: true});
        return;
      }
      form.submit();
    }
    function tick() {
      left -= 1;
      beat += 1;
      elapsed += 1;
      if (left <= 0) {
        index += 1;
        if (index >= phases.length) { finish(); return; }
        left = seconds(phases[index], "data-seconds", 60);
        beat = 0;
      }
      show();
    }
    button.addEventListener("click", function () {
      if (ticking === null) {
        if (left <= 0) { left = seconds(phases[index], "data-seconds", 60); }
        button.textContent = gettext("Pause");
        show();
        ticking = window.setInterval(tick, 1000);
      } else {
        window.clearInterval(ticking);
        ticking = null;
        button.textContent = gettext("Continue");
        cue.textContent = gettext("Paused");
      }
    });
    box.hidden = false;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-routine]").forEach(start);
  });
})();
