// Client-side search for dossier sites (DESIGN §4: no server, no library).
//
// Loads /search-index.json once, then matches every word of the query
// against titles, names, aliases, summaries, tags and key points, ignoring
// case, accents and apostrophe style ("senegal" finds "Sénégal", "cedeao"
// finds "Cédéao"). Results are grouped by kind with the matching words
// marked. Everything is written with textContent: nothing from the index is
// ever parsed as HTML.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root) return;
  var form = root.querySelector("form");
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var KINDS = ["briefs", "countries", "actors", "events", "pages"];
  var LIMIT = 50;
  var index = null;
  var loading = null;

  // Lower case, no accents, one apostrophe.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[\u2019\u2018`]/g, "'");
  }

  // The folded text with, for each of its characters, the index of the
  // original character it comes from (to mark matches in the original).
  function foldWithMap(text) {
    var folded = "";
    var map = [];
    for (var i = 0; i < text.length; ) {
      var cp = text.codePointAt(i);
      var ch = String.fromCodePoint(cp);
      var f = fold(ch);
      for (var j = 0; j < f.length; j++) {
        folded += f[j];
        map.push(i);
      }
      i += ch.length;
    }
    map.push(text.length);
    return { text: folded, map: map };
  }

  function words(query) {
    return fold(query).split(/[^\p{L}\p{N}']+/u).filter(function (w) { return w.length > 0; });
  }

  function load() {
    if (!loading) {
      loading = fetch(root.dataset.index)
        .then(function (r) { return r.json(); })
        .then(function (entries) {
          index = entries.map(function (e) {
            var fields = [e.t].concat(e.a || [], e.g || [], e.s ? [e.s] : [], e.p || [], e.d ? [e.d] : []);
            return { e: e, title: fold(e.t + " " + (e.a || []).join(" ")), all: fold(fields.join(" \u0001 ")) };
          });
        });
    }
    return loading;
  }

  function score(item, ws) {
    var s = 0;
    for (var i = 0; i < ws.length; i++) {
      if (item.all.indexOf(ws[i]) < 0) return -1;
      if (item.title.indexOf(ws[i]) >= 0) s += 10;
      if (new RegExp("(^|[^\\p{L}\\p{N}])" + ws[i].replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "u").test(item.all)) s += 2;
    }
    return s;
  }

  // Appends `text` to `parent`, with every occurrence of the query words in <mark>.
  function appendMarked(parent, text, ws) {
    var f = foldWithMap(text);
    var ranges = [];
    ws.forEach(function (w) {
      for (var at = f.text.indexOf(w); at >= 0; at = f.text.indexOf(w, at + w.length)) {
        ranges.push([f.map[at], f.map[at + w.length]]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    ranges.forEach(function (r) {
      if (r[0] < pos) r[0] = pos;
      if (r[1] <= r[0]) return;
      parent.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      parent.appendChild(mark);
      pos = r[1];
    });
    parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  // The text shown under a result: the first field that matches, else the summary.
  function excerpt(e, ws) {
    var candidates = [e.s].concat(e.p || [], e.a || [], e.g || []).filter(Boolean);
    for (var i = 0; i < candidates.length; i++) {
      var folded = fold(candidates[i]);
      if (ws.some(function (w) { return folded.indexOf(w) >= 0; })) return candidates[i];
    }
    return e.s || "";
  }

  function render(query) {
    var ws = words(query);
    results.textContent = "";
    if (ws.length === 0) {
      status.textContent = "";
      return;
    }
    var found = index
      .map(function (item) { return { item: item, score: score(item, ws) }; })
      .filter(function (r) { return r.score >= 0; });
    var total = found.length;
    status.textContent = total === 0 ? root.dataset.none : total === 1 ? root.dataset.one : total + " " + root.dataset.many;
    KINDS.forEach(function (kind) {
      var group = found
        .filter(function (r) { return r.item.e.k === kind; })
        .sort(function (a, b) { return b.score - a.score; })
        .slice(0, LIMIT);
      if (group.length === 0) return;
      var section = document.createElement("section");
      section.className = "search-group";
      var heading = document.createElement("h2");
      heading.className = "section-title";
      heading.textContent = root.dataset[kind] + " (" + group.length + ")";
      section.appendChild(heading);
      var list = document.createElement("ol");
      list.className = "search-list";
      group.forEach(function (r) {
        var e = r.item.e;
        var li = document.createElement("li");
        var title = document.createElement("a");
        title.href = e.u;
        title.className = "search-title";
        appendMarked(title, e.t, ws);
        li.appendChild(title);
        if (e.d) {
          var date = document.createElement("span");
          date.className = "search-date";
          date.textContent = e.d;
          li.appendChild(document.createTextNode(" "));
          li.appendChild(date);
        }
        var text = excerpt(e, ws);
        if (text) {
          var p = document.createElement("p");
          p.className = "search-excerpt";
          appendMarked(p, text, ws);
          li.appendChild(p);
        }
        list.appendChild(li);
      });
      section.appendChild(list);
      results.appendChild(section);
    });
  }

  function run(query, push) {
    load().then(function () {
      render(query);
      if (push) {
        var url = new URL(window.location.href);
        if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
        window.history.replaceState(null, "", url);
      }
    }).catch(function () {
      status.textContent = root.dataset.none;
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value, true); }, 120);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(input.value, true);
  });
  // Arrow keys move between the results and back to the box.
  root.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(results.querySelectorAll("a.search-title"));
    if (links.length === 0) return;
    var at = links.indexOf(document.activeElement);
    var next = event.key === "ArrowDown" ? at + 1 : at - 1;
    if (document.activeElement === input && event.key === "ArrowDown") next = 0;
    if (next < 0) {
      input.focus();
    } else if (next < links.length) {
      links[next].focus();
    }
    event.preventDefault();
  });

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  if (initial) {
    input.value = initial;
    run(initial, false);
  }
})();
