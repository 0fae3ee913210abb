package methods

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	kolo "github.com/kolo/xmlrpc"
)

var update = flag.Bool("update", false, "rewrite the golden .response.xml files")

// TestGolden runs every testdata/<method>/<case>.request.xml through the
// HTTP endpoint against a fresh fake (fixed clock) and compares the
// canonicalised response with <case>.response.xml (-update rewrites them).
// Each response must also decode with kolo/xmlrpc, a real client.
//
// Caller: backlog.admin.* cases run as the seed's admin, others as demo; a
// case named as_<user>_... (as_admin_, as_demo_, as_guest_, ...) runs as
// that user. Cases of methods not registered yet are skipped.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "testdata", "backlog.*"))
	if err != nil {
		t.Fatal(err)
	}
	registered := map[string]bool{}
	for _, n := range MethodNames() {
		registered[n] = true
	}
	sort.Strings(dirs)
	ran := 0
	for _, dir := range dirs {
		method := filepath.Base(dir)
		reqs, _ := filepath.Glob(filepath.Join(dir, "*.request.xml"))
		sort.Strings(reqs)
		for _, reqPath := range reqs {
			name := strings.TrimSuffix(filepath.Base(reqPath), ".request.xml")
			t.Run(method+"/"+name, func(t *testing.T) {
				if !registered[method] {
					t.Skipf("%s is not registered yet", method)
				}
				ran++
				runGoldenCase(t, method, name, reqPath)
			})
		}
	}
	if ran == 0 {
		t.Fatal("no golden case ran")
	}
}

// goldenUser picks the caller of a case (see TestGolden).
func goldenUser(method, name string) string {
	if strings.HasPrefix(name, "as_") {
		rest := name[len("as_"):]
		if i := strings.IndexByte(rest, '_'); i > 0 {
			if _, ok := apiKeys[rest[:i]]; ok {
				return rest[:i]
			}
		}
	}
	if strings.HasPrefix(method, "backlog.admin.") {
		return "admin"
	}
	return "demo"
}

func runGoldenCase(t *testing.T, method, name, reqPath string) {
	req, err := os.ReadFile(reqPath)
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, goldenUser(method, name))
	body := r.post(req)
	got, err := canonical(body)
	if err != nil {
		t.Fatalf("response is not XML: %v\n%s", err, body)
	}
	respPath := strings.TrimSuffix(reqPath, ".request.xml") + ".response.xml"
	if *update {
		if err := os.WriteFile(respPath, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wantRaw, err := os.ReadFile(respPath)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	want, err := canonical(wantRaw)
	if err != nil {
		t.Fatalf("golden file is not XML: %v", err)
	}
	if got != want {
		t.Errorf("response differs from %s\n--- got\n%s\n--- want\n%s", respPath, got, want)
	}
	// A real client must read it: a fault as kolo.FaultError, a value
	// otherwise.
	resp := kolo.Response(body)
	if ferr := resp.Err(); ferr != nil {
		if _, ok := ferr.(kolo.FaultError); !ok {
			t.Errorf("kolo could not read the fault: %v", ferr)
		}
		return
	}
	var v any
	if err := resp.Unmarshal(&v); err != nil {
		t.Errorf("kolo could not decode the response: %v", err)
	}
}
