package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// findHugo looks name up on PATH; it returns the binary and its version,
// or "" and why Hugo is skipped.
func findHugo(name string) (bin string, info toolInfo, note string) {
	if name == "" {
		return "", info, "hugo: skipped (-hugo \"\")"
	}
	bin, err := exec.LookPath(name)
	if err != nil {
		return "", info, "hugo: " + name + " not found on PATH, Hugo skipped (Debian: apt-get install hugo)"
	}
	info.Path = bin
	if out, err := exec.Command(bin, "version").Output(); err == nil {
		info.Version = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	}
	return bin, info, ""
}

// The Hugo site: the corpus's content/ through a symlink, and layouts with
// about what sitegen's generic layouts show: a nav over the home's
// sections, title, description and content, and lists of a section's
// pages. The feeds hold 20 entries, like the site's; taxonomies, which the
// site does not have, are off; Markdown is Goldmark with Hugo's defaults.
var hugoFiles = map[string]string{
	"config.toml": `baseURL = "https://www.stadt.bamberg.de/integration/"
languageCode = "de"
title = "Integration in Bamberg"
rssLimit = 20
disableKinds = ["taxonomy", "term"]
`,
	"layouts/_default/baseof.html": `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{{ .Title }} – {{ .Site.Title }}</title><link rel="stylesheet" href="/style.css"></head><body><header><nav><ul>{{ range .Site.Home.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav></header><main>{{ block "main" . }}{{ end }}</main></body></html>
`,
	"layouts/_default/single.html": `{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ with .Params.description }}<p>{{ . }}</p>{{ end }}{{ .Content }}</article>{{ end }}
`,
	"layouts/_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
`,
}

// writeHugoSite makes the Hugo site in dir for the corpus in site.
func writeHugoSite(dir, site string) error {
	for name, text := range hugoFiles {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	// The stylesheet, as a static file (sitegen publishes it from assets/).
	if css, err := os.ReadFile(filepath.Join(site, "assets", "style.css")); err == nil {
		if err := os.MkdirAll(filepath.Join(dir, "static"), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "static", "style.css"), css, 0o644); err != nil {
			return err
		}
	}
	return os.Symlink(filepath.Join(site, "content"), filepath.Join(dir, "content"))
}
