package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// subcommand is one row of the subcommand table: run dispatches from it and
// --help lists it.
type subcommand struct {
	name     string
	synopsis string // arguments after the name
	what     string // one line
	run      func(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int
}

// subcommands returns THE subcommand table (a new subcommand is one more
// row). A function, not a variable: the rows' functions print --help, which
// lists the table.
func subcommands() []subcommand {
	return []subcommand{
		{"passwd", "[--credentials FILE] LOGIN < password-and-key | --list | --remove LOGIN",
			"add, update, list or remove credentials-file entries", runPasswd},
		{"oauth", "--backlog-url URL --credentials FILE --oauth-client-id ID --redirect-uri URI LOGIN",
			"get an OAuth refresh token for LOGIN (authorization-code grant) into the credentials file", runOAuth},
		{"check", "[--backlog-url URL] [auth flags] [--credentials FILE] [--project KEY] [--write-project KEY] [--json]",
			"pre-flight: run every v2 request the legacy methods make against the space and report, per legacy method, works / fails / drift / not permitted; exit 0, 1 (something fails) or 2 (usage)",
			func(args []string, _ io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
				return runCheck(args, stdout, stderr, getenv)
			}},
		{"healthcheck", "[--listen ADDR] [--timeout D]",
			"GET /healthz on the local server; exit 0 or 1 (the container HEALTHCHECK)",
			func(args []string, _ io.Reader, _, stderr io.Writer, getenv func(string) string) int {
				return runHealthcheck(args, stderr, getenv)
			}},
		{"version", "", "print the version",
			func(_ []string, _ io.Reader, stdout, _ io.Writer, _ func(string) string) int {
				fmt.Fprintln(stdout, Version())
				return 0
			}},
	}
}

// runSubcommand runs the subcommand named by args[0], if there is one.
func runSubcommand(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int, ok bool) {
	if len(args) == 0 {
		return 0, false
	}
	for _, s := range subcommands() {
		if s.name == args[0] {
			return s.run(args[1:], stdin, stdout, stderr, os.Getenv), true
		}
	}
	return 0, false
}

// printFlags writes every flag of fs with its type, its environment
// variable and its default. flag.PrintDefaults would call the types that
// expectForms wraps "value".
func printFlags(fs *flag.FlagSet) {
	w := fs.Output()
	fs.VisitAll(func(f *flag.Flag) {
		typ, text := flag.UnquoteUsage(f)
		if g, ok := f.Value.(flag.Getter); ok { // the types expectForms wraps
			switch g.Get().(type) {
			case bool:
				typ = ""
			case time.Duration:
				typ = "duration"
			case int, int64:
				typ = "int"
			case string:
				typ = "string"
			}
		}
		line := "  --" + f.Name
		if typ != "" {
			line += " " + typ
		}
		line += "    " + EnvName(f.Name)
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" && f.DefValue != "0s" {
			line += "  (default " + f.DefValue + ")"
		}
		fmt.Fprintf(w, "%s\n      %s\n", line, strings.ReplaceAll(text, "\n", "\n      "))
	})
}

// usage writes --help: what the program is, the synopsis of serving and of
// every subcommand, then every flag with its environment variable.
func usage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprintf(w, "backlog-xmlrpc %s: serves the legacy Backlog API v1 (XML-RPC, POST /XML-RPC) through Backlog API v2.\n\n", Version())
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  backlog-xmlrpc [flags]    serve (try: backlog-xmlrpc --demo --listen 127.0.0.1:8080)")
	for _, s := range subcommands() {
		fmt.Fprintf(w, "  %s\n      %s\n", strings.TrimSpace("backlog-xmlrpc "+s.name+" "+s.synopsis), s.what)
	}
	fmt.Fprintf(w, "\nFlags (each also read from its environment variable; a flag on the command line wins):\n")
	printFlags(fs)
	fmt.Fprintln(w, "\nMore: README.md (configuration reference, first deployment).")
}
