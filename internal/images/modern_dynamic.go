//go:build avif && !nodynamic

package images

// Without nodynamic, github.com/gen2brain/avif would use the system's
// libavif when one is installed (purego) instead of its own WebAssembly
// build: the same content would give other bytes on another machine. So
// the avif tag needs nodynamic too: go build -tags 'avif nodynamic'.
var _ = the_avif_build_tag_needs_nodynamic_too
