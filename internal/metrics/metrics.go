// Package metrics holds the server's Prometheus collectors and the one place
// that decides their labels.
//
// Every label has a bounded set of values: method names are the registered
// legacy methods plus "unknown" (a name nobody registered) and "invalid" (a
// request that could not be decoded), so a client sending random method
// names cannot grow the series count; upstream routes are v2 path templates
// ("/api/v2/issues/:issueIdOrKey"), never concrete paths; fault codes and
// HTTP statuses are small closed sets. No label ever carries a login, a key
// or a request value, with one exception: legacy_calls_by_login_total
// carries the caller's login, bounded (LoginLabel: at most MaxLoginLabels
// distinct logins per process, the rest counted as "other"), so the
// migration report's question "who still calls what" can be asked of
// Prometheus across replicas.
//
// The collectors live in their own registry (not the global one) so several
// servers can run in one process, as the end-to-end tests do.
package metrics

import (
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/workgate"
)

// Namespace prefixes every series.
const Namespace = "backlog_xmlrpc"

// Label values used for calls whose method name is not a registered one.
const (
	MethodUnknown = "unknown"
	MethodInvalid = "invalid"
)

// Metrics is the set of collectors of one server.
type Metrics struct {
	reg   *prometheus.Registry
	known func(string) bool

	calls            *prometheus.CounterVec
	faults           *prometheus.CounterVec
	callDuration     *prometheus.HistogramVec
	upstreamCalls    *prometheus.CounterVec
	upstreamDuration *prometheus.HistogramVec
	rateRemaining    *prometheus.GaugeVec
	authAttempts     *prometheus.CounterVec
	httpResponses    *prometheus.CounterVec
	inflight         prometheus.Gauge
	byLogin          *prometheus.CounterVec
	loginsMu         sync.Mutex
	logins           map[string]bool // the login label values given out (LoginLabel)
	loginSeries      sync.Map        // callKey{login, method} -> prometheus.Counter, for logins under the cap
	byStatus         sync.Map        // int -> prometheus.Counter of httpResponses

	// series caches the children of calls, faults and callDuration per
	// (method label, fault code): WithLabelValues hashes and looks up its
	// labels on every call. Labels are bounded (see MethodLabel), so the map
	// is too; it is copied on write and read without a lock.
	series   atomic.Pointer[map[callKey]*callSeries]
	seriesMu sync.Mutex // serialises the copies
}

// callKey is one (method label, fault code) pair, or (login, method label)
// in loginSeries.
type callKey struct {
	method string
	code   int
	login  string
}

// callSeries holds the children one answered call updates.
type callSeries struct {
	calls    prometheus.Counter
	faults   prometheus.Counter // nil on success (code 0)
	duration prometheus.Observer
}

// New returns the collectors, registered in a fresh registry together with
// the Go runtime and process collectors. known reports whether a method name
// is registered; names it refuses are counted as "unknown" (nil: every name
// is trusted, for callers that already bound them).
func New(known func(method string) bool) *Metrics {
	m := &Metrics{
		reg:   prometheus.NewRegistry(),
		known: known,
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "calls_total",
			Help: "Legacy XML-RPC calls answered (system.multicall inner calls counted one by one), by method and fault code (0 = success).",
		}, []string{"method", "code"}),
		faults: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "faults_total",
			Help: "Legacy XML-RPC calls answered with a fault, by method and fault code.",
		}, []string{"method", "code"}),
		callDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "call_duration_seconds",
			Help:    "Time to answer one legacy call, upstream calls included, by method.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"method"}),
		upstreamCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "upstream_calls_total",
			Help: "Backlog API v2 requests made, by HTTP method, route template and status (\"error\" when no status was received).",
		}, []string{"verb", "route", "status"}),
		upstreamDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "upstream_call_duration_seconds",
			Help:    "Duration of Backlog API v2 requests, by route template.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
		rateRemaining: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: Namespace, Name: "upstream_ratelimit_remaining",
			Help: "X-RateLimit-Remaining of the latest Backlog v2 response on a route (budgets are per user: this is the latest caller's).",
		}, []string{"route"}),
		authAttempts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "auth_attempts_total",
			Help: "Legacy Basic authentication attempts, by outcome (ok, missing, bad, locked, unavailable).",
		}, []string{"outcome"}),
		httpResponses: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "http_responses_total",
			Help: "HTTP responses on /XML-RPC by status code (faults are 200; 401/429/413/503 come from the HTTP layer).",
		}, []string{"code"}),
		byLogin: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "legacy_calls_by_login_total",
			Help: "Legacy XML-RPC calls answered, by login (at most 100 distinct per process, the rest \"other\") and method: who still calls what.",
		}, []string{"login", "method"}),
		logins: map[string]bool{},
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: Namespace, Name: "inflight_requests",
			Help: "HTTP requests on /XML-RPC being served.",
		}),
	}
	m.reg.MustRegister(m.calls, m.faults, m.callDuration, m.upstreamCalls, m.upstreamDuration,
		m.rateRemaining, m.authAttempts, m.httpResponses, m.inflight, m.byLogin,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registerer lets other packages (e.g. the name->id catalog's hit/miss
// counters) add their collectors to the same /metrics.
func (m *Metrics) Registerer() prometheus.Registerer { return m.reg }

// Gatherer returns the registry, for tests.
func (m *Metrics) Gatherer() prometheus.Gatherer { return m.reg }

// Handler serves /metrics in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// MethodLabel bounds a method name for use as a label value.
func (m *Metrics) MethodLabel(method string) string {
	switch method {
	case "(unknown)":
		return MethodUnknown
	case "(invalid)", "":
		return MethodInvalid
	}
	if m.known != nil && !m.known(method) {
		return MethodUnknown
	}
	return method
}

// ObserveCall records one answered legacy call (faultCode 0 = success).
func (m *Metrics) ObserveCall(method string, faultCode int, d time.Duration) {
	m.ObserveCallLabel(method, faultCode, d)
}

// ObserveCallLabel is ObserveCall returning the method's label
// (MethodLabel), so the call log need not compute it again.
func (m *Metrics) ObserveCallLabel(method string, faultCode int, d time.Duration) string {
	label := m.MethodLabel(method)
	s := m.callSeries(callKey{method: label, code: faultCode})
	s.calls.Inc()
	if s.faults != nil {
		s.faults.Inc()
	}
	s.duration.Observe(d.Seconds())
	return label
}

// MaxLoginLabels is the most distinct values of the login label; the
// calls of later logins are counted under LoginOther.
const MaxLoginLabels = 100

// LoginOther is the login label of the logins past MaxLoginLabels.
const LoginOther = "other"

// LoginLabel bounds a login for use as a label value: the login itself
// while fewer than MaxLoginLabels distinct ones were seen (in
// credentials-file mode only the file's logins authenticate; in api-key
// mode they are the Backlog users), then LoginOther.
func (m *Metrics) LoginLabel(login string) string {
	m.loginsMu.Lock()
	defer m.loginsMu.Unlock()
	if m.logins[login] {
		return login
	}
	if len(m.logins) >= MaxLoginLabels {
		return LoginOther
	}
	m.logins[login] = true
	return login
}

// ObserveLoginCall counts one legacy call of method (a MethodLabel) by
// login in legacy_calls_by_login_total, the login bounded by LoginLabel.
// The children of logins with their own label are cached (bounded by
// MaxLoginLabels x methods), so a call costs one map read.
func (m *Metrics) ObserveLoginCall(login, method string) {
	k := callKey{method: method, login: login}
	if c, ok := m.loginSeries.Load(k); ok {
		c.(prometheus.Counter).Inc()
		return
	}
	label := m.LoginLabel(login)
	c := m.byLogin.WithLabelValues(label, method)
	if label == login {
		m.loginSeries.Store(k, c)
	}
	c.Inc()
}

// callSeries returns the cached children of k, creating them on first use.
func (m *Metrics) callSeries(k callKey) *callSeries {
	if p := m.series.Load(); p != nil {
		if s, ok := (*p)[k]; ok {
			return s
		}
	}
	m.seriesMu.Lock()
	defer m.seriesMu.Unlock()
	old := m.series.Load()
	if old != nil {
		if s, ok := (*old)[k]; ok {
			return s
		}
	}
	code := strconv.Itoa(k.code)
	s := &callSeries{calls: m.calls.WithLabelValues(k.method, code), duration: m.callDuration.WithLabelValues(k.method)}
	if k.code != 0 {
		s.faults = m.faults.WithLabelValues(k.method, code)
	}
	next := make(map[callKey]*callSeries, 1+len(ptrMap(old)))
	for kk, v := range ptrMap(old) {
		next[kk] = v
	}
	next[k] = s
	m.series.Store(&next)
	return s
}

// ptrMap dereferences a possibly nil map pointer.
func ptrMap(p *map[callKey]*callSeries) map[callKey]*callSeries {
	if p == nil {
		return nil
	}
	return *p
}

// ObserveUpstream records one v2 request: its HTTP method, route template,
// status (0 when none was received) and duration; remaining is the
// X-RateLimit-Remaining it carried, or negative when absent.
func (m *Metrics) ObserveUpstream(verb, route string, status int, d time.Duration, remaining int) {
	if route == "" {
		route = "other"
	}
	st := "error"
	if status > 0 {
		st = strconv.Itoa(status)
	}
	m.upstreamCalls.WithLabelValues(verb, route, st).Inc()
	m.upstreamDuration.WithLabelValues(route).Observe(d.Seconds())
	if remaining >= 0 {
		m.rateRemaining.WithLabelValues(route).Set(float64(remaining))
	}
}

// RegisterCacheStats exposes a lookup cache's counters (the name->id
// catalog's Stats) as backlog_xmlrpc_cache_hits_total and
// backlog_xmlrpc_cache_misses_total.
func (m *Metrics) RegisterCacheStats(stats func() (hits, misses uint64)) {
	m.reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Namespace: Namespace, Name: "cache_hits_total",
			Help: "Lookup lists (issue types, statuses, versions, users...) answered from the name->id cache.",
		}, func() float64 { h, _ := stats(); return float64(h) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Namespace: Namespace, Name: "cache_misses_total",
			Help: "Lookup lists that had to be fetched from Backlog.",
		}, func() float64 { _, mi := stats(); return float64(mi) }),
	)
}

// WatchGate exposes a work gate's state (workgate.Gate.Stats, read once per
// scrape, so the four series of one scrape are one consistent snapshot and
// nothing polls between scrapes) as backlog_xmlrpc_work_slots,
// backlog_xmlrpc_work_slots_in_use, backlog_xmlrpc_work_queued{queue} and
// backlog_xmlrpc_work_paused. Why: the gate decides where calls wait under
// saturation; these tell whether they wait for the CPU (queued entering or
// resuming) or for Backlog (paused). Call it at most once, and only when the
// server has a gate: without one the series are absent, not zero. It takes
// a function rather than the gate so that tests can feed it any state.
func (m *Metrics) WatchGate(stats func() workgate.Stats) {
	m.reg.MustRegister(&gateCollector{stats: stats})
}

// Descriptors of the work gate's series (WatchGate).
var (
	workSlotsDesc = prometheus.NewDesc(Namespace+"_work_slots",
		"Slots of the work gate (--work-slots): most legacy calls using CPU and memory at once.", nil, nil)
	workInUseDesc = prometheus.NewDesc(Namespace+"_work_slots_in_use",
		"Work gate slots held by calls working right now.", nil, nil)
	workQueuedDesc = prometheus.NewDesc(Namespace+"_work_queued",
		"Calls queued for a work gate slot, by queue: entering (not started yet) or resuming (back from a wait, served first).", []string{"queue"}, nil)
	workPausedDesc = prometheus.NewDesc(Namespace+"_work_paused",
		"Calls waiting on Backlog or on another call's fetch, holding no work gate slot.", nil, nil)
)

// gateCollector reads a work gate's Stats at scrape time.
type gateCollector struct {
	stats func() workgate.Stats
}

// Describe implements prometheus.Collector.
func (c *gateCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- workSlotsDesc
	ch <- workInUseDesc
	ch <- workQueuedDesc
	ch <- workPausedDesc
}

// Collect implements prometheus.Collector: one Stats call per scrape.
func (c *gateCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.stats()
	ch <- prometheus.MustNewConstMetric(workSlotsDesc, prometheus.GaugeValue, float64(s.Slots))
	ch <- prometheus.MustNewConstMetric(workInUseDesc, prometheus.GaugeValue, float64(s.InUse))
	ch <- prometheus.MustNewConstMetric(workQueuedDesc, prometheus.GaugeValue, float64(s.Entering), "entering")
	ch <- prometheus.MustNewConstMetric(workQueuedDesc, prometheus.GaugeValue, float64(s.Resuming), "resuming")
	ch <- prometheus.MustNewConstMetric(workPausedDesc, prometheus.GaugeValue, float64(s.Paused))
}

// AuthAttempt counts one authentication outcome.
func (m *Metrics) AuthAttempt(outcome string) { m.authAttempts.WithLabelValues(outcome).Inc() }

// Instrument wraps the /XML-RPC handler to count responses by HTTP status
// and in-flight requests. (promhttp's instrumenting handlers allocate a label
// map per request; this is on every legacy call, so it keeps one counter per
// status code instead.)
func (m *Metrics) Instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.inflight.Inc()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			m.inflight.Dec()
			m.responses(sw.code()).Inc()
		}()
		next.ServeHTTP(sw, r)
	})
}

// responses returns the http_responses_total counter of one status code.
func (m *Metrics) responses(code int) prometheus.Counter {
	if c, ok := m.byStatus.Load(code); ok {
		return c.(prometheus.Counter)
	}
	c := m.httpResponses.WithLabelValues(strconv.Itoa(code))
	m.byStatus.Store(code, c)
	return c
}

// statusWriter records the status code written through it.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) code() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}
