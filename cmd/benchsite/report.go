package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// report is everything a run measured, with what is needed to repeat it.
type report struct {
	Machine     machineInfo      `json:"machine"`
	N           int              `json:"n"`
	Seed        int64            `json:"seed"`
	Runs        int              `json:"runs"`
	Dir         string           `json:"dir"`
	FS          string           `json:"fs,omitempty"`
	Site        string           `json:"site"`
	Output      string           `json:"output,omitempty"` // public/index.html of the last sitegen build
	Sitegen     toolInfo         `json:"sitegen"`
	CacheFlags  bool             `json:"cache_flags"`
	Hugo        toolInfo         `json:"hugo"`
	HugoNote    string           `json:"hugo_note,omitempty"`
	EditedEvent string           `json:"edited_event"`
	EditedPage  string           `json:"edited_page"`
	Langs       string           `json:"langs,omitempty"` // the five-language corpus, when run
	Scenarios   []scenarioResult `json:"scenarios"`
	Ratios      []ratio          `json:"ratios"`
	Notes       []string         `json:"notes,omitempty"`
}

type machineInfo struct {
	OS            string `json:"os"`
	CPU           string `json:"cpu,omitempty"`
	Nproc         int    `json:"nproc"`
	GOMAXPROCS    int    `json:"gomaxprocs"`
	GOMAXPROCSEnv string `json:"gomaxprocs_env,omitempty"`
	GoVersion     string `json:"go_version"`
	LoadBefore    string `json:"load_before,omitempty"`
	LoadAfter     string `json:"load_after,omitempty"`
}

type toolInfo struct {
	Path    string `json:"path,omitempty"`
	Version string `json:"version,omitempty"`
	Build   string `json:"build,omitempty"` // how the binary was made
}

// seconds is a duration written to JSON as seconds.
type seconds time.Duration

func (s seconds) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, time.Duration(s).Seconds(), 'f', 3, 64), nil
}

type runResult struct {
	Wall     seconds `json:"wall_s"`
	CPU      seconds `json:"cpu_s"` // user + system of the child
	MaxRSSKB int64   `json:"max_rss_kb"`
}

type scenarioResult struct {
	Name        string      `json:"name"`
	Tool        string      `json:"tool"`
	Command     string      `json:"command"`      // short, as in the table
	FullCommand string      `json:"full_command"` // with the folder and the preparation
	Prepare     string      `json:"prepare,omitempty"`
	Note        string      `json:"note"`
	Runs        []runResult `json:"runs"`
	Min         seconds     `json:"min_s"`
	Median      seconds     `json:"median_s"`
	CPU         seconds     `json:"cpu_median_s"`
	PeakRSSKB   int64       `json:"peak_rss_kb"` // the maximum over the runs
	Profile     string      `json:"profile,omitempty"`

	noCacheDirNoted bool
	noIndexNoted    bool
	editNoted       bool
}

type ratio struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Text  string  `json:"text"`
}

func (s *scenarioResult) title() string {
	return s.Tool + " " + strings.TrimPrefix(s.Name, "hugo-")
}

func (s *scenarioResult) summarize() {
	var walls, cpus []seconds
	for _, r := range s.Runs {
		walls = append(walls, r.Wall)
		cpus = append(cpus, r.CPU)
		s.PeakRSSKB = max(s.PeakRSSKB, r.MaxRSSKB)
	}
	s.Min = slices.Min(walls)
	s.Median = median(walls)
	s.CPU = median(cpus)
}

func median(v []seconds) seconds {
	v = slices.Clone(v)
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

func (r *report) scenario(name string) *scenarioResult {
	for i := range r.Scenarios {
		if r.Scenarios[i].Name == name {
			return &r.Scenarios[i]
		}
	}
	return nil
}

// ratios compares sitegen with Hugo where both ran.
func (r *report) ratios() {
	speed := func(hugo, sitegen, what string) {
		h, s := r.scenario(hugo), r.scenario(sitegen)
		if h == nil || s == nil || s.Min == 0 {
			return
		}
		v := float64(h.Min) / float64(s.Min)
		text := fmt.Sprintf("sitegen %.2f× faster", v)
		if v < 1 {
			text = fmt.Sprintf("sitegen %.2f× slower", 1/v)
		}
		text += what
		if s.CPU > 0 {
			text += fmt.Sprintf("; CPU time ratio %.2f", float64(h.CPU)/float64(s.CPU))
		}
		r.Ratios = append(r.Ratios, ratio{Name: h.title() + " / " + s.title() + " (min wall)", Value: v, Text: text})
	}
	speed("hugo-cold", "cold-nocompress", " for the same work")
	speed("hugo-cold", "cold", " (sitegen also compresses)")
	speed("hugo-edit-title", "warm-title", " after the same edit")
	speed("hugo-langs-cold", "langs-cold", " in five languages (Hugo makes only the translated pages in the other four)")
	speed("hugo-langs-edit-title", "langs-warm-title", " after the same edit, in five languages")
	speed("hugo-cold", "cold-search", " (sitegen also makes the search index)")
	speed("hugo-edit-title", "warm-title-search", " after the same edit, with the search index")
	mem := func(sitegen, hugo string) {
		s, h := r.scenario(sitegen), r.scenario(hugo)
		if h == nil || s == nil || h.PeakRSSKB == 0 {
			return
		}
		v := float64(s.PeakRSSKB) / float64(h.PeakRSSKB)
		r.Ratios = append(r.Ratios, ratio{Name: s.title() + " / " + h.title() + " (peak RSS)", Value: v,
			Text: fmt.Sprintf("sitegen uses %.0f %% of Hugo's memory", 100*v)})
	}
	mem("cold", "hugo-cold")
	mem("cold-nocompress", "hugo-cold")
	mem("cold-search", "hugo-cold")
}

func (r *report) print(w io.Writer) {
	m := r.Machine
	fmt.Fprintf(w, "benchsite: n=%d pages, seed %d, %d timed run(s) per scenario\n", r.N, r.Seed, r.Runs)
	fmt.Fprintf(w, "machine:   %s, %s, nproc %d, GOMAXPROCS %d", m.OS, orNA(m.CPU), m.Nproc, m.GOMAXPROCS)
	if m.GOMAXPROCSEnv != "" {
		fmt.Fprintf(w, " ($GOMAXPROCS=%s, passed to the children)", m.GOMAXPROCSEnv)
	}
	fmt.Fprintf(w, ", %s\n", m.GoVersion)
	fmt.Fprintf(w, "load avg:  before %s, after %s\n", orNA(m.LoadBefore), orNA(m.LoadAfter))
	fs := ""
	if r.FS != "" {
		fs = " (" + r.FS + ")"
	}
	fmt.Fprintf(w, "folder:    %s%s; corpus, public/ and .sitegen-cache/ in %s\n", r.Dir, fs, r.Site)
	fmt.Fprintf(w, "sitegen:   %s, %s\n", r.Sitegen.Build, orNA(r.Sitegen.Version))
	cf := "yes (--no-cache)"
	if !r.CacheFlags {
		cf = "MISSING: sitegen build has no --no-cache/--cache-dir yet; scenarios ran without them"
	}
	fmt.Fprintf(w, "cache flags: %s\n", cf)
	if r.Hugo.Path != "" {
		fmt.Fprintf(w, "hugo:      %s, %s\n", r.Hugo.Path, r.Hugo.Version)
	} else {
		fmt.Fprintf(w, "%s\n", r.HugoNote)
	}
	fmt.Fprintf(w, "edits:     title of %s; body of %s\n", r.EditedEvent, r.EditedPage)
	if r.Langs != "" {
		fmt.Fprintf(w, "languages: %s\n", r.Langs)
	}
	fmt.Fprintln(w)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	width := len("scenario")
	for _, s := range r.Scenarios {
		width = max(width, len(s.title()))
	}
	fmt.Fprintf(tw, "%-*s\truns\tmin\tmedian\tCPU\tpeak RSS\t  command\n", width, "scenario")
	for _, s := range r.Scenarios {
		fmt.Fprintf(tw, "%-*s\t%d\t%s\t%s\t%s\t%s\t  %s\n", width, s.title(), len(s.Runs), fmtDur(s.Min), fmtDur(s.Median), fmtDur(s.CPU), fmtKB(s.PeakRSSKB), s.Command)
	}
	tw.Flush()
	fmt.Fprintln(w, "(wall time from start to exit of the process; CPU = user + system of the child, median; peak RSS = Maxrss of the child, maximum over the runs)")

	if len(r.Ratios) > 0 {
		fmt.Fprintln(w, "\nratios:")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, q := range r.Ratios {
			fmt.Fprintf(tw, "  %s\t%.2f\t%s\n", q.Name, q.Value, q.Text)
		}
		tw.Flush()
	}

	fmt.Fprintln(w, "\ncommands:")
	for _, s := range r.Scenarios {
		fmt.Fprintf(w, "  %-25s %s\n", s.title()+":", s.FullCommand)
		what := s.Note
		if s.Prepare != "" && !strings.HasPrefix(s.Prepare, "rm ") {
			what = "before each run: " + s.Prepare + "; " + what
		}
		fmt.Fprintf(w, "  %-25s %s\n", "", what)
		if s.Profile != "" {
			fmt.Fprintf(w, "  %-25s profile: %s\n", "", s.Profile)
		}
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(w, "\nnotes:")
		for _, n := range r.Notes {
			fmt.Fprintf(w, "  - %s\n", n)
		}
	}
}

func (r *report) writeJSON(file string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(file, append(b, '\n'), 0o644)
}

func orNA(s string) string {
	if s == "" {
		return "n/a"
	}
	return s
}

func fmtDur[D time.Duration | seconds](d D) string {
	t := time.Duration(d)
	switch {
	case t == 0:
		return "0"
	case t < time.Second:
		return fmt.Sprintf("%d ms", t.Milliseconds())
	case t < 10*time.Second:
		return fmt.Sprintf("%.2f s", t.Seconds())
	}
	return fmt.Sprintf("%.1f s", t.Seconds())
}

func fmtKB(kb int64) string {
	if kb == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%d MB", (kb+512)/1024)
}

// machine describes the machine the children run on.
func machine() machineInfo {
	m := machineInfo{
		OS:            runtime.GOOS + "/" + runtime.GOARCH,
		Nproc:         runtime.NumCPU(),
		GOMAXPROCS:    runtime.GOMAXPROCS(0),
		GOMAXPROCSEnv: os.Getenv("GOMAXPROCS"),
		GoVersion:     runtime.Version(),
	}
	if out, err := exec.Command("nproc").Output(); err == nil {
		if n, err := strconv.Atoi(strings.TrimSpace(string(out))); err == nil {
			m.Nproc = n
		}
	}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	return m
}

// loadAvg returns the load averages over 1, 5 and 15 minutes, or "".
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
