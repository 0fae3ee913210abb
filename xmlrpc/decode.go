package xmlrpc

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Call is a decoded methodCall.
type Call struct {
	Method string
	Params []Value
}

// DecodeCall reads one methodCall from r within limits (zero fields take the
// defaults). Errors are *ProtocolError with the interop fault code, except a
// body longer than limits.MaxBodyBytes, which is reported as an error
// wrapping *http.MaxBytesError (the HTTP server answers 413).
//
// The body is read whole, then decoded by the fast scanner (fastdecode.go;
// a document declaring another encoding than UTF-8 is transcoded for it
// first, declaredUTF8);
// whatever the fast scanner does not accept is decoded again by the
// encoding/xml reference path, which produces the fault if there is one
// (except the faults the fast path proves the reference reports, word for
// word: the limits, which both paths meet at the same element, a body cut
// inside a tag and others listed at fastDecoder).
func DecodeCall(r io.Reader, limits Limits) (c *Call, err error) {
	return decodeCall(r, limits, "", lenHint(r))
}

// decodeCall is DecodeCall with the charset parameter of the request's
// Content-Type. It is used only when the document's XML declaration names no
// encoding (the declaration wins when both are present): the body is then
// transcoded to UTF-8 first. RFC 7303 would let the header win; we follow
// what encoding/xml and the legacy clients do, and use the header only to
// fill the gap.
//
// hint is the body's length when it is already known (lenHint), else -1.
// A body that was read whole beforehand (bufferedBody) is decoded in place.
func decodeCall(r io.Reader, limits Limits, headerCharset string, hint int) (c *Call, err error) {
	defer recoverDecode(&err)
	lim := limits.withDefaults()
	var raw []byte
	if bb, ok := r.(bufferedBody); ok {
		if raw, err = buffered(bb, lim.MaxBodyBytes); err != nil {
			return nil, err
		}
	} else {
		buf, err := readBody(r, lim.MaxBodyBytes, hint)
		defer putBody(buf)
		if err != nil {
			return nil, err
		}
		raw = *buf
	}
	body := trimBOM(raw)
	if headerCharset != "" && !declaresEncoding(body) {
		if body, err = transcode(body, headerCharset); err != nil {
			return nil, err
		}
	}
	fb := body
	rest, transcoded := declaredUTF8(body)
	if transcoded {
		fb = rest
	}
	f := getFast(fb, lim)
	defer putFast(f)
	c, err = f.call()
	if err != errBail {
		return c, err // decoded, or a fault the fast path proved
	}
	if !transcoded {
		if err := f.truncated(); err != nil {
			return nil, err // the body ends inside a tag: the reference's fault
		}
	}
	d := referenceDecoder(body, lim)
	d.stk = f // its stacks, emptied by the fast path's return
	return d.call()
}

// DecodeResponse reads one methodResponse from r within limits. A fault
// response is returned as a *Fault error; a malformed one as a
// *ProtocolError. It exists for tests, benchmarks and the load harness.
func DecodeResponse(r io.Reader, limits Limits) (v Value, err error) {
	defer recoverDecode(&err)
	lim := limits.withDefaults()
	buf, err := readBody(r, lim.MaxBodyBytes, lenHint(r))
	defer putBody(buf)
	if err != nil {
		return Value{}, err
	}
	body := trimBOM(*buf)
	f := getFast(body, lim)
	defer putFast(f)
	v, err = f.response()
	if err == nil {
		return v, nil
	}
	d := referenceDecoder(body, lim)
	d.stk = f
	return d.response()
}

// recoverDecode turns a decoder bug (a panic) into a -32603 error, so no
// input can take the request down; FuzzDecode hunts for such inputs.
func recoverDecode(err *error) {
	if p := recover(); p != nil {
		*err = &ProtocolError{Code: FaultInternal, Message: internalFaultString, Err: fmt.Errorf("decoder panic: %v", p)}
	}
}

// decoder is the reference methodCall/methodResponse reader. It walks
// encoding/xml's RawToken stream with an explicit grammar; since only
// XML-RPC elements are accepted, element depth is bounded by the value
// depth limit.
type decoder struct {
	x          *xml.Decoder
	lim        Limits
	values     int
	text       []byte // scratch for scalar text
	charsetErr *ProtocolError
	guard      *attrGuard // caps attribute text (decode_attrs.go)
	// stk lends its stacks: a container's members or items are collected
	// there and copied into an exactly sized slice at its end, as on the
	// fast path (fastdecode_stack.go), instead of grown by append, which
	// allocates about five times a large slice's final size in all.
	stk   *fastDecoder
	skips int // comments and processing instructions read (maxSkipped)
}

func referenceDecoder(body []byte, lim Limits) *decoder {
	d := &decoder{lim: lim, guard: newAttrGuard(body), stk: new(fastDecoder)}
	d.x = xml.NewDecoder(d.guard)
	d.x.Strict = true
	d.x.CharsetReader = d.charsetReader
	return d
}

// root reads up to the root start element and checks its name. Text before
// it, or no element at all, is not well-formed XML.
func (d *decoder) root(name string) error {
	for {
		t, err := d.next()
		if err != nil {
			if pe, ok := err.(*ProtocolError); ok && pe.Code == FaultNotWellFormed && errors.Is(pe.Err, io.EOF) {
				return protocolErr(FaultNotWellFormed, "parse error: not well formed: no root element")
			}
			return err
		}
		switch t := t.(type) {
		case xml.CharData:
			if !isSpace(t) {
				return protocolErr(FaultNotWellFormed, "parse error: not well formed: text before the root element")
			}
		case xml.StartElement:
			if t.Name.Local == name && t.Name.Space == "" {
				return nil
			}
			return unexpected(t, "<"+name+">", "")
		default:
			return protocolErr(FaultNotWellFormed, "parse error: not well formed: end tag before the root element")
		}
	}
}

func (d *decoder) call() (*Call, error) {
	if err := d.root("methodCall"); err != nil {
		return nil, err
	}
	if err := d.expectStart("methodName", "methodCall"); err != nil {
		return nil, err
	}
	name, err := d.text_(xml.Name{Local: "methodName"})
	if err != nil {
		return nil, err
	}
	name = strings.TrimSpace(name)
	if !validMethodName(name) {
		return nil, protocolErr(FaultInvalidRequest, "invalid XML-RPC: invalid method name %q", clip(name))
	}
	c := &Call{Method: name}
	t, err := d.tag()
	if err != nil {
		return nil, err
	}
	if s, ok := t.(xml.StartElement); ok && s.Name.Local == "params" && s.Name.Space == "" {
		if c.Params, err = d.params(); err != nil {
			return nil, err
		}
		if t, err = d.tag(); err != nil {
			return nil, err
		}
	}
	if e, ok := t.(xml.EndElement); !ok || e.Name.Local != "methodCall" || e.Name.Space != "" {
		return nil, unexpected(t, "</methodCall>", "methodCall")
	}
	if err := d.end(); err != nil {
		return nil, err
	}
	return c, nil
}

// params reads <param><value>...</value></param>* up to </params>.
func (d *decoder) params() ([]Value, error) {
	st := &d.stk.istack
	base := st.len()
	defer st.truncate(base)
	for {
		t, err := d.tag()
		if err != nil {
			return nil, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			if t.Name.Local == "params" && t.Name.Space == "" {
				if st.len() == base {
					return nil, nil
				}
				return st.from(base), nil
			}
		case xml.StartElement:
			if t.Name.Local == "param" && t.Name.Space == "" {
				if err := d.expectStart("value", "param"); err != nil {
					return nil, err
				}
				v, err := d.value(1)
				if err != nil {
					return nil, err
				}
				if err := d.expectEnd("param"); err != nil {
					return nil, err
				}
				st.push(v)
				continue
			}
		}
		return nil, unexpected(t, "<param>", "params")
	}
}

func (d *decoder) response() (Value, error) {
	if err := d.root("methodResponse"); err != nil {
		return Value{}, err
	}
	t, err := d.tag()
	if err != nil {
		return Value{}, err
	}
	s, ok := t.(xml.StartElement)
	if !ok || s.Name.Space != "" || (s.Name.Local != "params" && s.Name.Local != "fault") {
		return Value{}, unexpected(t, "<params> or <fault>", "methodResponse")
	}
	var v Value
	var result error
	if s.Name.Local == "params" {
		ps, err := d.params()
		if err != nil {
			return Value{}, err
		}
		if len(ps) != 1 {
			return Value{}, protocolErr(FaultInvalidRequest, "invalid XML-RPC: a response holds exactly one param, got %d", len(ps))
		}
		v = ps[0]
	} else {
		if err := d.expectStart("value", "fault"); err != nil {
			return Value{}, err
		}
		fv, err := d.value(1)
		if err != nil {
			return Value{}, err
		}
		if err := d.expectEnd("fault"); err != nil {
			return Value{}, err
		}
		code, ok1 := fv.Get("faultCode")
		str, ok2 := fv.Get("faultString")
		if fv.Kind() != KindStruct || !ok1 || !ok2 || code.Kind() != KindInt {
			return Value{}, protocolErr(FaultInvalidRequest, "invalid XML-RPC: malformed fault struct")
		}
		fs, _ := str.AsString()
		result = &Fault{Code: int(code.n), String: fs}
	}
	if err := d.expectEnd("methodResponse"); err != nil {
		return Value{}, err
	}
	if err := d.end(); err != nil {
		return Value{}, err
	}
	return v, result
}

// validMethodName reports whether name is non-empty and uses only the
// characters the spec allows: A-Z a-z 0-9 _ . : /
func validMethodName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '_', c == '.', c == ':', c == '/':
		default:
			return false
		}
	}
	return true
}
