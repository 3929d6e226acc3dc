// Painwise: progressive enhancement only; every page works without JavaScript.
"use strict";
(() => {
  // Translations from the catalog script (/jsi18n/, docs/translating.md); English if it did not load.
  const gettext = window.gettext || ((text) => text);
  document.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (button && button.classList.contains("danger") && !window.confirm(gettext("Delete this? It cannot be undone."))) {
      event.preventDefault();
    }
  });
})();
