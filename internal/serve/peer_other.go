//go:build !linux

package serve

import "net/http"

// peerUID: only Linux's socket table tells who is at the other end.
func peerUID(*http.Request) (int, bool) { return 0, false }
