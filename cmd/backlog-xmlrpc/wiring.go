package main

import (
	"context"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/methods"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// registerMethods registers every legacy method of package methods on srv,
// configured from cfg (the legacy host of `url` fields, the time-zone
// override, the lookup-cache TTL), and returns the service so its cache
// counters can be exported. The v2 client of each call comes from the
// request context (withClient), never from here.
func registerMethods(srv *xmlrpc.Server, cfg Config) (*methods.Service, error) {
	var loc *time.Location
	if cfg.TimeZone != "" {
		var err error
		if loc, err = time.LoadLocation(cfg.TimeZone); err != nil {
			return nil, err
		}
	}
	svc := methods.New(methods.Options{
		LegacyBaseURL: cfg.LegacyURL,
		Location:      loc,
		CacheTTL:      cfg.CacheTTL,
	})
	svc.Register(srv)
	return svc, nil
}

// withClient puts the caller's v2 client where the method handlers find it.
func withClient(ctx context.Context, c *v2client.Client) context.Context {
	return methods.WithClient(ctx, c)
}
