package main

import (
	"bytes"
	"flag"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestHelp checks that --help has a synopsis, lists every subcommand of the
// table and names every flag's environment variable.
func TestHelp(t *testing.T) {
	var out, errb bytes.Buffer
	if rc := run([]string{"--help"}, strings.NewReader(""), &out, &errb); rc != 0 {
		t.Fatalf("exit %d", rc)
	}
	help := errb.String()
	if !strings.Contains(help, "Usage:\n  backlog-xmlrpc [flags]") {
		t.Errorf("no synopsis:\n%s", help)
	}
	for _, s := range subcommands() {
		if !strings.Contains(help, "  backlog-xmlrpc "+s.name) {
			t.Errorf("subcommand %s not listed", s.name)
		}
	}
	c := DefaultConfig()
	c.flagSet("x", &out).VisitAll(func(f *flag.Flag) {
		if !strings.Contains(help, "--"+f.Name+" ") || !strings.Contains(help, EnvName(f.Name)) {
			t.Errorf("--%s or %s missing", f.Name, EnvName(f.Name))
		}
	})
}

func TestVersionFrom(t *testing.T) {
	vcs := func(rev, modified string) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}}
	}
	for _, tc := range []struct {
		stamped string
		bi      *debug.BuildInfo
		want    string
	}{
		{"1.2.3", vcs("0123456789abcdef", "false"), "1.2.3"},
		{"dev", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0"},
		{"dev", vcs("0123456789abcdef", "false"), "dev+0123456789ab"},
		{"dev", vcs("0123456789abcdef", "true"), "dev+0123456789ab-dirty"},
		{"dev", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
		{"dev", nil, "dev"},
	} {
		if got := versionFrom(tc.stamped, tc.bi, tc.bi != nil); got != tc.want {
			t.Errorf("versionFrom(%q, %+v) = %q, want %q", tc.stamped, tc.bi, got, tc.want)
		}
	}
}

// TestBuiltBinaryVersion builds the binary as the release steps do (the
// Dockerfile passes the same -X flag) and checks `version` and --help.
func TestBuiltBinaryVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "backlog-xmlrpc")
	build := exec.Command("go", "build", "-ldflags=-X=main.version=9.8.7-test", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil || strings.TrimSpace(string(out)) != "9.8.7-test" {
		t.Fatalf("version: %q %v", out, err)
	}
	help, _ := exec.Command(bin, "--help").CombinedOutput()
	if !strings.Contains(string(help), "backlog-xmlrpc 9.8.7-test:") {
		t.Fatalf("--help does not name the version:\n%s", help)
	}
}
