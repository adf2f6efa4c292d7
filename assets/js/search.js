// The site search (layouts/suche.html): reads ?q= and lists what the
// site's search index (/suchindex/<lang>/, made by `sitegen build`, see
// package internal/search) finds, as links with the page title and an
// excerpt. No WebAssembly, nothing from other hosts: JSON files of this
// site only. The page works without this script: the form still sends
// q, and the A–Z index lists every page.
//
// A query is split into words as Pagefind splits it (punctuation
// dropped, lower case). Each word is stemmed by the index's own table
// (the bucket of the word holds the stem of every word of the site that
// stems to something else), then matched against the stems that start
// with it (else the longest stem it starts with), and the pages that
// have every word are ranked by BM25 with Pagefind's weights. Only the
// buckets of the query's words, the manifest and the fragment files of
// the 20 results shown are fetched.
(function () {
  'use strict';

  var K1 = 1.4; // term saturation
  var B = 0.75; // page length
  var WEIGHT = 24; // a word's weight in body text
  var MAX_BUCKETS = 16; // per query word
  var TITLE = 5; // weight of the title's words (Pagefind's metaWeights.title)
  var DIACRITICS = 0.8; // bonus of a word with the query's diacritics
  var SHOWN = 20;
  var EXCERPT = 30; // words

  function utf8Length(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c < 0xdc00) { n += 4; i++; }
      else n += 3;
    }
    return n;
  }

  // words splits a query as Pagefind does: punctuation dropped, lower
  // case, split at white space.
  function words(q) {
    return q.replace(/\p{P}/gu, '').toLocaleLowerCase().split(/\s+/).filter(function (w) { return fold(w) !== ''; });
  }

  // fold drops a word's diacritics (kültür → kultur), as the index does.
  function fold(w) {
    return w.normalize('NFD').replace(/(?![\u3099\u309A])\p{M}/gu, '');
  }

  function diacriticsMatch(original, form) {
    return form.indexOf(original) === 0 || original.indexOf(form) === 0;
  }

  function idf(total, df) {
    return Math.log((total - df + 0.5) / (df + 0.5) + 1);
  }

  // normalize is an index word of a word of the text: its letters and
  // digits in lower case.
  function normalize(w) {
    return fold(w.replace(/[^\p{Alphabetic}\p{N}]/gu, '').toLocaleLowerCase());
  }

  function lengthBonus(diff) {
    var base = Math.exp(-0.5 * diff * diff / 4);
    return Math.exp(base) / Math.E;
  }

  function bm25(tf, len, avg, total, df) {
    return idf(total, df) * (K1 + 1) * tf / (K1 * (1 - B + B * (len / avg)) + tf);
  }

  // Index is the index of one language, read through get(path) → the
  // parsed JSON file at path below the language's folder.
  function Index(get) {
    this.get = get;
    this.cache = {};
  }

  Index.prototype.manifest = function () {
    var self = this;
    if (!this.m) {
      this.m = this.get('index.json').then(function (m) {
        self.names = Object.keys(m.b);
        return m;
      });
    }
    return this.m;
  };

  Index.prototype.bucket = function (name) {
    if (!(name in this.cache)) {
      this.cache[name] = this.get(this.mf.b[name]);
    }
    return this.cache[name];
  };

  // cover is the bucket that holds the entry e, or null.
  Index.prototype.cover = function (e) {
    if (this.mf.b[e + '.'] !== undefined) {
      return e + '.';
    }
    var best = null;
    this.names.forEach(function (n) {
      if (n.charAt(n.length - 1) !== '.' && e.indexOf(n) === 0 && (best === null || n.length > best.length)) {
        best = n;
      }
    });
    return best;
  };

  // term returns, for one query word, the stems it matches with their
  // length bonus and postings.
  Index.prototype.term = function (original) {
    var self = this;
    var w = fold(original);
    var c = this.cover(w);
    return (c === null ? Promise.resolve(null) : this.bucket(c)).then(function (b) {
      var s = (b && b.w[w]) || w;
      var names = self.names.filter(function (n) {
        var p = n.charAt(n.length - 1) === '.' ? n.slice(0, -1) : n;
        return p.length > s.length && p.indexOf(s) === 0 || n === s + '.';
      }).sort().slice(0, MAX_BUCKETS);
      var sc = self.cover(s);
      if (sc !== null && names.indexOf(sc) < 0) {
        names.push(sc);
      }
      return Promise.all(names.map(function (n) { return self.bucket(n); })).then(function (bs) {
        var ext = [];
        var longest = null;
        bs.forEach(function (b) {
          Object.keys(b.s).forEach(function (e) {
            if (e.indexOf(s) === 0) {
              ext.push(e);
            } else if (s.indexOf(e) === 0 && (longest === null || e.length > longest.e.length)) {
              longest = { e: e };
            }
            if (!(e in self.postings)) {
              self.postings[e] = b.s[e];
            }
          });
        });
        if (ext.length === 0 && longest !== null) {
          ext.push(longest.e);
        }
        var sl = utf8Length(s);
        return { original: original, stem: s, matches: ext.map(function (e) {
          return { stem: e, bonus: lengthBonus(Math.abs(utf8Length(e) - sl) + 1), postings: self.postings[e] };
        }) };
      });
    });
  };

  // search returns the pages that have every word of q, best first:
  // [{key, score, stems}].
  Index.prototype.search = function (q) {
    var self = this;
    var ws = words(q);
    this.postings = {};
    return this.manifest().then(function (m) {
      self.mf = m;
      if (ws.length === 0 || m.pages === 0) {
        return [];
      }
      var avg = m.words / m.pages;
      return Promise.all(ws.map(function (w) { return self.term(w); })).then(function (terms) {
        // Per query word: the pages of any of its stems (their number
        // is the word's document frequency) and each page's score.
        var stems = [];
        var per = terms.map(function (t) {
          var pages = {};
          stems.push(t.stem);
          t.matches.forEach(function (mt) {
            stems.push(mt.stem);
            mt.postings.forEach(function (p) {
              (pages[p[0]] = pages[p[0]] || []).push({ stem: mt.stem, p: p, bonus: mt.bonus });
            });
          });
          return { original: t.original, pages: pages, df: Object.keys(pages).length };
        });
        var totalIdf = 0;
        per.forEach(function (t) {
          totalIdf += idf(m.pages, t.df);
        });
        var keys = Object.keys(per[0].pages).filter(function (k) {
          return per.every(function (t) { return k in t.pages; });
        });
        return keys.map(function (k) {
          var score = 0;
          var titleIdf = {};
          per.forEach(function (t) {
            var termIdf = idf(m.pages, t.df);
            t.pages[k].forEach(function (h) {
              var form = h.p.length > 4 ? h.p[4] : h.stem;
              var d = diacriticsMatch(t.original, form) ? 1 + DIACRITICS : 1;
              score += bm25(h.p[1] / WEIGHT * h.bonus, h.p[2], avg, m.pages, t.df) * d;
              if (h.p.length > 3 && h.p[3] === 1) {
                titleIdf[h.stem] = termIdf;
              }
            });
          });
          var matched = 0;
          Object.keys(titleIdf).forEach(function (e) {
            matched += titleIdf[e];
          });
          if (totalIdf > 0 && matched > 0) {
            var coverage = matched / totalIdf;
            score += TITLE * matched * coverage * coverage;
          }
          return { key: k, score: score, stems: stems };
        }).sort(function (a, b) {
          return b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
        });
      });
    });
  };

  // page returns the address, title and text of the page with key k.
  Index.prototype.page = function (k) {
    var self = this;
    var g = String(Number(BigInt(k) % BigInt(this.mf.groups)));
    if (!(('f' + g) in this.cache)) {
      this.cache['f' + g] = this.get(this.mf.f[g]);
    }
    return this.cache['f' + g].then(function (f) {
      var e = f[k];
      return { url: e[0], title: e[1], content: e[2] };
    });
  };

  // excerpt returns about EXCERPT words of text around the first word
  // that starts with one of stems, as [text, marked] pieces.
  function excerpt(text, stems) {
    var ws = text.split(' ');
    var hit = function (w) {
      var n = normalize(w);
      return n !== '' && stems.some(function (s) { return s !== '' && n.indexOf(s) === 0; });
    };
    var first = 0;
    for (var i = 0; i < ws.length; i++) {
      if (hit(ws[i])) {
        first = i;
        break;
      }
    }
    var start = Math.max(0, Math.min(first - Math.floor(EXCERPT / 3), ws.length - EXCERPT));
    var out = [];
    ws.slice(start, start + EXCERPT).forEach(function (w, j) {
      var sep = j > 0 ? ' ' : '';
      if (hit(w)) {
        if (sep) out.push([sep, false]);
        out.push([w, true]);
      } else {
        out.push([sep + w, false]);
      }
    });
    return out;
  }

  var api = { words: words, normalize: normalize, Index: Index, excerpt: excerpt, SHOWN: SHOWN };
  if (typeof module === 'object' && module.exports) {
    module.exports = api; // the tests (internal/search) run it in Node
    return;
  }

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
  var dir = box.dataset.index + (document.documentElement.lang || 'und').toLowerCase() + '/';
  var base = box.dataset.base.replace(/\/$/, '');
  var index = new Index(function (p) {
    return fetch(dir + p).then(function (r) {
      if (!r.ok) {
        throw new Error(r.status + ' ' + p);
      }
      return r.json();
    });
  });
  index.search(q).then(function (hits) {
    return Promise.all(hits.slice(0, SHOWN).map(function (h) {
      return index.page(h.key).then(function (d) {
        d.stems = h.stems;
        return d;
      });
    }));
  }).then(function (items) {
    list.textContent = '';
    items.forEach(function (d) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = base + d.url;
      a.textContent = d.title || d.url;
      var p = document.createElement('p');
      p.className = 'search-excerpt';
      excerpt(d.content, d.stems).forEach(function (piece) {
        if (piece[1]) {
          var mark = document.createElement('mark');
          mark.textContent = piece[0];
          p.appendChild(mark);
        } else {
          p.appendChild(document.createTextNode(piece[0]));
        }
      });
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
    status.textContent = items.length ? box.dataset.count.replace('{n}', String(items.length)) : box.dataset.none.replace('{q}', q);
  }).catch(function () {
    status.textContent = box.dataset.unavailable;
  });
})();
