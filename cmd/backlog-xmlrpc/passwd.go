package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
)

// runPasswd is the `passwd` subcommand: it adds or updates one entry of the
// credentials file, lists the entries (--list) or removes one (--remove).
// Secrets come from standard input, never from flags (flags are visible in
// ps and shell history):
//
//	line 1: the legacy password (hashed with bcrypt, never stored in clear)
//	line 2: the user's v2 API key, or with --refresh-token an OAuth refresh
//	        token; may be empty when updating an existing entry (keeps its
//	        v2 credential)
//
// Example:
//
//	printf '%s\n%s\n' "$PASSWORD" "$API_KEY" | backlog-xmlrpc passwd --credentials creds.json alice
//
// The file is written atomically with mode 0600. --list prints one line per
// entry, the login and the kind of its v2 credential; no secret is printed.
func runPasswd(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("backlog-xmlrpc passwd", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("credentials", getenv(EnvName("credentials")), "credentials file to create or update (env "+EnvName("credentials")+")")
	refresh := fs.Bool("refresh-token", false, "line 2 of stdin is an OAuth refresh token instead of an API key")
	cost := fs.Int("cost", 0, "bcrypt cost (default 10)")
	list := fs.Bool("list", false, "list the entries: login and kind of v2 credential (api-key or refresh-token)")
	remove := fs.Bool("remove", false, "remove the entry of LOGIN")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: backlog-xmlrpc passwd [--credentials FILE] [--refresh-token] LOGIN  < password-and-key")
		fmt.Fprintln(stderr, "       backlog-xmlrpc passwd [--credentials FILE] --list")
		fmt.Fprintln(stderr, "       backlog-xmlrpc passwd [--credentials FILE] --remove LOGIN")
		fmt.Fprintln(stderr, "stdin line 1: legacy password; line 2: v2 API key (or refresh token), empty to keep the current one")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *file == "" {
		fmt.Fprintln(stderr, "backlog-xmlrpc passwd: no credentials file: pass --credentials FILE or set "+EnvName("credentials"))
		return 2
	}
	switch {
	case *list && *remove:
		fmt.Fprintln(stderr, "backlog-xmlrpc passwd: --list and --remove exclude each other")
		return 2
	case *list:
		if fs.NArg() != 0 {
			fmt.Fprintln(stderr, "backlog-xmlrpc passwd: --list takes no LOGIN")
			return 2
		}
		if err := listEntries(*file, stdout); err != nil {
			fmt.Fprintln(stderr, "backlog-xmlrpc passwd:", err)
			return 1
		}
		return 0
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	if *remove {
		if err := removeEntry(*file, fs.Arg(0)); err != nil {
			fmt.Fprintln(stderr, "backlog-xmlrpc passwd:", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s: entry for %q removed (a running server drops it on SIGHUP or with --credentials-poll)\n", *file, fs.Arg(0))
		return 0
	}
	if err := passwd(*file, fs.Arg(0), *refresh, *cost, stdin); err != nil {
		fmt.Fprintln(stderr, "backlog-xmlrpc passwd:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: entry for %q saved\n", *file, fs.Arg(0))
	return 0
}

// listEntries prints "login<TAB>kind" per entry, sorted by login.
func listEntries(file string, out io.Writer) error {
	set, err := auth.LoadFile(file)
	if err != nil {
		return err
	}
	for _, c := range set.Credentials() {
		kind := "api-key"
		if c.RefreshToken != "" {
			kind = "refresh-token"
		}
		fmt.Fprintf(out, "%s\t%s\n", c.Login, kind)
	}
	return nil
}

// removeEntry removes login's entry (atomically, mode 0600).
func removeEntry(file, login string) error {
	set, err := auth.LoadFile(file)
	if err != nil {
		return err
	}
	if _, ok := set.Lookup(login); !ok {
		return fmt.Errorf("%s: no entry for %q", file, login)
	}
	entries := slices.DeleteFunc(set.Credentials(), func(c auth.Credential) bool { return c.Login == login })
	return auth.WriteFile(file, entries)
}

func passwd(file, login string, refresh bool, cost int, stdin io.Reader) error {
	if err := validLogin(login); err != nil {
		return err
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 4096), 64<<10)
	var lines []string
	for len(lines) < 2 && sc.Scan() {
		lines = append(lines, strings.TrimRight(sc.Text(), "\r"))
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading stdin: %w", err)
	}
	if len(lines) == 0 || lines[0] == "" {
		return errors.New("no password on stdin (line 1)")
	}
	secret := ""
	if len(lines) > 1 {
		secret = strings.TrimSpace(lines[1])
	}
	entries, err := auth.ReadFileOrEmpty(file)
	if err != nil {
		return err
	}
	exists := false
	for _, e := range entries {
		exists = exists || e.Login == login
	}
	if secret == "" && !exists {
		return errors.New("new entry: line 2 of stdin must hold the user's v2 API key (or refresh token)")
	}
	hash, err := auth.HashPassword(lines[0], cost)
	if err != nil {
		return err
	}
	entry := auth.Credential{Login: login, PasswordHash: hash}
	if refresh {
		entry.RefreshToken = secret
	} else {
		entry.APIKey = secret
	}
	return auth.WriteFile(file, auth.Upsert(entries, entry))
}

// validLogin refuses what cannot be a Backlog login ID in HTTP Basic.
func validLogin(login string) error {
	if login == "" || strings.ContainsAny(login, " \t\r\n:") {
		return fmt.Errorf("login %q: must be a non-empty Backlog login ID without spaces or colons", login)
	}
	return nil
}
