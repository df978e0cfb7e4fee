// The batch page while an import runs: poll the same-origin status URL, move the
// <progress> bar, and reload the page (which then shows the result) when it is over.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) { return; }
  var bar = document.getElementById("import-bar");
  var phase = document.getElementById("import-phase");
  var status = document.getElementById("import-status");
  function number(n) { return n.toLocaleString("vi-VN"); }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }
  function show(s) {
    status.textContent = s.status_display;
    if (s.phase === "clocks") {
      bar.max = 1;
      bar.value = 1;
      phase.textContent = phase.dataset.clocks;
    } else if (s.phase === "store") {
      bar.max = Math.max(s.rows_total, 1);
      bar.value = s.rows_done;
      phase.textContent = fill(phase.dataset.store, {done: number(s.rows_done), total: number(s.rows_total)});
    } else {
      bar.removeAttribute("value");  // indeterminate while the file is read
      phase.textContent = fill(phase.dataset.read, {rows: number(s.rows_total)});
    }
  }
  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin", cache: "no-store"})
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (s) {
        if (!s.running) { window.location.reload(); return; }
        show(s);
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  poll();
}());
