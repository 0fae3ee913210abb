package auth

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFileModeMessagesPointAtTheFix: a group-readable file is refused with
// the flag that accepts it; a world-readable one only with chmod.
func TestFileModeMessagesPointAtTheFix(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.json")
	if err := WriteFile(path, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mode      os.FileMode
		want, not string
	}{
		{0o640, "--credentials-group-readable", ""},
		{0o440, "--credentials-group-readable", ""},
		{0o644, "chmod 600", "--credentials-group-readable"},
		{0o660, "chmod 600", "--credentials-group-readable"},
	} {
		if err := os.Chmod(path, tc.mode); err != nil {
			t.Fatal(err)
		}
		_, err := LoadFile(path)
		if !errors.Is(err, ErrInsecureFile) || !strings.Contains(err.Error(), tc.want) || (tc.not != "" && strings.Contains(err.Error(), tc.not)) {
			t.Errorf("mode %04o: %v", tc.mode, err)
		}
	}
}

// TestUnreadableFileMessage: a file the process may not open (a root-owned
// 0600 file mounted into the image, which runs as UID 65532) is refused
// with the UID and the two fixes, not a bare "permission denied".
func TestUnreadableFileMessage(t *testing.T) {
	err := openError("/etc/x/credentials.json", fmt.Errorf("open /etc/x/credentials.json: %w", fs.ErrPermission), 65532)
	for _, want := range []string{"/etc/x/credentials.json", "UID 65532", "chown 65532", "--credentials-group-readable"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q missing from %q", want, err)
		}
	}
	if !errors.Is(err, fs.ErrPermission) {
		t.Error("the cause is lost")
	}
	other := fmt.Errorf("open x: %w", fs.ErrNotExist)
	if got := openError("x", other, 1); !errors.Is(got, fs.ErrNotExist) {
		t.Errorf("not-exist changed: %v", got)
	}
}

// TestWriteFileMissingDirectory: writing into a directory that does not
// exist names that directory and how to make it, not the temporary file
// the atomic write would have used.
func TestWriteFileMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "etc-backlog-xmlrpc")
	err := WriteFile(filepath.Join(dir, "credentials.json"), nil)
	if err == nil || !strings.Contains(err.Error(), dir+" does not exist") || !strings.Contains(err.Error(), "mkdir") || strings.Contains(err.Error(), ".tmp-") {
		t.Fatalf("err = %v, want the missing directory named with mkdir, not the temporary file", err)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v: no longer fs.ErrNotExist", err)
	}
}
