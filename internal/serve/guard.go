package serve

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/stadt-bamberg/integration/internal/cms"
)

// APIPath is where the preview serves the CMS's API (decap-server's,
// through CMSProxy); admin/config.yml names it as the backend's
// proxy_url.
const APIPath = "/api/v1"

// TokenHeader carries the session's token from /admin/ to APIPath
// (sitegen-cms.js adds it to the requests of the sitegen-proxy backend).
const TokenHeader = "X-Sitegen-Token"

// tokenMeta names the meta element of admin/index.html that carries the
// token, inserted when the preview serves the page.
const tokenMeta = "sitegen-token"

// maxAPIBody is the largest request the API takes: decap-server's own
// limit (express.json 50 MB), an upload of some 37 MB in base64.
const maxAPIBody = 50 << 20

// guard is what the preview checks before it answers (see the package
// doc, "The CMS API").
type guard struct {
	port  string
	anyIP bool            // the preview listens on every address (--bind 0.0.0.0)
	hosts map[string]bool // Host values allowed besides IP literals with anyIP
	cms   *CMSProxy       // nil: no API
	log   io.Writer
}

// Protect makes the server answer only requests whose Host is its own
// address: addr is the listener's ("127.0.0.1:1313"); localhost with the
// same port is allowed too. With p not nil the server serves the CMS's
// API at APIPath through p, and gives /admin/ p's token. Call it before
// serving.
func (s *Server) Protect(addr string, p *CMSProxy) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	log := s.log
	if log == nil {
		log = io.Discard
	}
	g := &guard{port: port, hosts: map[string]bool{}, cms: p, log: log}
	ip := net.ParseIP(host)
	g.anyIP = ip != nil && ip.IsUnspecified()
	for _, h := range []string{host, "localhost"} {
		g.hosts[strings.ToLower(net.JoinHostPort(h, port))] = true
		if port == "80" {
			g.hosts[strings.ToLower(h)] = true
		}
	}
	s.guard.Store(g)
	return nil
}

// hostOK reports whether h (a request's Host) names the preview: its
// own address or localhost with its port, or with anyIP any IP literal
// with its port. A page that re-points its own host name at 127.0.0.1
// (DNS rebinding) sends that name, and is refused.
func (g *guard) hostOK(h string) bool {
	h = strings.ToLower(h)
	if g.hosts[h] {
		return true
	}
	if !g.anyIP {
		return false
	}
	host, port, err := net.SplitHostPort(h)
	return err == nil && port == g.port && net.ParseIP(host) != nil
}

// refuse answers 403 and writes one line to the preview's log.
func (g *guard) refuse(w http.ResponseWriter, r *http.Request, why string) {
	fmt.Fprintf(g.log, "Vorschau: abgelehnt – %s (%s %q, Host %q, Origin %q, von %s)\n",
		why, r.Method, r.URL.Path, r.Host, r.Header.Get("Origin"), r.RemoteAddr)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusForbidden)
	io.WriteString(w, "Abgelehnt.\n")
}

// CMSProxy passes the CMS's requests to decap-server, those that pass the
// checks only (see the package doc, "The CMS API").
type CMSProxy struct {
	source string       // the source folder, for the symlink check
	token  string       // the session's
	api    string       // decap-server's API as client reaches it
	client *http.Client // to decap-server
}

// NewCMSProxy returns a proxy to decap-server's API at api, reached with
// client, for the source folder; it makes the session's token.
func NewCMSProxy(source, api string, client *http.Client) (*CMSProxy, error) {
	abs, err := filepath.Abs(source)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	return &CMSProxy{source: abs, token: base64.RawURLEncoding.EncodeToString(b), api: api, client: client}, nil
}

// Token returns the session's token, which /admin/ receives.
func (p *CMSProxy) Token() string { return p.token }

// serveAPI checks a request of the CMS and passes it on.
func (g *guard) serveAPI(w http.ResponseWriter, r *http.Request) {
	p := g.cms
	switch {
	case !fromLoopback(r):
		// With --bind beyond 127.0.0.1 others may see the preview, but
		// not write through it.
		g.refuse(w, r, "Redaktion: nur von diesem Computer")
		return
	case !sameUser(r):
		g.refuse(w, r, "Redaktion: ein anderer Benutzer dieses Computers")
		return
	case r.Method != http.MethodPost:
		g.refuse(w, r, "Redaktion: nur POST")
		return
	case r.Header.Get("Origin") != "http://"+r.Host:
		// Browsers send Origin with every POST; a page of another
		// origin sends its own.
		g.refuse(w, r, "Redaktion: fremde oder fehlende Herkunft (Origin)")
		return
	case r.Header.Get("Sec-Fetch-Site") != "" && r.Header.Get("Sec-Fetch-Site") != "same-origin":
		g.refuse(w, r, "Redaktion: Anfrage einer anderen Website (Sec-Fetch-Site)")
		return
	case subtle.ConstantTimeCompare([]byte(r.Header.Get(TokenHeader)), []byte(p.token)) != 1:
		g.refuse(w, r, "Redaktion: Schlüssel der Sitzung fehlt oder ist falsch")
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		g.refuse(w, r, "Redaktion: kein JSON")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxAPIBody))
	if err != nil {
		g.refuse(w, r, "Redaktion: Anfrage zu groß oder abgebrochen")
		return
	}
	req, err := p.check(body)
	if err != nil {
		g.refuse(w, r, "Redaktion: "+err.Error())
		return
	}
	// decap-server gets what was checked, encoded anew: no key that Go
	// read one way (case, duplicates) reaches it read another.
	out, err := json.Marshal(req)
	if err != nil {
		g.refuse(w, r, "Redaktion: "+err.Error())
		return
	}
	fwd, err := http.NewRequestWithContext(r.Context(), http.MethodPost, p.api, bytes.NewReader(out))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	fwd.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := p.client.Do(fwd)
	if err != nil {
		fmt.Fprintf(g.log, "Redaktion: decap-server antwortet nicht: %v\n", err)
		http.Error(w, "decap-server antwortet nicht", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}

// fromLoopback reports whether r came from this computer.
func fromLoopback(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	ip := net.ParseIP(host)
	return err == nil && ip != nil && ip.IsLoopback()
}

// sameUser reports whether r comes from a process of the user sitegen
// runs as, where that can be told (Linux); elsewhere it is true.
func sameUser(r *http.Request) bool {
	uid, ok := peerUID(r)
	return !ok || uid == os.Getuid()
}

// apiRequest is a request of Decap's proxy backend as decap-server reads
// it (MODE=fs), with the fields it uses.
type apiRequest struct {
	Action string     `json:"action"`
	Params *apiParams `json:"params,omitempty"`
}

type apiParams struct {
	Branch         string         `json:"branch,omitempty"`
	Folder         *string        `json:"folder,omitempty"`    // entriesByFolder
	Extension      *string        `json:"extension,omitempty"` // entriesByFolder
	Depth          *int           `json:"depth,omitempty"`     // entriesByFolder
	Files          []apiFile      `json:"files,omitempty"`     // entriesByFiles
	Path           *string        `json:"path,omitempty"`      // getEntry, getMediaFile, deleteFile
	Entry          *apiDataFile   `json:"entry,omitempty"`     // persistEntry
	DataFiles      []apiDataFile  `json:"dataFiles,omitempty"` // persistEntry
	Assets         *[]apiAsset    `json:"assets,omitempty"`    // persistEntry
	Options        map[string]any `json:"options,omitempty"`   // persistEntry, persistMedia, deleteFile(s)
	CMSLabelPrefix *string        `json:"cmsLabelPrefix,omitempty"`
	MediaFolder    *string        `json:"mediaFolder,omitempty"` // getMedia
	Asset          *apiAsset      `json:"asset,omitempty"`       // persistMedia
	Paths          []string       `json:"paths,omitempty"`       // deleteFiles
	Collection     *string        `json:"collection,omitempty"`  // getDeployPreview
	Slug           *string        `json:"slug,omitempty"`        // getDeployPreview
}

type apiFile struct {
	Path  string  `json:"path"`
	Label *string `json:"label,omitempty"`
}

type apiDataFile struct {
	Slug    string  `json:"slug"`
	Path    string  `json:"path"`
	Raw     string  `json:"raw"`
	NewPath *string `json:"newPath,omitempty"`
}

type apiAsset struct {
	Path     string `json:"path"`
	Content  string `json:"content"`
	Encoding string `json:"encoding"`
}

// apiActions are the actions of decap-server in fs mode (its
// localFs middleware) that the CMS uses; the editorial workflow's need
// Git and are refused with any other.
var apiActions = map[string]bool{
	"info": true, "entriesByFolder": true, "entriesByFiles": true, "getEntry": true,
	"persistEntry": true, "getMedia": true, "getMediaFile": true, "persistMedia": true,
	"deleteFile": true, "deleteFiles": true, "getDeployPreview": true,
}

// apiRoots are the folders the CMS may read and write: the content and
// its media folder (which lies inside it today).
var apiRoots = []string{"content", cms.MediaFolder}

// check parses a request and checks its action and every path in it.
func (p *CMSProxy) check(body []byte) (*apiRequest, error) {
	var req apiRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, fmt.Errorf("kein gültiges JSON: %v", err)
	}
	if !apiActions[req.Action] {
		return nil, fmt.Errorf("unbekannte Aktion %q", req.Action)
	}
	q := req.Params
	if q == nil {
		if req.Action != "info" {
			return nil, fmt.Errorf("%s ohne params", req.Action)
		}
		return &req, nil
	}
	var files, folders []string
	add := func(ps ...*string) {
		for _, s := range ps {
			if s != nil {
				files = append(files, *s)
			}
		}
	}
	add(q.Path)
	for _, f := range q.Files {
		files = append(files, f.Path)
	}
	for _, d := range append(q.DataFiles, deref(q.Entry)...) {
		files = append(files, d.Path)
		add(d.NewPath)
	}
	if q.Assets != nil {
		for _, a := range *q.Assets {
			files = append(files, a.Path)
		}
	}
	if q.Asset != nil {
		files = append(files, q.Asset.Path)
	}
	files = append(files, q.Paths...)
	for _, s := range []*string{q.Folder, q.MediaFolder} {
		if s != nil {
			folders = append(folders, *s)
		}
	}
	for _, f := range files {
		if err := p.checkPath(f, false); err != nil {
			return nil, err
		}
	}
	for _, f := range folders {
		if err := p.checkPath(f, true); err != nil {
			return nil, err
		}
	}
	return &req, nil
}

func deref(d *apiDataFile) []apiDataFile {
	if d == nil {
		return nil
	}
	return []apiDataFile{*d}
}

// checkPath checks that p, a slash path from the source folder, lies in
// one of apiRoots (folder: or is one), written plainly – relative,
// clean, without "..", without a name starting with a dot – and that no
// symbolic link on its way leads elsewhere.
func (p *CMSProxy) checkPath(rel string, folder bool) error {
	bad := func(why string) error { return fmt.Errorf("Pfad %q %s", rel, why) }
	switch {
	case rel == "":
		return bad("ist leer")
	case strings.ContainsAny(rel, "\\\x00:"):
		return bad("enthält \\, : oder NUL")
	case path.IsAbs(rel) || filepath.IsAbs(rel):
		return bad("ist absolut")
	case path.Clean(rel) != rel:
		return bad("ist nicht eindeutig geschrieben (.., ., //, / am Ende)")
	}
	for _, e := range strings.Split(rel, "/") {
		if strings.HasPrefix(e, ".") {
			return bad("enthält einen Namen mit Punkt am Anfang")
		}
	}
	inside := false
	for _, root := range apiRoots {
		if strings.HasPrefix(rel, root+"/") || (folder && rel == root) {
			inside = true
		}
	}
	if !inside {
		return bad("liegt nicht unter content/")
	}
	cur := p.source
	for _, e := range strings.Split(rel, "/") {
		cur = filepath.Join(cur, e)
		info, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // decap-server creates the rest
		}
		if err != nil {
			return bad(fmt.Sprintf("ist nicht lesbar: %v", err))
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return bad("führt über einen symbolischen Link")
		}
	}
	return nil
}

// tokenTag returns the meta element that gives /admin/ the token.
func tokenTag(token string) []byte {
	return []byte(`<meta name="` + tokenMeta + `" content="` + token + `">` + "\n")
}

// injectToken inserts the token's meta element before </head>.
func injectToken(page []byte, token string) []byte {
	i := bytes.Index(page, []byte("</head>"))
	if i < 0 {
		return page
	}
	tag := tokenTag(token)
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// decapClientTimeout bounds one request to decap-server (Decap's own
// requests give up after a minute).
const decapClientTimeout = 2 * time.Minute
