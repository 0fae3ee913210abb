package xmlrpc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// faultRow is a request that must end in faultCode with exactly
// faultString.
type faultRow struct {
	code   int
	body   string
	string string
}

// appError is an application error for the FaultFunc tests: the runtime
// knows nothing of it but what the FaultFunc says.
type appError struct {
	code int
	msg  string
	err  error
}

func (e *appError) Error() string {
	if e.err != nil {
		return e.msg + ": " + e.err.Error()
	}
	return e.msg
}
func (e *appError) Unwrap() error { return e.err }

// classifyApp is the FaultFunc of the tests: *appError is the
// application's, anything else is not classified.
func classifyApp(err error) (int, string, bool) {
	var ae *appError
	if errors.As(err, &ae) {
		return ae.code, ae.msg, true
	}
	return 0, "", false
}

// appPermissionDenied is an application fault code of the tests.
const appPermissionDenied = 403

// faultTable drives the runtime's own faults, and errors classified through
// WithFaultFunc, through the HTTP server. Handlers named "fault.*" return the
// errors under test. The full table a legacy caller sees is methods/FAULTS.md.
func faultTable() []faultRow {
	call := func(method string) string {
		return "<methodCall><methodName>" + method + "</methodName></methodCall>"
	}
	return []faultRow{
		{FaultNotWellFormed, "<methodCall><methodName>a</methodName>", "parse error: not well formed: unexpected end of document"},
		{FaultUnsupportedEncoding, `<?xml version="1.0" encoding="x-klingon"?><methodCall/>`, `parse error: unsupported encoding "x-klingon"`},
		{FaultInvalidCharacter, "<methodCall><methodName>a\xff</methodName></methodCall>", "parse error: invalid character for encoding: invalid UTF-8"},
		{FaultInvalidRequest, `<!DOCTYPE x><methodCall><methodName>a</methodName></methodCall>`, "invalid XML-RPC: DOCTYPE and other directives are refused"},
		{FaultMethodNotFound, call("backlog.getHoge"), "method not found: backlog.getHoge"},
		{FaultInvalidParams, call("fault.invalid"), "projectId: required"},
		{FaultInvalidParams, "<methodCall><methodName>system.listMethods</methodName><params><param><value>x</value></param></params></methodCall>", "system.listMethods takes no parameters"},
		{FaultInternal, call("fault.internal"), "internal error"},
		{FaultInternal, call("fault.classifiedinternal"), "internal error"},
		{FaultInternal, call("fault.panic"), "internal error"},
		{404, call("fault.notfound"), "issue DORA-999 not found"},
		{7, call("fault.relayed"), "seven"},
	}
}

// faultServer registers handlers returning each kind of error, with
// classifyApp as its FaultFunc.
func faultServer() *Server {
	s := NewServer(WithFaultFunc(classifyApp))
	ret := func(err error) Handler {
		return func(context.Context, []Value) (Value, error) { return Value{}, err }
	}
	s.Register("fault.invalid", ret(&appError{FaultInvalidParams, "projectId: required", errors.New("apiKey=SECRET")}), nil, "")
	s.Register("fault.internal", ret(fmt.Errorf("db: password=hunter2 refused")), nil, "")
	s.Register("fault.classifiedinternal", ret(&appError{FaultInternal, "password=hunter2", errors.New("x")}), nil, "")
	s.Register("fault.panic", func(context.Context, []Value) (Value, error) { panic("token=SECRET") }, nil, "")
	s.Register("fault.notfound", ret(fmt.Errorf("wrapped: %w", &appError{404, "issue DORA-999 not found", errors.New("dial tcp: refused")})), nil, "")
	s.Register("fault.relayed", ret(&Fault{Code: 7, String: "seven"}), nil, "")
	return s
}

// postRaw posts body to h and returns the status and the decoded fault (nil
// for a success).
func postRaw(t *testing.T, h http.Handler, body string) (int, *Fault, Value) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/XML-RPC", strings.NewReader(body)))
	res := rec.Result()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return res.StatusCode, nil, Value{}
	}
	if got := res.Header.Get("Content-Length"); got != strconv.Itoa(len(data)) {
		t.Fatalf("Content-Length %s for %d bytes", got, len(data))
	}
	v, err := DecodeResponse(strings.NewReader(string(data)), Limits{})
	var f *Fault
	if errors.As(err, &f) {
		return res.StatusCode, f, Value{}
	}
	if err != nil {
		t.Fatalf("response does not decode: %v\n%s", err, data)
	}
	return res.StatusCode, nil, v
}

func TestFaultTable(t *testing.T) {
	s := faultServer()
	for _, row := range faultTable() {
		t.Run(strconv.Itoa(row.code), func(t *testing.T) {
			status, f, _ := postRaw(t, s, row.body)
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

func TestFaultOf(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code int
		msg  string
	}{
		{"nil", nil, 0, ""},
		{"plain error is internal", errors.New("boom: token=abc"), FaultInternal, "internal error"},
		{"context deadline is internal", context.DeadlineExceeded, FaultInternal, "internal error"},
		{"application error without a FaultFunc is internal", &appError{404, "no issue", errors.New("x")}, FaultInternal, "internal error"},
		{"protocol internal hides its message", &ProtocolError{Code: FaultInternal, Message: "x"}, FaultInternal, "internal error"},
		{"protocol error", protocolErr(FaultMethodNotFound, "method not found: x"), FaultMethodNotFound, "method not found: x"},
		{"relayed fault", &Fault{Code: 7, String: "seven"}, 7, "seven"},
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

func TestFaultWith(t *testing.T) {
	wrapped := fmt.Errorf("methods: %w", &appError{404, "no issue", errors.New("x")})
	tests := []struct {
		name string
		err  error
		code int
		msg  string
	}{
		{"nil", nil, 0, ""},
		{"wrapped application error", wrapped, 404, "no issue"},
		{"unclassified error is internal", errors.New("boom: token=abc"), FaultInternal, "internal error"},
		{"classified internal hides its message", &appError{FaultInternal, "nil map in catalog", errors.New("x")}, FaultInternal, "internal error"},
		{"protocol errors come first", &ProtocolError{Code: FaultInvalidRequest, Message: "m", Err: &appError{404, "no", errors.New("x")}}, FaultInvalidRequest, "m"},
		{"relayed fault", &Fault{Code: 7, String: "seven"}, 7, "seven"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, msg := FaultWith(tt.err, classifyApp)
			if code != tt.code || msg != tt.msg {
				t.Fatalf("got %d %q, want %d %q", code, msg, tt.code, tt.msg)
			}
			if sc, sm := faultServer().FaultOf(tt.err); sc != code || sm != msg {
				t.Fatalf("Server.FaultOf got %d %q, FaultWith %d %q", sc, sm, code, msg)
			}
		})
	}
}
