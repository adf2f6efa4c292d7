package diag

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		d          Diagnostic
		short, lng string
	}{
		{Diagnostic{Path: "content/a.md", Line: 4, Message: "kaputt"}, "content/a.md:4: kaputt", "content/a.md:4: error: kaputt"},
		{Diagnostic{Path: "content/a.md", Line: 4, Col: 7, Severity: Warning, Message: "Hinweis"}, "content/a.md:4:7: Warnung: Hinweis", "content/a.md:4:7: warning: Hinweis"},
		{Diagnostic{Path: "layouts/base.html", Message: "fehlt"}, "layouts/base.html: fehlt", "layouts/base.html: error: fehlt"},
	}
	for _, tt := range tests {
		if got := tt.d.Error(); got != tt.short {
			t.Errorf("Error() = %q, want %q", got, tt.short)
		}
		if got := tt.d.Long(); got != tt.lng {
			t.Errorf("Long() = %q, want %q", got, tt.lng)
		}
	}
}

func TestListConcurrentSortedErr(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Fatal("empty list has an error")
	}
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			l.Errorf("content/b.md", 50-i, "e%d", i)
		}(i)
	}
	wg.Wait()
	l.Warnf("content/a.md", 1, "w")
	l.Errorf("content/b.md", 1, "e49") // duplicate of line 1, e49
	ds := l.Sorted()
	if len(ds) != 51 {
		t.Fatalf("got %d diagnostics, want 51 (duplicates removed)", len(ds))
	}
	if ds[0].Path != "content/a.md" || ds[1].Line != 1 || ds[50].Line != 50 {
		t.Errorf("not sorted: first %v, second %v, last %v", ds[0], ds[1], ds[50])
	}
	var errs Errors
	if !errors.As(l.Err(), &errs) || len(errs) != 51 {
		t.Fatalf("Err() = %v", l.Err())
	}
	var w List
	w.Warnf("x", 1, "only a warning")
	if w.Err() != nil {
		t.Error("warnings alone must not be an error")
	}
}

func TestLineOf(t *testing.T) {
	src := []byte("a\nb\nc")
	for off, want := range map[int]int{0: 1, 1: 1, 2: 2, 4: 3, 99: 3} {
		if got := LineOf(src, off); got != want {
			t.Errorf("LineOf(%d) = %d, want %d", off, got, want)
		}
	}
}

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"eine Zeile":                   "eine Zeile",
		"z. B.\nseries:\n  a: Titel\n": "z. B. series: a: Titel",
		"a\r\n\r\n  b  ":               "a b",
		"":                             "",
	} {
		if got := OneLine(in); got != want {
			t.Errorf("OneLine(%q) = %q, want %q", in, got, want)
		}
	}
	d := Diagnostic{Path: "content/a.md", Line: 2, Message: "eins\nzwei"}
	if d.Error() != "content/a.md:2: eins zwei" || d.Long() != "content/a.md:2: error: eins zwei" {
		t.Errorf("printed over lines: %q, %q", d.Error(), d.Long())
	}
	d.Detail = "series:\n  a: Titel\n"
	if got := strings.Join(d.DetailLines("  "), "|"); got != "  series:|    a: Titel" {
		t.Errorf("DetailLines = %q", got)
	}
	if (Diagnostic{}).DetailLines("  ") != nil {
		t.Error("lines of no detail")
	}
}

func TestCondense(t *testing.T) {
	var ds []Diagnostic
	add := func(path string, line int, sev Severity, msg string) {
		ds = append(ds, Diagnostic{Path: path, Line: line, Severity: sev, Message: msg})
	}
	for i := range 25 {
		p := fmt.Sprintf("content/%02d.md", i)
		add(p, 1, Warning, "Die Beschreibung fehlt")
		add(p, 3, Error, "Die Reihe fehlt")
		if i == 0 {
			add(p, 7, Error, "Die Reihe fehlt") // a second time in the first file
		}
		if i < 21 {
			add(p, 5, Error, fmt.Sprintf("\"%d\" ist kein Datum", i)) // differs from file to file
		}
	}
	for i := range 4 {
		add(fmt.Sprintf("content/z%d.md", i), 1, Error, "Der Link führt ins Leere")
	}
	slices.SortFunc(ds, Compare)
	lines := Condense(ds, 3)
	var got []string
	for _, l := range lines {
		got = append(got, l.String())
	}
	want := []string{
		"content/00.md:1: Warnung: Die Beschreibung fehlt",
		"content/00.md:3: Die Reihe fehlt",
		`content/00.md:5: "0" ist kein Datum`,
		"content/00.md:7: Die Reihe fehlt",
		"content/01.md:1: Warnung: Die Beschreibung fehlt",
		"content/01.md:3: Die Reihe fehlt",
		`content/01.md:5: "1" ist kein Datum`,
		"content/02.md:1: Warnung: Die Beschreibung fehlt",
		"… und 22 weitere Dateien mit derselben Warnung",
		"content/02.md:3: Die Reihe fehlt",
		"… und 22 weitere Dateien mit demselben Fehler",
		`content/02.md:5: "2" ist kein Datum`,
	}
	for i := 3; i < 21; i++ {
		want = append(want, fmt.Sprintf(`content/%02d.md:5: "%d" ist kein Datum`, i, i))
	}
	want = append(want, "content/z0.md:1: Der Link führt ins Leere", "content/z1.md:1: Der Link führt ins Leere",
		"content/z2.md:1: Der Link führt ins Leere", "… und 1 weitere Datei mit demselben Fehler")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Condense:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if l := lines[10]; l.More != 22 || l.Message != "Die Reihe fehlt" || l.Severity != Error || l.Path != "" {
		t.Errorf("count line %+v", l)
	}

	// Up to max files, everything is kept; max 0 keeps everything.
	if n := len(Condense(ds[:len(ds)-1], 3)); n != len(want)-1 {
		t.Errorf("3 files of a message at max 3: %d lines, want %d", n, len(want)-1)
	}
	if n := len(Condense(ds, 0)); n != len(ds) {
		t.Errorf("max 0: %d lines, want %d", n, len(ds))
	}
	if n := len(Condense(nil, MaxSame)); n != 0 {
		t.Errorf("Condense(nil) has %d lines", n)
	}

	// German numbers.
	if got := (Line{More: 3980}).MoreText(); got != "… und 3.980 weitere Dateien mit demselben Fehler" {
		t.Errorf("MoreText = %q", got)
	}
}
