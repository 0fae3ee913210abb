package xmlrpc

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
)

// TestFastPathReadsMisc: comments, processing instructions and attributes
// where the reference skips or ignores them are read by the fast path, with
// the reference's values.
func TestFastPathReadsMisc(t *testing.T) {
	for _, body := range []string{
		`<?xml version="1.0"?><!-- c --><?pi x?><methodCall><!----><methodName>a<!-- x -->.b<?p?></methodName><!-- --></methodCall><!-- end --><?e?>`,
		`<!-- first --><?xml version="1.0"?><methodCall><methodName>a</methodName><params><!-- --><param> <?p q?> <value><!--x--><int>1</int><!--y--></value></param></params></methodCall>`,
		callXML(`<struct><!----><member><!-- --><name>n<!--x-->m</name><?p?><value/><!--z--></member><!---->
</struct>`),
		callXML(`<array><data><value/><!----><value/><?a?></data></array>`),
		callXML(`<string>a<!-- <b> -->b<?p <c>?>c</string>`),
		callXML(`x<!-- -->y`), // an untyped value
		"<methodCall><methodName>a</methodName><params><param><value>a\r<!---->\nb<![CDATA[\r]]>\n]]<!---->></value></param></params></methodCall>",
		callXML(`<![CDATA[x]]>`),
		`<methodCall xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions"><methodName a='1'>a</methodName><params b="2"/></methodCall>`,
		`<methodCall><methodName>a</methodName><params><param x="1"><value a='1' b = "2"><int c="">1</int></value></param></params></methodCall>`,
		callXML(`<struct s="1"><member m="1"><name n="1"/><value v="1" /></member></struct>`),
		callXML(`<array a="1"><data d="1"><value v='1'/><value/></data></array>`),
		callXML(`<array><data d="1"/></array>`),
		callXML(`<nil></nil>`),
		callXML(`<nil> <!-- --> </nil>`),
		callXML(`<string lang="日本" x='&gt;'>s</string>`),
		callXML(`<string x='&amp;&lt;&#32;&#x41;&quot;&apos;'>s</string>`, `<string a="&#x10FFFF;"/>`),
		callXML(`<string x="]>">s</string>`),
		callXML(`<string x="1"y='2'/>`),
	} {
		if _, err := decodeBothWays(t, []byte(body), Limits{}); err != nil {
			t.Errorf("%.80s: %v", body, err)
		}
	}
	// Only the reference reads these, and the fast path leaves them to it.
	for _, body := range []string{
		callXML(`<string x='&foo;'>s</string>`),
		callXML(`<string x='&#0;'>s</string>`),
		callXML(`<string x='&amp'>s</string>`),
		`<methodCall><methodName>a</methodName><?xml version="1.0"?></methodCall>`,
		callXML(`<i4 1a="1">1</i4>`),
		callXML(`<ex:i8>1</i8>`),
		callXML(`<ex:1>1</ex:1>`),
		callXML(`<a:b:int>1</a:b:int>`),
		callXML(arrayXML(`<value/><1a/>`)),
		callXML(arrayXML(`<value/></1a>`)),
		callXML(arrayXML(`<value/></a:b:c>`)),
		callXML(arrayXML(`<value/></a x>`)),
		callXML(arrayXML(`<value/><a:b:c/>`)),
		callXML(`<struct><member a="&foo;"><name/><value/></member></struct>`),
		callXML(`<struct><member/></struct>`),
		callXML(`<ex:array><data/></array>`),
		callXML(`<ex:array><data></data></array>`),
	} {
		f := fastDecoder{b: []byte(body), lim: DefaultLimits()}
		if _, err := f.call(); err != errBail {
			t.Errorf("%.80s: fast path got %v, want it to give up", body, err)
		}
	}
	// The fast path reads all of these itself.
	for _, body := range []string{
		callXML(`<ex:struct><member><name>a</name><value/></member></ex:struct >`, `<ex:array><data><value><ex:array><data/></ex:array></value></data></ex:array>`, `<a:array></a:array>`, `<a:array><data/></a:array>`),
		callXML(arrayXML(`<value><ex:array><data>` + strings.Repeat(`<value/>`, 2*stackChunk+1) + `</data></ex:array></value>`)),
		callXML(`<ex:nil/>`, `<ex:i8>12</ex:i8 >`, `<ex:string>s</ex:string>`, `<ex:nil></ex:nil>`, `<ex:struct/>`, `<ex:array/>`, `<a.b:int c="1">1</a.b:int>`),
		callXML(`<array><data><value/><!----><value/><?a?></data></array>`),
		callXML(`<string x='&gt;' y="&#32;&amp;">s</string>`),
		`<methodCall><methodName>a</methodName><params><param x="1"><value a='1' b = "2"><int c="">1</int></value></param></params></methodCall>`,
		callXML(`<string>a<!-- <b> -->b<?p <c>?>c</string>`),
		callXML(`<nil> <!-- --> </nil>`),
		callXML(`&#32;<int>1</int>`, "&#9;&#10;&#13; <![CDATA[ ]]><!----><struct/>", `&#x20;<ex:nil/>`),
		callXML(`<ex:struct><member><name>a</name><value><i4>1</i4></value></member></ex:struct >`, `<ex:array><data><value><ex:array><data/></ex:array></value><value>x</value></data></ex:array>`, `<a:array></a:array>`, `<a:array><data/></a:array>`),
		callXML(arrayXML(`<value><ex:array><data>` + strings.Repeat(`<value/>`, 2*stackChunk+1) + `</data></ex:array></value>`)),
	} {
		f := fastDecoder{b: []byte(body), lim: DefaultLimits()}
		if _, err := f.call(); err != nil {
			t.Errorf("%.80s: fast path: %v", body, err)
		}
	}
}

// TestFastPathFaults: where the fast path can prove the reference's fault,
// it reports it itself (decodeBothWays checks the two agree word for word).
func TestFastPathFaults(t *testing.T) {
	big := strings.Repeat("x", maxAttrBytes)
	for _, body := range []string{
		callXML(`<foo/>`),
		callXML(`<value>x</value>`),
		callXML(` <!-- --> <foo a="1">1</foo>`),
		callXML(`<int>x</int>`),
		callXML(`<boolean>2</boolean>`),
		callXML(`<dateTime.iso8601>x</dateTime.iso8601>`),
		callXML(`<nil>x</nil>`),
		callXML(`<ex:foo/>`),
		callXML(`<ex:i8>x</ex:i8>`),
		`<methodCall a="` + big + `"><methodName>a</methodName></methodCall>`,
		`<methodCall a="` + big[:maxAttrBytes-4] + `" b="12"><methodName>a</methodName></methodCall>`,
		`<methodCall a="` + big[:maxAttrBytes-4] + `"/ ><methodName>a</methodName></methodCall>`,
		`<methodCall a="` + big[:maxAttrBytes-4] + `" &><methodName>a</methodName></methodCall>`,
		callXML(arrayXML(strings.Repeat(`<value><i4 a="1234567890">1</i4></value>`, 100))),
		callXML(`a<int>1</int>`),
		callXML(`&#65; <ex:int a="&amp;">1</ex:int>`),
		callXML(`<![CDATA[x]]><foo/>`),
		callXML(arrayXML(`<value/> <!----> </struct >`)),
		callXML(arrayXML(`<value/></ex:data>`)),
		callXML(arrayXML(`<value/><ex:value a="&amp;"/>`)),
		callXML(arrayXML(`<foo>`)),
		callXML(arrayXML(strings.Repeat(`<value/>`, stackChunk+10) + `</param>`)),
		callXML(arrayXML(strings.Repeat(`<value/>`, stackChunk+10) + `<i4>1</i4>`)),
		callXML(`<struct><member><name/><value/></member><foo/></struct>`),
		callXML(`<struct></value></struct>`),
		callXML(`<struct><ex:member><name/><value/></ex:member></struct>`),
		callXML(`<ex:struct><member><name/><value/></member></struct>`),
		callXML(`<ex:struct><foo/></ex:struct>`),
		callXML(`<ex:array><data><value/><foo/></data></ex:array>`),
	} {
		f := fastDecoder{b: []byte(body), lim: DefaultLimits()}
		if _, err := f.call(); err == nil || err == errBail {
			t.Errorf("%.80s: fast path got %v, want its fault", body, err)
		}
		if _, err := decodeBothWays(t, []byte(body), Limits{}); err == nil {
			t.Errorf("%.80s: accepted", body)
		}
	}
	// Just at the limit: accepted.
	body := `<methodCall a="` + big[:maxAttrBytes-4] + `"><methodName>a</methodName></methodCall>`
	if _, err := decodeBothWays(t, []byte(body), Limits{}); err != nil {
		t.Errorf("%d bytes of attributes: %v", maxAttrBytes, err)
	}
}

// TestFastPathDeclaredEncoding: a document declaring Shift_JIS, EUC-JP or
// ISO-8859-1 is read by the fast path from its transcoded rest, with the
// reference's values; one the transcoding refuses goes to the reference.
func TestFastPathDeclaredEncoding(t *testing.T) {
	doc := `<methodCall><methodName>a</methodName><params><param><value><struct><member><name>件名</name><value>課題です</value></member></struct></value></param></params></methodCall>`
	sjis, err := japanese.ShiftJIS.NewEncoder().String(doc)
	if err != nil {
		t.Fatal(err)
	}
	euc, err := japanese.EUCJP.NewEncoder().String(doc)
	if err != nil {
		t.Fatal(err)
	}
	latin, err := charmap.ISO8859_1.NewEncoder().String(strings.ReplaceAll(strings.ReplaceAll(doc, "件名", "é"), "課題です", "ü"))
	if err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{
		`<?xml version="1.0" encoding="Shift_JIS"?>` + sjis,
		"\n<?xml version='1.0' encoding='windows-31j' standalone='yes'?>\n" + sjis,
		`<?xml version="1.0" encoding="EUC-JP"?>` + euc,
		`<?xml version="1.0" encoding="ISO-8859-1"?>` + latin,
	} {
		rest, ok := declaredUTF8([]byte(body))
		if !ok {
			t.Fatalf("%.50q: not transcoded", body)
		}
		f := fastDecoder{b: rest, lim: DefaultLimits()}
		if _, err := f.call(); err != nil {
			t.Errorf("%.50q: fast path: %v", body, err)
		}
		if _, err := decodeBothWays(t, []byte(body), Limits{}); err != nil {
			t.Errorf("%.50q: %v", body, err)
		}
	}
	for _, body := range []string{
		`<?xml version="1.0" encoding="Shift_JIS"?>` + doc, // UTF-8 bytes are not Shift_JIS
		`<?xml version="1.0" encoding="x-unknown"?>` + doc,
		`<?xml version="1.0" encoding="utf-8"?>` + doc,
		`<?xml encoding="Shift_JIS" version="1.1"?>` + sjis,
	} {
		if _, ok := declaredUTF8([]byte(body)); ok {
			t.Errorf("%.50q: transcoded for the fast path", body)
		}
		decodeBothWays(t, []byte(body), Limits{})
	}
}

// TestSkippedLimit: maxSkipped comments and processing instructions pass,
// one more is refused, by the fast path itself and by the reference, which
// do not count an XML declaration.
func TestSkippedLimit(t *testing.T) {
	for _, c := range []struct {
		body string
		ok   bool
	}{
		{callXML(arrayXML(strings.Repeat("<!---->", maxSkipped))), true},
		{callXML(arrayXML(strings.Repeat("<?a?>", maxSkipped-1) + "<value>a<!---->b</value>")), true},
		{callXML(arrayXML(strings.Repeat("<!---->", maxSkipped+1))), false},
		{callXML(arrayXML(strings.Repeat("<value>a<?p?>b<!---->c</value>", maxSkipped/2+1))), false},
		{callXML(arrayXML(strings.Repeat("<!---->", maxSkipped))) + "<?p?>", false},
	} {
		f := fastDecoder{b: []byte(c.body), lim: DefaultLimits()}
		_, ferr := f.call()
		_, err := decodeBothWays(t, []byte(c.body), Limits{})
		switch {
		case c.ok && (err != nil || ferr != nil):
			t.Errorf("%.60s...: %v (fast path %v)", c.body[80:], err, ferr)
		case !c.ok && (err == nil || ferr == errBail || !strings.Contains(err.Error(), "comments and processing instructions")):
			t.Errorf("%.60s...: got %v (fast path %v), want the limit's fault", c.body[80:], err, ferr)
		}
	}
	// The reference alone, on a prefixed container the fast path leaves to it.
	body := callXML("<ex:array><data>" + strings.Repeat("<?a?>", maxSkipped+1) + "</data></ex:array>")
	if _, err := referenceDecoder([]byte(body), DefaultLimits()).call(); err == nil || !strings.Contains(err.Error(), "comments and processing instructions") {
		t.Errorf("reference: %v", err)
	}
}

// TestTruncatedFaults cuts requests at every byte: wherever the cut falls
// after the root's start tag (in a tag, a comment, an instruction, text or
// between elements), except inside a CDATA section, the fast path reports
// the reference's fault itself (decodeBothWays checks the two agree word
// for word, line number included, at every cut).
func TestTruncatedFaults(t *testing.T) {
	for _, body := range []string{
		callXML(arrayXML("\n<value/>\r\n<value a='&amp;'/><value><i4>1</i4></value>\n<value>\n<![CDATA[x]]></value><!-- c --><?p?>"), "<struct>\n<member><name>a</name><value><ex:nil/></value></member></struct>", "x<!---->y"),
		"<?xml version='1.0'?>\n<methodCall>\n<methodName>a.b</methodName>\n<params/></methodCall>",
		"<methodCall><methodName>a</methodName><params><param><value><string x=\"1\" y='2'>s</string></value></param></params></methodCall>",
	} {
		proved := 0
		for i := 1; i < len(body); i++ {
			cut := []byte(body[:i])
			if _, err := decodeBothWays(t, cut, Limits{}); err == nil {
				t.Fatalf("%q: accepted", cut)
			}
			f := fastDecoder{b: cut, lim: DefaultLimits()}
			if _, err := f.call(); err == errBail && f.truncated() != nil {
				proved++
			} else if strings.Contains(body[:i], "<methodCall>") && strings.LastIndex(body[:i], "<![CDATA[") <= strings.LastIndex(body[:i], "]]>") {
				t.Errorf("%q: cut after the root's start tag, not in a CDATA section: unproved (%v)", cut, err)
			}
		}
		t.Logf("%d of %d cuts proved by the fast path", proved, len(body)-1)
		if proved == 0 {
			t.Errorf("%.60s: no cut proved", body)
		}
	}
}

// TestSkippedCountedOnce: a comment before a value's text is counted once
// against maxSkipped, as the reference counts it, though the fast path
// looks past it for a type element first.
func TestSkippedCountedOnce(t *testing.T) {
	body := gen(callHead+"<array><data>", "<value><!---->x</value>", maxSkipped*3/5, "</data></array>"+callTail)
	if _, err := decodeBothWays(t, body, Limits{}); err != nil {
		t.Fatal(err)
	}
}
