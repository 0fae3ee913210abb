package xmlrpc

import (
	"encoding/base64"
	"errors"
	"io"
	"math"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// ErrIntRange is the encode error for an int outside int32 that was not
// built with I8: XML-RPC's <int> is 32-bit, <i8> breaks Perl Frontier,
// XMLRPC::Lite and PHP clients, and a string or double would change the
// type. The server turns it into a -32603 fault rather than a wrong value.
var ErrIntRange = errors.New("xmlrpc: int outside int32 range (build it with I8 to send <i8>)")

// ErrNotEncodable is the encode error for a value with no wire form: an
// absent value outside a struct, a NaN or infinite double, a dateTime whose
// UTC year is outside 0000-9999, or an unknown kind.
var ErrNotEncodable = errors.New("xmlrpc: value cannot be encoded")

const (
	xmlHeader     = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	respOpen      = xmlHeader + "<methodResponse><params><param><value>"
	respClose     = "</value></param></params></methodResponse>\n"
	faultOpen     = xmlHeader + "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>"
	faultMid      = "</int></value></member><member><name>faultString</name><value><string>"
	faultClose    = "</string></value></member></struct></value></fault></methodResponse>\n"
	dateTimeBasic = "20060102T15:04:05"
)

// AppendResponse appends a methodResponse holding v to dst. On error dst is
// returned unchanged (up to its length) so the caller can write a fault.
func AppendResponse(dst []byte, v Value) ([]byte, error) {
	n := len(dst)
	dst = append(dst, respOpen...)
	dst, err := appendValue(dst, v)
	if err != nil {
		return dst[:n], err
	}
	return append(dst, respClose...), nil
}

// AppendFault appends a fault methodResponse to dst. The fault string is
// escaped like any text.
func AppendFault(dst []byte, code int, msg string) []byte {
	dst = append(dst, faultOpen...)
	dst = strconv.AppendInt(dst, int64(code), 10)
	dst = append(dst, faultMid...)
	dst = appendEscaped(dst, msg)
	return append(dst, faultClose...)
}

// AppendCall appends a methodCall to dst (for tests, benchmarks and the
// load harness).
func AppendCall(dst []byte, method string, params ...Value) ([]byte, error) {
	n := len(dst)
	dst = append(dst, xmlHeader+"<methodCall><methodName>"...)
	dst = appendEscaped(dst, method)
	dst = append(dst, "</methodName><params>"...)
	var err error
	for _, p := range params {
		dst = append(dst, "<param><value>"...)
		if dst, err = appendValue(dst, p); err != nil {
			return dst[:n], err
		}
		dst = append(dst, "</value></param>"...)
	}
	return append(dst, "</params></methodCall>\n"...), nil
}

// EncodeResponse writes a methodResponse holding v to w in one Write.
func EncodeResponse(w io.Writer, v Value) error {
	b, err := AppendResponse(nil, v)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// EncodeFault writes a fault methodResponse to w in one Write.
func EncodeFault(w io.Writer, code int, msg string) error {
	_, err := w.Write(AppendFault(nil, code, msg))
	return err
}

// EncodeCall writes a methodCall to w in one Write.
func EncodeCall(w io.Writer, method string, params ...Value) error {
	b, err := AppendCall(nil, method, params...)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// appendValue appends the content of a <value> element (without the value
// tags). Emission is conservative (spec/xmlrpc.md §5.3): explicit <string>,
// <int> within int32, booleans 0/1, doubles in plain decimal, dateTime in
// the basic form in UTC, base64 unwrapped; <i8> and <nil/> only when the
// value was built (or received) as such. Struct members with an absent value
// are omitted.
func appendValue(dst []byte, v Value) ([]byte, error) {
	switch v.kind {
	case KindString:
		dst = append(dst, "<string>"...)
		dst = appendEscaped(dst, v.text)
		return append(dst, "</string>"...), nil
	case KindInt:
		if v.n < math.MinInt32 || v.n > math.MaxInt32 {
			if !v.i8 {
				return dst, ErrIntRange
			}
			dst = append(dst, "<i8>"...)
			dst = strconv.AppendInt(dst, v.n, 10)
			return append(dst, "</i8>"...), nil
		}
		dst = append(dst, "<int>"...)
		dst = strconv.AppendInt(dst, v.n, 10)
		return append(dst, "</int>"...), nil
	case KindBool:
		if v.n == 1 {
			return append(dst, "<boolean>1</boolean>"...), nil
		}
		return append(dst, "<boolean>0</boolean>"...), nil
	case KindDouble:
		if math.IsNaN(v.double()) || math.IsInf(v.double(), 0) {
			return dst, ErrNotEncodable
		}
		dst = append(dst, "<double>"...)
		dst = strconv.AppendFloat(dst, v.double(), 'f', -1, 64)
		return append(dst, "</double>"...), nil
	case KindDateTime:
		u := v.time().UTC() // a KindDateTime always has t
		if y := u.Year(); y < 0 || y > 9999 {
			return dst, ErrNotEncodable
		}
		dst = append(dst, "<dateTime.iso8601>"...)
		dst = u.AppendFormat(dst, dateTimeBasic)
		return append(dst, "</dateTime.iso8601>"...), nil
	case KindBase64:
		dst = append(dst, "<base64>"...)
		dst = appendBase64(dst, v.text)
		return append(dst, "</base64>"...), nil
	case KindNil:
		return append(dst, "<nil/>"...), nil
	case KindStruct:
		dst = append(dst, "<struct>"...)
		var err error
		members := v.members()
		for i := range members {
			m := &members[i]
			if m.Value.kind == KindAbsent {
				continue
			}
			dst = append(dst, "<member><name>"...)
			dst = appendEscaped(dst, m.Name)
			dst = append(dst, "</name><value>"...)
			if dst, err = appendValue(dst, m.Value); err != nil {
				return dst, err
			}
			dst = append(dst, "</value></member>"...)
		}
		return append(dst, "</struct>"...), nil
	case KindArray:
		dst = append(dst, "<array><data>"...)
		var err error
		items := v.items()
		for i := range items {
			dst = append(dst, "<value>"...)
			if dst, err = appendValue(dst, items[i]); err != nil {
				return dst, err
			}
			dst = append(dst, "</value>"...)
		}
		return append(dst, "</data></array>"...), nil
	}
	return dst, ErrNotEncodable
}

// checkEncodable reports the error appendValue would return for v, without
// writing anything (multicall checks each inner result with it).
func checkEncodable(v Value) error {
	switch v.kind {
	case KindString, KindBool, KindBase64, KindNil:
		return nil
	case KindDateTime:
		if y := v.time().UTC().Year(); y < 0 || y > 9999 {
			return ErrNotEncodable
		}
		return nil
	case KindInt:
		if (v.n < math.MinInt32 || v.n > math.MaxInt32) && !v.i8 {
			return ErrIntRange
		}
		return nil
	case KindDouble:
		if math.IsNaN(v.double()) || math.IsInf(v.double(), 0) {
			return ErrNotEncodable
		}
		return nil
	case KindStruct:
		for _, m := range v.members() {
			if m.Value.kind == KindAbsent {
				continue
			}
			if err := checkEncodable(m.Value); err != nil {
				return err
			}
		}
		return nil
	case KindArray:
		for _, it := range v.items() {
			if err := checkEncodable(it); err != nil {
				return err
			}
		}
		return nil
	}
	return ErrNotEncodable
}

// escTable marks the ASCII bytes that need work in text: markup characters,
// CR (escaped so CRLF survives XML line-end normalisation) and the control
// characters XML forbids (replaced by U+FFFD).
var escTable = func() (t [utf8.RuneSelf]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = c != '\t' && c != '\n'
	}
	t['&'], t['<'], t['>'] = true, true, true
	return t
}()

// appendEscaped appends s as XML text. Runs of safe bytes are copied in
// one append; invalid UTF-8 and characters illegal in XML (C0 controls,
// U+FFFE, U+FFFF) become U+FFFD. No allocation beyond growing dst.
func appendEscaped(dst []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !escTable[c] {
				i++
				continue
			}
			dst = append(dst, s[last:i]...)
			switch c {
			case '&':
				dst = append(dst, "&amp;"...)
			case '<':
				dst = append(dst, "&lt;"...)
			case '>':
				dst = append(dst, "&gt;"...)
			case '\r':
				dst = append(dst, "&#xD;"...)
			default:
				dst = append(dst, "\uFFFD"...)
			}
			i++
			last = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == 0xFFFE || r == 0xFFFF {
			dst = append(dst, s[last:i]...)
			dst = append(dst, "\uFFFD"...)
			i += size
			last = i
			continue
		}
		i += size
	}
	return append(dst, s[last:]...)
}

// appendBase64 appends the standard base64 encoding of s (no line breaks).
func appendBase64(dst []byte, s string) []byte {
	enc := base64.StdEncoding
	n := enc.EncodedLen(len(s))
	dst = slicesGrow(dst, n)
	enc.Encode(dst[len(dst):len(dst)+n], unsafeBytes(s))
	return dst[:len(dst)+n]
}

func slicesGrow(b []byte, n int) []byte {
	if cap(b)-len(b) < n {
		nb := make([]byte, len(b), 2*cap(b)+n)
		copy(nb, b)
		return nb
	}
	return b
}

// unsafeBytes views s as bytes for reading only (base64 encoding).
func unsafeBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
