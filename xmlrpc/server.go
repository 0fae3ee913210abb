package xmlrpc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Handler serves one XML-RPC method. It receives the decoded params and
// returns a result or an error; it never writes HTTP. Errors become faults
// through the server's FaultFunc (WithFaultFunc); an error it does not
// classify becomes a -32603 fault.
type Handler func(ctx context.Context, params []Value) (Value, error)

// Method names reported to the call observer instead of the name sent, so
// metric labels stay bounded whatever callers send.
const (
	ObservedInvalid = "(invalid)" // the request could not be decoded
	ObservedUnknown = "(unknown)" // the method is not registered
)

// CallObserver is told about every call once it is answered: direct calls,
// each inner call of a system.multicall, and requests that could not be
// decoded (method ObservedInvalid; a body over the limit, answered with
// HTTP 413, is reported with -32600). faultCode is 0 on success.
type CallObserver func(ctx context.Context, method string, faultCode int, d time.Duration)

// CallGuard runs before every call, direct or inside system.multicall, with
// the method name as sent. A non-nil error (classified like a handler's,
// e.g. permission denied or rate limited) becomes that call's fault and the handler
// is not run. This is how each inner multicall call passes the same
// authorisation and rate limits as a direct call.
type CallGuard func(ctx context.Context, method string) error

// ErrorLogger receives every error a call ended with, before it is turned
// into a fault, so the wiring can log causes the caller never sees
// (panics arrive with their stack in the error text).
type ErrorLogger func(ctx context.Context, method string, err error)

// Option configures a Server.
type Option func(*Server)

// WithLimits sets the request limits; zero fields keep their defaults
// (DefaultLimits: 10 MiB body, depth 32, 100000 values, 8 MiB strings,
// 100 multicall calls).
func WithLimits(l Limits) Option { return func(s *Server) { s.limits = l.withDefaults() } }

// WithCallObserver sets a function told about each call (default: none).
func WithCallObserver(f CallObserver) Option { return func(s *Server) { s.observe = f } }

// WithCallGuard sets a function run before each call (default: none, every
// call is allowed).
func WithCallGuard(f CallGuard) Option { return func(s *Server) { s.guard = f } }

// WithErrorLogger sets a function given each call's error (default: none).
func WithErrorLogger(f ErrorLogger) Option { return func(s *Server) { s.logErr = f } }

// WithFaultFunc sets how handler and guard errors become faults (default:
// none, every such error is -32603 "internal error"). Protocol errors and
// *Fault values are answered as they are whatever f says.
func WithFaultFunc(f FaultFunc) Option { return func(s *Server) { s.classify = f } }

// Server is an XML-RPC server: a method registry, the system.* methods
// (listMethods, methodHelp, methodSignature, getCapabilities, multicall) and
// an http.Handler that decodes, dispatches and encodes with one fault funnel.
// Register may be called at any time, also while serving.
type Server struct {
	limits   Limits
	observe  CallObserver
	guard    CallGuard
	logErr   ErrorLogger
	classify FaultFunc

	mu      sync.Mutex               // serialises Register
	methods atomic.Pointer[registry] // copy-on-write, read lock-free
}

type method struct {
	h          Handler
	signatures [][]string
	help       string
}

type registry struct {
	byName map[string]*method
	names  []string // sorted
}

// NewServer returns a Server with the system.* methods registered.
func NewServer(opts ...Option) *Server {
	s := &Server{limits: DefaultLimits()}
	for _, o := range opts {
		o(s)
	}
	s.methods.Store(&registry{byName: map[string]*method{}})
	s.registerSystem()
	return s
}

// Register adds a method. signatures lists the accepted signatures, each
// return type first (e.g. {{"struct", "struct"}}); nil means unknown
// (system.methodSignature answers "undef"). help is returned by
// system.methodHelp. It panics on an empty or invalid name, a nil handler
// or a duplicate name: all are wiring bugs.
func (s *Server) Register(name string, h Handler, signatures [][]string, help string) {
	if !validMethodName(name) {
		panic(fmt.Sprintf("xmlrpc: invalid method name %q", name))
	}
	if h == nil {
		panic("xmlrpc: nil handler for " + name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.methods.Load()
	if _, dup := old.byName[name]; dup {
		panic("xmlrpc: method registered twice: " + name)
	}
	r := &registry{byName: make(map[string]*method, len(old.byName)+1)}
	for k, v := range old.byName {
		r.byName[k] = v
	}
	r.byName[name] = &method{h: h, signatures: signatures, help: help}
	r.names = append(append(make([]string, 0, len(old.names)+1), old.names...), name)
	sort.Strings(r.names)
	s.methods.Store(r)
}

// Methods returns the registered method names, sorted.
func (s *Server) Methods() []string {
	return append([]string(nil), s.methods.Load().names...)
}

// bufPool holds response buffers: a methodResponse is encoded straight into
// one, so Content-Length is exact and nothing is written before it is whole.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

// maxPooledBuffer keeps one huge response from pinning its buffer forever.
const maxPooledBuffer = 1 << 20

// identityEncoded reports whether every coding named by the request's
// Content-Encoding headers is identity: all header lines and every member
// of their comma lists count, so "identity" followed by "gzip" (in one list
// or on two lines) is refused like "gzip" alone. Empty list members are
// ignored (RFC 9110 §5.6.1).
func identityEncoded(h http.Header) bool {
	for _, line := range h.Values("Content-Encoding") {
		for member := range strings.SplitSeq(line, ",") {
			if m := strings.TrimSpace(member); m != "" && !strings.EqualFold(m, "identity") {
				return false
			}
		}
	}
	return true
}

// ServeHTTP answers POST with a methodResponse (HTTP 200, faults included),
// 413 when the body exceeds the limit, 415 when any Content-Encoding value
// is not identity (gzip bodies are refused rather than inflated), and 405
// with "Allow: POST" for any other method. The Content-Type of the request is never a reason to
// refuse it; its charset parameter is used only when the XML declaration
// names no encoding. A body already read whole by a middleware, offering
// `BufferedBody() ([]byte, error)` (the bytes, and the error that ended the
// read), is decoded from those bytes without a copy, with the same limit.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed: XML-RPC calls are POSTed", http.StatusMethodNotAllowed)
		return
	}
	if !identityEncoded(r.Header) {
		http.Error(w, "unsupported Content-Encoding", http.StatusUnsupportedMediaType)
		return
	}
	ctx := r.Context()
	start := time.Now()
	var body io.Reader = r.Body
	if _, ok := r.Body.(bufferedBody); !ok {
		body = http.MaxBytesReader(w, r.Body, s.limits.MaxBodyBytes)
	}
	call, err := decodeCall(body, s.limits, contentCharset(r.Header.Get("Content-Type")), lenHint(r.Body))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		s.observeCall(ctx, ObservedInvalid, FaultInvalidRequest, time.Since(start))
		http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		return
	}

	var v Value
	var runErr error
	if err == nil {
		v, runErr = s.run(ctx, call.Method, call.Params, false)
	}
	// The buffer is taken only once the handler has returned: a pooled
	// buffer has the size of the largest answer it held, and a call waiting
	// for Backlog must not pin one (BENCHMARKS.md, "Memory under
	// saturation").
	bp := bufPool.Get().(*[]byte)
	out := (*bp)[:0]
	if err != nil {
		s.logError(ctx, "", err)
		code, msg := s.FaultOf(err)
		s.observeCall(ctx, ObservedInvalid, code, time.Since(start))
		out = AppendFault(out, code, msg)
	} else {
		out = s.respond(ctx, call, v, runErr, start, out)
	}
	h := w.Header()
	h.Set("Content-Type", "text/xml")
	h.Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(http.StatusOK)
	w.Write(out)
	if cap(out) <= maxPooledBuffer {
		*bp = out[:0]
		bufPool.Put(bp)
	}
}

// respond appends the methodResponse of one direct call (its result v or
// its error err) to out.
func (s *Server) respond(ctx context.Context, c *Call, v Value, err error, start time.Time, out []byte) []byte {
	if err == nil {
		var encErr error
		n := len(out)
		out, encErr = AppendResponse(out, v)
		if encErr == nil {
			s.observeCall(ctx, s.observedName(c.Method), 0, time.Since(start))
			return out
		}
		out = out[:n]
		err = &ProtocolError{Code: FaultInternal, Message: internalFaultString, Err: fmt.Errorf("encoding the result of %s: %w", c.Method, encErr)}
		s.logError(ctx, c.Method, err)
	}
	code, msg := s.FaultOf(err)
	s.observeCall(ctx, s.observedName(c.Method), code, time.Since(start))
	return AppendFault(out, code, msg)
}

// Call runs one call through the same path as an HTTP request (guard,
// lookup, handler, panic recovery), without the observer. It is for tests
// and in-process callers.
func (s *Server) Call(ctx context.Context, method string, params ...Value) (Value, error) {
	v, err := s.run(ctx, method, params, false)
	if err == nil {
		if encErr := checkEncodable(v); encErr != nil {
			return Value{}, &ProtocolError{Code: FaultInternal, Message: internalFaultString, Err: encErr}
		}
	}
	return v, err
}

// run applies the guard, finds the method and runs it, turning a panic into
// an internal error. inner is true for calls inside system.multicall.
func (s *Server) run(ctx context.Context, name string, params []Value, inner bool) (v Value, err error) {
	defer func() {
		if p := recover(); p != nil { // in the handler or the guard
			v = Value{}
			err = &ProtocolError{Code: FaultInternal, Message: internalFaultString,
				Err: fmt.Errorf("panic in %s: %v\n%s", name, p, debug.Stack())}
		}
		if err != nil {
			s.logError(ctx, name, err)
		}
	}()
	if s.guard != nil {
		if err := s.guard(ctx, name); err != nil {
			return Value{}, err
		}
	}
	m := s.methods.Load().byName[name]
	if m == nil {
		return Value{}, protocolErr(FaultMethodNotFound, "method not found: %s", clip(name))
	}
	if inner && name == multicallName {
		return Value{}, protocolErr(FaultInvalidRequest, "invalid XML-RPC: system.multicall may not be nested")
	}
	return m.h(ctx, params)
}

func (s *Server) observedName(name string) string {
	if _, ok := s.methods.Load().byName[name]; ok {
		return name
	}
	return ObservedUnknown
}

func (s *Server) observeCall(ctx context.Context, method string, code int, d time.Duration) {
	if s.observe != nil {
		s.observe(ctx, method, code, d)
	}
}

func (s *Server) logError(ctx context.Context, method string, err error) {
	if s.logErr != nil {
		s.logErr(ctx, method, err)
	}
}

// FaultOf maps an error to the (faultCode, faultString) this server answers
// for it: FaultWith with the server's FaultFunc.
func (s *Server) FaultOf(err error) (int, string) { return FaultWith(err, s.classify) }

// invalidParams is a -32602 error for the system.* methods.
func invalidParams(format string, args ...any) error {
	return protocolErr(FaultInvalidParams, format, args...)
}
