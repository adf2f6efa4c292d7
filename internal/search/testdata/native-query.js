// Runs queries against sitegen's search index with the site's own client
// (assets/js/search.js) in Node: node native-query.js SEARCH.js LANGDIR QUERIES.json
// prints {query: {urls: [url, …], bytes: n}}: every result in order, and
// the bytes fetched for the query and its first 20 results (each file
// counted as the smallest of it, its .br and its .gz, as a server that
// serves the precompressed files sends it).
'use strict';
const fs = require('fs');
const path = require('path');
const [client, dir, queriesFile] = process.argv.slice(2);
const api = require(path.resolve(client));
const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8'));
(async () => {
  const out = {};
  for (const q of queries) {
    let bytes = 0;
    const index = new api.Index(async (p) => {
      const file = path.join(dir, p.replace(/\?.*$/, ''));
      const data = fs.readFileSync(file);
      let n = data.length;
      for (const ext of ['.br', '.gz']) {
        try { n = Math.min(n, fs.statSync(file + ext).size); } catch (e) { /* none */ }
      }
      bytes += n;
      return JSON.parse(data.toString('utf8'));
    });
    const hits = await index.search(q);
    const urls = [];
    for (const h of hits) {
      urls.push(h.key);
    }
    const shown = await Promise.all(hits.slice(0, api.SHOWN).map((h) => index.page(h.key)));
    const all = [];
    for (let i = 0; i < hits.length; i++) {
      all.push(i < shown.length ? shown[i].url : null);
    }
    out[q] = { urls: all, bytes: bytes, excerpt: shown.length ? api.excerpt(shown[0].content, hits[0].stems).map((p) => p[1] ? '[' + p[0] + ']' : p[0]).join('') : '' };
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
