package methods

import (
	"errors"
	"net/rpc"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	kolo "github.com/kolo/xmlrpc"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
)

// TestFaultsThroughHTTP drives real failures of the fake Backlog through
// the handlers and the xmlrpc fault funnel, read by kolo/xmlrpc: the
// faultCode of every v2 failure class, and no secret in any faultString.
func TestFaultsThroughHTTP(t *testing.T) {
	createArgs := map[string]any{"projectId": 1, "summary": "x"}
	tests := []struct {
		name   string
		user   string
		faults *fake.Faults
		method string
		arg    any
		code   int
		text   string
	}{
		{"rate limited says when to retry", "demo", &fake.Faults{RateLimited: true, RateLimitReset: 30 * time.Second, Endpoints: []string{rIssue}},
			"backlog.getIssue", "DEMO-1", 429, "retry after"},
		{"upstream 503", "demo", &fake.Faults{Status: 503, Endpoints: []string{rIssue}}, "backlog.getIssue", "DEMO-1", 503, ""},
		{"HTML error page", "demo", &fake.Faults{HTMLErrorPage: true, Status: 502, Endpoints: []string{rProjects}}, "backlog.getProjects", nil, 503, ""},
		{"truncated answer to a read", "demo", &fake.Faults{TruncateBody: true, Endpoints: []string{rProjects}}, "backlog.getProjects", nil, 503, ""},
		{"write answered 500 after applying: outcome unknown", "demo", &fake.Faults{Status: 500, AfterWrite: true, Endpoints: []string{rCreate}},
			"backlog.createIssue", createArgs, 520, "outcome"},
		{"revoked key", "revoked", nil, "backlog.getProjects", nil, 401, ""},
		{"not a member: not found elsewhere than getProject/getIssue", "demo", nil, "backlog.getComponents", 4, 404, ""},
		{"viewer may not add issues", "viewer", nil, "backlog.createIssue", createArgs, 403, ""},
		{"invalid params from Backlog", "demo", nil, "backlog.createIssue", map[string]any{"projectId": 2, "summary": "required custom field missing"}, -32602, "customField_231"},
		{"unknown method", "demo", nil, "backlog.getHoge", nil, -32601, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tc.user)
			if tc.faults != nil {
				r.fake.SetFaults(*tc.faults)
			}
			var out any
			var err error
			if tc.arg == nil {
				err = r.kolo().Call(tc.method, nil, &out)
			} else {
				err = r.kolo().Call(tc.method, tc.arg, &out)
			}
			fe, ok := koloFault(err)
			if !ok {
				t.Fatalf("want a fault, got %v (%v)", err, out)
			}
			if fe.Code != tc.code {
				t.Errorf("faultCode %d (%s), want %d", fe.Code, fe.String, tc.code)
			}
			if !strings.Contains(fe.String, tc.text) {
				t.Errorf("faultString %q lacks %q", fe.String, tc.text)
			}
			for _, secret := range apiKeys {
				if strings.Contains(fe.String, secret) || strings.Contains(fe.String, "apiKey") {
					t.Errorf("faultString leaks a key: %q", fe.String)
				}
			}
		})
	}
}

// koloFault reads the fault of a kolo Call: net/rpc turns the
// kolo.FaultError into an rpc.ServerError "Fault(code): string".
func koloFault(err error) (kolo.FaultError, bool) {
	var se rpc.ServerError
	if !errors.As(err, &se) {
		return kolo.FaultError{}, false
	}
	m := faultRx.FindStringSubmatch(string(se))
	if m == nil {
		return kolo.FaultError{}, false
	}
	code, _ := strconv.Atoi(m[1])
	return kolo.FaultError{Code: code, String: m[2]}, true
}

var faultRx = regexp.MustCompile(`(?s)^Fault\((-?\d+)\): (.*)$`)

// TestKoloClientWorkflow: a real XML-RPC client (kolo/xmlrpc) walks the
// issue workflow: create by names, read back, switch status, comment, find.
func TestKoloClientWorkflow(t *testing.T) {
	r := newRig(t, "demo")
	c := r.kolo()
	var created map[string]any
	if err := c.Call("backlog.createIssue", map[string]any{
		"projectId": 1, "summary": "kolo から", "issueType": "タスク", "priority": "低",
		"milestone": []string{"お披露目パーティ"}, "due_date": "20261231", "estimated_hours": 1.5,
	}, &created); err != nil {
		t.Fatal(err)
	}
	key, _ := created["key"].(string)
	if key == "" || created["due_date"] != "20261231" || created["estimated_hours"] != 1.5 {
		t.Fatalf("created %v", created)
	}
	var got map[string]any
	if err := c.Call("backlog.getIssue", key, &got); err != nil {
		t.Fatal(err)
	}
	if got["id"] != created["id"] || got["summary"] != "kolo から" {
		t.Errorf("getIssue %v", got)
	}
	if ms, _ := got["milestones"].([]any); len(ms) != 1 {
		t.Errorf("milestones %v", got["milestones"])
	}
	var switched map[string]any
	if err := c.Call("backlog.switchStatus", map[string]any{"key": key, "statusId": 2, "comment": "着手"}, &switched); err != nil {
		t.Fatal(err)
	}
	if st, _ := switched["status"].(map[string]any); st["id"] != int64(2) && st["id"] != 2 {
		t.Errorf("status %v", switched["status"])
	}
	var comment map[string]any
	if err := c.Call("backlog.addComment", map[string]any{"key": key, "content": "コメント"}, &comment); err != nil {
		t.Fatal(err)
	}
	var comments []any
	if err := c.Call("backlog.getComments", created["id"], &comments); err != nil {
		t.Fatal(err)
	}
	if len(comments) != 2 { // the switchStatus comment and the added one
		t.Errorf("%d comments: %v", len(comments), comments)
	}
	var count int
	if err := c.Call("backlog.countIssue", map[string]any{"projectId": "DEMO", "statusId": []int{2}}, &count); err != nil {
		t.Fatal(err)
	}
	var found []any
	if err := c.Call("backlog.findIssue", map[string]any{"projectId": 1, "statusId": 2, "limit": 100}, &found); err != nil {
		t.Fatal(err)
	}
	if count != len(found) || count < 1 {
		t.Errorf("count %d, found %d", count, len(found))
	}
	var empty map[string]any
	if err := c.Call("backlog.getIssue", "DEMO-9999", &empty); err != nil || len(empty) != 0 {
		t.Errorf("unknown issue: %v %v", empty, err)
	}
}
