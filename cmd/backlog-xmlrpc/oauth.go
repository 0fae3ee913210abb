package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// runOAuth is the `oauth` subcommand: it walks an operator through
// Backlog's authorization-code grant for one legacy login and stores the
// resulting refresh token in that login's credentials-file entry.
//
//  1. It prints the authorization URL
//     (https://SPACE/OAuth2AccessRequest.action?response_type=code&client_id=..&redirect_uri=..&state=..)
//     for the Backlog user to open and approve.
//  2. It reads the code: --code, or one line of stdin holding either the
//     bare code or the whole redirect URL the browser landed on (whose
//     state must then match).
//  3. It exchanges the code at POST /api/v2/oauth2/token, checks with
//     GET /api/v2/users/myself that the token acts as LOGIN (the Backlog
//     login ID), and writes the refresh token into LOGIN's entry
//     atomically (auth.WriteFile). A new entry also needs the legacy
//     password: the next stdin line.
//
// The client secret comes from BACKLOG_XMLRPC_OAUTH_CLIENT_SECRET (or the
// flag, which ps shows). No secret is printed.
func runOAuth(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("backlog-xmlrpc oauth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := oauthOptions{}
	fs.StringVar(&o.backlogURL, "backlog-url", getenv(EnvName("backlog-url")), "Backlog space URL (env "+EnvName("backlog-url")+")")
	fs.StringVar(&o.file, "credentials", getenv(EnvName("credentials")), "credentials file to create or update (env "+EnvName("credentials")+")")
	fs.StringVar(&o.clientID, "oauth-client-id", getenv(EnvName("oauth-client-id")), "OAuth client id of the application registered in Backlog (env "+EnvName("oauth-client-id")+")")
	fs.StringVar(&o.clientSecret, "oauth-client-secret", getenv(EnvName("oauth-client-secret")), "OAuth client secret (prefer env "+EnvName("oauth-client-secret")+": flags show in ps)")
	fs.StringVar(&o.redirectURI, "redirect-uri", getenv(EnvName("oauth-redirect-uri")), "the application's registered redirect URI (env "+EnvName("oauth-redirect-uri")+")")
	fs.StringVar(&o.code, "code", "", "the authorization code, if already obtained (default: read from stdin)")
	fs.IntVar(&o.cost, "cost", 0, "bcrypt cost of a new entry's password (default 10)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: backlog-xmlrpc oauth --backlog-url URL --credentials FILE --oauth-client-id ID --redirect-uri URI [--code CODE] LOGIN")
		fmt.Fprintln(stderr, "Prints the authorization URL; stdin: the code (or the redirect URL), then for a new entry the legacy password.")
		fmt.Fprintln(stderr, "The client secret comes from "+EnvName("oauth-client-secret")+".")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	o.login = fs.Arg(0)
	if err := o.validate(); err != nil {
		fmt.Fprintln(stderr, "backlog-xmlrpc oauth:", err)
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	if err := o.run(ctx, bufio.NewReader(stdin), stdout); err != nil {
		fmt.Fprintln(stderr, "backlog-xmlrpc oauth:", err)
		return 1
	}
	return 0
}

type oauthOptions struct {
	backlogURL, file, clientID, clientSecret, redirectURI, code, login string
	cost                                                               int
}

// validate names the flag (and variable) that supplies each missing value.
func (o *oauthOptions) validate() error {
	var missing []string
	for _, m := range []struct{ v, flag, env string }{
		{o.backlogURL, "--backlog-url", "backlog-url"},
		{o.file, "--credentials", "credentials"},
		{o.clientID, "--oauth-client-id", "oauth-client-id"},
		{o.clientSecret, "--oauth-client-secret", "oauth-client-secret"},
		{o.redirectURI, "--redirect-uri", "oauth-redirect-uri"},
	} {
		if m.v == "" {
			missing = append(missing, m.flag+" (or "+EnvName(m.env)+")")
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing %s", strings.Join(missing, ", "))
	}
	if err := validLogin(o.login); err != nil {
		return err
	}
	if u, err := url.Parse(o.backlogURL); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("--backlog-url %q: want an absolute https URL such as https://example.backlog.jp", o.backlogURL)
	}
	if u, err := url.Parse(o.redirectURI); err != nil || !u.IsAbs() {
		return fmt.Errorf("--redirect-uri %q: want the absolute redirect URI registered for the application", o.redirectURI)
	}
	return nil
}

// authorizationURL is the page the Backlog user opens to approve access.
func (o *oauthOptions) authorizationURL(state string) string {
	q := url.Values{}
	q.Set("response_type", "code")
	q.Set("client_id", o.clientID)
	q.Set("redirect_uri", o.redirectURI)
	q.Set("state", state)
	return strings.TrimSuffix(o.backlogURL, "/") + "/OAuth2AccessRequest.action?" + q.Encode()
}

func (o *oauthOptions) run(ctx context.Context, in *bufio.Reader, out io.Writer) error {
	entries, err := auth.ReadFileOrEmpty(o.file)
	if err != nil {
		return err
	}
	code := o.code
	if code == "" {
		state, err := randomState()
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "1. As the Backlog user %q, open this URL and approve the access:\n\n   %s\n\n", o.login, o.authorizationURL(state))
		fmt.Fprintln(out, "2. Paste the code (or the whole URL the browser was sent to), then Enter:")
		line, err := readLine(in)
		if err != nil {
			return fmt.Errorf("reading the code from stdin: %w", err)
		}
		if code, err = codeFrom(line, state); err != nil {
			return err
		}
	}
	idx := -1
	for i, e := range entries {
		if e.Login == o.login {
			idx = i
		}
	}
	var password string
	if idx < 0 {
		fmt.Fprintf(out, "No entry for %q yet: type the legacy password it will use, then Enter:\n", o.login)
		if password, err = readLine(in); err != nil || password == "" {
			return errors.New("new entry: the legacy password must follow the code on stdin")
		}
	}
	base, err := v2client.New(o.backlogURL, v2client.WithUserAgent("backlog-xmlrpc/"+Version()))
	if err != nil {
		return err
	}
	cfg := v2client.OAuthConfig{ClientID: o.clientID, ClientSecret: o.clientSecret}
	tok, err := base.ExchangeCode(ctx, cfg, code, o.redirectURI)
	if err != nil {
		return fmt.Errorf("exchanging the code at %s/api/v2/oauth2/token: %w", strings.TrimSuffix(o.backlogURL, "/"), err)
	}
	me, _, err := base.WithTokenSource(v2client.StaticToken(tok.AccessToken)).Users.Myself(ctx)
	if err != nil {
		return fmt.Errorf("checking the token with GET /api/v2/users/myself: %w", err)
	}
	if me.UserID != o.login {
		return fmt.Errorf("the code was approved by Backlog user %q, not %q: nothing saved (approve as %q, or run with LOGIN %q)", me.UserID, o.login, o.login, me.UserID)
	}
	if tok.RefreshToken == "" {
		return errors.New("the token answer has no refresh_token: nothing saved")
	}
	if idx >= 0 {
		entries[idx].APIKey, entries[idx].RefreshToken = "", tok.RefreshToken
	} else {
		hash, err := auth.HashPassword(password, o.cost)
		if err != nil {
			return err
		}
		entries = append(entries, auth.Credential{Login: o.login, PasswordHash: hash, RefreshToken: tok.RefreshToken})
	}
	if err := auth.WriteFile(o.file, entries); err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: refresh token for %q saved. Start (or SIGHUP) the server with --oauth-client-id %s and %s set.\n",
		o.file, o.login, o.clientID, EnvName("oauth-client-secret"))
	return nil
}

// codeFrom returns the code in line: the bare code, or the code parameter of
// the redirect URL, whose state must be the one sent.
func codeFrom(line, state string) (string, error) {
	if !strings.Contains(line, "?") {
		if line == "" {
			return "", errors.New("no code on stdin")
		}
		return line, nil
	}
	u, err := url.Parse(line)
	if err != nil {
		return "", errors.New("the pasted redirect URL does not parse")
	}
	q := u.Query()
	if e := q.Get("error"); e != "" {
		return "", fmt.Errorf("authorization refused by Backlog: %s", e)
	}
	if q.Get("state") != state {
		return "", errors.New("the redirect URL's state is not the one this run sent: open the URL printed above")
	}
	if q.Get("code") == "" {
		return "", errors.New("the redirect URL has no code parameter")
	}
	return q.Get("code"), nil
}

func readLine(in *bufio.Reader) (string, error) {
	line, err := in.ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", err
	}
	return strings.TrimSpace(line), nil
}

func randomState() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}
