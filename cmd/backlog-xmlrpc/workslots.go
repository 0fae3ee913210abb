package main

import "github.com/backlog-xmlrpc/backlog-xmlrpc/internal/workgate"

// newWorkGate returns the work gate of --work-slots: n slots when n > 0,
// workgate.DefaultSlots() (4 x GOMAXPROCS) when n is 0, none when n is
// negative. On by default: with 500 clients saturating the server it keeps
// the resident memory under 64 MiB (130 MiB without), and, unlike
// --max-in-flight, it does not cap throughput by upstream latency, because
// a call waiting for Backlog holds no slot (BENCHMARKS.md, "Memory under
// saturation").
func newWorkGate(n int) *workgate.Gate {
	switch {
	case n < 0:
		return nil
	case n == 0:
		return workgate.New(workgate.DefaultSlots())
	default:
		return workgate.New(n)
	}
}
