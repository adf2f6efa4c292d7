package serve

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
)

// TestPeerUID: the preview tells the user at the other end of a loopback
// connection from the kernel's socket table.
func TestPeerUID(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		uid, ok := peerUID(r)
		fmt.Fprintf(w, "%d %v", uid, ok)
	}))
	defer ts.Close()
	resp, err := http.Get(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := fmt.Sprintf("%d true", os.Getuid()); string(b) != want {
		t.Errorf("peerUID = %s, want %s", b, want)
	}
}
