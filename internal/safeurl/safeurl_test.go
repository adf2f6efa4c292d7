package safeurl

import "testing"

func TestScheme(t *testing.T) {
	for v, want := range map[string]string{
		"https://example.org/":          "",
		"/dokumente/plan.pdf":           "",
		"javascript:alert(1)":           "javascript:",
		" Java\tScript:alert(1)":        "javascript:",
		"VBScript:MsgBox":               "vbscript:",
		"data:text/html,x":              "data:",
		"data:image/svg+xml,<svg/>":     "data:",
		"data:image/pngx,AAAA":          "data:",
		"data:image/png;base64,AAAA":    "",
		"DATA:image/JPEG,AAAA":          "",
		"data:image/gif;base64,R0lGODl": "",
		"data:image/webp;base64,UklG":   "",
	} {
		if got := Scheme(v); got != want {
			t.Errorf("Scheme(%q) = %q, want %q", v, got, want)
		}
	}
}
