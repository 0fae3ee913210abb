package mapping

import "testing"

func TestBuiltinStatuses(t *testing.T) {
	tests := []struct{ lang, want string }{
		{"ja", `[{id:i:1,name:"未対応"},{id:i:2,name:"処理中"},{id:i:3,name:"処理済み"},{id:i:4,name:"完了"}]`},
		{"", `[{id:i:1,name:"未対応"},{id:i:2,name:"処理中"},{id:i:3,name:"処理済み"},{id:i:4,name:"完了"}]`},
		{"en", `[{id:i:1,name:"Open"},{id:i:2,name:"In Progress"},{id:i:3,name:"Resolved"},{id:i:4,name:"Closed"}]`},
	}
	for _, tt := range tests {
		if got := p2Render(BuiltinStatuses(tt.lang)); got != tt.want {
			t.Errorf("lang %q: %s", tt.lang, got)
		}
	}
	if got := p2Render(NamedIDs([]NamedID{{2, "高"}, {3, "中"}})); got != `[{id:i:2,name:"高"},{id:i:3,name:"中"}]` {
		t.Error(got)
	}
}
