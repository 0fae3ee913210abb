package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// module is the module path; imports outside it (the standard library,
// dependencies) are not governed by the rules.
const module = "github.com/backlog-xmlrpc/backlog-xmlrpc"

// rule says which of the module's packages the packages matching pkg may
// import. Patterns are package paths relative to the module root; a trailing
// "/..." matches the package and everything below it.
type rule struct {
	pkg string
	may []string
	why string
}

// rules is ARCHITECTURE.md's table "Who may import whom", in the same order.
// The first rule whose pkg matches a package applies; a package no rule
// matches is an error, so a new package must be placed in the table.
var rules = []rule{
	{"xmlrpc", nil,
		"the XML-RPC codec and runtime know XML-RPC, not Backlog"},
	{"v2client", nil,
		"the Backlog v2 client knows Backlog v2, not the server that uses it (waits come in as a hook)"},
	{"v2client/fake", []string{"v2client"},
		"the in-memory Backlog answers with the client's types"},
	{"mapping", []string{"xmlrpc", "v2client", "internal/failure"},
		"pure conversions between the two wire vocabularies"},
	{"methods", []string{"xmlrpc", "v2client", "mapping", "internal/catalog", "internal/failure"},
		"handlers: decode, call v2, shape the legacy answer"},
	{"internal/failure", nil,
		"the closed set of domain error codes everyone reports through"},
	{"internal/demo", []string{"internal/auth", "v2client", "v2client/fake"},
		"--demo: the in-memory Backlog in-process, and its logins"},
	{"internal/...", []string{"internal/...", "xmlrpc", "v2client"},
		"the server's own parts; never the legacy methods, never the fake"},
	{"cmd/backlog-xmlrpc", []string{"xmlrpc", "v2client", "v2client/fake", "mapping", "methods", "internal/..."},
		"wiring and lifecycle"},
	{"cmd/...", []string{"xmlrpc", "v2client", "v2client/fake", "mapping", "methods", "internal/..."},
		"the tools (the standalone fake, the load harness)"},
	{"e2e/...", []string{"xmlrpc", "v2client", "v2client/fake", "mapping", "methods", "internal/..."},
		"end-to-end tests drive the built binary"},
}

// match reports whether the relative package path p matches pattern.
func match(pattern, p string) bool {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return p == base || strings.HasPrefix(p, base+"/")
	}
	return p == pattern
}

// ruleFor returns the rule governing package p.
func ruleFor(p string) (rule, bool) {
	for _, r := range rules {
		if match(r.pkg, p) {
			return r, true
		}
	}
	return rule{}, false
}

// violations returns one line per import edge of graph (package -> the
// module's packages it imports, both relative to the module root) that the
// rules forbid, sorted.
func violations(graph map[string][]string) []string {
	var out []string
	for p, imports := range graph {
		r, ok := ruleFor(p)
		if !ok {
			out = append(out, p+": no rule in ARCHITECTURE.md's table covers this package")
			continue
		}
		for _, imp := range imports {
			allowed := false
			for _, m := range r.may {
				if match(m, imp) {
					allowed = true
					break
				}
			}
			if !allowed {
				out = append(out, p+" imports "+imp+": not allowed ("+r.pkg+": "+r.why+")")
			}
		}
	}
	sort.Strings(out)
	return out
}

// walkGo calls fn with the path of every .go file under root, outside
// testdata, node_modules and hidden or underscored folders (which the go
// tool ignores too).
func walkGo(root string, fn func(path string) error) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != root && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		return fn(p)
	})
}

// moduleGraph reads the import graph of the production code under root: for
// each directory with non-test .go files, the module packages they import.
func moduleGraph(t *testing.T, root string) map[string][]string {
	t.Helper()
	graph := map[string][]string{}
	seen := map[string]map[string]bool{}
	fset := token.NewFileSet()
	err := walkGo(root, func(p string) error {
		if strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(p))
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(rel)
		if seen[pkg] == nil {
			seen[pkg] = map[string]bool{}
			graph[pkg] = nil
		}
		for _, spec := range f.Imports {
			imp, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				return err
			}
			if imp != module && !strings.HasPrefix(imp, module+"/") {
				continue
			}
			rel := strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")
			if !seen[pkg][rel] {
				seen[pkg][rel] = true
				graph[pkg] = append(graph[pkg], rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return graph
}

// TestImportRules checks the module's import graph against ARCHITECTURE.md.
func TestImportRules(t *testing.T) {
	root := filepath.Join("..", "..")
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(mod), "module "+module+"\n") {
		t.Fatalf("go.mod does not declare module %s", module)
	}
	graph := moduleGraph(t, root)
	for _, want := range []string{"xmlrpc", "v2client", "methods", "mapping", "cmd/backlog-xmlrpc"} {
		if _, ok := graph[want]; !ok {
			t.Fatalf("package %s not found: the walk is broken (found %d packages)", want, len(graph))
		}
	}
	for _, v := range violations(graph) {
		t.Error(v)
	}
}

// TestImportRulesCatchForbiddenEdges proves the checker fails on the edges
// the rules exist to stop, on the real graph plus one forbidden import.
func TestImportRulesCatchForbiddenEdges(t *testing.T) {
	real := moduleGraph(t, filepath.Join("..", ".."))
	for _, edge := range [][2]string{
		{"xmlrpc", "internal/failure"},    // the runtime would know the domain's codes
		{"v2client", "internal/workgate"}, // the client would know the server's admission control
		{"v2client", "xmlrpc"},
		{"mapping", "methods"},
		{"methods", "internal/httpapi"},
		{"methods", "v2client/fake"},
		{"internal/httpapi", "methods"},
		{"internal/auth", "v2client/fake"},
		{"v2client/fake", "internal/failure"},
	} {
		graph := map[string][]string{}
		for p, imports := range real {
			graph[p] = append([]string(nil), imports...)
		}
		graph[edge[0]] = append(graph[edge[0]], edge[1])
		want := edge[0] + " imports " + edge[1] + ":"
		found := false
		for _, v := range violations(graph) {
			if strings.HasPrefix(v, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("adding %s -> %s: no violation reported", edge[0], edge[1])
		}
	}
	if v := violations(map[string][]string{"newpkg": nil}); len(v) != 1 || !strings.Contains(v[0], "no rule") {
		t.Errorf("a package outside the table: got %q, want one 'no rule' violation", v)
	}
}

// TestArchitectureDocListsEveryRule keeps ARCHITECTURE.md and the table in
// this file in step: every rule's package pattern appears in the document's
// import table, and every package of the module is named in it.
func TestArchitectureDocListsEveryRule(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "ARCHITECTURE.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	for _, r := range rules {
		if !strings.Contains(text, "`"+r.pkg+"`") {
			t.Errorf("ARCHITECTURE.md does not name the rule for `%s`", r.pkg)
		}
	}
	for p := range moduleGraph(t, filepath.Join("..", "..")) {
		if !strings.Contains(text, "`"+p+"`") && !strings.Contains(text, "`"+p+"/`") {
			t.Errorf("ARCHITECTURE.md does not name package `%s`", p)
		}
	}
}

// TestLeakCheckEverywhere keeps the goroutine-leak check uniform: every
// package with tests has its goleak TestMain, and it lives in leak_test.go.
func TestLeakCheckEverywhere(t *testing.T) {
	root := filepath.Join("..", "..")
	hasTests := map[string]bool{}
	hasLeakMain := map[string]bool{}
	fset := token.NewFileSet()
	err := walkGo(root, func(p string) error {
		if !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		dir := filepath.Dir(p)
		hasTests[dir] = true
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "TestMain" {
				if filepath.Base(p) != "leak_test.go" {
					t.Errorf("%s: TestMain belongs in leak_test.go", p)
				}
				hasLeakMain[dir] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir := range hasTests {
		if !hasLeakMain[dir] {
			t.Errorf("%s has tests but no leak_test.go TestMain (goleak.VerifyTestMain)", dir)
		}
	}
}
