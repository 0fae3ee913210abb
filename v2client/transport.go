package v2client

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"time"
)

// NewTransport returns the transport the default http.Client uses, tuned for
// a gateway that makes many small calls to one host: keep-alive with many
// idle connections per host, bounded dial/TLS/response-header waits, HTTP/2
// when offered, and TLS 1.2+ with verification on.
func NewTransport() *http.Transport {
	return &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   5 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 20 * time.Second,
		ExpectContinueTimeout: time.Second,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
	}
}

// once performs one HTTP attempt.
func (c *Client) once(ctx context.Context, r *request, attempt int) (resp *Response, body []byte, err error) {
	start := c.now()
	status := 0
	defer func() {
		if c.observer != nil {
			var rate Rate
			if resp != nil {
				rate = resp.Rate
			}
			c.observer(ctx, CallEvent{Method: r.method, Route: r.route, Status: status, Duration: c.now().Sub(start), Err: err, Attempt: attempt, Rate: rate})
		}
	}()

	u, err := url.Parse(c.base.String() + r.path)
	if err != nil {
		return nil, nil, fmt.Errorf("v2client: %s %s: bad path: %w", r.method, r.route, err)
	}
	q := url.Values{}
	for k, v := range r.query {
		q[k] = v
	}
	if c.apiKey != "" && !r.noAuth {
		q.Set("apiKey", c.apiKey)
	}
	u.RawQuery = q.Encode()

	var bodyReader io.Reader
	var formBody string
	if r.form != nil {
		formBody = r.form.Encode()
		bodyReader = strings.NewReader(formBody)
	}
	// The trace goes into the request's context when the request is made:
	// adding it later with req.WithContext would copy the whole request.
	var wrote bool
	trace := &httptrace.ClientTrace{WroteHeaders: func() { wrote = true }}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), r.method, u.String(), bodyReader)
	if err != nil {
		return nil, nil, c.scrub(fmt.Errorf("v2client: %s %s: %w", r.method, r.route, err))
	}
	if r.form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(formBody)), nil }
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if c.tokens != nil && !r.noAuth {
		// A token source may make this call wait for another call's
		// refresh (RefreshingTokenSource holds its lock through the
		// exchange): waiting with a work slot held could deadlock a work
		// gate.
		resume := c.pause(ctx)
		tok, terr := c.tokens.Token(ctx)
		resume()
		if terr != nil {
			return nil, nil, c.scrub(terr)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		r.token = tok
	}

	// From sending the request until the answer's headers arrive the call
	// waits for Backlog, not the CPU: the wait hook may give its work slot
	// back meanwhile. The body is read after resuming, so that calls queued
	// to resume do not each hold a whole answer (100 queued 100-issue
	// answers are 100 MiB); until then it waits in the socket, and TCP
	// slows the sender. A body that takes longer than bodyStall to read (a
	// slow link, a stalled Backlog) counts as a wait for the rest of the
	// read, so stalled answers cannot starve the other calls.
	resume := c.pause(ctx)
	hresp, err := c.http.Do(req)
	resume()
	if err != nil {
		return nil, nil, c.transportError(r, wrote, err)
	}
	defer hresp.Body.Close()
	status = hresp.StatusCode
	resp = &Response{Response: hresp, Rate: parseRate(hresp.Header)}
	c.redactRequest(hresp)

	limit := int64(maxBody)
	if hresp.StatusCode < 200 || hresp.StatusCode > 299 {
		limit = maxErrorBody
	}
	stop := c.pauseAfter(ctx, bodyStall)
	body, rerr := readBody(hresp.Body, hresp.ContentLength, limit)
	stop()
	if hresp.StatusCode >= 200 && hresp.StatusCode <= 299 {
		if rerr != nil {
			// The answer was cut off: the request got there.
			return resp, nil, c.transportError(r, true, rerr)
		}
		if int64(len(body)) > limit {
			derr := &DecodeError{Method: r.method, Route: r.route, StatusCode: hresp.StatusCode, ContentType: hresp.Header.Get("Content-Type"), Err: fmt.Errorf("body larger than %d bytes", limit)}
			if r.isWrite() {
				return resp, nil, &OutcomeUnknownError{Method: r.method, Route: r.route, Err: derr}
			}
			return resp, nil, derr
		}
		if c.bodyHook != nil {
			c.bodyHook(ctx, r.method, r.route, body)
		}
		return resp, body, nil
	}
	if int64(len(body)) > limit {
		body = body[:limit]
	}
	cerr := checkResponse(r.method, r.route, hresp, body)
	if r.isWrite() && hresp.StatusCode >= 500 {
		return resp, nil, &OutcomeUnknownError{Method: r.method, Route: r.route, Err: cerr}
	}
	return resp, nil, cerr
}

// transportError classifies a failure without a (complete) answer. sent
// tells whether the request headers were written.
func (c *Client) transportError(r *request, sent bool, err error) error {
	err = c.scrub(err)
	te := &TransportError{Method: r.method, Route: r.route, Sent: sent, Err: err}
	if r.isWrite() && sent {
		return &OutcomeUnknownError{Method: r.method, Route: r.route, Err: te}
	}
	return te
}

// readBody reads at most limit+1 bytes of an answer's body (one more than
// limit, so that the caller can tell a body over the limit). When the
// answer announces its length (size >= 0) and it fits, the buffer is
// allocated once at that size: io.ReadAll starts at 512 bytes and grows by
// copying, 10% of the bytes a getIssue call allocates when it is used
// (BENCHMARKS.md, "Profiles, and what changed"). A body longer than
// announced is still read whole up to the limit.
func readBody(r io.Reader, size, limit int64) ([]byte, error) {
	if size < 0 || size > limit {
		return io.ReadAll(io.LimitReader(r, limit+1))
	}
	b := make([]byte, 0, size+1) // +1: the read that sees EOF needs room
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			rest, err := io.ReadAll(io.LimitReader(r, limit+1-int64(len(b))))
			return append(b, rest...), err
		}
	}
}
