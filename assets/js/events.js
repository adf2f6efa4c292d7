/* Freshness of event listings (progressive enhancement).
 * A built page can be older than its events: every [data-until] element
 * whose instant has passed is hidden; in a limited listing
 * (data-limit="N") the events held in reserve (data-later) move up so
 * that N events that take place are shown, as the build would show them
 * (cancelled and postponed ones stay listed but do not count); and an
 * .event-list whose items are all hidden gives way to its fallback
 * paragraph (.event-empty, rendered with `hidden`). Runs on load, every
 * 60 s and when the tab becomes visible. Without this script the page
 * shows the state at build time. */
(function () {
  'use strict';

  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  function fallbackFor(list) {
    var box = list.closest ? list.closest('.event-listing') : null;
    if (box) { return box.querySelector('.event-empty'); }
    for (var el = list.nextElementSibling; el; el = el.nextElementSibling) {
      if (el.classList.contains('event-empty')) { return el; }
    }
    return null;
  }

  function refresh() {
    var now = Date.now();
    each(document.querySelectorAll('[data-until]'), function (el) {
      var until = Date.parse(el.getAttribute('data-until'));
      if (!isNaN(until) && until <= now) { el.hidden = true; }
    });
    each(document.querySelectorAll('.event-list[data-limit]'), function (list) {
      var limit = parseInt(list.getAttribute('data-limit'), 10);
      var taken = 0;
      each(list.children, function (li) {
        var until = Date.parse(li.getAttribute('data-until'));
        if (!isNaN(until) && until <= now) { return; } // passed, hidden above
        li.hidden = taken >= limit;
        if (!li.hidden && li.getAttribute('data-status') === 'scheduled') { taken++; }
      });
    });
    each(document.querySelectorAll('.event-list'), function (list) {
      var items = list.children;
      if (items.length === 0) { return; }
      var allHidden = Array.prototype.every.call(items, function (li) { return li.hidden; });
      if (!allHidden) { return; }
      list.hidden = true;
      var empty = fallbackFor(list);
      if (empty) { empty.hidden = false; }
    });
  }

  function start() {
    refresh();
    window.setInterval(refresh, 60000);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') { refresh(); }
    });
    window.addEventListener('pageshow', refresh);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
