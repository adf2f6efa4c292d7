package model

import (
	"net/mail"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/stadt-bamberg/integration/internal/dates"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
	"golang.org/x/text/language"
)

func (d *decoder) event(p *Page, loc *time.Location, actors map[string]*Page) {
	m := p.Source.Meta
	e := &Event{Status: "scheduled"}
	var start, end *dates.Value
	if n := m.Get("start"); n == nil {
		d.errorAt(m.Line, "Der Beginn fehlt: bitte start: 2027-03-11T18:00 angeben (oder nur das Datum für ganztägige Termine)")
	} else if v, ok := d.date(n, "start", loc); ok {
		start = &v
	}
	if n := m.Get("end"); n != nil {
		if v, ok := d.date(n, "end", loc); ok {
			end = &v
		}
	}
	if start != nil {
		span, err := dates.NewSpan(*start, end)
		if err != nil {
			n := m.Get("end")
			if n == nil {
				n = m.Get("start")
			}
			d.errorf(n, "%s", err.Error())
		} else {
			e.Span = span
			e.Until = span.Until(loc)
		}
	}
	if n := m.Get("series"); n != nil {
		e.Series = d.str(n, "series")
		declared := map[string]string{}
		for q := p.Parent; q != nil; q = q.Parent {
			for k, v := range q.Series {
				if _, ok := declared[k]; !ok {
					declared[k] = v
				}
			}
		}
		if t, ok := declared[e.Series]; ok {
			e.SeriesTitle = t
		} else if e.Series != "" {
			names := make([]string, 0, len(declared))
			for k := range declared {
				names = append(names, k)
			}
			slices.Sort(names)
			if len(names) == 0 {
				where := ""
				if p.Parent != nil && p.Parent.Source != nil {
					where = " (" + p.Parent.Source.Path + ")"
				}
				d.errorDetail(n, "series:\n  "+e.Series+": Titel der Reihe",
					"Die Reihe %q ist nicht angelegt: bitte in der _index.md des Bereichs%s unter series: eintragen (series: {%s: Titel der Reihe})", e.Series, where, e.Series)
			} else {
				d.oneOf(n, "series", e.Series, names)
			}
			e.Series = ""
		}
	}
	if n := d.mapping(m.Get("location"), "location", "location:\n  name: Rathaus\n  address: Maximiliansplatz 3, 96047 Bamberg"); n != nil {
		d.checkKeys(n, []string{"name", "address", "url", "online"}, " unter location:")
		l := &Location{
			Name:    d.str(n.Get("name"), "name"),
			Address: d.str(n.Get("address"), "address"),
			URL:     d.webURL(n.Get("url"), "url"),
			Online:  d.webURL(n.Get("online"), "online"),
		}
		if l.Name == "" && l.Address == "" && l.Online == "" {
			d.errorf(n, "Unter location: fehlt name und address (oder online: für Online-Termine)")
		}
		e.Location = l
	}
	if n := m.Get("organizer"); n != nil {
		o := d.str(n, "organizer")
		if a, ok := actors[o]; ok {
			e.Organizer = a
		} else if o != "" {
			names := make([]string, 0, len(actors))
			for k := range actors {
				names = append(names, k)
			}
			slices.Sort(names) // Suggest takes the first of equally close names
			msg := "organizer: Es gibt keine Akteursseite %q (z. B. content/akteure/%s.md)"
			if s := diag.Suggest(o, names); s != "" {
				msg += " – gemeint ist wohl %q"
				d.errorf(n, msg, o, o, s)
			} else {
				d.errorf(n, msg, o, o)
			}
		}
	}
	e.Registration = d.str(m.Get("registration"), "registration")
	if n := m.Get("status"); n != nil {
		s := d.str(n, "status")
		switch s {
		case "abgesagt":
			d.errorf(n, "status: bitte cancelled statt %q schreiben", s)
		case "verschoben":
			d.errorf(n, "status: bitte postponed statt %q schreiben", s)
		default:
			if s != "" && d.oneOf(n, "status", s, Statuses) {
				e.Status = s
			}
		}
	}
	e.Summary = d.str(m.Get("summary"), "summary")
	p.Event = e
}

func (d *decoder) date(n *load.Node, key string, loc *time.Location) (dates.Value, bool) {
	s := d.str(n, key)
	if s == "" {
		d.errorf(n, "%q ist leer – bitte ein Datum wie 2027-03-11T18:00 angeben", key)
		return dates.Value{}, false
	}
	if strings.HasPrefix(s, Placeholder) {
		d.errorf(n, "%q ist noch ein Platzhalter – bitte das Datum eintragen, z. B. 2027-03-11T18:00", key)
		return dates.Value{}, false
	}
	v, err := dates.Parse(s, loc)
	if err != nil {
		d.errorf(n, "%q: %s", key, err.Error())
		return dates.Value{}, false
	}
	return v, true
}

// EmailPattern is what an e-mail address in the content may look like:
// a local part and a domain of letters, digits and . _ + - only, the
// domain with at least one dot. Mail allows more (quoted parts, ? % & #
// , ;), but in a mailto: link those add recipients or a prefilled text
// ("x@stadt.bamberg.de?bcc=…" would copy every reader's mail elsewhere).
// The CMS's form checks the same pattern (package cms); it is written so
// that Go and JavaScript read it alike.
const EmailPattern = `^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$`

var emailRe = regexp.MustCompile(EmailPattern)

var phoneRe = regexp.MustCompile(`^\+?[0-9][0-9 ()/\-]{3,30}[0-9]$`)

func (d *decoder) webURL(n *load.Node, key string) string {
	s := d.str(n, key)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(u.Host, " ") {
		d.errorf(n, "%q ist keine vollständige Internetadresse – bitte mit https:// beginnen", s)
		return ""
	}
	return s
}

func (d *decoder) actor(p *Page) {
	m := p.Source.Meta
	a := &Actor{}
	if n := m.Get("category"); n != nil {
		a.Category = d.str(n, "category")
		if !d.oneOf(n, "category", a.Category, Categories) {
			a.Category = ""
		}
	}
	a.Role = d.str(m.Get("role"), "role")
	if n := d.mapping(m.Get("contact"), "contact", "contact:\n  email: integration@example.org\n  phone: 0951 12345"); n != nil {
		d.checkKeys(n, []string{"email", "phone", "website"}, " unter contact:")
		if e := d.str(n.Get("email"), "email"); e != "" {
			if addr, err := mail.ParseAddress(e); err != nil || addr.Address != e || !emailRe.MatchString(e) {
				d.errorf(n.Get("email"), "%q ist keine E-Mail-Adresse der Form name@beispiel.de", e)
			} else {
				a.Contact.Email = e
			}
		}
		if ph := d.str(n.Get("phone"), "phone"); ph != "" {
			if !phoneRe.MatchString(ph) {
				d.errorf(n.Get("phone"), "%q ist keine Telefonnummer – erlaubt sind Ziffern, Leerzeichen, + / - ( ), z. B. 0951 87-1234", ph)
			} else {
				a.Contact.Phone = ph
			}
		}
		a.Contact.Website = d.webURL(n.Get("website"), "website")
	}
	a.Address = d.str(m.Get("address"), "address")
	if n := m.Get("languages"); n != nil {
		for _, item := range d.list(n, "languages") {
			code := d.str(item, "languages")
			if code == "" {
				continue
			}
			if b, err := language.ParseBase(code); err != nil || len(code) != 2 || b.String() != strings.ToLower(code) {
				d.errorf(item, "%q ist kein Sprachcode nach ISO 639-1 (zwei Buchstaben, z. B. de, tr, ar, uk)", code)
				continue
			}
			a.Languages = append(a.Languages, strings.ToLower(code))
		}
	}
	a.Offers = d.strs(m.Get("offers"), "offers")
	p.Actor = a
}

func (d *decoder) milestone(p *Page, s *Site) {
	m := p.Source.Meta
	ms := &Milestone{}
	if n := m.Get("date"); n == nil {
		d.errorAt(m.Line, "Das Datum fehlt: bitte date: 2007, 2007-07 oder 2013-07-12 angeben")
	} else if v := d.str(n, "date"); strings.HasPrefix(v, Placeholder) {
		d.errorf(n, "\"date\" ist noch ein Platzhalter – bitte das Datum eintragen: 2007, 2007-07 oder 2013-07-12")
	} else if v, err := dates.ParsePartial(v); err != nil {
		d.errorf(n, "\"date\": %s", err.Error())
	} else {
		ms.Date = v
	}
	if n := m.Get("until"); n != nil {
		if v, err := dates.ParsePartial(d.str(n, "until")); err != nil {
			d.errorf(n, "\"until\": %s", err.Error())
		} else if ms.Date.Year != 0 && v.Last().Before(ms.Date.First()) {
			d.errorf(n, "\"until\" (%s) liegt vor \"date\" (%s)", v, ms.Date)
		} else {
			ms.Until = &v
		}
	}
	for _, item := range d.list(m.Get("documents"), "documents") {
		if item.Kind != load.Map {
			d.errorDetail(item, "documents:\n  - title: Maßnahmenkatalog\n    file: massnahmenkatalog.pdf",
				"Jedes Dokument braucht title und file, z. B. - {title: Maßnahmenkatalog, file: massnahmenkatalog.pdf}")
			continue
		}
		d.checkKeys(item, []string{"title", "file"}, " unter documents:")
		doc := Document{Title: d.str(item.Get("title"), "title")}
		file := d.str(item.Get("file"), "file")
		if doc.Title == "" {
			d.errorf(item, "Dem Dokument fehlt title")
		}
		if file == "" { // listed by title as "nicht online verfügbar"
			ms.Documents = append(ms.Documents, doc)
			continue
		}
		rel := path.Clean(path.Join(path.Dir(p.Source.Rel), file))
		if strings.HasPrefix(file, "/") {
			rel = strings.TrimPrefix(path.Clean(file), "/")
		}
		u, ok := s.FileURL(rel)
		if !ok {
			d.errorf(item.Get("file"), "Das Dokument %q gibt es nicht (gesucht: content/%s)", file, rel)
			continue
		}
		doc.URL = u
		ms.Documents = append(ms.Documents, doc)
	}
	p.Milestone = ms
}
