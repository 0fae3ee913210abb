package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/signal"
	"syscall"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/demo"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/preflight"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/methods"
)

// Exit codes of `check`.
const (
	checkOK     = 0 // every check works (not permitted / not checked are not failures)
	checkFailed = 1 // a request failed, an answer drifted, an entry is dead or clean-up failed
	checkUsage  = 2 // usage or configuration error: nothing was checked
)

// checkServerFlags are the server's flags `check` shares (same names,
// variables, defaults and validation): where Backlog is and how to
// authenticate to it.
var checkServerFlags = []string{"demo", "backlog-url", "auth", "credentials", "credentials-group-readable",
	"oauth-client-id", "oauth-client-secret", "upstream-timeout"}

// runCheck is the `check` subcommand, step one of a deployment: it runs the
// v2 requests every legacy method makes against the real Backlog space and
// reports per method works / fails / not permitted, the answers that
// drifted from the v2 types, every credentials-file entry, the rate-limit
// headroom and the space's time zone (internal/preflight).
func runCheck(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	cfg := DefaultConfig()
	server := cfg.flagSet("backlog-xmlrpc check", stderr)
	fs := flag.NewFlagSet("backlog-xmlrpc check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	for _, name := range checkServerFlags {
		f := server.Lookup(name)
		fs.Var(f.Value, f.Name, f.Usage)
	}
	apiKey := fs.String("api-key", "", "run the checks as this v2 API key's user (prefer the environment variable "+EnvName("api-key")+": flags show in ps)")
	asJSON := fs.Bool("json", false, "write the report as JSON (for scripts) instead of a table")
	project := fs.String("project", "", "project key the project-level reads use (default: the first project the user has joined)")
	writeProject := fs.String("write-project", "", "also run the write paths in this SCRATCH project (issue, comment, status, custom fields, issue type, category, version) and delete what was created; nothing else is touched")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: backlog-xmlrpc check [--backlog-url URL] [--api-key KEY | --credentials FILE] [--project KEY] [--write-project KEY] [--json]")
		fmt.Fprintln(stderr, "Runs the v2 requests of every legacy method against the Backlog space, read-only unless --write-project,")
		fmt.Fprintln(stderr, "and reports per legacy method: works, fails (v2 status and error code), drift, not permitted, not checked.")
		fmt.Fprintln(stderr, "Every flag also reads its environment variable, e.g. "+EnvName("backlog-url")+", "+EnvName("api-key")+".")
		fmt.Fprintln(stderr, "Exit status: 0 everything checked works; 1 something fails or drifted (or a credentials entry is dead,")
		fmt.Fprintln(stderr, "or --write-project could not remove what it created); 2 usage or configuration error.")
		printFlags(fs)
	}
	if err := applyEnv(fs, getenv); err != nil {
		fmt.Fprintln(stderr, "backlog-xmlrpc check:", err)
		return checkUsage
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return checkOK
		}
		return checkUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "backlog-xmlrpc check: unexpected argument %q\n", fs.Arg(0))
		return checkUsage
	}
	if err := blameVariable(cfg.finish(), args, getenv); err != nil {
		fmt.Fprintln(stderr, "backlog-xmlrpc check:", err)
		return checkUsage
	}
	opts := preflight.Options{
		BacklogURL:   cfg.BacklogURL,
		APIKey:       *apiKey,
		Methods:      methods.V2Calls(),
		Project:      *project,
		WriteProject: *writeProject,
		Timeout:      cfg.UpstreamTimeout,
	}
	opts.OAuth.ClientID, opts.OAuth.ClientSecret = cfg.OAuthClientID, cfg.OAuthSecret
	if cfg.CredentialsFile != "" {
		load := auth.LoadFile
		if cfg.CredsGroupRead {
			load = auth.LoadFileGroupReadable
		}
		set, err := load(cfg.CredentialsFile)
		if err != nil {
			fmt.Fprintln(stderr, "backlog-xmlrpc check:", err)
			return checkUsage
		}
		opts.Credentials = set.Credentials()
		fa, err := auth.NewFileAuthenticator(cfg.CredentialsFile, auth.FileOptions{AllowGroupRead: cfg.CredsGroupRead})
		if err != nil {
			fmt.Fprintln(stderr, "backlog-xmlrpc check:", err)
			return checkUsage
		}
		opts.SaveRefreshToken = fa.SaveRefreshToken
	}
	if cfg.Demo {
		d, err := demo.Start()
		if err != nil {
			fmt.Fprintln(stderr, "backlog-xmlrpc check: demo Backlog:", err)
			return checkUsage
		}
		defer d.Close()
		opts.BacklogURL = d.URL
		if opts.Credentials == nil {
			opts.Credentials = d.Credentials.Credentials()
		}
	}
	if opts.APIKey == "" && len(opts.Credentials) == 0 {
		fmt.Fprintln(stderr, "backlog-xmlrpc check: give the v2 API key to check with (--api-key or "+EnvName("api-key")+") or a credentials file (--credentials)")
		return checkUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	report, err := preflight.Run(ctx, opts)
	if err != nil {
		fmt.Fprintln(stderr, "backlog-xmlrpc check:", err)
		return checkUsage
	}
	if *asJSON {
		err = report.WriteJSON(stdout)
	} else {
		err = report.WriteTable(stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "backlog-xmlrpc check:", err)
		return checkFailed
	}
	if !report.OK() {
		return checkFailed
	}
	return checkOK
}
