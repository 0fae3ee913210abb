package reliability

import (
	"encoding/base64"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// Distinctive secrets: if any of them (or its base64 or URL-encoded form)
// shows up in a log line, a fault string or /metrics, it leaked.
const (
	secretPassword    = "pw-Zq8rT3vXw1-legacy-SECRET"
	secretAPIKey      = "key-Hn4kP9sLm2Bv7Yc5-v2-SECRET"
	secretOAuthClient = "oauth-Wd6jQ0fRt8Ka3-client-SECRET"
)

// oauthToken matches the fake's access and refresh tokens (48 hex digits):
// none may appear anywhere either.
var oauthToken = regexp.MustCompile(`[0-9a-f]{48}`)

// secretForms are the spellings of the secrets a leak could take.
func secretForms() []string {
	var out []string
	for _, s := range []string{secretPassword, secretAPIKey, secretOAuthClient} {
		out = append(out, s, base64.StdEncoding.EncodeToString([]byte("demo:"+s)), s[len(s)-12:])
	}
	return out
}

// TestSecretsNeverLeak runs the whole upstream fault matrix, the failed
// logins and the hostile Authorization headers with a distinctive legacy
// password and v2 API key, in both auth modes (credentials file, and API
// key as password), with the server at debug log level, then asserts that
// no secret appears in any log line, any fault string the clients saw, or
// anything /metrics exposes (metric names, label values).
func TestSecretsNeverLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the fault matrix twice")
	}
	for _, mode := range []struct {
		name string
		cfg  gatewayConfig
	}{
		{"credentials-file", gatewayConfig{Password: secretPassword, APIKey: secretAPIKey}},
		{"api-key-as-password", gatewayConfig{APIKey: secretAPIKey, APIKeyAuth: true}},
		{"oauth-refresh-token", gatewayConfig{Password: secretPassword, OAuthClientSecret: secretOAuthClient}},
	} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			var faults []string
			var gws []*gateway
			for _, fc := range faultMatrix {
				if fc.revoked && mode.cfg.OAuthClientSecret != "" {
					continue // no API key to revoke; OAuth refusals are the v2 client's tests
				}
				t.Run(fc.name, func(t *testing.T) {
					cfg := mode.cfg
					cfg.Args = matrixArgs
					var seen []string
					g := runFaultCase(t, fc, cfg, &seen)
					// Failed logins carrying the secret next to the real one.
					for _, pw := range []string{secretPassword + "x", "x" + secretAPIKey, secretAPIKey[:10]} {
						req, _ := http.NewRequest(http.MethodPost, g.URL, strings.NewReader("<methodCall><methodName>backlog.getProjects</methodName></methodCall>"))
						req.SetBasicAuth(g.Login, pw)
						if resp, err := g.Client.Do(req); err == nil {
							resp.Body.Close()
						}
					}
					// A call whose parameters quote the secret must not be logged verbatim either.
					_, err := g.call("backlog.getIssue", xmlrpc.String("DEMO-1 "+secretAPIKey))
					var f *xmlrpc.Fault
					if errAs(err, &f) && strings.Contains(f.String, secretAPIKey) {
						// The caller wrote it; echoing a clipped prefix back is allowed, the
						// whole secret is not.
						seen = append(seen, f.String)
					}
					_, text := g.metrics(t)
					mu.Lock()
					faults = append(faults, seen...)
					faults = append(faults, "METRICS\n"+text)
					gws = append(gws, g)
					mu.Unlock()
				})
			}
			t.Cleanup(func() {
				// After the gateways stopped (their cleanups ran first): every
				// line they ever wrote, shutdown included.
				causes := 0
				for _, g := range gws {
					logs := g.Logs()
					assertNoSecret(t, "server log", logs)
					causes += strings.Count(logs, `"msg":"call error"`)
				}
				// The debug lines carry each failure's cause (v2 errors, URLs):
				// the test is only worth something if they were written.
				if causes < len(faultMatrix) {
					t.Errorf("only %d cause lines logged at debug level: the logs checked are not the interesting ones", causes)
				}
			})
			for _, s := range faults {
				assertNoSecret(t, "fault string or /metrics", s)
			}
			if len(faults) < len(faultMatrix) {
				t.Fatalf("only %d fault strings and scrapes collected: the matrix did not run", len(faults))
			}
		})
	}
}

func errAs(err error, f **xmlrpc.Fault) bool {
	if err == nil {
		return false
	}
	ff, ok := err.(*xmlrpc.Fault)
	if ok {
		*f = ff
	}
	return ok
}

func assertNoSecret(t *testing.T, where, text string) {
	t.Helper()
	for _, s := range secretForms() {
		if i := strings.Index(text, s); i >= 0 {
			lo, hi := max(0, i-200), min(len(text), i+len(s)+100)
			t.Errorf("a secret (%q…) appears in the %s:\n…%s…", s[:6], where, text[lo:hi])
		}
	}
	if loc := oauthToken.FindStringIndex(text); loc != nil {
		lo, hi := max(0, loc[0]-200), min(len(text), loc[1]+100)
		t.Errorf("something shaped like an OAuth token appears in the %s:\n…%s…", where, text[lo:hi])
	}
}
