#!/usr/bin/env node
// Load GEXF or GraphML files with graphology's own readers and print, per file, one JSON line:
// {"file", "nodes", "edges", "type", "multi", "nodeAttributes", "edgeAttributes", "weightSum" (of the
// edges' numeric "weight"), "nodeTypes" (attribute -> JavaScript type)} or {"file", "error"}.
// Usage: node graphology-load.js FILE.gexf FILE.graphml ...   (exit 1 if any file failed)
'use strict';
const fs = require('fs');
const path = require('path');
const Graph = require('graphology');
const gexf = require('graphology-gexf');
const graphml = require('graphology-graphml');

let failed = false;
for (const file of process.argv.slice(2)) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const reader = path.extname(file) === '.gexf' ? gexf : graphml;
    const graph = reader.parse(Graph, text, {addMissingNodes: false});
    const nodeAttributes = new Set();
    graph.forEachNode((n, attrs) => Object.keys(attrs).forEach(k => nodeAttributes.add(k)));
    const edgeAttributes = new Set();
    let weightSum = 0;
    graph.forEachEdge((e, attrs) => {
      Object.keys(attrs).forEach(k => edgeAttributes.add(k));
      if (typeof attrs.weight === 'number') weightSum += attrs.weight;
    });
    // the type each attribute was read as (a number must come back a number)
    const nodeTypes = {};
    graph.forEachNode((n, attrs) => Object.entries(attrs).forEach(([k, v]) => { nodeTypes[k] = typeof v; }));
    console.log(JSON.stringify({
      file, nodes: graph.order, edges: graph.size, type: graph.type, multi: graph.multi,
      nodeAttributes: [...nodeAttributes].sort(), edgeAttributes: [...edgeAttributes].sort(),
      weightSum, nodeTypes,
    }));
  } catch (err) {
    failed = true;
    console.log(JSON.stringify({file, error: String(err && err.message || err)}));
  }
}
process.exit(failed ? 1 : 0);
