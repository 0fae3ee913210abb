//go:build !race

package httpapi

// raceEnabled: the race detector's own allocations would count in
// allocation bounds.
const raceEnabled = false
