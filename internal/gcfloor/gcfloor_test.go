package gcfloor

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func TestGCPercentFor(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		live, floor uint64
		want        int
	}{
		{4 * mib, 16 * mib, 400},  // goal 20 MiB = live + floor
		{6 * mib, 16 * mib, 266},  // goal 22 MiB
		{8 * mib, 16 * mib, 200},  // goal 24 MiB
		{2 * mib, 16 * mib, 400},  // capped: goal 10 MiB, not 18
		{16 * mib, 16 * mib, 100}, // floor reached: plain GOGC=100
		{80 * mib, 16 * mib, 100}, // saturated: twice the live heap (GOGC=100)
		{0, 16 * mib, 400},        // nothing live yet: capped
		{100 * 1024, 16 * mib, 400},
	}
	for _, tt := range tests {
		if got := gcPercentFor(tt.live, tt.floor); got != tt.want {
			t.Errorf("gcPercentFor(%d, %d) = %d, want %d", tt.live, tt.floor, got, tt.want)
		}
	}
}

// TestGCFloorTunerAdjustsAfterCollection checks that the tuner runs after a
// collection and sets the GC percentage from the live heap.
func TestGCFloorTunerAdjustsAfterCollection(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	done := make(chan int, 1)
	tuner := &gcFloorTuner{floor: 1 << 40, current: 100, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	tuner.adjusted = func(p int) {
		select {
		case done <- p:
		default:
		}
	}
	tuner.arm()
	deadline := time.After(10 * time.Second)
	for {
		runtime.GC()
		select {
		case p := <-done:
			// A 1 TiB floor is far above any test's live heap: capped.
			if p != maxGCPercent {
				t.Fatalf("percent after a collection = %d, want %d", p, maxGCPercent)
			}
			// (The runtime's value is not checked: the process-wide tuner
			// of other tests' servers may retune it at any collection.)
			tuner.stopped.Store(true)
			return
		case <-deadline:
			t.Fatal("the tuner did not run after 10 s of collections")
		default:
			runtime.Gosched()
		}
	}
}
