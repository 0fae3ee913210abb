package migration

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestObserveCountsPerLoginAndMethod(t *testing.T) {
	c := &clock{time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	r := New(Options{Now: c.now})
	r.Observe("demo", "backlog.getIssue", 0, "ruby")
	c.t = c.t.Add(time.Hour)
	r.Observe("demo", "backlog.getIssue", 403, "python")
	r.Observe("admin", "backlog.admin.getUsers", 0, "")
	rows := r.Rows()
	if len(rows) != 2 {
		t.Fatalf("rows = %+v", rows)
	}
	d := rows[1]
	if d.Login != "demo" || d.Calls != 2 || d.Faults[403] != 1 || len(d.Faults) != 1 {
		t.Fatalf("demo row = %+v", d)
	}
	if !d.FirstSeen.Equal(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)) || !d.LastSeen.Equal(c.t) {
		t.Fatalf("first/last = %v %v", d.FirstSeen, d.LastSeen)
	}
	if strings.Join(d.UserAgents, ",") != "ruby,python" || d.Days["2026-03-01"] != 2 {
		t.Fatalf("user agents %v days %v", d.UserAgents, d.Days)
	}
}

func TestBounds(t *testing.T) {
	c := &clock{time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	r := New(Options{Now: c.now, MaxLogins: 2, Days: 3})
	for i, l := range []string{"a", "b", "c", "d"} {
		r.Observe(l, "m", 0, strings.Repeat("x", 1000)+string(rune('a'+i)))
	}
	for i := 0; i < 20; i++ {
		r.Observe("a", "m", 0, "ua"+string(rune('a'+i)))
	}
	c.t = c.t.Add(5 * 24 * time.Hour)
	r.Observe("a", "m", 0, "")
	logins := map[string]int64{}
	for _, row := range r.Rows() {
		logins[row.Login] = row.Calls
		if len(row.UserAgents) > MaxUserAgents {
			t.Errorf("%s: %d user agents", row.Login, len(row.UserAgents))
		}
		for _, ua := range row.UserAgents {
			if len(ua) > MaxUserAgentLen {
				t.Errorf("user agent of %d bytes", len(ua))
			}
		}
		if row.Login == "a" && (len(row.Days) != 1 || row.Days["2026-03-06"] != 1) {
			t.Errorf("days of a = %v, want only 2026-03-06 (older than 3 days dropped)", row.Days)
		}
	}
	if len(logins) != 3 || logins[OtherLogin] != 2 || logins["a"] != 22 {
		t.Fatalf("logins = %v, want a, b and other (c and d folded)", logins)
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	c := &clock{time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	r := New(Options{Now: c.now})
	if err := r.Load(dir); err != nil {
		t.Fatalf("Load without a snapshot: %v", err)
	}
	r.Observe("demo", "backlog.getIssue", 0, "ruby")
	r.Observe("demo", "backlog.getIssue", 404, "ruby")
	if err := r.Save(dir); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != SnapshotFile {
		t.Fatalf("state dir holds %v, want only %s (no temporary file left)", entries, SnapshotFile)
	}
	r2 := New(Options{Now: c.now})
	if err := r2.Load(dir); err != nil {
		t.Fatal(err)
	}
	a, b := r.Rows(), r2.Rows()
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Fatalf("after Load:\n%s\nwant\n%s", jb, ja)
	}
	if err := os.WriteFile(filepath.Join(dir, SnapshotFile), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := New(Options{}).Load(dir); err == nil {
		t.Fatal("Load of a corrupt snapshot: no error")
	}
}

func TestPageAndJSON(t *testing.T) {
	c := &clock{time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	r := New(Options{Now: c.now, Methods: []Info{{Method: "backlog.getIssue", Instead: "GET /api/v2/issues/:issueIdOrKey", Doc: "docs/methods/backlog.getIssue.md"}}})
	r.Observe("demo", "backlog.getIssue", 0, `<script>alert(1)</script>`)
	r.Observe("admin", "backlog.getProjects", 0, "")
	h := r.Handler()

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", PagePath, nil))
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("page: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, want := range []string{`data-login="demo" data-method="backlog.getIssue"`, `data-login="admin"`,
		"GET /api/v2/issues/:issueIdOrKey", "docs/methods/backlog.getIssue.md", `<rect class="bar" data-method="backlog.getIssue"`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, "<script>") {
		t.Error("a User-Agent is rendered unescaped")
	}

	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", JSONPath, nil))
	var rep Report
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Rows) != 2 || rep.Methods["backlog.getIssue"].Instead == "" {
		t.Fatalf("json report = %+v", rep)
	}
}

func TestUserAgentCutOnACharacterBoundary(t *testing.T) {
	r := New(Options{})
	r.Observe("demo", "m", 0, "a"+strings.Repeat("日", 100)) // 301 bytes; byte 200 is inside a character
	ua := r.Rows()[0].UserAgents[0]
	if len(ua) > MaxUserAgentLen || !utf8.ValidString(ua) || !strings.HasPrefix(ua, "a日") {
		t.Fatalf("kept %q (%d bytes): want a valid prefix of at most %d bytes", ua, len(ua), MaxUserAgentLen)
	}
}
