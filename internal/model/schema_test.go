package model_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/model"
)

// schemaBase is laid under every schema test: a section of each type,
// an actor to name as organizer and a file to name as document.
const schemaBase = `
-- content/termine/_index.md --
---
title: Termine
type: event
series:
  runder-tisch: Runder Tisch Integration
---
-- content/akteure/_index.md --
---
title: Akteure
type: actor
---
-- content/akteure/beirat.md --
---
title: Beirat
---
-- content/geschichte/_index.md --
---
title: Geschichte
type: milestone
---
-- content/dokumente/plan.pdf --
pdf
-- content/dokumente/bild.png --
png
`

// schemaPages are where a page of each kind of the schema tests is, with
// the schema kinds whose keys it may have.
var schemaPages = []struct {
	name  string // for messages; also a page's own slug and alias
	rel   string // content-relative path
	typ   string // the page's type
	kinds []string
}{
	{"page", "seite.md", model.TypePage, []string{"common"}},
	{"event", "termine/treffen.md", model.TypeEvent, []string{"common", model.TypeEvent}},
	{"actor", "akteure/caritas.md", model.TypeActor, []string{"common", model.TypeActor}},
	{"milestone", "geschichte/gruendung.md", model.TypeMilestone, []string{"common", model.TypeMilestone}},
	{"section", "bereich/_index.md", model.TypePage, []string{"common", "section"}},
	{"home", "_index.md", model.TypePage, []string{"common", "home"}},
}

// exampleValue returns a valid value of f as YAML for a page (name, typ),
// written after "key:" at the indent given (the value's own keys are
// indented one step further).
func exampleValue(f model.Field, name, typ, indent string) string {
	in := indent + "  "
	if f.Kind == "image" {
		return " /dokumente/bild.png"
	}
	switch f.Key {
	case "type":
		return " " + typ
	case "aliases":
		return " [/alt-" + name + "/]"
	case "end":
		return " 2027-04-01T20:00"
	case "until":
		return " 2014"
	case "file":
		return " /dokumente/plan.pdf"
	case "timezone":
		return " Europe/Berlin"
	}
	switch f.Kind {
	case "text":
		return " Beispiel"
	case "int":
		return " 3"
	case "bool":
		return " false" // true: a draft would be left out
	case "choice":
		return " " + f.Values[0]
	case "date":
		return " 2013-07-12"
	case "datetime":
		return " 2027-04-01T18:00"
	case "slug":
		return " neu-" + name
	case "lang":
		return " de"
	case "langs":
		return " [de, tr]"
	case "url":
		return " https://example.org/"
	case "email":
		return " info@example.org"
	case "phone":
		return " 0951 87-1234"
	case "ref":
		return map[string]string{model.TypeActor: " beirat", "series": " runder-tisch"}[f.Ref]
	case "names":
		return "\n" + in + "reihe-" + name + ": Reihe"
	case "map":
		return "\n" + exampleFields(f.Fields, name, typ, in, false)
	case "list":
		if f.Fields == nil {
			return " [Eins, Zwei]"
		}
		item := exampleFields(f.Fields, name, typ, in+"  ", false)
		return "\n" + in + "- " + strings.TrimPrefix(item, in+"  ")
	}
	panic("no example for kind " + f.Kind)
}

// exampleFields writes every field of fs (with text, only those with
// Text) as YAML lines at indent.
func exampleFields(fs []model.Field, name, typ, indent string, text bool) string {
	var b strings.Builder
	for _, f := range fs {
		if text && !f.Text {
			continue
		}
		if text && f.Fields != nil { // location: name: only
			b.WriteString(indent + f.Key + ":\n" + exampleFields(f.Fields, name, typ, indent+"  ", true))
			continue
		}
		b.WriteString(indent + f.Key + ":" + exampleValue(f, name, typ, indent) + "\n")
	}
	return b.String()
}

// schemaPage returns a txtar file of content/rel with the front matter
// given.
func schemaPage(rel, fm string) string {
	return "-- content/" + rel + " --\n---\n" + fm + "---\nText.\n"
}

// fullFrontMatter returns the front matter of a page setting every key
// of its kinds.
func fullFrontMatter(name, typ string, kinds []string) string {
	var b strings.Builder
	for _, k := range kinds {
		b.WriteString(exampleFields(model.Schema(k), name, typ, "", false))
	}
	return b.String()
}

func TestSchemaWellFormed(t *testing.T) {
	var check func(where string, fs []model.Field)
	check = func(where string, fs []model.Field) {
		seen := map[string]bool{}
		for _, f := range fs {
			w := where + f.Key
			switch {
			case f.Key == "" || seen[f.Key]:
				t.Errorf("%s: empty or twice", w)
			case !slices.Contains(model.Kinds, f.Kind):
				t.Errorf("%s: unknown kind %q", w, f.Kind)
			case (f.Kind == "choice") != (f.Values != nil):
				t.Errorf("%s: Values are for kind choice only, and it needs them", w)
			case (f.Kind == "ref") != (f.Ref != ""):
				t.Errorf("%s: Ref is for kind ref only, and it needs one", w)
			case f.Kind == "map" && f.Fields == nil, f.Fields != nil && f.Kind != "map" && f.Kind != "list":
				t.Errorf("%s: Fields are for kinds map and list, and a map needs them", w)
			case f.Help == "":
				t.Errorf("%s: no Help", w)
			}
			if f.Fields != nil {
				if f.Text != slices.ContainsFunc(f.Fields, func(g model.Field) bool { return g.Text }) {
					t.Errorf("%s: Text, but none of its fields (or the other way round)", w)
				}
				check(w+": ", f.Fields)
			}
			seen[f.Key] = true
		}
	}
	for _, k := range model.SchemaKinds {
		if model.Schema(k) == nil {
			t.Errorf("Schema(%q) is empty", k)
		}
		check(k+": ", model.Schema(k))
	}
	if model.Schema(model.TypePage) != nil || model.Schema("nonsense") != nil {
		t.Error("Schema of page or of an unknown kind is not nil")
	}
}

// TestSchemaKeysAccepted builds a page of each kind setting every key of
// the schema to a valid value: nothing may be reported (but that the home
// page has no slug, a rule of the value). A key not in the schema, at the
// top or inside a map, is reported as unknown.
func TestSchemaKeysAccepted(t *testing.T) {
	for _, sp := range schemaPages {
		t.Run(sp.name, func(t *testing.T) {
			fm := fullFrontMatter(sp.name, sp.typ, sp.kinds)
			_, ds := build(t, model.Options{}, schemaBase, schemaPage(sp.rel, fm))
			for _, d := range ds {
				if sp.name == "home" && strings.Contains(d.Message, "Die Startseite hat keinen slug") {
					continue
				}
				t.Errorf("unexpected: %s\nfront matter:\n%s", d.Error(), fm)
			}

			bad := fm + "farbe: rot\n"
			_, ds = build(t, model.Options{}, schemaBase, schemaPage(sp.rel, bad))
			if !hasDiag(ds, `Unbekannter Schlüssel "farbe"`) {
				t.Errorf("a key not in the schema is not reported; got:\n%s", diag.Errors(ds).Error())
			}

			for _, k := range sp.kinds {
				for _, f := range model.Schema(k) {
					if f.Fields == nil {
						continue
					}
					// The map's first line, then a key it does not have.
					bad := strings.Replace(fm, "\n"+f.Key+":\n", "\n"+f.Key+":\n  farbe: rot\n", 1)
					if f.Kind == "list" {
						bad = strings.Replace(fm, "\n"+f.Key+":\n  - ", "\n"+f.Key+":\n  - farbe: rot\n    ", 1)
					}
					if bad == fm {
						t.Fatalf("%s: cannot place a key inside it in\n%s", f.Key, fm)
					}
					_, ds := build(t, model.Options{}, schemaBase, schemaPage(sp.rel, bad))
					if !hasDiag(ds, `Unbekannter Schlüssel "farbe" unter `+f.Key+":") {
						t.Errorf("%s: a key not in the schema is not reported; got:\n%s", f.Key, diag.Errors(ds).Error())
					}
				}
			}
		})
	}
}

func hasDiag(ds []diag.Diagnostic, text string) bool {
	return slices.ContainsFunc(ds, func(d diag.Diagnostic) bool { return strings.Contains(d.Message, text) })
}

// TestSchemaKeysRead checks the other way: every key the decoders read
// (m.Get("key"), n.Get("key")) or accept (checkKeys(n, []string{…}, …)) is
// a key of the schema, at the top or inside a map.
func TestSchemaKeysRead(t *testing.T) {
	inSchema := map[string]bool{}
	var add func(fs []model.Field)
	add = func(fs []model.Field) {
		for _, f := range fs {
			inSchema[f.Key] = true
			add(f.Fields)
		}
	}
	for _, k := range model.SchemaKinds {
		add(model.Schema(k))
	}
	fset := token.NewFileSet()
	read := map[string]bool{}
	for _, file := range []string{"common.go", "types.go", "translate.go"} {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var lits []ast.Expr
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				switch fn.Sel.Name {
				case "Get":
					lits = call.Args
				case "checkKeys":
					if cl, ok := call.Args[1].(*ast.CompositeLit); ok {
						lits = cl.Elts
					}
				}
			}
			for _, a := range lits {
				if bl, ok := a.(*ast.BasicLit); ok && bl.Kind == token.STRING {
					k, _ := strconv.Unquote(bl.Value)
					read[k] = true
				}
			}
			return true
		})
	}
	if len(read) < 30 {
		t.Fatalf("found only %d keys read – has the decoders' code changed shape? %v", len(read), slices.Sorted(maps.Keys(read)))
	}
	for _, k := range slices.Sorted(maps.Keys(read)) {
		if !inSchema[k] {
			t.Errorf("the decoders read %q, which is not in the schema", k)
		}
	}
}

// TestSchemaText builds translations: one setting every Text key of its
// page is clean; one setting any other key is "steht nur in der deutschen
// Fassung" at that key (lang: has its own message).
func TestSchemaText(t *testing.T) {
	home := "title: Start\nsite:\n  languages: [de, en]\n"
	for _, sp := range schemaPages {
		t.Run(sp.name, func(t *testing.T) {
			orig := fullFrontMatter(sp.name, sp.typ, sp.kinds)
			if sp.name == "home" {
				orig = strings.Replace(orig, "languages: [de, tr]", "languages: [de, en]", 1) // site: languages:
				orig = strings.Replace(orig, "slug: neu-home\n", "", 1)
				orig = strings.Replace(orig, "  language: de\n", "", 1)
			}
			trRel := strings.TrimSuffix(sp.rel, ".md") + ".en.md"
			site := []string{schemaBase, schemaPage(sp.rel, orig)}
			if sp.name != "home" {
				site = append(site, schemaPage("_index.md", home))
			}

			var text strings.Builder
			for _, k := range sp.kinds {
				text.WriteString(exampleFields(model.Schema(k), sp.name+"-en", sp.typ, "", true))
			}
			ds := buildTranslation(t, site, trRel, text.String())
			for _, d := range ds {
				if sp.name == "home" && strings.Contains(d.Message, "Die Startseite hat keinen slug") {
					continue
				}
				t.Errorf("unexpected: %s\ntranslation:\n%s", d.Error(), text.String())
			}

			for _, k := range sp.kinds {
				for _, f := range model.Schema(k) {
					if f.Text && f.Fields == nil {
						continue
					}
					tr := "title: T\n"
					want := f.Key + ": steht nur in der deutschen Fassung"
					switch {
					case f.Key == "lang": // the file name says it
						tr += "lang: de\n"
						want = "lang: die Sprache einer Übersetzung steht im Dateinamen"
					case f.Text: // a map: its other fields are facts
						for _, g := range f.Fields {
							if !g.Text {
								tr += f.Key + ":\n  " + g.Key + ":" + exampleValue(g, sp.name, sp.typ, "  ") + "\n"
								want = f.Key + ": " + g.Key + ": steht nur in der deutschen Fassung"
								break
							}
						}
					default:
						tr += f.Key + ":" + exampleValue(f, sp.name, sp.typ, "") + "\n"
					}
					ds := buildTranslation(t, site, trRel, tr)
					if !hasDiag(ds, want) {
						t.Errorf("%s in a translation: want %q; got:\n%s", f.Key, want, diag.Errors(ds).Error())
					}
				}
			}
		})
	}
}

// buildTranslation builds the site of archives with content/rel holding
// the front matter fm, and returns its diagnostics.
func buildTranslation(t *testing.T, archives []string, rel, fm string) []diag.Diagnostic {
	t.Helper()
	_, ds := build(t, model.Options{}, append(slices.Clip(archives), schemaPage(rel, fm))...)
	return ds
}

// readmeKeyTables are the README's headings of front matter key tables,
// with the schema kind each documents.
var readmeKeyTables = map[string]string{
	"### Keys every page may have":       "common",
	"### Events (`type: event`)":         model.TypeEvent,
	"### Actors (`type: actor`)":         model.TypeActor,
	"### Milestones (`type: milestone`)": model.TypeMilestone,
}

// readmeNoRow are the schema keys the README documents otherwise than
// by a row of a table, with where.
var readmeNoRow = map[string]string{
	"home: series":    "a YAML example under **Series.** in the events' section",
	"section: series": "a YAML example under **Series.** in the events' section",
	"home: site":      "a YAML example below the table of keys every page may have",
}

var (
	rowRe  = regexp.MustCompile("^\\| `([a-z_]+)` \\|(.*)\\|$")
	tickRe = regexp.MustCompile("`([^`]*)`")
)

// readme returns the lines of README.md under each heading.
func readme(t *testing.T) map[string][]string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	head := ""
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "#") {
			head = line
			continue
		}
		out[head] = append(out[head], line)
	}
	return out
}

// ticked returns the words in backticks in s, without a trailing colon;
// not those with spaces (messages, examples).
func ticked(s string) []string {
	var out []string
	for _, m := range tickRe.FindAllStringSubmatch(s, -1) {
		w := strings.TrimSuffix(m[1], ":")
		if regexp.MustCompile(`^[a-z_]+$`).MatchString(w) {
			out = append(out, w)
		}
	}
	return out
}

// TestSchemaREADME checks that README.md's tables of front matter keys
// keep in step with the schema: a row for each key of each kind (its
// fields and fixed values named in it), and no row for a key the schema
// does not have; the translation table names the Text keys.
func TestSchemaREADME(t *testing.T) {
	lines := readme(t)
	for head, kind := range readmeKeyTables {
		rows := map[string]string{}
		for _, line := range lines[head] {
			if m := rowRe.FindStringSubmatch(line); m != nil {
				rows[m[1]] = m[2]
			}
		}
		if len(rows) == 0 {
			t.Errorf("README: no table of keys under %q", head)
			continue
		}
		fields := model.Schema(kind)
		for _, f := range fields {
			row, ok := rows[f.Key]
			if !ok {
				t.Errorf("README %s: no row for %s", head, f.Key)
				continue
			}
			inRow := ticked(row)
			for _, g := range f.Fields {
				if !strings.Contains(row, g.Key) {
					t.Errorf("README %s: the row of %s does not name its key %s", head, f.Key, g.Key)
				}
			}
			for _, v := range f.Values {
				if !slices.Contains(inRow, v) {
					t.Errorf("README %s: the row of %s does not name its value %s", head, f.Key, v)
				}
			}
			if f.Required != strings.Contains(row, "**required**") {
				t.Errorf("README %s: %s is required in the schema: %v, in the README: %v", head, f.Key, f.Required, !f.Required)
			}
		}
		for k := range rows {
			if !slices.ContainsFunc(fields, func(f model.Field) bool { return f.Key == k }) {
				t.Errorf("README %s: a row for %s, which is not a key of %s in the schema", head, k, kind)
			}
		}
	}
	for _, kind := range []string{"home", "section"} {
		for _, f := range model.Schema(kind) {
			if _, ok := readmeNoRow[kind+": "+f.Key]; !ok {
				t.Errorf("README: %s: %s has no table; add it to readmeNoRow with where it is documented", kind, f.Key)
			}
		}
	}
	// site: is documented by an example naming each of its keys.
	all := strings.Join(lines["### Keys every page may have"], "\n")
	for _, f := range model.Schema("home") {
		for _, g := range f.Fields {
			if !strings.Contains(all, g.Key+":") {
				t.Errorf("README: the site settings do not name %s:", g.Key)
			}
		}
	}

	// The translation table: a row for every page, events, actors.
	text := func(kind string) []string {
		var keys []string
		for _, f := range model.Schema(kind) {
			if f.Text {
				keys = append(keys, f.Key)
				for _, g := range f.Fields {
					if g.Text {
						keys = append(keys, g.Key)
					}
				}
			}
		}
		slices.Sort(keys)
		return keys
	}
	want := map[string][]string{
		"in every translation": text("common"),
		"events also":          text(model.TypeEvent),
		"actors also":          text(model.TypeActor),
	}
	for _, k := range []string{model.TypeMilestone, "home", "section"} {
		if keys := text(k); keys != nil {
			t.Errorf("%s has text keys %v, which the README's translation table does not have a row for", k, keys)
		}
	}
	var para []string // "Everything else — `start`, … is a fact of the original"
	in := false
	for _, line := range lines["### Languages and translations"] {
		if strings.HasPrefix(line, "Everything else") {
			in = true
		}
		if in && line == "" {
			in = false
		}
		if in {
			para = append(para, line)
		}
		cells := strings.Split(line, "|")
		if len(cells) < 4 {
			continue
		}
		label := strings.TrimSpace(cells[1])
		keys, ok := want[label]
		if !ok {
			continue
		}
		delete(want, label)
		got := ticked(cells[2])
		slices.Sort(got)
		if !slices.Equal(got, keys) {
			t.Errorf("README translation table, %s: %v; the schema's text keys: %v", label, got, keys)
		}
	}
	for label := range want {
		t.Errorf("README translation table: no row %q", label)
	}
	// Every other key of a page is named as a fact, but site: (documented
	// apart, a setting of the whole site, not a fact of a page).
	var wantFacts []string
	for _, k := range []string{"common", model.TypeEvent, model.TypeActor, model.TypeMilestone, "section"} {
		for _, f := range model.Schema(k) {
			if !f.Text && !slices.Contains(wantFacts, f.Key) {
				wantFacts = append(wantFacts, f.Key)
			}
		}
	}
	slices.Sort(wantFacts)
	facts := slices.Compact(slices.Sorted(slices.Values(ticked(strings.Join(para, " ")))))
	if !slices.Equal(facts, wantFacts) {
		t.Errorf("README: the facts a translation may not set: %v; the schema's: %v", facts, wantFacts)
	}
}
