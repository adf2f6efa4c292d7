package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNuValidator runs the Nu HTML Checker once over every HTML file of
// both sites and every CSS file: zero errors.
func TestNuValidator(t *testing.T) {
	gate(t)
	t.Parallel()
	java, err := exec.LookPath("java")
	if err != nil {
		missing(t, "java is not installed (apt-get install default-jre-headless)")
	}
	if _, err := os.Stat(vnuJar); err != nil {
		missing(t, "vnu-jar is not installed (%v; run npm ci --prefix tools)", err)
	}

	var files []string
	owner := map[string]string{} // file → "site path" for messages
	for _, s := range sites {
		for _, f := range s.res.Files {
			if strings.HasSuffix(f.Path, ".html") || strings.HasSuffix(f.Path, ".css") {
				name := filepath.Join(s.dir, filepath.FromSlash(f.Path))
				files = append(files, name)
				owner[name] = s.name + " /" + f.Path
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := append([]string{"-jar", vnuJar, "--format", "json", "--errors-only", "--also-check-css"}, files...)
	cmd := exec.CommandContext(ctx, java, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run() // exit status 1 when there are errors

	var report struct {
		Messages []struct {
			Type, SubType, URL, Message, Extract string
			LastLine, FirstColumn                int
		}
	}
	if err := json.Unmarshal(stderr.Bytes(), &report); err != nil {
		t.Fatalf("vnu: %v (exit: %v)\nstdout: %s\nstderr: %s", err, runErr, stdout.String(), stderr.String())
	}
	for _, m := range report.Messages {
		file := strings.TrimPrefix(m.URL, "file:")
		where := owner[file]
		if where == "" {
			where = m.URL
		}
		t.Errorf("%s:%d:%d: %s %s: %s\n    %s", where, m.LastLine, m.FirstColumn, m.Type, m.SubType, m.Message, strings.TrimSpace(m.Extract))
	}
	if runErr != nil && len(report.Messages) == 0 {
		t.Errorf("vnu failed: %v\n%s", runErr, stderr.String())
	}
	t.Logf("Nu HTML Checker: %d files (HTML and CSS), %d errors", len(files), len(report.Messages))
}
