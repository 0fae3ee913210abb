package xmlrpc

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestEncodeValues(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	tests := []struct {
		name string
		v    Value
		want string // the content of <value>
	}{
		{"string explicit", String("abc"), "<string>abc</string>"},
		{"empty string", String(""), "<string></string>"},
		{"markup escaped", String(`a<b>&c "q" 'a'`), `<string>a&lt;b&gt;&amp;c "q" 'a'</string>`},
		{"CR escaped so CRLF survives", String("a\r\nb"), "<string>a&#xD;\nb</string>"},
		{"tab and LF kept", String("a\tb\nc"), "<string>a\tb\nc</string>"},
		{"control characters replaced", String("a\x00b\x1bc"), "<string>a\uFFFDb\uFFFDc</string>"},
		{"invalid UTF-8 replaced", String("a\xffb"), "<string>a\uFFFDb</string>"},
		{"U+FFFE replaced", String("a\uFFFEb"), "<string>a\uFFFDb</string>"},
		{"japanese kept", String("未対応"), "<string>未対応</string>"},
		{"int", Int(-42), "<int>-42</int>"},
		{"int32 max", Int(math.MaxInt32), "<int>2147483647</int>"},
		{"int32 min", Int(math.MinInt32), "<int>-2147483648</int>"},
		{"i8 within int32 is int", I8(5), "<int>5</int>"},
		{"i8 outside int32", I8(1 << 40), "<i8>1099511627776</i8>"},
		{"bool true", Bool(true), "<boolean>1</boolean>"},
		{"bool false", Bool(false), "<boolean>0</boolean>"},
		{"double", Double(3.5), "<double>3.5</double>"},
		{"double integral", Double(2), "<double>2</double>"},
		{"double no exponent", Double(1e21), "<double>1000000000000000000000</double>"},
		{"double small", Double(0.000001), "<double>0.000001</double>"},
		{"dateTime in UTC, basic, no zone", DateTime(time.Date(2024, 1, 2, 12, 4, 5, 0, jst)), "<dateTime.iso8601>20240102T03:04:05</dateTime.iso8601>"},
		{"base64 one line", Base64(bytes.Repeat([]byte{0xff}, 60)), "<base64>" + strings.Repeat("////", 20) + "</base64>"},
		{"nil only when built", Nil(), "<nil/>"},
		{"empty struct", Struct(), "<struct></struct>"},
		{"struct in built order", Struct(Field("z", Int(1)), Field("a<", String("x"))), "<struct><member><name>z</name><value><int>1</int></value></member><member><name>a&lt;</name><value><string>x</string></value></member></struct>"},
		{"absent member omitted", Struct(Field("a", Int(1)), Field("b", Value{}), Field("c", Int(3))), "<struct><member><name>a</name><value><int>1</int></value></member><member><name>c</name><value><int>3</int></value></member></struct>"},
		{"empty array", Array(), "<array><data></data></array>"},
		{"array", Array(Int(1), String("x")), "<array><data><value><int>1</int></value><value><string>x</string></value></data></array>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AppendResponse(nil, tt.v)
			if err != nil {
				t.Fatal(err)
			}
			want := respOpen + tt.want + respClose
			if string(got) != want {
				t.Fatalf("got  %s\nwant %s", got, want)
			}
			// Whatever we emit, we read back the same.
			back, err := DecodeResponse(bytes.NewReader(got), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if !same(back, stripAbsent(tt.v)) && !strings.Contains(tt.name, "replaced") {
				t.Fatalf("read back %#v, want %#v", back, tt.v)
			}
		})
	}
}

// stripAbsent drops absent struct members, as the encoder does.
func stripAbsent(v Value) Value {
	switch v.kind {
	case KindStruct:
		ms := []Member{}
		for _, m := range v.members() {
			if m.Value.kind != KindAbsent {
				ms = append(ms, Field(m.Name, stripAbsent(m.Value)))
			}
		}
		return Struct(ms...)
	case KindArray:
		items := make([]Value, len(v.items()))
		for i, it := range v.items() {
			items[i] = stripAbsent(it)
		}
		return Array(items...)
	}
	return v
}

func TestEncodeRefusesValuesWithoutHonestWireForm(t *testing.T) {
	tests := []struct {
		name string
		v    Value
		want error
	}{
		{"int above int32 without I8", Int(math.MaxInt32 + 1), ErrIntRange},
		{"int below int32 without I8", Int(math.MinInt32 - 1), ErrIntRange},
		{"nested big int", Struct(Field("id", Array(Int(1<<33)))), ErrIntRange},
		{"NaN", Double(math.NaN()), ErrNotEncodable},
		{"Inf", Double(math.Inf(-1)), ErrNotEncodable},
		{"absent result", Value{}, ErrNotEncodable},
		{"absent array item", Array(Int(1), Value{}), ErrNotEncodable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix := []byte("keep")
			got, err := AppendResponse(prefix, tt.v)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err %v, want %v", err, tt.want)
			}
			if string(got) != "keep" {
				t.Fatalf("dst not restored: %q", got)
			}
			if err := checkEncodable(tt.v); !errors.Is(err, tt.want) {
				t.Fatalf("checkEncodable: %v, want %v", err, tt.want)
			}
		})
	}
}

func TestEncodeFault(t *testing.T) {
	got := string(AppendFault(nil, -32601, "method not found: a<b"))
	want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>-32601</int></value></member>` +
		`<member><name>faultString</name><value><string>method not found: a&lt;b</string></value></member></struct></value></fault></methodResponse>` + "\n"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestEncodeIsDeterministic(t *testing.T) {
	v := issues100()
	a, _ := AppendResponse(nil, v)
	for range 5 {
		b, _ := AppendResponse(nil, v)
		if !bytes.Equal(a, b) {
			t.Fatal("two encodings of one value differ")
		}
	}
}

func TestEncodeCallRoundTrip(t *testing.T) {
	params := []Value{Int(1), Struct(Field("k", String("v\r\n"))), Array(Bool(true), Double(0.25)), Base64([]byte{0, 1, 2})}
	var buf bytes.Buffer
	if err := EncodeCall(&buf, "backlog.getIssue", params...); err != nil {
		t.Fatal(err)
	}
	c, err := decodeBothWays(t, buf.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Method != "backlog.getIssue" || len(c.Params) != len(params) {
		t.Fatalf("got %q %d", c.Method, len(c.Params))
	}
	for i := range params {
		if !same(c.Params[i], params[i]) {
			t.Fatalf("param %d: %#v, want %#v", i, c.Params[i], params[i])
		}
	}
}

func TestAppendEscapedDoesNotAllocate(t *testing.T) {
	dst := make([]byte, 0, 1024)
	s := "課題 <a & b>\r\n" + strings.Repeat("x", 100)
	allocs := testing.AllocsPerRun(100, func() { dst = appendEscaped(dst[:0], s) })
	if allocs != 0 {
		t.Fatalf("%v allocations", allocs)
	}
}
