// Painwise: progressive enhancement only; every page works without JavaScript.
"use strict";
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  if (button && button.classList.contains("danger") && !window.confirm((window.gettext || ((text) => text))("Delete this? It cannot be undone."))) {
    event.preventDefault();
  }
});
