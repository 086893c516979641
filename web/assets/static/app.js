// kartusehat pages: a small enhancement. Every page works without it.
// (1) Tables with class "sortable" get buttons in their headers that sort
// the rows. (2) Forms with data-progress send their upload with a progress
// bar, then follow the answer (the job's page, which shows the progress of
// the work itself).
(function () {
  "use strict";
  function cellValue(td) {
    var t = (td ? td.textContent : "").trim();
    var n = t.replace(/^Rp\s*/, "").replace(/[.,](?=\d{3}(\D|$))/g, "").replace(",", ".").replace(/\s*%$/, "");
    if (/^[+-]?\d+(\.\d+)?$/.test(n)) { return parseFloat(n); }
    return t.toLowerCase();
  }
  function makeSortable(table) {
    var head = table.tHead;
    if (!head || !table.tBodies.length) { return; }
    var row = head.rows[head.rows.length - 1];
    Array.prototype.forEach.call(row.cells, function (th, col) {
      if (th.colSpan > 1) { return; }
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      b.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(b);
      var asc = true;
      b.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var offset = row.cells.length < (rows[0] ? rows[0].cells.length : 0) ? rows[0].cells.length - row.cells.length : 0;
        rows.sort(function (a, c) {
          var x = cellValue(a.cells[col + offset]), y = cellValue(c.cells[col + offset]);
          if (x < y) { return asc ? -1 : 1; }
          if (x > y) { return asc ? 1 : -1; }
          return 0;
        });
        rows.forEach(function (r) { body.appendChild(r); });
        Array.prototype.forEach.call(row.cells, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        asc = !asc;
      });
    });
  }
  function withProgress(form) {
    form.addEventListener("submit", function (ev) {
      if (!window.FormData || !window.XMLHttpRequest) { return; }
      ev.preventDefault();
      var bar = form.querySelector("progress.upload");
      if (bar) { bar.hidden = false; }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.addEventListener("progress", function (e) {
        if (bar && e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
      });
      xhr.addEventListener("load", function () {
        if (xhr.status < 400 && xhr.responseURL) {
          window.location.assign(xhr.responseURL);
          return;
        }
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var main = doc.getElementById("main");
        if (main) { document.getElementById("main").replaceWith(main); main.focus(); }
      });
      xhr.addEventListener("error", function () { form.submit(); });
      xhr.send(new FormData(form));
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-progress]"), withProgress);
  });
})();
