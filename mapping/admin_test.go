package mapping

import (
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

func TestRoleRoundTrip(t *testing.T) {
	for rt := v2client.RoleAdministrator; rt <= v2client.RoleGuestViewer; rt++ {
		name, ok := RoleName(rt)
		if !ok {
			t.Fatalf("RoleName(%d) not ok", rt)
		}
		back, err := ParseRole("role", name)
		if err != nil || back != rt {
			t.Errorf("ParseRole(%q) = %d, %v; want %d", name, back, err, rt)
		}
	}
}

func TestParseRole(t *testing.T) {
	tests := []struct {
		in   string
		want v2client.RoleType
		bad  bool
	}{
		{"admin", 1, false},
		{" Normal-User ", 2, false},
		{"reporter", 3, false},
		{"viewer", 4, false},
		{"guest-reporter", 5, false},
		{"guest-viewer", 6, false},
		{"管理者", 1, false},
		{"ゲストビューアー", 6, false},
		{"", 0, true},
		{"root", 0, true},
		{"normal_user", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseRole("role", tt.in)
		if tt.bad {
			if failure.CodeOf(err) != failure.InvalidParams {
				t.Errorf("ParseRole(%q) err = %v, want InvalidParams", tt.in, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseRole(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	if name, ok := RoleName(9); ok || name != "normal-user" {
		t.Errorf("RoleName(9) = %q, %v", name, ok)
	}
}

func TestAdminShapes(t *testing.T) {
	ja := "ja"
	u := v2client.User{ID: 7, UserID: "yamamoto", Name: "やまもと", RoleType: v2client.RoleReporter, MailAddress: "y@example.com", Lang: &ja}
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"admin user", render(AdminUser(u)),
			`{id:i:7,user_id:"yamamoto",name:"やまもと",mail_address:"y@example.com",role:"reporter",mail_setting:{mail:b:0,comment:b:0}}`},
		{"project user", render(ProjectUser(u)), `{id:i:7,user_id:"yamamoto",name:"やまもと"}`},
		{"detail user lang", render(DetailUser(u, "en")), `{id:i:7,name:"やまもと",lang:"ja"}`},
		{"detail user space lang", render(DetailUser(v2client.User{ID: 1, Name: "a"}, "en")), `{id:i:1,name:"a",lang:"en"}`},
		{"detail user no lang", render(DetailUser(v2client.User{ID: 1, Name: "a"}, "")), `{id:i:1,name:"a"}`},
		{"admin users sorted", render(AdminUsers([]v2client.User{{ID: 9, RoleType: 1}, {ID: 2, RoleType: 6}})),
			`[{id:i:2,user_id:"",name:"",mail_address:"",role:"guest-viewer",mail_setting:{mail:b:0,comment:b:0}},{id:i:9,user_id:"",name:"",mail_address:"",role:"admin",mail_setting:{mail:b:0,comment:b:0}}]`},
		{"admin project", render(AdminProject(v2client.Project{ID: 3, ProjectKey: "DORA", Name: "ネコ", ChartEnabled: true, TextFormattingRule: "markdown"}, "https://demo.backlog.jp/")),
			`{id:i:3,name:"ネコ",key:"DORA",url:"https://demo.backlog.jp/projects/DORA",archived:b:0,text_formatting_rule:"markdown",use_parent_child_issue:b:0,use_chart:b:1}`},
		{"icon typed", render(UserIcon(5, v2client.Icon{Data: []byte("GIF89a.."), ContentType: "image/gif"})), `{id:i:5,content_type:"image/gif",data:b64:R0lGODlhLi4=}`},
		{"icon sniffed png", render(UserIcon(5, v2client.Icon{Data: []byte("\x89PNG\r\n\x1a\n"), ContentType: "application/octet-stream"})), `{id:i:5,content_type:"image/png",data:b64:iVBORw0KGgo=}`},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, tt.got, tt.want)
		}
	}
}

func TestTextFormattingRule(t *testing.T) {
	for in, want := range map[string]string{"backlog": "backlog", "Markdown": "markdown"} {
		if got, err := TextFormattingRule("m", in); err != nil || got != want {
			t.Errorf("%q -> %q, %v", in, got, err)
		}
	}
	if _, err := TextFormattingRule("text_formatting_rule", "wiki"); failure.CodeOf(err) != failure.InvalidParams {
		t.Errorf("wiki accepted: %v", err)
	}
}
