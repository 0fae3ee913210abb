package auth

import (
	"log/slog"
	"os"
	"time"
)

// Watch re-reads the credentials file whenever its modification time, size
// or identity changes, checked every interval, until stop is called: a FROM
// scratch container has no `kill` to send SIGHUP with, and a Kubernetes
// Secret update swaps a symlink, which os.Stat follows. A file that fails
// to load keeps the current credentials, as with SIGHUP; both outcomes are
// logged to logger.
func (a *FileAuthenticator) Watch(interval time.Duration, logger *slog.Logger) (stop func()) {
	quit := make(chan struct{})
	done := make(chan struct{})
	last, _ := os.Stat(a.path)
	go func() {
		defer close(done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
			}
			st, err := os.Stat(a.path)
			if err != nil || (last != nil && os.SameFile(st, last) && st.ModTime().Equal(last.ModTime()) && st.Size() == last.Size()) {
				continue
			}
			last = st
			if err := a.Reload(); err != nil {
				logger.Error("credentials file changed but could not be loaded; keeping the current credentials", "error", err.Error())
				continue
			}
			logger.Info("credentials reloaded", "trigger", "file changed")
		}
	}()
	return func() {
		close(quit)
		<-done
	}
}
