package mapping

import (
	"testing"
	"testing/quick"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// TestItemDiffProperty: for any current items and wanted names (drawn from
// a small alphabet so that overlaps happen), applying the diff leaves
// exactly the wanted set of names, each once, and every item whose name is
// wanted keeps its id (the first item of that name).
func TestItemDiffProperty(t *testing.T) {
	names := []string{"a", "b", "c", "d", "e"}
	prop := func(cur []uint8, want []uint8) bool {
		items := make([]v2client.CustomFieldItem, len(cur))
		for i, c := range cur {
			items[i] = v2client.CustomFieldItem{ID: int64(i + 1), Name: names[int(c)%len(names)]}
		}
		wanted := make([]string, len(want))
		wantSet := map[string]bool{}
		for i, w := range want {
			wanted[i] = names[int(w)%len(names)]
			wantSet[wanted[i]] = true
		}
		remove, add := ItemDiff(items, wanted)
		removed := map[int64]bool{}
		for _, id := range remove {
			removed[id] = true
		}
		result := map[string]int{}
		firstID := map[string]int64{}
		for _, it := range items {
			if firstID[it.Name] == 0 {
				firstID[it.Name] = it.ID
			}
			if !removed[it.ID] {
				result[it.Name]++
				if it.ID != firstID[it.Name] {
					return false // a duplicate survived instead of the first
				}
			}
		}
		for _, n := range add {
			result[n]++
		}
		if len(result) != len(wantSet) {
			return false
		}
		for n, c := range result {
			if c != 1 || !wantSet[n] {
				return false
			}
		}
		return true
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 2000}); err != nil {
		t.Fatal(err)
	}
}

// FuzzCustomFieldParamsFrom: whatever a client sends, the translation
// either succeeds or answers an InvalidParams error naming a member; it
// never panics.
func FuzzCustomFieldParamsFrom(f *testing.F) {
	f.Add(int64(3), "min", "1.5", true)
	f.Add(int64(4), "initial_date", "20261301", false)
	f.Add(int64(7), "items", "", true)
	f.Add(int64(9), "name", "x", true)
	f.Fuzz(func(t *testing.T, typeID int64, member, text string, create bool) {
		v := xmlrpc.Struct(
			xmlrpc.Field("name", xmlrpc.String("n")),
			xmlrpc.Field(member, xmlrpc.String(text)),
			xmlrpc.Field("items", xmlrpc.Array(xmlrpc.String(text))),
		)
		p, err := CustomFieldParamsFrom(v, v2client.CustomFieldType(typeID), create)
		if err == nil && p == nil {
			t.Fatal("nil params without error")
		}
		if err != nil && failure.CodeOf(err) != failure.InvalidParams {
			t.Fatalf("error %v is not InvalidParams", err)
		}
	})
}
