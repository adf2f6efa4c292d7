package markdown

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"

	"github.com/stadt-bamberg/integration/internal/safeurl"
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
				if s := safeurl.Scheme(a.Val); s != "" {
					return "eine Adresse mit " + s + " (" + a.Key + "=…)"
				}
			}
		}
	}
}
