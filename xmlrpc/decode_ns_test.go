package xmlrpc

import (
	"errors"
	"strings"
	"testing"
)

// TestNamespacedElements pins the prefix rule (decode_values.go typed): a
// value's type element is matched on its local name, whatever its prefix,
// and its end tag must repeat it; every other XML-RPC element must be
// unprefixed (-32600 naming the element). Both decode paths must agree.
func TestNamespacedElements(t *testing.T) {
	accepted := []struct{ prefixed, plain string }{
		{"<ex:string>a</ex:string>", "<string>a</string>"},
		{"<ex:i8>7</ex:i8>", "<i8>7</i8>"},
		{"<ex:nil/>", "<nil/>"},
		{"<ex:struct><member><name>a</name><value><ex:int>1</ex:int></value></member></ex:struct>",
			"<struct><member><name>a</name><value><int>1</int></value></member></struct>"},
		{"<ex:array><data><value>x</value></data></ex:array>", "<array><data><value>x</value></data></array>"},
		{"<ex:array><data/></ex:array>", "<array><data/></array>"},
		{"<ex:array></ex:array>", "<array></array>"},
		{"<ex:struct></ex:struct>", "<struct></struct>"},
	}
	for _, c := range accepted {
		got, err := decodeBothWays(t, []byte(callXML(c.prefixed)), Limits{})
		if err != nil {
			t.Errorf("%s: %v", c.prefixed, err)
			continue
		}
		want, err := decodeBothWays(t, []byte(callXML(c.plain)), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if !identical(got.Params[0], want.Params[0]) {
			t.Errorf("%s decodes to %#v, %s to %#v", c.prefixed, got.Params[0], c.plain, want.Params[0])
		}
	}
	refused := []struct {
		body string
		code int
		msg  string
	}{
		{callXML("<struct><ex:member><name>a</name><value/></ex:member></struct>"), FaultInvalidRequest, "got <ex:member>"},
		{callXML("<struct><member><ex:name>a</ex:name><value/></member></struct>"), FaultInvalidRequest, "got <ex:name>"},
		{callXML("<struct><member><name>a</name><ex:value/></member></struct>"), FaultInvalidRequest, "got <ex:value>"},
		{callXML("<array><ex:data></ex:data></array>"), FaultInvalidRequest, "got <ex:data>"},
		{callXML("<array><data><ex:value>1</ex:value></data></array>"), FaultInvalidRequest, "got <ex:value>"},
		{`<methodCall><methodName>a</methodName><ex:params></ex:params></methodCall>`, FaultInvalidRequest, "got <ex:params>"},
		{`<ex:methodCall><methodName>a</methodName></ex:methodCall>`, FaultInvalidRequest, "got <ex:methodCall>"},
		{`<methodCall><ex:methodName>a</ex:methodName></methodCall>`, FaultInvalidRequest, "got <ex:methodName>"},
		{`<methodCall><methodName>a</methodName><params><param><ex:value/></param></params></methodCall>`, FaultInvalidRequest, "got <ex:value>"},
		// Mismatched start and end tags are not well-formed XML.
		{callXML("<ex:struct></struct>"), FaultNotWellFormed, "element <ex:struct> closed by </struct>"},
		{callXML("<struct></ex:struct>"), FaultNotWellFormed, "element <struct> closed by </ex:struct>"},
		{callXML("<ex:array><data/></array>"), FaultNotWellFormed, "element <ex:array> closed by </array>"},
	}
	for _, c := range refused {
		_, err := decodeBothWays(t, []byte(c.body), Limits{})
		var pe *ProtocolError
		if !errors.As(err, &pe) || pe.Code != c.code || !strings.Contains(pe.Message, c.msg) {
			t.Errorf("%s: got %v, want %d containing %q", c.body, err, c.code, c.msg)
		}
	}
}
