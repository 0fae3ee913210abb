package v2client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// oauthServer answers /users/myself for the current access token only and
// rotates tokens on /api/v2/oauth2/token.
type oauthServer struct {
	ts          *testServer
	mu          sync.Mutex
	current     string
	refresh     string
	tokenHits   atomic.Int32
	refuseGrant bool
}

func newOAuthServer(t *testing.T) *oauthServer {
	o := &oauthServer{ts: setup(t), current: "tok-1", refresh: "refresh-1"}
	o.ts.mux.HandleFunc("/api/v2/oauth2/token", func(w http.ResponseWriter, r *http.Request) {
		n := o.tokenHits.Add(1)
		body, _ := io.ReadAll(r.Body)
		f := parseForm(string(body))
		o.mu.Lock()
		defer o.mu.Unlock()
		if r.URL.Query().Has("apiKey") || r.Header.Get("Authorization") != "" {
			t.Errorf("token endpoint got credentials: %v %q", r.URL.Query(), r.Header.Get("Authorization"))
		}
		if o.refuseGrant || f["grant_type"] != "refresh_token" || f["client_id"] != "cid" || f["client_secret"] != "csecret" || f["refresh_token"] != o.refresh {
			jsonHandler(400, `{"error":"invalid_grant","error_description":"Grant is invalid."}`)(w, r)
			return
		}
		o.current = fmt.Sprintf("tok-%d", n+1)
		o.refresh = fmt.Sprintf("refresh-%d", n+1)
		fmt.Fprintf(w, `{"token_type":"Bearer","access_token":%q,"expires_in":3600,"refresh_token":%q}`, o.current, o.refresh)
	})
	o.ts.mux.HandleFunc("/api/v2/", func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		ok := r.Header.Get("Authorization") == "Bearer "+o.current
		o.mu.Unlock()
		if r.URL.Query().Has("apiKey") {
			t.Error("apiKey sent with OAuth")
		}
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="The access token expired"`)
			jsonHandler(401, `{"errors":[{"message":"Authentication failure.","code":11,"moreInfo":""}]}`)(w, r)
			return
		}
		io.WriteString(w, `{"id":1,"name":"me"}`)
	})
	return o
}

func parseForm(s string) map[string]string {
	m := map[string]string{}
	for _, kv := range strings.Split(s, "&") {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

func TestOAuthRefreshOnceOn401(t *testing.T) {
	o := newOAuthServer(t)
	o.current = "tok-server-side" // the client's token was revoked early
	src := o.ts.client.NewRefreshingTokenSource(OAuthConfig{ClientID: "cid", ClientSecret: "csecret"},
		Token{AccessToken: "tok-1", RefreshToken: "refresh-1", Expiry: time.Now().Add(time.Hour)})
	var saved []Token
	src.OnRefresh = func(t Token) { saved = append(saved, t) }
	c := o.ts.client.WithTokenSource(src)
	for _, call := range []func() error{
		func() error { _, _, err := c.Users.Myself(context.Background()); return err },
		func() error { _, _, err := c.Users.Myself(context.Background()); return err },
	} {
		if err := call(); err != nil {
			t.Fatal(err)
		}
	}
	if got := o.tokenHits.Load(); got != 1 {
		t.Errorf("token endpoint hits = %d, want 1", got)
	}
	// 401, token, 200, 200.
	if got := o.ts.hits(); got != 4 {
		t.Errorf("hits = %d, want 4", got)
	}
	if len(saved) != 1 || saved[0].AccessToken != "tok-2" || saved[0].RefreshToken != "refresh-2" || saved[0].Expiry.Before(time.Now().Add(59*time.Minute)) {
		t.Errorf("OnRefresh got %+v", saved)
	}
	if cur := src.Current(); cur.AccessToken != "tok-2" {
		t.Errorf("Current = %+v", cur)
	}
}

func TestOAuthWriteRepeatedOnceAfter401(t *testing.T) {
	o := newOAuthServer(t)
	o.current = "tok-new"
	src := o.ts.client.NewRefreshingTokenSource(OAuthConfig{ClientID: "cid", ClientSecret: "csecret"}, Token{AccessToken: "tok-1", RefreshToken: "refresh-1"})
	c := o.ts.client.WithTokenSource(src)
	if _, _, err := c.Projects.AddCategory(context.Background(), "BLG", "x"); err != nil {
		t.Fatal(err)
	}
	var posts int
	for _, r := range o.ts.requests() {
		if r.Path == "/api/v2/projects/BLG/categories" {
			posts++
		}
	}
	if posts != 2 {
		t.Errorf("POST sent %d times, want 2 (refused, then repeated once)", posts)
	}
}

func TestOAuthStill401AfterRefresh(t *testing.T) {
	o := newOAuthServer(t)
	o.ts.mux.HandleFunc("/api/v2/users/myself", jsonHandler(401, `{"errors":[{"message":"Authentication failure.","code":11,"moreInfo":""}]}`))
	src := o.ts.client.NewRefreshingTokenSource(OAuthConfig{ClientID: "cid", ClientSecret: "csecret"}, Token{AccessToken: "tok-1", RefreshToken: "refresh-1"})
	_, _, err := o.ts.client.WithTokenSource(src).Users.Myself(context.Background())
	if !errors.Is(err, CodeAuthenticationError) {
		t.Fatalf("err = %v", err)
	}
	if got := o.tokenHits.Load(); got != 1 {
		t.Errorf("token endpoint hits = %d, want exactly 1", got)
	}
}

func TestOAuthRefreshBeforeExpiryConcurrent(t *testing.T) {
	o := newOAuthServer(t)
	src := o.ts.client.NewRefreshingTokenSource(OAuthConfig{ClientID: "cid", ClientSecret: "csecret"},
		Token{AccessToken: "tok-1", RefreshToken: "refresh-1", Expiry: time.Now().Add(10 * time.Second)})
	c := o.ts.client.WithTokenSource(src)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := c.Users.Myself(context.Background())
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got := o.tokenHits.Load(); got != 1 {
		t.Errorf("token endpoint hits = %d, want 1 (refreshed once, before expiry)", got)
	}
}

func TestOAuthRefreshRefused(t *testing.T) {
	o := newOAuthServer(t)
	o.refuseGrant = true
	src := o.ts.client.NewRefreshingTokenSource(OAuthConfig{ClientID: "cid", ClientSecret: "csecret"},
		Token{AccessToken: "tok-expired", RefreshToken: "refresh-1", Expiry: time.Now().Add(-time.Minute)})
	_, _, err := o.ts.client.WithTokenSource(src).Users.Myself(context.Background())
	var oe *OAuthError
	if !errors.As(err, &oe) || oe.Code != "invalid_grant" || oe.StatusCode != 400 {
		t.Fatalf("err = %v, want OAuthError invalid_grant", err)
	}
	for _, secret := range []string{"csecret", "refresh-1", "tok-expired"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error holds %q: %v", secret, err)
		}
	}
}

func TestStaticTokenBearer(t *testing.T) {
	ts := setup(t)
	ts.mux.HandleFunc("/", jsonHandler(200, `{"id":1}`))
	if _, _, err := ts.client.WithTokenSource(StaticToken("abc")).Users.Myself(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := ts.requests()[0]
	if r.Auth != "Bearer abc" || r.Query.Has("apiKey") {
		t.Errorf("auth %q query %v", r.Auth, r.Query)
	}
}

func TestExchangeCodeRequest(t *testing.T) {
	ts := setup(t)
	ts.mux.HandleFunc("/", jsonHandler(200, `{"token_type":"Bearer","access_token":"a1","expires_in":3600,"refresh_token":"r1"}`))
	before := time.Now()
	tok, err := ts.client.ExchangeCode(context.Background(), OAuthConfig{ClientID: "cid", ClientSecret: "cs"}, "the-code", "https://gw.example/cb")
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "a1" || tok.RefreshToken != "r1" || tok.Expiry.Before(before.Add(time.Hour)) || tok.Expiry.After(time.Now().Add(time.Hour)) {
		t.Errorf("token %+v", tok)
	}
	r := ts.requests()[0]
	want := vals("grant_type", "authorization_code", "code", "the-code", "redirect_uri", "https://gw.example/cb", "client_id", "cid", "client_secret", "cs")
	if r.Method != "POST" || r.Path != "/api/v2/oauth2/token" || len(r.Query) != 0 || r.Auth != "" || fmt.Sprint(r.Form) != fmt.Sprint(want) {
		t.Errorf("request %+v", r)
	}
}

// TestOAuthRereadAfterInvalidGrant: a refresh refused as invalid_grant asks
// Reread once and retries with a different token; the same token (or "")
// is not retried, and a second refusal is not asked again.
func TestOAuthRereadAfterInvalidGrant(t *testing.T) {
	for _, tc := range []struct {
		name      string
		reread    string
		wantErr   bool
		wantHits  int32
		wantAsked int
	}{
		{"another process saved the current token", "refresh-1", false, 2, 1},
		{"the store holds the refused token", "refresh-stale", true, 1, 1},
		{"the store has nothing", "", true, 1, 1},
		{"the store's token is dead too", "refresh-other", true, 2, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := newOAuthServer(t)
			src := o.ts.client.NewRefreshingTokenSource(OAuthConfig{ClientID: "cid", ClientSecret: "csecret"},
				Token{RefreshToken: "refresh-stale"})
			asked := 0
			src.Reread = func() string { asked++; return tc.reread }
			_, err := src.Token(context.Background())
			var oe *OAuthError
			if tc.wantErr != (err != nil) || (err != nil && (!errors.As(err, &oe) || oe.Code != "invalid_grant")) {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if o.tokenHits.Load() != tc.wantHits || asked != tc.wantAsked {
				t.Fatalf("token endpoint hits %d, Reread asked %d; want %d, %d", o.tokenHits.Load(), asked, tc.wantHits, tc.wantAsked)
			}
		})
	}
}
