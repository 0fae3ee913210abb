package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/testserver"
)

// options are the flags shared by run and smoke.
type options struct {
	serverBin   string
	python      string
	dir         string
	logLevel    string
	pprofListen string
	serverEnv   string
	serverArgs  string
	fakeBin     string
	warmup      time.Duration
	duration    time.Duration
	maxReqs     int64
	upstreamTLS bool
}

func (o *options) flags(fs *flag.FlagSet) {
	fs.StringVar(&o.serverBin, "server-bin", "", "backlog-xmlrpc binary (default: go build ./cmd/backlog-xmlrpc into a temporary directory)")
	fs.StringVar(&o.fakeBin, "fake-bin", "", "Backlog fake binary (cmd/backlog-fake; takes --listen and --latency); default: this program's own fake subcommand, the same v2client/fake")
	fs.StringVar(&o.python, "python", "python3", "Python 3 interpreter for the SimpleXMLRPCServer baseline (empty: skip it)")
	fs.StringVar(&o.dir, "dir", "", "directory for the children's logs (default: a temporary directory)")
	fs.StringVar(&o.logLevel, "server-log-level", "info", "--log-level of the server (info: its default, one JSON line per call)")
	fs.StringVar(&o.pprofListen, "pprof-listen", "", "pass --pprof-listen to the server (e.g. 127.0.0.1:6060) to profile it during a run")
	fs.StringVar(&o.serverArgs, "server-args", "", "extra flags of the server process, space-separated (e.g. \"--max-in-flight 64\")")
	fs.StringVar(&o.serverEnv, "server-env", "", "extra environment of the server process, comma-separated KEY=VALUE (e.g. GOMEMLIMIT=48MiB)")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured run before each measured run on a fresh server (warms caches and connections)")
	fs.DurationVar(&o.duration, "duration", 5*time.Second, "measured time of each run")
	fs.Int64Var(&o.maxReqs, "max-requests", 2_000_000, "upper bound on requests of one run")
	fs.BoolVar(&o.upstreamTLS, "upstream-tls", false, "the gateway reaches the fake over HTTPS with HTTP/2 (ALPN), as it reaches Backlog, instead of plain HTTP/1.1; the fake's certificate is trusted through SSL_CERT_FILE")
}

// prepare fills in the defaults: the log directory and the server binary.
func (o *options) prepare(stderr io.Writer) (cleanup func(), err error) {
	cleanup = func() {}
	if o.dir == "" {
		d, err := os.MkdirTemp("", "backlog-load-")
		if err != nil {
			return cleanup, err
		}
		o.dir = d
		cleanup = func() { os.RemoveAll(d) }
	}
	if o.serverBin == "" {
		o.serverBin = filepath.Join(o.dir, "backlog-xmlrpc")
		fmt.Fprintln(stderr, "building ./cmd/backlog-xmlrpc ...")
		if err := testserver.Build(o.serverBin); err != nil {
			return cleanup, fmt.Errorf("building the server: %w", err)
		}
	}
	return cleanup, nil
}

// env is one fake and one gateway server, fresh (cold caches, seed data).
type env struct {
	o      *options
	fake   *proc
	server *testserver.Server
	world  *world
}

// newEnv starts the fake (with latency) and the gateway in front of it.
func newEnv(ctx context.Context, o *options, latency time.Duration) (*env, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	e := &env{o: o}
	fa, err := freeAddr()
	if err != nil {
		return nil, err
	}
	fakeArgv := []string{self, "fake"}
	if o.fakeBin != "" {
		fakeArgv = []string{o.fakeBin}
	}
	fakeArgv = append(fakeArgv, "--listen", fa, "--latency", latency.String())
	backlogURL := "http://" + fa
	var env []string
	if o.upstreamTLS {
		// The harness keeps talking plain HTTP to fa; the gateway uses
		// the same fake over HTTPS.
		ta, err := freeAddr()
		if err != nil {
			return nil, err
		}
		ca := filepath.Join(o.dir, "fake-ca.pem")
		os.Remove(ca) // a fresh fake writes its own
		fakeArgv = append(fakeArgv, "--tls-listen", ta, "--tls-ca", ca)
		backlogURL = "https://" + ta
		env = append(env, "SSL_CERT_FILE="+ca)
	}
	if e.fake, err = start(o.dir, "fake", fa, "/_fake/counters", fakeArgv...); err != nil {
		return nil, err
	}
	if e.world, err = setupWorld(ctx, fa); err != nil {
		e.close()
		return nil, err
	}
	args := []string{"--listen", "127.0.0.1:0", "--backlog-url", backlogURL, "--auth", "api-key",
		"--server-timing", "--log-level", o.logLevel}
	if o.pprofListen != "" {
		args = append(args, "--pprof-listen", o.pprofListen)
	}
	args = append(args, strings.Fields(o.serverArgs)...)
	if o.serverEnv != "" {
		env = append(env, strings.Split(o.serverEnv, ",")...)
	}
	if e.server, err = startServer(o.dir, o.serverBin, args, env); err != nil {
		e.close()
		return nil, err
	}
	return e, resetFakeCounters(fa)
}

func (e *env) close() {
	if e.server != nil {
		e.server.Stop(5 * time.Second)
	}
	e.fake.stop()
}

func (e *env) gateway() target {
	return target{name: "gateway", addr: e.server.Addr, serverPID: e.server.PID(), metrics: true, timing: true}
}

// measure warms up with the same workload (and pacing), resets the fake's counters, and
// runs the measured load.
func (e *env) measure(ctx context.Context, ops []op, spec loadSpec) (*result, map[string]int, error) {
	if e.o.warmup > 0 {
		w := spec
		w.duration = e.o.warmup
		load(ctx, e.gateway(), ops, w)
	}
	if err := resetFakeCounters(e.fake.addr); err != nil {
		return nil, nil, err
	}
	spec.maxReqs = e.o.maxReqs
	r := load(ctx, e.gateway(), ops, spec)
	calls, err := fakeCounters(e.fake.addr)
	return r, calls, err
}

// report collects the markdown sections of a run.
type report struct {
	out io.Writer
	log io.Writer
}

func (r *report) section(title, cmd string) {
	fmt.Fprintf(r.out, "\n### %s\n\n```sh\n%s\n```\n\n", title, cmd)
}

func runBench(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backlog-load run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	o.flags(fs)
	scenarios := fs.String("scenarios", "baselines,concurrency,findsize,rss,budget,cold,halfpeak", "comma-separated scenarios to run")
	concs := fs.String("concurrency", "1,8,64,512", "concurrency levels of the concurrency scenario")
	latencies := fs.String("latency", "0s,20ms", "fake latencies of the concurrency scenario")
	baseConc := fs.Int("baseline-concurrency", 16, "concurrent clients of the baselines scenario")
	rounds := fs.Int("rounds", 3, "rounds of the baselines scenario (targets interleaved; the median round per target is reported)")
	findConc := fs.Int("find-concurrency", 8, "concurrent clients of the findsize scenario")
	rssConns := fs.Int("rss-connections", 500, "concurrent connections of the rss scenario (fake latency 20ms)")
	rssRate := fs.Float64("rss-rate", 500, "total requests/s of the paced row of the rss scenario")
	profMethod := fs.String("profile-method", "getIssue", "profile scenario: getIssue, getStatuses, findIssue, createIssue or mixed")
	profConc := fs.Int("profile-concurrency", 16, "profile scenario: concurrent clients")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.upstreamTLS && o.fakeBin != "" {
		return fmt.Errorf("--upstream-tls needs the harness's own fake (--fake-bin cannot serve HTTPS)")
	}
	cleanup, err := o.prepare(stderr)
	if err != nil {
		return err
	}
	defer cleanup()
	ctx := context.Background()
	rep := &report{out: stdout, log: stderr}
	base := "go run ./cmd/backlog-load run --duration " + o.duration.String()
	fmt.Fprintf(stdout, "## Load run %s\n\nMachine: %s, %d CPUs (GOMAXPROCS %d), %s, %s/%s. Harness, gateway, fake and baselines share the machine.\n",
		time.Now().UTC().Format(time.RFC3339), cpuModel(), runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	for _, sc := range strings.Split(*scenarios, ",") {
		fmt.Fprintln(stderr, "== scenario", sc)
		var err error
		switch strings.TrimSpace(sc) {
		case "baselines":
			err = scenarioBaselines(ctx, &o, rep, fmt.Sprintf("%s --scenarios baselines --baseline-concurrency %d --rounds %d", base, *baseConc, *rounds), *baseConc, *rounds)
		case "concurrency":
			err = scenarioConcurrency(ctx, &o, rep, fmt.Sprintf("%s --scenarios concurrency --concurrency %s --latency %s", base, *concs, *latencies), *concs, *latencies)
		case "findsize":
			err = scenarioFindSize(ctx, &o, rep, fmt.Sprintf("%s --scenarios findsize --find-concurrency %d", base, *findConc), *findConc)
		case "rss":
			err = scenarioRSS(ctx, &o, rep, fmt.Sprintf("%s --scenarios rss --rss-connections %d --rss-rate %.0f", base, *rssConns, *rssRate), *rssConns, *rssRate)
		case "budget":
			err = scenarioBudget(ctx, &o, rep, base+" --scenarios budget")
		case "cold":
			err = scenarioCold(ctx, &o, rep, "go run ./cmd/backlog-load run --scenarios cold")
		case "profile":
			err = scenarioProfile(ctx, &o, rep, *profMethod, *profConc)
		case "halfpeak":
			err = scenarioHalfPeak(ctx, &o, rep, base+" --scenarios halfpeak")
		default:
			err = fmt.Errorf("unknown scenario %q", sc)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", sc, err)
		}
	}
	return nil
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
		}
	}
	return "unknown CPU"
}
