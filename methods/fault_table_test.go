package methods

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// faultTableRow is one row of FAULTS.md: a request that must end in
// faultCode with exactly faultString.
type faultTableRow struct {
	code   int
	body   string
	string string
}

// faultTable drives every row of FAULTS.md through an HTTP server wired as
// the gateway is (xmlrpc.WithFaultFunc(Fault)). Handlers named "fault.*"
// return the errors under test.
func faultTable() []faultTableRow {
	call := func(method string) string {
		return "<methodCall><methodName>" + method + "</methodName></methodCall>"
	}
	return []faultTableRow{
		{xmlrpc.FaultNotWellFormed, "<methodCall><methodName>a</methodName>", "parse error: not well formed: unexpected end of document"},
		{xmlrpc.FaultUnsupportedEncoding, `<?xml version="1.0" encoding="x-klingon"?><methodCall/>`, `parse error: unsupported encoding "x-klingon"`},
		{xmlrpc.FaultInvalidCharacter, "<methodCall><methodName>a\xff</methodName></methodCall>", "parse error: invalid character for encoding: invalid UTF-8"},
		{xmlrpc.FaultInvalidRequest, `<!DOCTYPE x><methodCall><methodName>a</methodName></methodCall>`, "invalid XML-RPC: DOCTYPE and other directives are refused"},
		{xmlrpc.FaultMethodNotFound, call("backlog.getHoge"), "method not found: backlog.getHoge"},
		{xmlrpc.FaultInvalidParams, call("fault.invalid"), "projectId: required"},
		{xmlrpc.FaultInternal, call("fault.internal"), "internal error"},
		{FaultUnauthenticated, call("fault.unauthenticated"), "authentication failed"},
		{FaultPlanRestricted, call("fault.plan"), "parent_issue_id needs a paid plan"},
		{FaultPermissionDenied, call("fault.permission"), "backlog.admin.getUsers needs an administrator"},
		{FaultNotFound, call("fault.notfound"), "issue DORA-999 not found"},
		{FaultConflict, call("fault.conflict"), "a version named 1.0 already exists"},
		{FaultRateLimited, call("fault.ratelimited"), "Backlog rate limit reached; retry after 90 seconds"},
		{FaultUnsupported, call("fault.unsupported"), "backlog.getTimeline has no Backlog v2 equivalent"},
		{FaultUpstreamBadResponse, call("fault.badresponse"), "Backlog answered an unreadable response"},
		{FaultUpstreamUnavailable, call("fault.unavailable"), "Backlog is unavailable"},
		{FaultOutcomeUnknown, call("fault.outcome"), "the outcome of the change is unknown; check before retrying"},
	}
}

// faultServer registers handlers returning each domain error.
func faultServer() *xmlrpc.Server {
	s := xmlrpc.NewServer(xmlrpc.WithFaultFunc(Fault))
	ret := func(err error) xmlrpc.Handler {
		return func(context.Context, []xmlrpc.Value) (xmlrpc.Value, error) { return xmlrpc.Value{}, err }
	}
	s.Register("fault.invalid", ret(failure.Invalid("projectId", "required")), nil, "")
	s.Register("fault.internal", ret(fmt.Errorf("db: password=hunter2 refused")), nil, "")
	s.Register("fault.unauthenticated", ret(failure.Wrap(failure.Unauthenticated, errors.New("apiKey=SECRET revoked"), "")), nil, "")
	s.Register("fault.plan", ret(failure.New(failure.PlanRestricted, "parent_issue_id needs a paid plan")), nil, "")
	s.Register("fault.permission", ret(failure.New(failure.PermissionDenied, "backlog.admin.getUsers needs an administrator")), nil, "")
	s.Register("fault.notfound", ret(failure.New(failure.NotFound, "issue DORA-999 not found")), nil, "")
	s.Register("fault.conflict", ret(failure.New(failure.Conflict, "a version named 1.0 already exists")), nil, "")
	s.Register("fault.ratelimited", ret(&failure.Error{Code: failure.RateLimited, Message: "Backlog rate limit reached", RetryAfter: 89500 * time.Millisecond}), nil, "")
	s.Register("fault.unsupported", ret(failure.New(failure.Unsupported, "backlog.getTimeline has no Backlog v2 equivalent")), nil, "")
	s.Register("fault.badresponse", ret(failure.Wrap(failure.UpstreamBadResponse, errors.New("<html>"), "")), nil, "")
	s.Register("fault.unavailable", ret(failure.Wrap(failure.UpstreamUnavailable, errors.New("dial tcp: refused"), "")), nil, "")
	s.Register("fault.outcome", ret(failure.Wrap(failure.OutcomeUnknown, errors.New("timeout after POST"), "")), nil, "")
	return s
}

// postFault posts body to h and returns the status and the decoded fault
// (nil for a success).
func postFault(t *testing.T, h http.Handler, body string) (int, *xmlrpc.Fault) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/XML-RPC", strings.NewReader(body)))
	res := rec.Result()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return res.StatusCode, nil
	}
	if got := res.Header.Get("Content-Length"); got != strconv.Itoa(len(data)) {
		t.Fatalf("Content-Length %s for %d bytes", got, len(data))
	}
	_, err := xmlrpc.DecodeResponse(strings.NewReader(string(data)), xmlrpc.Limits{})
	var f *xmlrpc.Fault
	if errors.As(err, &f) {
		return res.StatusCode, f
	}
	if err != nil {
		t.Fatalf("response does not decode: %v\n%s", err, data)
	}
	return res.StatusCode, nil
}

func TestFaultTable(t *testing.T) {
	s := faultServer()
	for _, row := range faultTable() {
		t.Run(strconv.Itoa(row.code), func(t *testing.T) {
			status, f := postFault(t, s, row.body)
			if status != http.StatusOK || f == nil {
				t.Fatalf("status %d, fault %v", status, f)
			}
			if f.Code != row.code || f.String != row.string {
				t.Fatalf("got %d %q, want %d %q", f.Code, f.String, row.code, row.string)
			}
			for _, secret := range []string{"hunter2", "SECRET", "password", "apiKey", "dial tcp", "<html>"} {
				if strings.Contains(f.String, secret) {
					t.Fatalf("faultString leaks %q: %q", secret, f.String)
				}
			}
		})
	}
}

// TestFaultsDocMatchesTable keeps FAULTS.md honest: every row of its table
// is a row of faultTable with the same example faultString, and the other
// way round.
func TestFaultsDocMatchesTable(t *testing.T) {
	doc, err := os.ReadFile("FAULTS.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| (-?\\d+) \\|[^|]*\\|[^|]*\\| `([^`]*)` \\|$")
	documented := map[int]string{}
	for _, m := range row.FindAllStringSubmatch(string(doc), -1) {
		code, _ := strconv.Atoi(m[1])
		documented[code] = m[2]
	}
	tested := map[int]bool{}
	for _, r := range faultTable() {
		tested[r.code] = true
		got, ok := documented[r.code]
		if !ok {
			t.Errorf("faultCode %d is not in FAULTS.md", r.code)
			continue
		}
		if got != r.string {
			t.Errorf("FAULTS.md example for %d is %q, the server says %q", r.code, got, r.string)
		}
	}
	for code := range documented {
		if !tested[code] {
			t.Errorf("FAULTS.md documents %d but no test drives it", code)
		}
	}
}

// Every failure.Code has a row: a code added to failure without one would
// silently become -32603.
func TestEveryFailureCodeHasAFaultCode(t *testing.T) {
	seen := map[int]failure.Code{}
	for _, c := range failure.Codes() {
		code := xmlrpc.FaultInternal
		if row, ok := faultCodes[c]; ok {
			code = row.code
		}
		if code == xmlrpc.FaultInternal && c != failure.Internal {
			t.Errorf("%s has no row in the fault table", c)
		}
		if prev, dup := seen[code]; dup {
			t.Errorf("%s and %s share faultCode %d", c, prev, code)
		}
		seen[code] = c
		fc, _ := FaultOf(failure.New(c, "x"))
		if fc != code {
			t.Errorf("FaultOf(%s) = %d, table says %d", c, fc, code)
		}
	}
}

func TestFaultOf(t *testing.T) {
	wrapped := fmt.Errorf("methods: %w", failure.New(failure.NotFound, "no issue"))
	tests := []struct {
		name string
		err  error
		code int
		msg  string
	}{
		{"nil", nil, 0, ""},
		{"wrapped failure", wrapped, FaultNotFound, "no issue"},
		{"plain error is internal", errors.New("boom: token=abc"), xmlrpc.FaultInternal, "internal error"},
		{"context deadline is internal", context.DeadlineExceeded, xmlrpc.FaultInternal, "internal error"},
		{"failure.Internal hides its message", failure.New(failure.Internal, "nil map in catalog"), xmlrpc.FaultInternal, "internal error"},
		{"protocol internal hides its message", &xmlrpc.ProtocolError{Code: xmlrpc.FaultInternal, Message: "x"}, xmlrpc.FaultInternal, "internal error"},
		{"empty message gets a default", &failure.Error{Code: failure.NotFound}, FaultNotFound, "not found"},
		{"rate limit under a second says 1 second", &failure.Error{Code: failure.RateLimited, RetryAfter: time.Millisecond}, FaultRateLimited, "rate limit exceeded; retry after 1 seconds"},
		{"relayed fault", &xmlrpc.Fault{Code: 7, String: "seven"}, 7, "seven"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, msg := FaultOf(tt.err)
			if code != tt.code || msg != tt.msg {
				t.Fatalf("got %d %q, want %d %q", code, msg, tt.code, tt.msg)
			}
		})
	}
}
