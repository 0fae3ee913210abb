package main

import (
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
