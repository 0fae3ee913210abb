package main

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestParseServerTiming(t *testing.T) {
	tests := []struct {
		in        string
		calls     int64
		up, total time.Duration
		ok        bool
	}{
		{`upstream;dur=0.412;desc="1", total;dur=0.655`, 1, 412 * time.Microsecond, 655 * time.Microsecond, true},
		{`total;dur=3.000, upstream;dur=20.125;desc="3"`, 3, 20125 * time.Microsecond, 3 * time.Millisecond, true},
		{`upstream;dur=0.000;desc="0", total;dur=0.100`, 0, 0, 100 * time.Microsecond, true},
		{``, 0, 0, 0, false},
		{`total;dur=1.000`, 0, 0, time.Millisecond, false},
		{`upstream;dur=x;desc="1"`, 0, 0, 0, false},
		{`upstream;dur=1.000;desc="many"`, 0, 0, 0, false},
	}
	for _, tc := range tests {
		calls, up, total, ok := parseServerTiming(tc.in)
		if calls != tc.calls || up != tc.up || total != tc.total || ok != tc.ok {
			t.Errorf("parseServerTiming(%q) = %d, %v, %v, %v; want %d, %v, %v, %v", tc.in, calls, up, total, ok, tc.calls, tc.up, tc.total, tc.ok)
		}
	}
}

func TestPct(t *testing.T) {
	d := make([]time.Duration, 100)
	for i := range d {
		d[i] = time.Duration(i+1) * time.Millisecond
	}
	for _, tc := range []struct {
		q    float64
		want time.Duration
	}{{0, time.Millisecond}, {.5, 51 * time.Millisecond}, {.99, 99 * time.Millisecond}, {1, 100 * time.Millisecond}} {
		if got := pct(d, tc.q); got != tc.want {
			t.Errorf("pct(%v) = %v, want %v", tc.q, got, tc.want)
		}
	}
	if pct(nil, .5) != 0 {
		t.Error("pct of nothing")
	}
}

// TestMixedWeights: the mixed workload picks each method in the issue's
// proportions (getIssue 40%, findIssue 20%, three writes 10% each, two
// master-data reads 5% each), within 1 point over 100,000 draws.
func TestMixedWeights(t *testing.T) {
	w := &world{keys: []string{"DEMO-1"}}
	ops := w.mixed()
	want := map[string]float64{"getIssue": 40, "findIssue": 20, "createIssue": 10, "switchStatus": 10, "addComment": 10, "getProjects": 5, "getIssueTypes": 5}
	total := 0
	for _, o := range ops {
		total += o.weight
	}
	if total != 100 {
		t.Fatalf("weights sum to %d", total)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	got := map[string]int{}
	const n = 100_000
	for range n {
		o := pick(ops, total, rng)
		got[o.name]++
		if b := o.build(rng).body; len(b) == 0 || !strings.Contains(string(b), "<methodName>backlog.") {
			t.Fatalf("%s: body %q", o.name, b)
		}
	}
	for name, pc := range want {
		if g := float64(got[name]) * 100 / n; g < pc-1 || g > pc+1 {
			t.Errorf("%s: %.1f%%, want %.0f%%", name, g, pc)
		}
	}
}

func TestCheckMixed(t *testing.T) {
	good := func() *result {
		r := &result{byOp: map[string]*opStats{}}
		for name := range warmBudget {
			r.byOp[name] = &opStats{n: 10, upCalls: 10}
		}
		return r
	}
	fake70 := map[string]int{"GET /api/v2/issues/:issueIdOrKey": 70}
	tests := []struct {
		name   string
		mutate func(*result)
		calls  map[string]int
		want   string // substring of the one expected problem; "" = none
	}{
		{"exact", func(*result) {}, fake70, ""},
		{"cut requests within the client count", func(*result) {}, map[string]int{"x": 73}, ""},
		{"error", func(r *result) { r.all.errs, r.all.errSample = 1, "boom" }, fake70, "1 errors; first: boom"},
		{"extra upstream call", func(r *result) { r.byOp["getIssue"].upCalls = 11 }, map[string]int{"x": 71}, "getIssue: 11 upstream calls for 10 calls"},
		{"method missing", func(r *result) { delete(r.byOp, "addComment") }, map[string]int{"x": 60}, "addComment was never called"},
		{"cut requests at both ends", func(*result) {}, map[string]int{"x": 78}, ""},
		{"fake disagrees", func(*result) {}, map[string]int{"x": 79}, "fake counted 79 calls, Server-Timing 70"},
		{"fake counted less", func(*result) {}, map[string]int{"x": 69}, "fake counted 69 calls, Server-Timing 70"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := good()
			tc.mutate(r)
			errs := checkMixed(r, tc.calls, 4)
			if tc.want == "" {
				if len(errs) != 0 {
					t.Fatalf("problems: %v", errs)
				}
				return
			}
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.want) {
				t.Fatalf("problems %v, want one containing %q", errs, tc.want)
			}
		})
	}
}

func TestCheckCold(t *testing.T) {
	good := func() map[string]int {
		m := map[string]int{"POST /api/v2/issues": 100}
		for _, k := range coldLists {
			m[k] = 1
		}
		return m
	}
	if errs := checkCold(good(), 0, "", 100); len(errs) != 0 {
		t.Fatalf("good burst: %v", errs)
	}
	twice := good()
	twice["GET /api/v2/priorities"] = 2
	if errs := checkCold(twice, 0, "", 100); len(errs) != 1 || !strings.Contains(errs[0].Error(), "priorities read 2 times") {
		t.Fatalf("list read twice: %v", errs)
	}
	extra := good()
	extra["GET /api/v2/projects/:projectIdOrKey"] = 1
	if errs := checkCold(extra, 0, "", 100); len(errs) != 1 || !strings.Contains(errs[0].Error(), "unexpected endpoints") {
		t.Fatalf("extra endpoint: %v", errs)
	}
	if errs := checkCold(good(), 2, "fault", 100); len(errs) != 1 {
		t.Fatalf("errors: %v", errs)
	}
}
