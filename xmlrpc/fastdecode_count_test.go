package xmlrpc

import (
	"strings"
	"testing"
)

// items returns n items, each the XML of one <value> element made by item.
func items(n int, item func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(item(i))
	}
	return b.String()
}

func arrayXML(inner string) string { return "<array><data>" + inner + "</data></array>" }

// TestLargeArraysAgree: arrays past a stack chunk are read into slices sized
// by a counting scan; both decode paths must still agree on them, whatever
// the scan meets (CDATA holding markup, nested large arrays it notes the
// counts of, spaced tags, structs, arrays that end at the chunk's edge).
func TestLargeArraysAgree(t *testing.T) {
	empty := func(int) string { return "<value/>" }
	str := func(i int) string { return "<value><string>s" + strings.Repeat("x", i%3) + "</string></value>" }
	cdata := func(i int) string {
		return "<value><![CDATA[<value></value></data><value/><data>]]></value>"
	}
	bodies := map[string]string{
		"255 items":               arrayXML(items(255, empty)),
		"256 items":               arrayXML(items(256, empty)),
		"257 items":               arrayXML(items(257, str)),
		"1000 items":              arrayXML(items(1000, str)),
		"CDATA holding markup":    arrayXML(items(600, cdata)),
		"spaced tags":             "<array ><data >" + items(700, func(int) string { return "<value ><i4 >1</i4 ></value >\n" }) + "</data ></array >",
		"nested after the chunk":  arrayXML(items(300, empty) + "<value>" + arrayXML(items(900, str)) + "</value>" + items(40, empty)),
		"nested before the chunk": arrayXML("<value>" + arrayXML(items(900, str)) + "</value>" + items(300, empty)),
		"three deep":              arrayXML(items(300, empty) + "<value>" + arrayXML(items(256, empty)+"<value>"+arrayXML(items(500, str))+"</value>") + "</value>"),
		"small nested arrays":     arrayXML(items(400, func(i int) string { return "<value>" + arrayXML(items(i%4, empty)) + "</value>" })),
		"structs holding arrays": arrayXML(items(300, func(i int) string {
			return "<value><struct><member><name>a</name><value>" + arrayXML(items(i%300, empty)) + "</value></member></struct></value>"
		})),
		"large array in a struct":    "<struct><member><name>a</name><value>" + arrayXML(items(800, empty)) + "</value></member></struct>",
		"empty data after the chunk": arrayXML(items(300, func(int) string { return "<value><array><data/></array></value>" })),
		// The fast path gives up on comments; the reference reads them.
		"comment after the chunk": arrayXML(items(300, empty) + "<!-- <value/> -->" + items(10, empty)),
	}
	for name, v := range bodies {
		c, err := decodeBothWays(t, []byte(callXML(v, v)), Limits{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(c.Params) != 2 || c.Params[0].Kind() == KindAbsent {
			t.Errorf("%s: %d params", name, len(c.Params))
		}
	}
	// Refused bodies stay refused, with the reference's fault.
	for name, v := range map[string]string{
		"unclosed after the chunk": "<array><data>" + items(300, empty),
		"one value too many":       arrayXML(items(DefaultLimits().MaxValues, empty)),
	} {
		if _, err := decodeBothWays(t, []byte(callXML(v)), Limits{}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestCountingScanAllocatesNothing: the scan compares tag names in place,
// whatever their length (the fast path gives up on unknown names only once
// it reaches them, after the scan).
func TestCountingScanAllocatesNothing(t *testing.T) {
	long := "<value><" + strings.Repeat("n", 64) + "/></value>"
	body := []byte(callXML(arrayXML(items(256, func(int) string { return "<value/>" }) + strings.Repeat(long, 1000))))
	f := fastDecoder{b: body, lim: DefaultLimits()}
	f.pos = strings.Index(string(body), long)
	f.countItems() // grows f.levels once
	if n, ok := f.countItems(); !ok || n != 1000 {
		t.Fatalf("counted %d, %v; want 1000", n, ok)
	}
	if a := testing.AllocsPerRun(10, func() { f.countItems() }); a != 0 {
		t.Errorf("a counting scan allocated %v times", a)
	}
}

// TestCountingScanReadsOnce: nested large arrays reuse the counts the
// outermost scan noted, and a scan that meets markup the fast path gives up
// on stops the counting for the request, so the counting scans read no byte
// twice.
func TestCountingScanReadsOnce(t *testing.T) {
	empty := func(int) string { return "<value/>" }
	for _, innermost := range []string{items(300, empty), items(300, empty) + `<?xml version="1.0"?>`} {
		v := arrayXML(innermost)
		for range 20 {
			v = arrayXML(items(300, empty) + "<value>" + v + "</value>")
		}
		body := []byte(callXML(v))
		f := fastDecoder{b: body, lim: DefaultLimits()}
		c, err := f.call()
		if strings.HasSuffix(innermost, "?>") {
			if err != errBail {
				t.Fatalf("with an XML declaration inside: got %v, want the fast path to give up", err)
			}
		} else if err != nil {
			t.Fatal(err)
		} else if got := len(c.Params[0].Items()); got != 301 {
			t.Fatalf("outer array has %d items, want 301", got)
		}
		if f.scanned == 0 || f.scanned > len(body) {
			t.Errorf("counting scans read %d bytes of a %d-byte body", f.scanned, len(body))
		}
	}
}
