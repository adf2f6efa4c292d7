package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/scaffold"
)

func cmdNew(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sitegen new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "Ordner mit content/")
	section := fs.String("section", "", "Ordner unter content/, in den die Seite kommt (Standard: nach Art)")
	start := fs.String("start", "", "Termine: Beginn, z. B. 2027-03-11T18:00")
	date := fs.String("date", "", "Meilensteine: Datum, z. B. 2013-07-12")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Aufruf: sitegen new event|actor|milestone|page \"Titel\" [--section ORDNER] [--start ZEIT] [--date DATUM]")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) != 2 {
		fs.Usage()
		return 2
	}
	req := scaffold.Request{Kind: pos[0], Title: pos[1], Section: *section, Start: *start, Date: *date}
	p, data, err := scaffold.Plan(req, siteFacts(*source))
	if err != nil {
		fmt.Fprintln(stderr, "sitegen new:", err)
		return 2
	}
	if err := scaffold.Create(*source, p, data); err != nil {
		fmt.Fprintln(stderr, "sitegen new:", err)
		return 1
	}
	fmt.Fprintf(stdout, "Angelegt: %s\nDie Seite ist ein Entwurf (draft: true); bitte die Platzhalter ausfüllen und mit sitegen check prüfen.\n", p)
	return 0
}

// siteFacts reads what scaffolding needs from the existing content; the
// content's own problems are not this command's business.
func siteFacts(source string) scaffold.Site {
	var diags diag.List
	c := load.Load(os.DirFS(source), "content", &diags)
	site := model.Build(c, model.Options{Drafts: true}, &diags)
	facts := scaffold.Site{Sections: map[string]string{}, Series: map[string][]string{}}
	for _, p := range site.Pages {
		if p.IsSection() && p.SeriesSlug == "" {
			facts.Sections[p.Source.Dir] = p.Type
			for _, s := range site.SeriesList() {
				if s.Section == p {
					facts.Series[p.Source.Dir] = append(facts.Series[p.Source.Dir], s.Slug)
				}
			}
		}
	}
	for _, a := range site.Actors {
		facts.Actors = append(facts.Actors, path.Base(a.URL))
	}
	return facts
}
