package v2client

import (
	"reflect"
	"slices"
	"testing"
)

// TestDrift pins what Drift reports: every unknown member and every value of
// another JSON type, at any depth, custom-field values typed by their
// fieldTypeId; null and known members of the right type are no drift.
func TestDrift(t *testing.T) {
	issues := reflect.TypeFor[[]Issue]()
	for _, tc := range []struct {
		name string
		body string
		typ  reflect.Type
		want []string
	}{
		{"clean", `[{"id":1,"issueKey":"A-1","summary":"s","description":null,"customFields":[{"id":12,"fieldTypeId":3,"name":"n","value":1.5},{"id":13,"fieldTypeId":6,"name":"m","value":[{"id":1,"name":"x"}]}]}]`, issues, nil},
		{"unknown members", `[{"id":1,"newThing":true,"assignee":{"id":2,"colour":"red"}}]`, issues,
			[]string{"$[0].assignee.colour: unknown member (v2client.User has no such member)", "$[0].newThing: unknown member (v2client.Issue has no such member)"}},
		{"changed types", `[{"id":"1","summary":7,"customFields":[{"id":12,"fieldTypeId":3,"name":"n","value":"1.5"}]}]`, issues,
			[]string{"$[0].customFields[0].value: string, type says number", "$[0].id: string, type says number", "$[0].summary: number, type says string"}},
		{"list item member", `[{"id":1,"customFields":[{"id":13,"fieldTypeId":5,"name":"m","value":{"id":1,"name":"x","color":"red"}}]}]`, issues,
			[]string{"$[0].customFields[0].value.color: unknown member (v2client.CustomFieldItem has no such member)"}},
		{"custom field definition", `[{"id":1,"typeId":3,"name":"n","min":1,"max":null,"fresh":1}]`, reflect.TypeFor[[]CustomField](),
			[]string{"$[0].fresh: unknown member (v2client.customFieldWire has no such member)"}},
		{"object for list", `{"id":1}`, issues, []string{"$: object, type says array"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Drift([]byte(tc.body), tc.typ)
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Drift:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
