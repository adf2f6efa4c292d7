package nginxconf

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// deployDir writes files (names relative to deploy/) into a temporary
// deploy folder and returns it.
func deployDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func names(hs []Header) []string {
	var out []string
	for _, h := range hs {
		n := h.Name + "=" + h.Value
		if h.Off {
			n = "#" + n
		}
		out = append(out, n)
	}
	return out
}

func TestHeadersThroughIncludes(t *testing.T) {
	dir := deployDir(t, map[string]string{
		"site.conf": `map $uri $c {
    include snippets/integration/c.map;
}
server {
    # prose with "quotes; and braces {
    include snippets/integration/page.conf;
    location / { try_files $uri =404; }
    location ~ "^/(?:a|b)\.x;{y}$" {
        include snippets/integration/other.conf;
        location = /inner { types { } }
    }
}
`,
		"nginx/c.map":      "default \"a; b\";\n\"~^/x\\.y\" 'c \\' d';\n",
		"nginx/page.conf":  "add_header CSP \"default-src 'self'; frame-ancestors 'none'\" always;\ninclude snippets/integration/common.conf;\n",
		"nginx/other.conf": "add_header CSP \"sandbox\" always;\ninclude snippets/integration/common.conf;\n",
		"nginx/common.conf": `add_header X-Frame-Options "DENY" always;
# Only over HTTPS:
#add_header Strict-Transport-Security "max-age=1" always;
`,
	})
	b, err := Load(dir, "site.conf")
	if err != nil {
		t.Fatal(err)
	}
	servers := b.Find("server")
	if len(servers) != 1 {
		t.Fatalf("%d servers, want 1", len(servers))
	}
	page := []string{"CSP=default-src 'self'; frame-ancestors 'none'", "X-Frame-Options=DENY", "#Strict-Transport-Security=max-age=1"}
	if got := names(servers[0].Block.Headers()); !slices.Equal(got, page) {
		t.Errorf("server: %q, want %q", got, page)
	}
	if got := servers[0].Block.Includes; !slices.Equal(got, []string{"nginx/page.conf", "nginx/common.conf"}) {
		t.Errorf("server includes %q", got)
	}
	if got := b.Snippets; !slices.Equal(got, []string{"nginx/c.map", "nginx/common.conf", "nginx/page.conf", "nginx/other.conf"}) {
		t.Errorf("snippets read: %q", got)
	}
	if n := len(b.Find("add_header")); n != 6 {
		t.Errorf("%d add_header lines, want 6 (each include of a snippet counts)", n)
	}
	locs := b.Find("location")
	var got []string
	for _, l := range locs {
		got = append(got, l.String()+": "+strings.Join(names(l.Block.Headers()), ", "))
	}
	want := []string{
		"location /: " + strings.Join(page, ", "),
		`location ~ ^/(?:a|b)\.x;{y}$: CSP=sandbox, X-Frame-Options=DENY, #Strict-Transport-Security=max-age=1`,
		"location = /inner: CSP=sandbox, X-Frame-Options=DENY, #Strict-Transport-Security=max-age=1",
	}
	if !slices.Equal(got, want) {
		t.Errorf("locations:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	m := b.Find("map")
	if len(m) != 1 || len(m[0].Block.Directives) != 2 || m[0].Block.Directives[0].Args[0] != "a; b" || m[0].Block.Directives[1].Name != `~^/x\.y` || m[0].Block.Directives[1].Args[0] != "c ' d" {
		t.Errorf("map: %+v", m)
	}
}

func TestOnlyOffHeadersAreNotOwn(t *testing.T) {
	// A location with a switched-off add_header alone still inherits
	// the server's: nginx does not see the comment.
	dir := deployDir(t, map[string]string{"site.conf": `server {
    add_header A "1" always;
    location / {
        #add_header B "2" always;
    }
}
`})
	b, err := Load(dir, "site.conf")
	if err != nil {
		t.Fatal(err)
	}
	if got := names(b.Find("location")[0].Block.Headers()); !slices.Equal(got, []string{"A=1"}) {
		t.Errorf("location: %q, want the server's", got)
	}
}

func TestLoadErrors(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"unclosed quote":      {"site.conf": "add_header A \"1 always;\n"},
		"word joined":         {"site.conf": "add_header A x\"1\" always;\n"},
		"unclosed block":      {"site.conf": "server {\n listen 80;\n"},
		"stray brace":         {"site.conf": "}\n"},
		"no semicolon":        {"site.conf": "listen 80"},
		"include elsewhere":   {"site.conf": "include /etc/nginx/headers.conf;\n"},
		"include glob":        {"site.conf": "include snippets/integration/*.conf;\n"},
		"include missing":     {"site.conf": "include snippets/integration/none.conf;\n"},
		"include cycle":       {"site.conf": "include snippets/integration/a.conf;\n", "nginx/a.conf": "include snippets/integration/b.conf;\n", "nginx/b.conf": "include snippets/integration/a.conf;\n"},
		"include in snippets": {"site.conf": "include snippets/integration/a.conf;\n", "nginx/a.conf": "include mime.types;\n"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Load(deployDir(t, files), "site.conf"); err == nil {
				t.Error("no error")
			} else {
				t.Log(err)
			}
		})
	}
}
