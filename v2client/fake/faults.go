package fake

import (
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Faults describes failures to inject, for reliability tests. Set them with
// (*Server).SetFaults at any time (safe while serving); the zero value
// injects nothing. A fault applies to a request when Endpoints is empty or
// holds its key ("GET /api/v2/issues/:issueIdOrKey", the same keys as the
// counters). Faults act before authentication, like a proxy in front of
// Backlog would.
type Faults struct {
	// Endpoints limits the faults to these endpoint keys; empty: every endpoint.
	Endpoints []string
	// Times is how many matching requests get the faults, after which the
	// faults clear themselves; 0 means until changed.
	Times int

	// Status answers matching requests with this HTTP status (e.g. 500,
	// 502, 503) and a Backlog error body (code 1) instead of handling them.
	Status int
	// ErrorRate in (0, 1] makes Status (default 500) a coin toss per
	// matching request; 0 with Status set means every request.
	ErrorRate float64
	// HTMLErrorPage answers with an HTML error page (status Status,
	// default 503) instead of JSON, as a load balancer does.
	HTMLErrorPage bool
	// AfterWrite applies Status / HTMLErrorPage after the request was
	// handled: the change is made but the answer is an error (a write whose
	// outcome the client cannot know).
	AfterWrite bool

	// RateLimited answers 429 with error code 13, X-RateLimit-Remaining 0
	// and X-RateLimit-Reset RateLimitReset from now (default one minute).
	RateLimited    bool
	RateLimitReset time.Duration

	// ResetConnection handles the request, then sends the head and half the
	// body and resets the TCP connection.
	ResetConnection bool
	// TruncateBody handles the request, then declares the full
	// Content-Length but sends only half of the body.
	TruncateBody bool
	// WrongContentType handles the request and answers its real body with
	// Content-Type text/html.
	WrongContentType bool
}

// injected is what one request gets: pre answers instead of the handler,
// post rewrites the handler's answer.
type injected struct {
	pre  func(w http.ResponseWriter, s *Server)
	post func(w http.ResponseWriter, status int, payload []byte)
}

type faultState struct {
	mu   sync.Mutex
	f    Faults
	on   bool
	left int
	rng  *rand.Rand
}

func (fs *faultState) set(f Faults) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.f = f
	fs.f.Endpoints = slices.Clone(f.Endpoints)
	fs.left = f.Times
	fs.on = f.Status != 0 || f.ErrorRate > 0 || f.HTMLErrorPage || f.RateLimited ||
		f.ResetConnection || f.TruncateBody || f.WrongContentType
}

// SetFaults replaces the injected faults (the zero Faults clears them).
func (s *Server) SetFaults(f Faults) { s.faults.set(f) }

// ClearFaults stops injecting faults.
func (s *Server) ClearFaults() { s.faults.set(Faults{}) }

// Faults returns the faults currently injected.
func (s *Server) Faults() Faults {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	f := s.faults.f
	f.Endpoints = slices.Clone(f.Endpoints)
	if s.faults.on && f.Times > 0 {
		f.Times = s.faults.left
	}
	if !s.faults.on {
		return Faults{}
	}
	return f
}

// take decides what the request with endpoint key gets.
func (fs *faultState) take(key string) (injected, bool) {
	fs.mu.Lock()
	if !fs.on || (len(fs.f.Endpoints) > 0 && !slices.Contains(fs.f.Endpoints, key)) {
		fs.mu.Unlock()
		return injected{}, false
	}
	f := fs.f
	if f.Times > 0 {
		fs.left--
		if fs.left <= 0 {
			fs.on = false
			fs.f = Faults{}
		}
	}
	errorAnswer := f.Status != 0 || f.HTMLErrorPage
	if f.ErrorRate > 0 {
		errorAnswer = fs.rng.Float64() < f.ErrorRate
	}
	fs.mu.Unlock()

	var inj injected
	status := f.Status
	if status == 0 {
		status = http.StatusInternalServerError
		if f.HTMLErrorPage {
			status = http.StatusServiceUnavailable
		}
	}
	writeError := func(w http.ResponseWriter) {
		if f.HTMLErrorPage {
			page := []byte("<!DOCTYPE html>\n<html><head><title>" + strconv.Itoa(status) + " " + http.StatusText(status) +
				"</title></head><body><h1>" + http.StatusText(status) + "</h1><p>The server is temporarily unable to service your request.</p></body></html>\n")
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Length", strconv.Itoa(len(page)))
			w.WriteHeader(status)
			w.Write(page)
			return
		}
		writeJSON(w, status, errorBody(codeInternal, "Internal error."))
	}
	switch {
	case f.RateLimited:
		reset := f.RateLimitReset
		if reset <= 0 {
			reset = time.Minute
		}
		inj.pre = func(w http.ResponseWriter, s *Server) {
			w.Header().Set("X-RateLimit-Limit", "0")
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(s.now().Add(reset).Unix(), 10))
			writeJSON(w, http.StatusTooManyRequests, errorBody(codeTooMany, "Rate limit exceeded."))
		}
	case errorAnswer && !f.AfterWrite:
		inj.pre = func(w http.ResponseWriter, _ *Server) { writeError(w) }
	}
	switch {
	case errorAnswer && f.AfterWrite:
		inj.post = func(w http.ResponseWriter, _ int, _ []byte) { writeError(w) }
	case f.ResetConnection:
		inj.post = hijackReset
	case f.TruncateBody:
		inj.post = func(w http.ResponseWriter, status int, payload []byte) {
			w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
			w.WriteHeader(status)
			w.Write(payload[:len(payload)/2])
		}
	case f.WrongContentType:
		inj.post = func(w http.ResponseWriter, status int, payload []byte) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
			w.WriteHeader(status)
			w.Write(payload)
		}
	}
	return inj, inj.pre != nil || inj.post != nil
}
