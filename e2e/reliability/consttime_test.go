package reliability

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// secretName matches identifiers that hold a secret: passwords, API keys,
// OAuth tokens, client secrets, password hashes.
var secretName = regexp.MustCompile(`(?i)(passw(or)?d|apikey|api_key|secret|(access|refresh|bearer|oauth)_?token|passwordhash)`)

// notAttackerInput lists the functions (file:func) allowed to compare a
// secret with ==, each with the reason the timing reveals nothing to a caller.
var notAttackerInput = map[string]string{
	"v2client/auth.go:Refresh": "compares the token the server just sent with the one it holds; neither comes from a request",
}

// TestSecretComparisonsAreConstantTime walks the production code (every
// non-test .go file outside testdata and the Backlog fake, which is a test
// double) and fails on any ==, != or bytes/strings comparison whose operand
// is named like a secret, except against "" or nil. Secrets must be compared
// with crypto/subtle, hmac.Equal or bcrypt, whose time does not depend on
// where the first differing byte is.
func TestSecretComparisonsAreConstantTime(t *testing.T) {
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "testdata", ".git", "node_modules", "fake", "reliability":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files++
		rel := filepath.ToSlash(strings.TrimPrefix(path, "../../"))
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			if _, ok := notAttackerInput[rel+":"+fn.Name.Name]; ok {
				continue
			}
			inspectComparisons(t.Errorf, fset, fn.Body)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 10 {
		t.Fatalf("scanned only %d files: the walk is broken", files)
	}
}

// inspectComparisons reports every variable-time comparison of a secret in n.
func inspectComparisons(report func(string, ...any), fset *token.FileSet, n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op != token.EQL && n.Op != token.NEQ {
				return true
			}
			if isSecret(n.X) && !isTrivial(n.Y) || isSecret(n.Y) && !isTrivial(n.X) {
				report("%s: secret compared with %s; use crypto/subtle.ConstantTimeCompare or hmac.Equal", fset.Position(n.Pos()), n.Op)
			}
		case *ast.CallExpr:
			sel, ok := n.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pkg, ok := sel.X.(*ast.Ident)
			if !ok || (pkg.Name != "bytes" && pkg.Name != "strings") {
				return true
			}
			switch sel.Sel.Name {
			case "Equal", "EqualFold", "Compare", "HasPrefix":
				for _, a := range n.Args {
					if isSecret(a) {
						report("%s: secret compared with %s.%s; use crypto/subtle", fset.Position(n.Pos()), pkg.Name, sel.Sel.Name)
					}
				}
			}
		}
		return true
	})
}

// isSecret reports whether e is an identifier, field or conversion of one
// named like a secret.
func isSecret(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return secretName.MatchString(e.Name)
	case *ast.SelectorExpr:
		return secretName.MatchString(e.Sel.Name)
	case *ast.CallExpr: // []byte(password), string(key)
		if len(e.Args) == 1 {
			return isSecret(e.Args[0])
		}
	case *ast.ParenExpr:
		return isSecret(e.X)
	}
	return false
}

// isTrivial: comparing a secret with "" or nil leaks only its presence.
func isTrivial(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return e.Value == `""` || e.Value == "``"
	case *ast.Ident:
		return e.Name == "nil"
	}
	return false
}

// TestSecretComparisonLint proves the lint above catches what it must and
// lets through what it may.
func TestSecretComparisonLint(t *testing.T) {
	for _, tc := range []struct {
		src string
		bad bool
	}{
		{`if password == stored.PasswordHash {}`, true},
		{`if c.APIKey != key {}`, true},
		{`if bytes.Equal([]byte(apiKey), want) {}`, true},
		{`if strings.EqualFold(refreshToken, x) {}`, true},
		{`if password == "" {}`, false},
		{`if cfg.APIKey != "" {}`, false},
		{`if subtle.ConstantTimeCompare([]byte(owner), []byte(login)) != 1 {}`, false},
		{`if hmac.Equal(mac, want) {}`, false},
		{`if login == other {}`, false},
	} {
		src := "package p\nfunc f() {\n" + tc.src + "\n}\n"
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "p.go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		inspectComparisons(func(string, ...any) { n++ }, fset, f)
		if (n > 0) != tc.bad {
			t.Errorf("%s: flagged %d times, want bad=%v", tc.src, n, tc.bad)
		}
	}
}
