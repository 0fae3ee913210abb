package methods

import (
	"strings"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// TestUpdateCustomFieldItemsByName: a sent items list replaces the items by
// name — kept names keep their ids, new names are added, missing ones
// removed — and the answer is the final definition.
func TestUpdateCustomFieldItemsByName(t *testing.T) {
	r := newRig(t, "admin")
	v, err := r.call("admin", "backlog.admin.updateCustomField", xmlrpc.Struct(
		xmlrpc.Field("id", xmlrpc.Int(137)), // 対応OS: 1 Windows, 2 macOS, 3 Linux
		xmlrpc.Field("typeId", xmlrpc.Int(7)),
		xmlrpc.Field("items", xmlrpc.Array(xmlrpc.String("Linux"), xmlrpc.Struct(xmlrpc.Field("name", xmlrpc.String("FreeBSD"))), xmlrpc.String("Windows"))),
		xmlrpc.Field("allow_input", xmlrpc.Bool(false)),
	))
	if err != nil {
		t.Fatal(err)
	}
	items, _ := v.Get("items")
	got := map[string]int64{}
	for _, it := range items.Items() {
		n, _ := it.Get("name")
		id, _ := it.Get("id")
		got[n.Text()], _ = id.AsInt()
	}
	if len(got) != 3 || got["Windows"] != 1 || got["Linux"] != 3 || got["FreeBSD"] == 0 {
		t.Errorf("items after update: %v (want Windows=1, Linux=3, FreeBSD new, macOS gone)", got)
	}
	if ai, _ := v.Get("allow_input"); ai.Text() != "0" {
		t.Errorf("allow_input = %s", ai.Text())
	}
	calls := r.calls()
	if calls["POST /api/v2/projects/:projectIdOrKey/customFields/:id/items"] != 1 || calls["DELETE /api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId"] != 1 {
		t.Errorf("item calls: %v", calls)
	}
	// the same list again changes nothing item-wise
	if _, err := r.call("admin", "backlog.admin.updateCustomField", xmlrpc.Struct(
		xmlrpc.Field("id", xmlrpc.Int(137)),
		xmlrpc.Field("items", xmlrpc.Array(xmlrpc.String("Linux"), xmlrpc.String("FreeBSD"), xmlrpc.String("Windows"))))); err != nil {
		t.Fatal(err)
	}
	calls = r.calls()
	if calls["POST /api/v2/projects/:projectIdOrKey/customFields/:id/items"]+calls["DELETE /api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId"] != 0 {
		t.Errorf("an unchanged item list made item calls: %v", calls)
	}
}

// TestUpdateCustomFieldItemFailure: an item call failing after the PATCH
// reports the non-atomic state.
func TestUpdateCustomFieldItemFailure(t *testing.T) {
	r := newRig(t, "admin")
	r.fake.SetFaults(fake.Faults{Endpoints: []string{"DELETE /api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId"}, Status: 503})
	_, err := r.call("admin", "backlog.admin.updateCustomField", xmlrpc.Struct(
		xmlrpc.Field("id", xmlrpc.Int(137)),
		xmlrpc.Field("items", xmlrpc.Array(xmlrpc.String("Windows"), xmlrpc.String("BeOS")))))
	if err == nil {
		t.Fatal("no error")
	}
	_, msg := FaultOf(err)
	for _, part := range []string{"not atomic", "1 item change(s) were applied", "removing item 2 failed", "1 item change(s) not attempted"} {
		if !strings.Contains(msg, part) {
			t.Errorf("fault %q lacks %q", msg, part)
		}
	}
}
