package interop

import (
	"os/exec"
	"strings"
	"testing"
)

func TestLegacyMethodsAre49Unique(t *testing.T) {
	ms := LegacyMethods()
	seen := map[string]bool{}
	for _, m := range ms {
		if seen[m] {
			t.Errorf("%s listed twice", m)
		}
		seen[m] = true
	}
	if len(ms) != 49 {
		t.Errorf("%d legacy methods, want 49", len(ms))
	}
}

func TestParseChecks(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    int
		wantErr string
	}{
		{"lines and noise", "starting\n{\"method\":\"backlog.getIssue\",\"check\":\"by key\",\"ok\":true}\n" +
			"{\"method\":\"-\",\"group\":\"faults\",\"check\":\"unknown\",\"ok\":false,\"detail\":\"x\"}\n", 2, ""},
		{"unknown method", `{"method":"backlog.getHoge","check":"x","ok":true}`, 0, "unknown method"},
		{"unknown group", `{"method":"-","group":"misc","check":"x","ok":true}`, 0, "unknown group"},
		{"unknown member", `{"method":"backlog.getIssue","check":"x","ok":true,"okay":1}`, 0, "unknown field"},
		{"no name", `{"method":"backlog.getIssue","ok":true}`, 0, "without method or name"},
		{"broken json", `{"method":`, 0, "line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseChecks(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(got) != tt.want {
				t.Fatalf("got %d checks, err %v; want %d", len(got), err, tt.want)
			}
		})
	}
}

func TestRenderMatrix(t *testing.T) {
	runs := []ClientRun{
		{Client: "A", Checks: []Check{
			{Method: "backlog.getIssue", Name: "1", OK: true},
			{Method: "backlog.getComments", Name: "2", OK: false, Detail: "got | 1\nwant 2"},
			{Method: "-", Group: "faults", Name: "unknown method", OK: true, Detail: "Fault -32601"},
		}},
		{Client: "B", Skipped: "not installed"},
	}
	out := string(RenderMatrix(runs, "go test ./e2e/interop/"))
	for _, want := range []string{
		"| method group | A | B |",
		"| issues (read) | ❌ 1/2 | not run |",
		"| faults (wrong password, unknown method, bad param) | ✅ 1/1 | not run |",
		"| projects | – | not run |",
		"| backlog.getIssue | ✅ 1/1 | not run |",
		"| **methods exercised** | 2/49 | not run |",
		"- B: not installed",
		"- A / backlog.getComments / 2: got | 1 want 2",
		"| A | unknown method | Fault -32601 |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("matrix lacks %q:\n%s", want, out)
		}
	}
	if again := string(RenderMatrix(runs, "go test ./e2e/interop/")); again != out {
		t.Error("two renders of the same runs differ")
	}
}

func TestReplaceSection(t *testing.T) {
	const b, e = "<!-- b -->", "<!-- e -->"
	tests := []struct {
		name, doc, want string
		ok              bool
	}{
		{"replaces", "# T\n" + b + "\nold\n" + e + "\nrest\n", "# T\n" + b + "\nNEW\n" + e + "\nrest\n", true},
		{"empty section", b + e, b + "\nNEW\n" + e, true},
		{"no markers", "# T\n", "# T\n", false},
		{"end before begin", e + "\n" + b + "\n", e + "\n" + b + "\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ReplaceSection([]byte(tt.doc), b, e, []byte("NEW\n"))
			if string(got) != tt.want || ok != tt.ok {
				t.Errorf("got %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
			if ok {
				again, _ := ReplaceSection(got, b, e, []byte("NEW\n"))
				if string(again) != string(got) {
					t.Errorf("not idempotent: %q", again)
				}
			}
		})
	}
}

func TestGroupTable(t *testing.T) {
	runs := []ClientRun{{Client: "A", Checks: []Check{{Method: "backlog.getIssue", Name: "x", OK: true}}}}
	got := string(GroupTable(runs))
	if !strings.HasPrefix(got, "| method group | A |\n") || !strings.Contains(got, "| issues (read) | ✅ 1/1 |") ||
		!strings.HasSuffix(got, "| **total** | ✅ 1/1 |\n") || strings.Contains(got, "Per legacy method") {
		t.Errorf("group table:\n%s", got)
	}
}

// TestJudge runs real processes (sh) so the exit statuses are genuine.
func TestJudge(t *testing.T) {
	okLine := `{"method":"backlog.getIssue","check":"a","ok":true}`
	badLine := `{"method":"backlog.getIssue","check":"b","ok":false,"detail":"got 1, want 2"}`
	tests := []struct {
		name     string
		script   string
		problems []string // substrings, one per expected problem
	}{
		{"all ok, exit 0", "echo '" + okLine + "'", nil},
		{"failed check, exit 1", "echo '" + okLine + "'; echo '" + badLine + "'; exit 1", []string{"b: got 1, want 2"}},
		{"failed check, exit 0", "echo '" + badLine + "'", []string{"b: got 1, want 2"}},
		{"crash after passing checks", "echo '" + okLine + "'; exit 2", []string{"exited: exit status 2"}},
		{"nothing checked", "echo starting", []string{"printed no checks"}},
		{"malformed line", "echo '{\"method\":'", []string{"bad result line"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command("sh", "-c", tt.script)
			out, err := cmd.Output()
			_, problems := judge(out, err)
			if len(problems) != len(tt.problems) {
				t.Fatalf("problems %q, want %d like %q", problems, len(tt.problems), tt.problems)
			}
			for i, want := range tt.problems {
				if !strings.Contains(problems[i], want) {
					t.Errorf("problem %q lacks %q", problems[i], want)
				}
			}
		})
	}
}
