// Show that the file is being uploaded; the batch page then shows the import's progress.
document.getElementById("import-form").addEventListener("submit", function () {
  document.getElementById("import-busy").hidden = false;
});
