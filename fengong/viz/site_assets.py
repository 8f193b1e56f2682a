"""The atlas's shared stylesheet and search script: one copy each beside the pages
(``style.css``, ``search.js``), referenced by every page of :mod:`fengong.viz.site`."""

from __future__ import annotations

__all__ = ["CSS", "SEARCH_JS"]

CSS = """\
body { font-family: "Noto Sans SC", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
  margin: 0 auto; max-width: 80rem; padding: 0 1rem 2rem; color: #222; line-height: 1.5; }
nav { border-bottom: 1px solid #ccc; padding: .6rem 0; margin-bottom: 1rem; }
nav a { margin-right: 1rem; text-decoration: none; font-weight: 600; }
a { color: #1a4f8b; }
h1 { font-size: 1.5rem; margin: .5rem 0; }
h2 { font-size: 1.2rem; margin-top: 1.8rem; border-bottom: 1px solid #eee; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #ddd; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #f3f5f8; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.muted { color: #777; }
.status-upcoming { color: #8a4b00; font-weight: 600; }
.status-past { color: #888; }
#q { font-size: 1.1rem; padding: .4rem; width: 100%; max-width: 32rem; box-sizing: border-box; }
#results li { margin: .2rem 0; }
.tag { font-size: .8rem; color: #555; background: #eef1f5; border-radius: 3px; padding: 0 .3rem; margin-left: .4rem; }
footer { margin-top: 2rem; font-size: .8rem; color: #777; }
figure.picture { margin: .5rem 0 1rem; }
figure.picture img { width: 100%; max-width: 960px; height: auto; border: 1px solid #eee; }
details.long summary { cursor: pointer; }
details.long summary::after { content: " …展开 more"; color: #1a4f8b; font-size: .85em; }
details.long[open] summary::after { content: ""; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  nav, #search, .download, footer, figure.picture { display: none; }
  body { max-width: none; padding: 0; font-size: 9pt; line-height: 1.35; }
  h1 { font-size: 14pt; }
  h2 { font-size: 11pt; break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  th { background: none; }
  /* a collapsed task prints whole */
  details.long summary { list-style: none; display: inline; }
  details.long summary::-webkit-details-marker { display: none; }
  details.long summary::after { content: ""; }
  details.long::details-content { content-visibility: visible; display: inline; }
}
"""

SEARCH_JS = """\
// Search over the index embedded in index.html: works from file:// (nothing is fetched).
(function () {
  "use strict";
  var holder = document.getElementById("search-index");
  var box = document.getElementById("q");
  var out = document.getElementById("results");
  var info = document.getElementById("search-info");
  if (!holder || !box || !out) { return; }
  var entries = JSON.parse(holder.textContent);
  var labels = {unit: "单位 unit", official: "领导 official", document: "文件 document"};
  function norm(s) { return String(s || "").toLowerCase().replace(/\\s+/g, ""); }
  entries.forEach(function (e) { e.key = [e.n].concat(e.a || []).map(norm).join("\\u0001"); });
  function run() {
    var q = norm(box.value);
    out.textContent = "";
    if (!q) { info.textContent = ""; return; }
    var hits = 0;
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i];
      if (e.key.indexOf(q) < 0) { continue; }
      hits += 1;
      if (hits > 100) { continue; }
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.setAttribute("href", e.h);
      a.textContent = e.n;
      li.appendChild(a);
      var tag = document.createElement("span");
      tag.className = "tag";
      tag.textContent = labels[e.k] || e.k;
      li.appendChild(tag);
      if (e.d) {
        var d = document.createElement("span");
        d.className = "muted";
        d.textContent = " " + e.d;
        li.appendChild(d);
      }
      out.appendChild(li);
    }
    info.textContent = hits ? (hits > 100 ? hits + " 条结果 results (first 100 shown)" : hits + " 条结果 results")
                            : "无结果 no results";
  }
  box.addEventListener("input", run);
  run();
}());
"""
