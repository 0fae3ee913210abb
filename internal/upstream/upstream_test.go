package upstream

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/httpapi"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// TestObserverAccountsOnTheRequest: each exchange is counted, with its
// time, on the request's State; outside a request nothing breaks.
func TestObserverAccountsOnTheRequest(t *testing.T) {
	obs := Observer(nil)
	ctx, st := httpapi.WithState(context.Background(), "id")
	obs(ctx, v2client.CallEvent{Method: "GET", Route: "/space", Status: 200, Duration: time.Millisecond})
	obs(ctx, v2client.CallEvent{Method: "GET", Route: "/space", Status: 200, Duration: 2 * time.Millisecond})
	if st.Upstream() != 2 || st.UpstreamTime() != 3*time.Millisecond {
		t.Fatalf("upstream %d, time %v", st.Upstream(), st.UpstreamTime())
	}
	obs(context.Background(), v2client.CallEvent{})
	if got := rateRemaining(v2client.CallEvent{Status: 200}); got != -1 {
		t.Fatalf("no rate header: %d", got)
	}
}

// TestClientsFor: an identity needs a v2 credential, and a refresh token
// needs the OAuth client.
func TestClientsFor(t *testing.T) {
	base, err := v2client.New("https://example.backlog.jp")
	if err != nil {
		t.Fatal(err)
	}
	c := NewClients(base, Options{})
	if cl, err := c.For(auth.Identity{Login: "a", APIKey: "K"}); err != nil || cl == nil {
		t.Fatalf("API key: %v", err)
	}
	if _, err := c.For(auth.Identity{Login: "a"}); err == nil {
		t.Fatal("no credential accepted")
	}
	if _, err := c.For(auth.Identity{Login: "a", RefreshToken: "R"}); err == nil || !strings.Contains(err.Error(), "--oauth-client-id") {
		t.Fatalf("refresh token without OAuth client: %v", err)
	}
	c = NewClients(base, Options{OAuth: v2client.OAuthConfig{ClientID: "id", ClientSecret: "s"}})
	a, _ := c.For(auth.Identity{Login: "a", RefreshToken: "R"})
	b, _ := c.For(auth.Identity{Login: "a", RefreshToken: "R"})
	if a == nil || b == nil || len(c.tokens) != 1 {
		t.Fatalf("token sources: %d", len(c.tokens))
	}
}

// TestReadiness: Backlog's 401 is ready, a 5xx is not, answers are reused
// for a while, and Drain wins over everything.
func TestReadiness(t *testing.T) {
	var status, hits atomic.Int32
	status.Store(http.StatusUnauthorized)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.WriteHeader(int(status.Load()))
		io.WriteString(w, `{"errors":[{"message":"Authentication failure.","code":11,"moreInfo":""}]}`)
	}))
	defer ts.Close()
	r := NewReadiness(ts.URL+"/", nil)
	if err := r.Check(t.Context()); err != nil {
		t.Fatalf("401: %v", err)
	}
	status.Store(http.StatusBadGateway)
	if err := r.Check(t.Context()); err != nil || hits.Load() != 1 {
		t.Fatalf("cached answer: %v after %d probes", err, hits.Load())
	}
	r = NewReadiness(ts.URL, nil)
	if err := r.Check(t.Context()); err == nil || !strings.HasPrefix(err.Error(), "Backlog ") {
		t.Fatalf("502: %v", err)
	}
	r.Drain()
	if err := r.Check(t.Context()); err == nil || err.Error() != "shutting down" {
		t.Fatalf("draining: %v", err)
	}
	empty := auth.NewStaticAuthenticator(mustSet(t), time.Minute, nil)
	if err := NewReadiness(ts.URL, empty).Check(t.Context()); err == nil || err.Error() != "no credentials loaded" {
		t.Fatalf("no credentials: %v", err)
	}
}

// TestReadinessWantsBacklogV2: /readyz is ready only when the URL answers
// as Backlog v2 does: the space JSON, or Backlog's error body (the 401 of a
// call without credentials). A web server's HTML 404, another JSON API, or
// a 200 page that is not the space are "not a Backlog v2 API".
func TestReadinessWantsBacklogV2(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		ctype  string
		body   string
		ready  bool
	}{
		{"backlog 401", 401, "application/json;charset=utf-8", `{"errors":[{"message":"Authentication failure.","code":11,"moreInfo":""}]}`, true},
		{"backlog space", 200, "application/json;charset=utf-8", `{"spaceKey":"X","name":"x","ownerId":1}`, true},
		{"html 404", 404, "text/html", `<html><body>Not Found</body></html>`, false},
		{"html 200", 200, "text/html", `<html><body>Welcome</body></html>`, false},
		{"other json 404", 404, "application/json", `{"message":"Not Found","documentation_url":"x"}`, false},
		{"other json 200", 200, "application/json", `{"status":"ok"}`, false},
		{"errors without code", 401, "application/json", `{"errors":[{"message":"no"}]}`, false},
		{"empty 401", 401, "", ``, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/api/v2/space" {
					t.Errorf("probe asked %s", r.URL.Path)
				}
				if tc.ctype != "" {
					w.Header().Set("Content-Type", tc.ctype)
				}
				w.WriteHeader(tc.status)
				io.WriteString(w, tc.body)
			}))
			defer ts.Close()
			err := NewReadiness(ts.URL, nil).Check(t.Context())
			if tc.ready && err != nil {
				t.Fatalf("want ready: %v", err)
			}
			if !tc.ready && (err == nil || !strings.Contains(err.Error(), "not a Backlog v2 API")) {
				t.Fatalf("want not a Backlog v2 API, got %v", err)
			}
		})
	}
}

func mustSet(t *testing.T) *auth.CredentialSet {
	t.Helper()
	s, err := auth.NewCredentialSet(nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
