package xmlrpc

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	kolo "github.com/kolo/xmlrpc"
	"golang.org/x/text/encoding/japanese"
)

func echoHandler(_ context.Context, params []Value) (Value, error) {
	return Array(params...), nil
}

func TestServeHTTPStatusAndHeaders(t *testing.T) {
	s := NewServer(WithLimits(Limits{MaxBodyBytes: 200}))
	s.Register("t.echo", echoHandler, nil, "")
	tests := []struct {
		name     string
		method   string
		body     string
		header   map[string]string
		status   int
		allow    string
		xmlReply bool
	}{
		{"POST answers 200 text/xml", http.MethodPost, callXML("x"), nil, 200, "", true},
		{"fault is 200 too", http.MethodPost, "junk", nil, 200, "", true},
		{"any content type accepted", http.MethodPost, callXML("x"), map[string]string{"Content-Type": "application/xml; charset=ISO-8859-1"}, 200, "", true},
		{"GET is 405 with Allow", http.MethodGet, "", nil, 405, "POST", false},
		{"PUT is 405 with Allow", http.MethodPut, callXML("x"), nil, 405, "POST", false},
		{"body over the limit is 413", http.MethodPost, callXML(strings.Repeat("x", 300)), nil, 413, "", false},
		{"gzip body is 415", http.MethodPost, callXML("x"), map[string]string{"Content-Encoding": "gzip"}, 415, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "/XML-RPC", strings.NewReader(tt.body))
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if got := rec.Header().Get("Allow"); got != tt.allow {
				t.Fatalf("Allow %q, want %q", got, tt.allow)
			}
			if tt.xmlReply {
				if ct := rec.Header().Get("Content-Type"); ct != "text/xml" {
					t.Fatalf("Content-Type %q", ct)
				}
				if cl := rec.Header().Get("Content-Length"); cl != strconv.Itoa(rec.Body.Len()) {
					t.Fatalf("Content-Length %s for %d bytes", cl, rec.Body.Len())
				}
			}
		})
	}
}

func TestContentTypeCharset(t *testing.T) {
	s := NewServer()
	s.Register("t.echo", echoHandler, nil, "")
	sjisBody, _ := japanese.ShiftJIS.NewEncoder().String(`<methodCall><methodName>t.echo</methodName><params><param><value>課題</value></param></params></methodCall>`)
	declared, _ := japanese.ShiftJIS.NewEncoder().String(`<?xml version="1.0" encoding="Shift_JIS"?><methodCall><methodName>t.echo</methodName><params><param><value>課題</value></param></params></methodCall>`)
	utf8Body := `<methodCall><methodName>t.echo</methodName><params><param><value>課題</value></param></params></methodCall>`
	tests := []struct {
		name, contentType, body string
		code                    int // 0: success echoing 課題
	}{
		{"charset used when the document declares none", "text/xml; charset=Shift_JIS", sjisBody, 0},
		{"declaration wins over the header", "text/xml; charset=EUC-JP", declared, 0},
		{"utf-8 header", "text/xml;charset=UTF-8", utf8Body, 0},
		{"no header", "", utf8Body, 0},
		{"unparseable header ignored", "text/xml; charset", utf8Body, 0},
		{"unknown header charset", "text/xml; charset=x-klingon", utf8Body, FaultUnsupportedEncoding},
		{"bytes undefined in the header charset", "text/xml; charset=Shift_JIS", "<methodCall><methodName>t.echo</methodName><params><param><value>\x81\x7f</value></param></params></methodCall>", FaultInvalidCharacter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			v, err := DecodeResponse(rec.Body, Limits{})
			if tt.code != 0 {
				var f *Fault
				if !errors.As(err, &f) || f.Code != tt.code {
					t.Fatalf("got %v, want fault %d", err, tt.code)
				}
				return
			}
			if err != nil || len(v.Items()) != 1 || v.Items()[0].Text() != "課題" {
				t.Fatalf("got %#v, %v", v, err)
			}
		})
	}
}

// Over a real connection the Content-Length is exact even for responses far
// larger than net/http's 2 KB chunking threshold.
func TestServeHTTPLargeResponseHasContentLength(t *testing.T) {
	s := NewServer()
	s.Register("t.big", func(context.Context, []Value) (Value, error) { return issues100(), nil }, nil, "")
	ts := httptest.NewServer(s)
	defer ts.Close()
	res, err := http.Post(ts.URL, "text/xml", strings.NewReader(`<methodCall><methodName>t.big</methodName></methodCall>`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.ContentLength != int64(len(body)) || len(body) < 60_000 || len(res.TransferEncoding) != 0 {
		t.Fatalf("ContentLength %d, body %d, TE %v", res.ContentLength, len(body), res.TransferEncoding)
	}
}

func TestIntrospection(t *testing.T) {
	s := NewServer()
	s.Register("t.echo", echoHandler, [][]string{{"array", "string"}, {"array", "int", "int"}}, "Echoes its params as an array.")
	s.Register("t.nosig", echoHandler, nil, "")
	call := func(method string, params ...Value) (Value, error) {
		return s.Call(context.Background(), method, params...)
	}

	v, err := call("system.listMethods")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, it := range v.Items() {
		names = append(names, it.Text())
	}
	want := "system.getCapabilities system.listMethods system.methodHelp system.methodSignature system.multicall t.echo t.nosig"
	if strings.Join(names, " ") != want {
		t.Fatalf("listMethods = %v", names)
	}

	v, _ = call("system.methodSignature", String("t.echo"))
	if got := string(mustAppend(t, v)); !strings.Contains(got, "<array><data><value><array><data><value><string>array</string></value><value><string>string</string></value></data></array></value><value><array><data><value><string>array</string></value><value><string>int</string></value><value><string>int</string></value></data></array></value></data></array>") {
		t.Fatalf("signature %s", got)
	}
	v, _ = call("system.methodSignature", String("t.nosig"))
	if v.Kind() != KindString || v.Text() != "undef" {
		t.Fatalf("unknown signature must be the string undef, got %#v", v)
	}
	v, _ = call("system.methodHelp", String("t.echo"))
	if v.Text() != "Echoes its params as an array." {
		t.Fatalf("help %q", v.Text())
	}
	v, _ = call("system.methodHelp", String("t.nosig"))
	if v.Kind() != KindString || v.Text() != "" {
		t.Fatalf("no help must be an empty string, got %#v", v)
	}
	for _, m := range []string{"system.methodHelp", "system.methodSignature"} {
		if _, err := call(m, String("no.such")); codeOf(err) != FaultMethodNotFound {
			t.Fatalf("%s of an unknown method: %v", m, err)
		}
		if _, err := call(m); codeOf(err) != FaultInvalidParams {
			t.Fatalf("%s without a name: %v", m, err)
		}
	}

	v, _ = call("system.getCapabilities")
	var caps []string
	for _, m := range v.Members() {
		u, _ := m.Value.Get("specUrl")
		ver, _ := m.Value.Get("specVersion")
		caps = append(caps, m.Name+"="+u.Text()+"@"+ver.Text())
	}
	wantCaps := "xmlrpc=http://www.xmlrpc.com/spec@1 faults_interop=http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php@20010516 " +
		"system.multicall=http://www.xmlrpc.com/discuss/msgReader$1208@1 introspect=http://xmlrpc-c.sourceforge.net/xmlrpc-c/introspection.html@1"
	if strings.Join(caps, " ") != wantCaps {
		t.Fatalf("capabilities %v", caps)
	}
}

func mustAppend(t *testing.T, v Value) []byte {
	t.Helper()
	b, err := AppendResponse(nil, v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func codeOf(err error) int { c, _ := FaultOf(err); return c }

// mcItem builds one {methodName, params} struct.
func mcItem(method string, params ...Value) Value {
	return Struct(Field("methodName", String(method)), Field("params", Array(params...)))
}

func TestMulticall(t *testing.T) {
	s := NewServer(WithLimits(Limits{MaxMulticallCalls: 5}), WithFaultFunc(classifyApp))
	s.Register("t.echo", echoHandler, nil, "")
	s.Register("t.fail", func(context.Context, []Value) (Value, error) {
		return Value{}, &appError{code: 404, msg: "nope"}
	}, nil, "")
	s.Register("t.panic", func(context.Context, []Value) (Value, error) { panic("secret internals") }, nil, "")
	s.Register("t.big", func(context.Context, []Value) (Value, error) { return Int(1 << 40), nil }, nil, "")

	v, err := s.Call(context.Background(), "system.multicall", Array(
		mcItem("t.echo", Int(1)),
		mcItem("t.fail"),
		mcItem("system.multicall", Array()),
		mcItem("no.such"),
		Struct(Field("methodName", String("t.echo"))), // params may be omitted
	))
	if err != nil {
		t.Fatal(err)
	}
	got := string(mustAppend(t, v))
	want := respOpen + "<array><data>" +
		"<value><array><data><value><array><data><value><int>1</int></value></data></array></value></data></array></value>" +
		"<value><struct><member><name>faultCode</name><value><int>404</int></value></member><member><name>faultString</name><value><string>nope</string></value></member></struct></value>" +
		"<value><struct><member><name>faultCode</name><value><int>-32600</int></value></member><member><name>faultString</name><value><string>invalid XML-RPC: system.multicall may not be nested</string></value></member></struct></value>" +
		"<value><struct><member><name>faultCode</name><value><int>-32601</int></value></member><member><name>faultString</name><value><string>method not found: no.such</string></value></member></struct></value>" +
		"<value><array><data><value><array><data></data></array></value></data></array></value>" +
		"</data></array>" + respClose
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}

	v, _ = s.Call(context.Background(), "system.multicall", Array(mcItem("t.panic"), mcItem("t.big"), String("not a struct"),
		Struct(Field("methodName", Int(3))), Struct(Field("methodName", String("t.echo")), Field("params", String("x")))))
	wantCodes := []int{FaultInternal, FaultInternal, FaultInvalidRequest, FaultInvalidRequest, FaultInvalidRequest}
	for i, it := range v.Items() {
		code, _ := it.Get("faultCode")
		str, _ := it.Get("faultString")
		if code.n != int64(wantCodes[i]) {
			t.Errorf("item %d: code %d, want %d", i, code.n, wantCodes[i])
		}
		if strings.Contains(str.Text(), "secret") {
			t.Errorf("item %d leaks %q", i, str.Text())
		}
	}

	tooMany := make([]Value, 6)
	for i := range tooMany {
		tooMany[i] = mcItem("t.echo")
	}
	if _, err := s.Call(context.Background(), "system.multicall", Array(tooMany...)); codeOf(err) != FaultInvalidRequest {
		t.Fatalf("6 calls over a cap of 5: %v", err)
	}
	for _, bad := range [][]Value{nil, {String("x")}, {Array(), Array()}} {
		if _, err := s.Call(context.Background(), "system.multicall", bad...); codeOf(err) != FaultInvalidParams {
			t.Fatalf("malformed argument %v: %v", bad, err)
		}
	}
}

// The guard sees every call, direct and inner, and its error is that call's
// fault; the observer sees every call with its fault code.
func TestGuardAndObserver(t *testing.T) {
	type seen struct {
		method string
		code   int
	}
	var mu sync.Mutex
	var guarded []string
	var observed []seen
	s := NewServer(
		WithFaultFunc(classifyApp),
		WithCallGuard(func(_ context.Context, method string) error {
			mu.Lock()
			defer mu.Unlock()
			guarded = append(guarded, method)
			if strings.HasPrefix(method, "backlog.admin.") {
				return &appError{code: appPermissionDenied, msg: "administrators only"}
			}
			return nil
		}),
		WithCallObserver(func(_ context.Context, method string, code int, d time.Duration) {
			mu.Lock()
			defer mu.Unlock()
			if d < 0 {
				t.Errorf("negative duration")
			}
			observed = append(observed, seen{method, code})
		}),
	)
	s.Register("t.echo", echoHandler, nil, "")
	s.Register("backlog.admin.getUsers", echoHandler, nil, "")

	body := func(v Value) string { b, _ := AppendCall(nil, "system.multicall", v); return string(b) }
	_, f, v := postRaw(t, s, body(Array(mcItem("t.echo"), mcItem("backlog.admin.getUsers"), mcItem("random.name"))))
	if f != nil {
		t.Fatal(f)
	}
	if c, _ := v.Items()[1].Get("faultCode"); c.n != appPermissionDenied {
		t.Fatalf("inner admin call not refused: %#v", v.Items()[1])
	}
	_, f, _ = postRaw(t, s, `<methodCall><methodName>backlog.admin.getUsers</methodName></methodCall>`)
	if f == nil || f.Code != appPermissionDenied {
		t.Fatalf("direct admin call: %v", f)
	}
	postRaw(t, s, "junk")

	wantGuarded := "system.multicall t.echo backlog.admin.getUsers random.name backlog.admin.getUsers"
	if strings.Join(guarded, " ") != wantGuarded {
		t.Fatalf("guarded %v", guarded)
	}
	wantObserved := []seen{
		{"t.echo", 0}, {"backlog.admin.getUsers", appPermissionDenied}, {ObservedUnknown, FaultMethodNotFound},
		{"system.multicall", 0}, {"backlog.admin.getUsers", appPermissionDenied}, {ObservedInvalid, FaultNotWellFormed},
	}
	if len(observed) != len(wantObserved) {
		t.Fatalf("observed %v", observed)
	}
	for i := range wantObserved {
		if observed[i] != wantObserved[i] {
			t.Fatalf("observed %v, want %v", observed, wantObserved)
		}
	}
}

func TestPanicBecomesInternalFaultWithoutLeak(t *testing.T) {
	var logged error
	s := NewServer(WithErrorLogger(func(_ context.Context, _ string, err error) { logged = err }))
	s.Register("t.panic", func(context.Context, []Value) (Value, error) {
		var m map[string]int
		//lint:ignore SA5000 the nil map write is the deliberate runtime panic under test
		m["x"] = 1
		return Value{}, nil
	}, nil, "")
	_, f, _ := postRaw(t, s, `<methodCall><methodName>t.panic</methodName></methodCall>`)
	if f == nil || f.Code != FaultInternal || f.String != "internal error" {
		t.Fatalf("got %v", f)
	}
	if logged == nil || !strings.Contains(logged.Error(), "assignment to entry in nil map") || !strings.Contains(logged.Error(), "goroutine") {
		t.Fatalf("the cause and stack must reach the error logger, got %v", logged)
	}
}

func TestGuardPanicIsInternalFault(t *testing.T) {
	s := NewServer(WithCallGuard(func(context.Context, string) error { panic("guard bug") }))
	_, f, _ := postRaw(t, s, `<methodCall><methodName>system.listMethods</methodName></methodCall>`)
	if f == nil || f.Code != FaultInternal || f.String != "internal error" {
		t.Fatalf("got %v", f)
	}
}

func TestUnencodableResultIsInternalFault(t *testing.T) {
	s := NewServer()
	s.Register("t.big", func(context.Context, []Value) (Value, error) { return Struct(Field("id", Int(3_000_000_000))), nil }, nil, "")
	s.Register("t.i8", func(context.Context, []Value) (Value, error) { return I8(3_000_000_000), nil }, nil, "")
	_, f, _ := postRaw(t, s, `<methodCall><methodName>t.big</methodName></methodCall>`)
	if f == nil || f.Code != FaultInternal {
		t.Fatalf("an int outside int32 without I8 must be -32603, got %v", f)
	}
	_, f, v := postRaw(t, s, `<methodCall><methodName>t.i8</methodName></methodCall>`)
	if f != nil || v.n != 3_000_000_000 || !v.WantsI8() {
		t.Fatalf("I8 must be sent as <i8>: %v %#v", f, v)
	}
}

func TestRegisterPanicsOnWiringBugs(t *testing.T) {
	s := NewServer()
	s.Register("t.a", echoHandler, nil, "")
	for name, f := range map[string]func(){
		"duplicate":    func() { s.Register("t.a", echoHandler, nil, "") },
		"system dup":   func() { s.Register("system.listMethods", echoHandler, nil, "") },
		"empty name":   func() { s.Register("", echoHandler, nil, "") },
		"invalid name": func() { s.Register("a b", echoHandler, nil, "") },
		"nil handler":  func() { s.Register("t.b", nil, nil, "") },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			f()
		})
	}
}

// Register while serving: the registry is copy-on-write (run with -race).
func TestRegisterWhileServing(t *testing.T) {
	s := NewServer()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range 50 {
			s.Register("t.m"+strconv.Itoa(i), echoHandler, nil, "")
		}
	}()
	go func() {
		defer wg.Done()
		for range 50 {
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`<methodCall><methodName>system.listMethods</methodName></methodCall>`)))
			if rec.Code != http.StatusOK {
				t.Errorf("status %d", rec.Code)
			}
		}
	}()
	wg.Wait()
	if n := len(s.Methods()); n != 55 {
		t.Fatalf("%d methods", n)
	}
}

// kolo/xmlrpc, an independent client, reads our responses and faults.
func TestKoloClient(t *testing.T) {
	s := NewServer(WithFaultFunc(classifyApp))
	s.Register("t.echo", echoHandler, nil, "")
	s.Register("t.fail", func(context.Context, []Value) (Value, error) {
		return Value{}, &appError{code: 404, msg: "issue DORA-1 not found"}
	}, nil, "")
	ts := httptest.NewServer(s)
	defer ts.Close()

	c, err := kolo.NewClient(ts.URL+"/XML-RPC", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var out []any
	args := []any{"課題\r\nCRLF <&>", 42, true, 2.5, map[string]any{"k": "v"}}
	if err := c.Call("t.echo", args, &out); err != nil {
		t.Fatal(err)
	}
	if len(out) != 5 || out[0] != "課題\r\nCRLF <&>" || out[1] != int64(42) || out[2] != true || out[3] != 2.5 {
		t.Fatalf("kolo read %#v", out)
	}
	if m, ok := out[4].(map[string]any); !ok || m["k"] != "v" {
		t.Fatalf("kolo read struct %#v", out[4])
	}

	req, _ := kolo.NewRequest(ts.URL, "t.fail", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var fe kolo.FaultError
	if err := kolo.Response(body).Err(); !errors.As(err, &fe) || fe.Code != 404 || fe.String != "issue DORA-1 not found" {
		t.Fatalf("kolo fault: %v", err)
	}
}

// TestContentEncodingEveryValue checks that every value of every
// Content-Encoding header counts: a body is read only when all of them are
// identity (a later "gzip" behind an "identity" is still 415); empty list
// members are ignored, as RFC 9110 §5.6.1 asks of recipients.
func TestContentEncodingEveryValue(t *testing.T) {
	s := NewServer()
	s.Register("t.echo", echoHandler, nil, "")
	tests := []struct {
		name   string
		values []string
		status int
	}{
		{"none", nil, 200},
		{"identity", []string{"identity"}, 200},
		{"IDENTITY", []string{"IDENTITY"}, 200},
		{"identity twice", []string{"identity", "identity"}, 200},
		{"identity list", []string{" identity , identity "}, 200},
		{"gzip", []string{"gzip"}, 415},
		{"identity then gzip header", []string{"identity", "gzip"}, 415},
		{"identity, gzip list", []string{"identity, gzip"}, 415},
		{"identity then gzip in a list header", []string{"identity", "identity,br"}, 415},
		{"empty members are ignored (RFC 9110 §5.6.1)", []string{"identity,,", ""}, 200},
		{"gzip after empty members", []string{",", " , gzip"}, 415},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/XML-RPC", strings.NewReader(callXML("x")))
			for _, v := range tt.values {
				req.Header.Add("Content-Encoding", v)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("Content-Encoding %q: status %d, want %d", tt.values, rec.Code, tt.status)
			}
		})
	}
}
