// Painwise body map: each region of the picture is a button that asks how much it hurts there and
// writes the answer into the region's own list field (a <select name="region_<id>">), which is what
// the form sends. Nothing is guessed: a region stays unmarked until a number is chosen.
// Without JavaScript the picture stays hidden and the list works on its own.
(() => {
  // Translations from the catalog script (/jsi18n/, docs/translating.md); English if it did not load.
  const gettext = window.gettext || ((text) => text);
  const ngettext = window.ngettext || ((one, many, count) => (count === 1 ? one : many));
  const interpolate = window.interpolate
    || ((format, values) => format.replace(/%\((\w+)\)s/g, (whole, name) => String(values[name])));
  const root = document.querySelector("[data-bodymap]");
  if (!root) return;
  const form = root.closest("form");
  const picker = root.querySelector("[data-picker]");
  const title = root.querySelector("[data-picker-title]");
  const chosen = root.querySelector("[data-chosen]");
  const regions = Array.from(root.querySelectorAll("[data-region]"));
  let current = null;

  const selectOf = (region) => form.querySelector(`select[name="region_${region.dataset.region}"]`);

  const show = (region) => {
    const value = selectOf(region).value;
    region.setAttribute("class", `region ${value === "" ? "unset" : "i" + value}`);
    const state = value === "" ? gettext("not marked") : interpolate(gettext("%(value)s of 10"), {value}, true);
    region.setAttribute("aria-label", interpolate(gettext("%(region)s: %(state)s"), {region: region.dataset.label, state}, true));
  };

  const summarise = () => {
    const marked = regions.filter((r) => selectOf(r).value !== "")
      .map((r) => `${r.dataset.label} ${selectOf(r).value}`);
    chosen.textContent = marked.length ? interpolate(gettext("Marked: %(regions)s."), {regions: marked.join(", ")}, true) : "";
  };

  const open = (region) => {
    current = region;
    const value = selectOf(region).value;
    title.textContent = interpolate(gettext("How much does it hurt here: %(region)s?"), {region: region.dataset.label}, true);
    picker.querySelectorAll("[data-value]").forEach((button) => {
      button.setAttribute("aria-pressed", String(button.dataset.value !== "" && button.dataset.value === value));
    });
    picker.hidden = false;
    const first = picker.querySelector(value === "" ? "[data-value='0']" : `[data-value='${value}']`);
    first.focus();
  };

  const close = () => {
    picker.hidden = true;
    if (current) current.focus();
    current = null;
  };

  regions.forEach((region) => {
    show(region);
    region.addEventListener("click", () => open(region));
    region.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        open(region);
      }
    });
  });

  picker.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !current) return;
    if ("value" in button.dataset) {
      const select = selectOf(current);
      select.value = button.dataset.value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
    close();
  });
  picker.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });

  // The list and the picture stay in step whichever is used.
  form.addEventListener("change", (event) => {
    const region = regions.find((r) => selectOf(r) === event.target);
    if (region) show(region);
    summarise();
  });

  summarise();
  root.hidden = false;
})();
