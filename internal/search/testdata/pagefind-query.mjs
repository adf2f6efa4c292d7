// Runs queries against a Pagefind bundle in Node, for the search
// oracle (TestRecordOracle): node pagefind-query.mjs BUNDLE LANG QUERIES.json
// prints {query: [url, …]} with every result in Pagefind's order.
import { readFile } from 'node:fs/promises';
import { pathToFileURL, fileURLToPath } from 'node:url';
import path from 'node:path';

const [bundle, lang, queriesFile] = process.argv.slice(2);
globalThis.document = { currentScript: null, querySelector: () => ({ getAttribute: () => lang }) };
globalThis.location = { href: 'file:///', origin: 'null' };
globalThis.fetch = async (input) => {
  const u = new URL(String(input));
  const data = await readFile(fileURLToPath(u));
  return new Response(data, { status: 200 });
};
const pagefind = await import(pathToFileURL(path.resolve(bundle, 'pagefind.js')).href);
await pagefind.options({ basePath: pathToFileURL(path.resolve(bundle)).href + '/', baseUrl: '/', noWorker: true });
await pagefind.init();
const queries = JSON.parse(await readFile(queriesFile, 'utf8'));
const out = {};
for (const q of queries) {
  const s = await pagefind.search(q);
  const urls = [];
  for (const r of s.results) {
    const d = await r.data();
    urls.push(d.url);
  }
  out[q] = urls;
}
process.stdout.write(JSON.stringify(out));
