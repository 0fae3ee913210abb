package v2client

import "context"

// BodyHook is called with the body of every successful (2xx) answer, before
// it is decoded. body is the client's own buffer: the hook must not keep or
// change it past its return (copy it to keep it).
type BodyHook func(ctx context.Context, method, route string, body []byte)

// WithBodyHook registers h (default: none). The production path decodes
// leniently and has no use for raw bodies; the pre-flight check
// (internal/preflight) uses the hook to decode each answer strictly and
// report drift.
func WithBodyHook(h BodyHook) Option {
	return func(c *Client) error { c.bodyHook = h; return nil }
}
