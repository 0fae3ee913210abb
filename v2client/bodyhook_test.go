package v2client

import (
	"context"
	"net/http"
	"reflect"
	"testing"
)

func TestCustomFieldBracketForm(t *testing.T) {
	ts := setup(t, WithCustomFieldMultiForm(CustomFieldBracket))
	ts.mux.HandleFunc("/", jsonHandler(http.StatusOK, `{"id":1}`))
	_, _, err := ts.client.Issues.Update(context.Background(), "BLG-1", &IssueUpdateOptions{
		CustomFields: []CustomFieldInput{{ID: 12, Values: []string{"1", "3"}}, {ID: 13, Values: []string{"x"}}}})
	if err != nil {
		t.Fatal(err)
	}
	want := vals("customField_12[]", "1", "customField_12[]", "3", "customField_13", "x")
	if got := ts.requests()[0].Form; !reflect.DeepEqual(got, want) {
		t.Errorf("form = %v, want %v", got, want)
	}
}

// TestBodyHook: the hook sees the raw body of a 2xx answer with the
// request's context, method and route, and nothing of an error answer.
func TestBodyHook(t *testing.T) {
	type key struct{}
	var got []string
	ts := setup(t, WithBodyHook(func(ctx context.Context, method, route string, body []byte) {
		got = append(got, ctx.Value(key{}).(string)+" "+method+" "+route+" "+string(body))
	}))
	ts.mux.HandleFunc("/api/v2/space", jsonHandler(http.StatusOK, `{"spaceKey":"X","extra":1}`))
	ts.mux.HandleFunc("/api/v2/priorities", jsonHandler(http.StatusBadRequest, `{"errors":[{"message":"no","code":7}]}`))
	ctx := context.WithValue(context.Background(), key{}, "ctx")
	if _, _, err := ts.client.Space.Get(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ts.client.Priorities.List(ctx); err == nil {
		t.Fatal("400 answered without error")
	}
	want := []string{`ctx GET /api/v2/space {"spaceKey":"X","extra":1}`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("hook saw %q, want %q", got, want)
	}
}
