// Package methods holds one thin handler per legacy Backlog XML-RPC method
// (one file each, named after the method) and the Service that registers
// them. A handler reads its params (params.go), calls Backlog v2 through the
// request's v2client.Client (from the context, see WithClient) and the
// shared name -> id catalog, shapes the legacy result with package mapping,
// and returns (xmlrpc.Value, error) where every error is a *failure.Error.
//
// The v2 calls of every method, cold and warm, are in BUDGET.md and are
// asserted by the tests through the fake's counters.
package methods

import (
	"context"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// Options configure a Service. Every zero field has a documented default.
type Options struct {
	// LegacyBaseURL is the scheme and host used to build the legacy `url`
	// members (https://demo.backlog.jp -> .../projects/KEY, .../view/KEY-1).
	// Default "": the base URL of the request's v2 client (the space's own
	// host, which is where the legacy pages lived).
	LegacyBaseURL string
	// Location is the time zone of legacy timestamps (yyyyMMddHHmmss) and
	// of calendar dates read from old-style v2 answers. Default nil: the
	// space's time zone from GET /space, fetched once and cached (TTL).
	Location *time.Location
	// CacheTTL is how long the name -> id catalog keeps a list. Default
	// catalog.DefaultTTL (5 minutes).
	CacheTTL time.Duration
	// Now is the clock (cache expiry, rate-limit retry times). Default
	// time.Now.
	Now func() time.Time
	// Catalog shares an existing catalog (e.g. between two Services in
	// tests). Default nil: a new one with CacheTTL and Now.
	Catalog *catalog.Catalog
}

// Service answers the legacy methods. It is safe for concurrent use; one
// Service serves every user of a space (per-user state is only the
// v2client.Client in each request's context).
type Service struct {
	opts Options
	cat  *catalog.Catalog
}

// New returns a Service with the defaults of Options filled in.
func New(opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	cat := opts.Catalog
	if cat == nil {
		cat = catalog.New(opts.CacheTTL, opts.Now)
	}
	return &Service{opts: opts, cat: cat}
}

// Catalog returns the Service's name -> id cache (for wiring and tests).
func (s *Service) Catalog() *catalog.Catalog { return s.cat }

// Register registers every legacy method of the registry table on srv,
// with its signatures and help text; each call goes through
// methodSpec.call (the role check of backlog.admin.* comes first).
func (s *Service) Register(srv *xmlrpc.Server) {
	for _, m := range registry {
		srv.Register(m.name, func(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
			return m.call(s, ctx, params)
		}, m.signatures, m.help())
	}
}

// MethodNames lists the legacy method names of the registry, in table order.
func MethodNames() []string {
	names := make([]string, len(registry))
	for i, m := range registry {
		names[i] = m.name
	}
	return names
}

// client returns the request's v2 client; a request without one is a
// wiring bug (Internal).
func (s *Service) client(ctx context.Context) (*v2client.Client, error) {
	c, ok := ClientFrom(ctx)
	if !ok || c == nil {
		return nil, failure.New(failure.Internal, "no Backlog client in the request context")
	}
	return c, nil
}

// fail turns a v2client (or catalog) error into the caller's *failure.Error.
func (s *Service) fail(err error) error { return mapping.Error(err, s.opts.Now()) }

// location returns the zone of legacy timestamps: Options.Location, or the
// space's (cached).
func (s *Service) location(ctx context.Context, cl *v2client.Client) (*time.Location, error) {
	if s.opts.Location != nil {
		return s.opts.Location, nil
	}
	sp, err := s.cat.Space(ctx, cl)
	if err != nil {
		return nil, s.fail(err)
	}
	return sp.Location(), nil
}

// baseURL returns the host for legacy url members.
func (s *Service) baseURL(cl *v2client.Client) string {
	if s.opts.LegacyBaseURL != "" {
		return s.opts.LegacyBaseURL
	}
	return cl.BaseURL()
}

// env is what most handlers need: the caller's client, the legacy zone and
// the legacy base URL.
type env struct {
	cl   *v2client.Client
	loc  *time.Location
	base string
}

// env gathers the request environment (at most one cached GET /space).
func (s *Service) env(ctx context.Context) (env, error) {
	cl, err := s.client(ctx)
	if err != nil {
		return env{}, err
	}
	loc, err := s.location(ctx, cl)
	if err != nil {
		return env{}, err
	}
	return env{cl: cl, loc: loc, base: s.baseURL(cl)}, nil
}
