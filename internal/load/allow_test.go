package load

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/diag"
)

// TestPublishable: only documents, pictures, sound and video beside the
// pages are published; a web page, a script or an SVG that runs script
// is an error at the file, and is not a resource.
func TestPublishable(t *testing.T) {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">%s</svg>`
	for _, tc := range []struct {
		name, data string
		why        string // "" publishable; else a part of the message
	}{
		{"dokumente/plan.pdf", "%PDF-1.4", ""},
		{"dokumente/Antrag.DOCX", "PK", ""},
		{"dokumente/liste.csv", "a;b", ""},
		{"dokumente/termine.ics", "BEGIN:VCALENDAR", ""},
		{"dokumente/mappe.zip", "PK", ""},
		{"bilder/foto.JPG", "\xff\xd8", ""},
		{"bilder/logo.png", "\x89PNG", ""},
		{"video/film.mp4", "", ""},
		{"bilder/karte.svg", strings.Replace(svg, "%s", `<rect width="10" height="10"/><image href="data:image/png;base64,iVBO"/><a href="/akteure/"><text>A</text></a>`, 1), ""},
		{"dokumente/flyer.html", "<script>alert(1)</script>", "vom Typ .html werden nicht veröffentlicht"},
		{"dokumente/flyer.js", "alert(1)", "vom Typ .js werden"},
		{"dokumente/seite.shtml", "", "vom Typ .shtml"},
		{"dokumente/x.php", "", "vom Typ .php"},
		{"dokumente/x.xhtml", "", "vom Typ .xhtml"},
		{"dokumente/x.xml", "", "vom Typ .xml"},
		{"dokumente/LIESMICH", "", "ohne Endung"},
		{"bilder/a.svg", strings.Replace(svg, "%s", `<script>alert(1)</script>`, 1), "enthält ein Skript"},
		{"bilder/b.svg", strings.Replace(svg, "%s", `<rect onload="alert(1)"/>`, 1), "Ereignis-Attribut"},
		{"bilder/c.svg", strings.Replace(svg, "%s", `<a xlink:href=" java&#x09;script:alert(1)"><text>x</text></a>`, 1), "javascript:"},
		{"bilder/d.svg", strings.Replace(svg, "%s", `<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><text>x</text></a>`, 1), "data:"},
		{"bilder/e.svg", strings.Replace(svg, "%s", `<a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a>`, 1), "javascript:"},
		{"bilder/f.svg", strings.Replace(svg, "%s", `<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><p>x</p></body></foreignObject>`, 1), "foreignObject"},
		{"bilder/g.svg", `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]>` + strings.Replace(svg, "%s", "", 1), "Entity"},
		{"bilder/h.svg", `<svg><rect></svg>`, "kein gültiges XML"},
		{"bilder/ext1.svg", strings.Replace(svg, "%s", `<image href="https://tracker.example/p.png" width="1" height="1"/>`, 1), "lädt eine andere Datei"},
		{"bilder/ext2.svg", strings.Replace(svg, "%s", `<use xlink:href="sprites.svg#icon"/>`, 1), "lädt eine andere Datei"},
		{"bilder/ext3.svg", strings.Replace(svg, "%s", `<rect style="fill: url( 'https://x.example/f.svg#g')" width="1" height="1"/>`, 1), "url("},
		{"bilder/ext4.svg", strings.Replace(svg, "%s", `<style>@import "https://x.example/a.css";</style>`, 1), "@import"},
		{"bilder/ext5.svg", strings.Replace(svg, "%s", `<style>rect { fill: url(#g) }</style><defs><linearGradient id="g"/></defs><use href="#g"/><rect style="fill:url(#g)"/>`, 1), ""},
		{"bilder/i.svg", `<?xml-stylesheet href="x.xsl" type="text/xsl"?>` + strings.Replace(svg, "%s", "", 1), "Stylesheet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"content/_index.md":        {Data: []byte("---\ntitle: Start\n---\n")},
				"content/" + tc.name:       {Data: []byte(tc.data)},
				"content/dokumente/ok.pdf": {Data: []byte("%PDF")},
			}
			var diags diag.List
			c := Load(fsys, "content", &diags)
			ds := diags.Sorted()
			var res []string
			for _, r := range c.Resources {
				res = append(res, r.Rel)
			}
			if tc.why == "" {
				if len(ds) != 0 || len(res) != 2 {
					t.Errorf("diagnostics %v, resources %q; want none and both files", ds, res)
				}
				return
			}
			if len(ds) != 1 || ds[0].Path != "content/"+tc.name || ds[0].Severity != diag.Error || !strings.Contains(ds[0].Message, tc.why) {
				t.Fatalf("diagnostics %v; want one error at content/%s saying %q", ds, tc.name, tc.why)
			}
			if len(res) != 1 || res[0] != "dokumente/ok.pdf" {
				t.Errorf("resources %q; want only dokumente/ok.pdf", res)
			}
		})
	}
}
