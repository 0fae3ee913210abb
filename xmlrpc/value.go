package xmlrpc

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unsafe"
)

// Kind is the XML-RPC type of a Value.
type Kind uint8

// The XML-RPC kinds. KindAbsent is the zero Value: a member or parameter that
// was not sent (a received <nil/> decodes to KindNil, which Absent also reports).
const (
	KindAbsent Kind = iota
	KindString
	KindInt
	KindBool
	KindDouble
	KindDateTime
	KindBase64
	KindStruct
	KindArray
	KindNil
)

var kindNames = [...]string{"absent", "string", "int", "boolean", "double", "dateTime.iso8601", "base64", "struct", "array", "nil"}

// String returns the XML-RPC element name of the kind ("int", "struct", ...).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is one XML-RPC value, received or to be sent.
//
// Scalars keep their lexical text exactly as it was written on the wire
// (Text), because legacy clients disagree on types: Perl's RPC::XML sends the
// date 20100131 as <int> and the version name "1.0" as <double>, so a handler
// must be able to read "what was written", not a reformatted number.
// The zero Value is KindAbsent.
//
// The layout is kept small (40 bytes) because a decoded 70 KB response holds
// thousands of Values and a hostile request can hold a hundred thousand: the
// one number field holds an int, a boolean, a double's bits or a container's
// length, and the one pointer a dateTime or a container's first element, from
// which unsafe.Slice rebuilds the slice (no library offers a smaller
// tagged union; an interface field would cost 8 more bytes and an allocation
// per container). base64 bytes are held in text as an immutable string.
type Value struct {
	kind Kind
	i8   bool   // encode an int outside int32 as <i8> (only when a caller asks)
	text string // lexical form of a scalar (for KindString the string itself; for KindBase64 the decoded bytes)
	// n is the int (KindInt), 0 or 1 (KindBool), the IEEE 754 bits
	// (KindDouble) or the number of members or items (KindStruct, KindArray).
	n int64
	// p is the *time.Time of a KindDateTime, the first *Member of a
	// KindStruct or the first *Value of a KindArray (nil when empty).
	p unsafe.Pointer
}

// structOf returns a struct holding members (not copied).
func structOf(members []Member) Value {
	return Value{kind: KindStruct, n: int64(len(members)), p: unsafe.Pointer(unsafe.SliceData(members))}
}

// arrayOf returns an array holding items (not copied).
func arrayOf(items []Value) Value {
	return Value{kind: KindArray, n: int64(len(items)), p: unsafe.Pointer(unsafe.SliceData(items))}
}

// members returns a struct's members (nil for other kinds).
func (v Value) members() []Member {
	if v.kind != KindStruct || v.p == nil {
		return nil
	}
	return unsafe.Slice((*Member)(v.p), v.n)
}

// items returns an array's items (nil for other kinds).
func (v Value) items() []Value {
	if v.kind != KindArray || v.p == nil {
		return nil
	}
	return unsafe.Slice((*Value)(v.p), v.n)
}

// double returns a KindDouble's value.
func (v Value) double() float64 { return math.Float64frombits(uint64(v.n)) }

// time returns a KindDateTime's time (nil for other kinds).
func (v Value) time() *time.Time {
	if v.kind != KindDateTime {
		return nil
	}
	return (*time.Time)(v.p)
}

// Member is one named member of a struct. Order is kept as built or received.
type Member struct {
	Name  string
	Value Value
}

// String returns a string value.
func String(s string) Value { return Value{kind: KindString, text: s} }

// Int returns an int value. The encoder writes <int> for values within int32.
func Int(i int64) Value { return Value{kind: KindInt, n: i, text: strconv.FormatInt(i, 10)} }

// I8 returns an int value that the encoder writes as <i8> when it is outside
// int32. Only for callers that asked for the extension.
func I8(i int64) Value { v := Int(i); v.i8 = true; return v }

// Bool returns a boolean value (encoded as 0/1).
func Bool(b bool) Value {
	v := Value{kind: KindBool, text: "0"}
	if b {
		v.n, v.text = 1, "1"
	}
	return v
}

// Double returns a double value.
func Double(f float64) Value {
	return Value{kind: KindDouble, n: int64(math.Float64bits(f)), text: strconv.FormatFloat(f, 'f', -1, 64)}
}

// DateTime returns a dateTime.iso8601 value. The legacy Backlog API never
// sends one; it exists for system.* and validator tests. Its Text is the
// wire form: basic format, in UTC (the zone rule is in doc.go).
func DateTime(t time.Time) Value {
	return Value{kind: KindDateTime, p: unsafe.Pointer(&t), text: t.UTC().Format("20060102T15:04:05")}
}

// Base64 returns a base64 value holding a copy of b.
func Base64(b []byte) Value { return Value{kind: KindBase64, text: string(b)} }

// Nil returns the <nil/> extension value. The encoder only writes it when the
// caller built it; legacy results never contain one.
func Nil() Value { return Value{kind: KindNil} }

// Struct returns a struct value with the members in the given order.
func Struct(members ...Member) Value {
	return structOf(members)
}

// Array returns an array value.
func Array(items ...Value) Value {
	return arrayOf(items)
}

// Field is shorthand for Member{Name: name, Value: v}.
func Field(name string, v Value) Member { return Member{Name: name, Value: v} }

// Scalar builds a received scalar from its element kind and lexical text;
// the decoder uses it, and tests may too. It validates and parses the text
// for int, boolean, double and dateTime (the zone rule is documented in
// doc.go); for base64 it decodes the text.
func Scalar(kind Kind, text string) (Value, error) {
	v := Value{kind: kind, text: text}
	t := strings.TrimSpace(text)
	var err error
	switch kind {
	case KindString:
	case KindInt:
		v.n, err = strconv.ParseInt(t, 10, 64)
	case KindBool:
		// 0/1 per the spec; true/false tolerated (some clients send them).
		switch {
		case t == "0" || strings.EqualFold(t, "false"):
		case t == "1" || strings.EqualFold(t, "true"):
			v.n = 1
		default:
			err = fmt.Errorf("boolean must be 0 or 1, got %q", clip(text))
		}
	case KindDouble:
		var f float64
		f, err = strconv.ParseFloat(t, 64)
		v.n = int64(math.Float64bits(f))
		if err == nil && !decimalText(t) {
			err = fmt.Errorf("double must be decimal")
		}
		if err == nil && (math.IsInf(f, 0) || math.IsNaN(f)) {
			err = fmt.Errorf("double out of range")
		}
	case KindDateTime:
		var tm time.Time
		if tm, err = parseISO8601(t); err == nil {
			v.p = unsafe.Pointer(&tm)
		}
	case KindBase64:
		var bin []byte
		bin, err = decodeBase64(text)
		v.text = string(bin)
	default:
		err = fmt.Errorf("%s is not a scalar kind", kind)
	}
	if err != nil {
		return Value{}, fmt.Errorf("invalid %s value %q", kind, clip(text))
	}
	return v, nil
}

// Kind reports the value's kind.
func (v Value) Kind() Kind { return v.kind }

// Absent reports whether the value was not sent or was <nil/>.
func (v Value) Absent() bool { return v.kind == KindAbsent || v.kind == KindNil }

// Text returns the lexical text of a scalar as written on the wire (for
// values built in Go, the canonical form). Empty for struct, array, base64.
func (v Value) Text() string {
	if v.kind == KindBase64 {
		return ""
	}
	return v.text
}

// Members returns the members of a struct in order (nil for other kinds;
// empty, not nil, for an empty struct).
func (v Value) Members() []Member {
	if v.kind == KindStruct && v.n == 0 {
		return []Member{}
	}
	return v.members()
}

// Items returns the items of an array (nil for other kinds; empty, not nil,
// for an empty array).
func (v Value) Items() []Value {
	if v.kind == KindArray && v.n == 0 {
		return []Value{}
	}
	return v.items()
}

// Get returns the struct member called name. A member whose value is <nil/>
// is reported as not present.
func (v Value) Get(name string) (Value, bool) {
	for _, m := range v.members() {
		if m.Name == name {
			if m.Value.Absent() {
				return Value{}, false
			}
			return m.Value, true
		}
	}
	return Value{}, false
}

// AsInt coerces leniently to an integer: <int>/<i4>/<i8>, a string of
// digits (Python and Ruby users pass "123"), a double with an integral value,
// or a boolean.
func (v Value) AsInt() (int64, error) {
	switch v.kind {
	case KindInt, KindBool:
		return v.n, nil
	case KindDouble:
		if f := v.double(); f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return int64(f), nil
		}
	case KindString:
		if i, err := strconv.ParseInt(strings.TrimSpace(v.text), 10, 64); err == nil {
			return i, nil
		}
	}
	return 0, fmt.Errorf("expected an integer, got %s %q", v.kind, clip(v.text))
}

// AsString returns the lexical text of any scalar except base64: a string,
// or an int/double/boolean as written (Perl smart-encodes strings).
func (v Value) AsString() (string, error) {
	switch v.kind {
	case KindString, KindInt, KindDouble, KindBool, KindDateTime:
		return v.text, nil
	}
	return "", fmt.Errorf("expected a string, got %s", v.kind)
}

// AsBool coerces leniently: <boolean>, <int> 0/1, or the strings
// "0", "1", "true", "false" (any case).
func (v Value) AsBool() (bool, error) {
	switch v.kind {
	case KindBool:
		return v.n == 1, nil
	case KindInt:
		if v.n == 0 || v.n == 1 {
			return v.n == 1, nil
		}
	case KindString:
		switch strings.ToLower(strings.TrimSpace(v.text)) {
		case "1", "true":
			return true, nil
		case "0", "false":
			return false, nil
		}
	}
	return false, fmt.Errorf("expected a boolean, got %s %q", v.kind, clip(v.text))
}

// AsDouble coerces leniently: <double>, <int>, or numeric text such as the
// "10.50" BigDecimal strings backlog4j sends.
func (v Value) AsDouble() (float64, error) {
	switch v.kind {
	case KindDouble:
		return v.double(), nil
	case KindInt:
		return float64(v.n), nil
	case KindString:
		if f, err := strconv.ParseFloat(strings.TrimSpace(v.text), 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f, nil
		}
	}
	return 0, fmt.Errorf("expected a number, got %s %q", v.kind, clip(v.text))
}

// AsBytes returns (a copy of) the bytes of a base64 value, or the UTF-8
// bytes of a string.
func (v Value) AsBytes() ([]byte, error) {
	switch v.kind {
	case KindBase64:
		return []byte(v.text), nil
	case KindString:
		return []byte(v.text), nil
	}
	return nil, fmt.Errorf("expected base64, got %s", v.kind)
}

// AsTime returns the instant of a dateTime.iso8601 value.
func (v Value) AsTime() (time.Time, error) {
	if t := v.time(); t != nil {
		return *t, nil
	}
	return time.Time{}, fmt.Errorf("expected dateTime.iso8601, got %s", v.kind)
}

// WantsI8 reports whether an int was built with I8.
func (v Value) WantsI8() bool { return v.i8 }

// clip shortens text quoted in error messages so a huge value never ends up
// in a fault string or a log line.
func clip(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}

// decimalText reports whether s uses only the characters of a decimal number
// with an optional exponent: ParseFloat alone would also take "inf", "nan",
// hex floats and underscores.
func decimalText(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9', c == '.', c == '+', c == '-', c == 'e', c == 'E':
		default:
			return false
		}
	}
	return true
}
