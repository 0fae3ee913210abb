// Command backlog-fake serves the in-memory Backlog v2 fake
// (v2client/fake) on its own, in a separate process: the upstream of the
// load harness and of manual experiments.
//
//	backlog-fake --listen 127.0.0.1:8081 --latency 20ms [--seed seed.json] [--backlog-rate-limits]
//
// It prints "listening on http://ADDR" once it accepts connections (with
// --listen 127.0.0.1:0 the chosen port is in that line), serves until
// SIGINT/SIGTERM and then shuts down gracefully. GET /_fake/counters and
// POST /_fake/counters/reset expose the call counters.
//
// Its seed's users authenticate with their API key (demo-api-key-admin,
// demo-api-key-normal, ...); its OAuth application is client demo-client,
// secret demo-client-secret, redirect URI http://127.0.0.1/callback, and
// GET /OAuth2AccessRequest.action approves an access as the user who logs in
// with Basic (login ID and password, e.g. yamada/yamada), as `backlog-xmlrpc
// oauth` expects of Backlog.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, nil); err != nil {
		fmt.Fprintln(os.Stderr, "backlog-fake:", err)
		os.Exit(1)
	}
}

// config holds the flags, with their defaults.
type config struct {
	listen       string        // --listen, default 127.0.0.1:8081 (loopback only by default)
	latency      time.Duration // --latency, default 0
	seed         string        // --seed, default "" (the embedded seed)
	backlogLimit bool          // --backlog-rate-limits, default false (budgets too large to trip)
}

func parseFlags(args []string, out io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("backlog-fake", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.listen, "listen", "127.0.0.1:8081", "address to listen on")
	fs.DurationVar(&c.latency, "latency", 0, "delay added to every API request (e.g. 20ms)")
	fs.StringVar(&c.seed, "seed", "", "seed JSON file (default: the embedded v2client/fake/testdata/seed.json)")
	fs.BoolVar(&c.backlogLimit, "backlog-rate-limits", false, "enforce Backlog's documented budgets (read 600, update 150, search 150, icon 60 per minute and user)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	return c, nil
}

// run serves until ctx ends. ready, when not nil, receives the listening
// address.
func run(ctx context.Context, args []string, out io.Writer, ready chan<- string) error {
	c, err := parseFlags(args, out)
	if err != nil {
		return err
	}
	seed := fake.DefaultSeed()
	if c.seed != "" {
		f, err := os.Open(c.seed)
		if err != nil {
			return err
		}
		seed, err = fake.LoadSeed(f)
		f.Close()
		if err != nil {
			return err
		}
	}
	opts := []fake.Option{fake.WithLatency(c.latency)}
	if c.backlogLimit {
		opts = append(opts, fake.WithRateLimit(fake.BacklogRateLimits))
	}
	ln, err := net.Listen("tcp", c.listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: fake.New(seed, opts...), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	fmt.Fprintf(out, "listening on http://%s\n", ln.Addr())
	if ready != nil {
		ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
