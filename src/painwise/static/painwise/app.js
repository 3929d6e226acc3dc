// Painwise: progressive enhancement only; every page works without JavaScript.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  if (button && button.classList.contains("danger") && !window.confirm("Delete this? It cannot be undone.")) {
    event.preventDefault();
  }
});
