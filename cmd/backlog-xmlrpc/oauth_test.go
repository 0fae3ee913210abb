package main

import (
	"bytes"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
)

// oauthEnv is the environment of the oauth subcommand against the fake's
// registered client.
func oauthEnv(backlogURL, file string) func(string) string {
	env := map[string]string{
		EnvName("backlog-url"):         backlogURL,
		EnvName("credentials"):         file,
		EnvName("oauth-client-id"):     "demo-client",
		EnvName("oauth-client-secret"): "demo-client-secret",
		EnvName("oauth-redirect-uri"):  "http://127.0.0.1/callback",
	}
	return func(k string) string { return env[k] }
}

// TestOAuthSubcommand obtains a refresh token from the fake's token
// endpoint through the subcommand and checks that the server then serves
// the login with it.
func TestOAuthSubcommand(t *testing.T) {
	f, backlogURL := startFake(t)
	path := filepath.Join(t.TempDir(), "credentials.json")
	getenv := oauthEnv(backlogURL, path)

	t.Run("new entry: prints the URL, takes the redirect URL and the password", func(t *testing.T) {
		code, err := f.IssueAuthorizationCode("demo-client", "demo")
		if err != nil {
			t.Fatal(err)
		}
		// The state is only known once the URL is printed: feed stdin
		// through a reader that builds the redirect URL from the output.
		var out, errb bytes.Buffer
		in := &lazyReader{make: func() string {
			m := regexp.MustCompile(`https?://\S+OAuth2AccessRequest\.action\?\S+`).FindString(out.String())
			u, err := url.Parse(m)
			if err != nil || m == "" {
				t.Errorf("no authorization URL printed:\n%s", out.String())
				return "\n"
			}
			q := u.Query()
			for k, want := range map[string]string{"response_type": "code", "client_id": "demo-client", "redirect_uri": "http://127.0.0.1/callback"} {
				if q.Get(k) != want {
					t.Errorf("authorization URL %s=%q, want %q", k, q.Get(k), want)
				}
			}
			return "http://127.0.0.1/callback?code=" + code + "&state=" + q.Get("state") + "\nlegacy-pw\n"
		}}
		if rc := runOAuth([]string{"demo"}, in, &out, &errb, getenv); rc != 0 {
			t.Fatalf("exit %d: %s\n%s", rc, errb.String(), out.String())
		}
		set, err := auth.LoadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		e, ok := set.Lookup("demo")
		if !ok || e.RefreshToken == "" || e.APIKey != "" {
			t.Fatalf("entry %+v", e)
		}
		if strings.Contains(out.String()+errb.String(), e.RefreshToken) || strings.Contains(out.String()+errb.String(), "demo-client-secret") {
			t.Fatal("a secret was printed")
		}
		m, logs := mustRunMain(t, func(c *Config) {
			c.BacklogURL, c.CredentialsFile = backlogURL, path
			c.OAuthClientID, c.OAuthSecret = "demo-client", "demo-client-secret"
		})
		if _, err := koloProjects(t, m.Addr(), "demo", "legacy-pw"); err != nil {
			t.Fatalf("call with the stored token: %v\n%s", err, logs.String())
		}
	})

	t.Run("existing entry: --code replaces the v2 credential, keeps the password", func(t *testing.T) {
		writeCreds(t, path, cred(t, "admin", "admin-pw", "some-api-key"))
		code, err := f.IssueAuthorizationCode("demo-client", "admin")
		if err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		if rc := runOAuth([]string{"--code", code, "admin"}, strings.NewReader(""), &out, &errb, getenv); rc != 0 {
			t.Fatalf("exit %d: %s", rc, errb.String())
		}
		set, _ := auth.LoadFile(path)
		e, _ := set.Lookup("admin")
		if e.RefreshToken == "" || e.APIKey != "" {
			t.Fatalf("entry %+v", e)
		}
		if _, err := auth.NewStaticAuthenticator(set, time.Minute, time.Now).Authenticate(t.Context(), "admin", "admin-pw"); err != nil {
			t.Fatalf("password lost: %v", err)
		}
	})

	refused := []struct {
		name, login, want string
		code              func() string
		env               func(string) string
	}{
		{"a wrong code", "admin", "invalid_grant", func() string { return "not-a-code" }, getenv},
		{"a code approved by another user", "admin", `approved by Backlog user "demo"`, func() string {
			c, _ := f.IssueAuthorizationCode("demo-client", "demo")
			return c
		}, getenv},
		{"a wrong client secret", "admin", "invalid_client", func() string {
			c, _ := f.IssueAuthorizationCode("demo-client", "admin")
			return c
		}, func(k string) string {
			if k == EnvName("oauth-client-secret") {
				return "wrong"
			}
			return getenv(k)
		}},
	}
	for _, tc := range refused {
		t.Run("refuses "+tc.name, func(t *testing.T) {
			writeCreds(t, path, cred(t, "admin", "admin-pw", "kept-key"))
			var out, errb bytes.Buffer
			if rc := runOAuth([]string{"--code", tc.code(), tc.login}, strings.NewReader(""), &out, &errb, tc.env); rc != 1 {
				t.Fatalf("exit %d, want 1: %s", rc, errb.String())
			}
			if !strings.Contains(errb.String(), tc.want) {
				t.Fatalf("error %q does not say %q", errb.String(), tc.want)
			}
			set, _ := auth.LoadFile(path)
			if e, _ := set.Lookup("admin"); e.APIKey != "kept-key" {
				t.Fatal("the file changed after a refusal")
			}
		})
	}

	t.Run("a state that does not match is refused", func(t *testing.T) {
		var out, errb bytes.Buffer
		in := strings.NewReader("http://127.0.0.1/callback?code=x&state=forged\n")
		if rc := runOAuth([]string{"admin"}, in, &out, &errb, getenv); rc != 1 || !strings.Contains(errb.String(), "state") {
			t.Fatalf("exit %d: %s", rc, errb.String())
		}
	})

	t.Run("missing settings are named with their variables", func(t *testing.T) {
		var out, errb bytes.Buffer
		if rc := runOAuth([]string{"admin"}, strings.NewReader(""), &out, &errb, func(string) string { return "" }); rc != 2 {
			t.Fatalf("exit %d", rc)
		}
		for _, want := range []string{"--backlog-url (or BACKLOG_XMLRPC_BACKLOG_URL)", "--redirect-uri (or BACKLOG_XMLRPC_OAUTH_REDIRECT_URI)", "BACKLOG_XMLRPC_OAUTH_CLIENT_SECRET"} {
			if !strings.Contains(errb.String(), want) {
				t.Errorf("%q missing from %q", want, errb.String())
			}
		}
	})
}

// lazyReader builds its content on the first Read (after the code under
// test has printed what the content depends on).
type lazyReader struct {
	make func() string
	r    *strings.Reader
}

func (l *lazyReader) Read(p []byte) (int, error) {
	if l.r == nil {
		l.r = strings.NewReader(l.make())
	}
	return l.r.Read(p)
}

// TestOAuthReplicasShareOneFile runs two servers on one writable
// credentials file holding one refresh-token entry. The fake rotates the
// refresh token and invalidates the old one (as Backlog's token answer
// allows), so once the first server has refreshed, the second's token is
// dead: it must re-read the file on invalid_grant and carry on with the
// token the first one saved.
func TestOAuthReplicasShareOneFile(t *testing.T) {
	f, backlogURL := startFake(t)
	path := filepath.Join(t.TempDir(), "credentials.json")
	code, err := f.IssueAuthorizationCode("demo-client", "demo")
	if err != nil {
		t.Fatal(err)
	}
	in := strings.NewReader("legacy-pw\n")
	var out, errb bytes.Buffer
	if rc := runOAuth([]string{"--code", code, "demo"}, in, &out, &errb, oauthEnv(backlogURL, path)); rc != 0 {
		t.Fatalf("oauth: %s", errb.String())
	}
	start := func() (*Main, *syncBuffer) {
		return mustRunMain(t, func(c *Config) {
			c.BacklogURL, c.CredentialsFile = backlogURL, path
			c.OAuthClientID, c.OAuthSecret = "demo-client", "demo-client-secret"
		})
	}
	a, logsA := start()
	b, logsB := start()
	if _, err := koloProjects(t, a.Addr(), "demo", "legacy-pw"); err != nil {
		t.Fatalf("replica A: %v\n%s", err, logsA.String())
	}
	if _, err := koloProjects(t, b.Addr(), "demo", "legacy-pw"); err != nil {
		t.Fatalf("replica B after A rotated the token: %v\n%s", err, logsB.String())
	}
	set, _ := auth.LoadFile(path)
	e, _ := set.Lookup("demo")
	for _, l := range []string{logsA.String(), logsB.String()} {
		if strings.Contains(l, e.RefreshToken) {
			t.Fatal("a refresh token is in the logs")
		}
	}
}
