package methods

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/sharedcheck"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// seedPage is the legacy backlog.createIssue page, the repository's copy
// of ../shared/seeds' (testdata/seeds/README.md).
var seedPage = filepath.Join("..", "testdata", "seeds", "002_bcebd98ef4cb96a7.txt")

// seedQuirks are the doc-sample quirks of legacy-api.md §5 that we do not
// reproduce, by member path: ids the sample writes untyped (string) are
// ints on the real server.
var seedQuirks = map[string]xmlrpc.Kind{
	"created_user.id": xmlrpc.KindInt,
}

// TestSeedPageCreateIssueShape: the golden response of the seed page's
// request has every member of the page's response example, with the same
// XML-RPC types, except the §5 quirks (and due_date as 8 digits, a value
// difference). The request file is the page's request verbatim.
func TestSeedPageCreateIssueShape(t *testing.T) { seedPageCreateIssueShape(t, seedPage) }

// seedPageCreateIssueShape is TestSeedPageCreateIssueShape on the page in
// the file path (the repository's copy, or ../shared's in
// TestSharedSeedPage).
func seedPageCreateIssueShape(t *testing.T, path string) {
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(page)
	i := strings.Index(text, "レスポンスXMLの例")
	if i < 0 {
		t.Fatal("no response example in the seed page")
	}
	sample, err := xmlrpc.DecodeResponse(strings.NewReader(strings.TrimSpace(text[i+len("レスポンスXMLの例"):])), xmlrpc.Limits{})
	if err != nil {
		t.Fatalf("page sample: %v", err)
	}
	// The request file must be the page's request example.
	j := strings.Index(text, "リクエストXMLの例")
	req, err := os.ReadFile(filepath.Join("..", "testdata", "backlog.createIssue", "seed_page_names.request.xml"))
	if err != nil {
		t.Fatal(err)
	}
	pageReq := strings.TrimSpace(text[j+len("リクエストXMLの例") : i])
	if normalize(pageReq) != normalize(string(req)) {
		t.Errorf("seed_page_names.request.xml is not the page's request example")
	}
	golden, err := os.ReadFile(filepath.Join("..", "testdata", "backlog.createIssue", "seed_page_names.response.xml"))
	if err != nil {
		t.Fatal(err)
	}
	ours, err := xmlrpc.DecodeResponse(bytes.NewReader(golden), xmlrpc.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	compareShape(t, "", sample, ours)
	if d, _ := ours.Get("due_date"); d.Text() != "20081230" {
		t.Errorf("due_date %q, want 20081230 (8 digits, not the sample's 14)", d.Text())
	}
}

// TestSharedSeedPage cross-checks the repository's copy of the seed page
// against the reference copy in ../shared: the same bytes, and the same
// shape check on shared's copy. Skipped without ../shared, required under
// CI=true.
func TestSharedSeedPage(t *testing.T) {
	shared := filepath.Join(sharedcheck.Dir(t, "seeds"), filepath.Base(seedPage))
	sharedcheck.SameFile(t, seedPage, shared)
	seedPageCreateIssueShape(t, shared)
}

// normalize drops indentation so the page's indented copy and the file
// compare by content.
func normalize(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func compareShape(t *testing.T, path string, sample, ours xmlrpc.Value) {
	t.Helper()
	want := sample.Kind()
	if q, ok := seedQuirks[path]; ok {
		want = q
	}
	if ours.Kind() != want {
		t.Errorf("%s: %s, the page has %s", path, ours.Kind(), sample.Kind())
		return
	}
	switch want {
	case xmlrpc.KindStruct:
		for _, m := range sample.Members() {
			p := strings.TrimPrefix(path+"."+m.Name, ".")
			o, ok := ours.Get(m.Name)
			if !ok {
				t.Errorf("%s: missing", p)
				continue
			}
			compareShape(t, p, m.Value, o)
		}
	case xmlrpc.KindArray:
		if len(sample.Items()) > 0 && len(ours.Items()) > 0 {
			compareShape(t, path+"[]", sample.Items()[0], ours.Items()[0])
		}
	}
}
