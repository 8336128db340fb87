// Client-side search for dossier sites (DESIGN §4: no server, no library).
//
// Loads /search-index.json and /search-words.json once, at the first
// search, then matches every word of the query against titles, names,
// aliases, summaries, tags and key points (as parts of words), and against
// the words of the bodies (as starts of words), ignoring case, accents and
// apostrophe style ("senegal" finds "Sénégal", "cedeao" finds "Cédéao").
// Results are grouped by kind with the matching words marked; a result found
// by its body shows the passage around the match, read from its page.
// Everything is written with textContent: nothing from the index or a page
// is ever inserted as HTML.
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
  // Passages read from the pages of results found by their body, at most.
  var PASSAGES = 10;
  var index = null;
  var words = null;
  var loading = null;
  var passages = {};

  // Lower case, no accents, one apostrophe; the Latin letters that do not
  // decompose spelt as dossier spells them in search-words.json.
  var LIGATURES = { "œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ð": "d", "ı": "i" };
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u2019\u2018`]/g, "'")
      .replace(/[œæßøđłþðı]/g, function (c) { return LIGATURES[c]; });
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

  function queryWords(query) {
    return fold(query).split(/[^\p{L}\p{N}']+/u).filter(function (w) { return w.length > 0; });
  }

  function load() {
    if (!loading) {
      var json = function (url) {
        return fetch(url).then(function (r) {
          if (!r.ok) throw new Error(url + ": " + r.status);
          return r.json();
        });
      };
      loading = Promise.all([json(root.dataset.index), json(root.dataset.words).catch(function () { return { w: [], p: [] }; })])
        .then(function (loaded) {
          index = loaded[0].map(function (e) {
            var fields = [e.t].concat(e.a || [], e.g || [], e.s ? [e.s] : [], e.p || [], e.d ? [e.d] : []);
            return { e: e, title: fold(e.t + " " + (e.a || []).join(" ")), all: fold(fields.join(" \u0001 ")) };
          });
          words = loaded[1];
        });
    }
    return loading;
  }

  // The entries whose body holds a word starting with `w` (search-words.json
  // lists its words sorted, each with its entries as base-36 differences).
  function bodyEntries(w) {
    var found = {};
    var list = words.w;
    var lo = 0;
    var hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < w) lo = mid + 1; else hi = mid;
    }
    for (var k = lo; k < list.length && list[k].lastIndexOf(w, 0) === 0; k++) {
      var at = 0;
      words.p[k].split(",").forEach(function (step) {
        at += parseInt(step, 36);
        found[at] = true;
      });
    }
    return found;
  }

  // For each query word, the entries whose body holds it; the parts of a
  // word with an apostrophe ("l'armee") must each be there. Words of fewer
  // than three letters are not in the index (SHORT): they are looked for in
  // titles and summaries only.
  var SHORT = "short";
  function bodyMatches(ws) {
    return ws.map(function (w) {
      var parts = w.split("'").filter(function (p) { return p.length > 2; });
      if (parts.length === 0) return SHORT;
      var sets = parts.map(bodyEntries);
      var both = {};
      Object.keys(sets[0]).forEach(function (key) {
        if (sets.every(function (set) { return set[key]; })) both[key] = true;
      });
      return both;
    });
  }

  // The score of an entry: -1 unless every word is in its fields or its
  // body (a short word, which the body index lacks, is let go when another
  // word is found in the body); more for words in the title and at the
  // start of a word.
  function score(item, n, ws, inBody) {
    var s = 0;
    var short = false;
    item.byBody = false;
    for (var i = 0; i < ws.length; i++) {
      if (item.all.indexOf(ws[i]) < 0) {
        if (inBody[i] === SHORT) {
          short = true;
          continue;
        }
        if (!inBody[i][n]) return -1;
        item.byBody = true;
        s += 1;
        continue;
      }
      if (item.title.indexOf(ws[i]) >= 0) s += 10;
      if (new RegExp("(^|[^\\p{L}\\p{N}])" + ws[i].replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "u").test(item.all)) s += 2;
    }
    // A short word missing from the fields is let go only for an entry
    // found by its body, where it cannot be looked for.
    if (short && !item.byBody) return -1;
    return s;
  }

  // The passage of a page's text around the first query word found there,
  // at the start of a word: about 200 characters, cut at spaces.
  function passage(text, ws) {
    var f = foldWithMap(text);
    var best = -1;
    ws.forEach(function (w) {
      w.split("'").forEach(function (part) {
        if (part.length < 3) return;
        var re = new RegExp("(^|[^\\p{L}\\p{N}])" + part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "u");
        var m = re.exec(f.text);
        if (m) {
          var at = f.map[m.index + m[1].length];
          if (best < 0 || at < best) best = at;
        }
      });
    });
    if (best < 0) return "";
    var start = Math.max(0, best - 90);
    var end = Math.min(text.length, best + 110);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    var space = text.lastIndexOf(" ", end);
    if (end < text.length && space > best) end = space;
    return (start > 0 ? "… " : "") + text.slice(start, end).trim() + (end < text.length ? " …" : "");
  }

  // Reads a result's page and puts the passage around the match under it.
  function showPassage(url, p, ws) {
    var got = passages[url] || (passages[url] = fetch(url)
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var body = page.querySelector("main .prose") || page.querySelector("main");
        if (!body) return "";
        // The text as read: notes' numbers out, a space between blocks.
        body.querySelectorAll(".footnote-ref, .footnotes").forEach(function (e) { e.remove(); });
        body.querySelectorAll("p, li, h1, h2, h3, h4, h5, h6, td, th, dt, dd, figcaption, blockquote")
          .forEach(function (e) { e.append(" "); });
        return body.textContent.replace(/\s+/g, " ");
      })
      .catch(function () { return ""; }));
    got.then(function (text) {
      var found = passage(text, ws);
      if (!found || !p.isConnected) return;
      p.textContent = "";
      p.classList.add("search-passage");
      appendMarked(p, found, ws);
    });
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
    var ws = queryWords(query);
    results.textContent = "";
    if (ws.length === 0) {
      status.textContent = "";
      return;
    }
    var inBody = bodyMatches(ws);
    var passagesLeft = PASSAGES;
    var found = index
      .map(function (item, n) {
        var s = score(item, n, ws, inBody);
        return { item: item, score: s, byBody: item.byBody };
      })
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
        if (text || r.byBody) {
          var p = document.createElement("p");
          p.className = "search-excerpt";
          appendMarked(p, text, ws);
          li.appendChild(p);
          if (r.byBody && passagesLeft > 0) {
            passagesLeft--;
            showPassage(e.u, p, ws);
          }
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
