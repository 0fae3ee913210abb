package methods

import (
	"reflect"
	"strings"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

func TestMemberDiff(t *testing.T) {
	cur := []v2client.User{{ID: 4}, {ID: 1}, {ID: 3}}
	tests := []struct {
		want        []int64
		add, remove []int64
	}{
		{[]int64{1, 3, 4}, nil, nil},
		{[]int64{5, 1, 5, 2}, []int64{5, 2}, []int64{3, 4}},
		{nil, nil, []int64{1, 3, 4}},
	}
	for _, tt := range tests {
		add, remove := memberDiff(cur, tt.want)
		if !reflect.DeepEqual(add, tt.add) || !reflect.DeepEqual(remove, tt.remove) {
			t.Errorf("want %v: add %v remove %v; expected add %v remove %v", tt.want, add, remove, tt.add, tt.remove)
		}
	}
}

// TestUpdateProjectUsersPartialFailure: the replace is not atomic; when a
// step fails after others succeeded, the fault names what was applied, what
// failed and what was not attempted, and the project really is in that
// state.
func TestUpdateProjectUsersPartialFailure(t *testing.T) {
	members := func(r *rig) []int64 {
		us, _, err := r.client("admin").Projects.ListUsers(r.ctx("admin"), "2", false)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, u := range us {
			ids = append(ids, u.ID)
		}
		return ids
	}
	tests := []struct {
		name        string
		want        []int64
		faults      *fake.Faults
		code        failure.Code
		msgParts    []string
		membersThen []int64
	}{
		{name: "unknown user after a good one", want: []int64{1, 2, 5, 999},
			code:        failure.InvalidParams, // the fake answers 400/404 for an unknown user
			msgParts:    []string{"not atomic: applied: added 5; failed: added 999; not attempted: removed 3,4"},
			membersThen: []int64{1, 2, 3, 4, 5}},
		{name: "removal answered 500 after the write", want: []int64{1, 2, 5},
			faults:      &fake.Faults{Endpoints: []string{"DELETE /api/v2/projects/:projectIdOrKey/users"}, Status: 500, AfterWrite: true, Times: 1},
			code:        failure.OutcomeUnknown,
			msgParts:    []string{"not atomic: applied: added 5; failed: removed 3; not attempted: removed 4"},
			membersThen: []int64{1, 2, 4, 5}},
		{name: "first step fails: plain error, nothing changed", want: []int64{1, 2, 3, 4, 999},
			code: failure.InvalidParams, membersThen: []int64{1, 2, 3, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, "admin")
			if tt.faults != nil {
				r.fake.SetFaults(*tt.faults)
			}
			ids := make([]xmlrpc.Value, len(tt.want))
			for i, id := range tt.want {
				ids[i] = xmlrpc.Int(id)
			}
			_, err := r.call("admin", "backlog.admin.updateProjectUsers",
				xmlrpc.Struct(xmlrpc.Field("project_id", xmlrpc.Int(2)), xmlrpc.Field("user_id", xmlrpc.Array(ids...))))
			if err == nil {
				t.Fatal("no error")
			}
			code := failure.CodeOf(err)
			if tt.code == failure.InvalidParams {
				// Backlog's answer for an unknown user may be 400 or 404.
				if code != failure.InvalidParams && code != failure.NotFound {
					t.Errorf("code %v, want InvalidParams or NotFound (%v)", code, err)
				}
			} else if code != tt.code {
				t.Errorf("code %v, want %v (%v)", code, tt.code, err)
			}
			fe := err.(*failure.Error)
			for _, p := range tt.msgParts {
				if !strings.Contains(fe.Message, p) {
					t.Errorf("message %q lacks %q", fe.Message, p)
				}
			}
			if len(tt.msgParts) == 0 && strings.Contains(fe.Message, "not atomic") {
				t.Errorf("nothing was applied but the message says %q", fe.Message)
			}
			r.fake.ClearFaults()
			if got := members(r); !reflect.DeepEqual(got, tt.membersThen) {
				t.Errorf("members after the failure %v, want %v", got, tt.membersThen)
			}
		})
	}
}
