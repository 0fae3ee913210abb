package main

import (
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/workgate"
)

func TestNewWorkGate(t *testing.T) {
	if g := newWorkGate(-1); g != nil {
		t.Fatalf("--work-slots -1 gave a gate: %+v", g.Stats())
	}
	if got := newWorkGate(0).Stats().Slots; got != workgate.DefaultSlots() {
		t.Fatalf("--work-slots 0: %d slots, want %d", got, workgate.DefaultSlots())
	}
	if got := newWorkGate(3).Stats().Slots; got != 3 {
		t.Fatalf("--work-slots 3: %d slots", got)
	}
	if err := parseWorkSlots(t, "-2"); err == nil {
		t.Fatal("--work-slots -2 accepted")
	}
	if err := parseWorkSlots(t, "-1"); err != nil {
		t.Fatalf("--work-slots -1: %v", err)
	}
}

func parseWorkSlots(t *testing.T, v string) error {
	t.Helper()
	c := DefaultConfig()
	fs := c.flagSet("test", nil)
	if err := fs.Parse([]string{"--demo", "--work-slots", v}); err != nil {
		return err
	}
	return c.finish()
}

// TestOneWorkSlotServesConcurrentCalls runs the server with a single work
// slot and sends, at once, calls that wait for Backlog and calls whose
// names the catalog must first fetch (createIssue by names, cold cache:
// the concurrent misses collapse into one fetch others wait for). A call
// that kept its slot while waiting for Backlog or for another call's fetch
// would deadlock the server here; every call must answer, without a fault.
func TestOneWorkSlotServesConcurrentCalls(t *testing.T) {
	m, _ := mustRunMain(t, func(c *Config) { c.Demo = true; c.WorkSlots = 1 })
	create, err := os.ReadFile("../../testdata/backlog.createIssue/component_names_array.request.xml")
	if err != nil {
		t.Fatal(err)
	}
	const getIssue = `<?xml version="1.0"?><methodCall><methodName>backlog.getIssue</methodName><params><param><value><string>DEMO-1</string></value></param></params></methodCall>`
	bodies := []string{string(create), getIssue, getProjectsCall}
	var wg sync.WaitGroup
	errs := make(chan string, 30)
	for i := range 30 {
		wg.Go(func() {
			req, _ := http.NewRequest("POST", "http://"+m.Addr()+"/XML-RPC", strings.NewReader(bodies[i%len(bodies)]))
			req.SetBasicAuth("demo", "demo")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				errs <- err.Error()
				return
			}
			defer resp.Body.Close()
			out, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 || strings.Contains(string(out), "<fault>") {
				errs <- string(out)
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("calls with one work slot did not finish in 20 s (deadlock?)")
	}
	close(errs)
	for e := range errs {
		t.Errorf("fault or error: %.300s", e)
	}
}

// TestWorkGateMetrics: /metrics exposes the gate of --work-slots (its
// capacity as backlog_xmlrpc_work_slots, with its other series beside it),
// and nothing of it when the gate is off.
func TestWorkGateMetrics(t *testing.T) {
	for _, tc := range []struct {
		slots int
		want  string // backlog_xmlrpc_work_slots's line; "" = absent
	}{
		{3, "backlog_xmlrpc_work_slots 3\n"},
		{0, "backlog_xmlrpc_work_slots " + strconv.Itoa(workgate.DefaultSlots()) + "\n"},
		{-1, ""},
	} {
		t.Run(strconv.Itoa(tc.slots), func(t *testing.T) {
			m, _ := mustRunMain(t, func(c *Config) { c.Demo = true; c.WorkSlots = tc.slots })
			if resp, body := post(t, m.Addr(), "demo", "demo", getProjectsCall); resp.StatusCode != 200 || strings.Contains(body, "<fault>") {
				t.Fatalf("getProjects: %d %.300s", resp.StatusCode, body)
			}
			code, body := get(t, "http://"+m.Addr()+"/metrics")
			if code != 200 {
				t.Fatalf("/metrics: %d", code)
			}
			if tc.want == "" {
				if strings.Contains(body, "backlog_xmlrpc_work_") {
					t.Fatalf("--work-slots -1 exposes work gate series:\n%s", body)
				}
				return
			}
			for _, want := range []string{tc.want, "\nbacklog_xmlrpc_work_slots_in_use ", "\nbacklog_xmlrpc_work_paused ",
				`backlog_xmlrpc_work_queued{queue="entering"} `, `backlog_xmlrpc_work_queued{queue="resuming"} `} {
				if !strings.Contains(body, want) {
					t.Errorf("/metrics lacks %q", want)
				}
			}
		})
	}
}
