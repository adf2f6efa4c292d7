package render

import (
	"encoding/json"
	"html/template"
	"regexp"
	"strings"
	"time"

	"github.com/stadt-bamberg/integration/internal/german"
	"github.com/stadt-bamberg/integration/internal/model"
)

// Structured data: schema.org in JSON-LD, for search engines and other
// readers of the page's facts (the template function jsonLD, used by
// layouts/partials/jsonld.html in every page's <head>).
//
//	event page    Event: name, description (summary, else description),
//	              startDate/endDate in the site's time zone with offset
//	              (dates alone for all-day events), eventStatus,
//	              eventAttendanceMode, location (Place with PostalAddress,
//	              VirtualLocation, both for a mixed event), organizer
//	              (Organization), url, inLanguage
//	actor page    Organization: name, description (role), url, email,
//	              telephone, address, sameAs (website), knowsLanguage
//	below home    BreadcrumbList: the ancestors and the page, with
//	              absolute URLs (not on the 404 page)
//
// Each is a <script type="application/ld+json"> element of its own. The
// JSON is made by encoding/json, which writes <, > and & as \u003c,
// \u003e and \u0026 (and U+2028, U+2029 escaped), so that no text of a
// page can end the element or open a comment or script inside it
// (</script>, <!--, <script); the elements are returned whole as
// template.HTML, so that html/template neither escapes them again nor
// treats them as script: a layout writes {{jsonLD .Page}} as it is, never
// inside a <script> of its own. Data blocks are not executed, so the
// Content-Security-Policy (script-src 'self') needs no nonce or hash.

const schemaContext = "https://schema.org"

type ldEvent struct {
	Context             string          `json:"@context"`
	Type                string          `json:"@type"`
	Name                string          `json:"name"`
	Description         string          `json:"description,omitempty"`
	StartDate           string          `json:"startDate"`
	EndDate             string          `json:"endDate,omitempty"`
	EventStatus         string          `json:"eventStatus"`
	EventAttendanceMode string          `json:"eventAttendanceMode,omitempty"`
	Location            any             `json:"location,omitempty"`
	Organizer           *ldOrganization `json:"organizer,omitempty"`
	URL                 string          `json:"url"`
	InLanguage          string          `json:"inLanguage,omitempty"`
	Image               []string        `json:"image,omitempty"`
}

type ldPlace struct {
	Type    string     `json:"@type"`
	Name    string     `json:"name,omitempty"`
	Address *ldAddress `json:"address,omitempty"`
	URL     string     `json:"url,omitempty"`
}

type ldVirtualLocation struct {
	Type string `json:"@type"`
	URL  string `json:"url"`
}

type ldAddress struct {
	Type            string `json:"@type"`
	StreetAddress   string `json:"streetAddress,omitempty"`
	PostalCode      string `json:"postalCode,omitempty"`
	AddressLocality string `json:"addressLocality,omitempty"`
}

type ldOrganization struct {
	Context       string     `json:"@context,omitempty"`
	Type          string     `json:"@type"`
	Name          string     `json:"name"`
	Description   string     `json:"description,omitempty"`
	URL           string     `json:"url"`
	Email         string     `json:"email,omitempty"`
	Telephone     string     `json:"telephone,omitempty"`
	Address       *ldAddress `json:"address,omitempty"`
	SameAs        string     `json:"sameAs,omitempty"`
	KnowsLanguage []string   `json:"knowsLanguage,omitempty"`
	Image         []string   `json:"image,omitempty"`
}

type ldBreadcrumbList struct {
	Context         string       `json:"@context"`
	Type            string       `json:"@type"`
	ItemListElement []ldListItem `json:"itemListElement"`
}

type ldListItem struct {
	Type     string `json:"@type"`
	Position int    `json:"position"`
	Name     string `json:"name"`
	Item     string `json:"item"`
}

// jsonLD returns the <script type="application/ld+json"> elements of page
// p, rendered in the site of the page being rendered (see the comment at
// the top of this file); "" for a page without structured data.
func (r *Renderer) jsonLD(p *model.Page) (template.HTML, error) {
	if p == nil {
		return "", nil
	}
	ls := r.lang()
	if p.Site != nil {
		ls = p.Site
	}
	var b strings.Builder
	for _, v := range structuredData(p, ls.Config, p.URL == NotFoundURL(ls)) {
		switch x := v.(type) { // the page's image:
		case ldEvent:
			x.Image = r.imageURLs(p)
			v = x
		case ldOrganization:
			x.Image = r.imageURLs(p)
			v = x
		}
		data, err := json.Marshal(v) // escapes <, >, & (see above)
		if err != nil {
			return "", err
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(`<script type="application/ld+json">`)
		b.Write(data)
		b.WriteString(`</script>`)
	}
	return template.HTML(b.String()), nil
}

// structuredData returns the schema.org items of page p; notFound is set
// for the 404 page, which gets none.
func structuredData(p *model.Page, cfg model.Config, notFound bool) []any {
	if notFound {
		return nil
	}
	var out []any
	if p.Event != nil {
		out = append(out, eventLD(p, cfg))
	}
	if p.Actor != nil {
		o := actorLD(p, cfg)
		o.Context = schemaContext
		out = append(out, o)
	}
	if anc := p.Ancestors(); len(anc) > 0 {
		bl := ldBreadcrumbList{Context: schemaContext, Type: "BreadcrumbList"}
		for i, a := range append(anc, p) {
			bl.ItemListElement = append(bl.ItemListElement, ldListItem{Type: "ListItem", Position: i + 1, Name: a.Title, Item: cfg.AbsURL(a.URL)})
		}
		out = append(out, bl)
	}
	return out
}

// eventStatuses maps Event.Status to schema.org's EventStatusType.
var eventStatuses = map[string]string{
	"scheduled": "https://schema.org/EventScheduled",
	"cancelled": "https://schema.org/EventCancelled",
	"postponed": "https://schema.org/EventPostponed",
}

func eventLD(p *model.Page, cfg model.Config) ldEvent {
	e := p.Event
	ev := ldEvent{
		Context:     schemaContext,
		Type:        "Event",
		Name:        p.Title,
		Description: e.Summary,
		EventStatus: eventStatuses[e.Status],
		URL:         cfg.AbsURL(p.URL),
		InLanguage:  p.TextLang(),
	}
	if ev.Description == "" {
		ev.Description = p.Description
	}
	if ev.EventStatus == "" {
		ev.EventStatus = eventStatuses["scheduled"]
	}
	if ev.InLanguage == "" {
		ev.InLanguage = cfg.Language
	}
	s := e.Span
	if s.AllDay {
		// Days as written, whatever the zone (see dates.Span); the end is
		// the last day, inclusive, as schema.org's endDate.
		ev.StartDate = s.Start.Format(time.DateOnly)
		ev.EndDate = s.End.Format(time.DateOnly)
	} else {
		ev.StartDate = isoInstant(s.Start, cfg.Location)
		if s.HasEnd {
			ev.EndDate = isoInstant(s.End, cfg.Location)
		}
	}
	if l := e.Location; l != nil {
		var place *ldPlace
		if l.Name != "" || l.Address != "" {
			place = &ldPlace{Type: "Place", Name: l.Name, Address: postalAddress(l.Address), URL: l.URL}
		}
		switch {
		case place != nil && l.Online != "":
			ev.EventAttendanceMode = "https://schema.org/MixedEventAttendanceMode"
			ev.Location = []any{place, ldVirtualLocation{Type: "VirtualLocation", URL: l.Online}}
		case l.Online != "":
			ev.EventAttendanceMode = "https://schema.org/OnlineEventAttendanceMode"
			ev.Location = ldVirtualLocation{Type: "VirtualLocation", URL: l.Online}
		case place != nil:
			ev.EventAttendanceMode = "https://schema.org/OfflineEventAttendanceMode"
			ev.Location = place
		}
	}
	if o := e.Organizer; o != nil {
		ev.Organizer = &ldOrganization{Type: "Organization", Name: o.Title, URL: cfg.AbsURL(o.URL)}
	}
	return ev
}

func actorLD(p *model.Page, cfg model.Config) ldOrganization {
	a := p.Actor
	o := ldOrganization{
		Type:          "Organization",
		Name:          p.Title,
		Description:   a.Role,
		URL:           cfg.AbsURL(p.URL),
		Email:         a.Contact.Email,
		Address:       postalAddress(a.Address),
		SameAs:        a.Contact.Website,
		KnowsLanguage: a.Languages,
	}
	if o.Description == "" {
		o.Description = p.Description
	}
	if a.Contact.Phone != "" {
		o.Telephone = strings.TrimPrefix(german.TelURI(a.Contact.Phone), "tel:") // +49951871234
	}
	return o
}

// isoInstant writes t in loc as 2027-03-11T18:00:00+01:00.
func isoInstant(t time.Time, loc *time.Location) string {
	if loc != nil {
		t = t.In(loc)
	}
	return t.Format(time.RFC3339)
}

// addressRe matches a one-line address "Maximiliansplatz 3, 96047
// Bamberg": the street (up to the last comma before the postal code), a
// German postal code and the place.
var addressRe = regexp.MustCompile(`^\s*(.*\S)\s*,\s*(\d{5})\s+(\S.*?)\s*$`)

// postalAddress returns the PostalAddress of a one-line address: street,
// postal code and locality when it reads "street, 12345 City", else the
// whole line as the street address; nil for "".
func postalAddress(line string) *ldAddress {
	line = strings.TrimSpace(line)
	if line == "" {
		return nil
	}
	if m := addressRe.FindStringSubmatch(line); m != nil {
		return &ldAddress{Type: "PostalAddress", StreetAddress: m[1], PostalCode: m[2], AddressLocality: m[3]}
	}
	return &ldAddress{Type: "PostalAddress", StreetAddress: line}
}
