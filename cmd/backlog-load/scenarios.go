package main

// The scenarios of `backlog-load run`: each measures one aspect of the
// gateway on fresh servers and writes its section of the report.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// scenarioBaselines measures, interleaved in rounds, the gateway against
// its baselines on one fake (latency 0): Python's SimpleXMLRPCServer, the
// gateway and the bare net/http floor (runFloor) on the trivial call, the
// ReverseProxy hop and the
// gateway on getIssue, and direct v2 GETs of the same issue.
func scenarioBaselines(ctx context.Context, o *options, rep *report, cmd string, conc, rounds int) error {
	e, err := newEnv(ctx, o, 0)
	if err != nil {
		return err
	}
	defer e.close()
	self, _ := os.Executable()
	pa, _ := freeAddr()
	proxy, err := start(o.dir, "proxy", pa, "/_fake/counters", self, "proxy", "--listen", pa, "--target", "http://"+e.fake.addr)
	if err != nil {
		return err
	}
	defer proxy.stop()
	var py *proc
	if o.python != "" {
		if _, err := exec.LookPath(o.python); err == nil {
			ya, _ := freeAddr()
			port := ya[strings.LastIndexByte(ya, ':')+1:]
			if py, err = start(o.dir, "python", ya, "/", o.python, "-c", pythonServer, port); err != nil {
				return err
			}
			defer py.stop()
		} else {
			fmt.Fprintln(rep.log, "no", o.python, "; skipping the Python baseline")
		}
	}
	// The net/http floor answers the gateway's own bytes for the trivial call.
	gw := e.gateway()
	trivial, err := (&rawClient{addr: gw.addr}).do(ctx, request{body: trivialCall})
	if err != nil || trivial.status != http.StatusOK {
		return fmt.Errorf("capturing the trivial answer for the floor: %v (status %d)", err, trivial.status)
	}
	answer := filepath.Join(o.dir, "floor-response.xml")
	if err := os.WriteFile(answer, trivial.body, 0o600); err != nil {
		return err
	}
	fa, _ := freeAddr()
	floor, err := start(o.dir, "floor", fa, "/", self, "floor", "--listen", fa, "--response", answer)
	if err != nil {
		return err
	}
	defer floor.stop()
	key := e.world.keys[0]
	type tgt struct {
		label string
		t     target
		ops   []op
	}
	list := []tgt{}
	if py != nil {
		list = append(list, tgt{"Python SimpleXMLRPCServer getStatuses", target{name: "python", addr: py.addr, serverPID: py.cmd.Process.Pid}, single("getStatuses", request{body: trivialCall})})
	}
	list = append(list,
		tgt{"gateway getStatuses", gw, single("getStatuses", request{body: trivialCall})},
		tgt{"net/http floor: static getStatuses answer", target{name: "floor", addr: floor.addr, serverPID: floor.cmd.Process.Pid}, single("getStatuses", request{body: trivialCall})},
		tgt{"ReverseProxy -> fake GET /issues/" + key, target{name: "proxy", addr: proxy.addr, serverPID: proxy.cmd.Process.Pid}, single("v2 getIssue", v2IssuePath(key))},
		tgt{"gateway getIssue", gw, single("getIssue", getIssueCall(key))},
		tgt{"direct v2 GET /issues/" + key, target{name: "direct", addr: e.fake.addr, serverPID: e.fake.cmd.Process.Pid}, single("v2 getIssue", v2IssuePath(key))},
	)
	// Warm every target once (caches, connections, Python's imports).
	for _, t := range list {
		load(ctx, t.t, t.ops, loadSpec{conc: conc, duration: o.warmup})
	}
	results := make([][]*result, len(list))
	for range rounds {
		for i, t := range list {
			r := load(ctx, t.t, t.ops, loadSpec{conc: conc, duration: o.duration, maxReqs: o.maxReqs})
			fmt.Fprintln(rep.log, r.summary())
			results[i] = append(results[i], r)
		}
	}
	byRound := make([][]*result, len(list))
	med := make([]*result, len(list))
	for i, rs := range results {
		byRound[i] = slices.Clone(rs)
		sort.Slice(rs, func(a, b int) bool { return rs[a].rps() < rs[b].rps() })
		med[i] = rs[len(rs)/2]
	}
	rep.section(fmt.Sprintf("Baselines, side by side (fake latency 0, %d concurrent clients, %d interleaved rounds of %s, median round)", conc, rounds, o.duration), cmd)
	fmt.Fprintln(rep.out, "| target | req/s | p50 ms | p99 ms | errors | CPU of the process under test, us/call |")
	fmt.Fprintln(rep.out, "| --- | ---: | ---: | ---: | ---: | ---: |")
	find := map[string]*result{}
	for i, t := range list {
		r := med[i]
		find[t.label] = r
		fmt.Fprintf(rep.out, "| %s | %.0f | %s | %s | %d | %.0f |\n", t.label, r.rps(), ms(pct(r.all.lat, .5)), ms(pct(r.all.lat, .99)), r.all.errs,
			float64(r.cpuPerCall().Nanoseconds())/1000)
	}
	fmt.Fprintln(rep.out)
	index := map[string]int{}
	for i, t := range list {
		index[t.label] = i
	}
	// ratio: the throughput ratio a/b of each round (the two ran minutes
	// apart at most), their median, and the CPU per call of the median
	// rounds.
	ratio := func(a, b string) string {
		ia, okA := index[a]
		ib, okB := index[b]
		if !okA || !okB {
			return "n/a"
		}
		var rs []float64
		for k := range rounds {
			if rb := byRound[ib][k].rps(); rb > 0 {
				rs = append(rs, byRound[ia][k].rps()/rb)
			}
		}
		if len(rs) == 0 {
			return "n/a"
		}
		per := make([]string, len(rs))
		for k, r := range rs {
			per[k] = fmt.Sprintf("%.2f", r)
		}
		slices.Sort(rs)
		s := fmt.Sprintf("%.2fx (rounds: %s)", rs[len(rs)/2], strings.Join(per, ", "))
		ra, rb := find[a], find[b]
		if ra.cpuPerCall() > 0 && rb.cpuPerCall() > 0 {
			s += fmt.Sprintf("; CPU per call %.0f us vs %.0f us", float64(ra.cpuPerCall().Nanoseconds())/1000, float64(rb.cpuPerCall().Nanoseconds())/1000)
		}
		return s
	}
	if py != nil {
		fmt.Fprintf(rep.out, "- trivial call: gateway / Python = **%s** (target >= 10x)\n", ratio("gateway getStatuses", list[0].label))
		fmt.Fprintf(rep.out, "- trivial call: net/http floor / Python = %s (the most a net/http server shows here)\n", ratio("net/http floor: static getStatuses answer", list[0].label))
	}
	fmt.Fprintf(rep.out, "- trivial call: gateway / net/http floor = %s\n", ratio("gateway getStatuses", "net/http floor: static getStatuses answer"))
	fmt.Fprintf(rep.out, "- getIssue: gateway / ReverseProxy = **%s** (target >= 0.5x)\n", ratio("gateway getIssue", "ReverseProxy -> fake GET /issues/"+key))
	fmt.Fprintf(rep.out, "- getIssue: gateway / direct v2 = %s; ReverseProxy / direct v2 = %s\n",
		ratio("gateway getIssue", "direct v2 GET /issues/"+key), ratio("ReverseProxy -> fake GET /issues/"+key, "direct v2 GET /issues/"+key))
	return nil
}

// resultRow is one markdown row of a gateway run.
func resultRow(label string, r *result) string {
	return fmt.Sprintf("| %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %d | %.1f | %d | %.0f |", label, r.rps(),
		ms(pct(r.all.lat, .5)), ms(pct(r.all.lat, .9)), ms(pct(r.all.lat, .99)),
		ms(pct(r.all.added, .5)), ms(pct(r.all.added, .99)), ms(pct(r.all.addedSrv, .5)), ms(pct(r.all.addedSrv, .99)),
		r.all.errs, float64(r.rssMaxKB)/1024, r.goroutines,
		float64(r.cpuPerCall().Nanoseconds())/1000)
}

const resultHeader = "| %s | req/s | p50 ms | p90 ms | p99 ms | added p50 ms | added p99 ms | server's view: added p50 ms | p99 ms | errors | RSS max MiB | goroutines max | server CPU us/call |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"

func parseList[T any](s string, parse func(string) (T, error)) ([]T, error) {
	var out []T
	for _, f := range strings.Split(s, ",") {
		v, err := parse(strings.TrimSpace(f))
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// scenarioConcurrency: the mixed workload at each concurrency, per fake
// latency, each on a fresh fake and gateway.
func scenarioConcurrency(ctx context.Context, o *options, rep *report, cmd, concs, lats string) error {
	cs, err := parseList(concs, strconv.Atoi)
	if err != nil {
		return err
	}
	ls, err := parseList(lats, time.ParseDuration)
	if err != nil {
		return err
	}
	rep.section("Mixed workload against concurrency (fresh fake and gateway per row, warm-up "+o.warmup.String()+", measured "+o.duration.String()+")", cmd)
	for _, l := range ls {
		fmt.Fprintf(rep.out, resultHeader, "fake latency "+l.String()+", clients")
		for _, c := range cs {
			e, err := newEnv(ctx, o, l)
			if err != nil {
				return err
			}
			r, _, err := e.measure(ctx, e.world.mixed(), loadSpec{conc: c, duration: o.duration})
			e.close()
			if err != nil {
				return err
			}
			fmt.Fprintln(rep.log, r.summary())
			fmt.Fprintln(rep.out, resultRow(strconv.Itoa(c), r))
		}
		fmt.Fprintln(rep.out)
	}
	return nil
}

// scenarioFindSize: findIssue returning 1, 20 and 100 issues.
func scenarioFindSize(ctx context.Context, o *options, rep *report, cmd string, conc int) error {
	e, err := newEnv(ctx, o, 0)
	if err != nil {
		return err
	}
	defer e.close()
	rep.section(fmt.Sprintf("findIssue against result size (fake latency 0, %d clients)", conc), cmd)
	fmt.Fprintf(rep.out, resultHeader, "issues returned")
	for _, n := range []int{1, 20, 100} {
		r, _, err := e.measure(ctx, single("findIssue", request{body: findIssueBody(n)}), loadSpec{conc: conc, duration: o.duration})
		if err != nil {
			return err
		}
		fmt.Fprintln(rep.log, r.summary())
		fmt.Fprintln(rep.out, resultRow(strconv.Itoa(n), r))
	}
	return nil
}

// scenarioRSS: the mixed workload on conns connections against a fake
// with 20 ms latency, twice on fresh servers: closed loop (every
// connection sends again as soon as it is answered: the machine saturates
// and hundreds of calls are in flight) and paced at rate requests/s in all
// (every connection open and used about once every conns/rate seconds).
func scenarioRSS(ctx context.Context, o *options, rep *report, cmd string, conns int, rate float64) error {
	rep.section(fmt.Sprintf("Memory with %d concurrent connections (mixed workload, fake latency 20ms, fresh server per row)", conns), cmd)
	fmt.Fprintf(rep.out, resultHeader, "load")
	var notes []string
	for _, row := range []struct {
		label string
		rate  float64
	}{{"closed loop", 0}, {fmt.Sprintf("paced, %.0f req/s", rate), rate}} {
		e, err := newEnv(ctx, o, 20*time.Millisecond)
		if err != nil {
			return err
		}
		r, _, err := e.measure(ctx, e.world.mixed(), loadSpec{conc: conns, duration: o.duration, rate: row.rate})
		e.close()
		if err != nil {
			return err
		}
		fmt.Fprintln(rep.log, r.summary())
		fmt.Fprintln(rep.out, resultRow(row.label, r))
		notes = append(notes, fmt.Sprintf("- %s: server VmRSS highest sample %.1f MiB, VmHWM at the end %.1f MiB; goroutines highest %d; Go heap in use highest %.1f MiB, stacks %.1f MiB; errors %d.",
			row.label, float64(r.rssMaxKB)/1024, float64(r.hwmKB)/1024, r.goroutines, float64(r.heapMaxB)/(1<<20), float64(r.stackMaxB)/(1<<20), r.all.errs))
	}
	fmt.Fprintln(rep.out)
	for _, n := range notes {
		fmt.Fprintln(rep.out, n)
	}
	fmt.Fprintln(rep.out, "\nTarget: RSS <= 64 MiB with 500 concurrent connections.")
	return nil
}

// budgetRows renders upstream calls per legacy call by method from the
// Server-Timing counts, and the fake's counters of the same run.
func budgetRows(w io.Writer, r *result, calls map[string]int) (headerSum int64, fakeSum int) {
	fmt.Fprintln(w, "| legacy method | calls | errors | upstream calls (Server-Timing) | per legacy call |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: |")
	for _, name := range r.opOrder {
		st := r.byOp[name]
		if st == nil {
			continue
		}
		ok := st.n - st.errs
		per := 0.0
		if ok > 0 {
			per = float64(st.upCalls) / float64(ok)
		}
		headerSum += st.upCalls
		fmt.Fprintf(w, "| %s | %d | %d | %d | %.3f |\n", name, st.n, st.errs, st.upCalls, per)
	}
	fmt.Fprintln(w, "\n| v2 endpoint (fake's counters, same run) | calls |\n| --- | ---: |")
	keys := make([]string, 0, len(calls))
	for k := range calls {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "| `%s` | %d |\n", k, calls[k])
		fakeSum += calls[k]
	}
	return headerSum, fakeSum
}

// scenarioBudget: warm-cache upstream calls per legacy call, by method.
func scenarioBudget(ctx context.Context, o *options, rep *report, cmd string) error {
	e, err := newEnv(ctx, o, 0)
	if err != nil {
		return err
	}
	defer e.close()
	r, calls, err := e.measure(ctx, e.world.mixed(), loadSpec{conc: 8, duration: o.duration})
	if err != nil {
		return err
	}
	fmt.Fprintln(rep.log, r.summary())
	rep.section("Upstream calls per legacy call, warm cache (mixed workload, 8 clients, fake latency 0)", cmd)
	hs, fsum := budgetRows(rep.out, r, calls)
	fmt.Fprintf(rep.out, "\nSum of Server-Timing counts %d, fake's total %d (requests cut by the end of the warm-up or of the run can make the fake's count up to one higher per client at each end).\n", hs, fsum)
	return nil
}

// coldCreate fires n concurrent createIssue-with-names calls at a fresh
// gateway whose authentication was warmed by one getProjects call, and
// returns the fake's counters of those n calls and the errors.
func coldCreate(ctx context.Context, e *env, n int) (map[string]int, int, string, error) {
	gw := e.gateway()
	st := &opStats{}
	warm := &rawClient{addr: gw.addr}
	one(ctx, warm, gw, request{body: call("backlog.getProjects")}, st)
	warm.close()
	if st.errs > 0 {
		return nil, 0, "", fmt.Errorf("warming authentication: %s", st.errSample)
	}
	if err := resetFakeCounters(e.fake.addr); err != nil {
		return nil, 0, "", err
	}
	body := createIssueNames()
	gate := make(chan struct{})
	stats := make([]opStats, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c := &rawClient{addr: gw.addr}
			defer c.close()
			<-gate
			one(ctx, c, gw, request{body: body}, &stats[i])
		})
	}
	close(gate)
	wg.Wait()
	errs, sample := 0, ""
	for _, s := range stats {
		errs += s.errs
		if sample == "" {
			sample = s.errSample
		}
	}
	calls, err := fakeCounters(e.fake.addr)
	return calls, errs, sample, err
}

// coldLists are the v2 endpoints a cold createIssue with names reads once
// (the space for the time zone, then the project's lookup lists).
var coldLists = []string{
	"GET /api/v2/space",
	"GET /api/v2/projects/:projectIdOrKey/issueTypes",
	"GET /api/v2/priorities",
	"GET /api/v2/projects/:projectIdOrKey/categories",
	"GET /api/v2/projects/:projectIdOrKey/versions",
	"GET /api/v2/projects/:projectIdOrKey/customFields",
}

// scenarioCold: 100 concurrent cold createIssue calls with names.
func scenarioCold(ctx context.Context, o *options, rep *report, cmd string) error {
	e, err := newEnv(ctx, o, 20*time.Millisecond)
	if err != nil {
		return err
	}
	defer e.close()
	calls, errs, sample, err := coldCreate(ctx, e, 100)
	if err != nil {
		return err
	}
	rep.section("100 concurrent cold createIssue calls with names (fresh gateway, fake latency 20ms)", cmd)
	fmt.Fprintln(rep.out, "| v2 endpoint | calls |\n| --- | ---: |")
	keys := make([]string, 0, len(calls))
	for k := range calls {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(rep.out, "| `%s` | %d |\n", k, calls[k])
	}
	fmt.Fprintf(rep.out, "\nErrors: %d %s\n", errs, sample)
	return nil
}

// scenarioHalfPeak: peak throughput of the mixed workload (64 clients,
// fake latency 0), then a paced run at half of it: the server-added latency
// by method.
func scenarioHalfPeak(ctx context.Context, o *options, rep *report, cmd string) error {
	e, err := newEnv(ctx, o, 0)
	if err != nil {
		return err
	}
	defer e.close()
	peak, _, err := e.measure(ctx, e.world.mixed(), loadSpec{conc: 64, duration: o.duration})
	if err != nil {
		return err
	}
	fmt.Fprintln(rep.log, "peak:", peak.summary())
	half, _, err := e.measure(ctx, e.world.mixed(), loadSpec{conc: 64, duration: o.duration, rate: peak.rps() / 2})
	if err != nil {
		return err
	}
	fmt.Fprintln(rep.log, "half:", half.summary())
	rep.section(fmt.Sprintf("Server-added latency at half of peak (mixed workload, 64 clients, fake latency 0: peak %.0f req/s, paced at %.0f req/s)", peak.rps(), peak.rps()/2), cmd)
	fmt.Fprintln(rep.out, "| method | calls | p50 ms | p99 ms | added p50 ms | added p90 ms | added p99 ms | server's view: added p50 ms | p99 ms | errors |")
	fmt.Fprintln(rep.out, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	row := func(name string, st *opStats) {
		fmt.Fprintf(rep.out, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %d |\n", name, st.n, ms(pct(st.lat, .5)), ms(pct(st.lat, .99)),
			ms(pct(st.added, .5)), ms(pct(st.added, .9)), ms(pct(st.added, .99)), ms(pct(st.addedSrv, .5)), ms(pct(st.addedSrv, .99)), st.errs)
	}
	row("all", &half.all)
	for _, name := range half.opOrder {
		if st := half.byOp[name]; st != nil {
			row(name, st)
		}
	}
	fmt.Fprintf(rep.out, "\nAchieved %.0f req/s. Targets: added p50 <= 0.2 ms, p99 <= 2 ms.\n", half.rps())
	return nil
}

// scenarioProfile loads the gateway with one method (or the mixed
// workload) and, when --pprof-listen is set, saves a CPU profile of the
// server covering the measured run to DIR/cpu-METHOD.pprof (use --dir to
// keep it): go tool pprof -top DIR/cpu-getIssue.pprof.
func scenarioProfile(ctx context.Context, o *options, rep *report, method string, conc int) error {
	e, err := newEnv(ctx, o, 0)
	if err != nil {
		return err
	}
	defer e.close()
	key := e.world.keys[0]
	ops := map[string][]op{
		"getIssue":    single("getIssue", getIssueCall(key)),
		"getStatuses": single("getStatuses", request{body: trivialCall}),
		"findIssue":   single("findIssue", request{body: findIssueBody(20)}),
		"createIssue": single("createIssue", request{body: createIssueNames()}),
		"mixed":       e.world.mixed(),
	}[method]
	if ops == nil {
		return fmt.Errorf("--profile-method %q", method)
	}
	var prof sync.WaitGroup
	var profErr error
	path := filepath.Join(o.dir, "cpu-"+method+".pprof")
	if o.pprofListen != "" {
		prof.Go(func() {
			time.Sleep(o.warmup) // the profile covers the measured run only
			secs := max(1, int(o.duration.Seconds())-1)
			profErr = fetch("http://"+o.pprofListen+"/debug/pprof/profile?seconds="+strconv.Itoa(secs), path)
		})
	}
	r, _, err := e.measure(ctx, ops, loadSpec{conc: conc, duration: o.duration})
	prof.Wait()
	if err != nil {
		return err
	}
	fmt.Fprintln(rep.log, r.summary())
	if o.pprofListen != "" {
		if profErr != nil {
			return profErr
		}
		fmt.Fprintln(rep.log, "CPU profile:", path)
	}
	fmt.Fprintf(rep.out, "\n%s %s\n", method, r.summary())
	return nil
}

// fetch saves the body of GET url to path.
func fetch(url, path string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
