package methods

import (
	"slices"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// keysOf returns the issue keys of a findIssue result.
func keysOf(t *testing.T, v xmlrpc.Value) []string {
	t.Helper()
	var keys []string
	for _, it := range v.Items() {
		k, ok := it.Get("key")
		if !ok {
			t.Fatalf("issue without key: %v", it)
		}
		keys = append(keys, k.Text())
	}
	return keys
}

func bulkIssues(t *testing.T, r *rig, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if _, err := r.call("demo", "backlog.createIssue", st(fi("projectId", num(1)), fi("summary", str("bulk")))); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFindIssueLimits(t *testing.T) {
	r := newRig(t, "demo")
	bulkIssues(t, r, 120) // 134 issues in DEMO
	tests := []struct {
		name  string
		extra []xmlrpc.Member
		n     int
		fault bool
	}{
		{"default limit is 100 (v2 would give 20)", nil, 100, false},
		{"limit as digits", []xmlrpc.Member{fi("limit", str("5"))}, 5, false},
		{"limit above 100 is capped", []xmlrpc.Member{fi("limit", num(500))}, 100, false},
		{"offset near the end", []xmlrpc.Member{fi("offset", num(130))}, 4, false},
		{"offset past the end", []xmlrpc.Member{fi("offset", num(500))}, 0, false},
		{"limit 0", []xmlrpc.Member{fi("limit", num(0))}, 0, true},
		{"negative offset", []xmlrpc.Member{fi("offset", num(-1))}, 0, true},
		{"limit not a number", []xmlrpc.Member{fi("limit", str("ten"))}, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := r.call("demo", "backlog.findIssue", st(append([]xmlrpc.Member{fi("projectId", num(1))}, tc.extra...)...))
			if tc.fault {
				if failure.CodeOf(err) != failure.InvalidParams {
					t.Fatalf("err = %v, want InvalidParams", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := len(v.Items()); got != tc.n {
				t.Errorf("%d issues, want %d", got, tc.n)
			}
		})
	}
}

// TestFindIssueOrder: order true is ascending, false (and absent)
// descending, for a legacy sort name.
func TestFindIssueOrder(t *testing.T) {
	r := newRig(t, "demo")
	get := func(extra ...xmlrpc.Member) []string {
		v, err := r.call("demo", "backlog.findIssue", st(append([]xmlrpc.Member{fi("projectId", num(1)), fi("sort", str("created"))}, extra...)...))
		if err != nil {
			t.Fatal(err)
		}
		return keysOf(t, v)
	}
	asc, desc, def := get(fi("order", xmlrpc.Bool(true))), get(fi("order", num(0))), get()
	if asc[0] != "DEMO-1" || len(asc) != 14 {
		t.Fatalf("ascending starts %v", asc[:3])
	}
	rev := slices.Clone(asc)
	slices.Reverse(rev)
	if !slices.Equal(desc, rev) || !slices.Equal(def, desc) {
		t.Errorf("desc %v / default %v are not ascending reversed %v", desc, def, rev)
	}
}

// TestFindIssuePostFilterPagingIsConsistent: walking a post-filtered
// search with offset += limit visits every match exactly once, and agrees
// with countIssue.
func TestFindIssuePostFilterPagingIsConsistent(t *testing.T) {
	r := newRig(t, "demo")
	bulkIssues(t, r, 30)
	// Resolve some of the new issues so the filter removes issues in the
	// middle of v2's pages.
	for _, k := range []string{"DEMO-16", "DEMO-20", "DEMO-21", "DEMO-33"} {
		if _, err := r.call("demo", "backlog.switchStatus", st(fi("key", str(k)), fi("statusId", num(4)), fi("resolutionId", num(0)))); err != nil {
			t.Fatal(err)
		}
	}
	cond := []xmlrpc.Member{fi("projectId", num(1)), fi("resolutionId", num(-1))}
	all, err := r.call("demo", "backlog.findIssue", st(cond...))
	if err != nil {
		t.Fatal(err)
	}
	want := keysOf(t, all)
	count, err := r.call("demo", "backlog.countIssue", st(cond...))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := count.AsInt(); int(n) != len(want) || len(want) != 11+30-4 {
		t.Fatalf("count %d, find %d, want %d", n, len(want), 11+30-4)
	}
	var walked []string
	for off := int64(0); ; off += 4 {
		v, err := r.call("demo", "backlog.findIssue", st(append(slices.Clone(cond), fi("offset", num(off)), fi("limit", num(4)))...))
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Items()) == 0 {
			break
		}
		walked = append(walked, keysOf(t, v)...)
	}
	if !slices.Equal(walked, want) {
		t.Errorf("paged walk\n%v\nwant\n%v", walked, want)
	}
	for _, k := range walked {
		if k == "DEMO-16" || k == "DEMO-33" {
			t.Errorf("resolved issue %s passed the -1 filter", k)
		}
	}
}

// TestSearchProjectVariants: projectId as int, digits, key, array.
func TestSearchProjectVariants(t *testing.T) {
	r := newRig(t, "demo")
	tests := []struct {
		name string
		pid  xmlrpc.Value
		want int64
	}{
		{"int", num(1), 14},
		{"digits", str("2"), 5},
		{"key", str("DEMO"), 14},
		{"array of id and key", xmlrpc.Array(num(1), str("BLG")), 19},
	}
	for _, tc := range tests {
		v, err := r.call("demo", "backlog.countIssue", st(fi("projectId", tc.pid)))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if n, _ := v.AsInt(); n != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, n, tc.want)
		}
	}
	// A name that exists in only one of two projects still matches there.
	v, err := r.call("demo", "backlog.countIssue", st(fi("projectId", xmlrpc.Array(num(1), num(2))), fi("component", str("API"))))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := v.AsInt(); n < 1 {
		t.Errorf("component API in BLG counted %d", n)
	}
}

// TestSearchConditions: each condition narrows the count as the seed
// says (OR within a condition, AND across).
func TestSearchConditions(t *testing.T) {
	r := newRig(t, "demo")
	arr := func(vs ...int64) xmlrpc.Value {
		items := make([]xmlrpc.Value, len(vs))
		for i, v := range vs {
			items[i] = num(v)
		}
		return xmlrpc.Array(items...)
	}
	tests := []struct {
		name string
		cond []xmlrpc.Member
		want int64
	}{
		{"statusId OR", []xmlrpc.Member{fi("statusId", arr(3, 4))}, 3},
		{"statusId AND issueTypeId", []xmlrpc.Member{fi("statusId", arr(3, 4)), fi("issueTypeId", num(101))}, 1},
		{"issueType names OR", []xmlrpc.Member{fi("issueType", xmlrpc.Array(str("バグ"), str("要望")))}, 6},
		{"assignerId", []xmlrpc.Member{fi("assignerId", num(2))}, 4},
		{"assignerId -1 OR 2", []xmlrpc.Member{fi("assignerId", arr(-1, 2))}, 10},
		{"resolutionId 0", []xmlrpc.Member{fi("resolutionId", num(0))}, 2},
		{"resolutionId -1 OR 4", []xmlrpc.Member{fi("resolutionId", arr(-1, 4))}, 12},
		{"createdUserId", []xmlrpc.Member{fi("createdUserId", str("2"))}, 0},
		{"created range, Perl int dates", []xmlrpc.Member{fi("created_on_min", num(20261005)), fi("created_on_max", num(20261006))}, 2},
		{"due_date range", []xmlrpc.Member{fi("due_date_min", str("20261201")), fi("due_date_max", str("20261231"))}, 0},
		{"component name", []xmlrpc.Member{fi("component", str("サーバー"))}, 0},
		{"priority name", []xmlrpc.Member{fi("priority", str("高"))}, 0},
		{"custom field list item", []xmlrpc.Member{fi("custom_fields", xmlrpc.Array(st(fi("id", num(135)), fi("values", num(2)))))}, 1},
		{"custom field text", []xmlrpc.Member{fi("custom_fields", st(fi("id", num(131)), fi("values", str("Chrome"))))}, 1},
		{"custom field number range", []xmlrpc.Member{fi("custom_fields", xmlrpc.Array(st(fi("id", num(133)), fi("min", xmlrpc.Double(1)), fi("max", str("10")))))}, 2},
		{"custom field date", []xmlrpc.Member{fi("custom_fields", xmlrpc.Array(st(fi("id", num(134)), fi("min", num(20261101)))))}, 2},
	}
	// want is the count the seed gives; 0 means "only check that countIssue
	// and findIssue agree" (conditions whose seed count is not pinned).
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := r.call("demo", "backlog.countIssue", st(append([]xmlrpc.Member{fi("projectId", num(1))}, tc.cond...)...))
			if err != nil {
				t.Fatal(err)
			}
			n, _ := v.AsInt()
			f, err := r.call("demo", "backlog.findIssue", st(append([]xmlrpc.Member{fi("projectId", num(1))}, tc.cond...)...))
			if err != nil {
				t.Fatal(err)
			}
			if int(n) != len(f.Items()) {
				t.Errorf("countIssue %d != findIssue %d", n, len(f.Items()))
			}
			if tc.want > 0 && n != tc.want {
				t.Errorf("count %d, want %d", n, tc.want)
			}
		})
	}
}

func TestSearchFaults(t *testing.T) {
	r := newRig(t, "demo")
	tests := []struct {
		name   string
		cond   []xmlrpc.Member
		code   failure.Code
		member string
	}{
		{"no projectId", nil, failure.InvalidParams, "projectId"},
		{"unknown project key", []xmlrpc.Member{fi("projectId", str("NOPE"))}, failure.NotFound, ""},
		{"unknown issue type name", []xmlrpc.Member{fi("projectId", num(1)), fi("issueType", str("無い"))}, failure.InvalidParams, "issueType"},
		{"bad date", []xmlrpc.Member{fi("projectId", num(1)), fi("created_on_min", str("2026-13-01"))}, failure.InvalidParams, "created_on_min"},
		{"bad file", []xmlrpc.Member{fi("projectId", num(1)), fi("file", num(3))}, failure.InvalidParams, "file"},
		{"bad parent_child_issue", []xmlrpc.Member{fi("projectId", num(1)), fi("parent_child_issue", num(9))}, failure.InvalidParams, "parent_child_issue"},
		{"unknown custom field", []xmlrpc.Member{fi("projectId", num(1)), fi("custom_fields", xmlrpc.Array(st(fi("id", num(999)), fi("values", str("x")))))}, failure.InvalidParams, "custom_fields.id"},
	}
	for _, tc := range tests {
		_, err := r.call("demo", "backlog.countIssue", st(tc.cond...))
		if failure.CodeOf(err) != tc.code {
			t.Errorf("%s: err = %v, want code %v", tc.name, err, tc.code)
			continue
		}
		if fe := (*failure.Error)(nil); tc.member != "" {
			if e, ok := err.(*failure.Error); ok {
				fe = e
			}
			if fe == nil || len(fe.Message) < len(tc.member) || fe.Message[:len(tc.member)] != tc.member {
				t.Errorf("%s: message %q does not name %s", tc.name, err, tc.member)
			}
		}
	}
}
