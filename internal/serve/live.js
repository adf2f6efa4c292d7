// Live reload for `sitegen serve` only; never part of a built site.
(function () {
  'use strict';
  if (!window.EventSource) { return; }
  var es = new EventSource('/_sitegen/events');
  var version = null;
  function overlay(html) {
    var old = document.getElementById('sitegen-problems');
    if (old) { old.remove(); }
    if (html) {
      var box = document.createElement('div');
      box.innerHTML = html;
      document.body.appendChild(box.firstElementChild);
    }
  }
  es.addEventListener('hello', function (e) {
    if (version !== null && e.data !== version) { location.reload(); }
    version = e.data;
  });
  es.addEventListener('reload', function (e) {
    version = e.data;
    location.reload();
  });
  es.addEventListener('css', function (e) {
    version = e.data;
    overlay('');
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var l = links[i];
      var url = new URL(l.href);
      url.searchParams.set('v', e.data);
      l.removeAttribute('integrity');
      l.href = url.toString();
    }
  });
  es.addEventListener('problems', function (e) { overlay(e.data); });
})();
