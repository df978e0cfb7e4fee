// The event form shows only the detail fields the chosen event type takes
// (the server sends type -> fields and the fields that toggle as JSON; without JavaScript every field shows).
(function () {
  var form = document.getElementById("event-form");
  var data = document.getElementById("event-fields");
  if (!form || !data) return;
  var sent = JSON.parse(data.textContent);
  var byType = sent.types || {};
  var details = sent.toggled || [];  // the fields shown only for the types that take them
  var select = form.querySelector("select[name=type]");
  function update() {
    var takes = byType[select.value] || [];
    details.forEach(function (name) {
      var box = form.querySelector(".field-" + name);
      if (!box) return;
      var input = box.querySelector("input, select, textarea");
      var shown = takes.indexOf(name) >= 0 || (input && input.value && box.querySelector(".errorlist"));
      box.hidden = !shown;
    });
  }
  select.addEventListener("change", update);
  update();
})();
