// Package reliability holds the gateway's cross-cutting proofs, as tests:
// the hostile-input corpus (testdata/hostile) driven through the full HTTP
// server, the upstream fault matrix driven through the Backlog fake's
// injection knobs, the bounded soak, secret hygiene and auth hardening.
// SECURITY.md at the repository root maps each guarantee to its test.
//
// The package has no non-test code besides this comment: everything it
// proves is about the other packages wired together.
package reliability
