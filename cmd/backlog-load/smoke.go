package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"
)

// warmBudget is the exact warm-cache number of v2 calls of one legacy call
// of each method of the mixed workload (methods/BUDGET.md, budget_test.go).
var warmBudget = map[string]int64{
	"getIssue": 1, "findIssue": 1, "createIssue": 1, "switchStatus": 1, "addComment": 1,
	"getProjects": 1, "getIssueTypes": 1,
}

// runSmoke is the CI check: a short mixed run that must have zero errors,
// exactly the warm budget of upstream calls per legacy call (counted by the
// Server-Timing header and cross-checked with the fake's counters), and a
// cold burst of concurrent createIssue calls that reads each lookup list
// once. It checks counts, not speed.
func runSmoke(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backlog-load smoke", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	o.flags(fs)
	conc := fs.Int("concurrency", 8, "concurrent clients of the mixed run")
	coldN := fs.Int("cold", 100, "concurrent cold createIssue calls")
	fs.Lookup("duration").Value.Set("4s")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cleanup, err := o.prepare(stderr)
	if err != nil {
		return err
	}
	defer cleanup()
	ctx := context.Background()
	var problems []error

	e, err := newEnv(ctx, &o, 0)
	if err != nil {
		return err
	}
	r, calls, err := e.measure(ctx, e.world.mixed(), loadSpec{conc: *conc, duration: o.duration})
	e.close()
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, r.summary())
	problems = append(problems, checkMixed(r, calls, *conc)...)
	hs, fsum := budgetRows(stdout, r, calls)
	fmt.Fprintf(stdout, "Server-Timing total %d, fake total %d\n", hs, fsum)

	e, err = newEnv(ctx, &o, 5*time.Millisecond)
	if err != nil {
		return err
	}
	cold, errs, sample, err := coldCreate(ctx, e, *coldN)
	e.close()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "cold createIssue x%d: %v (errors %d)\n", *coldN, cold, errs)
	problems = append(problems, checkCold(cold, errs, sample, *coldN)...)

	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stdout, "FAIL:", p)
		}
		return fmt.Errorf("load smoke: %d problem(s)", len(problems))
	}
	fmt.Fprintf(stdout, "load smoke: ok (%d calls, 0 errors, warm upstream calls exact, cold lookups once)\n", r.all.n)
	return nil
}

// checkMixed returns what is wrong with a warm mixed run: errors, an
// upstream count off the budget, a method not exercised, or a disagreement
// between the Server-Timing counts and the fake's counters beyond what
// requests cut by the end of a run explain: at most one per client at the
// end of the warm-up (the server may still make its upstream call after
// the counters were reset) and one per client at the end of the run.
func checkMixed(r *result, calls map[string]int, conc int) []error {
	var out []error
	if r.all.errs > 0 {
		out = append(out, fmt.Errorf("%d errors; first: %s", r.all.errs, r.all.errSample))
	}
	var headerSum int64
	for name, want := range warmBudget {
		st := r.byOp[name]
		if st == nil || st.n == 0 {
			out = append(out, fmt.Errorf("%s was never called", name))
			continue
		}
		ok := int64(st.n - st.errs)
		if st.upCalls != want*ok {
			out = append(out, fmt.Errorf("%s: %d upstream calls for %d calls, want exactly %d per call", name, st.upCalls, ok, want))
		}
		headerSum += st.upCalls
	}
	fakeSum := 0
	for _, n := range calls {
		fakeSum += n
	}
	if d := int64(fakeSum) - headerSum; d < 0 || d > 2*int64(conc) {
		out = append(out, fmt.Errorf("fake counted %d calls, Server-Timing %d", fakeSum, headerSum))
	}
	return out
}

// checkCold returns what is wrong with a cold createIssue burst: errors, a
// lookup list read other than once, or a create count other than n.
func checkCold(calls map[string]int, errs int, sample string, n int) []error {
	var out []error
	if errs > 0 {
		out = append(out, fmt.Errorf("cold createIssue: %d errors; first: %s", errs, sample))
	}
	for _, k := range coldLists {
		if calls[k] != 1 {
			out = append(out, fmt.Errorf("cold createIssue x%d: %s read %d times, want once", n, k, calls[k]))
		}
	}
	if calls["POST /api/v2/issues"] != n {
		out = append(out, fmt.Errorf("cold createIssue: %d POST /api/v2/issues, want %d", calls["POST /api/v2/issues"], n))
	}
	if len(calls) != len(coldLists)+1 {
		out = append(out, errors.New("cold createIssue: unexpected endpoints called: "+fmt.Sprint(calls)))
	}
	return out
}
