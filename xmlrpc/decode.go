package xmlrpc

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// Limits bound what one request may cost. A zero field means "use the
// default" (see DefaultLimits). Every breach is a -32600 fault, except the
// body size, which the HTTP server answers with 413 (the body was cut off).
type Limits struct {
	// MaxBodyBytes caps the request body. Default 10 MiB.
	MaxBodyBytes int64
	// MaxDepth caps the nesting of <value> elements (a top-level param is
	// depth 1). Default 32; validator1 needs 5. Values above 10000 are
	// clamped to 10000.
	MaxDepth int
	// MaxValues caps the number of <value> elements in one request.
	// Default 100000.
	MaxValues int
	// MaxStringBytes caps the text of one scalar, member name or method
	// name (base64 text included). Default 8 MiB.
	MaxStringBytes int
	// MaxMulticallCalls caps the inner calls of one system.multicall.
	// Default 100.
	MaxMulticallCalls int
}

// DefaultLimits returns the limits used for every zero field of Limits.
func DefaultLimits() Limits {
	return Limits{
		MaxBodyBytes:      10 << 20,
		MaxDepth:          32,
		MaxValues:         100_000,
		MaxStringBytes:    8 << 20,
		MaxMulticallCalls: 100,
	}
}

// withDefaults fills zero fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = d.MaxBodyBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxDepth > 10000 {
		l.MaxDepth = 10000
	}
	if l.MaxValues <= 0 {
		l.MaxValues = d.MaxValues
	}
	if l.MaxStringBytes <= 0 {
		l.MaxStringBytes = d.MaxStringBytes
	}
	if l.MaxMulticallCalls <= 0 {
		l.MaxMulticallCalls = d.MaxMulticallCalls
	}
	return l
}

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
// The body is read whole, then decoded by the fast scanner (fastdecode.go);
// whatever the fast scanner does not accept is decoded again by the
// encoding/xml reference path, which produces the fault if there is one.
func DecodeCall(r io.Reader, limits Limits) (c *Call, err error) {
	return decodeCall(r, limits, "")
}

// decodeCall is DecodeCall with the charset parameter of the request's
// Content-Type. It is used only when the document's XML declaration names no
// encoding (the declaration wins when both are present): the body is then
// transcoded to UTF-8 first. RFC 7303 would let the header win; we follow
// what encoding/xml and the legacy clients do, and use the header only to
// fill the gap.
func decodeCall(r io.Reader, limits Limits, headerCharset string) (c *Call, err error) {
	defer recoverDecode(&err)
	lim := limits.withDefaults()
	buf, err := readBody(r, lim.MaxBodyBytes)
	defer putBody(buf)
	if err != nil {
		return nil, err
	}
	body := trimBOM(*buf)
	if headerCharset != "" && !declaresEncoding(body) {
		if body, err = transcode(body, headerCharset); err != nil {
			return nil, err
		}
	}
	f := getFast(body, lim)
	c, err = f.call()
	putFast(f)
	if err == nil {
		return c, nil
	}
	return referenceDecoder(body, lim).call()
}

// DecodeResponse reads one methodResponse from r within limits. A fault
// response is returned as a *Fault error; a malformed one as a
// *ProtocolError. It exists for tests, benchmarks and the load harness.
func DecodeResponse(r io.Reader, limits Limits) (v Value, err error) {
	defer recoverDecode(&err)
	lim := limits.withDefaults()
	buf, err := readBody(r, lim.MaxBodyBytes)
	defer putBody(buf)
	if err != nil {
		return Value{}, err
	}
	body := trimBOM(*buf)
	f := getFast(body, lim)
	v, err = f.response()
	putFast(f)
	if err == nil {
		return v, nil
	}
	return referenceDecoder(body, lim).response()
}

// recoverDecode turns a decoder bug (a panic) into a -32603 error, so no
// input can take the request down; FuzzDecode hunts for such inputs.
func recoverDecode(err *error) {
	if p := recover(); p != nil {
		*err = &ProtocolError{Code: FaultInternal, Message: internalFaultString, Err: fmt.Errorf("decoder panic: %v", p)}
	}
}

// trimBOM drops a leading UTF-8 byte order mark (.NET clients send one;
// encoding/xml would read it as text before the root element).
func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

var bodyPool = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

// maxPooledBody keeps one huge request from pinning its buffer forever.
const maxPooledBody = 1 << 20

// readBody reads all of r, failing with *http.MaxBytesError past limit.
// Decoded values never point into the buffer, so it goes back to the pool
// once decoding is done.
func readBody(r io.Reader, limit int64) (*[]byte, error) {
	bp := bodyPool.Get().(*[]byte)
	b := (*bp)[:0]
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		room := cap(b) - len(b)
		if over := int64(len(b)) + int64(room) - (limit + 1); over > 0 {
			room -= int(over) // read at most one byte past the limit
		}
		n, err := r.Read(b[len(b) : len(b)+room])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			*bp = b
			return bp, &http.MaxBytesError{Limit: limit}
		}
		if err == io.EOF {
			*bp = b
			return bp, nil
		}
		if err != nil {
			*bp = b
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return bp, err
			}
			return bp, &ProtocolError{Code: FaultNotWellFormed, Message: "parse error: could not read the request", Err: err}
		}
	}
}

func putBody(bp *[]byte) {
	if cap(*bp) <= maxPooledBody {
		*bp = (*bp)[:0]
		bodyPool.Put(bp)
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
}

func referenceDecoder(body []byte, lim Limits) *decoder {
	d := &decoder{lim: lim}
	d.x = xml.NewDecoder(bytes.NewReader(body))
	d.x.Strict = true
	d.x.CharsetReader = d.charsetReader
	return d
}

// next returns the next token that matters: comments and processing
// instructions are skipped, directives (DOCTYPE, ENTITY) refused.
func (d *decoder) next() (xml.Token, error) {
	for {
		t, err := d.x.RawToken()
		if err != nil {
			return nil, d.readErr(err)
		}
		switch t.(type) {
		case xml.Comment, xml.ProcInst:
			continue
		case xml.Directive:
			return nil, protocolErr(FaultInvalidRequest, "invalid XML-RPC: DOCTYPE and other directives are refused")
		}
		return t, nil
	}
}

// readErr classifies an error from the XML tokenizer.
func (d *decoder) readErr(err error) error {
	if d.charsetErr != nil {
		return d.charsetErr
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	if errors.Is(err, errInvalidForCharset) {
		return protocolErr(FaultInvalidCharacter, "parse error: invalid character for the declared encoding")
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return &ProtocolError{Code: FaultNotWellFormed, Message: "parse error: not well formed: unexpected end of document", Err: err}
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		if se.Msg == "invalid UTF-8" {
			return &ProtocolError{Code: FaultInvalidCharacter, Message: "parse error: invalid character for encoding: invalid UTF-8", Err: err}
		}
		return &ProtocolError{Code: FaultNotWellFormed, Message: "parse error: not well formed: line " + itoa(se.Line) + ": " + clip(se.Msg), Err: err}
	}
	return &ProtocolError{Code: FaultNotWellFormed, Message: "parse error: could not read the request", Err: err}
}

// tag returns the next start or end element, allowing only whitespace text
// in between (XML-RPC pretty-printers indent freely).
func (d *decoder) tag() (xml.Token, error) {
	for {
		t, err := d.next()
		if err != nil {
			return nil, err
		}
		switch t := t.(type) {
		case xml.CharData:
			if !isSpace(t) {
				return nil, protocolErr(FaultInvalidRequest, "invalid XML-RPC: unexpected text %q", clip(string(t)))
			}
		default:
			return t, nil
		}
	}
}

// expectStart reads the start tag of a child called name inside the open
// element called open.
func (d *decoder) expectStart(name, open string) error {
	t, err := d.tag()
	if err != nil {
		return err
	}
	if s, ok := t.(xml.StartElement); ok && s.Name.Local == name && s.Name.Space == "" {
		return nil
	}
	return unexpected(t, "<"+name+">", open)
}

// expectEnd reads the end tag of the open element called name.
func (d *decoder) expectEnd(name string) error {
	t, err := d.tag()
	if err != nil {
		return err
	}
	if e, ok := t.(xml.EndElement); ok && e.Name.Local == name && e.Name.Space == "" {
		return nil
	}
	return unexpected(t, "</"+name+">", name)
}

// unexpected reports a token the grammar does not allow here. open is the
// innermost open element: an end tag for any other element is a
// well-formedness error (-32700; RawToken leaves that check to us), anything
// else is valid XML but not XML-RPC (-32600).
func unexpected(t xml.Token, want, open string) error {
	var got string
	switch t := t.(type) {
	case xml.StartElement:
		got = "<" + qname(t.Name) + ">"
	case xml.EndElement:
		if qname(t.Name) != open {
			return protocolErr(FaultNotWellFormed, "parse error: not well formed: element <%s> closed by </%s>", clip(open), clip(qname(t.Name)))
		}
		got = "</" + qname(t.Name) + ">"
	}
	return protocolErr(FaultInvalidRequest, "invalid XML-RPC: expected %s, got %s", want, clip(got))
}

func qname(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// end checks that only whitespace, comments and processing instructions
// follow the root element: anything else is not well-formed XML.
func (d *decoder) end() error {
	for {
		t, err := d.x.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return d.readErr(err)
		}
		switch t := t.(type) {
		case xml.Comment, xml.ProcInst:
		case xml.CharData:
			if !isSpace(t) {
				return protocolErr(FaultNotWellFormed, "parse error: not well formed: text after the root element")
			}
		case xml.Directive:
			return protocolErr(FaultInvalidRequest, "invalid XML-RPC: DOCTYPE and other directives are refused")
		default:
			return protocolErr(FaultNotWellFormed, "parse error: not well formed: content after the root element")
		}
	}
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
	var ps []Value
	for {
		t, err := d.tag()
		if err != nil {
			return nil, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			if t.Name.Local == "params" && t.Name.Space == "" {
				return ps, nil
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
				ps = append(ps, v)
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
		result = &Fault{Code: int(code.i), String: fs}
	}
	if err := d.expectEnd("methodResponse"); err != nil {
		return Value{}, err
	}
	if err := d.end(); err != nil {
		return Value{}, err
	}
	return v, result
}

// value reads the content of a <value> element whose start tag was consumed,
// through its end tag.
func (d *decoder) value(depth int) (Value, error) {
	d.values++
	if d.values > d.lim.MaxValues {
		return Value{}, protocolErr(FaultInvalidRequest, "invalid XML-RPC: request limits exceeded: more than %d values", d.lim.MaxValues)
	}
	if depth > d.lim.MaxDepth {
		return Value{}, protocolErr(FaultInvalidRequest, "invalid XML-RPC: request limits exceeded: values nested deeper than %d", d.lim.MaxDepth)
	}
	d.text = d.text[:0]
	for {
		t, err := d.next()
		if err != nil {
			return Value{}, err
		}
		switch t := t.(type) {
		case xml.CharData:
			if len(d.text)+len(t) > d.lim.MaxStringBytes {
				return Value{}, d.tooLong()
			}
			d.text = append(d.text, t...)
		case xml.EndElement:
			if t.Name.Local != "value" || t.Name.Space != "" {
				return Value{}, unexpected(t, "</value>", "value")
			}
			// Untyped <value>text</value>: a string, whitespace included.
			return String(string(d.text)), nil
		case xml.StartElement:
			if !isSpace(d.text) {
				return Value{}, protocolErr(FaultInvalidRequest, "invalid XML-RPC: text mixed with <%s>", clip(qname(t.Name)))
			}
			v, err := d.typed(t, depth)
			if err != nil {
				return Value{}, err
			}
			if err := d.expectEnd("value"); err != nil {
				return Value{}, err
			}
			return v, nil
		}
	}
}

func (d *decoder) tooLong() error {
	return protocolErr(FaultInvalidRequest, "invalid XML-RPC: request limits exceeded: a string is longer than %d bytes", d.lim.MaxStringBytes)
}

// typed reads a typed value element (start consumed) through its end tag.
// Elements are matched on their local name, so Apache's ex:nil and ex:i8
// are read like nil and i8.
func (d *decoder) typed(s xml.StartElement, depth int) (Value, error) {
	var (
		k  Kind
		i8 bool
	)
	switch s.Name.Local {
	case "string":
		str, err := d.text_(s.Name)
		if err != nil {
			return Value{}, err
		}
		return String(str), nil
	case "struct":
		return d.structValue(depth)
	case "array":
		return d.arrayValue(depth)
	case "nil":
		str, err := d.text_(s.Name)
		if err != nil {
			return Value{}, err
		}
		if strings.TrimSpace(str) != "" {
			return Value{}, protocolErr(FaultInvalidRequest, "invalid XML-RPC: <nil/> must be empty")
		}
		return Nil(), nil
	default:
		var ok bool
		if k, i8, ok = scalarElement(s.Name.Local); !ok {
			return Value{}, protocolErr(FaultInvalidRequest, "invalid XML-RPC: unknown value type <%s>", clip(qname(s.Name)))
		}
	}
	str, err := d.text_(s.Name)
	if err != nil {
		return Value{}, err
	}
	v, err := Scalar(k, str)
	if err != nil {
		return Value{}, &ProtocolError{Code: FaultInvalidRequest, Message: "invalid XML-RPC: " + err.Error()}
	}
	v.i8 = i8
	return v, nil
}

// text_ reads character data (CDATA sections and references included) up
// to the end tag of the open element called name.
func (d *decoder) text_(name xml.Name) (string, error) {
	d.text = d.text[:0]
	for {
		t, err := d.next()
		if err != nil {
			return "", err
		}
		switch t := t.(type) {
		case xml.CharData:
			if len(d.text)+len(t) > d.lim.MaxStringBytes {
				return "", d.tooLong()
			}
			d.text = append(d.text, t...)
		case xml.EndElement:
			if t.Name != name {
				return "", unexpected(t, "</"+qname(name)+">", qname(name))
			}
			return string(d.text), nil
		default:
			return "", unexpected(t, "</"+qname(name)+">", qname(name))
		}
	}
}

func (d *decoder) structValue(depth int) (Value, error) {
	members := []Member{}
	for {
		t, err := d.tag()
		if err != nil {
			return Value{}, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			if t.Name.Local == "struct" && t.Name.Space == "" {
				return Value{kind: KindStruct, members: members}, nil
			}
		case xml.StartElement:
			if t.Name.Local == "member" && t.Name.Space == "" {
				m, err := d.member(depth)
				if err != nil {
					return Value{}, err
				}
				members = append(members, m)
				continue
			}
		}
		return Value{}, unexpected(t, "<member> or </struct>", "struct")
	}
}

// member reads <name> and <value> (in either order) up to </member>.
func (d *decoder) member(depth int) (Member, error) {
	var m Member
	haveName, haveValue := false, false
	for {
		t, err := d.tag()
		if err != nil {
			return m, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			if t.Name.Local == "member" && t.Name.Space == "" {
				if !haveName || !haveValue {
					return m, protocolErr(FaultInvalidRequest, "invalid XML-RPC: a struct member needs one <name> and one <value>")
				}
				return m, nil
			}
		case xml.StartElement:
			switch {
			case t.Name.Space != "":
			case t.Name.Local == "name" && !haveName:
				if m.Name, err = d.text_(t.Name); err != nil {
					return m, err
				}
				haveName = true
				continue
			case t.Name.Local == "value" && !haveValue:
				if m.Value, err = d.value(depth + 1); err != nil {
					return m, err
				}
				haveValue = true
				continue
			}
		}
		return m, unexpected(t, "<name>, <value> or </member>", "member")
	}
}

// arrayValue reads <data><value>...</value>*</data></array>; <array/> and
// <data/> are tolerated.
func (d *decoder) arrayValue(depth int) (Value, error) {
	items := []Value{}
	t, err := d.tag()
	if err != nil {
		return Value{}, err
	}
	if e, ok := t.(xml.EndElement); ok && e.Name.Local == "array" && e.Name.Space == "" {
		return Value{kind: KindArray, items: items}, nil
	}
	if s, ok := t.(xml.StartElement); !ok || s.Name.Local != "data" || s.Name.Space != "" {
		return Value{}, unexpected(t, "<data>", "array")
	}
	for {
		t, err := d.tag()
		if err != nil {
			return Value{}, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			if t.Name.Local == "data" && t.Name.Space == "" {
				if err := d.expectEnd("array"); err != nil {
					return Value{}, err
				}
				return Value{kind: KindArray, items: items}, nil
			}
		case xml.StartElement:
			if t.Name.Local == "value" && t.Name.Space == "" {
				v, err := d.value(depth + 1)
				if err != nil {
					return Value{}, err
				}
				items = append(items, v)
				continue
			}
		}
		return Value{}, unexpected(t, "<value> or </data>", "data")
	}
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

func isSpace(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	return true
}

// scalarElement maps a scalar value element's local name to its Kind (and
// whether it was <i8>); both decoders use it so they agree on the types.
func scalarElement(name string) (k Kind, i8, ok bool) {
	switch name {
	case "int", "i4":
		return KindInt, false, true
	case "i8":
		return KindInt, true, true
	case "boolean":
		return KindBool, false, true
	case "double":
		return KindDouble, false, true
	case "dateTime.iso8601":
		return KindDateTime, false, true
	case "base64":
		return KindBase64, false, true
	}
	return 0, false, false
}
