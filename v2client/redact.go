package v2client

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// redactRequest replaces the URL of the request kept in hresp by one
// without the API key, so that logging Response.Request is safe.
func (c *Client) redactRequest(hresp *http.Response) {
	if hresp.Request == nil || hresp.Request.URL == nil {
		return
	}
	r2 := *hresp.Request
	u := redactURL(hresp.Request.URL)
	r2.URL = u
	r2.Header = hresp.Request.Header.Clone()
	if r2.Header.Get("Authorization") != "" {
		r2.Header.Set("Authorization", "REDACTED")
	}
	hresp.Request = &r2
}

// redactURL returns a copy of u with secret query parameters replaced.
func redactURL(u *url.URL) *url.URL {
	u2 := *u
	q := u2.Query()
	changed := false
	for _, k := range []string{"apiKey", "access_token", "refresh_token", "client_secret", "code"} {
		if q.Has(k) {
			q.Set(k, "REDACTED")
			changed = true
		}
	}
	if changed {
		u2.RawQuery = q.Encode()
	}
	u2.User = nil
	return &u2
}

// scrub removes the client's secrets from err: a *url.Error gets a redacted
// URL, and any other text that still contains a secret is replaced.
func (c *Client) scrub(err error) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if pu, perr := url.Parse(ue.URL); perr == nil {
			ue2 := &url.Error{Op: ue.Op, URL: redactURL(pu).String(), Err: ue.Err}
			if err == error(ue) {
				err = ue2
			} else {
				err = &redactedError{msg: strings.ReplaceAll(err.Error(), ue.URL, ue2.URL), err: ue2}
			}
		}
	}
	secrets := c.secrets()
	msg := err.Error()
	for _, s := range secrets {
		if s != "" && strings.Contains(msg, s) {
			return &redactedError{msg: redactAll(msg, secrets), err: unwrapSafe(err, secrets)}
		}
	}
	return err
}

func (c *Client) secrets() []string {
	s := []string{c.apiKey, url.QueryEscape(c.apiKey)}
	if st, ok := c.tokens.(interface{ secrets() []string }); ok {
		s = append(s, st.secrets()...)
	}
	return s
}

func redactAll(msg string, secrets []string) string {
	for _, s := range secrets {
		if len(s) >= 4 {
			msg = strings.ReplaceAll(msg, s, "REDACTED")
		}
	}
	return msg
}

// unwrapSafe returns the deepest error in err's chain whose text holds no
// secret (nil if none), so errors.Is on sentinel causes keeps working.
func unwrapSafe(err error, secrets []string) error {
	for e := err; e != nil; e = errors.Unwrap(e) {
		msg := e.Error()
		clean := true
		for _, s := range secrets {
			if len(s) >= 4 && strings.Contains(msg, s) {
				clean = false
				break
			}
		}
		if clean {
			return e
		}
	}
	return nil
}

// redactedError is an error whose text had secrets removed.
type redactedError struct {
	msg string
	err error
}

// Error returns the redacted text.
func (e *redactedError) Error() string { return e.msg }

// Unwrap returns the deepest cause whose text holds no secret.
func (e *redactedError) Unwrap() error { return e.err }
