(function () {
  "use strict";
  var table = document.getElementById("dossier-table");
  if (table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var result = document.getElementById("f-result");
    var unit = document.getElementById("f-unit");
    var field = document.getElementById("f-field");
    var text = document.getElementById("f-text");
    var shown = document.getElementById("shown-count");
    var filter = function () {
      var r = result.value, u = unit.value, f = field.value, q = text.value.trim().toLowerCase();
      var n = 0;
      for (var i = 0; i < rows.length; i++) {
        var row = rows[i];
        var ok = (!r || row.getAttribute("data-result") === r) &&
          (!u || row.getAttribute("data-unit") === u) &&
          (!f || row.getAttribute("data-field") === f) &&
          (!q || row.textContent.toLowerCase().indexOf(q) >= 0);
        row.className = ok ? "" : "hidden";
        if (ok) { n++; }
      }
      shown.textContent = String(n);
    };
    [result, unit, field].forEach(function (el) { el.addEventListener("change", filter); });
    text.addEventListener("input", filter);
    var heads = table.tHead.rows[0].cells;
    var sortBy = function (col, numeric, dir) {
      var key = function (row) {
        var cell = row.cells[col];
        var v = cell.getAttribute("data-v");
        if (v === null) { v = cell.textContent; }
        return numeric ? (v === "" ? Infinity : parseFloat(v)) : v;
      };
      var keyed = rows.map(function (row, i) { return [key(row), i, row]; });
      keyed.sort(function (a, b) {
        var c = numeric ? (a[0] - b[0]) : a[0].localeCompare(b[0], "zh-CN");
        if (c !== c) { c = 0; }
        return (c || (a[1] - b[1])) * dir;
      });
      var frag = document.createDocumentFragment();
      keyed.forEach(function (k) { frag.appendChild(k[2]); });
      body.appendChild(frag);
      rows = keyed.map(function (k) { return k[2]; });
    };
    Array.prototype.forEach.call(heads, function (th, col) {
      var kind = th.getAttribute("data-sort");
      if (!kind) { return; }
      th.tabIndex = 0;
      var go = function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        sortBy(col, kind === "num", dir);
      };
      th.addEventListener("click", go);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") { go(); } });
    });
    table.addEventListener("click", function (e) {
      var a = e.target.closest ? e.target.closest("a[href^='#d-']") : null;
      if (!a) { return; }
      var d = document.getElementById(a.getAttribute("href").slice(1));
      if (d) { d.open = true; }
    });
  }
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details.dossier"), function (d) { return !d.open; });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () { opened.forEach(function (d) { d.open = false; }); });
  if (location.hash.indexOf("#d-") === 0) {
    var target = document.getElementById(location.hash.slice(1));
    if (target) { target.open = true; }
  }
  // Read by tests and benches/html.rs: the script ran to its end, and when (ms since navigation began).
  document.documentElement.setAttribute("data-shenbao-ms", String(Math.round(performance.now())));
  document.documentElement.setAttribute("data-shenbao-ready", "1");
})();
