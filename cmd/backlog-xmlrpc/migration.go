package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/migration"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/methods"
)

// stateSaveEvery is how often the migration report is written to
// --state-dir (and once more on shutdown): a crash loses at most this much.
const stateSaveEvery = time.Minute

// newMigration returns the migration report's recorder, with each legacy
// method's v2 replacement from the methods registry, loaded from
// --state-dir when set. The snapshot is written once at start, so a state
// directory the server cannot write is refused now rather than found out a
// minute later in the log.
func (m *Main) newMigration(cfg Config) (*migration.Recorder, error) {
	var infos []migration.Info
	for _, e := range methods.MigrationInfo() {
		infos = append(infos, migration.Info{Method: e.Method, Instead: e.Instead, Also: e.Also, Doc: e.Doc})
	}
	rec := migration.New(migration.Options{Methods: infos})
	if cfg.StateDir != "" {
		if err := rec.Load(cfg.StateDir); err != nil {
			return nil, fmt.Errorf("--state-dir: %w", err)
		}
		if err := rec.Save(cfg.StateDir); err != nil {
			return nil, fmt.Errorf("--state-dir %q is not writable by this user (uid %d): %w", cfg.StateDir, os.Getuid(), err)
		}
	}
	return rec, nil
}

// startStateSaver writes the migration report to dir every stateSaveEvery
// and once more when Close stops it (after the last call was answered).
func (m *Main) startStateSaver(dir string) {
	done := make(chan struct{})
	stopped := make(chan struct{})
	save := func() {
		if err := m.migration.Save(dir); err != nil {
			m.logger.Error("cannot save the migration report", "error", err.Error())
		}
	}
	go func() {
		defer close(stopped)
		t := time.NewTicker(stateSaveEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				save()
			case <-done:
				return
			}
		}
	}()
	m.stops = append(m.stops, func() {
		close(done)
		<-stopped
		save()
	})
}

// startAdminListen serves the administrators' pages on addr
// (--admin-listen) without authentication, until Close.
func (m *Main) startAdminListen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("--admin-listen: %w", err)
	}
	srv := &http.Server{Handler: m.migration.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	m.adminAddr = ln.Addr().String()
	m.stops = append(m.stops, func() { srv.Close() })
	m.logger.Info("admin pages serving without authentication", "addr", m.adminAddr)
	return nil
}
