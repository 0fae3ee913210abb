//go:build race

package xmlrpc

// raceEnabled reports a -race build: the race detector's own allocations
// make allocation figures meaningless, so the allocation-bound tests skip
// and .ci/run runs them again without -race.
const raceEnabled = true
