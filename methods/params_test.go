package methods

import (
	"math"
	"strconv"
	"testing"
	"testing/quick"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// Property: an id reads the same whatever encoding a client used: <int>,
// <i4>/<i8>, digits as <string>, or an integral <double>.
func TestIDCoercionProperty(t *testing.T) {
	f := func(n int64) bool {
		encodings := []xmlrpc.Value{xmlrpc.Int(n), xmlrpc.String(strconv.FormatInt(n, 10)), xmlrpc.String(" " + strconv.FormatInt(n, 10) + " ")}
		if v, err := xmlrpc.Scalar(xmlrpc.KindInt, strconv.FormatInt(n, 10)); err == nil {
			encodings = append(encodings, v)
		}
		if math.Abs(float64(n)) < 1<<53 {
			encodings = append(encodings, xmlrpc.Double(float64(n)))
		}
		for _, e := range encodings {
			got, err := toInt("id", e)
			if err != nil || got != n {
				return false
			}
			l, err := intList("id", xmlrpc.Array(e, e))
			if err != nil || len(l) != 2 || l[0] != n {
				return false
			}
		}
		return true
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 3000}); err != nil {
		t.Error(err)
	}
	for _, bad := range []xmlrpc.Value{xmlrpc.String("12a"), xmlrpc.String(""), xmlrpc.Double(1.5), xmlrpc.Struct(), xmlrpc.Array()} {
		if _, err := toInt("id", bad); failure.CodeOf(err) != failure.InvalidParams {
			t.Errorf("toInt(%v %q) = %v", bad.Kind(), bad.Text(), err)
		}
	}
}

// Perl smart-encodes: a name "1.0" arrives as <double>1.0</double> and a
// date as <int>; both are read as the text written.
func TestPerlSmartEncoding(t *testing.T) {
	dbl, _ := xmlrpc.Scalar(xmlrpc.KindDouble, "1.0")
	date, _ := xmlrpc.Scalar(xmlrpc.KindInt, "20100131")
	a := args{v: st(fi("version", dbl), fi("due_date", date))}
	if s, _, err := a.strs("version"); err != nil || s[0] != "1.0" {
		t.Errorf("double name read as %q, %v", s, err)
	}
	d, ok, err := a.date("due_date")
	if err != nil || !ok || d != v2client.NewDate(2010, 1, 31) {
		t.Errorf("int date read as %v %v %v", d, ok, err)
	}
}

func TestStructArgsAndScalarArg(t *testing.T) {
	// positional form of an old client: addComment("DEMO-1", "text")
	a, err := structArgs([]xmlrpc.Value{str("DEMO-1"), str("text")}, "key", "content")
	if err != nil {
		t.Fatal(err)
	}
	if k, _, _ := a.str("key"); k != "DEMO-1" {
		t.Errorf("key %q", k)
	}
	if _, err := structArgs([]xmlrpc.Value{num(1)}); failure.CodeOf(err) != failure.InvalidParams {
		t.Errorf("scalar where a struct is needed: %v", err)
	}
	if a, err := structArgs(nil); err != nil || len(a.v.Members()) != 0 {
		t.Errorf("no params: %v %v", a, err)
	}
	tests := []struct {
		params []xmlrpc.Value
		want   string
		ok     bool
	}{
		{[]xmlrpc.Value{num(7)}, "7", true},
		{[]xmlrpc.Value{st(fi("project_id", num(8)))}, "8", true},
		{[]xmlrpc.Value{st(fi("projectId", num(9)), fi("project_id", num(8)))}, "9", true},
		{[]xmlrpc.Value{st(fi("other", num(9)))}, "", false},
		{[]xmlrpc.Value{xmlrpc.Nil()}, "", false},
		{nil, "", false},
	}
	for i, tc := range tests {
		v, err := scalarArg(tc.params, "projectId", "project_id")
		if (err == nil) != tc.ok || (tc.ok && v.Text() != tc.want) {
			t.Errorf("case %d: %q %v", i, v.Text(), err)
		}
		if !tc.ok && failure.CodeOf(err) != failure.InvalidParams {
			t.Errorf("case %d: %v is not InvalidParams", i, err)
		}
	}
}

func TestOptionalMembers(t *testing.T) {
	a := args{v: st(fi("assignerId", str("")), fi("resolutionId", num(2)), fi("parent_issue_id", xmlrpc.Nil()),
		fi("due_date", str(" ")), fi("estimated_hours", str("10.50")), fi("flag", str("true")))}
	if o, _ := a.optInt("assignerId"); !o.IsClear() {
		t.Error(`"" does not clear`)
	}
	if o, _ := a.optInt("resolutionId"); !o.IsSet() {
		t.Error("value not set")
	}
	if o, _ := a.optInt("parent_issue_id"); !o.IsUnset() {
		t.Error("<nil/> is not absent")
	}
	if o, _ := a.optInt("missing"); !o.IsUnset() {
		t.Error("absent is not unset")
	}
	if o, _ := a.optDate("due_date"); !o.IsClear() {
		t.Error("blank date does not clear")
	}
	if o, _ := a.optDouble("estimated_hours"); func() bool { v, ok := o.Value(); return !ok || v != 10.5 }() {
		t.Error("b4j BigDecimal text not read")
	}
	if b, ok, err := a.bool("flag"); !b || !ok || err != nil {
		t.Error("bool text not read")
	}
	if _, err := a.reqInt("absent", "alsoAbsent"); err == nil || err.Error() != "absent: required" {
		t.Errorf("missing member fault %v", err)
	}
}

func TestIdsOrNames(t *testing.T) {
	resolve := func(m string, names []string) ([]int64, error) {
		out := make([]int64, len(names))
		for i := range names {
			out[i] = int64(100 + i)
		}
		return out, nil
	}
	tests := []struct {
		a       args
		want    []int64
		present bool
		fault   bool
	}{
		{args{v: st(fi("componentId", num(1)))}, []int64{1}, true, false},
		{args{v: st(fi("componentId", xmlrpc.Array(num(1), str("2"))))}, []int64{1, 2}, true, false},
		{args{v: st(fi("component", xmlrpc.Array(str("a"), str("b"))))}, []int64{100, 101}, true, false},
		{args{v: st(fi("component", str("a")))}, []int64{100}, true, false},
		{args{v: st(fi("componentId", num(1)), fi("component", str("a")))}, nil, false, true},
		{args{v: st()}, nil, false, false},
	}
	for i, tc := range tests {
		got, present, err := idsOrNames(tc.a, []string{"componentId"}, []string{"component"}, resolve)
		if (err != nil) != tc.fault || present != tc.present || len(got) != len(tc.want) {
			t.Errorf("case %d: %v %v %v", i, got, present, err)
			continue
		}
		for k := range got {
			if got[k] != tc.want[k] {
				t.Errorf("case %d: %v", i, got)
			}
		}
	}
}
