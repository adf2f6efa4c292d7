package build

// LazyEncodes counts the pictures encoded on request (PicturesLazy) in
// this process.
func LazyEncodes() int64 { return lazyEncodes.Load() }
