// Package fake is an in-memory Backlog API v2 space: an http.Handler that
// answers /api/v2/... like Backlog (validation, error bodies, roles, rate
// limits, date-only fields as T00:00:00Z timestamps) so that the client,
// the legacy methods, the demo mode and the benchmarks can run without a
// real space. It encodes its answers with the v2client entity types and is
// checked against Backlog's real responses (the backlog4j fixtures).
//
// New(DefaultSeed(), opts...) builds a space from testdata/seed.json (see
// README.md for its accounts, projects and ids). Options set the clock,
// per-user rate limits and latency; Faults inject failures at run time;
// Counters count calls per endpoint ("GET /api/v2/issues/:issueIdOrKey")
// so tests can assert how many upstream calls a legacy call made.
//
// The decisions taken where Backlog's documentation is silent are listed
// in README.md and pinned by the tests.
package fake
