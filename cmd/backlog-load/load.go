package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// target is where a load run sends its requests.
type target struct {
	name string
	addr string // host:port
	// serverPID, when set, is sampled for RSS and CPU time; metrics for
	// goroutines.
	serverPID int
	metrics   bool
	// timing: the target sends Server-Timing (the gateway with
	// --server-timing): upstream calls and time per request.
	timing bool
}

// loadSpec bounds one run.
type loadSpec struct {
	conc     int           // concurrent clients, each on its own keep-alive connection
	duration time.Duration // measured time
	maxReqs  int64         // hard bound on requests (0: 5,000,000)
	rate     float64       // total requests per second (0: as fast as answered)
}

// opStats is what one op (or the whole run) measured.
type opStats struct {
	n, errs   int
	lat       []time.Duration // client-measured, per successful request
	added     []time.Duration // lat minus the Server-Timing upstream time
	addedSrv  []time.Duration // Server-Timing total minus upstream: the server's own view
	upCalls   int64           // Server-Timing upstream calls, summed
	errSample string
}

func (s *opStats) merge(o *opStats) {
	s.n += o.n
	s.errs += o.errs
	s.lat = append(s.lat, o.lat...)
	s.added = append(s.added, o.added...)
	s.addedSrv = append(s.addedSrv, o.addedSrv...)
	s.upCalls += o.upCalls
	if s.errSample == "" {
		s.errSample = o.errSample
	}
}

// result is one run's figures.
type result struct {
	target     string
	spec       loadSpec
	elapsed    time.Duration
	all        opStats
	byOp       map[string]*opStats
	opOrder    []string
	rssMaxKB   int64
	hwmKB      int64
	goroutines int           // highest go_goroutines seen during the run
	heapMaxB   int64         // highest go_memstats_heap_inuse_bytes seen
	stackMaxB  int64         // highest go_memstats_stack_inuse_bytes seen
	cpu        time.Duration // CPU time the server process used during the run
}

// cpuPerCall is the server's CPU time per answered request, a figure less
// sensitive than throughput to other load on the machine.
func (r *result) cpuPerCall() time.Duration {
	if r.all.n == 0 {
		return 0
	}
	return r.cpu / time.Duration(r.all.n)
}

func (r *result) rps() float64 { return float64(r.all.n) / r.elapsed.Seconds() }

// pct returns the q-quantile of sorted d (0 when empty).
func pct(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[int(q*float64(len(d)-1)+0.5)]
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 2, 64)
}

var basicAuth = "Basic " + base64.StdEncoding.EncodeToString([]byte(loadLogin+":"+loadAPIKey))

// load runs ops against t for spec and returns the figures. Each of
// spec.conc workers sends one request at a time on its own connection.
func load(ctx context.Context, t target, ops []op, spec loadSpec) *result {
	if spec.maxReqs <= 0 {
		spec.maxReqs = 5_000_000
	}
	total := 0
	for _, o := range ops {
		total += o.weight
	}
	ctx, cancel := context.WithTimeout(ctx, spec.duration)
	defer cancel()

	res := &result{target: t.name, spec: spec, byOp: map[string]*opStats{}}
	for _, o := range ops {
		res.opOrder = append(res.opOrder, o.name)
	}
	// Sampler: RSS and goroutines of the server while it is loaded.
	var sampler sync.WaitGroup
	if t.serverPID != 0 || t.metrics {
		sampler.Go(func() {
			tick := time.NewTicker(200 * time.Millisecond)
			defer tick.Stop()
			for {
				if t.serverPID != 0 {
					rss, _ := memory(t.serverPID)
					res.rssMaxKB = max(res.rssMaxKB, rss)
				}
				if t.metrics {
					g, heap, stack := runtimeStats(t.addr)
					res.goroutines = max(res.goroutines, g)
					res.heapMaxB = max(res.heapMaxB, heap)
					res.stackMaxB = max(res.stackMaxB, stack)
				}
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
			}
		})
	}

	var sent, ticket atomic.Int64
	per := make([]map[string]*opStats, spec.conc)
	var cpu0 time.Duration
	if t.serverPID != 0 {
		cpu0 = cpuTime(t.serverPID)
	}
	start := time.Now()
	var wg sync.WaitGroup
	for i := range spec.conc {
		wg.Go(func() {
			// Each client has its own connection, as N separate legacy
			// clients would (a shared pool would hand a paced client
			// another's idle connection and open fewer than N).
			client := &rawClient{addr: t.addr}
			defer client.close()
			rng := rand.New(rand.NewPCG(uint64(i), 42))
			mine := map[string]*opStats{}
			per[i] = mine
			for ctx.Err() == nil && sent.Add(1) <= spec.maxReqs {
				if spec.rate > 0 {
					at := start.Add(time.Duration(float64(ticket.Add(1)-1) / spec.rate * float64(time.Second)))
					if d := time.Until(at); d > 0 {
						select {
						case <-ctx.Done():
							return
						case <-time.After(d):
						}
					}
				}
				o := pick(ops, total, rng)
				st := mine[o.name]
				if st == nil {
					st = &opStats{}
					mine[o.name] = st
				}
				one(ctx, client, t, o.build(rng), st)
			}
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	if t.serverPID != 0 {
		res.cpu = cpuTime(t.serverPID) - cpu0
	}
	cancel()
	sampler.Wait()
	if t.serverPID != 0 {
		_, res.hwmKB = memory(t.serverPID)
	}
	for _, m := range per {
		for name, st := range m {
			if res.byOp[name] == nil {
				res.byOp[name] = &opStats{}
			}
			res.byOp[name].merge(st)
			res.all.merge(st)
		}
	}
	for _, st := range append([]*opStats{&res.all}, mapValues(res.byOp)...) {
		slices.Sort(st.lat)
		slices.Sort(st.added)
		slices.Sort(st.addedSrv)
	}
	return res
}

func mapValues(m map[string]*opStats) []*opStats {
	out := make([]*opStats, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func pick(ops []op, total int, rng *rand.Rand) op {
	n := rng.IntN(total)
	for _, o := range ops {
		if n < o.weight {
			return o
		}
		n -= o.weight
	}
	return ops[len(ops)-1]
}

// one sends one request and records it. A request cut by the end of the
// run is not counted; any other failure is an error: transport error, a
// status other than 200, or an XML-RPC fault.
func one(ctx context.Context, c *rawClient, t target, rq request, st *opStats) {
	t0 := time.Now()
	resp, err := c.do(ctx, rq)
	el := time.Since(t0)
	if ctx.Err() != nil || (err != nil && ended(ctx)) {
		return // cut by the end of the run
	}
	fail := ""
	body := resp.body
	switch {
	case err != nil:
		fail = err.Error()
	case resp.status != http.StatusOK:
		fail = strconv.Itoa(resp.status) + ": " + string(body[:min(len(body), 200)])
	case rq.path == "" && bytes.Contains(body, []byte("<fault>")):
		fail = "fault: " + string(body[:min(len(body), 300)])
	}
	st.n++
	if fail != "" {
		st.errs++
		if st.errSample == "" {
			st.errSample = fail
		}
		return
	}
	st.lat = append(st.lat, el)
	if t.timing {
		calls, up, total, ok := parseServerTiming(resp.serverTiming)
		if !ok {
			st.errs++
			st.errSample = "no Server-Timing header"
			return
		}
		st.upCalls += calls
		st.added = append(st.added, el-up)
		st.addedSrv = append(st.addedSrv, total-up)
	}
}

// ended reports whether ctx's deadline has passed (a connection deadline
// set from it can fire a moment before ctx.Err reports it).
func ended(ctx context.Context) bool {
	dl, ok := ctx.Deadline()
	return ok && !time.Now().Before(dl)
}

// parseServerTiming reads `upstream;dur=MS;desc="N", total;dur=MS`; ok
// needs the upstream metric with its count.
func parseServerTiming(h string) (calls int64, upstream, total time.Duration, ok bool) {
	for _, metric := range strings.Split(h, ",") {
		parts := strings.Split(strings.TrimSpace(metric), ";")
		for _, p := range parts[1:] {
			k, v, _ := strings.Cut(p, "=")
			switch {
			case k == "dur":
				f, err := strconv.ParseFloat(v, 64)
				if err != nil {
					return 0, 0, 0, false
				}
				d := time.Duration(f * float64(time.Millisecond))
				if parts[0] == "upstream" {
					upstream = d
				} else if parts[0] == "total" {
					total = d
				}
			case k == "desc" && parts[0] == "upstream":
				n, err := strconv.ParseInt(strings.Trim(v, `"`), 10, 64)
				if err != nil {
					return 0, 0, 0, false
				}
				calls = n
				ok = true
			}
		}
	}
	return calls, upstream, total, ok
}

// summary is a one-line text form of a result.
func (r *result) summary() string {
	s := fmt.Sprintf("%-22s c=%-4d %8.0f req/s  p50 %6s  p90 %6s  p99 %6s ms  n=%d errors=%d",
		r.target, r.spec.conc, r.rps(), ms(pct(r.all.lat, .5)), ms(pct(r.all.lat, .9)), ms(pct(r.all.lat, .99)), r.all.n, r.all.errs)
	if len(r.all.added) > 0 {
		s += fmt.Sprintf("  added p50 %s p99 %s ms (server's view p50 %s p99 %s)", ms(pct(r.all.added, .5)), ms(pct(r.all.added, .99)),
			ms(pct(r.all.addedSrv, .5)), ms(pct(r.all.addedSrv, .99)))
	}
	if r.rssMaxKB > 0 {
		s += fmt.Sprintf("  RSS max %.1f MiB (HWM %.1f)", float64(r.rssMaxKB)/1024, float64(r.hwmKB)/1024)
	}
	if r.cpu > 0 {
		s += fmt.Sprintf("  CPU %.0f us/call", float64(r.cpuPerCall().Nanoseconds())/1000)
	}
	if r.goroutines > 0 {
		s += fmt.Sprintf("  goroutines %d (heap %.1f MiB, stacks %.1f MiB)", r.goroutines, float64(r.heapMaxB)/(1<<20), float64(r.stackMaxB)/(1<<20))
	}
	if r.all.errSample != "" {
		s += "\n    first error: " + r.all.errSample
	}
	return s
}
