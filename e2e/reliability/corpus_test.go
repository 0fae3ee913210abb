package reliability

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// corpusDir is the hostile-input corpus, shared with FuzzDecode's seed walk.
const corpusDir = "../../testdata/hostile"

// hostileCase is one entry of testdata/hostile/cases.json.
type hostileCase struct {
	Name        string            `json:"name"`
	File        string            `json:"file"`
	Body        *gen              `json:"body"`
	Chunked     bool              `json:"chunked"`
	HTTPMethod  string            `json:"http_method"`
	Headers     map[string]string `json:"headers"`
	Auth        *authSpec         `json:"auth"`
	MaxAllocMiB int64             `json:"max_alloc_mib"`
	Expect      expectation       `json:"expect"`
	Why         string            `json:"why"`
}

// authSpec says which Authorization header a case sends. Mode "valid" (the
// default) sends the target's own credentials; "none" sends no header;
// "basic" encodes User:Password ($LOGIN/$PASSWORD stand for the valid
// ones); "header" sends Value verbatim.
type authSpec struct {
	Mode     string `json:"mode"`
	User     gen    `json:"user"`
	Password gen    `json:"password"`
	Value    gen    `json:"value"`
}

// expectation is the documented answer to a case.
type expectation struct {
	Status int `json:"status"`
	Fault  int `json:"fault"` // 200 only: the faultCode
	// FaultContains, when set, must appear in the faultString (e.g. the
	// member refused), so a case cannot pass by failing for another reason.
	FaultContains string            `json:"fault_contains"`
	OK            bool              `json:"ok"`        // 200 only: a methodResponse with no fault
	Inner         []int             `json:"inner"`     // system.multicall: faultCode of each inner call (0 = success)
	InnerAll      *innerAll         `json:"inner_all"` // system.multicall: count calls, all with this faultCode
	Header        map[string]string `json:"header"`    // response headers that must be present, exactly
}

type innerAll struct {
	Count int `json:"count"`
	Fault int `json:"fault"`
}

// gen is text given either as a JSON string or as {prefix, repeat, count,
// suffix}, so megabyte-sized cases live in the manifest as a recipe and are
// streamed, never held in memory by the test.
type gen struct {
	Prefix string `json:"prefix"`
	Repeat string `json:"repeat"`
	Count  int    `json:"count"`
	Suffix string `json:"suffix"`
}

func (g *gen) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*g = gen{Prefix: s}
		return nil
	}
	type plain gen
	return json.Unmarshal(b, (*plain)(g))
}

// Len is the generated text's length in bytes.
func (g gen) Len() int64 {
	return int64(len(g.Prefix)) + int64(len(g.Repeat))*int64(g.Count) + int64(len(g.Suffix))
}

// String materialises the text (only for headers, which are small enough).
func (g gen) String() string {
	return g.Prefix + strings.Repeat(g.Repeat, g.Count) + g.Suffix
}

// Reader streams the text without building it. The repeated part is
// copied from a pre-expanded block of at least 64 KiB, so that streaming
// megabytes stays cheap even under the race detector.
func (g gen) Reader() io.Reader {
	r := &genReader{g: g, total: g.Len()}
	if g.Repeat != "" && g.Count > 0 {
		r.block = strings.Repeat(g.Repeat, 2+(64<<10)/len(g.Repeat))
	}
	return r
}

type genReader struct {
	g     gen
	total int64
	pos   int64
	block string // Repeat, repeated: any offset within one Repeat has 64 KiB after it
}

func (r *genReader) Read(p []byte) (int, error) {
	if r.pos >= r.total {
		return 0, io.EOF
	}
	pre := int64(len(r.g.Prefix))
	rep := int64(len(r.g.Repeat)) * int64(r.g.Count)
	n := 0
	for n < len(p) && r.pos < r.total {
		var c int
		switch {
		case r.pos < pre:
			c = copy(p[n:], r.g.Prefix[r.pos:])
		case r.pos < pre+rep:
			off := r.pos - pre
			start := off % int64(len(r.g.Repeat))
			end := min(int64(len(r.block)), start+(rep-off))
			c = copy(p[n:], r.block[start:end])
		default:
			c = copy(p[n:], r.g.Suffix[r.pos-pre-rep:])
		}
		n += c
		r.pos += int64(c)
	}
	return n, nil
}

// loadCorpus reads the manifest and checks it is self-consistent.
func loadCorpus(t testing.TB) []hostileCase {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		About string        `json:"about"`
		Cases []hostileCase `json:"cases"`
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("cases.json: %v", err)
	}
	seen := map[string]bool{}
	for _, c := range doc.Cases {
		if seen[c.Name] {
			t.Fatalf("cases.json: duplicate case %q", c.Name)
		}
		seen[c.Name] = true
		if (c.File == "") == (c.Body == nil) {
			t.Fatalf("case %s: exactly one of file and body", c.Name)
		}
		if c.Expect.Status == 0 {
			t.Fatalf("case %s: no expected status", c.Name)
		}
		if c.Expect.Status == 200 && c.Expect.Fault == 0 && !c.Expect.OK && c.Expect.Inner == nil && c.Expect.InnerAll == nil {
			t.Fatalf("case %s: status 200 needs fault, ok, inner or inner_all", c.Name)
		}
	}
	return doc.Cases
}

// body returns the case's request body and its length.
func (c hostileCase) body() (io.Reader, int64, error) {
	if c.Body != nil {
		return c.Body.Reader(), c.Body.Len(), nil
	}
	b, err := os.ReadFile(filepath.Join(corpusDir, c.File))
	if err != nil {
		return nil, 0, err
	}
	return strings.NewReader(string(b)), int64(len(b)), nil
}

func (c hostileCase) String() string { return fmt.Sprintf("%s (%s)", c.Name, c.Why) }

// TestCorpusManifest keeps the corpus honest: at least 40 cases, every file
// referenced exists, every file in the directory is referenced, and the
// generator streams exactly what it promises.
func TestCorpusManifest(t *testing.T) {
	cases := loadCorpus(t)
	if len(cases) < 40 {
		t.Fatalf("corpus has %d cases, want at least 40", len(cases))
	}
	used := map[string]bool{}
	for _, c := range cases {
		if c.File != "" {
			if _, err := os.Stat(filepath.Join(corpusDir, c.File)); err != nil {
				t.Errorf("case %s: %v", c.Name, err)
			}
			used[c.File] = true
		}
	}
	ents, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".xml") && !used[e.Name()] {
			t.Errorf("%s is in the corpus directory but no case uses it", e.Name())
		}
	}
	for _, g := range []gen{
		{Prefix: "<a>", Repeat: "xy", Count: 5, Suffix: "</a>"},
		{Prefix: "only"},
		{Repeat: "z", Count: 70000},
		{Prefix: "<", Repeat: "abc", Count: 100000, Suffix: ">"},
		{Repeat: "QUFB", Count: 3},
		{},
	} {
		b, err := io.ReadAll(iotest.OneByteReader(g.Reader())) // odd read sizes
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != g.String() {
			t.Errorf("gen %+v streamed one byte at a time differs", g)
		}
		b, err = io.ReadAll(io.LimitReader(g.Reader(), 1<<20))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != g.String() || int64(len(b)) != g.Len() {
			t.Errorf("gen %+v streamed %d bytes, want %d", g, len(b), g.Len())
		}
	}
}
