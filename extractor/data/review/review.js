// The review pages' behaviour: sorting and filtering the index; on an article page, linking
// each fact to its words in the text and back. No network, no libraries.
(function () {
  "use strict";

  function indexPage(rows) {
    var body = document.getElementById("rows");
    var filter = document.getElementById("filter");
    var status = document.getElementById("status");
    var shown = document.getElementById("shown");
    var sortKey = "n", sortNum = true, ascending = true;
    var differing = rows.filter(function (r) { return r.differs > 0; }).length;
    var errors = rows.filter(function (r) { return r.status !== "ok"; }).length;
    document.getElementById("summary").textContent =
      rows.length + " articles · " + errors + " errors · " + differing +
      " with figures that differ from the official count";

    function escape(text) {
      return String(text).replace(/[&<>"]/g, function (c) {
        return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"}[c];
      });
    }
    function keep(row) {
      var wanted = status.value, needle = filter.value.toLowerCase();
      if (wanted === "ok" && row.status !== "ok") return false;
      if (wanted === "error" && row.status === "ok") return false;
      if (wanted === "differs" && !row.differs) return false;
      if (wanted === "warnings" && !row.warnings) return false;
      if (wanted === "empty" && (row.status !== "ok" ||
          row.contests + row.councils + row.seat_totals + row.referendums > 0)) return false;
      return !needle || (row.id + " " + row.source + " " + row.error).toLowerCase().indexOf(needle) >= 0;
    }
    function render() {
      var chosen = rows.filter(keep);
      chosen.sort(function (a, b) {
        var x = a[sortKey], y = b[sortKey];
        var order = sortNum ? x - y : String(x).localeCompare(String(y));
        return ascending ? order : -order;
      });
      var html = [];
      for (var i = 0; i < chosen.length; i++) {
        var r = chosen[i];
        var page = "articles/" + String(r.n).padStart(5, "0") + ".html";
        html.push("<tr class=\"" + (r.status !== "ok" ? "error" : "") + (r.differs ? " differs" : "") +
          "\"><td>" + (r.n + 1) + "</td><td><a href=\"" + page + "\">" + escape(r.id) + "</a></td><td>" +
          escape(r.status) + "</td><td>" + r.contests + "</td><td>" + r.councils + "</td><td>" +
          r.seat_totals + "</td><td>" + r.referendums + "</td><td>" + r.warnings + "</td><td>" +
          r.dropped + "</td><td class=\"differs\">" + (r.differs || "") + "</td><td>" + escape(r.error) +
          "</td></tr>");
      }
      body.innerHTML = html.join("");
      shown.textContent = chosen.length + " shown";
    }
    document.querySelectorAll("th[data-key]").forEach(function (th) {
      th.addEventListener("click", function () {
        var key = th.getAttribute("data-key");
        ascending = key === sortKey ? !ascending : true;
        sortKey = key;
        sortNum = th.getAttribute("data-type") === "num";
        document.querySelectorAll("th").forEach(function (h) { h.classList.remove("asc", "desc"); });
        th.classList.add(ascending ? "asc" : "desc");
        render();
      });
    });
    filter.addEventListener("input", render);
    status.addEventListener("change", render);
    render();
    document.body.setAttribute("data-ready", "1");
  }

  function articlePage() {
    function clear() {
      document.querySelectorAll(".active").forEach(function (e) { e.classList.remove("active"); });
    }
    function marksOf(spanId) {
      return Array.prototype.filter.call(document.querySelectorAll("mark.ev"), function (m) {
        return m.getAttribute("data-spans").split(" ").indexOf(spanId) >= 0;
      });
    }
    function show(spanId, rowId) {
      clear();
      var marks = marksOf(spanId);
      marks.forEach(function (m) { m.classList.add("active"); });
      var link = document.querySelector("a.span-link[data-span=\"" + spanId + "\"]");
      if (link) link.classList.add("active");
      var row = document.getElementById(rowId);
      if (row) row.classList.add("active");
      return marks;
    }
    document.querySelectorAll("a.span-link").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var marks = show(link.getAttribute("data-span"), link.getAttribute("data-row"));
        if (marks.length) marks[0].scrollIntoView({block: "center"});
      });
    });
    document.querySelectorAll("mark.ev").forEach(function (mark) {
      mark.addEventListener("click", function () {
        var spanId = mark.getAttribute("data-spans").split(" ")[0];
        var link = document.querySelector("a.span-link[data-span=\"" + spanId + "\"]");
        show(spanId, link ? link.getAttribute("data-row") : "");
        if (link) link.scrollIntoView({block: "center"});
      });
    });
    // The text as the extraction saw it, for checking offsets (text[start:end] == quote).
    window.reviewText = function () {
      var pre = document.getElementById("text");
      return pre ? pre.textContent : null;
    };
    document.body.setAttribute("data-ready", "1");
  }

  if (window.REVIEW_ROWS && document.getElementById("rows")) {
    indexPage(window.REVIEW_ROWS);
  } else {
    articlePage();
  }
})();
