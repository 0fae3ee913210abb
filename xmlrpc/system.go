package xmlrpc

import (
	"context"
	"time"
)

const multicallName = "system.multicall"

// registerSystem registers the introspection, capabilities and multicall
// methods every XML-RPC server of this kind offers (spec/xmlrpc.md §1.6).
func (s *Server) registerSystem() {
	s.Register("system.listMethods", s.listMethods, [][]string{{"array"}},
		"Returns the names of the methods this server offers, sorted.")
	s.Register("system.methodHelp", s.methodHelp, [][]string{{"string", "string"}},
		"Returns the help text of the named method (an empty string when it has none).")
	s.Register("system.methodSignature", s.methodSignature, [][]string{{"array", "string"}},
		`Returns the signatures of the named method, each an array of type names with the return type first, or the string "undef" when they are not known.`)
	s.Register("system.getCapabilities", s.getCapabilities, [][]string{{"struct"}},
		"Returns the specifications this server implements: xmlrpc, faults_interop, system.multicall, introspect.")
	s.Register(multicallName, s.multicall, [][]string{{"array", "array"}},
		"Runs several calls in one request: takes an array of {methodName, params} structs, returns an array "+
			"holding a one-element array per success and a {faultCode, faultString} struct per failure, in order. "+
			"Nested system.multicall is refused; each inner call is authorised and limited like a direct call.")
}

func (s *Server) listMethods(_ context.Context, params []Value) (Value, error) {
	if len(params) != 0 {
		return Value{}, invalidParams("system.listMethods takes no parameters")
	}
	names := s.methods.Load().names
	items := make([]Value, len(names))
	for i, n := range names {
		items[i] = String(n)
	}
	return Array(items...), nil
}

// lookupParam reads the single method-name parameter of methodHelp and
// methodSignature; an unknown name is a -32601 fault.
func (s *Server) lookupParam(who string, params []Value) (*method, error) {
	if len(params) != 1 || params[0].Kind() != KindString {
		return nil, invalidParams("%s takes one string: a method name", who)
	}
	name := params[0].Text()
	m := s.methods.Load().byName[name]
	if m == nil {
		return nil, protocolErr(FaultMethodNotFound, "method not found: %s", clip(name))
	}
	return m, nil
}

func (s *Server) methodHelp(_ context.Context, params []Value) (Value, error) {
	m, err := s.lookupParam("system.methodHelp", params)
	if err != nil {
		return Value{}, err
	}
	return String(m.help), nil
}

func (s *Server) methodSignature(_ context.Context, params []Value) (Value, error) {
	m, err := s.lookupParam("system.methodSignature", params)
	if err != nil {
		return Value{}, err
	}
	if len(m.signatures) == 0 {
		// xmlrpc-c, phpxmlrpc and Ruby say "undef"; Debian's
		// xml-rpc-api2txt crashes on anything else.
		return String("undef"), nil
	}
	sigs := make([]Value, len(m.signatures))
	for i, sig := range m.signatures {
		types := make([]Value, len(sig))
		for j, t := range sig {
			types[j] = String(t)
		}
		sigs[i] = Array(types...)
	}
	return Array(sigs...), nil
}

func capability(url string, version int64) Value {
	return Struct(Field("specUrl", String(url)), Field("specVersion", Int(version)))
}

func (s *Server) getCapabilities(_ context.Context, params []Value) (Value, error) {
	if len(params) != 0 {
		return Value{}, invalidParams("system.getCapabilities takes no parameters")
	}
	return Struct(
		Field("xmlrpc", capability("http://www.xmlrpc.com/spec", 1)),
		Field("faults_interop", capability("http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php", 20010516)),
		Field("system.multicall", capability("http://www.xmlrpc.com/discuss/msgReader$1208", 1)),
		Field("introspect", capability("http://xmlrpc-c.sourceforge.net/xmlrpc-c/introspection.html", 1)),
	), nil
}

// multicall runs each {methodName, params} in order through the same guard,
// lookup and panic recovery as a direct call. A malformed top-level argument
// or more than MaxMulticallCalls calls is a fault for the whole request; a
// malformed item is a fault for that item only.
func (s *Server) multicall(ctx context.Context, params []Value) (Value, error) {
	if len(params) != 1 || params[0].Kind() != KindArray {
		return Value{}, invalidParams("system.multicall takes one array of {methodName, params} structs")
	}
	calls := params[0].Items()
	if len(calls) > s.limits.MaxMulticallCalls {
		return Value{}, protocolErr(FaultInvalidRequest, "invalid XML-RPC: request limits exceeded: more than %d calls in system.multicall", s.limits.MaxMulticallCalls)
	}
	results := make([]Value, len(calls))
	for i, c := range calls {
		start := time.Now()
		name, v, err := s.innerCall(ctx, c)
		if err == nil {
			if encErr := checkEncodable(v); encErr != nil {
				err = &ProtocolError{Code: FaultInternal, Message: internalFaultString, Err: encErr}
				s.logError(ctx, name, err)
			}
		}
		observed := ObservedInvalid
		if name != "" {
			observed = s.observedName(name)
		}
		if err != nil {
			code, msg := s.FaultOf(err)
			s.observeCall(ctx, observed, code, time.Since(start))
			results[i] = Struct(Field("faultCode", Int(int64(code))), Field("faultString", String(msg)))
			continue
		}
		s.observeCall(ctx, observed, 0, time.Since(start))
		results[i] = Array(v)
	}
	return Array(results...), nil
}

// innerCall validates one multicall item and runs it. name is "" when the
// item has no usable methodName.
func (s *Server) innerCall(ctx context.Context, c Value) (name string, v Value, err error) {
	if c.Kind() != KindStruct {
		return "", Value{}, protocolErr(FaultInvalidRequest, "invalid XML-RPC: a system.multicall item must be a {methodName, params} struct")
	}
	mn, ok := c.Get("methodName")
	if !ok || mn.Kind() != KindString || !validMethodName(mn.Text()) {
		return "", Value{}, protocolErr(FaultInvalidRequest, "invalid XML-RPC: a system.multicall item needs a valid methodName string")
	}
	name = mn.Text()
	var ps []Value
	if p, ok := c.Get("params"); ok {
		if p.Kind() != KindArray {
			return name, Value{}, protocolErr(FaultInvalidRequest, "invalid XML-RPC: system.multicall params must be an array")
		}
		ps = p.Items()
	}
	v, err = s.run(ctx, name, ps, true)
	return name, v, err
}
