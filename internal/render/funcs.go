package render

import (
	"bytes"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"time"

	"github.com/stadt-bamberg/integration/internal/dates"
	"github.com/stadt-bamberg/integration/internal/german"
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
	// Everything reads r.site when called, so that the templates can be
	// kept across builds of a changing site (see Reset).
	loc := func() *time.Location { return r.site.Config.Location }
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

		"date":      func(t time.Time) string { return german.Date(t.In(loc())) },
		"shortDate": func(t time.Time) string { return german.ShortDate(t.In(loc())) },
		"clock":     func(t time.Time) string { return german.Clock(t.In(loc())) },
		"number":    german.Number,
		"month": func(v any) (string, error) {
			switch v := v.(type) {
			case time.Time:
				return german.Month(v.In(loc()).Month()), nil
			case time.Month:
				return german.Month(v), nil
			case int:
				return german.Month(time.Month(v)), nil
			}
			return "", fmt.Errorf("month: %T ist kein Monat", v)
		},
		"weekday":            func(t time.Time) string { return german.Weekday(t.In(loc()).Weekday()) },
		"partialDate":        german.Partial,
		"partialRange":       german.PartialRange,
		"when":               func(s dates.Span) string { return german.Span(s, loc()) },
		"isoDate":            func(v any) (string, error) { return isoDate(loc())(v) },
		"isoDateTime":        func(t time.Time) string { return t.In(loc()).Format(time.RFC3339) },
		"languageName":       languageName,
		"nativeLanguageName": nativeLanguageName,
		"telURL": func(phone string) template.URL {
			return template.URL(german.TelURI(phone)) // only "tel:", "+" and digits
		},
		"categoryName": func(c string) string { return model.CategoryNames[c] },
		"statusName":   func(s string) string { return model.StatusNames[s] },

		"eventList":     r.eventList,
		"pastEvents":    r.pastEvents,
		"actorList":     r.actorList,
		"milestoneList": r.milestoneList,
		"partial":       r.partial,
		"dict":          dict,
	}
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

// languageName returns the German name of an ISO 639-1 language code.
func languageName(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := display.German.Languages().Name(tag); n != "" {
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
