package xmlrpc

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

// callXML wraps param value contents in a methodCall.
func callXML(values ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><methodCall><methodName>t.m</methodName><params>`)
	for _, v := range values {
		b.WriteString("<param><value>" + v + "</value></param>")
	}
	b.WriteString("</params></methodCall>")
	return b.String()
}

// decodeBothWays decodes body with DecodeCall (fast path first) and with
// the encoding/xml reference alone, and fails if they disagree. It returns
// DecodeCall's result.
func decodeBothWays(t testing.TB, body []byte, lim Limits) (*Call, error) {
	t.Helper()
	c, err := DecodeCall(bytes.NewReader(body), lim)
	lim = lim.withDefaults()
	rc, rerr := referenceDecoder(trimBOM(body), lim).call()
	if (err == nil) != (rerr == nil) {
		t.Fatalf("DecodeCall err=%v, reference err=%v", err, rerr)
	}
	var dp, rp0 *ProtocolError
	if errors.As(err, &dp) && (!errors.As(rerr, &rp0) || dp.Code != rp0.Code || dp.Message != rp0.Message) {
		t.Fatalf("DecodeCall fault %v, reference %v", err, rerr)
	}
	if err == nil {
		if c.Method != rc.Method || len(c.Params) != len(rc.Params) {
			t.Fatalf("DecodeCall %q/%d params, reference %q/%d", c.Method, len(c.Params), rc.Method, len(rc.Params))
		}
		for i := range c.Params {
			if !identical(c.Params[i], rc.Params[i]) {
				t.Fatalf("param %d: DecodeCall %#v, reference %#v", i, c.Params[i], rc.Params[i])
			}
		}
	}
	// The fast path alone, when it accepts, must agree too; a fault it
	// reports itself must be the reference's, word for word.
	f := fastDecoder{b: trimBOM(body), lim: lim}
	rest, transcoded := declaredUTF8(f.b)
	if transcoded {
		f.b = rest
	}
	fc, ferr := f.call()
	if ferr == errBail && !transcoded {
		if terr := f.truncated(); terr != nil {
			ferr = terr // the fault DecodeCall reports for a truncated body
		}
	}
	if ferr != nil && ferr != errBail {
		var fp, rp *ProtocolError
		if !errors.As(ferr, &fp) || !errors.As(rerr, &rp) || fp.Code != rp.Code || fp.Message != rp.Message {
			t.Fatalf("fast path fault %v, reference %v", ferr, rerr)
		}
	}
	if ferr == nil {
		if rerr != nil {
			t.Fatalf("fast path accepted what the reference refuses (%v)", rerr)
		}
		for i := range fc.Params {
			if !identical(fc.Params[i], rc.Params[i]) {
				t.Fatalf("param %d: fast %#v, reference %#v", i, fc.Params[i], rc.Params[i])
			}
		}
	}
	return c, err
}

// identical compares two decoded values exactly, lexical text included.
func identical(a, b Value) bool {
	if a.kind != b.kind || a.text != b.text || a.i8 != b.i8 || a.n != b.n ||
		(a.time() == nil) != (b.time() == nil) {
		return false
	}
	if at, bt := a.time(), b.time(); at != nil {
		_, ao := at.Zone()
		_, bo := bt.Zone()
		if !at.Equal(*bt) || ao != bo {
			return false
		}
	}
	am, bm := a.members(), b.members()
	for i := range am {
		if am[i].Name != bm[i].Name || !identical(am[i].Value, bm[i].Value) {
			return false
		}
	}
	ai, bi := a.items(), b.items()
	for i := range ai {
		if !identical(ai[i], bi[i]) {
			return false
		}
	}
	return true
}

// same compares values as the wire sees them (lexical text of numbers may
// differ: "+5" and "5" are the same int).
func same(a, b Value) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case KindString:
		return a.text == b.text
	case KindInt, KindBool:
		return a.n == b.n
	case KindDouble:
		return a.double() == b.double()
	case KindDateTime:
		return a.time().Equal(*b.time())
	case KindBase64:
		return a.text == b.text
	case KindStruct:
		am, bm := a.members(), b.members()
		if len(am) != len(bm) {
			return false
		}
		for i := range am {
			if am[i].Name != bm[i].Name || !same(am[i].Value, bm[i].Value) {
				return false
			}
		}
	case KindArray:
		ai, bi := a.items(), b.items()
		if len(ai) != len(bi) {
			return false
		}
		for i := range ai {
			if !same(ai[i], bi[i]) {
				return false
			}
		}
	}
	return true
}

func mustScalar(t testing.TB, k Kind, text string) Value {
	v, err := Scalar(k, text)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestDecodeValueTypes(t *testing.T) {
	jst := time.FixedZone("", 9*3600)
	tests := []struct {
		name string
		xml  string
		want Value
		text string // expected Text() when not empty
	}{
		{"int", "<int>42</int>", Int(42), "42"},
		{"i4 negative", "<i4>-7</i4>", Int(-7), ""},
		{"i8", "<i8>9007199254740993</i8>", I8(9007199254740993), ""},
		{"int above int32 kept as int64", "<int>3000000000</int>", Int(3000000000), ""},
		{"int with plus sign keeps its text", "<int>+5</int>", Int(5), "+5"},
		{"int with spaces tolerated", "<int> 5 </int>", Int(5), " 5 "},
		{"perl date as int", "<int>20100131</int>", Int(20100131), "20100131"},
		{"boolean 1", "<boolean>1</boolean>", Bool(true), ""},
		{"boolean 0", "<boolean>0</boolean>", Bool(false), ""},
		{"boolean true tolerated", "<boolean>true</boolean>", Bool(true), "true"},
		{"boolean FALSE tolerated", "<boolean>FALSE</boolean>", Bool(false), ""},
		{"string", "<string>héllo 日本語</string>", String("héllo 日本語"), ""},
		{"empty string element", "<string/>", String(""), ""},
		{"empty string pair", "<string></string>", String(""), ""},
		{"untyped keeps whitespace", "  padded  ", String("  padded  "), "  padded  "},
		{"untyped empty", "", String(""), ""},
		{"untyped with CDATA", "a<![CDATA[<b>&]]>c", String("a<b>&c"), ""},
		{"CDATA in string", "<string>a<![CDATA[<b>&]]>c</string>", String("a<b>&c"), ""},
		{"CDATA only", "<string><![CDATA[x]]></string>", String("x"), ""},
		{"CDATA with CRLF, ]] and Japanese", "<string><![CDATA[a\r\nb]]c\r日本]]></string>", String("a\nb]]c\n日本"), ""},
		{"two CDATA sections", "<string><![CDATA[a]]><![CDATA[b]]>&amp;</string>", String("ab&"), ""},
		{"entities", "<string>&lt;&gt;&amp;&apos;&quot;&#60;&#x3C;&#x65E5;</string>", String(`<>&'"<<日`), ""},
		{"escaped CRLF survives", "<string>a&#xD;&#xA;b&#13;</string>", String("a\r\nb\r"), ""},
		{"raw CRLF normalised", "<string>a\r\nb\rc</string>", String("a\nb\nc"), ""},
		{"string with > and quotes", `<string>a > b "c" 'd'</string>`, String(`a > b "c" 'd'`), ""},
		{"double", "<double>-0.5</double>", Double(-0.5), ""},
		{"perl version name as double keeps its text", "<double>1.0</double>", Double(1), "1.0"},
		{"double with exponent", "<double>1e+100</double>", Double(1e100), ""},
		{"php double", "<double>1.500000</double>", Double(1.5), "1.500000"},
		{"dateTime basic is UTC", "<dateTime.iso8601>19980717T14:08:55</dateTime.iso8601>", DateTime(time.Date(1998, 7, 17, 14, 8, 55, 0, time.UTC)), ""},
		{"dateTime extended", "<dateTime.iso8601>1998-07-17T14:08:55</dateTime.iso8601>", DateTime(time.Date(1998, 7, 17, 14, 8, 55, 0, time.UTC)), ""},
		{"dateTime Z", "<dateTime.iso8601>19980717T14:08:55Z</dateTime.iso8601>", DateTime(time.Date(1998, 7, 17, 14, 8, 55, 0, time.UTC)), ""},
		{"dateTime with offset keeps the instant", "<dateTime.iso8601>1998-07-17T14:08:55+09:00</dateTime.iso8601>", DateTime(time.Date(1998, 7, 17, 14, 8, 55, 0, jst)), ""},
		{"base64", "<base64>aGVsbG8=</base64>", Base64([]byte("hello")), ""},
		{"base64 python line breaks", "<base64>\naGVs\nbG8=\n</base64>", Base64([]byte("hello")), ""},
		{"base64 xmlrpc-c CRLF and spaces", "<base64>aGVs\r\n bG8=\r\n</base64>", Base64([]byte("hello")), ""},
		{"base64 empty", "<base64></base64>", Base64([]byte{}), ""},
		{"empty struct", "<struct></struct>", Struct(), ""},
		{"empty struct element", "<struct/>", Struct(), ""},
		{"struct keeps member order", "<struct><member><name>z</name><value><int>1</int></value></member><member><name>a</name><value>x</value></member></struct>",
			Struct(Field("z", Int(1)), Field("a", String("x"))), ""},
		{"struct member value before name", "<struct><member><value><int>1</int></value><name>n</name></member></struct>", Struct(Field("n", Int(1))), ""},
		{"struct numeric names are strings", "<struct><member><name>2000</name><value><struct><member><name>04</name><value><struct/></value></member></struct></value></member></struct>",
			Struct(Field("2000", Struct(Field("04", Struct())))), ""},
		{"empty array", "<array><data></data></array>", Array(), ""},
		{"empty data element", "<array><data/></array>", Array(), ""},
		{"empty array element", "<array/>", Array(), ""},
		{"array mixed types", "<array><data><value><i4>1</i4></value><value>s</value><value/><value><boolean>0</boolean></value></data></array>",
			Array(Int(1), String("s"), String(""), Bool(false)), ""},
		{"nil", "<nil/>", Nil(), ""},
		{"apache ex:nil", `<ex:nil xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions"/>`, Nil(), ""},
		{"apache ex:i8", `<ex:i8 xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions">5000000000</ex:i8>`, I8(5000000000), ""},
		{"whitespace around typed value", "\n  <int>1</int>\n  ", Int(1), ""},
		{"comment inside value", "<int>1<!-- one --></int>", Int(1), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := decodeBothWays(t, []byte(callXML(tt.xml)), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Params) != 1 {
				t.Fatalf("got %d params", len(c.Params))
			}
			got := c.Params[0]
			if !same(got, tt.want) {
				t.Fatalf("got %#v, want %#v", got, tt.want)
			}
			if got.WantsI8() != tt.want.WantsI8() {
				t.Fatalf("WantsI8 = %v", got.WantsI8())
			}
			if tt.want.Kind() == KindDateTime {
				_, go1 := got.time().Zone()
				_, wo := tt.want.time().Zone()
				if go1 != wo {
					t.Fatalf("zone offset %d, want %d", go1, wo)
				}
			}
			if tt.text != "" && got.Text() != tt.text {
				t.Fatalf("Text() = %q, want %q", got.Text(), tt.text)
			}
		})
	}
}

func TestDecodeNilMemberIsAbsent(t *testing.T) {
	c, err := decodeBothWays(t, []byte(callXML("<struct><member><name>a</name><value><nil/></value></member></struct>")), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Params[0].Get("a"); ok {
		t.Fatal("a <nil/> member must read as absent")
	}
	if !c.Params[0].Members()[0].Value.Absent() {
		t.Fatal("Absent() must be true for <nil/>")
	}
}

func TestDecodeEnvelopeVariants(t *testing.T) {
	sjis, _ := japanese.ShiftJIS.NewEncoder().String("<string>課題の件名</string>")
	eucjp, _ := japanese.EUCJP.NewEncoder().String("<string>課題の件名</string>")
	tests := []struct {
		name   string
		body   string
		params []Value
	}{
		{"no declaration, no params", "<methodCall><methodName>a.b</methodName></methodCall>", nil},
		{"empty params element", "<methodCall><methodName>a.b</methodName><params/></methodCall>", nil},
		{"empty params pair", "<methodCall><methodName>a.b</methodName><params></params></methodCall>", nil},
		{"xmlrpc-c empty params with CRLF", "<methodCall>\r\n<methodName>a.b</methodName>\r\n<params>\r\n</params>\r\n</methodCall>\r\n", nil},
		{"xmlrpc-c CRLF pretty print", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<methodCall>\r\n<methodName>a.b</methodName>\r\n<params>\r\n<param><value><i4>7</i4></value></param>\r\n</params>\r\n</methodCall>\r\n", []Value{Int(7)}},
		{"comments and PIs between elements", "<?xml version='1.0'?><!-- c --><methodCall><!-- c --><methodName>a.b</methodName><?pi x?><params><param><!-- c --><value>x</value></param></params></methodCall><!-- c -->", []Value{String("x")}},
		{"UTF-8 BOM", "\xef\xbb\xbf<?xml version=\"1.0\"?><methodCall><methodName>a.b</methodName></methodCall>", nil},
		{"method name with spaces around", "<methodCall><methodName> a.b </methodName></methodCall>", nil},
		{"declared utf-8 lowercase", `<?xml version="1.0" encoding="utf-8"?>` + "<methodCall><methodName>a.b</methodName><params><param><value>日本</value></param></params></methodCall>", []Value{String("日本")}},
		{"declared US-ASCII read as UTF-8 (RPC::XML)", `<?xml version="1.0" encoding="us-ascii"?>` + "<methodCall><methodName>a.b</methodName><params><param><value>日本</value></param></params></methodCall>", []Value{String("日本")}},
		{"declared ISO-8859-1 (PHP)", `<?xml version="1.0" encoding="iso-8859-1"?>` + "<methodCall><methodName>a.b</methodName><params><param><value><string>caf\xe9 &#233;</string></value></param></params></methodCall>", []Value{String("café é")}},
		{"declared Shift_JIS", `<?xml version="1.0" encoding="Shift_JIS"?>` + "<methodCall><methodName>a.b</methodName><params><param><value>" + sjis + "</value></param></params></methodCall>", []Value{String("課題の件名")}},
		{"declared EUC-JP", `<?xml version="1.0" encoding="EUC-JP"?>` + "<methodCall><methodName>a.b</methodName><params><param><value>" + eucjp + "</value></param></params></methodCall>", []Value{String("課題の件名")}},
		{"declared windows-1252", `<?xml version="1.0" encoding="windows-1252"?>` + "<methodCall><methodName>a.b</methodName><params><param><value>\x93q\x94</value></param></params></methodCall>", []Value{String("\u201cq\u201d")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := decodeBothWays(t, []byte(tt.body), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if c.Method != "a.b" {
				t.Fatalf("method %q", c.Method)
			}
			if len(c.Params) != len(tt.params) {
				t.Fatalf("got %d params, want %d", len(c.Params), len(tt.params))
			}
			for i := range tt.params {
				if !same(c.Params[i], tt.params[i]) {
					t.Fatalf("param %d = %#v, want %#v", i, c.Params[i], tt.params[i])
				}
			}
		})
	}
}

func TestDecodeFaults(t *testing.T) {
	badSJIS := `<?xml version="1.0" encoding="Shift_JIS"?><methodCall><methodName>a</methodName><params><param><value>` + "\x81\x7f\xa0\xfd" + `</value></param></params></methodCall>`
	deep := strings.Repeat("<value><array><data>", 33) + strings.Repeat("</data></array></value>", 33)
	tests := []struct {
		name string
		body string
		lim  Limits
		code int
	}{
		{"empty body", "", Limits{}, FaultNotWellFormed},
		{"not XML", "hello", Limits{}, FaultNotWellFormed},
		{"truncated", "<methodCall><methodName>a</methodName>", Limits{}, FaultNotWellFormed},
		{"mismatched tags", callXML("<int>1</i4>"), Limits{}, FaultNotWellFormed},
		{"unknown entity", callXML("<string>&nbsp;</string>"), Limits{}, FaultNotWellFormed},
		{"NUL reference", callXML("<string>&#0;</string>"), Limits{}, FaultNotWellFormed},
		{"raw control character", callXML("<string>a\x01b</string>"), Limits{}, FaultNotWellFormed},
		{"]]> in text", callXML("<string>a]]>b</string>"), Limits{}, FaultNotWellFormed},
		{"second root element", "<methodCall><methodName>a</methodName></methodCall><methodCall/>", Limits{}, FaultNotWellFormed},
		{"text after root", "<methodCall><methodName>a</methodName></methodCall>junk", Limits{}, FaultNotWellFormed},
		{"invalid UTF-8", callXML("<string>\xff\xfe</string>"), Limits{}, FaultInvalidCharacter},
		{"byte undefined in Shift_JIS", badSJIS, Limits{}, FaultInvalidCharacter},
		{"unknown encoding", `<?xml version="1.0" encoding="x-klingon"?><methodCall><methodName>a</methodName></methodCall>`, Limits{}, FaultUnsupportedEncoding},
		{"UTF-16 declared", `<?xml version="1.0" encoding="UTF-16"?><methodCall><methodName>a</methodName></methodCall>`, Limits{}, FaultUnsupportedEncoding},
		{"DOCTYPE", `<?xml version="1.0"?><!DOCTYPE methodCall><methodCall><methodName>a</methodName></methodCall>`, Limits{}, FaultInvalidRequest},
		{"billion laughs", `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><methodCall><methodName>a</methodName><params><param><value>&lol2;</value></param></params></methodCall>`, Limits{}, FaultInvalidRequest},
		{"XXE", `<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><methodCall><methodName>a</methodName><params><param><value>&x;</value></param></params></methodCall>`, Limits{}, FaultInvalidRequest},
		{"response instead of call", `<methodResponse><params/></methodResponse>`, Limits{}, FaultInvalidRequest},
		{"missing methodName", `<methodCall><params/></methodCall>`, Limits{}, FaultInvalidRequest},
		{"empty methodName", `<methodCall><methodName></methodName></methodCall>`, Limits{}, FaultInvalidRequest},
		{"methodName with bad characters", `<methodCall><methodName>a b</methodName></methodCall>`, Limits{}, FaultInvalidRequest},
		{"unknown type", callXML("<foo>1</foo>"), Limits{}, FaultInvalidRequest},
		{"java serializable refused", callXML(`<ex:serializable xmlns:ex="x">rO0=</ex:serializable>`), Limits{}, FaultInvalidRequest},
		{"mixed content", callXML("x<int>1</int>"), Limits{}, FaultInvalidRequest},
		{"two values in a param", `<methodCall><methodName>a</methodName><params><param><value>1</value><value>2</value></param></params></methodCall>`, Limits{}, FaultInvalidRequest},
		{"member without name", callXML("<struct><member><value>1</value></member></struct>"), Limits{}, FaultInvalidRequest},
		{"member with two names", callXML("<struct><member><name>a</name><name>b</name><value>1</value></member></struct>"), Limits{}, FaultInvalidRequest},
		{"struct with text", callXML("<struct>x</struct>"), Limits{}, FaultInvalidRequest},
		{"array without data", callXML("<array><value>1</value></array>"), Limits{}, FaultInvalidRequest},
		{"int not a number", callXML("<int>abc</int>"), Limits{}, FaultInvalidRequest},
		{"int with fraction", callXML("<int>1.5</int>"), Limits{}, FaultInvalidRequest},
		{"int beyond int64", callXML("<i8>99999999999999999999</i8>"), Limits{}, FaultInvalidRequest},
		{"boolean 2", callXML("<boolean>2</boolean>"), Limits{}, FaultInvalidRequest},
		{"double inf", callXML("<double>inf</double>"), Limits{}, FaultInvalidRequest},
		{"double NaN", callXML("<double>NaN</double>"), Limits{}, FaultInvalidRequest},
		{"double hex", callXML("<double>0x1p3</double>"), Limits{}, FaultInvalidRequest},
		{"double overflow", callXML("<double>1e999</double>"), Limits{}, FaultInvalidRequest},
		{"bad dateTime", callXML("<dateTime.iso8601>yesterday</dateTime.iso8601>"), Limits{}, FaultInvalidRequest},
		{"bad base64", callXML("<base64>!!!</base64>"), Limits{}, FaultInvalidRequest},
		{"nil with content", callXML("<nil>x</nil>"), Limits{}, FaultInvalidRequest},
		{"element inside string", callXML("<string><b>x</b></string>"), Limits{}, FaultInvalidRequest},
		{"depth over the limit", callXML(deep), Limits{}, FaultInvalidRequest},
		{"depth over a configured limit", callXML("<array><data><value><array><data><value>x</value></data></array></value></data></array>"), Limits{MaxDepth: 2}, FaultInvalidRequest},
		{"too many values", callXML("<array><data>" + strings.Repeat("<value>x</value>", 11) + "</data></array>"), Limits{MaxValues: 10}, FaultInvalidRequest},
		{"string too long", callXML("<string>" + strings.Repeat("x", 101) + "</string>"), Limits{MaxStringBytes: 100}, FaultInvalidRequest},
		{"untyped string too long", callXML(strings.Repeat("x", 101)), Limits{MaxStringBytes: 100}, FaultInvalidRequest},
		{"member name too long", callXML("<struct><member><name>" + strings.Repeat("n", 101) + "</name><value>1</value></member></struct>"), Limits{MaxStringBytes: 100}, FaultInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeBothWays(t, []byte(tt.body), tt.lim)
			var pe *ProtocolError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a *ProtocolError", err)
			}
			if pe.Code != tt.code {
				t.Fatalf("code %d (%s), want %d", pe.Code, pe.Message, tt.code)
			}
			if code, _ := FaultOf(err); code != tt.code {
				t.Fatalf("FaultOf code %d, want %d", code, tt.code)
			}
		})
	}
}

func TestDecodeLimitsAtTheBoundary(t *testing.T) {
	ok := callXML(strings.Repeat("<array><data><value>", 31) + "x" + strings.Repeat("</value></data></array>", 31))
	if _, err := decodeBothWays(t, []byte(ok), Limits{}); err != nil {
		t.Fatalf("depth 32 must pass: %v", err)
	}
	if _, err := decodeBothWays(t, []byte(callXML(strings.Repeat("x", 100))), Limits{MaxStringBytes: 100}); err != nil {
		t.Fatalf("a string of exactly the limit must pass: %v", err)
	}
	exact := callXML("x")
	if _, err := DecodeCall(strings.NewReader(exact), Limits{MaxBodyBytes: int64(len(exact))}); err != nil {
		t.Fatalf("a body of exactly the limit must pass: %v", err)
	}
	_, err := DecodeCall(strings.NewReader(exact), Limits{MaxBodyBytes: int64(len(exact) - 1)})
	var mbe *http.MaxBytesError
	if !errors.As(err, &mbe) {
		t.Fatalf("a body over the limit: got %v, want *http.MaxBytesError", err)
	}
}

// A huge stack of open tags fails at the depth limit after reading the body
// once: no deep recursion, no heap proportional to the nesting.
func TestDecodeHugeNestingFailsFast(t *testing.T) {
	body := callXML(strings.Repeat("<array><data><value>", 200_000))
	_, err := DecodeCall(strings.NewReader(body), Limits{})
	if code, _ := FaultOf(err); code != FaultInvalidRequest {
		t.Fatalf("got %v", err)
	}
}

// A 4 MiB body of open tags costs a bounded multiple of its size (reading
// it), not the ~18 bytes of heap per input byte encoding/xml's element
// stack would take if we let it run.
func TestDecodeHostileBodyMemoryIsBounded(t *testing.T) {
	body := []byte(callXML(strings.Repeat("<value><array><data>", 4<<20/20)))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := DecodeCall(bytes.NewReader(body), Limits{})
	runtime.ReadMemStats(&after)
	if code, _ := FaultOf(err); code != FaultInvalidRequest {
		t.Fatalf("got %v", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 6*uint64(len(body)) {
		t.Fatalf("decoding %d bytes allocated %d bytes", len(body), grew)
	}
}

func TestDecodeResponse(t *testing.T) {
	v, err := DecodeResponse(strings.NewReader(`<?xml version="1.0"?><methodResponse><params><param><value><int>1</int></value></param></params></methodResponse>`), Limits{})
	if err != nil || !same(v, Int(1)) {
		t.Fatalf("got %#v, %v", v, err)
	}
	_, err = DecodeResponse(strings.NewReader(string(AppendFault(nil, 404, "no such issue"))), Limits{})
	var f *Fault
	if !errors.As(err, &f) || f.Code != 404 || f.String != "no such issue" {
		t.Fatalf("got %v", err)
	}
	_, err = DecodeResponse(strings.NewReader(`<methodResponse><params><param><value>1</value></param><param><value>2</value></param></params></methodResponse>`), Limits{})
	if code, _ := FaultOf(err); code != FaultInvalidRequest {
		t.Fatalf("two params: got %v", err)
	}
}

var _ = encoding.Nop

// A U+FFFD split across reads is still caught.
func TestStrictReaderCatchesSplitReplacementChar(t *testing.T) {
	r := &strictReader{r: iotest.OneByteReader(strings.NewReader("ab\uFFFDcd"))}
	_, err := io.ReadAll(r)
	if !errors.Is(err, errInvalidForCharset) {
		t.Fatalf("got %v", err)
	}
	r = &strictReader{r: iotest.OneByteReader(strings.NewReader("ab\u00e9cd"))}
	if b, err := io.ReadAll(r); err != nil || string(b) != "ab\u00e9cd" {
		t.Fatalf("got %q, %v", b, err)
	}
}
