package markdown

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var parseDirectiveTests = []struct {
	line  string
	name  string
	attrs []Attr
	errs  int // number of errors
}{
	{"::milestones", "milestones", nil, 0},
	{"::milestones{}", "milestones", nil, 0},
	{"::milestones{}  \t\r\n", "milestones", nil, 0},
	{"::milestones{ }", "milestones", nil, 0},
	{`::events{series="runder-tisch" limit=1 empty="Es wurden keine Einträge gefunden!"}`, "events",
		[]Attr{{"series", "runder-tisch"}, {"limit", "1"}, {"empty", "Es wurden keine Einträge gefunden!"}}, 0},
	{"::events{  past=true\tlimit=12  }", "events", []Attr{{"past", "true"}, {"limit", "12"}}, 0},
	{`::events{empty="\"x\" \\ \n {}"}`, "events", []Attr{{"empty", `"x" \ \n {}`}}, 0},
	{`::events{empty=""}`, "events", []Attr{{"empty", ""}}, 0},
	{`::events{empty=a=b}`, "events", []Attr{{"empty", "a=b"}}, 0},
	{`::actors{category=beirat}`, "actors", []Attr{{"category", "beirat"}}, 0},
	{"::", "", nil, 1},
	{":::note", "", nil, 1},
	{"::actor{}", "actor", nil, 1},
	{"::events{limit=1 limit=2 past=ja foo=1}", "events", []Attr{{"limit", "1"}, {"limit", "2"}, {"past", "ja"}, {"foo", "1"}}, 3},
	{"::events{limit=-1}", "events", []Attr{{"limit", "-1"}}, 1},
	{"::events{limit=+1}", "events", []Attr{{"limit", "+1"}}, 1},
	{"::events{limit=99999999999999999999999}", "events", []Attr{{"limit", "99999999999999999999999"}}, 1},
	{"::events{limit=1 past=", "events", []Attr{{"limit", "1"}}, 1},
	{`::events{empty="x\"}`, "events", nil, 1},
	{`::events{empty="x\\"}`, "events", []Attr{{"empty", `x\`}}, 0},
	{"::events{}}", "events", nil, 1},
	{"::events{}{}", "events", nil, 1},
	{"::events{{}", "events", nil, 1},
	{"::events{limit=1{}", "events", nil, 1},
	{"::events\u00a0{}", "events\u00a0", nil, 1},
}

func TestParseDirective(t *testing.T) {
	for _, tt := range parseDirectiveTests {
		name, attrs, errs := parseDirective([]byte(tt.line))
		if name != tt.name || !slices.Equal(attrs, tt.attrs) || len(errs) != tt.errs {
			t.Errorf("parseDirective(%q) = %q, %q, %q; want %q, %q and %d errors", tt.line, name, attrs, errs, tt.name, tt.attrs, tt.errs)
		}
	}
}

// formatDirective writes a directive line that parseDirective reads as name
// and attrs.
func formatDirective(name string, attrs []Attr) string {
	var b strings.Builder
	b.WriteString("::" + name + "{")
	for i, a := range attrs {
		if i > 0 {
			b.WriteByte(' ')
		}
		v := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(a.Value)
		b.WriteString(a.Key + `="` + v + `"`)
	}
	b.WriteString("}")
	return b.String()
}

func FuzzDirective(f *testing.F) {
	for _, tt := range parseDirectiveTests {
		f.Add(tt.line)
	}
	for _, tt := range convertTests {
		for line := range strings.Lines(tt.input) {
			if strings.HasPrefix(strings.TrimLeft(line, " "), "::") {
				f.Add(line)
			}
		}
	}
	f.Fuzz(func(t *testing.T, line string) {
		if !strings.HasPrefix(line, "::") {
			line = "::" + line
		}
		name, attrs, errs := parseDirective([]byte(line))
		for _, e := range errs {
			if !utf8.ValidString(e) || strings.IndexFunc(e, unicode.IsControl) >= 0 {
				t.Errorf("parseDirective(%q): message not fit to print: %q", line, e)
			}
		}
		if len(errs) > 0 {
			return
		}
		specs, ok := directiveSpecs[name]
		if !ok {
			t.Fatalf("parseDirective(%q): unknown directive %q without error", line, name)
		}
		seen := map[string]bool{}
		for _, a := range attrs {
			i := slices.IndexFunc(specs, func(s attrSpec) bool { return s.key == a.Key })
			switch {
			case i < 0:
				t.Errorf("parseDirective(%q): unknown attribute %q without error", line, a.Key)
			case seen[a.Key]:
				t.Errorf("parseDirective(%q): attribute %q twice without error", line, a.Key)
			case specs[i].kind == kindCount && !isCount(a.Value), specs[i].kind == kindBool && a.Value != "true" && a.Value != "false":
				t.Errorf("parseDirective(%q): bad value %q of %q without error", line, a.Value, a.Key)
			}
			seen[a.Key] = true
		}
		again := formatDirective(name, attrs)
		name2, attrs2, errs2 := parseDirective([]byte(again))
		if name2 != name || !slices.Equal(attrs2, attrs) || errs2 != nil {
			t.Errorf("parseDirective(%q) = %q, %q; written as %q it reads %q, %q, %q", line, name, attrs, again, name2, attrs2, errs2)
		}
	})
}
