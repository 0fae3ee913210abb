package methods

import (
	"encoding/base64"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// TestGetUserForms: a numeric id, digits in a string, a login ID (for an
// administrator, for a member, for oneself) and a struct all find the user;
// an unknown one is a NotFound fault.
func TestGetUserForms(t *testing.T) {
	tests := []struct {
		caller string
		param  xmlrpc.Value
		wantID int64
		code   failure.Code
	}{
		{"demo", xmlrpc.Int(4), 4, 0},
		{"demo", xmlrpc.String(" 4 "), 4, 0},
		{"demo", xmlrpc.String("reporter"), 4, 0},
		{"demo", xmlrpc.String("demo"), 2, 0},
		{"admin", xmlrpc.String("guestviewer"), 7, 0},
		{"demo", xmlrpc.Struct(xmlrpc.Field("user_id", xmlrpc.String("yamada"))), 3, 0},
		{"demo", xmlrpc.Int(999), 0, failure.NotFound},
		{"admin", xmlrpc.String("nobody"), 0, failure.NotFound},
		{"demo", xmlrpc.Array(), 0, failure.InvalidParams},
	}
	for _, tt := range tests {
		r := newRig(t, tt.caller)
		v, err := r.call(tt.caller, "backlog.getUser", tt.param)
		if tt.code != 0 {
			if failure.CodeOf(err) != tt.code {
				t.Errorf("%s %v: err %v, want %v", tt.caller, tt.param.Text(), err, tt.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %q: %v", tt.caller, tt.param.Text(), err)
			continue
		}
		id, _ := v.Get("id")
		if n, _ := id.AsInt(); n != tt.wantID {
			t.Errorf("%s %q: id %d, want %d", tt.caller, tt.param.Text(), n, tt.wantID)
		}
	}
	// a user following the space language gets the space's (guest has lang null)
	r := newRig(t, "admin")
	v, err := r.call("admin", "backlog.getUser", xmlrpc.Int(6))
	if err != nil {
		t.Fatal(err)
	}
	if lang, _ := v.Get("lang"); lang.Text() != "ja" {
		t.Errorf("lang of a null-language user = %q, want the space's ja", lang.Text())
	}
}

// TestGetUserIconThroughKolo: a real client (kolo/xmlrpc) receives the icon
// bytes as base64 and the real image type.
func TestGetUserIconThroughKolo(t *testing.T) {
	r := newRig(t, "demo")
	var icon struct {
		ID          int    `xmlrpc:"id"`
		ContentType string `xmlrpc:"content_type"`
		Data        string `xmlrpc:"data"` // kolo hands base64 over still encoded
	}
	if err := r.kolo().Call("backlog.getUserIcon", "viewer", &icon); err != nil {
		t.Fatal(err)
	}
	png, err := base64.StdEncoding.DecodeString(icon.Data)
	if err != nil || icon.ID != 5 || icon.ContentType != "image/png" || len(png) < 8 || string(png[1:4]) != "PNG" {
		t.Errorf("icon = id %d, %s, %d bytes, %v", icon.ID, icon.ContentType, len(png), err)
	}
	var gif struct {
		ContentType string `xmlrpc:"content_type"`
		Data        string `xmlrpc:"data"`
	}
	if err := r.kolo().Call("backlog.getUserIcon", 2, &gif); err != nil {
		t.Fatal(err)
	}
	if b, err := base64.StdEncoding.DecodeString(gif.Data); err != nil || gif.ContentType != "image/gif" || len(b) < 6 || string(b[:3]) != "GIF" {
		t.Errorf("icon of user 2: %s, %d bytes, %v", gif.ContentType, len(b), err)
	}
}

// TestChildIssuesThroughKolo: the keyed struct decodes in a real client as
// a map from parent id to children, with an empty list for a parent
// without children.
func TestChildIssuesThroughKolo(t *testing.T) {
	r := newRig(t, "demo")
	var got map[string][]struct {
		Key           string `xmlrpc:"key"`
		ParentIssueID int    `xmlrpc:"parent_issue_id"`
	}
	if err := r.kolo().Call("backlog.getChildIssues", []int{1002, 1001}, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(got["1001"]) != 0 {
		t.Fatalf("got %v", got)
	}
	keys := map[string]bool{}
	for _, c := range got["1002"] {
		keys[c.Key] = true
		if c.ParentIssueID != 1002 {
			t.Errorf("%s has parent %d", c.Key, c.ParentIssueID)
		}
	}
	if !keys["DEMO-3"] || !keys["DEMO-4"] || !keys["DEMO-11"] {
		t.Errorf("children of 1002: %v", keys)
	}
}
