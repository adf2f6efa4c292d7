package render

import (
	"bytes"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"html/template"
	"time"

	"github.com/stadt-bamberg/integration/internal/dates"
	"github.com/stadt-bamberg/integration/internal/german"
	"github.com/stadt-bamberg/integration/internal/i18n"
	"github.com/stadt-bamberg/integration/internal/model"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Asset is a file under assets/ as layouts reference it.
type Asset struct {
	URL       string // server path
	Integrity string // Subresource Integrity value, "sha384-…"
}

// NewAsset returns the Asset for the file at site path p with contents data.
func NewAsset(cfg model.Config, p string, data []byte) Asset {
	sum := sha512.Sum384(data)
	return Asset{URL: cfg.RelURL(p), Integrity: "sha384-" + base64.StdEncoding.EncodeToString(sum[:])}
}

func (r *Renderer) funcs() template.FuncMap {
	// Everything reads r.site, and the language of the page being
	// rendered (r.lang), when called, so that the templates can be kept
	// across builds of a changing site (see Reset).
	loc := func() *time.Location { return r.site.Config.Location }
	l := func() *i18n.Locale { return r.lang().Locale }
	return template.FuncMap{
		"relURL": func(p string) string { return r.site.Config.RelURL(p) },
		"absURL": func(p string) string { return r.site.Config.AbsURL(p) },
		"asset": func(name string) (Asset, error) {
			a, ok := r.assets[name]
			if !ok {
				return Asset{}, fmt.Errorf("die Datei assets/%s gibt es nicht", name)
			}
			return a, nil
		},
		"current":   func(p, item *model.Page) bool { return p == item },
		"inSection": inSection,

		"t": func(key string, args ...any) (string, error) {
			if !i18n.Known(key) {
				return "", fmt.Errorf("t: den Text %q gibt es nicht (die Texte stehen in i18n/de.yaml)", key)
			}
			return r.lang().T(key, args...), nil
		},
		"langName": func(code string) string {
			if loc, ok := i18n.LocaleFor(code); ok {
				return loc.Name()
			}
			return nativeLanguageName(code)
		},
		"dir": dirOf,
		"langAttrs": func(p *model.Page) template.HTMLAttr {
			return langAttrs(p.TextLang(), r.lang().Config.Language)
		},
		"pageByPath": func(rel string) *model.Page { return r.lang().Page(rel) },

		"date":      func(t time.Time) string { return l().Date(t.In(loc())) },
		"shortDate": func(t time.Time) string { return l().ShortDate(t.In(loc())) },
		"clock":     func(t time.Time) string { return l().Clock(t.In(loc())) },
		"number":    func(n int) string { return l().Number(n) },
		"month": func(v any) (string, error) {
			switch v := v.(type) {
			case time.Time:
				return l().Month(v.In(loc()).Month()), nil
			case time.Month:
				return l().Month(v), nil
			case int:
				return l().Month(time.Month(v)), nil
			}
			return "", fmt.Errorf("month: %T ist kein Monat", v)
		},
		"weekday":            func(t time.Time) string { return l().Weekday(t.In(loc()).Weekday()) },
		"partialDate":        func(p dates.Partial) string { return l().Partial(p) },
		"partialRange":       func(a dates.Partial, b *dates.Partial) string { return l().PartialRange(a, b) },
		"when":               func(s dates.Span) string { return l().Span(s, loc()) },
		"isoDate":            func(v any) (string, error) { return isoDate(loc())(v) },
		"isoDateTime":        func(t time.Time) string { return t.In(loc()).Format(time.RFC3339) },
		"languageName":       func(code string) string { return languageName(code, r.lang().Config.Language) },
		"nativeLanguageName": nativeLanguageName,
		"telURL": func(phone string) template.URL {
			return template.URL(german.TelURI(phone)) // only "tel:", "+" and digits
		},
		"categoryName": r.categoryName,
		"statusName": func(s string) string {
			if s == "" || s == "scheduled" {
				return ""
			}
			return r.lang().T("status_" + s)
		},

		"eventList":     r.eventList,
		"pastEvents":    r.pastEvents,
		"actorList":     r.actorList,
		"milestoneList": r.milestoneList,
		"partial":       r.partial,
		"dict":          dict,
		"jsonLD":        r.jsonLD,
	}
}

// langAttrs returns ` lang="x" dir="y"` for text in the language lang
// inside an interface in ui, and nothing when they are the same.
func langAttrs(lang, ui string) template.HTMLAttr {
	if lang == "" || lang == ui {
		return ""
	}
	return template.HTMLAttr(` lang="` + html.EscapeString(lang) + `" dir="` + dirOf(lang) + `"`)
}

// categoryName returns the name of an actor category in the language of
// the page being rendered ("Soziales" for "sozial"), "" for none.
func (r *Renderer) categoryName(c string) string {
	if c == "" || !i18n.Known("category_"+c) {
		return ""
	}
	return r.lang().T("category_" + c)
}

func inSection(p, item *model.Page) bool {
	for q := p; q != nil; q = q.Parent {
		if q == item {
			return true
		}
	}
	return false
}

func isoDate(loc *time.Location) func(v any) (string, error) {
	return func(v any) (string, error) {
		switch v := v.(type) {
		case time.Time:
			return v.In(loc).Format(time.DateOnly), nil
		case dates.Partial:
			return v.String(), nil
		case *dates.Partial:
			if v == nil {
				return "", nil
			}
			return v.String(), nil
		}
		return "", fmt.Errorf("isoDate: %T ist kein Datum", v)
	}
}

// languageName returns the name of an ISO 639-1 language code in the
// language in ("Türkisch" for "tr" in de, "Turkish" in en).
func languageName(code, in string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	namer := display.German.Languages()
	if in != "de" {
		if t, err := language.Parse(in); err == nil {
			namer = display.Languages(t)
		}
	}
	if n := namer.Name(tag); n != "" {
		return n
	}
	return code
}

// nativeLanguageName returns a language's name in that language
// ("Türkçe" for "tr").
func nativeLanguageName(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := display.Self.Name(tag); n != "" {
		return n
	}
	return code
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict braucht Paare aus Name und Wert")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: der Name %v ist kein Text", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// partial executes layouts/partials/name with data.
func (r *Renderer) partial(name string, data any) (template.HTML, error) {
	var b bytes.Buffer
	if err := r.tmpl.partials.ExecuteTemplate(&b, partialsName+name, data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}
