package cms

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/stadt-bamberg/integration/internal/markdown"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/write"
)

// Dir is the folder of the output /admin/ is written to.
const Dir = "admin"

// EnvVar names Decap's dist folder for a build, replacing the search in
// tools/cms; "off" builds without /admin/.
const EnvVar = "SITEGEN_DECAP"

// DistPath is where npm installs Decap's browser bundle, from the source
// folder (tools/cms/package.json).
const DistPath = "tools/cms/node_modules/decap-cms/dist"

// Errors of Find.
var (
	ErrOff          = errors.New("CMS off")
	ErrNotInstalled = errors.New("Decap CMS not installed")
)

// NotInstalled is what a build says once when Decap is missing.
const NotInstalled = "Redaktionssystem: Decap CMS ist nicht installiert (npm ci --prefix tools/cms) – die Website wird ohne /admin/ gebaut."

// Admin is what a build needs to make /admin/. Decap's files are read
// once per Admin: a Builder that builds again and again (the preview,
// after every save) keeps them.
type Admin struct {
	Dist  fs.FS  // Decap's dist folder (DistPath)
	Local *Local // nil: the site's Git host (site: cms:)

	once    sync.Once
	decap   []write.File // Decap's bundle, chunks, .wasm files, licence
	readErr error

	mu      sync.Mutex
	lastCfg config // the configuration of the last build
	lastYML []byte // it encoded (nil: none yet)
}

// config returns config.yml for the site, encoded anew only when the
// configuration differs from the last build's: encoding is most of the
// time Files takes, and most rebuilds of the preview change no section,
// series, actor or setting.
func (a *Admin) config(site *model.Site) ([]byte, error) {
	c, err := configOf(site, a.Local)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.lastYML != nil && reflect.DeepEqual(c, a.lastCfg) {
		return a.lastYML, nil
	}
	data, err := encode(c)
	if err != nil {
		return nil, err
	}
	a.lastCfg, a.lastYML = c, data
	return data, nil
}

// decapFiles returns Decap's files from a.Dist, read on the first call.
func (a *Admin) decapFiles() ([]write.File, error) {
	a.once.Do(func() { a.decap, a.readErr = readDecap(a.Dist) })
	return a.decap, a.readErr
}

// readDecap reads the files of Decap's dist folder that the site serves
// (no source maps, not the second build cms.js), with paths under Dir.
func readDecap(dist fs.FS) ([]write.File, error) {
	entries, err := fs.ReadDir(dist, ".")
	if err != nil {
		return nil, fmt.Errorf("Decap CMS kann nicht gelesen werden: %v", err)
	}
	var files []write.File
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !(name == bundle || name == bundle+".LICENSE.txt" ||
			strings.HasSuffix(name, "."+bundle) || strings.HasSuffix(name, ".wasm")) {
			continue
		}
		data, err := fs.ReadFile(dist, name)
		if err != nil {
			return nil, fmt.Errorf("Decap CMS kann nicht gelesen werden: %v", err)
		}
		files = append(files, write.File{Path: Dir + "/" + name, Data: data})
	}
	if !slices.ContainsFunc(files, func(f write.File) bool { return f.Path == Dir+"/"+bundle }) {
		return nil, fmt.Errorf("Decap CMS: %s fehlt", bundle)
	}
	return files, nil
}

// Find returns Decap's dist folder for a build of the source folder:
// setting (from a flag or $SITEGEN_DECAP) when it names a folder, else
// DistPath under source. ErrOff when setting is "off"; ErrNotInstalled
// when nothing was named and DistPath has no bundle; any other error when
// setting names a folder without one.
func Find(source, setting string) (fs.FS, error) {
	switch setting {
	case "off", "false", "0":
		return nil, ErrOff
	case "":
		if source == "" {
			return nil, ErrNotInstalled
		}
		dir := filepath.Join(source, filepath.FromSlash(DistPath))
		if _, err := os.Stat(filepath.Join(dir, bundle)); err != nil {
			return nil, ErrNotInstalled
		}
		return os.DirFS(dir), nil
	}
	if _, err := os.Stat(filepath.Join(setting, bundle)); err != nil {
		return nil, fmt.Errorf("%s=%s: dort ist kein Decap CMS (%s fehlt) – npm ci --prefix tools/cms installiert es", EnvVar, setting, bundle)
	}
	return os.DirFS(setting), nil
}

// bundle is Decap's script; its chunks ("123.decap-cms.js") and .wasm
// files are loaded from beside it.
const bundle = "decap-cms.js"

//go:embed sitegen-cms.js
var sitegenJS []byte

// a11yJS and adminCSS are the two patches of Decap's accessibility that
// no extension point reaches: names and descriptions of elements Decap
// leaves unnamed, contrast and focus. Each file says why and which
// version of Decap it was checked against.
var (
	//go:embed sitegen-a11y.js
	a11yJS []byte
	//go:embed admin.css
	adminCSS []byte
)

// initJS keeps Decap from starting before sitegen-cms.js has registered
// its widgets and backends; sitegen-cms.js starts it – unless /admin/ is
// shown inside a frame. Where the site is served without headers (GitHub
// and GitLab Pages, or a server set up without deploy/nginx.conf's
// X-Frame-Options and frame-ancestors) another website could frame the
// logged-in CMS and trick an editor into clicks (clickjacking); a meta
// CSP cannot say frame-ancestors. So in a frame the page hides itself and
// Decap never starts: there is nothing to click.
var initJS = []byte(`window.CMS_MANUAL_INIT = true;
if (window.top !== window.self) {
  window.sitegenFramed = true;
  document.documentElement.hidden = true;
}
`)

// ErrNoBackend is returned by Files for a site without site: cms: and
// without a local backend: there is nothing /admin/ could edit.
// The error says so naming the home page's file.
var ErrNoBackend = errors.New("kein site: cms:")

// Files returns the files of /admin/ (see the package doc), with paths
// under Dir. stylesheet is the URL of the site's stylesheet, for the
// preview ("" for none).
func Files(site *model.Site, a *Admin, stylesheet string) ([]write.File, error) {
	if a.Local == nil && site.Config.CMS.Backend == "" {
		home := "der Startseite"
		if site.Home != nil && site.Home.Source != nil {
			home = site.Home.Source.Path
		}
		return nil, fmt.Errorf("%w – Redaktionssystem: ohne site: cms: in %s gibt es /admin/ nur mit sitegen serve", ErrNoBackend, home)
	}
	cfg, err := a.config(site)
	if err != nil {
		return nil, err
	}
	page, err := indexHTML(site, a.Local, stylesheet)
	if err != nil {
		return nil, err
	}
	files := []write.File{
		{Path: Dir + "/index.html", Data: page},
		{Path: Dir + "/config.yml", Data: cfg},
		{Path: Dir + "/init.js", Data: initJS},
		{Path: Dir + "/sitegen-cms.js", Data: sitegenJS},
		{Path: Dir + "/sitegen-a11y.js", Data: a11yJS},
		{Path: Dir + "/admin.css", Data: adminCSS},
	}
	decap, err := a.decapFiles()
	if err != nil {
		return nil, err
	}
	files = append(files, decap...)
	return files, nil
}

// CSP returns the Content-Security-Policy of admin/index.html: ServerCSP
// with requests allowed only to the site itself and the backend's hosts.
// (frame-ancestors has no effect in a meta element; the server sends it.)
func CSP(site *model.Site, local *Local) string {
	connect := []string{"'self'", "blob:"}
	switch {
	case local != nil:
		connect = append(connect, origin(local.URL))
	case site.Config.CMS.Backend == "gitlab":
		connect = append(connect, origin(site.Config.CMS.Login()))
	case site.Config.CMS.Backend == "github":
		connect = append(connect, "https://api.github.com")
		if b := site.Config.CMS.BaseURL; b != "" {
			connect = append(connect, origin(b))
		}
	}
	connect = slices.DeleteFunc(connect, func(s string) bool { return s == "" })
	csp := strings.Replace(ServerCSP, "connect-src 'self' blob: https:", "connect-src "+strings.Join(connect, " "), 1)
	return strings.Replace(csp, "; frame-ancestors 'none'", "", 1)
}

// origin returns the scheme and host of an address.
func origin(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "" // a placeholder: nothing to allow
	}
	return u.Scheme + "://" + u.Host
}

var indexTmpl = template.Must(template.New("admin").Parse(`<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
{{with .Style}}<meta name="sitegen-preview-style" content="{{.}}">
{{end}}<title>Redaktion – {{.Title}}</title>
<link rel="stylesheet" href="admin.css">
</head>
<body>
<noscript><p>Das Redaktionssystem braucht JavaScript. Ohne JavaScript lassen sich die Seiten als Dateien bearbeiten (README, „Kurzanleitung für Redakteurinnen und Redakteure“).</p></noscript>
<script src="init.js"></script>
<script src="decap-cms.js"></script>
<script src="sitegen-cms.js"></script>
<script src="sitegen-a11y.js"></script>
</body>
</html>
`))

func indexHTML(site *model.Site, local *Local, stylesheet string) ([]byte, error) {
	var b strings.Builder
	err := indexTmpl.Execute(&b, struct{ CSP, Style, Title string }{CSP(site, local), stylesheet, site.Config.Title})
	return []byte(b.String()), err
}

// PicturesFile is the list of the site's pictures for the preview pane.
const PicturesFile = Dir + "/bilder.json"

// Pictures returns admin/bilder.json: for the site path of every
// picture's source as a page names it (/dokumente/foto.jpg, without the
// site's base path), the attributes of its <picture> on the site's pages
// (markdown.PictureAttrs). sitegen-cms.js shows a picture of the text or
// of image: in the preview pane as the site will – its variants, sizes
// and srcset – where Decap would show the file as uploaded (a 12 MP
// photo, sideways if the camera said so). Its URLs are the build's own
// file names; it is written by encoding/json (sorted keys, no markup).
func Pictures(pics map[string]markdown.PictureAttrs) (write.File, error) {
	data, err := json.Marshal(pics)
	return write.File{Path: PicturesFile, Data: data}, err
}
