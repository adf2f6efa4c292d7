// sitegen's additions to Decap CMS (package cms; loaded after
// decap-cms.js, which init.js keeps from starting on its own):
//
// - sitegen_datetime: the start and end of an event as the model reads
//   them, a Bamberg wall-clock time "2027-03-11T18:00" or, for an
//   all-day event, the date alone. The text of the browser's input is
//   kept as it is: no Date object, so no conversion through the time zone
//   of the editor's computer (Decap's own datetime widget saves UTC or the
//   browser's offset; decap-cms#7319).
// - sitegen_names: a map of short names to titles (series:).
// - sitegen_select: a native <select> of the field's options (with
//   multiple: a group of checkboxes), for the choices, the series, the
//   languages and an event's organizer, whose options config.yml lists
//   (package cms, widgetSelect). Decap's select and relation widgets
//   (react-select) leave their input without an accessible name.
// - sitegen_markdown: the text below the front matter in a <textarea>,
//   kept as typed (Decap's markdown widget in raw mode is an editable
//   <div> without a name); previewed by Decap's markdown preview.
//   Every control names its hint (id forID-hint, which sitegen-a11y.js
//   gives Decap's hint paragraph) in aria-describedby.
// - the German words Decap's German locale leaves in English (the
//   buttons of an object: "Expand", "Collapse"), through
//   CMS.registerLocale.
// - the backends sitegen-gitlab, sitegen-github and sitegen-proxy (and
//   sitegen-test-repo, Decap's in-memory backend, for the browser tests
//   of the editorial workflow):
//   Decap's, with the sections' _index files left out of the folder
//   collections (they are edited under "Bereiche und Startseite"), and
//   no empty file written for a language not translated.
// - before saving, optional fields the editor emptied are left out.
// - the preview in the site's own stylesheet, and its pictures – of the
//   text (sitegen_markdown) and of image: (Decap's image widget, its
//   preview replaced) – as the site's pages show them: the variants the
//   build made, with srcset, sizes, width and height, from
//   admin/bilder.json (cms.Pictures), not the file as uploaded. A picture
//   the build has not made yet (a new upload in the editorial workflow)
//   keeps Decap's own preview; the list is fetched again, at most every
//   two seconds, when the preview names a picture it does not have.
// - inside a frame (window.sitegenFramed, set by init.js) Decap is not
//   started at all: see initJS in files.go.
// - in sitegen serve: the session's token (meta sitegen-token, which the
//   preview inserts into /admin/) in a header of every request to the
//   preview's CMS API, /api/v1 – never in an address.
(function () {
  'use strict';
  if (window.sitegenFramed) {
    return;
  }
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;

  var markdownWidget = CMS.getWidget && CMS.getWidget('markdown');
  var imageWidget = CMS.getWidget && CMS.getWidget('image');

  var DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  function str(v) {
    return typeof v === 'string' ? v : '';
  }

  // germanDate writes "2027-03-11T18:00" as "11.03.2027, 18:00 Uhr".
  function germanDate(v) {
    v = str(v);
    var d = v.slice(8, 10) + '.' + v.slice(5, 7) + '.' + v.slice(0, 4);
    if (DATETIME.test(v)) {
      return d + ', ' + v.slice(11, 16) + ' Uhr';
    }
    if (DATE.test(v)) {
      return d + ' (ganztägig)';
    }
    return v;
  }

  // wallClock checks a wall-clock time "2027-03-28T02:30" in the time
  // zone tz as the model does: "" if it names one instant, "gap" if the
  // clocks skip it (spring forward), "twice" if it happens twice (fall
  // back). It counts the instants, in steps of a quarter hour over every
  // offset there is, that the zone shows as that time.
  function wallClock(v, tz) {
    if (!tz || !DATETIME.test(v) || typeof Intl === 'undefined') {
      return '';
    }
    var f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    var wall = Date.UTC(+v.slice(0, 4), +v.slice(5, 7) - 1, +v.slice(8, 10), +v.slice(11, 13), +v.slice(14, 16));
    var n = 0;
    for (var q = -14 * 4; q <= 14 * 4; q++) {
      var p = {};
      f.formatToParts(new Date(wall - q * 900000)).forEach(function (x) { p[x.type] = x.value; });
      if (p.year + '-' + p.month + '-' + p.day + 'T' + p.hour + ':' + p.minute === v) {
        n++;
      }
    }
    return n === 0 ? 'gap' : (n > 1 ? 'twice' : '');
  }

  var DateTimeControl = createClass({
    getInitialState: function () {
      return { allDay: DATE.test(str(this.props.value)) };
    },
    isValid: function () {
      var v = str(this.props.value);
      if (DATETIME.test(v)) {
        switch (wallClock(v, this.props.field.get('time_zone'))) {
          case 'gap':
            return { error: { message: 'Diese Uhrzeit gibt es in Bamberg nicht: in dieser Nacht werden die Uhren von 2 auf 3 Uhr vorgestellt. Bitte eine andere Uhrzeit wählen.' } };
          case 'twice':
            return { error: { message: 'Diese Uhrzeit gibt es in Bamberg zweimal: in dieser Nacht werden die Uhren von 3 auf 2 Uhr zurückgestellt. Bitte eine andere Uhrzeit wählen (oder in der Datei +02:00 oder +01:00 anhängen).' } };
        }
        return true;
      }
      if (v === '' || (this.state.allDay && DATE.test(v))) {
        return true;
      }
      return { error: { message: 'Bitte Datum und Uhrzeit wählen (Bamberger Zeit), bei ganztägigen Terminen nur das Datum.' } };
    },
    setAllDay: function (e) {
      var v = str(this.props.value);
      var allDay = e.target.checked;
      this.setState({ allDay: allDay });
      if (v.length >= 10) {
        this.props.onChange(allDay ? v.slice(0, 10) : v.slice(0, 10) + 'T' + (v.length >= 16 ? v.slice(11, 16) : '00:00'));
      }
    },
    render: function () {
      var p = this.props;
      var v = str(p.value);
      var allDay = this.state.allDay;
      var shown = allDay ? v.slice(0, 10) : (DATE.test(v) ? v + 'T00:00' : v.slice(0, 16));
      var self = this;
      var children = [
        h('input', {
          key: 'input',
          id: p.forID,
          type: allDay ? 'date' : 'datetime-local',
          step: allDay ? undefined : 60,
          value: shown,
          'aria-describedby': [p.forID + '-zone', hintOf(p)].filter(Boolean).join(' '),
          onChange: function (e) { p.onChange(e.target.value); },
          onFocus: p.setActiveStyle,
          onBlur: p.setInactiveStyle,
        }),
        h('span', { key: 'zone', id: p.forID + '-zone', style: { marginInlineStart: '1em' } }, 'Bamberger Zeit'),
      ];
      if (p.field.get('all_day')) {
        children.push(h('label', { key: 'allday', style: { marginInlineStart: '1.5em' } },
          h('input', { type: 'checkbox', checked: allDay, onChange: function (e) { self.setAllDay(e); } }),
          ' ganztägig'));
      }
      return h('div', { className: p.classNameWrapper }, children);
    },
  });

  var DateTimePreview = createClass({
    render: function () {
      return h('p', null, germanDate(this.props.value));
    },
  });

  function entries(v) {
    if (!v) {
      return [];
    }
    var o = typeof v.toJS === 'function' ? v.toJS() : v;
    return Object.keys(o).map(function (k) { return [k, str(o[k])]; });
  }

  function object(rows) {
    var o = {};
    rows.forEach(function (r) { o[r[0]] = r[1]; });
    return o;
  }

  var NamesControl = createClass({
    getInitialState: function () {
      return { rows: entries(this.props.value) };
    },
    update: function (rows) {
      this.setState({ rows: rows });
      this.props.onChange(object(rows.filter(function (r) { return r[0] !== ''; })));
    },
    isValid: function () {
      var seen = {};
      for (var i = 0; i < this.state.rows.length; i++) {
        var k = this.state.rows[i][0];
        if (!SLUG.test(k) || seen[k]) {
          return { error: { message: 'Jeder Kurzname einmal, nur a–z, 0–9 und Bindestriche, z. B. runder-tisch.' } };
        }
        seen[k] = true;
        if (this.state.rows[i][1] === '') {
          return { error: { message: 'Jede Reihe braucht einen Titel.' } };
        }
      }
      return true;
    },
    render: function () {
      var self = this;
      var p = this.props;
      var rows = this.state.rows;
      function set(i, j, value) {
        var next = rows.map(function (r) { return r.slice(); });
        next[i][j] = value;
        self.update(next);
      }
      return h('div', { className: p.classNameWrapper, id: p.forID },
        rows.map(function (r, i) {
          return h('div', { key: i, style: { display: 'flex', gap: '0.5em', marginBlockEnd: '0.5em' } },
            h('input', { 'aria-label': 'Kurzname', value: r[0], onChange: function (e) { set(i, 0, e.target.value); } }),
            h('input', { 'aria-label': 'Titel', value: r[1], style: { flex: 1 }, onChange: function (e) { set(i, 1, e.target.value); } }),
            h('button', { type: 'button', onClick: function () { self.update(rows.filter(function (_, j) { return j !== i; })); } }, 'Entfernen'));
        }),
        h('button', { type: 'button', onClick: function () { self.update(rows.concat([['', '']])); } }, 'Reihe hinzufügen'));
    },
  });

  var NamesPreview = createClass({
    render: function () {
      return h('ul', null, entries(this.props.value).map(function (r) {
        return h('li', { key: r[0] }, r[1] + ' (' + r[0] + ')');
      }));
    },
  });

  // hintOf returns the id of the field's hint paragraph (sitegen-a11y.js
  // gives Decap's paragraph this id), or undefined without a hint.
  function hintOf(p) {
    return p.field.get('hint') ? p.forID + '-hint' : undefined;
  }

  // options returns a select field's options as [{label, value}].
  function options(field) {
    var o = field.get('options');
    o = o && typeof o.toJS === 'function' ? o.toJS() : (o || []);
    return o.map(function (x) {
      return typeof x === 'string' ? { label: x, value: x } : { label: str(x.label), value: str(x.value) };
    });
  }

  var SelectControl = createClass({
    render: function () {
      var p = this.props;
      var opts = options(p.field);
      if (p.field.get('multiple')) {
        return this.renderMultiple(opts);
      }
      var v = str(p.value);
      var items = [h('option', { key: '', value: '' }, p.field.get('required') === false ? '– keine Angabe –' : '– bitte wählen –')];
      if (v !== '' && !opts.some(function (o) { return o.value === v; })) {
        // A value written by hand that is no option (any more): kept
        // and shown, not silently lost.
        items.push(h('option', { key: 'unknown', value: v }, v + ' (unbekannt)'));
      }
      opts.forEach(function (o) {
        items.push(h('option', { key: o.value, value: o.value }, o.label));
      });
      return h('select', {
        id: p.forID,
        className: p.classNameWrapper,
        value: v,
        'aria-describedby': hintOf(p),
        onChange: function (e) { p.onChange(e.target.value); },
        onFocus: p.setActiveStyle,
        onBlur: p.setInactiveStyle,
      }, items);
    },
    // renderMultiple: a checkbox per option in a group named by the
    // field's label; the value stays a list as Decap's select keeps it.
    renderMultiple: function (opts) {
      var p = this.props;
      var v = p.value && typeof p.value.toJS === 'function' ? p.value.toJS() : (Array.isArray(p.value) ? p.value : []);
      var empty = p.field.get('options').clear();
      function toggle(value, on) {
        var next = v.filter(function (x) { return x !== value; });
        if (on) {
          next.push(value);
        }
        // Immutable's List without a global Immutable: the options' own
        // List, emptied.
        p.onChange(empty.push.apply(empty, next));
      }
      var known = opts.map(function (o) { return o.value; });
      v.forEach(function (x) {
        if (known.indexOf(x) < 0) {
          opts = opts.concat([{ label: x + ' (unbekannt)', value: x }]);
        }
      });
      return h('div', {
        id: p.forID,
        role: 'group',
        'aria-label': str(p.field.get('label')),
        'aria-describedby': hintOf(p),
        className: p.classNameWrapper,
        style: { display: 'flex', flexWrap: 'wrap', gap: '0.25em 1.5em' },
      }, opts.map(function (o) {
        return h('label', { key: o.value, style: { minWidth: '12em' } },
          h('input', {
            type: 'checkbox',
            checked: v.indexOf(o.value) >= 0,
            onChange: function (e) { toggle(o.value, e.target.checked); },
            onFocus: p.setActiveStyle,
            onBlur: p.setInactiveStyle,
          }), ' ' + o.label);
      }));
    },
  });

  var SelectPreview = createClass({
    render: function () {
      var p = this.props;
      var labels = {};
      options(p.field).forEach(function (o) { labels[o.value] = o.label; });
      var v = p.value && typeof p.value.toJS === 'function' ? p.value.toJS() : p.value;
      v = Array.isArray(v) ? v : (v ? [v] : []);
      return h('p', null, v.map(function (x) { return labels[x] || x; }).join(', '));
    },
  });

  var MarkdownControl = createClass({
    render: function () {
      var p = this.props;
      return h('textarea', {
        id: p.forID,
        className: p.classNameWrapper,
        value: str(p.value),
        rows: 14,
        spellCheck: true,
        'aria-describedby': hintOf(p),
        style: { fontFamily: 'monospace', width: '100%', resize: 'vertical' },
        onChange: function (e) { p.onChange(e.target.value); },
        onFocus: p.setActiveStyle,
        onBlur: p.setInactiveStyle,
      });
    },
  });

  var SECTION = /(^|\/)_index(\.[a-z]{2,3})?\.md$/;

  function withoutSections(list) {
    return list.filter(function (e) { return !(e && e.file && SECTION.test(e.file.path)); });
  }

  function skipSections(name) {
    var orig = CMS.getBackend(name);
    if (!orig) {
      return;
    }
    CMS.registerBackend('sitegen-' + name, function () {
      var impl = orig.init.apply(null, arguments);
      ['entriesByFolder', 'allEntriesByFolder'].forEach(function (m) {
        if (typeof impl[m] !== 'function') {
          return;
        }
        var f = impl[m].bind(impl);
        impl[m] = function () {
          return Promise.resolve(f.apply(null, arguments)).then(withoutSections);
        };
      });
      // With i18n (multiple_files) Decap writes a file for every
      // language, an empty one for a language not translated; an empty
      // file is no page (the build fails), so it is left out.
      if (typeof impl.persistEntry === 'function') {
        var persist = impl.persistEntry.bind(impl);
        impl.persistEntry = function (entry, opts) {
          if (entry && Array.isArray(entry.dataFiles)) {
            entry = Object.assign({}, entry, {
              dataFiles: entry.dataFiles.filter(function (f) { return !(f && typeof f.raw === 'string' && f.raw.trim() === ''); }),
            });
          }
          return persist(entry, opts);
        };
      }
      return impl;
    });
  }

  // prune leaves out what an editor emptied: Decap writes an optional
  // field that was filled in and emptied again as "" (end: "" does not
  // build; a file written by hand has no such line), an emptied object or
  // list as {} or [].
  function prune(v) {
    if (v && typeof v.toJS === 'function' && typeof v.map === 'function' && typeof v.filter === 'function') {
      return v.map(prune).filter(function (x) {
        return !(x === '' || x === null || x === undefined || (x && typeof x.toJS === 'function' && x.size === 0));
      });
    }
    return v;
  }

  // sitegen serve's API takes a request only with the token it gave this
  // page; Decap's proxy backend calls fetch, which adds it here.
  var tokenMeta = document.querySelector('meta[name="sitegen-token"]');
  if (tokenMeta && typeof window.fetch === 'function') {
    var token = tokenMeta.getAttribute('content');
    var api = new URL('/api/v1', location.href).href;
    var fetchOrig = window.fetch;
    window.fetch = function (input, init) {
      var u = typeof input === 'string' ? input : (input && input.url) || String(input);
      if (new URL(u, location.href).href === api) {
        init = Object.assign({}, init);
        var headers = new Headers(init.headers || {});
        headers.set('X-Sitegen-Token', token);
        init.headers = headers;
      }
      return fetchOrig.call(this, input, init);
    };
  }

  // pictures: admin/bilder.json, by the site path of each picture's
  // source (see cms.Pictures).
  var pictures = {};
  var picturesTried = 0;
  var picturesLoading = null;
  function loadPictures() {
    if (picturesLoading) {
      return picturesLoading;
    }
    var now = Date.now();
    if (now - picturesTried < 2000 || typeof window.fetch !== 'function') {
      return Promise.resolve(false);
    }
    picturesTried = now;
    picturesLoading = window.fetch('bilder.json', { cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (m) {
        picturesLoading = null;
        if (m && typeof m === 'object') {
          pictures = m;
          return true;
        }
        return false;
      }, function () { picturesLoading = null; return false; });
    return picturesLoading;
  }

  // pageDir returns the site folder a page's relative links start from:
  // content/a/b/index.md, content/a/b.de.md and content/a/b/_index.md are
  // all /a/b/ (the page's address, as the build resolves pictures).
  function pageDir(entryPath) {
    var p = str(entryPath).replace(/^content\//, '').replace(/\.md$/, '').replace(/\.[a-z]{2}$/, '');
    p = p.replace(/(^|\/)_?index$/, '');
    return '/' + (p ? p.replace(/\/$/, '') + '/' : '');
  }

  // sitePath resolves the picture address dest of the page at entryPath
  // to the site path of its source, or '' when it is no file of the site.
  function sitePath(dest, entryPath) {
    dest = str(dest).replace(/[?#].*$/, '');
    if (!dest || /^[a-z][a-z0-9+.-]*:/i.test(dest) || dest.indexOf('//') === 0) {
      return '';
    }
    try {
      dest = decodeURI(dest);
    } catch (e) {
      return '';
    }
    var full = dest.charAt(0) === '/' ? dest : pageDir(entryPath) + dest;
    var out = [];
    full.split('/').forEach(function (part) {
      if (part === '..') {
        out.pop();
      } else if (part !== '.' && part !== '') {
        out.push(part);
      }
    });
    return '/' + out.join('/');
  }

  function entryPath(entry) {
    return entry && entry.get ? str(entry.get('path')) : '';
  }

  // pictureOf returns what the site shows of the picture dest of the
  // page at entryPath, or null.
  function pictureOf(dest, entryPath) {
    var p = sitePath(dest, entryPath);
    return p && Object.prototype.hasOwnProperty.call(pictures, p) ? pictures[p] : null;
  }

  // pictureElement makes the <picture> (or <img>) of a in doc, as the
  // pages write it; every value goes through setAttribute.
  function pictureElement(doc, a, alt) {
    var img = doc.createElement('img');
    img.setAttribute('src', str(a.src));
    if (a.srcset) {
      img.setAttribute('srcset', str(a.srcset));
      img.setAttribute('sizes', str(a.sizes));
    }
    if (a.width && a.height) {
      img.setAttribute('width', String(a.width));
      img.setAttribute('height', String(a.height));
    }
    img.setAttribute('alt', alt);
    if (!a.sources || !a.sources.length) {
      img.setAttribute('data-sitegen-picture', '');
      return img;
    }
    var pic = doc.createElement('picture');
    pic.setAttribute('data-sitegen-picture', '');
    a.sources.forEach(function (s) {
      var source = doc.createElement('source');
      source.setAttribute('type', str(s.type));
      source.setAttribute('srcset', str(s.srcset));
      source.setAttribute('sizes', str(s.sizes));
      pic.appendChild(source);
    });
    pic.appendChild(img);
    return pic;
  }

  // altText is the alt attribute of a picture described as alt: none
  // for a decorative one.
  function altText(alt) {
    return str(alt) === '(dekorativ)' ? '' : str(alt);
  }

  var IMAGE = /!\[((?:\\.|[^\]\\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;

  // upgradePictures replaces the img elements Decap's markdown preview
  // made in root of the pictures of the text value (matched in order, by
  // their description) with what the site shows; it returns whether one
  // of them is missing from the list.
  function upgradePictures(root, value, at) {
    var found = [];
    var m;
    IMAGE.lastIndex = 0;
    while ((m = IMAGE.exec(value)) !== null) {
      found.push({ alt: m[1].replace(/\\(.)/g, '$1'), dest: m[2] });
    }
    var next = 0;
    var missing = false;
    Array.prototype.forEach.call(root.querySelectorAll('img'), function (img) {
      // one made here before: its description still counts
      var p = img.parentNode;
      var done = img.hasAttribute('data-sitegen-picture') || !!(p && p.hasAttribute && p.hasAttribute('data-sitegen-picture'));
      var alt = str(img.getAttribute('alt'));
      for (var i = next; i < found.length; i++) {
        if (found[i].alt === alt || done && altText(found[i].alt) === alt) {
          next = i + 1;
          if (done) {
            return;
          }
          var a = pictureOf(found[i].dest, at);
          if (a) {
            img.replaceWith(pictureElement(img.ownerDocument, a, altText(alt)));
          } else if (sitePath(found[i].dest, at)) {
            missing = true;
          }
          return;
        }
      }
    });
    return missing;
  }

  var MarkdownPreview = createClass({
    componentDidMount: function () { this.upgrade(); },
    componentDidUpdate: function () { this.upgrade(); },
    upgrade: function () {
      var self = this;
      if (!self.el) {
        return;
      }
      var value = str(self.props.value);
      var at = entryPath(self.props.entry);
      if (upgradePictures(self.el, value, at) || !picturesTried) {
        loadPictures().then(function (changed) {
          if (changed && self.el) {
            upgradePictures(self.el, value, at);
          }
        });
      }
    },
    render: function () {
      var self = this;
      return h('div', { ref: function (el) { self.el = el; } }, markdownWidget ? h(markdownWidget.preview, self.props) : null);
    },
  });

  var ImagePreview = createClass({
    componentDidMount: function () {
      var self = this;
      if (!pictureOf(self.props.value, entryPath(self.props.entry))) {
        loadPictures().then(function (changed) {
          if (changed && self.mounted !== false) {
            self.forceUpdate();
          }
        });
      }
    },
    componentWillUnmount: function () { this.mounted = false; },
    render: function () {
      var props = this.props;
      var a = pictureOf(props.value, entryPath(props.entry));
      if (!a) {
        return imageWidget && imageWidget.preview ? h(imageWidget.preview, props) : null;
      }
      var data = props.entry && props.entry.getIn ? props.entry.getIn(['data', 'image', 'alt']) : '';
      var img = h('img', { src: str(a.src), srcSet: a.srcset || undefined, sizes: a.sizes || undefined,
        width: a.width || undefined, height: a.height || undefined, alt: altText(data) });
      if (!a.sources || !a.sources.length) {
        return img;
      }
      return h.apply(null, ['picture', null].concat(a.sources.map(function (s, i) {
        return h('source', { key: i, type: str(s.type), srcSet: str(s.srcset), sizes: str(s.sizes) });
      }), [img]));
    },
  });

  CMS.registerEventListener({
    name: 'preSave',
    handler: function (e) { return prune(e.entry.get('data')); },
  });
  CMS.registerWidget('sitegen_datetime', DateTimeControl, DateTimePreview);
  CMS.registerWidget('sitegen_names', NamesControl, NamesPreview);
  CMS.registerWidget('sitegen_select', SelectControl, SelectPreview);
  CMS.registerWidget('sitegen_markdown', MarkdownControl, MarkdownPreview);
  if (imageWidget) {
    CMS.registerWidget({
      name: 'image',
      controlComponent: imageWidget.control,
      previewComponent: ImagePreview,
      schema: imageWidget.schema,
      allowMapValue: imageWidget.allowMapValue,
      globalStyles: imageWidget.globalStyles,
    });
  }
  ['gitlab', 'github', 'proxy', 'test-repo'].forEach(skipSections);
  // Decap 3.16.3's German has these in English: a screen reader would
  // read "Expand" with German rules.
  var de = CMS.getLocale && CMS.getLocale('de');
  if (de && de.editor && de.editor.editorWidgets && de.editor.editorWidgets.object) {
    var object = Object.assign({}, de.editor.editorWidgets.object, { expand: 'Ausklappen', collapse: 'Einklappen' });
    var widgets = Object.assign({}, de.editor.editorWidgets, { object: object });
    CMS.registerLocale('de', Object.assign({}, de, { editor: Object.assign({}, de.editor, { editorWidgets: widgets }) }));
  }
  var style = document.querySelector('meta[name="sitegen-preview-style"]');
  if (style) {
    CMS.registerPreviewStyle(style.getAttribute('content'));
  }
  CMS.init();
})();
