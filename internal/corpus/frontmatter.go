package corpus

import (
	"fmt"
	"regexp"
	"strings"
)

// kv is one front matter key with its value, kept in the order written.
// Values are string, int, bool, date, quotedDate, codes, []string, []kv (a
// map) or [][]kv (a list of maps).
type kv struct {
	k string
	v any
}

// date is written unquoted in YAML and as a native date or date-time in
// TOML where TOML has one for the form.
type date string

// quotedDate is a date an editor wrote in quotes.
type quotedDate string

// codes is a list of short codes written in flow style: [de, tr].
type codes []string

// tomlNative matches the date forms TOML can write without quotes.
var tomlNative = regexp.MustCompile(`^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)?)?$`)

func quote(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

func yamlFront(b *strings.Builder, fields []kv) {
	b.WriteString("---\n")
	yamlFields(b, fields, "")
	b.WriteString("---\n")
}

func yamlFields(b *strings.Builder, fields []kv, indent string) {
	for _, f := range fields {
		b.WriteString(indent + f.k + ":")
		switch v := f.v.(type) {
		case string:
			b.WriteString(" " + quote(v) + "\n")
		case int, bool:
			fmt.Fprintf(b, " %v\n", v)
		case date:
			b.WriteString(" " + string(v) + "\n")
		case quotedDate:
			b.WriteString(" " + quote(string(v)) + "\n")
		case codes:
			b.WriteString(" [" + strings.Join(v, ", ") + "]\n")
		case []string:
			b.WriteByte('\n')
			for _, s := range v {
				b.WriteString(indent + "  - " + quote(s) + "\n")
			}
		case []kv:
			b.WriteByte('\n')
			yamlFields(b, v, indent+"  ")
		case [][]kv:
			b.WriteByte('\n')
			for _, m := range v {
				var sub strings.Builder
				yamlFields(&sub, m, indent+"    ")
				s := sub.String()
				b.WriteString(indent + "  - " + strings.TrimPrefix(s, indent+"    "))
			}
		default:
			panic(fmt.Sprintf("corpus: front matter value %T", v))
		}
	}
}

func tomlFront(b *strings.Builder, fields []kv) {
	b.WriteString("+++\n")
	var tables []kv
	for _, f := range fields {
		switch f.v.(type) {
		case []kv, [][]kv:
			tables = append(tables, f)
			continue
		}
		tomlScalar(b, f)
	}
	for _, t := range tables {
		switch v := t.v.(type) {
		case []kv:
			b.WriteString("\n[" + t.k + "]\n")
			for _, f := range v {
				tomlScalar(b, f)
			}
		case [][]kv:
			for _, m := range v {
				b.WriteString("\n[[" + t.k + "]]\n")
				for _, f := range m {
					tomlScalar(b, f)
				}
			}
		}
	}
	b.WriteString("+++\n")
}

func tomlScalar(b *strings.Builder, f kv) {
	b.WriteString(f.k + " = ")
	switch v := f.v.(type) {
	case string:
		b.WriteString(quote(v))
	case int, bool:
		fmt.Fprintf(b, "%v", v)
	case date:
		if tomlNative.MatchString(string(v)) {
			b.WriteString(string(v))
		} else {
			b.WriteString(quote(string(v)))
		}
	case quotedDate:
		b.WriteString(quote(string(v)))
	case codes:
		qs := make([]string, len(v))
		for i, s := range v {
			qs[i] = quote(s)
		}
		b.WriteString("[" + strings.Join(qs, ", ") + "]")
	case []string:
		qs := make([]string, len(v))
		for i, s := range v {
			qs[i] = quote(s)
		}
		b.WriteString("[" + strings.Join(qs, ", ") + "]")
	default:
		panic(fmt.Sprintf("corpus: TOML value %T", v))
	}
	b.WriteByte('\n')
}
