package upstream

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
)

// readyCacheFor is how long a readiness answer is reused, so frequent
// probes from several load balancers do not each hit Backlog.
const readyCacheFor = 5 * time.Second

// Readiness is the /readyz probe (Check): not draining, credentials loaded,
// Backlog reachable (any HTTP answer below 500 from GET /api/v2/space
// without credentials counts: 401 is the expected one).
type Readiness struct {
	backlogURL  string
	credentials auth.Authenticator

	draining atomic.Bool
	mu       sync.Mutex
	at       time.Time // when err was found
	err      error
}

// NewReadiness returns the probe of the Backlog space at backlogURL; a
// *auth.FileAuthenticator among credentials must hold at least one entry.
func NewReadiness(backlogURL string, credentials auth.Authenticator) *Readiness {
	return &Readiness{backlogURL: backlogURL, credentials: credentials}
}

// Drain makes every later Check fail, so load balancers stop sending while
// the server shuts down.
func (r *Readiness) Drain() { r.draining.Store(true) }

// Check reports why the server is not ready, or nil.
func (r *Readiness) Check(ctx context.Context) error {
	if r.draining.Load() {
		return errors.New("shutting down")
	}
	if fa, ok := r.credentials.(*auth.FileAuthenticator); ok && fa.Len() == 0 {
		return errors.New("no credentials loaded")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.at.IsZero() && time.Since(r.at) < readyCacheFor {
		return r.err
	}
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(cctx, http.MethodGet, strings.TrimSuffix(r.backlogURL, "/")+"/api/v2/space", nil)
	if err == nil {
		var resp *http.Response
		resp, err = http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode >= 500 {
				//lint:ignore ST1005 Backlog is a proper noun, and /readyz shows this text
				err = fmt.Errorf("Backlog answered %d", resp.StatusCode)
			}
		}
	}
	if err != nil {
		//lint:ignore ST1005 Backlog is a proper noun, and /readyz shows this text
		err = errors.New("Backlog unreachable")
	}
	r.at, r.err = time.Now(), err
	return err
}
