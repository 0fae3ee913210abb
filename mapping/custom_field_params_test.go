package mapping

import (
	"reflect"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

func p2S(members ...xmlrpc.Member) xmlrpc.Value { return xmlrpc.Struct(members...) }

func TestCustomFieldParamsFrom(t *testing.T) {
	f := xmlrpc.Field
	numeric := p2S(f("projectId", xmlrpc.Int(1)), f("typeId", xmlrpc.Int(3)), f("name", xmlrpc.String("工数")),
		f("issueTypes", xmlrpc.Array(xmlrpc.Int(101), xmlrpc.String("102"))), f("min", xmlrpc.Double(0)), f("max", xmlrpc.String("50.5")),
		f("initial_value", xmlrpc.Int(1)), f("unit", xmlrpc.String("人日")), f("required", xmlrpc.Int(1)), f("bogus", xmlrpc.String("ignored")))
	got, err := CustomFieldParamsFrom(numeric, 3, true)
	if err != nil {
		t.Fatal(err)
	}
	o := got.Options
	ids, _ := o.ApplicableIssueTypes.Value()
	mn, _ := o.Min.Value()
	mx, _ := o.Max.Value()
	iv, _ := o.InitialValue.Value()
	unit, _ := o.Unit.Value()
	if *o.Name != "工数" || !reflect.DeepEqual(ids, []int64{101, 102}) || mn != 0 || !o.Min.IsSet() || mx != 50.5 || iv != 1 || unit != "人日" || !*o.Required {
		t.Fatalf("numeric options = %+v", o)
	}

	date := p2S(f("typeId", xmlrpc.Int(4)), f("name", xmlrpc.String("締切")), f("issueTypes", xmlrpc.Array()),
		f("initial_value_type", xmlrpc.Int(3)), f("initial_date", xmlrpc.Int(20261224)), f("min", xmlrpc.String("2026-01-01")), f("max", xmlrpc.String("")))
	got, err = CustomFieldParamsFrom(date, 4, true)
	if err != nil {
		t.Fatal(err)
	}
	o = got.Options
	initial, _ := o.InitialDate.Value()
	minDate, _ := o.MinDate.Value()
	if !o.ApplicableIssueTypes.IsClear() || *o.InitialValueType != 3 || initial.Format(nil) != "2026-12-24" || minDate.Format(nil) != "2026-01-01" || !o.MaxDate.IsClear() {
		t.Fatalf("date options = %+v", o)
	}

	list := p2S(f("typeId", xmlrpc.Int(7)), f("name", xmlrpc.String("OS")),
		f("items", xmlrpc.Array(xmlrpc.String("Windows"), xmlrpc.Struct(f("name", xmlrpc.String("macOS"))))), f("allow_input", xmlrpc.Bool(true)))
	got, err = CustomFieldParamsFrom(list, 7, true)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Options.Items, []string{"Windows", "macOS"}) || !got.ItemsGiven || !*got.Options.AllowInput {
		t.Fatalf("list params = %+v", got)
	}
	// on update the items are returned for the item endpoints, not sent with PATCH
	got, err = CustomFieldParamsFrom(list, 7, false)
	if err != nil || got.Options.Items != nil || len(got.Items) != 2 {
		t.Fatalf("update list params = %+v, %v", got, err)
	}

	bad := []struct {
		name   string
		p      xmlrpc.Value
		typ    v2client.CustomFieldType
		create bool
		member string
	}{
		{"no name", p2S(), 1, true, "name"},
		{"bad type", p2S(f("name", xmlrpc.String("x"))), 9, true, "typeId"},
		{"bad min", p2S(f("name", xmlrpc.String("x")), f("min", xmlrpc.String("lots"))), 3, true, "min"},
		{"bad date", p2S(f("name", xmlrpc.String("x")), f("min", xmlrpc.String("20261301"))), 4, true, "min"},
		{"bad ivt", p2S(f("name", xmlrpc.String("x")), f("initial_value_type", xmlrpc.Int(4))), 4, true, "initial_value_type"},
		{"bad items", p2S(f("name", xmlrpc.String("x")), f("items", xmlrpc.String("a,b"))), 5, true, "items"},
		{"bad issue types", p2S(f("issueTypes", xmlrpc.Array(xmlrpc.String("バグ")))), 1, false, "issueTypes"},
	}
	for _, tt := range bad {
		_, err := CustomFieldParamsFrom(tt.p, tt.typ, tt.create)
		var fe *failure.Error
		if failure.CodeOf(err) != failure.InvalidParams || !asFailure(err, &fe) || fe.Message[:len(tt.member)] != tt.member {
			t.Errorf("%s: err = %v, want InvalidParams naming %s", tt.name, err, tt.member)
		}
	}
	// update without name is allowed (v2 PATCH leaves it)
	if _, err := CustomFieldParamsFrom(p2S(f("required", xmlrpc.Bool(false))), 1, false); err != nil {
		t.Error(err)
	}
}

func asFailure(err error, fe **failure.Error) bool {
	e, ok := err.(*failure.Error)
	*fe = e
	return ok
}

func TestItemDiff(t *testing.T) {
	cur := []v2client.CustomFieldItem{{ID: 1, Name: "a"}, {ID: 2, Name: "b"}, {ID: 3, Name: "c"}, {ID: 4, Name: "a"}}
	rm, add := ItemDiff(cur, []string{"c", "a", "d", "d"})
	if !reflect.DeepEqual(rm, []int64{2, 4}) || !reflect.DeepEqual(add, []string{"d"}) {
		t.Fatalf("rm %v add %v", rm, add)
	}
	rm, add = ItemDiff(nil, nil)
	if rm != nil || add != nil {
		t.Fatal("empty diff not empty")
	}
}
