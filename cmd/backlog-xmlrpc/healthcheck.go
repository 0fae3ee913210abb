package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// runHealthcheck is the `healthcheck` subcommand, the container's
// HEALTHCHECK (a FROM scratch image has no curl): GET /healthz on the local
// server and exit 0 on 200, 1 otherwise. The address comes from --listen or
// BACKLOG_XMLRPC_LISTEN like the server's; a wildcard host (":8080",
// "0.0.0.0:8080", "[::]:8080") is checked on 127.0.0.1.
func runHealthcheck(args []string, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("backlog-xmlrpc healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := DefaultConfig().Listen
	if v := getenv(EnvName("listen")); v != "" {
		listen = v
	}
	fs.StringVar(&listen, "listen", listen, "the server's listen address (env "+EnvName("listen")+"; a wildcard host is checked on 127.0.0.1)")
	timeout := fs.Duration("timeout", 3*time.Second, "give up after")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: backlog-xmlrpc healthcheck [--listen ADDR] [--timeout D]")
		fmt.Fprintln(stderr, "GET /healthz on the local server (the container HEALTHCHECK); exit 0 healthy, 1 not, 2 usage error.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := healthcheck(listen, *timeout); err != nil {
		fmt.Fprintln(stderr, "unhealthy:", err)
		return 1
	}
	return 0
}

func healthcheck(listen string, timeout time.Duration) error {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /healthz: %s", resp.Status)
	}
	return nil
}
