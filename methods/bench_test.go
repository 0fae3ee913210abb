package methods

import (
	"context"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// BenchmarkGetIssueWarm: one warm getIssue through the handler, the catalog
// and v2client against the in-process fake over loopback HTTP (1 v2 call).
func BenchmarkGetIssueWarm(b *testing.B) {
	r := newRig(b, "demo")
	ctx := r.ctx("demo")
	h := handlerOf(b, "backlog.getIssue")
	params := []xmlrpc.Value{xmlrpc.String("DEMO-1")}
	if _, err := h(r.svc, ctx, params); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h(r.svc, ctx, params); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindIssueWarm: findIssue of the 14 DEMO issues (1 v2 call).
func BenchmarkFindIssueWarm(b *testing.B) {
	r := newRig(b, "demo")
	ctx := r.ctx("demo")
	h := handlerOf(b, "backlog.findIssue")
	params := []xmlrpc.Value{st(fi("projectId", num(1)), fi("issueType", str("バグ")))}
	if _, err := h(r.svc, ctx, params); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h(r.svc, ctx, params); err != nil {
			b.Fatal(err)
		}
	}
}

func handlerOf(b *testing.B, name string) func(*Service, context.Context, []xmlrpc.Value) (xmlrpc.Value, error) {
	for _, m := range registry {
		if m.name == name {
			return m.call
		}
	}
	b.Fatalf("no %s", name)
	return nil
}
