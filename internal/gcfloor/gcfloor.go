// Package gcfloor keeps the garbage collector's heap goal a fixed number of
// bytes above the live heap (--gc-heap-floor): a runtime tuning of the
// process, started once by cmd/backlog-xmlrpc.
package gcfloor

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// DefaultFloor is the default of --gc-heap-floor: 16 MiB.
const DefaultFloor = 16 << 20

// once starts the heap-floor tuner at most once per process (the GC
// percentage is process-wide, like GOGC).
var once sync.Once

// Start keeps the garbage collector's heap goal at least floor
// bytes above the live heap, instead of GOGC=100's "twice the live heap":
// after every collection it sets the GC percentage to
// gcPercentFor(live, floor). Why: the gateway's live heap is small (3-10
// MiB) and every call allocates tens of KB, so with a goal of twice the live
// heap the collector runs dozens of times a second and takes 8-10% of the
// CPU of a getIssue call (BENCHMARKS.md, "Profiles, and what changed"). A plain
// higher GOGC does the same at low load but multiplies the heap when
// hundreds of calls are in flight (GOGC=400: 284 MiB instead of 115 with 500
// saturating connections); the floor adds at most floor bytes, and once the
// live heap exceeds floor it is exactly GOGC=100. It does nothing when floor
// is 0 or when the operator set GOGC in the environment (their choice
// wins); GOMEMLIMIT still applies on top.
func Start(floor int64) {
	if floor <= 0 || os.Getenv("GOGC") != "" {
		return
	}
	once.Do(func() {
		t := &gcFloorTuner{floor: uint64(floor), current: 100, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
		t.arm()
	})
}

// gcFloorTuner re-tunes the GC percentage after each collection. It runs
// on the runtime's finalizer goroutine, one collection at a time.
type gcFloorTuner struct {
	floor   uint64
	current int
	sample  []metrics.Sample
	// adjusted, when set, is called after each adjustment (tests).
	adjusted func(percent int)
	// stopped ends the tuning at the next collection (tests).
	stopped atomic.Bool
}

// gcSentinel is garbage as soon as it is allocated; its finalizer runs after
// the next collection. It holds a pointer so that it is not a tiny
// allocation (whose finalizers may never run).
type gcSentinel struct{ t *gcFloorTuner }

func (t *gcFloorTuner) arm() {
	runtime.SetFinalizer(&gcSentinel{t: t}, func(s *gcSentinel) {
		if s.t.stopped.Load() {
			return
		}
		s.t.adjust()
		s.t.arm()
	})
}

func (t *gcFloorTuner) adjust() {
	metrics.Read(t.sample)
	if t.sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	p := gcPercentFor(t.sample[0].Value.Uint64(), t.floor)
	// Only a real change is applied (setting it is cheap, but not free).
	if p*20 < t.current*19 || p*20 > t.current*21 {
		debug.SetGCPercent(p)
		t.current = p
	}
	if t.adjusted != nil {
		t.adjusted(t.current)
	}
}

// maxGCPercent caps the percentage: the next goal is computed from the
// heap marked by the next collection, so when the live heap jumps (an idle
// server suddenly loaded) a high percentage overshoots. Uncapped, a server
// idle at 1 MiB live went to 78 MiB RSS in its first second of findIssue
// load; at 400 the goal is at most 5 x the live heap, which is GOGC=400 at
// low load, the setting that cut CPU per call by a third (BENCHMARKS.md).
const maxGCPercent = 400

// gcPercentFor returns the GC percentage that puts the heap goal at
// max(2 x live, live + floor), at most 5 x live: 100 once live >= floor,
// more below it, up to maxGCPercent.
func gcPercentFor(live, floor uint64) int {
	if live >= floor {
		return 100
	}
	if live == 0 || floor/live >= maxGCPercent/100 {
		return maxGCPercent
	}
	return int(floor * 100 / live)
}
