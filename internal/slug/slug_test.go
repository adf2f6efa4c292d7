package slug

import "testing"

func TestMake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Leitbild, Ziele & Vorgehen", "leitbild-ziele-vorgehen"},
		{"Runder Tisch Integration März 2027", "runder-tisch-integration-maerz-2027"},
		{"Größe – Übung & Straße", "groesse-uebung-strasse"},
		{"ÄÖÜ äöü ß ẞ", "aeoeue-aeoeue-ss-ss"},
		{"  --Nächster Termin:--  ", "naechster-termin"},
		{"Café Niño", "cafe-nino"},
		{"Łódź", "lodz"},
		{"Flächenübergreifendes Integrationsprojekt (2007–2016)", "flaechenuebergreifendes-integrationsprojekt-2007-2016"},
		{"Migranten- und Integrationsbeirat", "migranten-und-integrationsbeirat"},
		{"مرحبا", ""},
		{"", ""},
		{"a\u0308b", "aeb"}, // decomposed ä
	}
	for _, tt := range tests {
		if got := Make(tt.in); got != tt.want {
			t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValid(t *testing.T) {
	for s, want := range map[string]bool{"runder-tisch": true, "Runder": false, "a--b": false, "-a": false, "": false, "maerz-2027": true} {
		if Valid(s) != want {
			t.Errorf("Valid(%q) = %v", s, !want)
		}
	}
}

func FuzzMake(f *testing.F) {
	f.Add("Leitbild, Ziele & Vorgehen")
	f.Add("ÄÖÜß")
	f.Fuzz(func(t *testing.T, s string) {
		got := Make(s)
		if got != "" && !Valid(got) {
			t.Fatalf("Make(%q) = %q is not a valid slug", s, got)
		}
		if Make(got) != got {
			t.Fatalf("Make not idempotent on %q", got)
		}
	})
}
