package corpus

import (
	"fmt"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stadt-bamberg/integration/internal/model"
)

var series = [][2]string{
	{"runder-tisch", "Runder Tisch Integration"},
	{"fachforum", "Fachforum Integration"},
	{"sprachcafe", "Sprachcafé"},
}

// write generates the front matter and body of p.
func (g *gen) write(p *page) {
	r := g.r
	var fm []kv
	add := func(k string, v any) { fm = append(fm, kv{k, v}) }
	add("title", p.title)
	words := 300 + r.IntN(400)
	var directives []string
	toml := false

	switch p.kind {
	case kindHome:
		add("description", "Informationen, Akteure und Termine rund um die Integration von Zugewanderten in Bamberg.")
		add("site", []kv{{"title", "Integration in Bamberg"}, {"timezone", "Europe/Berlin"}, {"language", "de"},
			{"base_url", "https://www.stadt.bamberg.de/integration/"}})
		words = 400 + r.IntN(400)
		directives = []string{`::events{limit=5}`}
	case kindSection:
		g.section(p, add, &directives)
	default:
		toml = r.IntN(10) == 0
		add("description", g.description())
		switch p.typ {
		case model.TypeEvent:
			g.event(p, add)
			words = 300 + r.IntN(400)
		case model.TypeActor:
			g.actor(p, add)
			words = 400 + r.IntN(600)
		case model.TypeMilestone:
			g.milestone(p, add)
			words = 300 + r.IntN(600)
		default:
			words = 600 + r.IntN(900)
			if p.bundle {
				g.out = append(g.out, file{"content/" + path.Dir(p.rel) + "/foto.jpg", photoJPEG(r)})
			}
			if r.IntN(50) == 0 {
				add("lang", "en")
			}
		}
		if r.IntN(8) == 0 {
			add("weight", 1+r.IntN(100))
		}
		if p.draft {
			add("draft", true)
		}
		if p.typ != model.TypeEvent && r.IntN(30) == 0 {
			add("aliases", []string{fmt.Sprintf("/alt/%d-%s/", len(g.out), p.slug)})
		}
		switch x := r.IntN(100); {
		case x < 8:
			directives = append(directives, fmt.Sprintf(`::events{series=%q limit=3}`, series[r.IntN(len(series))][0]))
		case x < 11:
			directives = append(directives, `::events{limit=3 empty="Zurzeit sind keine Termine geplant."}`)
		}
	}

	var b strings.Builder
	if toml {
		tomlFront(&b, fm)
	} else {
		yamlFront(&b, fm)
	}
	b.WriteByte('\n')
	g.body(&b, p, words, directives)
	g.out = append(g.out, file{"content/" + p.rel, []byte(b.String())})
}

func (g *gen) section(p *page, add func(string, any), directives *[]string) {
	r := g.r
	depth := strings.Count(p.rel, "/")
	desc := g.description()
	for _, ps := range plainSections {
		if p.rel == ps.dir+"/_index.md" {
			desc = ps.desc
		}
	}
	add("description", desc)
	switch p.rel {
	case "akteure/_index.md":
		add("type", model.TypeActor)
		add("menu", true)
		add("weight", 10)
		for _, c := range model.Categories {
			*directives = append(*directives, fmt.Sprintf(`::actors{category=%q}`, c))
		}
	case "termine/_index.md":
		add("type", model.TypeEvent)
		add("menu", true)
		add("weight", 20)
		var s []kv
		for _, x := range series {
			s = append(s, kv{x[0], x[1]})
		}
		add("series", s)
		*directives = []string{`::events{}`, `::events{series="runder-tisch" limit=1 empty="Der nächste Runde Tisch steht noch nicht fest."}`, `::events{past=true limit=5}`}
	case "geschichte/_index.md":
		add("type", model.TypeMilestone)
		add("menu", true)
		add("weight", 30)
		*directives = []string{`::milestones{}`}
	default:
		if strings.HasPrefix(p.rel, "termine/") {
			add("weight", p.start.Year()) // the years in order
			return
		}
		if depth == 1 {
			add("menu", true)
			for i, ps := range plainSections {
				if p.rel == ps.dir+"/_index.md" {
					add("weight", 40+10*i)
				}
			}
			*directives = append(*directives, fmt.Sprintf(`::actors{category=%q}`, model.Categories[r.IntN(len(model.Categories))]))
		} else {
			add("weight", 1+r.IntN(9))
		}
	}
}

func (g *gen) event(p *page, add func(string, any)) {
	r := g.r
	d := p.start
	switch x := r.IntN(100); {
	case x < 15: // all day
		add("start", date(d.Format("2006-01-02")))
	case x < 22: // several days
		add("start", date(d.Format("2006-01-02")))
		add("end", date(d.AddDate(0, 0, 1+r.IntN(3)).Format("2006-01-02")))
	default:
		start := time.Date(d.Year(), d.Month(), d.Day(), 9+r.IntN(11), 15*r.IntN(4), 0, 0, g.loc)
		form := r.IntN(20)
		add("start", g.timeForm(start, form))
		switch y := r.IntN(20); {
		case y < 12:
			add("end", g.timeForm(start.Add(time.Duration(60+30*r.IntN(5))*time.Minute), form))
		case y < 13: // overnight or longer
			add("end", g.timeForm(start.AddDate(0, 0, 1+r.IntN(2)).Add(-time.Duration(r.IntN(4))*time.Hour), form))
		}
	}
	s := r.IntN(20)
	switch {
	case strings.HasPrefix(p.title, "Runder Tisch"):
		add("series", "runder-tisch")
	case strings.HasPrefix(p.title, "Fachforum"):
		add("series", "fachforum")
	case strings.HasPrefix(p.title, "Sprachcafé"):
		add("series", "sprachcafe")
	}
	switch x := r.IntN(20); {
	case x < 13:
		loc := []kv{{"name", venues[r.IntN(len(venues))]}, {"address", g.address()}}
		if x < 3 {
			loc = append(loc, kv{"url", "https://www.stadt.bamberg.de/orte/" + fmt.Sprint(r.IntN(500))})
		}
		add("location", loc)
	case x < 16:
		add("location", []kv{{"online", fmt.Sprintf("https://meet.stadt.bamberg.de/integration-%d", r.IntN(10000))}})
	case x < 17:
		add("location", []kv{{"name", "Stadtbücherei"}, {"online", "https://stream.stadt.bamberg.de/live"}})
	}
	if r.IntN(10) < 7 {
		add("organizer", g.actors[r.IntN(len(g.actors))].slug)
	}
	switch x := r.IntN(10); {
	case x < 2:
		add("registration", registrationTexts[r.IntN(len(registrationTexts))])
	case x < 3:
		add("registration", "https://www.stadt.bamberg.de/anmeldung/"+p.slug)
	}
	switch {
	case s < 1:
		add("status", "cancelled")
	case s < 2 && d.Year() >= 2028:
		// Only later events are postponed: sitegen check warns about
		// past ones still marked so (for --now before 2028).
		add("status", "postponed")
	case s < 3:
		add("status", "scheduled")
	}
	if r.IntN(5) != 0 {
		add("summary", g.description())
	}
}

// timeForm writes t in one of the accepted forms.
func (g *gen) timeForm(t time.Time, form int) any {
	switch {
	case form < 8:
		return date(t.Format("2006-01-02T15:04"))
	case form < 12:
		return date(t.Format("2006-01-02T15:04:05"))
	case form < 15:
		return date(t.Format("2006-01-02T15:04:05-07:00"))
	case form < 16:
		return date(t.Format("2006-01-02T15:04-07:00"))
	case form < 17:
		return date(t.UTC().Format("2006-01-02T15:04:05Z"))
	case form < 18:
		return date(t.Format("2006-01-02 15:04"))
	}
	return quotedDate(t.Format("2006-01-02T15:04"))
}

func (g *gen) address() string {
	r := g.r
	return fmt.Sprintf("%s %d, %s Bamberg", streets[r.IntN(len(streets))], 1+r.IntN(60), postcodes[r.IntN(len(postcodes))])
}

func (g *gen) actor(p *page, add func(string, any)) {
	r := g.r
	add("category", p.cat)
	add("role", roleTexts[r.IntN(len(roleTexts))])
	if r.IntN(5) != 0 {
		var c []kv
		domain := p.slug
		if len(domain) > 30 {
			domain = strings.TrimRight(domain[:30], "-")
		}
		if r.IntN(4) != 0 {
			c = append(c, kv{"email", "kontakt@" + domain + ".de"})
		}
		switch r.IntN(3) {
		case 0:
			c = append(c, kv{"phone", fmt.Sprintf("0951 %d-%d", 80+r.IntN(20), 100+r.IntN(9900))})
		case 1:
			c = append(c, kv{"phone", fmt.Sprintf("+49 951 %d", 10000+r.IntN(90000))})
		}
		if r.IntN(3) != 0 {
			c = append(c, kv{"website", "https://www." + domain + ".de/"})
		}
		if len(c) > 0 {
			add("contact", c)
		}
	}
	if r.IntN(4) != 0 {
		add("address", g.address())
	}
	langs := codes{"de"}
	for _, i := range r.Perm(len(langCodes))[:r.IntN(5)] {
		langs = append(langs, langCodes[i])
	}
	add("languages", langs)
	var of []string
	for _, i := range r.Perm(len(offers))[:1+r.IntN(4)] {
		of = append(of, capital(offers[i]))
	}
	add("offers", of)
}

func (g *gen) milestone(p *page, add func(string, any)) {
	r := g.r
	partial := func(d [3]int) string {
		switch {
		case d[2] != 0:
			return fmt.Sprintf("%04d-%02d-%02d", d[0], d[1], d[2])
		case d[1] != 0:
			return fmt.Sprintf("%04d-%02d", d[0], d[1])
		}
		return fmt.Sprintf("%04d", d[0])
	}
	add("date", date(partial(p.msDate)))
	if r.IntN(4) == 0 {
		u := [3]int{p.msDate[0] + 1 + r.IntN(6), 0, 0}
		if r.IntN(2) == 0 {
			u[1] = 1 + r.IntN(12)
		}
		add("until", date(partial(u)))
	}
	var docs [][]kv
	if p.bundle {
		name := "protokoll.pdf"
		g.out = append(g.out, file{"content/" + path.Dir(p.rel) + "/" + name, fakePDF(p.slug, 1500+r.IntN(3000))})
		docs = append(docs, []kv{{"title", "Protokoll: " + p.title}, {"file", name}})
	}
	if r.IntN(5) == 0 {
		d := sharedDocs[r.IntN(len(sharedDocs))]
		docs = append(docs, []kv{{"title", "Dokument " + strings.ReplaceAll(d, "-", " ")}, {"file", "/dokumente/" + d + ".pdf"}})
	}
	if r.IntN(6) == 0 {
		docs = append(docs, []kv{{"title", "Pressemitteilung vom Tag"}})
	}
	if len(docs) > 0 {
		add("documents", docs)
	}
}

// description returns a sentence without Markdown of at most 160
// characters, for description: and summary:.
func (g *gen) description() string {
	for {
		if s := plain(g.sentence("")); utf8.RuneCountInString(s) <= 160 {
			return s
		}
	}
}
