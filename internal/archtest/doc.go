// Package archtest holds the test that keeps ARCHITECTURE.md's import rules
// true: it reads the import graph of the module's production code (every
// non-test .go file) and fails on any edge the rules do not allow. It has no
// production code of its own.
package archtest
