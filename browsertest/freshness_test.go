package browsertest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"

	"github.com/stadt-bamberg/integration/internal/i18n"
)

// fakeClock replaces the page's Date before any of its scripts run, so
// that the clock reads the given instant (and goes on from there).
// window.__setClock(ms) moves it later.
const fakeClock = `(() => {
  const Real = Date;
  let offset = %d - Real.now();
  class FakeDate extends Real {
    constructor(...a) { if (a.length) { super(...a); } else { super(Real.now() + offset); } }
    static now() { return Real.now() + offset; }
  }
  window.Date = FakeDate;
  window.__setClock = ms => { offset = ms - Real.now(); };
})();`

// listingState describes every event listing of the page as it is shown.
const listingState = `(() => {
  const shown = el => !!el && el.getClientRects().length > 0;
  return [...document.querySelectorAll('.event-listing')].map(box => ({
    items: [...box.querySelectorAll('.event-item')].map(li => ({title: li.querySelector('.event-title a').textContent, shown: shown(li), later: li.hasAttribute('data-later')})),
    listShown: shown(box.querySelector('.event-list')),
    empty: box.querySelector('.event-empty') ? box.querySelector('.event-empty').textContent : '',
    emptyTag: box.querySelector('.event-empty') ? box.querySelector('.event-empty').tagName.toLowerCase() : '',
    emptyShown: shown(box.querySelector('.event-empty')),
    html: box.outerHTML,
  }));
})()`

type listing struct {
	Items []struct {
		Title string
		Shown bool
		Later bool // held in reserve by a limited listing
	}
	ListShown  bool
	Empty      string
	EmptyTag   string
	EmptyShown bool
	HTML       string
}

func (l listing) shown() []string {
	var s []string
	for _, it := range l.Items {
		if it.Shown {
			s = append(s, it.Title)
		}
	}
	return s
}

// all returns the titles the build lists (not those held in reserve).
func (l listing) all() []string {
	var s []string
	for _, it := range l.Items {
		if !it.Later {
			s = append(s, it.Title)
		}
	}
	return s
}

// fallback is the German fallback sentence (the i18n string no_entries).
const fallback = "Es wurden keine Einträge gefunden!"

// freshnessLangs are the languages TestFreshness runs in: the test site
// has translations of its home page and of /termine/ in English and
// Arabic (right to left); the series page /termine/reihe/sprachcafe/ is
// made in every language.
var freshnessLangs = []string{"de", "en", "ar"}

// TestFreshness checks assets/js/events.js in the browser, on the pages
// of every language in freshnessLangs. The test site is built on
// 2027-03-10 at noon; its Sprachcafé ends at 18:00 that day, the Runder
// Tisch is the next day. With the page's clock moved past an event's end,
// the event disappears, and a listing left empty (the home page's "Nächster
// Termin") shows the fallback text, the i18n string no_entries of the
// page's language. With JavaScript off the listing stays exactly as built.
func TestFreshness(t *testing.T) {
	gate(t)
	t.Parallel()
	browser(t)
	if got := catalog.T("de", "no_entries"); got != fallback {
		t.Errorf("the German fallback (no_entries) is %q, want %q", got, fallback)
	}
	for _, lang := range freshnessLangs {
		t.Run(lang, func(t *testing.T) {
			t.Parallel() // each language in tabs of its own
			slot(t)
			if !slices.Contains(testSite.langs, lang) {
				t.Fatalf("the test site does not declare %s (languages: %v)", lang, testSite.langs)
			}
			freshness(t, lang)
		})
	}
}

// freshness runs the checks of TestFreshness on the pages of one language.
func freshness(t *testing.T, lang string) {
	prefix := "/"
	if lang != testSite.langs[0] {
		prefix += lang + "/"
	}
	home, termine, series := prefix, prefix+"termine/", prefix+"termine/reihe/sprachcafe/"
	fallback := catalog.T(lang, "no_entries")
	if lang != i18n.Default && !catalog.Has(lang) {
		t.Fatalf("i18n/ has no strings for %s", lang)
	}

	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02T15:04", s, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	built, afterCafe, later := at("2027-03-10T12:00"), at("2027-03-10T18:30"), at("2028-01-01T00:00")
	const cafe = "Sprachcafé im März" // not translated: the German title on every page

	// load opens p in a new tab whose clock reads now (zero: the real
	// clock), with or without JavaScript, and returns its listings.
	load := func(t *testing.T, p string, now time.Time, js bool) (*tab, []listing) {
		t.Helper()
		tb := newTab(t)
		if !now.IsZero() {
			tb.do(t, onNewDocument(fmt.Sprintf(fakeClock, now.UnixMilli())))
		}
		if !js {
			tb.do(t, command(emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}))
		}
		testSite.page(t, p)
		tb.open(t, testSite.at(p))
		if got := eval[string](t, tb, `document.documentElement.lang`); got != lang {
			t.Fatalf("%s is <html lang=%q>, want %q", p, got, lang)
		}
		ls := eval[[]listing](t, tb, listingState)
		if len(ls) == 0 {
			t.Fatalf("%s has no event listing", p)
		}
		for _, pr := range tb.takeProblems() {
			t.Errorf("%s: %s", p, pr)
		}
		return tb, ls
	}

	var asBuilt map[string][]listing // per page, with JavaScript at build time
	pages := []string{termine, home, series}

	if lang != testSite.langs[0] { // the originals are not translations
		t.Run("the pages are translated", func(t *testing.T) {
			// The home page and /termine/ have translations in the test site,
			// so that the listing stands in text of the page's language.
			for _, p := range []string{home, termine} {
				tb, _ := load(t, p, built, true)
				if n := eval[int](t, tb, `document.querySelectorAll('.untranslated-note').length`); n > 0 {
					t.Errorf("%s is shown untranslated: add its translation to testdata/site.txtar", p)
				}
			}
		})
	}

	t.Run("at build time nothing changes", func(t *testing.T) {
		asBuilt = map[string][]listing{}
		for _, p := range pages {
			_, ls := load(t, p, built, true)
			for _, l := range ls {
				if got := l.shown(); !slices.Equal(got, l.all()) || len(got) == 0 || l.EmptyShown {
					t.Errorf("%s: shown %q of %q, fallback shown %v", p, got, l.all(), l.EmptyShown)
				}
			}
			asBuilt[p] = ls
		}
		if first := asBuilt[home][0].all(); !slices.Equal(first, []string{cafe}) {
			t.Errorf("the home page's next event is %q, want the Sprachcafé (the test site changed?)", first)
		}
	})

	t.Run("a passed event disappears", func(t *testing.T) {
		_, ls := load(t, termine, afterCafe, true)
		l := ls[0]
		want := slices.DeleteFunc(l.all(), func(s string) bool { return s == cafe })
		if got := l.shown(); !slices.Equal(got, want) {
			t.Errorf("%s after the Sprachcafé shows %q, want %q", termine, got, want)
		}
		if !l.ListShown || l.EmptyShown {
			t.Errorf("%s: list shown %v, fallback shown %v; want the list", termine, l.ListShown, l.EmptyShown)
		}
	})

	t.Run("the next event moves up into a limited slot", func(t *testing.T) {
		// On /termine/ (no limit) the event after the Sprachcafé is listed
		// second; in the home page's "Nächster Termin" (limit=1) it takes
		// the Sprachcafé's place once that has passed.
		if len(asBuilt[termine]) == 0 || len(asBuilt[termine][0].all()) < 2 {
			t.Fatalf("needs the build-time state of %s with two events or more", termine)
		}
		next := asBuilt[termine][0].all()[1]
		for _, tc := range []struct {
			now  time.Time
			want []string
		}{{built, []string{cafe}}, {afterCafe, []string{next}}} {
			_, ls := load(t, home, tc.now, true)
			if got := ls[0].shown(); !slices.Equal(got, tc.want) || ls[0].EmptyShown {
				t.Errorf("%s at %s: shown %q (fallback %v), want %q", home, tc.now.Format(time.DateTime), got, ls[0].EmptyShown, tc.want)
			}
		}
	})

	t.Run("the fallback appears when none remain", func(t *testing.T) {
		for _, c := range []struct {
			page string
			now  time.Time
		}{
			{home, later},       // "Nächster Termin" (limit=1)
			{series, afterCafe}, // a series whose only date passed
			{termine, later},    // all upcoming events passed
		} {
			_, ls := load(t, c.page, c.now, true)
			l := ls[0]
			if got := l.shown(); len(got) > 0 || l.ListShown {
				t.Errorf("%s at %s: still shows %q", c.page, c.now.Format(time.DateTime), got)
			}
			if !l.EmptyShown || l.Empty != fallback || l.EmptyTag != "p" {
				t.Errorf("%s at %s: fallback <%s> %q shown %v, want <p> %q (no_entries, %s) shown", c.page, c.now.Format(time.DateTime), l.EmptyTag, l.Empty, l.EmptyShown, fallback, lang)
			}
		}
	})

	t.Run("past events stay in the archive", func(t *testing.T) {
		tb, _ := load(t, termine, later, true)
		n := eval[int](t, tb, `[...document.querySelectorAll('.event-archive .event-item')].filter(li => li.getClientRects().length > 0).length`)
		if n == 0 {
			t.Errorf("%s: the past events are hidden too", termine)
		}
	})

	t.Run("the page updates when it becomes visible again", func(t *testing.T) {
		tb, _ := load(t, home, built, true)
		eval[struct{}](t, tb, fmt.Sprintf(`window.__setClock(%d); document.dispatchEvent(new Event('visibilitychange')); 0`, afterCafe.UnixMilli()))
		l := eval[[]listing](t, tb, listingState)[0]
		if got := l.shown(); slices.Contains(got, cafe) || len(got) != 1 {
			t.Errorf("%s after the clock passed the Sprachcafé: shown %q, want the next event", home, got)
		}
	})

	t.Run("without JavaScript the listing stays as built", func(t *testing.T) {
		if asBuilt == nil {
			t.Fatal("the state at build time was not recorded (an earlier subtest failed, or -run left it out)")
		}
		for _, p := range pages {
			_, ls := load(t, p, later, false)
			if len(ls) != len(asBuilt[p]) {
				t.Fatalf("%s: %d listings, want %d", p, len(ls), len(asBuilt[p]))
			}
			for i, l := range ls {
				if l.HTML != asBuilt[p][i].HTML {
					t.Errorf("%s: listing %d differs from the built one:\n%s\nwant:\n%s", p, i, l.HTML, asBuilt[p][i].HTML)
				}
				if !slices.Equal(l.shown(), l.all()) || l.EmptyShown {
					t.Errorf("%s: shown %q of %q, fallback shown %v", p, l.shown(), l.all(), l.EmptyShown)
				}
			}
		}
	})
}
