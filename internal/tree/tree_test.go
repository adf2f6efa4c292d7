package tree

import (
	"fmt"
	"strings"
	"testing"
)

var (
	frontMatter = Words{The: "Das Front Matter", In: "im Front Matter"}
	file        = Words{The: "Die Datei", In: "in der Datei"}
)

// TestMessages checks every message Parse gives, with the words passed in
// and the line of the file (the text starts at line 3).
func TestMessages(t *testing.T) {
	deep := strings.Repeat("[", 60) + strings.Repeat("]", 60)
	bomb := "a: &a [l, l, l, l, l, l, l, l, l]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	tests := []struct {
		name, format, src string
		w                 Words
		line              int
		msg               string
	}{
		{"yaml colon in value", "yaml", "title: x\nfoo: bar: baz\n", frontMatter, 4,
			"Das Front Matter ist kein gültiges YAML (mapping values are not allowed in this context) – steht ein Doppelpunkt im Wert? Dann den Wert in Anführungszeichen setzen"},
		{"yaml tab", "yaml", "title: x\nfoo:\n\t- a\n", file, 5,
			"Die Datei ist kein gültiges YAML (found character that cannot start any token) – Tabulatoren sind in YAML nicht erlaubt, bitte Leerzeichen verwenden"},
		{"yaml indentation", "yaml", "a:\n  b: 1\n c: 2\n", frontMatter, 4,
			"Das Front Matter ist kein gültiges YAML (did not find expected key) – ist eine Zeile falsch eingerückt?"},
		{"yaml without a hint", "yaml", "a: [1, 2\nb: 3\n", frontMatter, 3,
			"Das Front Matter ist kein gültiges YAML (did not find expected ',' or ']')"},
		{"not a map", "yaml", "- a\n- b\n", file, 3,
			"Die Datei muss aus Zeilen der Form schlüssel: wert bestehen"},
		{"too many values", "yaml", bomb, frontMatter, 3, // where the expanded values are written
			"Das Front Matter ist zu groß: zu viele Werte (durch Verweise mit & und *?) – bitte die Angaben direkt hinschreiben"},
		{"too deep", "yaml", "title: x\na: " + deep + "\n", file, 4,
			"Die Datei ist zu tief verschachtelt"},
		{"key not a word", "yaml", "title: x\n[a]: 1\n", frontMatter, 4,
			"Ein Schlüssel im Front Matter muss ein einfaches Wort sein"},
		{"key not a word, file", "yaml", "title: x\n[a]: 1\n", file, 4,
			"Ein Schlüssel in der Datei muss ein einfaches Wort sein"},
		{"duplicate key", "yaml", "title: x\n\ntitle: y\n", frontMatter, 5,
			`"title" steht doppelt im Front Matter (zuerst in Zeile 3)`},
		{"duplicate key, file", "yaml", "a: x\nb:\n  c: 1\n  c: 2\n", file, 6,
			`"c" steht doppelt in der Datei (zuerst in Zeile 5)`},
		{"unclosed quote", "yaml", "title: x\nmenu: \"Menu\nsearch: Search\n", file, 4,
			"Das Anführungszeichen in Zeile 4 wird nicht geschlossen – bitte am Ende des Werts \" ergänzen"},
		{"unclosed single quote at the end", "yaml", "title: x\nmenu: 'Menu\n", frontMatter, 4,
			"Das Anführungszeichen in Zeile 4 wird nicht geschlossen – bitte am Ende des Werts ' ergänzen"},
		{"text after a double quote", "yaml", "title: \"Er sagte \"Hallo\" zu mir, und dann noch sehr viel mehr\"\n", frontMatter, 3,
			`Nach dem schließenden Anführungszeichen in Zeile 3 steht noch Text (Hallo" zu mir, und dann noch s…) – ein " im Wert bitte als \" schreiben oder den ganzen Wert in ' setzen`},
		{"text after a single quote", "yaml", "title: x\nsummary: 'Bamberg's Mitte'\n", file, 4,
			`Nach dem schließenden Anführungszeichen in Zeile 4 steht noch Text (s Mitte') – ein ' im Wert bitte doppelt schreiben ('') oder den ganzen Wert in " setzen`},
		{"toml", "toml", "title = \"x\"\nfoo = \n", frontMatter, 4,
			"Das Front Matter ist kein gültiges TOML (toml: unexpected character U+000A at start of value)"},
		{"toml, file", "toml", "a = 1\nb = \"x\n", file, 4,
			"Die Datei ist kein gültiges TOML (toml: basic strings cannot have new lines)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Parse(tt.format, []byte(tt.src), 3, tt.w)
			e, ok := err.(*Error)
			if n != nil || !ok {
				t.Fatalf("got %+v, %v; want an *Error", n, err)
			}
			if e.Line != tt.line || e.Message != tt.msg {
				t.Errorf("got %d: %s\nwant %d: %s", e.Line, e.Message, tt.line, tt.msg)
			}
		})
	}
}

// TestValues checks the tree of a valid text: kinds, tags, text as
// written, lines of the file, keys in the order written.
func TestValues(t *testing.T) {
	yaml := "title: \"Ein: Titel\"\nweight: 10\nmenu: True\nstart: 2027-03-11T18:00\ndraft: ~\nlanguages: [de, tr]\nlocation:\n  name: Rathaus\nbase: &b\n  x: 1.5\nref: *b\n"
	toml := "title = \"Ein: Titel\"\nweight = 10\nmenu = true\nstart = 2027-03-11T18:00:00\nlanguages = [\"de\", \"tr\"]\n[location]\nname = \"Rathaus\"\n[base]\nx = 1.5\n"
	for _, tc := range []struct{ format, src, want string }{
		{"yaml", yaml, "title@2 str Ein: Titel|weight@3 int 10|menu@4 bool true|start@5 str 2027-03-11T18:00|draft@6 null |languages@7 [de@7 tr@7]|location@8 {name@9 str Rathaus}|base@10 {x@11 float 1.5}|ref@12 {x@11 float 1.5}"},
		// A table at the top has the line of the text's start, and keys
		// are ordered by line, then name.
		{"toml", toml, "base@2 {x@10 float 1.5}|location@2 {name@8 str Rathaus}|title@2 str Ein: Titel|weight@3 int 10|menu@4 bool true|start@5 str 2027-03-11T18:00:00|languages@6 [de@6 tr@6]"},
		{"yaml", "", ""},
		{"toml", "", ""},
	} {
		n, err := Parse(tc.format, []byte(tc.src), 2, frontMatter)
		if err != nil || n.Kind != Map || n.Line != 2 {
			t.Fatalf("%s %q: %+v, %v", tc.format, tc.src, n, err)
		}
		if got := show(n); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.format, got, tc.want)
		}
	}
}

func show(n *Node) string {
	var parts []string
	for _, f := range n.Fields {
		parts = append(parts, fmt.Sprintf("%s@%d %s", f.Key, f.Line, showValue(f.Value)))
	}
	return strings.Join(parts, "|")
}

func showValue(n *Node) string {
	switch n.Kind {
	case List:
		var items []string
		for _, it := range n.Items {
			items = append(items, fmt.Sprintf("%s@%d", it.Text, it.Line))
		}
		return "[" + strings.Join(items, " ") + "]"
	case Map:
		return "{" + show(n) + "}"
	}
	return n.Tag + " " + n.Text
}

func FuzzParse(f *testing.F) {
	f.Add("yaml", "title: x\n")
	f.Add("toml", "title = \"x\"\n[a]\nb = 1\n")
	f.Add("yaml", "a: &x [1, *x]\n")
	f.Add("yaml", "")
	f.Add("yaml", "title: \"a\nb: 'c''\n")
	f.Add("toml", "a = \"x\n")
	f.Fuzz(func(t *testing.T, format, src string) {
		if format != "toml" {
			format = "yaml"
		}
		n, err := Parse(format, []byte(src), 5, frontMatter)
		if err != nil {
			if e, ok := err.(*Error); !ok || e.Line < 5 || e.Message == "" || strings.ContainsAny(e.Message, "\r\n") {
				t.Fatalf("bad error %#v", err)
			}
			return
		}
		if n == nil || n.Kind != Map || n.Line < 5 {
			t.Fatalf("bad result %+v", n)
		}
	})
}
