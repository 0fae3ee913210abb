package methods

import (
	"strings"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// idArray is an array of n ints (1..n).
func idArray(n int) xmlrpc.Value {
	items := make([]xmlrpc.Value, n)
	for i := range items {
		items[i] = xmlrpc.Int(int64(i + 1))
	}
	return xmlrpc.Array(items...)
}

// TestSearchListCaps: a list search condition holds at most
// mapping.MaxConditionValues values and one search at most
// mapping.MaxSearchValues in all; beyond, findIssue and countIssue answer
// InvalidParams naming the condition and the cap, before any v2 issue call
// (one GET with 50,000 query parameters would be ~900 KB of URL, which
// front-end proxies refuse with an error that says nothing of the cause).
func TestSearchListCaps(t *testing.T) {
	tests := []struct {
		name    string
		members []xmlrpc.Member
		want    string // "" = accepted; else the fault message must contain it
	}{
		{"50,000 statusId", []xmlrpc.Member{xmlrpc.Field("statusId", idArray(50000))}, "statusId: at most 100 values"},
		{"101 createdUserId", []xmlrpc.Member{xmlrpc.Field("created_user_id", idArray(101))}, "created_user_id: at most 100 values"},
		{"100 statusId", []xmlrpc.Member{xmlrpc.Field("statusId", idArray(100))}, ""},
		{"custom field values", []xmlrpc.Member{xmlrpc.Field("custom_fields", xmlrpc.Array(xmlrpc.Struct(
			xmlrpc.Field("id", xmlrpc.Int(231)), xmlrpc.Field("values", idArray(101)))))}, "custom_fields: at most 100 values"},
		{"301 in all", []xmlrpc.Member{
			xmlrpc.Field("statusId", idArray(100)), xmlrpc.Field("createdUserId", idArray(100)),
			xmlrpc.Field("assignerId", idArray(100)), xmlrpc.Field("resolutionId", idArray(1)),
		}, "at most 300 values in all"},
	}
	for _, method := range []string{"backlog.findIssue", "backlog.countIssue"} {
		for _, tt := range tests {
			t.Run(method+"/"+tt.name, func(t *testing.T) {
				r := newRig(t, "demo")
				r.calls()
				cond := xmlrpc.Struct(append([]xmlrpc.Member{xmlrpc.Field("projectId", xmlrpc.Int(1))}, tt.members...)...)
				_, err := r.call("demo", method, cond)
				calls := renderCalls(r.calls())
				if tt.want == "" {
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					return
				}
				if failure.CodeOf(err) != failure.InvalidParams || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("err %v, want InvalidParams containing %q", err, tt.want)
				}
				if strings.Contains(calls, "/issues") {
					t.Fatalf("refused search still called v2: %s", calls)
				}
			})
		}
	}
	if mapping.MaxConditionValues != 100 || mapping.MaxSearchValues != 300 {
		t.Fatalf("caps %d/%d: the messages above and methods/README.md name 100 and 300", mapping.MaxConditionValues, mapping.MaxSearchValues)
	}
}
