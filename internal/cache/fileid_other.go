//go:build !unix

package cache

// fileID reports no identity: without a change time the hash of the
// executable is not kept (see exeHash).
func fileID(string) (string, bool) { return "", false }
