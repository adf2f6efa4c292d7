package search

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/zeebo/xxh3"

	"github.com/stadt-bamberg/integration/internal/cache"
	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/parallel"
)

// IndexDir is the folder of the site's own search index in the output.
const IndexDir = "suchindex"

// MaxGroups is the most fragment files per language: a page's title,
// address and text are in f-<key mod groups>.json, where groups is the
// power of two at or above a quarter of the language's pages, at most
// MaxGroups ([groupsFor]): a group holds two to four pages (at 10,000
// pages two or three), so that the fragments of the 20 results shown
// stay small, and the folder has a quarter to half as many fragment
// files as pages, never more than MaxGroups. When the number changes (the pages of a
// language doubled or halved) the fragments are made anew.
const MaxGroups = 4096

// groupsFor returns the number of fragment groups of a language with
// pages pages.
func groupsFor(pages int) int {
	g := 1
	for g < (pages+3)/4 && g < MaxGroups {
		g *= 2
	}
	return g
}

// leafMax is the most entries (postings and dictionary words) a bucket
// file holds unless its prefix is maxDepth runes long.
var leafMax = 4000

// maxDepth is the longest bucket prefix, in runes.
const maxDepth = 6

// stateFormat starts the encoded state; a change of what the index holds
// or how it is written changes it (and so makes the next index anew).
const stateFormat = "sitegen search state 5"

// docSection is the cache section of the pages' Docs, by path and sum.
const docSection = "searchdoc"

// Out is where [Builder.Emit] puts the index files: the build's output,
// which compresses them as it does its other files. File and Load are
// called from several goroutines at once.
type Out interface {
	// File writes the file p with data; rec names what was written
	// (the file and its compressed variants) for Reuse and Load.
	File(p string, data []byte) (rec []byte, err error)
	// Reuse keeps the file p as rec names it, from the output the last
	// build left or from the cache; false when it cannot.
	Reuse(p string, rec []byte) bool
	// Load returns the bytes of the file p that rec names.
	Load(p string, rec []byte) ([]byte, error)
}

// Store keeps records between builds (a cache.Cache).
type Store interface {
	Get(section, key string) ([]byte, bool)
	Put(section, key string, val []byte)
	Keep(section, key string) bool
}

// Builder collects the pages of one build ([Builder.Put],
// [Builder.Kept], from several goroutines) and then writes the index
// ([Builder.Emit]).
type Builder struct {
	mu    sync.Mutex
	docs  map[string]*Doc
	sums  map[string]digest.Sum
	clash string // a file of the build inside IndexDir
	known stemTable
}

// Clash returns a file of the build that is inside the index's folder
// (an error of the site), or "".
func (b *Builder) Clash() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.clash
}

// clashed notes p when it is in the index's folder.
func (b *Builder) clashed(p string) {
	if IsIndexFile(p) {
		b.mu.Lock()
		b.clash = p
		b.mu.Unlock()
	}
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{docs: map[string]*Doc{}, sums: map[string]digest.Sum{}}
}

// Put takes an HTML file the build made (and reads it: [Extract]).
func (b *Builder) Put(p string, data []byte, sum digest.Sum) {
	b.clashed(p)
	if !strings.HasSuffix(p, ".html") {
		return
	}
	d, ok := extract(p, data, &b.known)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sums[p] = sum
	if ok {
		b.docs[p] = &d
	} else {
		delete(b.docs, p)
	}
}

// Kept takes an HTML file the output keeps from the last build.
func (b *Builder) Kept(p string, sum digest.Sum) {
	b.clashed(p)
	if !strings.HasSuffix(p, ".html") {
		return
	}
	b.mu.Lock()
	b.sums[p] = sum
	b.mu.Unlock()
}

// Stats says what Emit did.
type Stats struct {
	Pages, Langs         int // pages indexed, languages
	Changed              int // pages read anew
	Made, Kept           int // index files written, kept
	Full                 bool
	Buckets, Fragments   int // files of all languages
	BucketBytes, MaxLeaf int // largest bucket file, bytes
}

// errAgain makes Emit start over without the last build's state.
var errAgain = errors.New("search: index made anew")

// Emit writes the index of pages (output paths, see [Pages]) to out and
// returns the state for the next build's Emit (prev: the last build's,
// nil for none). Pages the build did not Put or keep are left out.
// read returns the bytes of a kept page from the output (when neither
// this build nor st has its Doc). Emit is called once per Builder: a
// build from no state lets go of the pages' terms as it goes.
func (b *Builder) Emit(pages []string, prev []byte, st Store, out Out, read func(p string) ([]byte, error)) ([]byte, Stats, error) {
	old, err := decodeState(prev)
	decoded := err == nil
	if err != nil {
		old = &state{pages: map[string]digest.Sum{}, langs: map[string]*langState{}}
	}
	s, rep, err := b.emit(pages, old, st, out, read)
	if errors.Is(err, errAgain) {
		s, rep, err = b.emit(pages, &state{pages: map[string]digest.Sum{}, langs: map[string]*langState{}}, st, out, read)
		rep.Full = true
	}
	if err != nil {
		return nil, rep, err
	}
	if rep.Changed == 0 && !rep.Full && decoded {
		return prev, rep, nil // the same state: not encoded again
	}
	return s.encode(), rep, nil
}

type state struct {
	pages map[string]digest.Sum
	langs map[string]*langState
}

type langState struct {
	pages, words int
	groups       int // fragment groups (groupsFor(pages))
	sizes        map[string]entrySize
	leaves       map[string]fileState // by leaf name ("ge", "ge.")
	frags        map[int]fileState
}

type entrySize struct{ df, forms int } // pages with the stem, pages with the word

func (e entrySize) size() int {
	n := e.df
	if e.forms > 0 {
		n++
	}
	return n
}

type fileState struct {
	rec  []byte
	hash string
	n    int // bytes
}

type change struct {
	path     string
	old, new *Doc
}

// doc returns the Doc of the page p with the sum sum: the one Put made
// in this build, else read again from the output (the cache keeps only
// a page's terms, not its text: see [Doc.encode]). Its terms are put in
// (or kept in) the cache for the next build.
func (b *Builder) doc(p string, sum digest.Sum, st Store, read func(string) ([]byte, error)) (*Doc, error) {
	b.mu.Lock()
	d := b.docs[p]
	b.mu.Unlock()
	key := p + "\x00" + sum.String()
	if d == nil {
		if read == nil {
			return nil, fmt.Errorf("Suche: %s fehlt", p)
		}
		data, err := read(p)
		if err != nil {
			return nil, fmt.Errorf("Suche: %w", err)
		}
		if digest.Of(data) != sum {
			return nil, fmt.Errorf("Suche: %s wurde während des Builds verändert", p)
		}
		dd, ok := extract(p, data, &b.known)
		if !ok {
			return nil, nil
		}
		d = &dd
	}
	if st != nil && !st.Keep(docSection, key) {
		st.Put(docSection, key, d.encode())
	}
	return d, nil
}

func oldDoc(p string, sum digest.Sum, st Store) (*Doc, bool) {
	if st == nil {
		return nil, false
	}
	key := p + "\x00" + sum.String()
	rec, ok := st.Get(docSection, key)
	if !ok {
		return nil, false
	}
	d, err := decodeDoc(rec)
	return d, err == nil
}

func (b *Builder) emit(pages []string, old *state, st Store, out Out, read func(string) ([]byte, error)) (*state, Stats, error) {
	var rep Stats
	cur := map[string]digest.Sum{}
	b.mu.Lock()
	for _, p := range pages {
		if s, ok := b.sums[p]; ok {
			cur[p] = s
		}
	}
	b.mu.Unlock()
	paths := slices.Sorted(maps.Keys(cur))

	ns := &state{pages: map[string]digest.Sum{}, langs: map[string]*langState{}}
	var changes []change
	for _, p := range paths {
		sum := cur[p]
		was, had := old.pages[p]
		if had && was == sum {
			if st != nil && !st.Keep(docSection, p+"\x00"+sum.String()) {
				// The Doc is gone from the cache: a later change of
				// this page could not be undone from the index.
				return nil, rep, errAgain
			}
			ns.pages[p] = sum
			continue
		}
		c := change{path: p}
		if had {
			d, ok := oldDoc(p, was, st)
			if !ok {
				return nil, rep, errAgain
			}
			c.old = d
		}
		d, err := b.doc(p, sum, st, read)
		if err != nil {
			return nil, rep, err
		}
		c.new = d
		ns.pages[p] = sum
		changes = append(changes, c)
	}
	for p, was := range old.pages {
		if _, ok := cur[p]; !ok {
			d, ok := oldDoc(p, was, st)
			if !ok {
				return nil, rep, errAgain
			}
			changes = append(changes, change{path: p, old: d})
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].path < changes[j].path })
	rep.Changed = len(changes)

	// By language: the changes to each.
	byLang := map[string][]change{}
	for _, c := range changes {
		if c.old != nil {
			l := langKey(c.old.Lang)
			byLang[l] = append(byLang[l], change{path: c.path, old: c.old})
		}
		if c.new != nil {
			l := langKey(c.new.Lang)
			byLang[l] = append(byLang[l], change{path: c.path, new: c.new})
		}
	}
	langs := map[string]bool{}
	for l := range old.langs {
		langs[l] = true
	}
	for l := range byLang {
		langs[l] = true
	}
	names := slices.Sorted(maps.Keys(langs))
	for _, l := range names {
		ols := old.langs[l]
		if ols == nil {
			ols = &langState{sizes: map[string]entrySize{}, leaves: map[string]fileState{}, frags: map[int]fileState{}}
		}
		nls, err := patchLang(l, ols, byLang[l], out, &rep, len(old.pages) == 0)
		if err != nil {
			return nil, rep, err
		}
		if nls != nil {
			ns.langs[l] = nls
			rep.Langs++
			rep.Pages += nls.pages
		}
	}
	return ns, rep, nil
}

// langKey is the folder of a language's index: its <html lang> in lower
// case, letters, digits and '-' only; "und" when there is none.
func langKey(lang string) string {
	l := strings.Map(func(r rune) rune {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9', r == '-':
			return r
		case 'A' <= r && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, lang)
	if l == "" {
		return "und"
	}
	return l
}

// PageKey is the number of the page with the address url in the index:
// 48 bits of its hash, the same in every build.
func PageKey(url string) uint64 { return xxh3.HashString(url) & (1<<48 - 1) }

type posting struct {
	key   uint64
	w, n  int32  // weight of the stem on the page, words of the page (lengthClass)
	title bool   // the stem is in the page's title
	form  string // the page has the stem only in words with diacritics: the first
}

func (p posting) json(b *bytes.Buffer) {
	var num [64]byte
	x := append(num[:0], '[')
	x = strconv.AppendUint(x, p.key, 10)
	x = append(x, ',')
	x = strconv.AppendInt(x, int64(p.w), 10)
	x = append(x, ',')
	x = strconv.AppendInt(x, int64(p.n), 10)
	b.Write(x)
	switch {
	case p.form != "":
		if p.title {
			b.WriteString(",1,")
		} else {
			b.WriteString(",0,")
		}
		writeString(b, p.form)
	case p.title:
		b.WriteString(",1")
	}
	b.WriteByte(']')
}

func parsePosting(raw []json.RawMessage) (posting, error) {
	var p posting
	if len(raw) < 3 || len(raw) > 5 {
		return p, errors.New("posting")
	}
	var t int
	err := errors.Join(json.Unmarshal(raw[0], &p.key), json.Unmarshal(raw[1], &p.w), json.Unmarshal(raw[2], &p.n))
	if len(raw) > 3 {
		err = errors.Join(err, json.Unmarshal(raw[3], &t))
		p.title = t == 1
	}
	if len(raw) > 4 {
		err = errors.Join(err, json.Unmarshal(raw[4], &p.form))
	}
	return p, err
}

type form struct {
	stem  string
	pages int
}

// leafData is one bucket file: the stems with their postings (by key)
// and the words that stem to something else, with how many pages have
// them.
type leafData struct {
	stems map[string][]posting
	forms map[string]form
}

type leafJSON struct {
	S map[string][][]json.RawMessage `json:"s"`
	W map[string]string              `json:"w"`
	C map[string]int                 `json:"c"`
}

func (ld *leafData) add(raw []byte) error {
	var j leafJSON
	if err := json.Unmarshal(raw, &j); err != nil {
		return err
	}
	for s, ps := range j.S {
		l := make([]posting, len(ps))
		for i, p := range ps {
			var err error
			if l[i], err = parsePosting(p); err != nil {
				return err
			}
		}
		ld.stems[s] = l
	}
	for w, s := range j.W {
		ld.forms[w] = form{stem: s, pages: j.C[w]}
	}
	return nil
}

// leafBytes writes the entries of ld for which in is true, sorted.
func leafBytes(ld *leafData, in func(string) bool) []byte {
	var stems, words []string
	for s, ps := range ld.stems {
		if in(s) && len(ps) > 0 {
			stems = append(stems, s)
		}
	}
	for w := range ld.forms {
		if in(w) {
			words = append(words, w)
		}
	}
	slices.Sort(stems)
	slices.Sort(words)
	var b bytes.Buffer
	b.WriteString(`{"s":`)
	writeMembers(&b, stems, func(s string) {
		b.WriteByte('[')
		for k, p := range ld.stems[s] {
			if k > 0 {
				b.WriteByte(',')
			}
			p.json(&b)
		}
		b.WriteByte(']')
	})
	b.WriteString(`,"w":`)
	writeMembers(&b, words, func(w string) { writeString(&b, ld.forms[w].stem) })
	b.WriteString(`,"c":`)
	writeMembers(&b, words, func(w string) { b.WriteString(strconv.Itoa(ld.forms[w].pages)) })
	b.WriteByte('}')
	return b.Bytes()
}

// writeMembers writes a JSON object of the keys, in their order, each
// value written by value.
func writeMembers(b *bytes.Buffer, keys []string, value func(string)) {
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, k)
		b.WriteByte(':')
		value(k)
	}
	b.WriteByte('}')
}

func writeString(b *bytes.Buffer, s string) {
	j, _ := json.Marshal(s)
	b.Write(j)
}

// leaf is a bucket: the entries starting with prefix (terminal: the
// entry prefix alone).
type leaf struct {
	prefix   string
	terminal bool
}

func (l leaf) name() string {
	if l.terminal {
		return l.prefix + "."
	}
	return l.prefix
}

func leafOf(name string) leaf {
	if strings.HasSuffix(name, ".") {
		return leaf{prefix: strings.TrimSuffix(name, "."), terminal: true}
	}
	return leaf{prefix: name}
}

func (l leaf) holds(e string) bool {
	if l.terminal {
		return e == l.prefix
	}
	return strings.HasPrefix(e, l.prefix)
}

// leafFor returns the name of the bucket among names that holds the
// entry e: its terminal bucket, else the one of its longest prefix.
func leafFor(e string, names map[string]bool) (string, bool) {
	if names[e+"."] {
		return e + ".", true
	}
	// The prefixes of e at rune boundaries, longest first (maxDepth runes at most).
	ends := []int{0}
	for i := range e {
		if i > 0 {
			ends = append(ends, i)
		}
		if len(ends) > maxDepth {
			break
		}
	}
	if len(ends) <= maxDepth {
		ends = append(ends, len(e))
	}
	for j := len(ends) - 1; j >= 0; j-- {
		if p := e[:ends[j]]; names[p] {
			return p, true
		}
	}
	return "", false
}

// overlaps reports whether some entry could be in both.
func (l leaf) overlaps(m leaf) bool {
	switch {
	case l.terminal && m.terminal:
		return l.prefix == m.prefix
	case l.terminal:
		return m.holds(l.prefix)
	case m.terminal:
		return l.holds(m.prefix)
	}
	return strings.HasPrefix(l.prefix, m.prefix) || strings.HasPrefix(m.prefix, l.prefix)
}

// file is the bucket's file name in its language's folder: b-<hex of
// the prefix>.json, with "t" before .json for a terminal bucket.
func (l leaf) file() string {
	s := "b-" + fmt.Sprintf("%x", l.prefix)
	if l.terminal {
		s += "t"
	}
	return s + ".json"
}

// partition splits the entries (sorted) into buckets: a prefix whose
// entries hold at most leafMax postings and words is one bucket, else
// it is split by the next rune (entries equal to the prefix in a
// terminal bucket of their own).
func partition(keys []string, sizes map[string]entrySize) []leaf {
	var out []leaf
	var rec func(keys []string, prefix string, depth int)
	rec = func(keys []string, prefix string, depth int) {
		if len(keys) == 0 {
			return
		}
		total := 0
		for _, k := range keys {
			total += sizes[k].size()
		}
		if total <= leafMax || depth >= maxDepth {
			out = append(out, leaf{prefix: prefix})
			return
		}
		i := 0
		if keys[0] == prefix {
			out = append(out, leaf{prefix: prefix, terminal: true})
			i = 1
		}
		for i < len(keys) {
			_, n := utf8.DecodeRuneInString(keys[i][len(prefix):])
			p := keys[i][:len(prefix)+n]
			j := i + 1
			for j < len(keys) && strings.HasPrefix(keys[j], p) {
				j++
			}
			rec(keys[i:j], p, depth+1)
			i = j
		}
	}
	rec(keys, "", 0)
	return out
}

type fragJSON = map[string][3]string

// patchLang applies the changes of one language to its index and emits
// its files. It returns nil when the language has no pages left.
//
// With release, the term maps of the pages read anew are dropped once
// they are postings (a build that starts from no state: it cannot start
// over).
func patchLang(lang string, ols *langState, changes []change, out Out, rep *Stats, release bool) (*langState, error) {
	dir := IndexDir + "/" + lang + "/"
	nls := &langState{pages: ols.pages, words: ols.words, groups: ols.groups, sizes: ols.sizes, leaves: map[string]fileState{}, frags: map[int]fileState{}}
	if len(changes) > 0 {
		nls.sizes = make(map[string]entrySize, len(ols.sizes)+64)
		for k, v := range ols.sizes {
			nls.sizes[k] = v
		}
	}
	touched := map[string]bool{}
	groups := map[int]bool{}
	keys := map[uint64]string{}
	// A page read anew touches only the entries whose postings or words
	// differ from its last version's (all, when its length class did).
	before := map[string]*Doc{}
	for _, c := range changes {
		if c.old != nil {
			before[c.path] = c.old
		}
	}
	same := map[string]bool{} // entries of a page that did not change
	for _, c := range changes {
		o := before[c.path]
		if c.new == nil || o == nil || o.URL != c.new.URL || lengthClass(o.Count) != lengthClass(c.new.Count) {
			continue
		}
		for st, w := range c.new.Stems {
			if o.Stems[st] == w && o.TitleStems[st] == c.new.TitleStems[st] && o.Variant[st] == c.new.Variant[st] {
				same[c.path+"\x00"+st] = true
			}
		}
		for f, st := range c.new.Forms {
			if o.Forms[f] == st {
				same[c.path+"\x00"+f] = true
			}
		}
	}
	for _, c := range changes {
		d, sign := c.old, -1
		if d == nil {
			d, sign = c.new, 1
		}
		nls.pages += sign
		nls.words += sign * d.Count
		for s := range d.Stems {
			e := nls.sizes[s]
			e.df += sign
			nls.sizes[s] = e
			if !same[c.path+"\x00"+s] {
				touched[s] = true
			}
		}
		for w := range d.Forms {
			e := nls.sizes[w]
			e.forms += sign
			nls.sizes[w] = e
			if !same[c.path+"\x00"+w] {
				touched[w] = true
			}
		}
		k := PageKey(d.URL)
		if c.new != nil {
			if other, ok := keys[k]; ok && other != c.path {
				return nil, fmt.Errorf("Suche: %s und %s haben denselben Schlüssel im Suchindex; eine der Seiten umbenennen", other, c.path)
			}
			keys[k] = c.path
		}
	}
	for k, v := range nls.sizes {
		if v.df == 0 && v.forms == 0 {
			delete(nls.sizes, k)
		}
	}
	if nls.pages <= 0 {
		return nil, nil
	}
	nls.groups = groupsFor(nls.pages)
	if len(ols.frags) > 0 && ols.groups != nls.groups {
		return nil, errAgain
	}
	for _, c := range changes {
		d := c.old
		if d == nil {
			d = c.new
		}
		groups[int(PageKey(d.URL)%uint64(nls.groups))] = true
	}
	entries := slices.Sorted(maps.Keys(nls.sizes))
	leaves := partition(entries, nls.sizes)

	// The buckets to make: new, or holding a touched entry.
	names := make(map[string]bool, len(leaves))
	for _, l := range leaves {
		names[l.name()] = true
	}
	dirty := map[string]bool{}
	for e := range touched {
		if n, ok := leafFor(e, names); ok {
			dirty[n] = true
		}
	}
	var remake []leaf
	for _, l := range leaves {
		fs, had := ols.leaves[l.name()]
		if had && !dirty[l.name()] {
			if !out.Reuse(dir+l.file(), fs.rec) {
				return nil, errAgain
			}
			nls.leaves[l.name()] = fs
			rep.Kept++
			continue
		}
		remake = append(remake, l)
	}
	if len(remake) > 0 {
		ld := &leafData{stems: map[string][]posting{}, forms: map[string]form{}}
		for name, fs := range ols.leaves {
			ol := leafOf(name)
			if !slices.ContainsFunc(remake, ol.overlaps) {
				continue
			}
			raw, err := out.Load(dir+ol.file(), fs.rec)
			if err != nil {
				return nil, errAgain
			}
			if err := ld.add(raw); err != nil {
				return nil, errAgain
			}
		}
		// The postings of a stem: the old ones but of the pages read
		// anew, and theirs, sorted by key once.
		gone := map[string]map[uint64]bool{}
		added := map[string][]posting{}
		for _, c := range changes {
			if c.old != nil {
				k := PageKey(c.old.URL)
				for st := range c.old.Stems {
					if gone[st] == nil {
						gone[st] = map[uint64]bool{}
					}
					gone[st][k] = true
				}
				for w := range c.old.Forms {
					f := ld.forms[w]
					f.pages--
					if f.pages <= 0 {
						delete(ld.forms, w)
					} else {
						ld.forms[w] = f
					}
				}
			}
		}
		for _, c := range changes {
			if c.new != nil {
				k := PageKey(c.new.URL)
				n := int32(lengthClass(c.new.Count))
				for st, w := range c.new.Stems {
					added[st] = append(added[st], posting{key: k, w: int32(w), n: n, title: c.new.TitleStems[st], form: c.new.Variant[st]})
				}
				for w, st := range c.new.Forms {
					f := ld.forms[w]
					f.stem = st
					f.pages++
					ld.forms[w] = f
				}
				if release {
					// Its terms are postings now: the maps go, so that
					// a cold build does not hold both.
					c.new.Stems, c.new.Forms, c.new.TitleStems, c.new.Variant = nil, nil, nil, nil
				}
			}
		}
		for st := range gone {
			if _, ok := added[st]; !ok {
				added[st] = nil
			}
		}
		for st, add := range added {
			old := ld.stems[st]
			ps := add // a stem new to the index: its postings as they are
			if len(old) > 0 {
				ps = make([]posting, 0, len(old)+len(add))
				for _, p := range old {
					if !gone[st][p.key] {
						ps = append(ps, p)
					}
				}
				ps = append(ps, add...)
			}
			slices.SortFunc(ps, func(a, b posting) int { return cmpKey(a.key, b.key) })
			if len(ps) == 0 {
				delete(ld.stems, st)
			} else {
				ld.stems[st] = ps
			}
		}
		// Each entry to its bucket, then each bucket written.
		remade := map[string]bool{}
		for _, l := range remake {
			remade[l.name()] = true
		}
		byLeaf := map[string]*leafData{}
		part := func(e string) *leafData {
			n, ok := leafFor(e, names)
			if !ok || !remade[n] {
				return nil
			}
			p := byLeaf[n]
			if p == nil {
				p = &leafData{stems: map[string][]posting{}, forms: map[string]form{}}
				byLeaf[n] = p
			}
			return p
		}
		for st, ps := range ld.stems {
			if p := part(st); p != nil {
				p.stems[st] = ps
			}
		}
		for w, f := range ld.forms {
			if p := part(w); p != nil {
				p.forms[w] = f
			}
		}
		// Written on every core (written, compressed), each into its slot.
		all := func(string) bool { return true }
		made := make([]fileState, len(remake))
		err := parallel.ForErr(len(remake), func(i int) error {
			l := remake[i]
			p := byLeaf[l.name()]
			if p == nil {
				p = &leafData{}
			}
			data := leafBytes(p, all)
			rec, err := out.File(dir+l.file(), data)
			if err != nil {
				return err
			}
			made[i] = fileState{rec: rec, hash: shortHash(data), n: len(data)}
			return nil
		})
		if err != nil {
			return nil, err
		}
		for i, l := range remake {
			nls.leaves[l.name()] = made[i]
			rep.Made++
		}
	}
	for _, fs := range nls.leaves {
		rep.Buckets++
		rep.BucketBytes += fs.n
		rep.MaxLeaf = max(rep.MaxLeaf, fs.n)
	}

	// The fragments: a touched group is read, patched and written.
	for g, fs := range ols.frags {
		if groups[g] {
			continue
		}
		if !out.Reuse(dir+fragFile(g), fs.rec) {
			return nil, errAgain
		}
		nls.frags[g] = fs
		rep.Kept++
	}
	gs := slices.Sorted(maps.Keys(groups))
	byGroup := map[int][]change{}
	for _, c := range changes {
		d := c.old
		if d == nil {
			d = c.new
		}
		g := int(PageKey(d.URL) % uint64(nls.groups))
		byGroup[g] = append(byGroup[g], c)
	}
	frags := make([]*fileState, len(gs))
	errLoad := errors.New("load")
	err := parallel.ForErr(len(gs), func(i int) error {
		g := gs[i]
		frag := fragJSON{}
		if fs, ok := ols.frags[g]; ok {
			raw, err := out.Load(dir+fragFile(g), fs.rec)
			if err != nil {
				return errLoad
			}
			if err := json.Unmarshal(raw, &frag); err != nil {
				return errLoad
			}
		}
		for _, c := range byGroup[g] {
			if c.old != nil {
				delete(frag, strconv.FormatUint(PageKey(c.old.URL), 10))
			}
		}
		for _, c := range byGroup[g] {
			if c.new != nil {
				frag[strconv.FormatUint(PageKey(c.new.URL), 10)] = [3]string{c.new.URL, c.new.Title, c.new.Content}
			}
		}
		if len(frag) == 0 {
			return nil
		}
		data, err := json.Marshal(frag)
		if err != nil {
			return err
		}
		rec, err := out.File(dir+fragFile(g), data)
		if err != nil {
			return err
		}
		frags[i] = &fileState{rec: rec, hash: shortHash(data), n: len(data)}
		return nil
	})
	if errors.Is(err, errLoad) {
		return nil, errAgain
	}
	if err != nil {
		return nil, err
	}
	for i, g := range gs {
		if frags[i] != nil {
			nls.frags[g] = *frags[i]
			rep.Made++
		}
	}
	rep.Fragments += len(nls.frags)

	// The manifest: always written (the build keeps it when unchanged).
	data := manifest(lang, nls)
	if _, err := out.File(dir+"index.json", data); err != nil {
		return nil, err
	}
	return nls, nil
}

// lengthClass is a page's length as its postings hold it: exact below
// 100 words, else to two significant digits, so that an edit of a few
// words rewrites only the buckets of the words it changed.
func lengthClass(n int) int {
	f := 1
	for n >= 100*f {
		f *= 10
	}
	return (n + f/2) / f * f
}

func cmpKey(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func fragFile(g int) string { return "f-" + strconv.Itoa(g) + ".json" }

func shortHash(data []byte) string { return digest.Of(data).String()[:12] }

// manifest is a language's index.json: what the client reads first.
func manifest(lang string, ls *langState) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"v":1,"lang":%q,"stem":%t,"pages":%d,"words":%d,"groups":%d,"b":{`, lang, Stemmed(lang), ls.pages, ls.words, ls.groups)
	names := slices.Sorted(maps.Keys(ls.leaves))
	for i, n := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(&b, n)
		b.WriteByte(':')
		writeString(&b, leafOf(n).file()+"?"+ls.leaves[n].hash)
	}
	b.WriteString(`},"f":{`)
	gs := slices.Sorted(maps.Keys(ls.frags))
	for i, g := range gs {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"%d":"%s"`, g, fragFile(g)+"?"+ls.frags[g].hash)
	}
	b.WriteString("}}")
	return b.Bytes()
}

// IsIndexFile reports whether the output path p is in the index's folder.
func IsIndexFile(p string) bool { return p == IndexDir || strings.HasPrefix(p, IndexDir+"/") }

// docFormat starts an encoded Doc.
const docFormat = "doc 3"

// encode is the record of d that the cache keeps for the next build:
// what undoing the page's postings and words needs (its address,
// language, length and terms), not its title and text, which only the
// page's fragment holds and which a page read anew brings itself.
func (d *Doc) encode() []byte {
	var e cache.Encoder
	e.Str(docFormat)
	e.Str(d.Lang)
	e.Str(d.URL)
	e.Int(int64(d.Count))
	stems := slices.Sorted(maps.Keys(d.Stems))
	e.Uint(uint64(len(stems)))
	for _, s := range stems {
		e.Str(s)
		e.Int(int64(d.Stems[s]))
	}
	forms := slices.Sorted(maps.Keys(d.Forms))
	e.Uint(uint64(len(forms)))
	for _, w := range forms {
		e.Str(w)
		e.Str(d.Forms[w])
	}
	for _, s := range stems {
		e.Bool(d.TitleStems[s])
		e.Str(d.Variant[s])
	}
	return e.Bytes()
}

// decodeDoc decodes a record of [Doc.encode]: a Doc without Title and
// Content.
func decodeDoc(b []byte) (*Doc, error) {
	dec := cache.NewDecoder(b)
	if dec.Str() != docFormat {
		return nil, errors.New("search: Doc of another format")
	}
	d := &Doc{Lang: dec.Str(), URL: dec.Str(), Count: int(dec.Int())}
	n := dec.Len()
	d.Stems = make(map[string]int, n)
	stems := make([]string, 0, n)
	for range n {
		s := dec.Str()
		d.Stems[s] = int(dec.Int())
		stems = append(stems, s)
	}
	if !slices.IsSorted(stems) {
		return nil, errors.New("search: Doc with unsorted stems")
	}
	n = dec.Len()
	d.Forms = make(map[string]string, n)
	for range n {
		w := dec.Str()
		d.Forms[w] = dec.Str()
	}
	d.TitleStems, d.Variant = map[string]bool{}, map[string]string{}
	for _, s := range stems {
		if dec.Bool() {
			d.TitleStems[s] = true
		}
		if v := dec.Str(); v != "" {
			d.Variant[s] = v
		}
	}
	return d, dec.Done()
}

func (s *state) encode() []byte {
	var e cache.Encoder
	e.Str(stateFormat)
	paths := slices.Sorted(maps.Keys(s.pages))
	e.Uint(uint64(len(paths)))
	for _, p := range paths {
		e.Str(p)
		e.Sum(s.pages[p])
	}
	langs := slices.Sorted(maps.Keys(s.langs))
	e.Uint(uint64(len(langs)))
	for _, l := range langs {
		ls := s.langs[l]
		e.Str(l)
		e.Int(int64(ls.pages))
		e.Int(int64(ls.words))
		e.Int(int64(ls.groups))
		keys := slices.Sorted(maps.Keys(ls.sizes))
		e.Uint(uint64(len(keys)))
		for _, k := range keys {
			e.Str(k)
			e.Int(int64(ls.sizes[k].df))
			e.Int(int64(ls.sizes[k].forms))
		}
		names := slices.Sorted(maps.Keys(ls.leaves))
		e.Uint(uint64(len(names)))
		for _, n := range names {
			f := ls.leaves[n]
			e.Str(n)
			e.Raw(f.rec)
			e.Str(f.hash)
			e.Int(int64(f.n))
		}
		gs := slices.Sorted(maps.Keys(ls.frags))
		e.Uint(uint64(len(gs)))
		for _, g := range gs {
			f := ls.frags[g]
			e.Int(int64(g))
			e.Raw(f.rec)
			e.Str(f.hash)
			e.Int(int64(f.n))
		}
	}
	return e.Bytes()
}

func decodeState(b []byte) (*state, error) {
	if len(b) == 0 {
		return nil, errors.New("no state")
	}
	d := cache.NewDecoder(b)
	if d.Str() != stateFormat {
		return nil, errors.New("other format")
	}
	s := &state{pages: map[string]digest.Sum{}, langs: map[string]*langState{}}
	for range d.Len() {
		p := d.Str()
		s.pages[p] = d.Sum()
	}
	for range d.Len() {
		l := d.Str()
		ls := &langState{pages: int(d.Int()), words: int(d.Int()), groups: int(d.Int()), sizes: map[string]entrySize{}, leaves: map[string]fileState{}, frags: map[int]fileState{}}
		for range d.Len() {
			k := d.Str()
			ls.sizes[k] = entrySize{df: int(d.Int()), forms: int(d.Int())}
		}
		for range d.Len() {
			n := d.Str()
			ls.leaves[n] = fileState{rec: d.Raw(), hash: d.Str(), n: int(d.Int())}
		}
		for range d.Len() {
			g := int(d.Int())
			ls.frags[g] = fileState{rec: d.Raw(), hash: d.Str(), n: int(d.Int())}
		}
		s.langs[l] = ls
	}
	if err := d.Done(); err != nil {
		return nil, err
	}
	return s, nil
}

// WriteDir writes the index of pages (output paths, see [Pages]) of a
// site already written to the folder dir into dir/suchindex/, whole and
// uncompressed. For sites written by other means than a build (the
// browser tests); the caller makes sure that nothing else writes to dir
// meanwhile.
func WriteDir(dir string, pages []string) (Stats, error) {
	b := NewBuilder()
	for _, p := range pages {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return Stats{}, fmt.Errorf("Suche: %w", err)
		}
		b.Put(p, data, digest.Of(data))
	}
	_, st, err := b.Emit(pages, nil, nil, dirOut(dir), nil)
	return st, err
}

// dirOut writes the index's files into a folder.
type dirOut string

func (d dirOut) File(p string, data []byte) ([]byte, error) {
	f := filepath.Join(string(d), filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
		return nil, err
	}
	return nil, os.WriteFile(f, data, 0o644)
}

func (d dirOut) Reuse(string, []byte) bool { return false }

func (d dirOut) Load(p string, _ []byte) ([]byte, error) {
	return os.ReadFile(filepath.Join(string(d), filepath.FromSlash(p)))
}
