// Package sharedcheck is test support for the cross-check of the
// repository's own copies of reference files (testdata/v2-json,
// testdata/seeds) against the shared reference folder that CI keeps beside
// the clone (../shared from the module root).
//
// The tests read the in-repository copies, so they pass from a clone with
// nothing beside it. The cross-check tests call Dir: without ../shared they
// skip, except under CI=true, where the folder is part of the CI machine's
// layout and its absence is a failure.
package sharedcheck

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// Required reports whether the cross-check must run (CI=true).
func Required() bool { return os.Getenv("CI") == "true" }

// Dir returns the path of shared/<rel> beside the root of the module that
// holds the working directory. When it is absent, the test is skipped, or
// under CI=true fails.
func Dir(t testing.TB, rel string) string {
	t.Helper()
	dir, err := find(".", rel)
	if err != nil {
		if Required() {
			t.Fatalf("CI=true and %v: the cross-check against ../shared is required", err)
		}
		t.Skipf("cross-check skipped: %v (it is required under CI=true)", err)
	}
	return dir
}

// find looks up the module root from start (the first parent holding
// go.mod) and returns <root>/../shared/<rel> if it exists.
func find(start, rel string) (string, error) {
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above %s", start)
		}
		dir = parent
	}
	shared := filepath.Join(filepath.Dir(dir), "shared", filepath.FromSlash(rel))
	if _, err := os.Stat(shared); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("../shared/%s not found beside the module root %s", rel, dir)
		}
		return "", err
	}
	return shared, nil
}

// SameFiles checks that the folders ours and theirs hold the same regular
// files (by name, the names in ownOnly aside: files only ours has) with
// the same bytes.
func SameFiles(t testing.TB, ours, theirs string, ownOnly ...string) {
	t.Helper()
	diffs, err := diffDirs(ours, theirs, ownOnly)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		t.Error(d)
	}
}

// SameFile checks that the files ours and theirs have the same bytes.
func SameFile(t testing.TB, ours, theirs string) {
	t.Helper()
	d, err := diffFile(ours, theirs)
	if err != nil {
		t.Fatal(err)
	}
	if d != "" {
		t.Error(d)
	}
}

func diffFile(ours, theirs string) (string, error) {
	a, err := os.ReadFile(ours)
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(theirs)
	if err != nil {
		return "", err
	}
	if !bytes.Equal(a, b) {
		return fmt.Sprintf("%s differs from %s (%d bytes, %d bytes)", ours, theirs, len(a), len(b)), nil
	}
	return "", nil
}

// diffDirs lists the differences between the regular files of ours and
// theirs, sorted by name.
func diffDirs(ours, theirs string, ownOnly []string) ([]string, error) {
	list := func(dir string) ([]string, error) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		var names []string
		for _, e := range entries {
			if e.Type().IsRegular() {
				names = append(names, e.Name())
			}
		}
		return names, nil
	}
	a, err := list(ours)
	if err != nil {
		return nil, err
	}
	b, err := list(theirs)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, fmt.Errorf("no files in %s", theirs)
	}
	var diffs []string
	for _, name := range a {
		if !slices.Contains(b, name) && !slices.Contains(ownOnly, name) {
			diffs = append(diffs, fmt.Sprintf("%s: not in %s", filepath.Join(ours, name), theirs))
		}
	}
	for _, name := range b {
		if !slices.Contains(a, name) {
			diffs = append(diffs, fmt.Sprintf("%s: no copy in %s", filepath.Join(theirs, name), ours))
			continue
		}
		d, err := diffFile(filepath.Join(ours, name), filepath.Join(theirs, name))
		if err != nil {
			return nil, err
		}
		if d != "" {
			diffs = append(diffs, d)
		}
	}
	return diffs, nil
}
