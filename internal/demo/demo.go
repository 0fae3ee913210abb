// Package demo is the in-process Backlog of --demo: the in-memory fake
// (v2client/fake) with its seed, served on a loopback listener, and the
// legacy credentials of its seed users.
package demo

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
)

// Backlog is a running demo Backlog.
type Backlog struct {
	// Fake is the in-memory Backlog (tests inspect and change it).
	Fake *fake.Server
	// URL is its base URL, http://127.0.0.1:PORT.
	URL string
	// Credentials are the legacy logins: every seed user with a password
	// (demo/demo, admin/admin, ...) mapped to that user's API key.
	Credentials *auth.CredentialSet
	// Logins lists the logins of Credentials in seed order.
	Logins []string

	http *http.Server
}

// Start runs the fake with its default seed on 127.0.0.1.
func Start() (*Backlog, error) {
	seed := fake.DefaultSeed()
	var creds []auth.Credential
	for _, u := range seed.Users {
		if u.Password == "" || u.APIKey == "" {
			continue
		}
		// Minimum bcrypt cost: these passwords are published demo values.
		h, err := auth.HashPassword(u.Password, 4)
		if err != nil {
			return nil, fmt.Errorf("demo credentials for %s: %w", u.UserID, err)
		}
		creds = append(creds, auth.Credential{Login: u.UserID, PasswordHash: h, APIKey: u.APIKey})
	}
	set, err := auth.NewCredentialSet(creds)
	if err != nil {
		return nil, err
	}
	b := &Backlog{Fake: fake.New(seed), Credentials: set}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b.http = &http.Server{Handler: b.Fake, ReadHeaderTimeout: 10 * time.Second}
	go b.http.Serve(ln)
	b.URL = "http://" + ln.Addr().String()
	for _, c := range creds {
		b.Logins = append(b.Logins, c.Login)
	}
	return b, nil
}

// Close stops serving, letting requests in flight finish for up to 5 s.
func (b *Backlog) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	b.http.Shutdown(ctx)
}
