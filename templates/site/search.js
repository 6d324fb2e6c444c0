(function () {
  "use strict";
  var index = JSON.parse(document.getElementById("search-index").textContent);
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var summary = document.getElementById("summary");
  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ");
  }
  var folded = index.map(function (e) { return fold(e.x + " " + e.t); });
  function snippet(text, q) {
    var at = fold(text).indexOf(q);
    var span = document.createElement("span");
    span.className = "snippet";
    if (at < 0) { span.textContent = text.slice(0, 160); return span; }
    var start = Math.max(0, at - 70);
    span.appendChild(document.createTextNode((start ? "… " : "") + text.slice(start, at)));
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + q.length);
    span.appendChild(mark);
    span.appendChild(document.createTextNode(text.slice(at + q.length, at + q.length + 90) + " …"));
    return span;
  }
  function run() {
    var q = fold(input.value.trim());
    list.textContent = "";
    if (!q) { return; }
    var found = 0;
    for (var i = 0; i < index.length; i++) {
      if (folded[i].indexOf(q) < 0) { continue; }
      found++;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = index[i].u;
      a.textContent = index[i].t;
      li.appendChild(a);
      li.appendChild(snippet(index[i].x, q));
      list.appendChild(li);
    }
    summary.textContent = found + (found === 1 ? " match" : " matches") + " for \u201c" + input.value.trim() + "\u201d.";
  }
  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  input.addEventListener("input", run);
  run();
})();
