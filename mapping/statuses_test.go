package mapping

import (
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

func TestBuiltinStatuses(t *testing.T) {
	tests := []struct{ lang, want string }{
		{"ja", `[{id:i:1,name:"未対応"},{id:i:2,name:"処理中"},{id:i:3,name:"処理済み"},{id:i:4,name:"完了"}]`},
		{"", `[{id:i:1,name:"未対応"},{id:i:2,name:"処理中"},{id:i:3,name:"処理済み"},{id:i:4,name:"完了"}]`},
		{"en", `[{id:i:1,name:"Open"},{id:i:2,name:"In Progress"},{id:i:3,name:"Resolved"},{id:i:4,name:"Closed"}]`},
	}
	for _, tt := range tests {
		if got := render(BuiltinStatuses(tt.lang)); got != tt.want {
			t.Errorf("lang %q: %s", tt.lang, got)
		}
	}
	if got := render(NamedIDs([]NamedID{{2, "高"}, {3, "中"}})); got != `[{id:i:2,name:"高"},{id:i:3,name:"中"}]` {
		t.Error(got)
	}
}

func TestPrioritiesAndResolutions(t *testing.T) {
	tests := []struct {
		name      string
		got, want string
	}{
		{"priorities in v2 order", render(Priorities([]v2client.Priority{{ID: 2, Name: "高"}, {ID: 3, Name: "中"}})), `[{id:i:2,name:"高"},{id:i:3,name:"中"}]`},
		{"resolutions in v2 order", render(Resolutions([]v2client.Resolution{{ID: 0, Name: "対応済み"}, {ID: 4, Name: "仕様どおり"}})), `[{id:i:0,name:"対応済み"},{id:i:4,name:"仕様どおり"}]`},
		{"empty", render(Priorities(nil)), `[]`},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, tt.got, tt.want)
		}
	}
}
