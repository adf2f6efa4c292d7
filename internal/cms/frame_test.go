package cms

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestAdminRefusesFrame runs admin/init.js and sitegen-cms.js in Node, as
// the browser runs them, with stand-ins for the window, the document and
// Decap: at the top of its window the CMS starts; inside a frame the page
// hides itself and Decap is never started, so another website cannot
// frame the logged-in CMS where no header forbids it.
func TestAdminRefusesFrame(t *testing.T) {
	node := Node(t)
	cmsJS, err := os.ReadFile("sitegen-cms.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		top  string // the window's top, in JavaScript
		want string
	}{
		{"top", "window", "hidden=false init=1 widgets=4"},
		{"framed", "{}", "hidden=true init=0 widgets=0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			script := `var calls = {init: 0, widgets: 0};
var window = globalThis;
window.self = window;
window.top = ` + tc.top + `;
var document = {documentElement: {hidden: false}, querySelector: function () { return null; }};
window.document = document;
window.h = function () {};
window.createClass = function (o) { return o; };
window.CMS = {
  init: function () { calls.init++; },
  registerWidget: function () { calls.widgets++; },
  registerEventListener: function () {},
  registerPreviewStyle: function () {},
  registerBackend: function () {},
  getBackend: function () { return null; },
};
` + string(initJS) + "\n" + string(cmsJS) + `
console.log("hidden=" + document.documentElement.hidden + " init=" + calls.init + " widgets=" + calls.widgets);
`
			out, err := exec.Command(node, "-e", script).CombinedOutput()
			if err != nil {
				t.Fatalf("node: %v\n%s", err, out)
			}
			if got := strings.TrimSpace(string(out)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
