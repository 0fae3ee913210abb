package mapping

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// benchData is v2 data as the client decodes it from the Backlog fake's
// seed: DEMO's issues (with values of all eight custom-field types), its
// custom-field definitions, projects, issue types, versions, comments.
type benchData struct {
	issues   []v2client.Issue
	defs     []v2client.CustomField
	projects []v2client.Project
	types    []v2client.IssueType
	versions []v2client.Version
	comments []v2client.Comment
}

func loadBenchData(b *testing.B) *benchData {
	b.Helper()
	srv := httptest.NewServer(fake.New(nil))
	defer srv.Close()
	base, err := v2client.New(srv.URL)
	if err != nil {
		b.Fatal(err)
	}
	defer base.CloseIdleConnections()
	c := base.WithAPIKey("demo-api-key-normal")
	ctx := context.Background()
	var d benchData
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	d.issues, _, err = c.Issues.List(ctx, &v2client.IssueListOptions{ProjectIDs: []int64{1}, Count: 100})
	must(err)
	d.defs, _, err = c.Projects.ListCustomFields(ctx, "DEMO")
	must(err)
	d.projects, _, err = c.Projects.List(ctx, nil)
	must(err)
	d.types, _, err = c.Projects.ListIssueTypes(ctx, "DEMO")
	must(err)
	d.versions, _, err = c.Projects.ListVersions(ctx, "DEMO")
	must(err)
	d.comments, _, err = c.Comments.List(ctx, "DEMO-1", nil)
	must(err)
	return &d
}

// withCustomFields returns the first issue holding n custom-field values
// or more.
func (d *benchData) withCustomFields(b *testing.B, n int) v2client.Issue {
	for _, is := range d.issues {
		if len(is.CustomFields) >= n {
			return is
		}
	}
	b.Fatalf("no seed issue with %d custom-field values", n)
	return v2client.Issue{}
}

// BenchmarkMapping is the v2 -> legacy translation of each shape the load
// harness's workload answers, without HTTP or codec; encode adds the
// methodResponse encoding of the same value (what the wire costs on top).
func BenchmarkMapping(b *testing.B) {
	d := loadBenchData(b)
	loc := time.FixedZone("JST", 9*3600)
	const base = "https://demo.backlog.jp"
	rich := d.withCustomFields(b, 4)
	many := func(n int) []v2client.Issue {
		out := make([]v2client.Issue, n)
		for i := range out {
			out[i] = d.issues[i%len(d.issues)]
		}
		return out
	}
	cases := []struct {
		name string
		f    func() xmlrpc.Value
	}{
		{"Issue", func() xmlrpc.Value { return Issue(rich, d.defs, base, loc) }},
		{"CustomFieldValues", func() xmlrpc.Value { return CustomFieldValues(rich.CustomFields, d.defs, loc) }},
		{"Issues/1", func() xmlrpc.Value { return Issues(many(1), d.defs, base, loc) }},
		{"Issues/20", func() xmlrpc.Value { return Issues(many(20), d.defs, base, loc) }},
		{"Issues/100", func() xmlrpc.Value { return Issues(many(100), d.defs, base, loc) }},
		{"Projects", func() xmlrpc.Value { return Projects(d.projects, base) }},
		{"IssueTypes", func() xmlrpc.Value { return IssueTypes(d.types) }},
		{"Versions", func() xmlrpc.Value { return Versions(d.versions, loc) }},
		{"Comments", func() xmlrpc.Value { return Comments(d.comments, loc) }},
		{"BuiltinStatuses", func() xmlrpc.Value { return BuiltinStatuses("ja") }},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				tc.f()
			}
		})
		b.Run(tc.name+"+encode", func(b *testing.B) {
			var buf []byte
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if buf, err = xmlrpc.AppendResponse(buf[:0], tc.f()); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(len(buf)))
		})
	}
}
