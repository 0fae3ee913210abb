// Command backlog-xmlrpc is the deployable gateway: it serves the legacy
// Backlog API v1 (XML-RPC, POST /XML-RPC, HTTP Basic) and answers each call
// through Backlog API v2 with the caller's own v2 credentials.
//
// Usage:
//
//	backlog-xmlrpc [flags]                 serve (see --help, README.md)
//	backlog-xmlrpc passwd [flags] LOGIN    add or update a credentials-file entry
//	backlog-xmlrpc healthcheck [flags]     GET /healthz on the local server; exit 0 or 1
//	backlog-xmlrpc check [flags]           pre-flight against the Backlog space; exit 0, 1 or 2
//
// The command only wires and runs: Main builds the packages (auth,
// httpapi, upstream, metrics, xmlrpc, methods, v2client) from Config, runs
// them and shuts them down. main.go holds the program's lifecycle,
// wiring.go how the parts are put together, config.go the flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	_ "time/tzdata" // zone data inside the binary: the image is FROM scratch

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/demo"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/gcfloor"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/httpapi"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/logbuf"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/metrics"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/migration"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/upstream"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/workgate"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches the subcommands and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if code, ok := runSubcommand(args, stdin, stdout, stderr); ok {
		return code
	}
	m := NewMain()
	m.LogOutput = stderr
	if err := m.Config.Parse(args, nil, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		if !errors.As(err, new(printedError)) {
			fmt.Fprintln(stderr, "backlog-xmlrpc:", err)
		}
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := m.Run(ctx); err != nil {
		fmt.Fprintln(stderr, "backlog-xmlrpc:", err)
		return 1
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
wait:
	for {
		select {
		case <-hup:
			if m.creds == nil {
				m.logger.Info("SIGHUP ignored: no credentials file to reload")
			} else if err := m.Reload(); err != nil {
				m.logger.Error("reload failed; keeping the current credentials", "error", err.Error())
			} else {
				m.logger.Info("credentials reloaded")
			}
		case <-ctx.Done():
			break wait
		case <-m.server.Done():
			break wait
		}
	}
	stop()
	if err := m.Close(); err != nil {
		fmt.Fprintln(stderr, "backlog-xmlrpc:", err)
		return 1
	}
	return 0
}

// Main is the program: Run starts it, Close stops it gracefully. Tests run it
// on 127.0.0.1:0 with Config.Demo or against their own fake.
type Main struct {
	Config Config
	// LogOutput receives the JSON log lines (default os.Stderr).
	LogOutput io.Writer

	logger  *slog.Logger
	logBuf  *logbuf.Writer // batches the log lines (nil with --log-buffer 0)
	metrics *metrics.Metrics
	creds   *auth.FileAuthenticator // the credentials file, for Reload (nil without one)
	demo    *demo.Backlog           // the in-process Backlog (demo mode only)
	ready   *upstream.Readiness     // /readyz; drained by Close
	server  *httpapi.Server
	// migration records who calls what (the migration report).
	migration *migration.Recorder
	adminAddr string // --admin-listen's address once listening
	// stops end what Run started beside the server (demo Backlog, idle
	// upstream connections, credentials poll, pprof), last started first.
	stops     []func()
	closeOnce sync.Once
}

// NewMain returns a Main with DefaultConfig.
func NewMain() *Main {
	return &Main{Config: DefaultConfig(), LogOutput: os.Stderr}
}

// Addr returns the address the server listens on (after Run).
func (m *Main) Addr() string { return m.server.Addr() }

// Fake returns the in-process Backlog fake in demo mode (nil otherwise).
func (m *Main) Fake() *fake.Server {
	if m.demo == nil {
		return nil
	}
	return m.demo.Fake
}

// AdminAddr returns the address of --admin-listen (after Run; "" when off).
func (m *Main) AdminAddr() string { return m.adminAddr }

// Migration returns the migration report's recorder (after Run).
func (m *Main) Migration() *migration.Recorder { return m.migration }

// Metrics returns the server's collectors.
func (m *Main) Metrics() *metrics.Metrics { return m.metrics }

// Reload re-reads the credentials file (SIGHUP). Calls in flight keep the
// credentials they started with; a bad file is refused and the current
// credentials stay in force.
func (m *Main) Reload() error {
	if m.creds == nil {
		return nil
	}
	return m.creds.Reload()
}

// Run validates the configuration, starts the demo Backlog (in demo mode),
// builds the server and starts serving. It returns once the listener is
// open; the server runs until Close.
func (m *Main) Run(ctx context.Context) (err error) {
	cfg := m.Config
	if err := cfg.finish(); err != nil {
		return err
	}
	m.Config = cfg
	logOut, level := m.startLog()
	gcfloor.Start(cfg.GCHeapFloor)
	defer func() {
		if err != nil {
			m.shutdownAux()
			m.closeLog() // the process is about to exit: nothing logged may stay in memory
		}
	}()
	if cfg.Demo {
		if err := m.startDemo(); err != nil {
			return err
		}
		cfg.BacklogURL = m.Config.BacklogURL
	}
	if m.migration, err = m.newMigration(cfg); err != nil {
		return err
	}
	if cfg.StateDir != "" {
		m.startStateSaver(cfg.StateDir)
	}
	srv, err := m.newXMLRPCServer(cfg, logOut, level)
	if err != nil {
		return err
	}
	upstreamHTTP := &http.Client{Transport: v2client.NewTransport(), Timeout: cfg.UpstreamTimeout}
	m.stops = append(m.stops, upstreamHTTP.CloseIdleConnections)
	base, err := v2client.New(cfg.BacklogURL,
		v2client.WithHTTPClient(upstreamHTTP),
		v2client.WithUserAgent("backlog-xmlrpc/"+Version()),
		v2client.WithObserver(upstream.LogExchanges(m.logger, upstream.Observer(m.metrics))),
		v2client.WithWaitHook(workgate.Hook{}),
	)
	if err != nil {
		return err
	}
	authN, err := m.newAuthenticator(cfg, base)
	if err != nil {
		return err
	}
	handler := m.newHandler(cfg, srv, base, authN)
	if cfg.AdminListen != "" {
		if err := m.startAdminListen(cfg.AdminListen); err != nil {
			return err
		}
	}
	if cfg.PprofListen != "" {
		if err := m.startPprof(cfg.PprofListen); err != nil {
			return err
		}
	}
	m.server, err = httpapi.Listen(httpapi.ServerConfig{
		Addr: cfg.Listen, Handler: handler, Logger: m.logger, Base: ctx,
		ReadTimeout: cfg.ReadTimeout, WriteTimeout: cfg.WriteTimeout, IdleTimeout: cfg.IdleTimeout,
	})
	if err != nil {
		return fmt.Errorf("--listen: %w", err)
	}
	m.logStarted(cfg, len(srv.Methods()))
	return nil
}

// Close stops accepting connections, lets in-flight calls finish within
// ShutdownTimeout (then cuts the rest), and stops the demo Backlog. /readyz
// answers 503 from the start of Close so load balancers stop sending.
func (m *Main) Close() error {
	var err error
	m.closeOnce.Do(func() {
		if m.ready != nil {
			m.ready.Drain()
		}
		if m.server != nil {
			err = m.server.Shutdown(m.Config.ShutdownTimeout)
		}
		m.shutdownAux()
		if m.logger != nil {
			m.logger.Info("stopped")
		}
		m.closeLog()
	})
	return err
}

// shutdownAux runs the stops, last started first.
func (m *Main) shutdownAux() {
	for _, stop := range slices.Backward(m.stops) {
		stop()
	}
	m.stops = nil
}

// startDemo runs the demo Backlog and points the configuration at it.
func (m *Main) startDemo() error {
	d, err := demo.Start()
	if err != nil {
		return err
	}
	m.demo = d
	m.stops = append(m.stops, d.Close)
	m.Config.BacklogURL = d.URL
	m.logger.Info("demo mode: in-memory Backlog started", "url", d.URL, "logins", strings.Join(d.Logins, ","))
	return nil
}
