package main

import (
	"io"
	"regexp"
	"testing"
)

// TestServerTimingOnlyWhenAsked: with --server-timing, a getProjects answer
// carries the upstream call count the fake saw and a total; without it,
// no header.
func TestServerTimingOnlyWhenAsked(t *testing.T) {
	for _, on := range []bool{false, true} {
		f, url := startFake(t)
		m, _ := mustRunMain(t, func(c *Config) {
			c.BacklogURL = url
			c.Auth = AuthModeV2Key
			c.ServerTiming = on
		})
		// First call: API key check (GET /users/myself) + GET /projects.
		resp, body := post(t, m.Addr(), "demo", "demo-api-key-normal", getProjectsCall)
		if resp.StatusCode != 200 || !regexp.MustCompile(`<methodResponse>\s*<params>`).MatchString(body) {
			t.Fatalf("server-timing=%v: %d %s", on, resp.StatusCode, body)
		}
		got := resp.Header.Get("Server-Timing")
		if !on {
			if got != "" {
				t.Fatalf("Server-Timing without the flag: %q", got)
			}
			continue
		}
		want := regexp.MustCompile(`^upstream;dur=[0-9]+\.[0-9]{3};desc="` + "2" + `", total;dur=[0-9]+\.[0-9]{3}$`)
		if !want.MatchString(got) || f.Counters().Total() != 2 {
			t.Fatalf("Server-Timing = %q (fake saw %v)", got, f.Calls())
		}
	}
}

// TestMaxInFlightFlag: --max-in-flight (and its variable) is parsed, 0 is
// the default (no limit) and a negative value is refused.
func TestMaxInFlightFlag(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want int
		err  bool
	}{
		{nil, nil, 0, false},
		{[]string{"--max-in-flight", "64"}, nil, 64, false},
		{nil, map[string]string{"BACKLOG_XMLRPC_MAX_IN_FLIGHT": "32"}, 32, false},
		{[]string{"--max-in-flight", "-1"}, nil, 0, true},
	}
	for _, tc := range tests {
		c := DefaultConfig()
		args := append([]string{"--demo"}, tc.args...)
		err := c.Parse(args, func(k string) string { return tc.env[k] }, io.Discard)
		if (err != nil) != tc.err || (!tc.err && c.MaxInFlight != tc.want) {
			t.Errorf("%v %v: MaxInFlight %d, err %v; want %d, error %v", tc.args, tc.env, c.MaxInFlight, err, tc.want, tc.err)
		}
	}
}
