package mapping

import (
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

func TestVersionCRUD(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	utcMidnight := v2client.NewDate(2010, 1, 31)
	jstMidnight := v2client.DateAt(time.Date(2014, 6, 30, 15, 0, 0, 0, time.UTC)) // 2014-07-01 in Tokyo
	tests := []struct {
		name string
		v    v2client.Version
		want string
	}{
		{"no dates", v2client.Version{ID: 1, Name: "1.0"}, `{id:i:1,name:"1.0",start_date:"",due_date:"",date:"",archived:b:0}`},
		{"utc midnight", v2client.Version{ID: 2, Name: "x", StartDate: &utcMidnight, Archived: true}, `{id:i:2,name:"x",start_date:"20100131",due_date:"",date:"",archived:b:1}`},
		{"old jst form", v2client.Version{ID: 3, Name: "y", ReleaseDueDate: &jstMidnight}, `{id:i:3,name:"y",start_date:"",due_date:"20140701",date:"20140701",archived:b:0}`},
	}
	for _, tt := range tests {
		if got := render(VersionCRUD(tt.v, tokyo)); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func TestIssueTypeColor(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"#990000", "#990000", true},
		{"#FF9200", "#ff9200", true},
		{"#123456", "", false},
		{"red", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := IssueTypeColor(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("IssueTypeColor(%q) = %q, %v", tt.in, got, ok)
		}
	}
	if got := render(IssueTypeStruct(v2client.IssueType{ID: 5, Name: "バグ", Color: "#990000"})); got != `{id:i:5,name:"バグ",color:"#990000"}` {
		t.Error(got)
	}
	if got := render(ComponentStruct(v2client.Category{ID: 6, Name: "要件定義"})); got != `{id:i:6,name:"要件定義"}` {
		t.Error(got)
	}
}
