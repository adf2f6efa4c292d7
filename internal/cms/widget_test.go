package cms_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stadt-bamberg/integration/internal/cms"
	"github.com/stadt-bamberg/integration/internal/dates"
)

// The date-and-time widget accepts exactly the wall-clock times the model
// reads as one instant in Bamberg: the sitegen-cms.js function wallClock
// is run in Node with the computer's zone set to New York, over every
// quarter hour of the nights on which the clocks change in Bamberg and in
// New York in 2027, and compared with dates.Parse.
func TestWidgetWallClock(t *testing.T) {
	node := cms.Node(t)
	src, err := os.ReadFile("sitegen-cms.js")
	if err != nil {
		t.Fatal(err)
	}
	js := string(src)
	i := strings.Index(js, "  function wallClock(")
	j := strings.Index(js[i:], "\n  }\n")
	if i < 0 || j < 0 {
		t.Fatal("sitegen-cms.js has no function wallClock")
	}
	fn := js[i : i+j+4]
	loc, err := dates.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	var times []string
	for _, night := range []string{"2027-03-14", "2027-03-28", "2027-10-31", "2027-11-07"} {
		day, _ := time.Parse("2006-01-02", night)
		for m := 0; m < 6*60; m += 15 {
			times = append(times, day.Add(time.Duration(m)*time.Minute).Format("2006-01-02T15:04"))
		}
	}
	in, _ := json.Marshal(times)
	script := "var DATETIME = /^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$/;\n" + fn +
		"\nconsole.log(JSON.stringify(" + string(in) + ".map(function (v) { return wallClock(v, 'Europe/Berlin'); })));\n"
	cmd := exec.Command(node, "-e", script)
	cmd.Env = append(os.Environ(), "TZ=America/New_York")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(times) {
		t.Fatalf("node said %s (%v)", out, err)
	}
	gaps, twice := 0, 0
	for k, v := range times {
		_, perr := dates.Parse(v, loc)
		want := ""
		if perr != nil {
			want = "gap"
			if strings.Contains(perr.Error(), "zweimal") {
				want = "twice"
			}
		}
		if got[k] != want {
			t.Errorf("%s: the widget says %q, the model %q (%v)", v, got[k], want, perr)
		}
		switch got[k] {
		case "gap":
			gaps++
		case "twice":
			twice++
		}
	}
	// 02:00–02:45 on 28 March do not exist, 02:00–02:45 on 31 October
	// happen twice; New York's changes mean nothing in Bamberg.
	if gaps != 4 || twice != 4 {
		t.Errorf("%d times in a gap and %d twice, want 4 and 4", gaps, twice)
	}
}
