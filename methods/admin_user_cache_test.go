package methods

import (
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// TestAdminUserChangesDropMemberLists: a member lookup by login ID (getUser
// as a non-administrator reads the cached member lists of the caller's
// projects) must see an admin.deleteUser or admin.updateUser at once, not
// after the catalog's TTL.
func TestAdminUserChangesDropMemberLists(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		param    xmlrpc.Value
		wantCode failure.Code // of the getUser after the change; 0: found
		wantName string
	}{
		{"deleted user is gone", "backlog.admin.deleteUser", xmlrpc.Int(4), failure.NotFound, ""},
		{"renamed user has the new name", "backlog.admin.updateUser",
			xmlrpc.Struct(xmlrpc.Field("id", xmlrpc.Int(4)), xmlrpc.Field("name", xmlrpc.String("Renamed Reporter"))), 0, "Renamed Reporter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, "demo")
			before, err := r.call("demo", "backlog.getUser", xmlrpc.String("reporter")) // warms the member lists
			if err != nil {
				t.Fatal(err)
			}
			if id, _ := before.Get("id"); id.Text() != "4" {
				t.Fatalf("before: getUser(reporter) id = %s, want 4", id.Text())
			}
			if _, err := r.call("admin", tt.method, tt.param); err != nil {
				t.Fatalf("%s: %v", tt.method, err)
			}
			after, err := r.call("demo", "backlog.getUser", xmlrpc.String("reporter"))
			if failure.CodeOf(err) != tt.wantCode {
				t.Fatalf("after: getUser(reporter) = %v, %v; want code %v", after, err, tt.wantCode)
			}
			if tt.wantCode == 0 {
				if name, _ := after.Get("name"); name.Text() != tt.wantName {
					t.Errorf("after: name %q, want %q", name.Text(), tt.wantName)
				}
			}
		})
	}
}
