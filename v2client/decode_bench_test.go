package v2client_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
)

// fakeAdminKey authenticates as the seed's administrator.
const fakeAdminKey = "demo-api-key-admin"

// fakeBody answers one GET of the default-seed fake in-process (no
// network): the exact bytes the gateway reads from it.
func fakeBody(tb testing.TB, f *fake.Server, pathAndQuery string) []byte {
	tb.Helper()
	sep := "?"
	if bytes.ContainsRune([]byte(pathAndQuery), '?') {
		sep = "&"
	}
	req := httptest.NewRequest(http.MethodGet, "http://fake.test"+pathAndQuery+sep+"apiKey="+fakeAdminKey, nil)
	rec := httptest.NewRecorder()
	f.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		tb.Fatalf("GET %s: HTTP %d %s", pathAndQuery, rec.Code, rec.Body.String())
	}
	return rec.Body.Bytes()
}

// issueList builds a JSON array of n issues by cycling through the fake's
// issues (the seed has fewer than 100).
func issueList(tb testing.TB, f *fake.Server, n int) []byte {
	tb.Helper()
	var all []json.RawMessage
	if err := json.Unmarshal(fakeBody(tb, f, "/api/v2/issues?count=100"), &all); err != nil || len(all) == 0 {
		tb.Fatalf("issue list: %d issues, %v", len(all), err)
	}
	var buf bytes.Buffer
	buf.WriteByte('[')
	for i := range n {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(all[i%len(all)])
	}
	buf.WriteByte(']')
	return buf.Bytes()
}

// BenchmarkDecode compares the JSON decode of v2 answers, old
// (encoding/json) and new (jsonv2 with v1 semantics, decode.go), in one
// run: one issue as the fake serves it (DEMO-14, with custom fields), the
// fixture issue, lists of 20 and 100 issues, and the fake's answers of the
// other list endpoints the gateway reads.
//
//	go test ./v2client -run '^$' -bench Decode -benchmem -count 5
func BenchmarkDecode(b *testing.B) {
	f := fake.New(fake.DefaultSeed())
	fixture, err := os.ReadFile(filepath.Join(v2client.FixtureDir, "issue.json"))
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name string
		body []byte
		new  func() any
	}{
		{"issue/fake-DEMO-14", fakeBody(b, f, "/api/v2/issues/DEMO-14"), func() any { return new(v2client.Issue) }},
		{"issue/fixture", fixture, func() any { return new(v2client.Issue) }},
		{"issues/20", issueList(b, f, 20), func() any { return new([]v2client.Issue) }},
		{"issues/100", issueList(b, f, 100), func() any { return new([]v2client.Issue) }},
		{"statuses", fakeBody(b, f, "/api/v2/projects/DEMO/statuses"), func() any { return new([]v2client.Status) }},
		{"users", fakeBody(b, f, "/api/v2/users"), func() any { return new([]v2client.User) }},
		{"projects", fakeBody(b, f, "/api/v2/projects"), func() any { return new([]v2client.Project) }},
		{"customFields", fakeBody(b, f, "/api/v2/projects/DEMO/customFields"), func() any { return new([]v2client.CustomField) }},
		{"comments", fakeBody(b, f, "/api/v2/issues/DEMO-1/comments"), func() any { return new([]v2client.Comment) }},
		{"activities", fakeBody(b, f, "/api/v2/space/activities"), func() any { return new([]v2client.Activity) }},
	}
	decoders := []struct {
		name string
		fn   func([]byte, any) error
	}{
		{"old", v2client.JSONUnmarshalV1},
		{"new", v2client.JSONUnmarshal},
	}
	for _, c := range cases {
		for _, d := range decoders {
			b.Run(fmt.Sprintf("%s/%s", c.name, d.name), func(b *testing.B) {
				b.SetBytes(int64(len(c.body)))
				b.ReportAllocs()
				for b.Loop() {
					if err := d.fn(c.body, c.new()); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
