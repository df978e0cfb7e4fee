// Show that a long import is running (the page posts normally; no external script).
document.getElementById("import-form").addEventListener("submit", function () {
  document.getElementById("import-busy").hidden = false;
});
