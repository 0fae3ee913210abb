package methods

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// benchRig is the full handler path of one legacy call, in process: the
// methodCall bytes go through xmlrpc.Server.ServeHTTP (decode, dispatch,
// handler, v2 client over loopback keep-alive HTTP to the Backlog fake,
// mapping, encode). Only the gateway's own HTTP front (auth, chi, metrics,
// logs) is left out: cmd/backlog-load measures that end to end.
type benchRig struct {
	srv *xmlrpc.Server
	ctx context.Context
}

func newBenchRig(b *testing.B) *benchRig {
	b.Helper()
	f := fake.New(fake.DefaultSeed())
	v2 := httptest.NewServer(f)
	b.Cleanup(v2.Close)
	base, err := v2client.New(v2.URL)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(base.CloseIdleConnections)
	svc := New(Options{LegacyBaseURL: legacyBase})
	srv := xmlrpc.NewServer(xmlrpc.WithFaultFunc(Fault))
	svc.Register(srv)
	return &benchRig{srv: srv, ctx: WithClient(context.Background(), base.WithAPIKey(apiKeys["demo"]))}
}

// do runs one call and fails on a fault.
func (r *benchRig) do(b *testing.B, body []byte) int {
	req := httptest.NewRequestWithContext(r.ctx, http.MethodPost, "/XML-RPC", bytes.NewReader(body))
	rec := httptest.NewRecorder()
	r.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte("<fault>")) {
		b.Fatalf("%d %s", rec.Code, rec.Body.Bytes())
	}
	return rec.Body.Len()
}

func benchCall(b *testing.B, method string, params ...xmlrpc.Value) []byte {
	body, err := xmlrpc.AppendCall(nil, method, params...)
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkHandler is each method of the load harness's mixed workload on
// a warm cache (one untimed call first), plus the trivial getStatuses and
// findIssue at 1, 20 and 100 results. B/op and allocs/op include the fake.
func BenchmarkHandler(b *testing.B) {
	names := st(fi("projectId", num(1)), fi("summary", str("bench")), fi("issueType", str("バグ")),
		fi("priority", str("高")), fi("component", str("画面")), fi("version", str("v1.0")),
		fi("milestone", str("お披露目パーティ")))
	find := func(n int64) []byte {
		return benchCall(b, "backlog.findIssue", st(fi("projectId", num(1)), fi("limit", num(n))))
	}
	cases := []struct {
		name string
		body []byte
	}{
		{"getStatuses", benchCall(b, "backlog.getStatuses")},
		{"getProjects", benchCall(b, "backlog.getProjects")},
		{"getIssueTypes", benchCall(b, "backlog.getIssueTypes", num(1))},
		{"getIssue", benchCall(b, "backlog.getIssue", str("DEMO-1"))},
		{"findIssue/1", find(1)},
		{"findIssue/20", find(20)},
		{"findIssue/100", find(100)},
		{"createIssue_names", benchCall(b, "backlog.createIssue", names)},
		{"switchStatus", benchCall(b, "backlog.switchStatus", st(fi("key", str("DEMO-2")), fi("statusId", num(2))))},
		{"addComment", benchCall(b, "backlog.addComment", st(fi("key", str("DEMO-2")), fi("content", str("ベンチ"))))},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			r := newBenchRig(b)
			// DEMO gets 100 more issues so findIssue can return 100.
			create := benchCall(b, "backlog.createIssue", st(fi("projectId", num(1)), fi("summary", str("fill"))))
			for range 100 {
				r.do(b, create)
			}
			n := r.do(b, tc.body) // warm the cache
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				r.do(b, tc.body)
			}
		})
	}
}
