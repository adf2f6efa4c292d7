package markdown

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// msgScriptHTML is the error at HTML that a page with raw_html: true may
// not hold, with what was found.
const msgScriptHTML = "Dieses HTML wird nicht veröffentlicht: %s. Auf der Website laufen nur ihre eigenen Skripte (sie teilt sich die Adresse mit dem Redaktionssystem unter /admin/) – bitte entfernen"

// scriptHTML returns what in the HTML fragment src would run script or
// take the reader elsewhere by itself, or "": a script element, an event
// attribute (onclick=…), a <meta http-equiv> (a refresh is a redirect no
// Content-Security-Policy stops), a <base> (it would move every link), an
// element that embeds another document, or an address with javascript:,
// vbscript: or data: (other than an image). raw_html: true lets tables
// and the like through, never these.
func scriptHTML(src []byte) string {
	z := html.NewTokenizer(bytes.NewReader(src))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			switch t.Data {
			case "script":
				return "ein Skript (<script>)"
			case "base":
				return "ein <base>-Element"
			case "iframe", "frame", "object", "embed", "applet", "portal":
				return "ein eingebettetes Dokument (<" + t.Data + ">)"
			}
			for _, a := range t.Attr {
				switch {
				case strings.HasPrefix(a.Key, "on"):
					return "ein Ereignis-Attribut, das ein Skript startet (" + a.Key + "=…)"
				case a.Key == "http-equiv":
					return "<meta http-equiv> (etwa eine Weiterleitung)"
				case a.Key == "srcdoc":
					return "ein eingebettetes Dokument (srcdoc=…)"
				}
				if s := dangerousScheme(a.Val); s != "" {
					return "eine Adresse mit " + s + " (" + a.Key + "=…)"
				}
			}
		}
	}
}

// dangerousScheme returns the scheme of the address v when a browser
// would run it ("javascript:", "vbscript:", "data:" other than a raster
// image), else "". Browsers skip whitespace and control characters in a
// scheme, so they are dropped before the comparison.
func dangerousScheme(v string) string {
	v = strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, v))
	for _, s := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(v, s) {
			if s == "data:" && (strings.HasPrefix(v, "data:image/png") || strings.HasPrefix(v, "data:image/jpeg") || strings.HasPrefix(v, "data:image/gif") || strings.HasPrefix(v, "data:image/webp")) {
				return ""
			}
			return s
		}
	}
	return ""
}
