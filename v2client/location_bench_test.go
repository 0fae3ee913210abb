package v2client

import (
	"os"
	"testing"
)

// TestSpaceLocationCached: the zone of a space is loaded once and shared
// (same *time.Location), and still right for each name.
func TestSpaceLocationCached(t *testing.T) {
	tests := []struct{ zone, want string }{
		{"Asia/Tokyo", "Asia/Tokyo"},
		{"Europe/Paris", "Europe/Paris"},
		{"", "UTC"},
		{"Not/AZone", "UTC"},
	}
	for _, tc := range tests {
		s := &Space{Timezone: tc.zone}
		a, b := s.Location(), (&Space{Timezone: tc.zone}).Location()
		if a.String() != tc.want || a != b {
			t.Errorf("%q: %v then %v (same pointer %v), want %s twice", tc.zone, a, b, a == b, tc.want)
		}
	}
	if _, ok := locations.Load("Not/AZone"); ok {
		t.Error("an unknown zone was cached")
	}
}

// BenchmarkSpaceLocation is the per-call cost of the legacy zone (was
// time.LoadLocation on every call).
func BenchmarkSpaceLocation(b *testing.B) {
	s := &Space{Timezone: "Asia/Tokyo"}
	b.ReportAllocs()
	for b.Loop() {
		if s.Location() == nil {
			b.Fatal("nil")
		}
	}
}

// BenchmarkDecodeIssue is the JSON decoding of one fixture issue alone
// with the client's decoder (jsonUnmarshal), the largest share of the
// gateway's CPU on getIssue (BENCHMARKS.md). BenchmarkDecode compares it
// with encoding/json.
func BenchmarkDecodeIssue(b *testing.B) {
	raw, err := os.ReadFile(fixtureDir + "/issue.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		var is Issue
		if err := jsonUnmarshal(raw, &is); err != nil {
			b.Fatal(err)
		}
	}
}
