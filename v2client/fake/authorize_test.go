package fake

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// TestAuthorizationPage: GET /OAuth2AccessRequest.action is the browser
// step of the authorization-code grant (what `backlog-xmlrpc oauth` prints):
// the approving user logs in with Basic (the seed's login and password),
// and is sent to the client's registered redirect URI with a single-use
// code and the state; the code is exchanged at POST /api/v2/oauth2/token.
func TestAuthorizationPage(t *testing.T) {
	ts := httptest.NewServer(New(DefaultSeed()))
	defer ts.Close()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	authorize := func(q url.Values, login, password string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", ts.URL+"/OAuth2AccessRequest.action?"+q.Encode(), nil)
		if login != "" {
			req.SetBasicAuth(login, password)
		}
		r, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		return r
	}
	good := url.Values{"response_type": {"code"}, "client_id": {"demo-client"}, "redirect_uri": {"http://127.0.0.1/callback"}, "state": {"s-123"}}
	with := func(k, v string) url.Values {
		q := url.Values{}
		for k2, v2 := range good {
			q[k2] = v2
		}
		q.Set(k, v)
		return q
	}
	if r := authorize(good, "", ""); r.StatusCode != 401 || !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Basic ") {
		t.Errorf("no login: %d %q, want 401 with a Basic challenge", r.StatusCode, r.Header.Get("WWW-Authenticate"))
	}
	if r := authorize(good, "yamada", "wrong"); r.StatusCode != 401 {
		t.Errorf("wrong password: %d, want 401", r.StatusCode)
	}
	for _, q := range []url.Values{with("client_id", "other"), with("redirect_uri", "http://elsewhere/"), with("response_type", "token")} {
		if r := authorize(q, "yamada", "yamada"); r.StatusCode != 400 {
			t.Errorf("%v: %d, want 400", q, r.StatusCode)
		}
	}
	r := authorize(good, "yamada", "yamada")
	loc, err := url.Parse(r.Header.Get("Location"))
	if r.StatusCode != http.StatusFound || err != nil || loc.Scheme+"://"+loc.Host+loc.Path != "http://127.0.0.1/callback" ||
		loc.Query().Get("state") != "s-123" || loc.Query().Get("code") == "" {
		t.Fatalf("approval: %d Location %q, want 302 to the redirect URI with code and state", r.StatusCode, r.Header.Get("Location"))
	}
	exchange := func() (int, v2client.AccessToken) {
		resp, err := http.PostForm(ts.URL+"/api/v2/oauth2/token", url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")},
			"redirect_uri": {"http://127.0.0.1/callback"}, "client_id": {"demo-client"}, "client_secret": {"demo-client-secret"}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var tok v2client.AccessToken
		json.NewDecoder(resp.Body).Decode(&tok)
		return resp.StatusCode, tok
	}
	st, tok := exchange()
	if st != 200 || tok.RefreshToken == "" {
		t.Fatalf("exchange: %d %+v", st, tok)
	}
	if st, _ := exchange(); st != 400 {
		t.Errorf("the code is single-use: second exchange %d", st)
	}
	req, _ := http.NewRequest("GET", ts.URL+"/api/v2/users/myself", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var me v2client.User
	json.NewDecoder(resp.Body).Decode(&me)
	if me.UserID != "yamada" {
		t.Errorf("the token is %q's, want the approving user yamada's", me.UserID)
	}
	if r := authorize(good, "yamada", "yamada"); r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q: a page that hands out a code must not be cached", r.Header.Get("Cache-Control"))
	}
}
