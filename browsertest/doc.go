// Package browsertest proves in a real browser that the built pages are
// accessible, valid and responsive. It has no code of its own: everything
// is in its tests, which build two sites with the project's real layouts/
// and assets/ and check every HTML page of both:
//
//   - "real": the repository's content/, built for a fixed instant;
//   - "test": testdata/site.txtar, invented content with every kind of
//     event (upcoming, past, cancelled, postponed, all-day, several days,
//     online), actors of every category, milestones with documents, tables,
//     very long German words, an empty listing and a page in English; it
//     declares de, en and ar, with the home page and /termine/ translated
//     (every other page is shown untranslated in en and ar).
//
// The sites are written to a temporary folder and served over
// net/http/httptest on 127.0.0.1. The checks:
//
//	TestPages       every page loaded once, and on that load, as subtests
//	                <site>/<page>/<check>:
//	  axe           axe-core (tags wcag2a, wcag2aa, wcag21a, wcag21aa, plus
//	                best practices and target size) in headless Chromium, in
//	                the light and the dark colour scheme: zero violations;
//	                no script errors, CSP violations, failed or third-party
//	                requests (alias pages too, and only this)
//	  print         print media: navigation hidden, link targets printed
//	  layout        320, 768 and 1280 CSS px and 400 % zoom: no horizontal
//	                scrolling, nothing wider than the viewport outside the
//	                scrolling table containers; on right-to-left (Arabic)
//	                pages the main navigation and the breadcrumbs mirrored;
//	                screenshots in
//	                artifacts/screenshots/<site>/<page>-<width>.png (and
//	                <page>-320-dark.png), e.g. real/ar_termine-320.png, of
//	                the review set: one page of each kind, each language's
//	                home page and every right-to-left page (every page with
//	                go test ./browsertest/ -screenshots=all); TestPages/rtl
//	                screenshots checks that those of every right-to-left
//	                page are there
//	  keyboard      Tab from the top: skip link (the i18n string skip_link
//	                of the page's <html lang>), then the site title, the
//	                main navigation and the language switcher, then every
//	                focusable element in DOM order, each with a visible focus
//	                indicator; the switcher has one link per declared
//	                language (lang = hreflang, the current one
//	                aria-current="true"), each leading to a page in that
//	                language; every link of the site leads to a file of the
//	                site; on a second load, the skip link moves focus to
//	                <main>
//	TestAxeRules    the one axe run per scheme runs the rules of the three
//	                sets (WCAG 2.1 A/AA, best practices, target size)
//	TestNuValidator the Nu HTML Checker (vnu.jar, Java) on every HTML and CSS
//	                file, in one JVM run: zero errors
//	TestFreshness   assets/js/events.js with the clock moved on, in German,
//	                English and Arabic: passed events disappear and the
//	                fallback text (i18n no_entries) appears; with
//	                JavaScript off the listing stays as built
//	TestCMS         the editors' CMS at /admin/ (package cms) against
//	                decap-server on a copy of a test site, as sitegen serve
//	                runs it, with the browser in New York's time zone: a
//	                Termin made through the form is written, checks, builds
//	                and is listed; the preview is in the site's
//	                stylesheet; a translation typed into the second pane
//	                gets a file with only its text, shown on the English
//	                site; a form without title or start cannot be saved; times are kept as Bamberg wall-clock times, those
//	                the clocks skip or repeat refused; all day writes a date;
//	                no CSP violation (-update-decap keeps the written files
//	                for internal/cms's round-trip test)
//	TestCMSAccessible axe-core (WCAG 2.0–2.2 A/AA) at 1280 px and 200 %
//	                zoom on every screen of /admin/ an editor uses: login,
//	                lists, new and edit forms (both panes), Bereiche und
//	                Startseite, preview, media library: zero violations
//	TestCMSKeyboard a Termin by keyboard alone in the editorial workflow,
//	                login to review, every focus stop visible, uncovered
//	                and in order, every field named by its label and hint
//	                in the accessibility tree; the draft is TestCMS's file;
//	                axe on the workflow board and form
//
// The tests run only with SITEGEN_BROWSER_TESTS=1 (set by .ci/run; see
// package internal/testtools): without it TestMain builds nothing and every
// test skips with one line, even where the tools are installed, so that
// `go test ./...` is the same quick run on any machine. With it a missing
// tool is a failure. The tools are Debian's chromium, Java and the npm
// packages in tools/ (npm ci --prefix tools --ignore-scripts) and, for
// TestCMS, node and tools/cms (npm ci --prefix tools/cms --ignore-scripts).
// SITEGEN_CHROMIUM names the browser binary if it is not on $PATH as
// chromium, chromium-browser or google-chrome.
//
// One Chromium serves the whole package, and every test starts at once
// (TestMain raises go test's -parallel unless it is given): TestCMS,
// which waits on Decap and decap-server more than it computes, and
// TestNuValidator, a JVM of its own, overlap with the page checks from the
// start instead of queueing behind them. TestPages opens a tab and browser
// context of its own for each of twice as many workers as there are
// cores, and takes a slot (pageSlots) for each page; the subtests of the
// header, freshness and search checks run side by side in tabs of their
// own, each taking a slot too. TestPages loads a page once for all its
// checks (twice for the keyboard's skip link), resizes the window through
// the layout's widths instead of loading the page at each, and photographs
// only the review set: a page's screenshots at four widths cost the
// browser about as much as all its checks. axe runs the rules of its three sets
// in one run per colour scheme (TestAxeRules checks that they are the same
// rules); TestCMS loads Decap once per form and polls for what it waits
// on (its few fixed pauses give Decap time to write what it must not).
//
// Findings whose fix lies outside layouts/ and assets/ are listed with
// their fix in pending_test.go: logged, not failed, until the fix lands.
package browsertest
