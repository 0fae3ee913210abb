package sharedcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFind: shared/<rel> is looked up beside the module root found above
// the start folder, not beside the start folder itself.
func TestFind(t *testing.T) {
	top := t.TempDir()
	root := filepath.Join(top, "repo")
	write(t, filepath.Join(root, "go.mod"), "module x\n")
	pkg := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := find(pkg, "fixtures/x"); err == nil || !strings.Contains(err.Error(), "../shared/fixtures/x not found beside the module root "+root) {
		t.Errorf("no shared folder: err = %v", err)
	}
	// A shared folder beside the package (not the root) does not count.
	write(t, filepath.Join(root, "a", "shared", "fixtures", "x", "f.json"), "{}")
	if _, err := find(pkg, "fixtures/x"); err == nil {
		t.Error("found a shared folder that is not beside the module root")
	}
	write(t, filepath.Join(top, "shared", "fixtures", "x", "f.json"), "{}")
	got, err := find(pkg, "fixtures/x")
	if want := filepath.Join(top, "shared", "fixtures", "x"); err != nil || got != want {
		t.Errorf("find = %q, %v; want %q", got, err, want)
	}
}

// TestDiffDirs: equal folders have no difference; a changed byte, a file
// only one side has (except an allowed own file) are each reported.
func TestDiffDirs(t *testing.T) {
	ours, theirs := t.TempDir(), t.TempDir()
	for _, d := range []string{ours, theirs} {
		write(t, filepath.Join(d, "a.json"), `{"a":1}`)
		write(t, filepath.Join(d, "b.json"), `[]`)
	}
	write(t, filepath.Join(ours, "README.md"), "ours")
	if diffs, err := diffDirs(ours, theirs, []string{"README.md"}); err != nil || len(diffs) != 0 {
		t.Fatalf("equal folders: %q, %v", diffs, err)
	}
	if diffs, _ := diffDirs(ours, theirs, nil); len(diffs) != 1 || !strings.Contains(diffs[0], "README.md: not in") {
		t.Errorf("own file not allowed: %q", diffs)
	}
	write(t, filepath.Join(theirs, "b.json"), `[ ]`)
	write(t, filepath.Join(theirs, "c.json"), `{}`)
	diffs, err := diffDirs(ours, theirs, []string{"README.md"})
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) != 2 || !strings.Contains(diffs[0], "b.json differs") || !strings.Contains(diffs[1], "c.json: no copy in") {
		t.Errorf("diffs = %q", diffs)
	}
	if _, err := diffDirs(ours, t.TempDir(), nil); err == nil {
		t.Error("an empty shared folder compared as equal")
	}
}
