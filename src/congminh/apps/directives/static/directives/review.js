// The review screen of an incoming document (no inline script: the CSP forbids them).
// - "select every task" and "select the point" boxes for the bulk assignee / due date;
// - a collective name ticked in one task is ticked in every task that writes it;
// - Enter in a field confirms the document, except in the bulk bar where it applies;
// - after a failed confirmation, the first error is opened and focused.
(function () {
  "use strict";
  var form = document.getElementById("review-form");
  if (!form) { return; }
  var rows = function (scope) {
    return Array.prototype.slice.call(scope.querySelectorAll(".task-row .select input[type=checkbox]"));
  };
  var all = document.getElementById("select-all");
  var sync = function () {
    form.querySelectorAll("section.point").forEach(function (section) {
      var boxes = rows(section), on = boxes.filter(function (b) { return b.checked; }).length;
      var head = section.querySelector(".select-point");
      head.checked = on === boxes.length;
      head.indeterminate = on > 0 && on < boxes.length;
    });
    var boxes = rows(form), on = boxes.filter(function (b) { return b.checked; }).length;
    all.checked = on === boxes.length && on > 0;
    all.indeterminate = on > 0 && on < boxes.length;
    document.getElementById("bulk-apply").dataset.count = String(on);
  };
  form.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
  form.querySelectorAll(".select-point").forEach(function (head) {
    head.hidden = false;
    head.addEventListener("change", function () {
      rows(head.closest("section")).forEach(function (b) { b.checked = head.checked; });
      sync();
    });
  });
  all.addEventListener("change", function () {
    rows(form).forEach(function (b) { b.checked = all.checked; });
    sync();
  });
  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.closest(".task-row .select")) { sync(); }
    // A collective name is confirmed once: the same name in the other tasks follows.
    if (target.dataset.collective) {
      form.querySelectorAll("input[data-collective]").forEach(function (box) {
        if (box.dataset.collective === target.dataset.collective) { box.checked = target.checked; }
      });
    }
  });
  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "Enter" || event.isComposing || !target.matches("input, select")) { return; }
    if (target.type === "submit") { return; }
    event.preventDefault();
    var bulk = target.closest("#review-bulk");
    document.getElementById(bulk ? "bulk-apply" : "review-confirm").click();
  });
  var error = form.querySelector(".errorlist");
  if (error) {
    var details = error.closest("details");
    if (details) { details.open = true; }
    var field = error.parentNode.querySelector("input:not([type=hidden]), select, textarea");
    if (field) { field.focus(); }
  }
  sync();
}());
