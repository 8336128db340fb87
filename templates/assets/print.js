// print.js: the date of printing in the top margin of printed pages
// (dossier.css draws it in an @page margin box from a custom property, with
// the words of this script's `data-label`). Without JavaScript, pages print
// with their address and their numbers only.
(function () {
  "use strict";
  var script = document.currentScript;
  var label = script ? script.getAttribute("data-label") || "" : "";
  function quoted(text) {
    return '"' + text.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
  }
  window.addEventListener("beforeprint", function () {
    var root = document.documentElement;
    var date = new Date().toLocaleDateString(root.lang || undefined, { year: "numeric", month: "long", day: "numeric" });
    root.style.setProperty("--print-date", quoted((label ? label + " " : "") + date));
  });
})();
