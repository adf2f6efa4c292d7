package i18n

import (
	_ "embed"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/tree"
)

// Default is the language of the built-in strings, and a site's language
// when its home page names none: [load.DefaultLanguage], the one place
// of that code (package load reads the home page's settings first and
// cannot import this package).
const Default = load.DefaultLanguage

// Dir is the folder beside content/ that holds a site's strings.
const Dir = "i18n"

//go:embed de.yaml
var builtinYAML []byte

// builtin is the German strings, parsed once; its keys are every key.
var builtin, builtinOrder = func() (map[string]string, []string) {
	n, err := tree.Parse("yaml", builtinYAML, 1, fileWords)
	if err != nil {
		panic("i18n/de.yaml: " + err.Error())
	}
	m := map[string]string{}
	var order []string
	for _, f := range n.Fields {
		if f.Value.Kind != tree.Scalar {
			panic("i18n/de.yaml: " + f.Key + " is not a string")
		}
		m[f.Key] = f.Value.Text
		order = append(order, f.Key)
	}
	return m, order
}()

// Keys returns every key, in the order of the built-in German file.
func Keys() []string { return slices.Clone(builtinOrder) }

// Builtin returns the built-in German text of key, or "".
func Builtin(key string) string { return builtin[key] }

// Catalog is a site's interface strings in every language it has files
// for. The zero value and nil hold the built-in German strings only.
type Catalog struct {
	texts map[string]map[string]string // lang → key → text
	files map[string]string            // lang → path of its file
}

// Load reads the files dir/<code>.yaml and dir/<code>.toml of fsys (a
// missing dir is an empty catalog). Problems are added to diags.
func Load(fsys fs.FS, dir string, diags *diag.List) *Catalog {
	c := &Catalog{texts: map[string]map[string]string{}, files: map[string]string{}}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return c
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || load.Ignored(name) {
			continue
		}
		p := path.Join(dir, name)
		ext := path.Ext(name)
		code := strings.TrimSuffix(name, ext)
		if ext != ".yaml" && ext != ".yml" && ext != ".toml" {
			diags.Errorf(p, 0, "In %s/ gehören nur Dateien <Sprachcode>.yaml, z. B. %s/en.yaml", dir, dir)
			continue
		}
		if !codeRe.MatchString(code) {
			diags.Errorf(p, 0, "%q ist kein Sprachcode: die Datei muss nach der Sprache heißen, z. B. en.yaml", code)
			continue
		}
		if prev, ok := c.files[code]; ok {
			diags.Errorf(p, 0, "Für die Sprache %s gibt es schon %s – bitte nur eine Datei je Sprache", code, prev)
			continue
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			diags.Errorf(p, 0, "Kann nicht gelesen werden: %v", err)
			continue
		}
		c.files[code] = p
		c.texts[code] = parse(p, data, strings.TrimPrefix(ext, "."), diags)
	}
	return c
}

var codeRe = regexp.MustCompile(`^[a-z]{2,3}$`)

// fileWords name a file of strings in messages. A key's messages say
// "im Front Matter", as they did when the parser was front matter's.
var fileWords = tree.Words{The: "Die Datei", In: "im Front Matter"}

var placeholderRe = regexp.MustCompile(`\{[0-9]+\}`)

func parse(p string, data []byte, ext string, diags *diag.List) map[string]string {
	format := "yaml"
	if ext == "toml" {
		format = "toml"
	}
	root, err := tree.Parse(format, data, 1, fileWords)
	if err != nil {
		diags.Errorf(p, err.(*tree.Error).Line, "%v", err)
		return map[string]string{}
	}
	m := make(map[string]string, len(root.Fields))
	for _, f := range root.Fields {
		want, known := builtin[f.Key]
		switch {
		case !known:
			msg := fmt.Sprintf("Den Text %q gibt es nicht", f.Key)
			if s := diag.Suggest(f.Key, builtinOrder); s != "" {
				msg += fmt.Sprintf(" – gemeint ist wohl %q", s)
			}
			diags.Errorf(p, f.Line, "%s", msg)
		case f.Value.Kind != tree.Scalar || f.Value.Tag == "null":
			diags.Errorf(p, f.Line, "%s: hier gehört ein Text hin, z. B. %s: %q", f.Key, f.Key, want)
		case strings.TrimSpace(f.Value.Text) == "":
			diags.Errorf(p, f.Line, "%s: der Text ist leer (auf Deutsch: %q)", f.Key, want)
		default:
			if a, b := placeholders(want), placeholders(f.Value.Text); !slices.Equal(a, b) {
				diags.Errorf(p, f.Line, "%s: der Text muss die Platzhalter %s enthalten wie der deutsche (%q)", f.Key, strings.Join(a, " "), want)
			}
			m[f.Key] = f.Value.Text
		}
	}
	return m
}

func placeholders(s string) []string {
	ps := placeholderRe.FindAllString(s, -1)
	slices.Sort(ps)
	return slices.Compact(ps)
}

// Check reports, for each declared language, a missing file and every
// key its file lacks. German needs no file: its built-in texts fill in.
func (c *Catalog) Check(langs []string, diags *diag.List) {
	for _, l := range langs {
		if l == Default {
			continue
		}
		p, ok := c.file(l)
		if !ok {
			diags.Errorf(path.Join(Dir, l+".yaml"), 0, "Die Texte der Oberfläche in der Sprache %s fehlen: bitte %s/%s.yaml anlegen (Vorlage: %s/de.yaml)", l, Dir, l, Dir)
			continue
		}
		var missing []string
		for _, k := range builtinOrder {
			if _, ok := c.texts[l][k]; !ok {
				missing = append(missing, k)
			}
		}
		if len(missing) > maxMissing { // a file just begun: one message
			diags.Errorf(p, 0, "Es fehlen %d von %d Texten, z. B. %s (Vorlage: %s/de.yaml)", len(missing), len(builtinOrder), strings.Join(missing[:maxMissing], ", "), Dir)
			continue
		}
		for _, k := range missing {
			diags.Errorf(p, 0, "Der Text %s fehlt (auf Deutsch: %q)", k, builtin[k])
		}
	}
}

// maxMissing is how many missing keys are reported one by one.
const maxMissing = 5

func (c *Catalog) file(lang string) (string, bool) {
	if c == nil {
		return "", false
	}
	p, ok := c.files[lang]
	return p, ok
}

// Has reports whether the catalog has a file for lang.
func (c *Catalog) Has(lang string) bool {
	_, ok := c.file(lang)
	return ok
}

// T returns the text of key in lang with {0}, {1} … replaced by args,
// falling back to the site's German text and then the built-in one; an
// unknown key is returned as it is, in brackets, so that it shows.
func (c *Catalog) T(lang, key string, args ...any) string {
	s, ok := c.lookup(lang, key)
	if !ok {
		return "[" + key + "]"
	}
	if len(args) == 0 {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		n, err := strconv.Atoi(s[i+1 : i+j])
		if err != nil || n < 0 || n >= len(args) {
			b.WriteString(s[:i+j+1])
			s = s[i+j+1:]
			continue
		}
		b.WriteString(s[:i])
		fmt.Fprint(&b, args[n])
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// Known reports whether key is a key of the catalog.
func Known(key string) bool {
	_, ok := builtin[key]
	return ok
}

func (c *Catalog) lookup(lang, key string) (string, bool) {
	if c != nil {
		if s, ok := c.texts[lang][key]; ok {
			return s, true
		}
		if s, ok := c.texts[Default][key]; ok {
			return s, true
		}
	}
	s, ok := builtin[key]
	return s, ok
}

// Sum feeds every text of the catalog, in a fixed order, to add, for the
// build's cache key.
func (c *Catalog) Sum(add func(string)) {
	if c == nil {
		return
	}
	for _, l := range slices.Sorted(maps.Keys(c.texts)) {
		add(l)
		for _, k := range builtinOrder {
			add(k)
			add(c.texts[l][k])
		}
	}
}
