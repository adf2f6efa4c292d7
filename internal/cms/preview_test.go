package cms_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/cms"
	"github.com/stadt-bamberg/integration/internal/markdown"
)

// TestPreviewPictures runs sitegen-cms.js in Node with stand-ins for
// Decap, React and the preview's document, and admin/bilder.json as
// cms.Pictures writes it: the preview of image: and the pictures of the
// text (a bundle's own, one of the media folder, a decorative one, one
// named from a translation's file) are shown with the site's variants,
// srcset, sizes, width and height; a picture the list lacks keeps
// Decap's preview and makes the script fetch the list again.
func TestPreviewPictures(t *testing.T) {
	node := cms.Node(t)
	cmsJS, err := os.ReadFile("sitegen-cms.js")
	if err != nil {
		t.Fatal(err)
	}
	photo := markdown.Picture{
		Files:      []markdown.PictureFile{{URL: "/integration/projekte/fest/foto-480.aaaa1111.jpg", Width: 480}, {URL: "/integration/projekte/fest/foto-960.bbbb2222.jpg", Width: 960}, {URL: "/integration/projekte/fest/foto-4000.cccc3333.jpg", Width: 2560}},
		Type:       "image/jpeg",
		Modern:     []markdown.PictureFile{{URL: "/integration/projekte/fest/foto-480.dddd4444.avif", Width: 480}},
		ModernType: "image/avif",
		Width:      2560, Height: 1920,
	}
	logo := markdown.Picture{Files: []markdown.PictureFile{{URL: "/integration/dokumente/logo-300.eeee5555.png", Width: 300}}, Type: "image/png", Width: 300, Height: 150}
	pa, _ := photo.Attrs("100vw")
	la, _ := logo.Attrs("100vw")
	f, err := cms.Pictures(map[string]markdown.PictureAttrs{"/projekte/fest/foto.jpg": pa, "/dokumente/logo.png": la})
	if err != nil {
		t.Fatal(err)
	}
	if f.Path != "admin/bilder.json" {
		t.Errorf("path %s", f.Path)
	}
	script := `var widgets = {}, fetches = 0, now = 100000;
var window = globalThis;
window.self = window; window.top = window;
Date.now = function () { return now; };
window.fetch = function (u) {
  fetches++;
  if (u !== 'bilder.json') throw new Error('fetch ' + u);
  return Promise.resolve({ ok: true, json: function () { return Promise.resolve(MANIFEST); } });
};
var MANIFEST = ` + string(f.Data) + `;
function El(tag) { this.tagName = tag; this.attrs = {}; this.order = []; this.children = []; this.parent = null; this.ownerDocument = doc; }
El.prototype.setAttribute = function (k, v) { if (!(k in this.attrs)) this.order.push(k); this.attrs[k] = String(v); };
El.prototype.getAttribute = function (k) { return k in this.attrs ? this.attrs[k] : null; };
El.prototype.hasAttribute = function (k) { return k in this.attrs; };
El.prototype.appendChild = function (c) { c.parent = c.parentNode = this; this.children.push(c); };
El.prototype.replaceWith = function (n) { var i = this.parent.children.indexOf(this); this.parent.children[i] = n; n.parent = n.parentNode = this.parent; };
El.prototype.querySelectorAll = function (sel) { var out = []; (function walk(e) { e.children.forEach(function (c) { if (c.tagName === sel) out.push(c); walk(c); }); })(this); return out; };
function html(e) {
  var s = '<' + e.tagName + e.order.map(function (k) { return ' ' + k + '="' + e.attrs[k] + '"'; }).join('') + '>';
  return s + e.children.map(html).join('') + (e.tagName === 'img' || e.tagName === 'source' ? '' : '</' + e.tagName + '>');
}
function vhtml(v) {
  if (!v) return 'null';
  if (typeof v.type !== 'string') return '[decap preview]';
  var p = v.props || {};
  var s = '<' + v.type + Object.keys(p).filter(function (k) { return p[k] !== undefined && k !== 'key'; }).map(function (k) { return ' ' + k + '="' + p[k] + '"'; }).join('') + '>';
  return s + v.children.map(vhtml).join('') + (v.type === 'img' || v.type === 'source' ? '' : '</' + v.type + '>');
}
var doc = { createElement: function (t) { return new El(t); } };
var document = { documentElement: { hidden: false }, querySelector: function () { return null; } };
window.document = document;
window.h = function (type, props) { return { type: type, props: props, children: [].slice.call(arguments, 2) }; };
window.createClass = function (o) { return o; };
var decapImagePreview = function DecapImagePreview() {};
window.CMS = {
  init: function () {},
  registerWidget: function (name, control, preview) {
    if (typeof name === 'object') { widgets[name.name] = name.previewComponent; } else { widgets[name] = preview; }
  },
  getWidget: function (name) { return { control: function () {}, preview: name === 'image' ? decapImagePreview : function MarkdownPreview() {} }; },
  registerEventListener: function () {},
  registerPreviewStyle: function () {},
  registerBackend: function () {},
  getBackend: function () { return null; },
  getLocale: function () { return null; },
};
function entry(path, alt) {
  return { get: function (k) { return k === 'path' ? path : undefined; }, getIn: function (p) { return p.join('.') === 'data.image.alt' ? alt : undefined; } };
}
` + string(cmsJS) + `
function render(c, props) { var self = Object.assign({}, c, { props: props, forceUpdate: function () {} }); return self; }
(async function () {
  var ImagePreview = widgets.image, MarkdownPreview = widgets.sitegen_markdown;
  var e = entry('content/projekte/fest/index.md', 'Kinder tanzen');
  var img = render(ImagePreview, { value: 'foto.jpg', entry: e });
  console.log('image before: ' + vhtml(ImagePreview.render.call(img)));
  ImagePreview.componentDidMount.call(img);
  await new Promise(function (r) { setTimeout(r, 10); });
  console.log('image: ' + vhtml(ImagePreview.render.call(img)));

  var root = new El('div');
  var body = '![Kinder tanzen](foto.jpg "Sommer")\n\nText ![Logo des Beirats](/dokumente/logo.png) und ![(dekorativ)](../fest/foto.jpg)\n\n![Neu](neu.jpg)';
  ['Kinder tanzen', 'Logo des Beirats', '(dekorativ)', 'Neu'].forEach(function (alt, i) {
    var el = new El('img'); el.setAttribute('src', 'decap-' + i); el.setAttribute('alt', alt); root.appendChild(el);
  });
  var md = render(MarkdownPreview, { value: body, entry: entry('content/projekte/fest/index.en.md') });
  md.el = root;
  var before = fetches;
  now += 5000;
  MarkdownPreview.upgrade.call(md);
  await new Promise(function (r) { setTimeout(r, 10); });
  console.log('text: ' + root.children.map(html).join(' | '));
  console.log('fetched again for neu.jpg: ' + (fetches > before));
})();
`
	out, err := exec.Command(node, "-e", script).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	got := string(out)
	pic := `<picture data-sitegen-picture=""><source type="image/avif" srcset="/integration/projekte/fest/foto-480.dddd4444.avif 480w" sizes="100vw"><img src="/integration/projekte/fest/foto-960.bbbb2222.jpg" srcset="/integration/projekte/fest/foto-480.aaaa1111.jpg 480w, /integration/projekte/fest/foto-960.bbbb2222.jpg 960w, /integration/projekte/fest/foto-4000.cccc3333.jpg 2560w" sizes="100vw" width="2560" height="1920" alt="%s"></picture>`
	for _, want := range []string{
		"image before: [decap preview]\n",
		`image: <picture><source type="image/avif" srcSet="/integration/projekte/fest/foto-480.dddd4444.avif 480w" sizes="100vw"><img src="/integration/projekte/fest/foto-960.bbbb2222.jpg" srcSet="/integration/projekte/fest/foto-480.aaaa1111.jpg 480w, /integration/projekte/fest/foto-960.bbbb2222.jpg 960w, /integration/projekte/fest/foto-4000.cccc3333.jpg 2560w" sizes="100vw" width="2560" height="1920" alt="Kinder tanzen"></picture>` + "\n",
		"text: " + strings.Replace(pic, "%s", "Kinder tanzen", 1) +
			` | <img src="/integration/dokumente/logo-300.eeee5555.png" width="300" height="150" alt="Logo des Beirats" data-sitegen-picture=""> | ` +
			strings.Replace(pic, "%s", "", 1) + ` | <img src="decap-3" alt="Neu">` + "\n",
		"fetched again for neu.jpg: true\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing\n%s\nin\n%s", want, got)
		}
	}
}
