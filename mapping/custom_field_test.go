package mapping

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

func TestCustomFieldDefFixture(t *testing.T) {
	customFieldDefFixture(t, filepath.Join(fixtureDir, "custom_fields.json"))
}

// customFieldDefFixture is TestCustomFieldDefFixture on the definitions in
// the file path (the repository's copy, or ../shared's in
// TestSharedFixtures).
func customFieldDefFixture(t *testing.T, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cfs []v2client.CustomField
	if err := json.Unmarshal(b, &cfs); err != nil {
		t.Fatal(err)
	}
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	types := []v2client.IssueType{{ID: 1074178332, Name: "バグ", Color: "#990000"}, {ID: 2, Name: "タスク", Color: "#7ea800"}}
	want := []string{
		`{id:i:1073761530,type_id:i:1,name:"文字フィールド",description:"",required:b:0,issueTypes:[{id:i:1074178332,name:"バグ",color:"#990000"}]}`,
		`{id:i:1073761547,type_id:i:3,name:"数字カスタムフィールド",description:"数字カスタムフィールドです",required:b:0,issueTypes:[{id:i:1074178332,name:"バグ",color:"#990000"}],min:d:100,max:d:1000000,initial_value:d:999}`,
		// applicableIssueTypes [] = every type of the project; dates in the old JST-midnight form
		`{id:i:1073761531,type_id:i:4,name:"日付フィールド",description:"",required:b:0,issueTypes:[{id:i:1074178332,name:"バグ",color:"#990000"},{id:i:2,name:"タスク",color:"#7ea800"}],initial_value_type:i:3,initial_date:"20140612",min:"20140610",max:"20140710"}`,
		`{id:i:1073761532,type_id:i:6,name:"複数リストフィールド",description:"",required:b:0,issueTypes:[{id:i:1074178332,name:"バグ",color:"#990000"}],items:[{id:i:1,name:"ご飯"},{id:i:2,name:"みそ汁"},{id:i:3,name:"納豆"}]}`,
	}
	if len(cfs) != len(want) {
		t.Fatalf("fixture has %d fields", len(cfs))
	}
	for i, cf := range cfs {
		if got := render(CustomFieldDef(cf, types, tokyo)); got != want[i] {
			t.Errorf("field %d:\n got %s\nwant %s", i, got, want[i])
		}
	}
}

func TestCustomFieldDefTypes(t *testing.T) {
	yes := true
	shift := 3
	unit := "kg"
	tests := []struct {
		name string
		cf   v2client.CustomField
		want string
	}{
		{"checkbox allow_input", v2client.CustomField{ID: 1, TypeID: 7, Name: "c", ApplicableIssueTypes: []int64{99}, AllowInput: &yes, Items: []v2client.CustomFieldItem{{ID: 4, Name: "a"}}},
			`{id:i:1,type_id:i:7,name:"c",description:"",required:b:1,issueTypes:[{id:i:99,name:"",color:""}],items:[{id:i:4,name:"a"}],allow_input:b:1}`},
		{"radio no allow_input", v2client.CustomField{ID: 2, TypeID: 8, Name: "r", ApplicableIssueTypes: []int64{99}},
			`{id:i:2,type_id:i:8,name:"r",description:"",required:b:1,issueTypes:[{id:i:99,name:"",color:""}],items:[],allow_input:b:0}`},
		{"single list", v2client.CustomField{ID: 3, TypeID: 5, Name: "s", ApplicableIssueTypes: []int64{99}},
			`{id:i:3,type_id:i:5,name:"s",description:"",required:b:1,issueTypes:[{id:i:99,name:"",color:""}],items:[]}`},
		{"date shift", v2client.CustomField{ID: 4, TypeID: 4, Name: "d", ApplicableIssueTypes: []int64{99}, InitialDate: &v2client.InitialDate{ID: 2, Shift: &shift}},
			`{id:i:4,type_id:i:4,name:"d",description:"",required:b:1,issueTypes:[{id:i:99,name:"",color:""}],initial_value_type:i:2,initial_shift:i:3}`},
		{"numeric unit only", v2client.CustomField{ID: 5, TypeID: 3, Name: "n", ApplicableIssueTypes: []int64{99}, Unit: &unit},
			`{id:i:5,type_id:i:3,name:"n",description:"",required:b:1,issueTypes:[{id:i:99,name:"",color:""}],unit:"kg"}`},
		{"sentence", v2client.CustomField{ID: 6, TypeID: 2, Name: "t", ApplicableIssueTypes: []int64{99}},
			`{id:i:6,type_id:i:2,name:"t",description:"",required:b:1,issueTypes:[{id:i:99,name:"",color:""}]}`},
	}
	for _, tt := range tests {
		tt.cf.Required = true
		if got := render(CustomFieldDef(tt.cf, nil, time.UTC)); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func TestCustomFieldAppliesTo(t *testing.T) {
	all := v2client.CustomField{}
	some := v2client.CustomField{ApplicableIssueTypes: []int64{1, 2}}
	tests := []struct {
		cf   v2client.CustomField
		ids  []int64
		want bool
	}{
		{all, nil, true}, {all, []int64{5}, true},
		{some, nil, true}, {some, []int64{2}, true}, {some, []int64{3, 1}, true}, {some, []int64{3}, false},
	}
	for i, tt := range tests {
		if got := CustomFieldAppliesTo(tt.cf, tt.ids); got != tt.want {
			t.Errorf("case %d: got %v", i, got)
		}
	}
}

func TestCustomFieldDefs(t *testing.T) {
	defs := []v2client.CustomField{
		{ID: 1, Name: "all", TypeID: v2client.CustomFieldText},
		{ID: 2, Name: "bug only", TypeID: v2client.CustomFieldText, ApplicableIssueTypes: []int64{10}},
		{ID: 3, Name: "task only", TypeID: v2client.CustomFieldText, ApplicableIssueTypes: []int64{20}},
	}
	tests := []struct {
		ids  []int64
		want []int64
	}{{nil, []int64{1, 2, 3}}, {[]int64{10}, []int64{1, 2}}, {[]int64{30}, []int64{1}}, {[]int64{20, 10}, []int64{1, 2, 3}}}
	for _, tt := range tests {
		v := CustomFieldDefs(defs, tt.ids, nil, time.UTC)
		var got []int64
		for _, it := range v.Items() {
			id, _ := it.Get("id")
			n, _ := id.AsInt()
			got = append(got, n)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("types %v: ids %v, want %v", tt.ids, got, tt.want)
		}
	}
}
