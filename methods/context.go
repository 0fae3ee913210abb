package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

type clientKey struct{}

// WithClient returns a context carrying the v2 client that handlers use for
// this request. The HTTP wiring sets it per request with the caller's own
// credentials (so Backlog enforces that user's permissions); tests set it
// with a fake user's API key. Handlers never construct clients.
func WithClient(ctx context.Context, c *v2client.Client) context.Context {
	return context.WithValue(ctx, clientKey{}, c)
}

// ClientFrom returns the client set by WithClient.
func ClientFrom(ctx context.Context) (*v2client.Client, bool) {
	c, ok := ctx.Value(clientKey{}).(*v2client.Client)
	return c, ok
}
