package main

import (
	"context"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/methods"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// RegisterMethods registers every legacy method of package methods on srv,
// configured from cfg: the legacy host of `url` fields, the time-zone
// override and the lookup-cache TTL. The v2 client of each call comes from
// the request context (withClient), never from here.
func RegisterMethods(srv *xmlrpc.Server, _ *v2client.Client, cfg Config) error {
	var loc *time.Location
	if cfg.TimeZone != "" {
		var err error
		if loc, err = time.LoadLocation(cfg.TimeZone); err != nil {
			return err
		}
	}
	methods.New(methods.Options{
		LegacyBaseURL: cfg.LegacyURL,
		Location:      loc,
		CacheTTL:      cfg.CacheTTL,
	}).Register(srv)
	return nil
}

// withClient puts the caller's v2 client where the method handlers find it.
func withClient(ctx context.Context, c *v2client.Client) context.Context {
	return methods.WithClient(ctx, c)
}
