package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
)

// TestPasswdListAndRemove lists the entries (logins and the kind of v2
// credential, never a secret) and removes one.
func TestPasswdListAndRemove(t *testing.T) {
	path := filepath.Join(t.TempDir(), "creds.json")
	c := cred(t, "carol", "pw", "")
	c.RefreshToken = "REFRESH-SECRET"
	writeCreds(t, path, cred(t, "alice", "pw", "KEY-SECRET"), cred(t, "bob", "pw", "KEY-BOB"), c)
	runP := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := runPasswd(append([]string{"--credentials", path}, args...), strings.NewReader(""), &out, &errb, func(string) string { return "" })
		return code, out.String(), errb.String()
	}
	code, out, errs := runP("--list")
	if code != 0 || out != "alice\tapi-key\nbob\tapi-key\ncarol\trefresh-token\n" {
		t.Fatalf("list: exit %d %q %s", code, out, errs)
	}
	if code, out, errs := runP("--remove", "bob"); code != 0 || !strings.Contains(out, `"bob" removed`) {
		t.Fatalf("remove: exit %d %q %s", code, out, errs)
	}
	set, err := auth.LoadFile(path)
	if err != nil || set.Len() != 2 {
		t.Fatalf("after remove: %v %v", set, err)
	}
	if _, ok := set.Lookup("bob"); ok {
		t.Fatal("bob still there")
	}
	if code, _, errs := runP("--remove", "nobody"); code != 1 || !strings.Contains(errs, `no entry for "nobody"`) {
		t.Fatalf("remove unknown: exit %d %s", code, errs)
	}
	if code, _, errs := runP("--list", "alice"); code != 2 || !strings.Contains(errs, "--list takes no LOGIN") {
		t.Fatalf("list with a login: exit %d %s", code, errs)
	}
	for _, s := range []string{"KEY-SECRET", "REFRESH-SECRET", "$2a$"} {
		if strings.Contains(out+errs, s) {
			t.Fatalf("a secret is printed: %s", s)
		}
	}
}

// TestPasswdWithoutCredentialsSaysWhichFlag: without a file, passwd names
// the flag and the variable instead of printing only its usage.
func TestPasswdWithoutCredentialsSaysWhichFlag(t *testing.T) {
	var out, errb bytes.Buffer
	code := runPasswd([]string{"alice"}, strings.NewReader("pw\nK\n"), &out, &errb, func(string) string { return "" })
	if code != 2 || !strings.Contains(errb.String(), "no credentials file: pass --credentials FILE or set BACKLOG_XMLRPC_CREDENTIALS") {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
}
