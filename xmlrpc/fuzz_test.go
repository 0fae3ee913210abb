package xmlrpc

import (
	"bytes"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedFiles returns every .xml file under any testdata directory of the
// repository (ours and the golden files other packages add), walked at test
// time so new goldens become fuzz seeds without touching this file.
func seedFiles(tb testing.TB) []string {
	var files []string
	filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".xml") &&
			strings.Contains(filepath.ToSlash(path), "/testdata/") {
			files = append(files, path)
		}
		return nil
	})
	if len(files) == 0 {
		tb.Fatal("no seed files found")
	}
	return files
}

// FuzzDecode checks, for any input:
//   - decoding never panics and fails only with a *ProtocolError (or the
//     body-size error);
//   - whenever the fast scanner accepts, the encoding/xml reference accepts
//     too, with identical values;
//   - decode -> encode -> decode gives the same values, for calls and for
//     responses (except values with no honest wire form, see ErrIntRange).
//
// CI runs it for a bounded time (.ci/fuzz.sh):
//
//	go test ./xmlrpc -run '^$' -fuzz FuzzDecode -fuzztime 20s
func FuzzDecode(f *testing.F) {
	for _, path := range seedFiles(f) {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(callXML("<struct><member><name>a</name><value><![CDATA[x]]>&#xD;</value></member></struct>", "<array><data/></array>", "<nil/>")))
	// Arrays past a stack chunk take the counting scan (fastdecode_count.go).
	f.Add([]byte(callXML(arrayXML(strings.Repeat("<value/>", 255) + "<value><![CDATA[<value/></data>]]></value><value>" + arrayXML(strings.Repeat("<value><i4>1</i4></value>", 300)) + "</value>"))))
	f.Add([]byte(`<?xml version="1.0" encoding="Shift_JIS"?><methodCall><methodName>a</methodName></methodCall>`))
	// Comments, processing instructions, attributes and prefixed type
	// elements, which the fast path reads (fastdecode_misc.go).
	f.Add([]byte(`<?xml version="1.0"?><!--c--><methodCall a="1"><methodName>a<?p?>b</methodName><params><param><value x='>'><!----><ex:i8>1</ex:i8></value></param><param><value>a<!--x-->&amp;<?q r?></value></param><param><value><nil> </nil></value></param></params></methodCall><?e?>`))
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"EUC-JP\"?><methodCall><methodName>a</methodName><params><param><value><string>\xb4\xc1\xbb\xfa</string></value></param></params></methodCall>"))
	lim := Limits{MaxBodyBytes: 1 << 20, MaxDepth: 16, MaxValues: 2000, MaxStringBytes: 4096}
	f.Fuzz(func(t *testing.T, body []byte) {
		c, err := decodeBothWays(t, body, lim)
		checkDecodeErr(t, err)
		if err == nil {
			enc, err := AppendCall(nil, c.Method, c.Params...)
			if err == nil {
				c2, err := DecodeCall(bytes.NewReader(enc), Limits{})
				if err != nil {
					t.Fatalf("re-decoding our own encoding: %v\n%s", err, enc)
				}
				if c2.Method != c.Method || len(c2.Params) != len(c.Params) {
					t.Fatalf("round trip changed the call: %q/%d -> %q/%d", c.Method, len(c.Params), c2.Method, len(c2.Params))
				}
				for i := range c.Params {
					if !same(c.Params[i], c2.Params[i]) {
						t.Fatalf("round trip changed param %d: %#v -> %#v", i, c.Params[i], c2.Params[i])
					}
				}
			} else if !errors.Is(err, ErrIntRange) && !errors.Is(err, ErrNotEncodable) {
				t.Fatalf("encode: %v", err)
			}
		}

		v, err := DecodeResponse(bytes.NewReader(body), lim)
		var fault *Fault
		if errors.As(err, &fault) {
			return
		}
		checkDecodeErr(t, err)
		if err == nil {
			enc, err := AppendResponse(nil, v)
			if err != nil {
				return
			}
			v2, err := DecodeResponse(bytes.NewReader(enc), Limits{})
			if err != nil || !same(v, v2) {
				t.Fatalf("response round trip: %v\n%#v\n%#v", err, v, v2)
			}
		}
	})
}

func checkDecodeErr(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var pe *ProtocolError
	var mbe *http.MaxBytesError
	if !errors.As(err, &pe) && !errors.As(err, &mbe) {
		t.Fatalf("decode error of type %T: %v", err, err)
	}
	if pe != nil && (pe.Code > -32600 || pe.Code < -32702) {
		t.Fatalf("decode error with a non-protocol code %d", pe.Code)
	}
	if pe != nil && pe.Code == FaultInternal {
		t.Fatalf("the decoder panicked: %v", err)
	}
}
