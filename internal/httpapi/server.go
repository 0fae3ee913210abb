package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// ServerConfig is what Listen needs.
type ServerConfig struct {
	Addr    string       // TCP address to listen on
	Handler http.Handler // NewHandler's router
	// ReadTimeout, WriteTimeout and IdleTimeout are net/http's; the header
	// must arrive within ReadTimeout and at most 10 s.
	ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// Logger receives the server's start-up failure, shutdown and net/http
	// error lines (net/http's at warn level).
	Logger *slog.Logger
	// Base is the parent of every request context; its cancellation is not
	// passed on (a request ends with its connection or Shutdown).
	Base context.Context
}

// Server is the gateway's HTTP server: net/http on a coalescing listener
// (coalesce.go), so /XML-RPC answers of 3-64 KiB leave in one write(2).
type Server struct {
	ln     net.Listener
	http   *http.Server
	logger *slog.Logger
	done   chan struct{}
	err    error // why Serve stopped, when not by Shutdown; read after done
}

// Listen opens cfg.Addr and serves cfg.Handler on it until Shutdown.
func Listen(cfg ServerConfig) (*Server, error) {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, err
	}
	if cfg.Base == nil {
		cfg.Base = context.Background()
	}
	base := context.WithoutCancel(cfg.Base)
	s := &Server{ln: CoalescingListener(ln), logger: cfg.Logger, done: make(chan struct{})}
	s.http = &http.Server{
		Handler:           cfg.Handler,
		ReadHeaderTimeout: min(cfg.ReadTimeout, 10*time.Second),
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return base },
		ConnContext:       ConnContext,
	}
	go func() {
		defer close(s.done)
		if err := s.http.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.err = err
			s.logger.Error("HTTP server stopped", "error", err.Error())
		}
	}()
	return s, nil
}

// Addr returns the address the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Done is closed when the server has stopped serving (Shutdown, or a
// failure of the listener).
func (s *Server) Done() <-chan struct{} { return s.done }

// Shutdown stops accepting connections and lets the requests in flight
// finish within bound, then closes the connections left. It returns why the
// shutdown was not graceful, or why serving had stopped before.
func (s *Server) Shutdown(bound time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	s.logger.Info("shutting down: finishing in-flight calls", "bound", bound.String())
	var err error
	if serr := s.http.Shutdown(ctx); serr != nil {
		s.logger.Warn("shutdown bound reached; closing remaining connections", "error", serr.Error())
		s.http.Close()
		err = fmt.Errorf("graceful shutdown: %w", serr)
	}
	<-s.done
	if s.err != nil && err == nil {
		err = s.err
	}
	return err
}
