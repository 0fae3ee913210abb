package methods

import (
	"slices"
	"testing"
)

// TestV2Calls checks that the accessor hands out every registry row's v2
// column, as a copy the caller may change.
func TestV2Calls(t *testing.T) {
	calls := V2Calls()
	if len(calls) != len(registry) {
		t.Fatalf("V2Calls has %d methods, the registry %d", len(calls), len(registry))
	}
	for _, m := range registry {
		if !slices.Equal(calls[m.name], m.v2) {
			t.Errorf("%s: %q, registry says %q", m.name, calls[m.name], m.v2)
		}
	}
	if v := calls["backlog.getProjects"]; len(v) > 0 {
		v[0] = "changed"
		if V2Calls()["backlog.getProjects"][0] == "changed" {
			t.Error("V2Calls shares the registry's slices")
		}
	}
}
