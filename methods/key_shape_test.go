package methods

import (
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// TestKeysThatCouldReachAnotherEndpoint: issue and project keys with
// path, query or fragment characters are refused as invalid parameters;
// real keys and ids pass unchanged.
func TestKeysThatCouldReachAnotherEndpoint(t *testing.T) {
	for _, tc := range []struct {
		in   xmlrpc.Value
		want string // "" = refused
	}{
		{xmlrpc.String("DEMO-12"), "DEMO-12"},
		{xmlrpc.String(" BLG-1 "), "BLG-1"},
		{xmlrpc.String("MY_PROJ2-3"), "MY_PROJ2-3"},
		{xmlrpc.String("42"), "42"},
		{xmlrpc.Int(7), "7"},
		{xmlrpc.String("DEMO-1/comments"), ""},
		{xmlrpc.String("../../users/myself"), ""},
		{xmlrpc.String("DEMO-1?apiKey=x"), ""},
		{xmlrpc.String("DEMO-1#x"), ""},
		{xmlrpc.String("DEMO-1%2Fcomments"), ""},
		{xmlrpc.String("DEMO 1"), ""},
		{xmlrpc.String(""), ""},
	} {
		got, err := issueIDOrKey("key", tc.in)
		if tc.want == "" {
			if failure.CodeOf(err) != failure.InvalidParams {
				t.Errorf("issueIDOrKey(%q) = %q, %v; want InvalidParams", tc.in.Text(), got, err)
			}
		} else if err != nil || got != tc.want {
			t.Errorf("issueIDOrKey(%q) = %q, %v; want %q", tc.in.Text(), got, err, tc.want)
		}
		pgot, perr := projectIDOrKey("projectId", tc.in)
		if tc.want == "" {
			if failure.CodeOf(perr) != failure.InvalidParams {
				t.Errorf("projectIDOrKey(%q) = %q, %v; want InvalidParams", tc.in.Text(), pgot, perr)
			}
		} else if perr != nil || pgot != tc.want {
			t.Errorf("projectIDOrKey(%q) = %q, %v; want %q", tc.in.Text(), pgot, perr, tc.want)
		}
	}
}
