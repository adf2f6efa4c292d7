// The site search (layouts/suche.html): reads ?q= and lists what
// Pagefind's index (/pagefind/, made by `sitegen build` when Pagefind is
// installed) finds, as links with the page title and an excerpt. The page
// works without this script: the form still sends q, and the A–Z index
// lists every page.
(function () {
  'use strict';
  var box = document.querySelector('.search-results');
  var input = document.querySelector('.search-form input[name=q]');
  if (!box || !input) {
    return;
  }
  var q = (new URLSearchParams(window.location.search).get('q') || '').trim();
  input.value = q;
  if (!q) {
    return;
  }
  var status = box.querySelector('.search-status');
  var list = box.querySelector('.search-list');
  box.hidden = false;
  // noWorker: Pagefind runs its WebAssembly here, under this page's
  // Content-Security-Policy (script-src 'wasm-unsafe-eval' on the search
  // page alone), not in a Web Worker, which would need that allowance in
  // the policy of its own script; sitegen does not publish
  // pagefind-worker.js.
  import(box.dataset.pagefind).then(function (pagefind) {
    return pagefind.options({ baseUrl: box.dataset.base, noWorker: true }).then(function () {
      return pagefind.search(q);
    }).then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
    });
  }).then(function (items) {
    list.textContent = '';
    items.forEach(function (d) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = d.url;
      a.textContent = (d.meta && d.meta.title) || d.url;
      var p = document.createElement('p');
      p.className = 'search-excerpt';
      p.innerHTML = d.excerpt; // Pagefind's excerpt: the page's text, escaped, with <mark> around the hits
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
    status.textContent = items.length ? box.dataset.count.replace('{n}', String(items.length)) : box.dataset.none.replace('{q}', q);
  }).catch(function () {
    status.textContent = box.dataset.unavailable;
  });
})();
