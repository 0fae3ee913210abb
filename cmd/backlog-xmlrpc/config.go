package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/gcfloor"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/logbuf"
)

// EnvPrefix prefixes the environment variable of every flag: --listen is
// BACKLOG_XMLRPC_LISTEN, --upstream-timeout is BACKLOG_XMLRPC_UPSTREAM_TIMEOUT.
// A command-line flag wins over its variable, which wins over the default.
const EnvPrefix = "BACKLOG_XMLRPC_"

// Auth modes (--auth).
const (
	AuthModeFile  = "credentials-file"
	AuthModeV2Key = "api-key"
)

// Config is the server's configuration. DefaultConfig documents the
// defaults; README.md's configuration reference lists every flag (a test
// checks that).
type Config struct {
	Listen          string        // --listen: address of the HTTP server
	Demo            bool          // --demo: run the in-memory Backlog fake in-process
	BacklogURL      string        // --backlog-url: https://SPACE.backlog.com, .jp, or an Enterprise URL
	LegacyURL       string        // --legacy-url: base of `url` fields in legacy answers
	Auth            string        // --auth: credentials-file or api-key
	CredentialsFile string        // --credentials: path of the credentials file
	CredsGroupRead  bool          // --credentials-group-readable: accept mode 0640/0440 (Kubernetes fsGroup)
	CredsPoll       time.Duration // --credentials-poll: re-read the file when it changes, checked this often (0: only on SIGHUP)
	OAuthClientID   string        // --oauth-client-id: for refresh-token entries
	OAuthSecret     string        // --oauth-client-secret (prefer the environment variable)
	TimeZone        string        // --timezone: zone of legacy timestamps (default: the space's)
	UpstreamTimeout time.Duration // --upstream-timeout: one Backlog v2 HTTP exchange
	CacheTTL        time.Duration // --cache-ttl: name->id lookup lists
	AuthCacheTTL    time.Duration // --auth-cache-ttl: verified passwords / API keys
	LoginFailures   int           // --login-failures: failed logins in a row per login before it is limited
	LoginLockout    time.Duration // --login-lockout: one more attempt per login every
	AddrFailures    int           // --addr-failures: failed logins in a row per client address
	AddrLockout     time.Duration // --addr-lockout: one more attempt per address every
	TrustedProxies  string        // --trusted-proxies: comma-separated CIDRs whose X-Forwarded-For is believed
	MaxBodyBytes    int64         // --max-body-bytes: largest request body
	MaxMulticall    int           // --max-multicall: inner calls of one system.multicall
	ReadTimeout     time.Duration // --read-timeout: reading one request (headers and body)
	WriteTimeout    time.Duration // --write-timeout: from the end of the headers to the end of the answer
	IdleTimeout     time.Duration // --idle-timeout: keep-alive idle time
	ShutdownTimeout time.Duration // --shutdown-timeout: how long in-flight calls may finish on SIGTERM
	LogLevel        string        // --log-level: debug, info, warn, error
	LogBuffer       time.Duration // --log-buffer: log lines wait at most this long to be written in one batch (0: each line at once)
	PprofListen     string        // --pprof-listen: address of a pprof server (off when empty)
	ServerTiming    bool          // --server-timing: Server-Timing header with upstream time (load harness)
	MaxInFlight     int           // --max-in-flight: most calls processed at once (0: no limit)
	WorkSlots       int           // --work-slots: most calls using CPU and memory at once, waits for Backlog not counted (0: 4 x GOMAXPROCS; -1: no gate)
	GCHeapFloor     int64         // --gc-heap-floor: the GC's heap goal stays this many bytes above the live heap (0: plain GOGC)
	StateDir        string        // --state-dir: where the migration report is kept across restarts (memory only when empty)
	AdminListen     string        // --admin-listen: address serving /admin/ without authentication (off when empty)
}

// DefaultConfig returns the documented defaults.
func DefaultConfig() Config {
	return Config{
		Listen:          ":8080",
		UpstreamTimeout: 30 * time.Second,
		CacheTTL:        5 * time.Minute,
		AuthCacheTTL:    5 * time.Minute,
		LoginFailures:   5,
		LoginLockout:    time.Minute,
		AddrFailures:    20,
		AddrLockout:     6 * time.Second,
		MaxBodyBytes:    10 << 20,
		MaxMulticall:    256, // xml-rpc-api2txt sends 2 calls per method (108 for 54) in one multicall
		ReadTimeout:     30 * time.Second,
		WriteTimeout:    2 * time.Minute,
		IdleTimeout:     2 * time.Minute,
		ShutdownTimeout: 25 * time.Second,
		LogLevel:        "info",
		LogBuffer:       logbuf.DefaultInterval,
		GCHeapFloor:     gcfloor.DefaultFloor,
	}
}

// DemoLegacyURL is the legacy host used in `url` fields in demo mode.
const DemoLegacyURL = "https://demo.backlog.jp"

// flagSet returns the server's flags bound to c, with every flag's default
// taken from its environment variable when that is set.
func (c *Config) flagSet(name string, output io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(output)
	fs.Usage = func() { usage(fs) }
	fs.StringVar(&c.Listen, "listen", c.Listen, "address to serve HTTP on (host:port)")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "run an in-memory Backlog (seed data, logins demo/demo and admin/admin) in-process")
	fs.StringVar(&c.BacklogURL, "backlog-url", c.BacklogURL, "Backlog space URL: https://SPACE.backlog.com, https://SPACE.backlog.jp or an Enterprise URL (required unless --demo)")
	fs.StringVar(&c.LegacyURL, "legacy-url", c.LegacyURL, "base URL used in the `url` fields of legacy answers (default: --backlog-url; "+DemoLegacyURL+" in demo mode)")
	fs.StringVar(&c.Auth, "auth", c.Auth, "legacy authentication: credentials-file or api-key (default: credentials-file when --credentials is set, else api-key)")
	fs.StringVar(&c.CredentialsFile, "credentials", c.CredentialsFile, "credentials file (JSON, mode 0600; re-read on SIGHUP); see the passwd subcommand")
	fs.BoolVar(&c.CredsGroupRead, "credentials-group-readable", c.CredsGroupRead, "accept a credentials file its group may read (0640/0440, e.g. a Kubernetes Secret mounted with fsGroup); never group-writable or world-readable")
	fs.DurationVar(&c.CredsPoll, "credentials-poll", c.CredsPoll, "also re-read the credentials file when it changes, checking this often (e.g. 30s for a Kubernetes Secret; 0: only on SIGHUP)")
	fs.StringVar(&c.OAuthClientID, "oauth-client-id", c.OAuthClientID, "OAuth client id, for credentials entries holding a refresh token")
	fs.StringVar(&c.OAuthSecret, "oauth-client-secret", c.OAuthSecret, "OAuth client secret (prefer the environment variable: flags show in ps)")
	fs.StringVar(&c.TimeZone, "timezone", c.TimeZone, "IANA zone of legacy timestamps, e.g. Asia/Tokyo (default: the space's time zone from GET /space)")
	fs.DurationVar(&c.UpstreamTimeout, "upstream-timeout", c.UpstreamTimeout, "timeout of one Backlog v2 HTTP exchange")
	fs.DurationVar(&c.CacheTTL, "cache-ttl", c.CacheTTL, "lifetime of cached lookup lists (issue types, statuses, users... for name->id)")
	fs.DurationVar(&c.AuthCacheTTL, "auth-cache-ttl", c.AuthCacheTTL, "how long a verified password or API key is trusted before it is checked again")
	fs.IntVar(&c.LoginFailures, "login-failures", c.LoginFailures, "failed logins in a row allowed per login ID before it is limited")
	fs.DurationVar(&c.LoginLockout, "login-lockout", c.LoginLockout, "a limited login ID gets one more attempt every this long")
	fs.IntVar(&c.AddrFailures, "addr-failures", c.AddrFailures, "failed logins in a row allowed per client address before it is limited")
	fs.DurationVar(&c.AddrLockout, "addr-lockout", c.AddrLockout, "a limited client address gets one more attempt every this long")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", c.TrustedProxies, "comma-separated CIDRs of reverse proxies whose X-Forwarded-For is believed (default: none)")
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", c.MaxBodyBytes, "largest request body in bytes (larger: HTTP 413)")
	fs.IntVar(&c.MaxMulticall, "max-multicall", c.MaxMulticall, "most inner calls in one system.multicall")
	fs.DurationVar(&c.ReadTimeout, "read-timeout", c.ReadTimeout, "time allowed to read one request")
	fs.DurationVar(&c.WriteTimeout, "write-timeout", c.WriteTimeout, "time allowed to answer one request")
	fs.DurationVar(&c.IdleTimeout, "idle-timeout", c.IdleTimeout, "keep-alive idle timeout")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "on SIGTERM/SIGINT, how long in-flight calls may finish")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn or error (debug: one line per Backlog v2 request: method, route template, status, duration)")
	fs.DurationVar(&c.LogBuffer, "log-buffer", c.LogBuffer, "log lines are written in batches, at most this long after they are logged (or once 64 KiB wait): one write per batch instead of one per line; a crash or SIGKILL loses at most this much of the log (0: write each line at once)")
	fs.StringVar(&c.PprofListen, "pprof-listen", c.PprofListen, "serve net/http/pprof on this address (e.g. 127.0.0.1:6060; off by default)")
	fs.IntVar(&c.WorkSlots, "work-slots", c.WorkSlots, "most /XML-RPC calls using CPU and memory at once; a call gives its slot back while it waits for Backlog, so this bounds memory under saturation without capping throughput by upstream latency (0: 4 x GOMAXPROCS; -1: no gate)")
	fs.IntVar(&c.MaxInFlight, "max-in-flight", c.MaxInFlight, "most /XML-RPC calls processed at once after authentication; more wait for a slot (0: no limit); bounds memory when clients outrun the CPU")
	fs.Int64Var(&c.GCHeapFloor, "gc-heap-floor", c.GCHeapFloor, "bytes the garbage collector may let the heap grow above the live heap before collecting, when that is more than GOGC=100 allows (0: plain GOGC; ignored when GOGC is set); fewer collections at low load, no change once the live heap is larger")
	fs.StringVar(&c.StateDir, "state-dir", c.StateDir, "directory where the migration report is kept across restarts (state.json, written every minute and on shutdown; default: in memory only)")
	fs.StringVar(&c.AdminListen, "admin-listen", c.AdminListen, "also serve the administrators' pages (/admin/migration) on this address, WITHOUT authentication (keep it on a private network, e.g. 127.0.0.1:8081; off by default)")
	fs.BoolVar(&c.ServerTiming, "server-timing", c.ServerTiming, "add a Server-Timing header (upstream time and calls, total time) to every answer, for benchmarks (off by default)")
	expectForms(fs)
	return fs
}

// EnvName returns the environment variable of a flag.
func EnvName(flagName string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// applyEnv sets every flag of fs whose environment variable is set.
func applyEnv(fs *flag.FlagSet, getenv func(string) string) error {
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		env := EnvName(f.Name)
		if v := getenv(env); v != "" {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q (flag --%s): %w", env, v, f.Name, err))
			}
		}
	})
	return errors.Join(errs...)
}

// Parse reads the environment (getenv, nil = os.Getenv) then args into c,
// applies the derived defaults and validates the result.
func (c *Config) Parse(args []string, getenv func(string) string, output io.Writer) error {
	if getenv == nil {
		getenv = os.Getenv
	}
	fs := c.flagSet("backlog-xmlrpc", output)
	if err := applyEnv(fs, getenv); err != nil {
		return err
	}
	if !helpAsked(args) { // a bad flag: its error line, not the whole --help
		fs.Usage = func() { fmt.Fprintln(fs.Output(), "(backlog-xmlrpc --help lists the flags and their variables)") }
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return printedError{err}
	}
	if fs.NArg() > 0 {
		if len(args) > 0 && args[0] == fs.Arg(0) {
			return fmt.Errorf("unknown subcommand %q (backlog-xmlrpc --help lists them)", fs.Arg(0))
		}
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return blameVariable(c.finish(), args, getenv)
}

// printedError is an error the flag package has already written to the
// output (a flag it does not know, a value that does not parse): the caller
// exits without writing it a second time.
type printedError struct{ error }

func (e printedError) Unwrap() error { return e.error }

// finishFlag is the flag a validation error of finish starts with.
var finishFlag = regexp.MustCompile(`^--([a-z][a-z0-9-]*)`)

// blameVariable adds "(set by VARIABLE)" to a validation error of finish
// about a flag that came from its environment variable, not from args: an
// operator who configures by environment (a container, Kubernetes) is told
// which variable to fix. The variable's value is not quoted again (a URL's
// may hold a secret; finish quotes what is safe to show).
func blameVariable(err error, args []string, getenv func(string) string) error {
	if err == nil {
		return nil
	}
	m := finishFlag.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	env := EnvName(m[1])
	if getenv(env) == "" {
		return err
	}
	for _, a := range args {
		if a == "--" {
			break
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name == m[1] {
			return err // the command line's value, which wins
		}
	}
	return fmt.Errorf("%w (set by %s)", err, env)
}

// finish applies the defaults that depend on other settings and validates.
func (c *Config) finish() error {
	if c.Auth == "" {
		c.Auth = AuthModeV2Key
		if c.CredentialsFile != "" || c.Demo {
			c.Auth = AuthModeFile
		}
	}
	switch c.Auth {
	case AuthModeV2Key:
	case AuthModeFile:
		if c.CredentialsFile == "" && !c.Demo {
			return errors.New("--auth credentials-file needs --credentials (or BACKLOG_XMLRPC_CREDENTIALS)")
		}
	default:
		return fmt.Errorf("--auth %q: want %s (with --credentials) or %s", c.Auth, AuthModeFile, AuthModeV2Key)
	}
	if c.Demo {
		if c.BacklogURL != "" {
			return errors.New("--demo runs its own in-memory Backlog: do not set --backlog-url")
		}
		if c.LegacyURL == "" {
			c.LegacyURL = DemoLegacyURL
		}
	} else {
		if c.BacklogURL == "" {
			return errors.New("--backlog-url (or BACKLOG_XMLRPC_BACKLOG_URL) is required, e.g. https://example.backlog.jp; or try --demo")
		}
		u, err := url.Parse(c.BacklogURL)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return errors.New("--backlog-url: want an absolute https URL such as https://example.backlog.jp")
		}
		// The client appends /api/v2/... to this URL, so a path (the legacy
		// /XML-RPC endpoint, /api/v2) would make every call a 404; a query or
		// user info would go to Backlog with each call. The message quotes
		// only scheme and host: the rest may hold a key.
		if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil || u.Opaque != "" {
			return fmt.Errorf("--backlog-url: give the space's root URL without a path, query or user info, e.g. %s://%s (not .../XML-RPC or .../api/v2)", u.Scheme, u.Host)
		}
		if c.LegacyURL == "" {
			c.LegacyURL = strings.TrimSuffix(c.BacklogURL, "/")
		}
	}
	if (c.OAuthClientID == "") != (c.OAuthSecret == "") {
		return errors.New("OAuth needs both --oauth-client-id and BACKLOG_XMLRPC_OAUTH_CLIENT_SECRET (or --oauth-client-secret), or neither")
	}
	if c.TimeZone != "" {
		if _, err := time.LoadLocation(c.TimeZone); err != nil {
			return fmt.Errorf("--timezone %q: want an IANA zone name such as Asia/Tokyo or UTC", c.TimeZone)
		}
	}
	if _, err := c.trustedProxies(); err != nil {
		return err
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		return err
	}
	for _, d := range []struct {
		name string
		d    time.Duration
	}{{"upstream-timeout", c.UpstreamTimeout}, {"shutdown-timeout", c.ShutdownTimeout},
		{"read-timeout", c.ReadTimeout}, {"write-timeout", c.WriteTimeout}, {"idle-timeout", c.IdleTimeout},
		{"cache-ttl", c.CacheTTL}, {"auth-cache-ttl", c.AuthCacheTTL}, {"login-lockout", c.LoginLockout}, {"addr-lockout", c.AddrLockout}} {
		if d.d <= 0 {
			return fmt.Errorf("--%s %s: must be positive, e.g. 30s", d.name, d.d)
		}
	}
	if c.StateDir != "" {
		if fi, err := os.Stat(c.StateDir); err != nil || !fi.IsDir() {
			return fmt.Errorf("--state-dir %q: want an existing directory the server may write", c.StateDir)
		}
	}
	if c.CredsPoll < 0 {
		return fmt.Errorf("--credentials-poll %s: must be 0 (only on SIGHUP) or positive, e.g. 30s", c.CredsPoll)
	}
	if c.GCHeapFloor < 0 {
		return fmt.Errorf("--gc-heap-floor %d: must be 0 (plain GOGC) or a positive number of bytes", c.GCHeapFloor)
	}
	if c.LogBuffer < 0 {
		return fmt.Errorf("--log-buffer %s: must be 0 (write each line at once) or positive", c.LogBuffer)
	}
	if c.WorkSlots < -1 {
		return fmt.Errorf("--work-slots %d: must be -1 (no gate), 0 (4 x GOMAXPROCS) or positive", c.WorkSlots)
	}
	if c.MaxInFlight < 0 {
		return fmt.Errorf("--max-in-flight %d: must be 0 (no limit) or positive", c.MaxInFlight)
	}
	for _, n := range []struct {
		name string
		n    int64
	}{{"max-body-bytes", c.MaxBodyBytes}, {"max-multicall", int64(c.MaxMulticall)}, {"login-failures", int64(c.LoginFailures)}, {"addr-failures", int64(c.AddrFailures)}} {
		if n.n <= 0 {
			return fmt.Errorf("--%s %d: must be a positive integer", n.name, n.n)
		}
	}
	return nil
}

// trustedProxies parses --trusted-proxies (bare addresses become /32 or /128).
func (c *Config) trustedProxies() ([]string, error) {
	var out []string
	for _, s := range strings.Split(c.TrustedProxies, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !strings.Contains(s, "/") {
			a, err := netip.ParseAddr(s)
			if err != nil {
				return nil, fmt.Errorf("--trusted-proxies: %q is not an address or CIDR", s)
			}
			s = netip.PrefixFrom(a, a.BitLen()).String()
		}
		if _, err := netip.ParsePrefix(s); err != nil {
			return nil, fmt.Errorf("--trusted-proxies: %q is not a CIDR", s)
		}
		out = append(out, s)
	}
	return out, nil
}

// helpAsked reports whether args ask for --help (before any "--").
func helpAsked(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "--h", "-help", "--help":
			return true
		}
	}
	return false
}
