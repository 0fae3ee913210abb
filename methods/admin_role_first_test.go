package methods

import (
	"strings"
	"testing"
)

// TestAdminRoleCheckedFirst: every backlog.admin.* method checks the
// caller's role before its parameters (COVERAGE.md): a normal user gets
// fault 403 whatever the parameters (none, a wrong type, an empty struct),
// never a parameter fault that would tell them how to shape a request they
// may not make; an administrator with missing parameters gets -32602.
func TestAdminRoleCheckedFirst(t *testing.T) {
	var admin []methodSpec
	for _, m := range registry {
		if strings.HasPrefix(m.name, "backlog.admin.") {
			admin = append(admin, m)
		}
	}
	if len(admin) != 15 {
		t.Fatalf("%d backlog.admin.* methods in the registry, want 15", len(admin))
	}
	args := []struct {
		name string
		arg  any // nil: no parameters
	}{{"none", nil}, {"string", "not-a-struct"}, {"empty struct", map[string]any{}}}
	demo := newRig(t, "demo")
	adm := newRig(t, "admin")
	for _, m := range admin {
		for _, a := range args {
			t.Run(m.name+"/demo/"+a.name, func(t *testing.T) {
				var out any
				var err error
				if a.arg == nil {
					err = demo.kolo().Call(m.name, nil, &out)
				} else {
					err = demo.kolo().Call(m.name, a.arg, &out)
				}
				if fe, ok := koloFault(err); !ok || fe.Code != 403 {
					t.Fatalf("as a normal user: %v (%v), want fault 403", err, out)
				}
			})
		}
		takesParams := true
		for _, sig := range m.signatures {
			if len(sig) == 1 {
				takesParams = false
			}
		}
		if !takesParams {
			continue
		}
		t.Run(m.name+"/admin/none", func(t *testing.T) {
			var out any
			err := adm.kolo().Call(m.name, nil, &out)
			if fe, ok := koloFault(err); !ok || fe.Code != -32602 {
				t.Fatalf("as an administrator without parameters: %v (%v), want fault -32602", err, out)
			}
		})
	}
}
