package search

// SetLeafMax sets the bucket size for a test and returns the undo.
func SetLeafMax(n int) func() {
	old := leafMax
	leafMax = n
	return func() { leafMax = old }
}
