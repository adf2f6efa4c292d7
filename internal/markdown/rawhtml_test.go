package markdown

import (
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/diag"
)

// TestRawHTMLScript: a page with raw_html: true may hold tables and the
// like, never HTML that runs script or sends the reader elsewhere by
// itself; that is an error at its line.
func TestRawHTMLScript(t *testing.T) {
	for _, tc := range []struct {
		input string
		line  int    // 0: no error
		why   string // part of the message
	}{
		{"<table><tr><td>Zeile</td></tr></table>\n", 0, ""},
		{"Text mit <b>fett</b> und <img src=\"data:image/png;base64,AAAA\" alt=\"Punkt\">\n", 0, ""},
		{"<details><summary>Mehr</summary>\nText\n</details>\n", 0, ""},
		{"Absatz\n\n<script src=\"/dokumente/flyer.js\"></script>\n", 7, "<script>"},
		{"<SCRIPT>alert(1)</SCRIPT>\n", 5, "<script>"},
		{"Ein <a href=\"#\" onclick=\"stehlen()\">Link</a>\n", 5, "onclick="},
		{"<div\n  onmouseover=\"x()\">Text</div>\n", 5, "onmouseover="},
		{"<meta http-equiv=\"refresh\" content=\"0; url=https://example.com/\">\n", 5, "http-equiv"},
		{"Ein <a href=\" JavaScript:alert(1)\">Link</a>\n", 5, "javascript:"},
		{"Ein <a href=\"data:text/html,x\">Link</a>\n", 5, "data:"},
		{"<iframe src=\"https://example.com/\"></iframe>\n", 5, "<iframe>"},
		{"<base href=\"https://example.com/\">\n", 5, "<base>"},
		{"<form action=\"x\"><button formaction=\"javascript:alert(1)\">x</button></form>\n", 5, "javascript:"},
	} {
		p := testPage()
		p.RawHTML = true
		_, ds := testConverter.Convert([]byte(tc.input), p)
		var errs []diag.Diagnostic
		for _, d := range ds {
			if d.Severity == diag.Error {
				errs = append(errs, d)
			}
		}
		if tc.line == 0 {
			if len(errs) != 0 {
				t.Errorf("%q: %s", tc.input, format(errs))
			}
			continue
		}
		if len(errs) != 1 || errs[0].Line != tc.line || !strings.Contains(errs[0].Message, tc.why) || !strings.HasPrefix(errs[0].Message, "Dieses HTML wird nicht veröffentlicht") {
			t.Errorf("%q: got\n%swant one error at line %d naming %s", tc.input, format(errs), tc.line, tc.why)
		}
	}
	// Without raw_html the HTML is shown as text and only warned about.
	_, ds := testConverter.Convert([]byte("<script>alert(1)</script>\n"), testPage())
	if len(ds) != 1 || ds[0].Severity != diag.Warning {
		t.Errorf("raw_html off: %s", format(ds))
	}
}
