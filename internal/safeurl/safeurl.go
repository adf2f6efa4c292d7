// Package safeurl says whether an address written by an editor would run
// script when a browser follows or loads it. It is the one place for
// that judgement: load uses it for SVG files beside the pages, markdown
// for HTML in pages with raw_html: true.
//
// An address is dangerous when, after dropping the whitespace and control
// characters browsers skip in a scheme, it starts with javascript:,
// vbscript: or data: – except a data: URL of a raster image (PNG, JPEG,
// GIF, WebP), which runs nothing wherever it is used.
package safeurl

import "strings"

// Scheme returns the dangerous scheme v starts with ("javascript:",
// "vbscript:", "data:"), or "".
func Scheme(v string) string {
	v = Normal(v)
	for _, s := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(v, s) {
			if s == "data:" && rasterData(v) {
				return ""
			}
			return s
		}
	}
	return ""
}

// Normal returns v in lower case without whitespace and control
// characters, as a browser reads a scheme.
func Normal(v string) string {
	return strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, v))
}

// rasterData reports whether v (see Normal) is a data: URL of a raster
// image.
func rasterData(v string) bool {
	for _, t := range []string{"png", "jpeg", "gif", "webp"} {
		if strings.HasPrefix(v, "data:image/"+t+";") || strings.HasPrefix(v, "data:image/"+t+",") {
			return true
		}
	}
	return false
}
