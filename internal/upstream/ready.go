package upstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
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

// readyBodyLimit bounds the probe's read of an answer (the space JSON and
// Backlog's error body are far smaller).
const readyBodyLimit = 64 << 10

// backlogV2Answer reports whether body, answered with status to GET
// /api/v2/space, has the shape of Backlog v2's answers.
func backlogV2Answer(status int, body []byte) bool {
	if status >= 200 && status < 300 {
		var space struct {
			SpaceKey string `json:"spaceKey"`
		}
		return json.Unmarshal(body, &space) == nil && space.SpaceKey != ""
	}
	var e struct {
		Errors []struct {
			Code *int `json:"code"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &e) != nil || len(e.Errors) == 0 {
		return false
	}
	for _, x := range e.Errors {
		if x.Code == nil {
			return false
		}
	}
	return true
}

// mediaType is a Content-Type without its parameters, or "(no content type)".
func mediaType(ct string) string {
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	return "(no content type)"
}

// Readiness is the /readyz probe (Check): not draining, credentials loaded,
// and Backlog v2 answering GET /api/v2/space without credentials as Backlog
// does: below 500, with either the space's JSON (a `spaceKey`) or Backlog's
// error body (`errors[]` with a numeric `code`; 401 code 11 is the expected
// one). Anything else (a web server's HTML 404, another JSON API) means
// --backlog-url points somewhere else, and every call would fail.
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
			body, rerr := io.ReadAll(io.LimitReader(resp.Body, readyBodyLimit))
			resp.Body.Close()
			switch {
			case resp.StatusCode >= 500:
				//lint:ignore ST1005 Backlog is a proper noun, and /readyz shows this text
				err = fmt.Errorf("Backlog answered %d", resp.StatusCode)
			case rerr != nil:
				//lint:ignore ST1005 Backlog is a proper noun, and /readyz shows this text
				err = errors.New("Backlog unreachable")
			case !backlogV2Answer(resp.StatusCode, body):
				err = fmt.Errorf("--backlog-url is not a Backlog v2 API: GET /api/v2/space answered %d %s", resp.StatusCode, mediaType(resp.Header.Get("Content-Type")))
			}
			r.at, r.err = time.Now(), err
			return err
		}
	}
	//lint:ignore ST1005 Backlog is a proper noun, and /readyz shows this text
	err = errors.New("Backlog unreachable")
	r.at, r.err = time.Now(), err
	return err
}
