package diag

import (
	"errors"
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
