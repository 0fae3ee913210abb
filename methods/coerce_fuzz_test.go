package methods

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// FuzzCoerce feeds arbitrary received scalars (any kind, any lexical text,
// alone or wrapped in an array or a struct) to every parameter coercion the
// handlers use, and checks the properties the fault funnel relies on
// (fuzzing of parameter coercion):
//   - nothing panics;
//   - every refusal is a *failure.Error with code InvalidParams (-32602,
//     never an internal -32603), naming the member, with a short message
//     that quotes at most a clipped prefix of the input;
//   - what is accepted is what was written: an int read from text parses
//     back from that text, a date from 8 digits formats back to them, a
//     boolean comes from one of the accepted spellings.
//
// Owned by the reliability work (e2e/reliability/, SECURITY.md); run in CI by
// .ci/fuzz.sh.
func FuzzCoerce(f *testing.F) {
	for _, s := range []struct {
		kind byte
		text string
	}{
		{byte(xmlrpc.KindInt), "42"}, {byte(xmlrpc.KindString), "123"}, {byte(xmlrpc.KindString), " 7 "},
		{byte(xmlrpc.KindDouble), "1.0"}, {byte(xmlrpc.KindDouble), "1.5"}, {byte(xmlrpc.KindString), "20100131"},
		{byte(xmlrpc.KindInt), "20100131"}, {byte(xmlrpc.KindString), "2010-01-31"}, {byte(xmlrpc.KindString), "20101345"},
		{byte(xmlrpc.KindBool), "1"}, {byte(xmlrpc.KindString), "true"}, {byte(xmlrpc.KindString), "maybe"},
		{byte(xmlrpc.KindString), ""}, {byte(xmlrpc.KindString), "10.50"}, {byte(xmlrpc.KindString), "NaN"},
		{byte(xmlrpc.KindString), "99999999999999999999"}, {byte(xmlrpc.KindBase64), "AQID"},
		{byte(xmlrpc.KindDateTime), "20100131T10:00:00"}, {byte(xmlrpc.KindString), strings.Repeat("長", 100)},
		{byte(xmlrpc.KindNil), ""}, {byte(xmlrpc.KindStruct), ""}, {byte(xmlrpc.KindArray), "1"},
	} {
		f.Add(s.kind, s.text, uint8(0))
		f.Add(s.kind, s.text, uint8(1))
		f.Add(s.kind, s.text, uint8(2))
	}
	f.Fuzz(func(t *testing.T, kind byte, text string, wrap uint8) {
		v := fuzzValue(kind, text)
		switch wrap % 3 {
		case 1:
			v = xmlrpc.Array(v, xmlrpc.Int(3))
		case 2:
			v = xmlrpc.Struct(xmlrpc.Field("x", v))
		}
		a := args{v: xmlrpc.Struct(xmlrpc.Field("m", v))}

		if i, err := toInt("m", v); checkRefusal(t, "toInt", err) {
			if v.Kind() == xmlrpc.KindString {
				if p, perr := strconv.ParseInt(strings.TrimSpace(v.Text()), 10, 64); perr != nil || p != i {
					t.Fatalf("toInt(%q) = %d, but the text does not parse to it", v.Text(), i)
				}
			}
		}
		if s, err := toString("m", v); checkRefusal(t, "toString", err) && s != v.Text() {
			t.Fatalf("toString changed the text: %q -> %q", v.Text(), s)
		}
		_, err := intList("m", v)
		checkRefusal(t, "intList", err)
		_, _, err = a.strs("m")
		checkRefusal(t, "strs", err)
		_, _, err = a.double("m")
		checkRefusal(t, "double", err)
		if b, ok, err := a.bool("m"); checkRefusal(t, "bool", err) && ok && v.Kind() == xmlrpc.KindString {
			want := map[string]bool{"1": true, "true": true, "0": false, "false": false}
			w, known := want[strings.ToLower(strings.TrimSpace(v.Text()))]
			if !known || w != b {
				t.Fatalf("bool(%q) = %v, not an accepted spelling", v.Text(), b)
			}
		}
		if d, ok, err := a.date("m"); checkRefusal(t, "date", err) && ok {
			digits := strings.TrimSpace(v.Text())
			if len(digits) == 8 && d.Time().Format("20060102") != digits {
				t.Fatalf("date(%q) = %s", v.Text(), d)
			}
		}
		for name, fn := range map[string]func() error{
			"reqInt":    func() error { _, err := a.reqInt("m"); return err },
			"reqStr":    func() error { _, err := a.reqStr("m"); return err },
			"optInt":    func() error { _, err := a.optInt("m"); return err },
			"optDouble": func() error { _, err := a.optDouble("m"); return err },
			"optDate":   func() error { _, err := a.optDate("m"); return err },
			"optStr":    func() error { _, err := a.optStr("m"); return err },
			"scalarArg": func() error { _, err := scalarArg([]xmlrpc.Value{v}, "m"); return err },
			"structArgs": func() error {
				_, err := structArgs([]xmlrpc.Value{v, v}, "a", "b")
				return err
			},
			"projectParam": func() error { _, err := projectParam([]xmlrpc.Value{v}); return err },
		} {
			checkRefusal(t, name, fn())
		}
	})
}

// fuzzValue builds a received value of any kind from lexical text the way
// the decoder would; text that is invalid for the kind becomes a string.
func fuzzValue(kind byte, text string) xmlrpc.Value {
	switch k := xmlrpc.Kind(kind % 10); k {
	case xmlrpc.KindAbsent:
		return xmlrpc.Value{}
	case xmlrpc.KindNil:
		return xmlrpc.Nil()
	case xmlrpc.KindStruct:
		return xmlrpc.Struct(xmlrpc.Field(text, xmlrpc.String(text)))
	case xmlrpc.KindArray:
		return xmlrpc.Array(xmlrpc.String(text))
	default:
		if v, err := xmlrpc.Scalar(k, text); err == nil {
			return v
		}
		return xmlrpc.String(text)
	}
}

// checkRefusal reports whether err is nil; a non-nil err must be a short
// InvalidParams failure.
func checkRefusal(t *testing.T, what string, err error) bool {
	t.Helper()
	if err == nil {
		return true
	}
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Code != failure.InvalidParams {
		t.Fatalf("%s: refusal %T %v is not an InvalidParams failure (would be fault -32603)", what, err, err)
	}
	code, msg := FaultOf(err)
	if code != xmlrpc.FaultInvalidParams {
		t.Fatalf("%s: fault %d, want %d", what, code, xmlrpc.FaultInvalidParams)
	}
	if len(msg) > 256 {
		t.Fatalf("%s: fault string of %d bytes: %.80q", what, len(msg), msg)
	}
	return false
}
