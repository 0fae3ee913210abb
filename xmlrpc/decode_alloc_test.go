package xmlrpc

import (
	"bytes"
	"errors"
	"runtime"
	"strings"
	"testing"
)

// allocOf returns the bytes allocated while decoding body once.
func allocOf(body []byte) (uint64, error) {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	_, err := DecodeCall(bytes.NewReader(body), Limits{})
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc, err
}

func gen(prefix, repeat string, count int, suffix string) []byte {
	return []byte(prefix + strings.Repeat(repeat, count) + suffix)
}

const callHead = `<?xml version="1.0"?><methodCall><methodName>backlog.getIssue</methodName><params><param><value>`
const callTail = `</value></param></params></methodCall>`

// TestDecodeAllocationBound decodes the worst cases of each kind, accepted
// or refused, and bounds the bytes allocated per body byte at 8 (the body is
// read into one buffer of its size when its length is known). The tightest
// is an array of empty values ("<value/>", 8 bytes each): 1 for the body and
// 5 for its 40-byte Values (value.go), which a large array holds once, in a
// slice sized by a counting scan (fastdecode_count.go), not also on the
// decoder's stack; nested, it must not cost more. A body the fast path
// leaves to the reference decoder is held to 32 (SECURITY.md).
func TestDecodeAllocationBound(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation figures are not meaningful under -race; .ci/run runs this test without it")
	}
	cases := []struct {
		name  string
		body  []byte
		code  int // 0: accepted
		ratio float64
	}{
		{"900k attributes", gen(`<methodCall`, ` a="b"`, 900_000, `><methodName>x</methodName></methodCall>`), FaultInvalidRequest, 8},
		{"9 MiB attribute value", gen(`<methodCall a="`, "x", 9<<20, `"><methodName>x</methodName></methodCall>`), FaultInvalidRequest, 8},
		{"attributes in a latin1 document", gen(`<?xml version="1.0" encoding="iso-8859-1"?><methodCall`, ` a="b"`, 900_000, `><methodName>x</methodName></methodCall>`), FaultInvalidRequest, 8},
		{"attributes on a deep value", gen(callHead+`<struct><member><name>a</name><value a="`, "x", 9<<20, `"/></member></struct>`+callTail), FaultInvalidRequest, 8},
		{"9 MiB string", gen(callHead+"<string>", "A", 9<<20, "</string>"+callTail), FaultInvalidRequest, 8},
		{"8 MiB string", gen(callHead+"<string>", "A", 8<<20-100, "</string>"+callTail), 0, 8},
		{"8 MiB string with references", gen(callHead+"<string>", "&amp;", 1<<20, "</string>"+callTail), 0, 8},
		{"deep arrays", gen(callHead, "<array><data><value>", 400_000, ""), FaultInvalidRequest, 8},
		{"99 998 members", gen(callHead+"<struct>", "<member><name>a</name><value/></member>", 99_998, "</struct>"+callTail), 0, 8},
		{"99 998 members, no names", gen(callHead+"<struct>", "<member><name/><value/></member>", 99_998, "</struct>"+callTail), 0, 8},
		{"100 001 members", gen(callHead+"<struct>", "<member><name>a</name><value/></member>", 100_001, "</struct>"+callTail), FaultInvalidRequest, 8},
		{"99 998 int items", gen(callHead+"<array><data>", "<value><int>1</int></value>", 99_998, "</data></array>"+callTail), 0, 8},
		{"99 998 empty pair items", gen(callHead+"<array><data>", "<value></value>", 99_998, "</data></array>"+callTail), 0, 8},
		{"100 001 empty items", gen(callHead+"<array><data>", "<value/>", 100_001, "</data></array>"+callTail), FaultInvalidRequest, 8},
		{"99 998 params", gen(`<methodCall><methodName>a</methodName><params>`, "<param><value/></param>", 99_998, "</params></methodCall>"), 0, 8},
		{"99 998 empty arrays", gen(callHead+"<array><data>", "<value><array><data/></array></value>", 99_998, "</data></array>"+callTail), 0, 8},
		{"99 998 empty structs", gen(callHead+"<array><data>", "<value><struct/></value>", 99_998, "</data></array>"+callTail), 0, 8},
		{"99 998 empty items", gen(callHead+"<array><data>", "<value/>", 99_998, "</data></array>"+callTail), 0, 8},
		{"99 998 empty items, spaced", gen(callHead+"<array><data>", "<value />", 99_998, "</data></array>"+callTail), 0, 8},
		{"empty items in a nested array", gen(callHead+"<array><data>"+strings.Repeat("<value/>", 300)+"<value><array><data>", "<value/>", 99_000, "</data></array></value></data></array>"+callTail), 0, 8},
		{"empty items three arrays deep", gen(callHead+"<array><data>"+strings.Repeat("<value/>", 300)+"<value><array><data>"+strings.Repeat("<value/>", 300)+"<value><array><data>", "<value/>", 99_000, "</data></array></value></data></array></value></data></array>"+callTail), 0, 8},
		{"empty items, then one with an attribute", gen(callHead+"<array><data>", "<value/>", 99_000, "<value a='1'/></data></array>"+callTail), 0, 8},
		{"empty members, then a comment", gen(callHead+"<struct>", "<member><name/><value/></member>", 99_000, "<!----></struct>"+callTail), 0, 8},
		{"empty items and comments", gen(callHead+"<array><data>", "<value/><!---->", 99_000, "</data></array>"+callTail), 0, 8},
		{"processing instructions", gen(callHead+"<array><data>", "<?a?>", 1_900_000, "</data></array>"+callTail), FaultInvalidRequest, 8},
		{"comments", gen(callHead+"<array><data>", "<!---->", 1_400_000, "</data></array>"+callTail), FaultInvalidRequest, 8},
		{"processing instructions, reference path", gen(callHead+"<ex:array><data>", "<?a?>", 1_900_000, "</data></ex:array>"+callTail), FaultInvalidRequest, 8},
		{"empty items, then an Apache <ex:nil/>", gen(callHead+"<array><data>", "<value/>", 99_000, "<value><ex:nil/></value></data></array>"+callTail), 0, 8},
		{"empty items in Shift_JIS", gen(`<?xml version="1.0" encoding="Shift_JIS"?><methodCall><methodName>a</methodName><params><param><value><array><data>`, "<value/>", 99_000, "</data></array>"+callTail), 0, 8},
		{"empty members in EUC-JP", gen(`<?xml version="1.0" encoding="EUC-JP"?><methodCall><methodName>a</methodName><params><param><value><struct>`, "<member><name/><value/></member>", 99_000, "</struct>"+callTail), 0, 8},
		{"an unknown type after empty items", gen(callHead+"<array><data>", "<value/>", 99_000, "<value><foo/></value></data></array>"+callTail), FaultInvalidRequest, 8},
		{"an invalid int after empty items", gen(callHead+"<array><data>", "<value/>", 99_000, "<value><int>x</int></value></data></array>"+callTail), FaultInvalidRequest, 8},
		{"attributes past the limit after empty items", gen(callHead+"<array><data>", "<value/>", 99_000, "<value a='"+strings.Repeat("x", 2000)+"'/></data></array>"+callTail), FaultInvalidRequest, 8},
		{"a reference in an attribute after empty items", gen(callHead+"<array><data>", "<value/>", 99_000, "<value a='&amp;'/></data></array>"+callTail), 0, 8},
		{"whitespace spelt as a reference after empty items", gen(callHead+"<array><data>", "<value/>", 99_000, "<value>&#32;<int>1</int></value></data></array>"+callTail), 0, 8},
		{"mixed content after empty items", gen(callHead+"<array><data>", "<value/>", 99_000, "<value>a<int>1</int></value></data></array>"+callTail), FaultInvalidRequest, 8},
		{"a misplaced end tag after empty items", gen(callHead+"<array><data>", "<value/>", 99_000, "</struct>"+callTail), FaultNotWellFormed, 8},
		{"an unknown member element after empty members", gen(callHead+"<struct>", "<member><name/><value/></member>", 99_000, "<foo/></struct>"+callTail), FaultInvalidRequest, 8},
		{"truncated after empty items", gen(callHead+"<array><data>", "<value/>", 99_000, "</data></arr"), FaultNotWellFormed, 8},
		{"truncated in an attribute after empty items", gen(callHead+"<array><data>", "<value/>", 99_000, "\n<value a='&amp;"), FaultNotWellFormed, 8},
		{"truncated in text after empty items", gen(callHead+"<array><data>", "<value/>", 99_000, "<value>ab"), FaultNotWellFormed, 8},
		{"truncated after empty items, between elements", gen(callHead+"<array><data>", "<value/>", 99_000, "\n"), FaultNotWellFormed, 8},
		{"truncated in a CDATA section after empty items", gen(callHead+"<array><data>", "<value/>", 99_000, "<value><![CDATA[ab"), FaultNotWellFormed, 8},
		{"a prefixed array after empty items", gen(callHead+"<array><data>", "<value/>", 99_000, "<value><ex:array><data/></ex:array></value></data></array>"+callTail), 0, 8},
		{"empty items in a prefixed array", gen(callHead+"<ex:array><data>", "<value/>", 99_998, "</data></ex:array>"+callTail), 0, 8},
		// Left to the reference decoder (encoding/xml allocates about 51
		// bytes per token, 13 per body byte of "<value/>" items, before any
		// value): a body cut inside a CDATA section after text, after 99 000
		// values.
		{"reference path: truncated in a CDATA section after empty items", gen(callHead+"<array><data>", "<value/>", 99_000, "<value>\n<![CDATA[ab"), FaultNotWellFormed, 32},
		{"99 998 empty items in a param's struct", gen(callHead+"<struct><member><name>a</name><value><array><data>", "<value/>", 99_990, "</data></array></value></member></struct>"+callTail), 0, 8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			alloc, err := allocOf(c.body)
			var pe *ProtocolError
			switch {
			case c.code == 0 && err != nil:
				t.Fatalf("refused: %v", err)
			case c.code != 0 && (!errors.As(err, &pe) || pe.Code != c.code):
				t.Fatalf("got %v, want fault %d", err, c.code)
			}
			got := float64(alloc) / float64(len(c.body))
			t.Logf("body %d bytes, allocated %d (%.1f per body byte)", len(c.body), alloc, got)
			if got > c.ratio {
				t.Errorf("allocated %.1f bytes per body byte, bound %.0f", got, c.ratio)
			}
		})
	}
}

// TestLimitFaultsAgree: the fast path reports the value-count, depth and
// string-length limits itself; its fault is the reference decoder's, word for word.
func TestLimitFaultsAgree(t *testing.T) {
	lim := Limits{}.withDefaults()
	for _, body := range [][]byte{
		gen(callHead+"<array><data>", "<value/>", 100_001, "</data></array>"+callTail),
		gen(callHead+"<struct>", "<member><name>a</name><value><i4>1</i4></value></member>", 100_001, "</struct>"+callTail),
		gen(`<methodCall><methodName>a</methodName><params>`, "<param><value/></param>", 100_001, "</params></methodCall>"),
		gen(callHead, "<array><data><value>", lim.MaxDepth+1, ""),
		gen(callHead, "<array><data><value/><value>", lim.MaxDepth+1, ""),
		gen(callHead+"<string>", "A", lim.MaxStringBytes+1, "</string>"+callTail),
		gen(callHead, "A", lim.MaxStringBytes+1, callTail),
		gen(callHead+"<int>", "1", lim.MaxStringBytes+1, "</int>"+callTail),
		gen(callHead+"<struct><member><name>", "n", lim.MaxStringBytes+1, "</name><value/></member></struct>"+callTail),
		gen(callHead+"<base64>", "QUFB", lim.MaxStringBytes/4+1, "</base64>"+callTail),
	} {
		f := fastDecoder{b: body, lim: lim}
		_, ferr := f.call()
		_, rerr := referenceDecoder(body, lim).call()
		var fp, rp *ProtocolError
		if !errors.As(ferr, &fp) || !errors.As(rerr, &rp) || *fp != *rp {
			t.Errorf("%.60s...: fast %v, reference %v", body[len(callHead)-20:], ferr, rerr)
		}
	}
}

// TestAttributes: attributes are ignored up to maxAttrBytes per request,
// wherever they are, and counted only inside start tags (not in comments,
// CDATA sections, processing instructions or text).
func TestAttributes(t *testing.T) {
	big := strings.Repeat("x", 2*maxAttrBytes)
	ok := []string{
		`<methodCall xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions"><methodName>a</methodName><params><param><value><ex:nil/></value></param></params></methodCall>`,
		`<methodCall><methodName>a</methodName><params><param><value><string lang='en' x = "1>2">s</string></value></param></params></methodCall>`,
		`<methodCall><!-- <a b="` + big + `"> --><methodName>a</methodName></methodCall>`,
		`<methodCall><!--> <a b="` + big + `"> --><methodName>a</methodName></methodCall>`,
		`<methodCall><methodName>a</methodName><params><param><value><![CDATA[<a b="` + big + `">]]></value></param></params></methodCall>`,
		`<?pi <a b="` + big + `">?><methodCall><methodName>a</methodName></methodCall>`,
		`<methodCall><methodName>a</methodName><params><param><value>` + strings.Repeat(`a="b" `, maxAttrBytes) + `</value></param></params></methodCall>`,
		`<?xml version="1.0" encoding="iso-8859-1"?><methodCall a="1"><methodName>a</methodName></methodCall>`,
	}
	for _, body := range ok {
		if _, err := decodeBothWays(t, []byte(body), Limits{}); err != nil {
			t.Errorf("%.80s: %v", body, err)
		}
	}
	refused := []string{
		`<methodCall a="` + big + `"><methodName>a</methodName></methodCall>`,
		`<methodCall><methodName>a</methodName><params><param><value><string` + strings.Repeat(` a="b"`, maxAttrBytes/6+1) + `>s</string></value></param></params></methodCall>`,
		`<methodCall><methodName>a</methodName><params><param><value><array><data>` + strings.Repeat(`<value><i4 a="1234567890">1</i4></value>`, 100) + `</data></array></value></param></params></methodCall>`,
		`<?xml version="1.0" encoding="Shift_JIS"?><methodCall a="` + big + `"><methodName>a</methodName></methodCall>`,
	}
	for _, body := range refused {
		_, err := decodeBothWays(t, []byte(body), Limits{})
		var pe *ProtocolError
		if !errors.As(err, &pe) || pe.Code != FaultInvalidRequest || !strings.Contains(pe.Message, "bytes of attributes") {
			t.Errorf("%.80s: got %v, want -32600 about attributes", body, err)
		}
	}
}
