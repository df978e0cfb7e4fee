// The new expertise request form (no inline script: the CSP forbids them): the kinds of
// matter with their own limit are offered only under the chosen field (each option's
// `data-field` is its field's id); the server refuses a wrong pairing anyway.
(function () {
  "use strict";
  var field = document.getElementById("id_field");
  var matter = document.getElementById("id_expertise_matter");
  if (!field || !matter) { return; }
  var row = matter.closest(".field") || matter.parentNode;
  var sync = function () {
    var any = false;
    matter.querySelectorAll("option[data-field]").forEach(function (option) {
      var fits = option.getAttribute("data-field") === field.value;
      option.hidden = !fits;
      option.disabled = !fits;
      if (!fits && option.selected) { matter.value = ""; }
      any = any || fits;
    });
    matter.querySelectorAll("optgroup").forEach(function (group) {
      group.hidden = !group.querySelector("option:not([hidden])");
    });
    row.hidden = !any && !row.querySelector(".errorlist");
  };
  field.addEventListener("change", sync);
  sync();
}());
