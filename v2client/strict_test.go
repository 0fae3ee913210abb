package v2client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// The strict check of the fixture test. Production decoding ignores
// unknown members everywhere (decode.go, README "JSON decoding"): a member
// Backlog adds must not break the gateway. The fixture test still wants to
// hear about every member our types do not know, so that a new one is
// modelled on purpose, and checkStrict gives it that without any switch in
// the production decoders: it walks the JSON next to the Go type the body
// decodes into, and goes through the hand-written decoders itself
// (custom-field values and definitions) by following their wire forms.

// checkStrict reports the first member of the JSON value b that the type t
// (what the body decodes into) does not know, with its path from "$".
// Member names match as encoding/json matches them (exactly, else
// case-insensitively, after unescaping). It only looks at member names: a
// value of the wrong kind is left to the decoder to refuse. Types with
// hand-written decoding are walked through their wire forms:
// CustomFieldValue through customFieldValueWire with value typed by
// fieldTypeId (list items are CustomFieldItem), CustomField through
// customFieldWire; Date, time.Time and json.RawMessage are leaves, and so
// is ActivityContent, which keeps the raw content for the activity types
// it does not model (an unknown member there loses nothing).
func checkStrict(b []byte, t reflect.Type) error {
	return strictWalk(b, t, "$")
}

var (
	typeCustomFieldValue = reflect.TypeFor[CustomFieldValue]()
	typeCustomField      = reflect.TypeFor[CustomField]()
	typeCustomFieldItem  = reflect.TypeFor[CustomFieldItem]()
	strictLeaves         = map[reflect.Type]bool{
		reflect.TypeFor[Date]():            true,
		reflect.TypeFor[time.Time]():       true,
		reflect.TypeFor[json.RawMessage](): true,
		reflect.TypeFor[ActivityContent](): true,
	}
)

func strictWalk(b []byte, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || strictLeaves[t] {
		return nil
	}
	switch t {
	case typeCustomFieldValue:
		return strictCustomFieldValue(b, path)
	case typeCustomField:
		return strictWalk(b, reflect.TypeFor[customFieldWire](), path)
	}
	switch t.Kind() {
	case reflect.Struct:
		if b[0] != '{' {
			return nil
		}
		var members map[string]json.RawMessage
		if err := json.Unmarshal(b, &members); err != nil {
			return nil // not an object of members: the decoder's business
		}
		for _, name := range driftKeys(members) {
			f, ok := driftField(t, name)
			if !ok {
				return fmt.Errorf("%s.%s: unknown member (%v knows no such member)", path, name, t)
			}
			if err := strictWalk(members[name], f.Type, path+"."+name); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if b[0] != '[' {
			return nil
		}
		var items []json.RawMessage
		if err := json.Unmarshal(b, &items); err != nil {
			return nil
		}
		for i, it := range items {
			if err := strictWalk(it, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		var members map[string]json.RawMessage
		if b[0] != '{' || json.Unmarshal(b, &members) != nil {
			return nil
		}
		for _, name := range driftKeys(members) {
			if err := strictWalk(members[name], t.Elem(), path+"."+name); err != nil {
				return err
			}
		}
	}
	return nil
}

// strictCustomFieldValue checks a custom-field value: its members against
// customFieldValueWire, and the items of a list value (types 5-8, one
// object or an array) against CustomFieldItem.
func strictCustomFieldValue(b []byte, path string) error {
	if err := strictWalk(b, reflect.TypeFor[customFieldValueWire](), path); err != nil {
		return err
	}
	var w customFieldValueWire
	if json.Unmarshal(b, &w) != nil || !w.FieldTypeID.IsList() {
		return nil
	}
	raw := bytes.TrimSpace(w.Value)
	if len(raw) > 0 && raw[0] == '[' {
		return strictWalk(raw, reflect.TypeFor[[]CustomFieldItem](), path+".value")
	}
	return strictWalk(raw, typeCustomFieldItem, path+".value")
}

// strictDecode is how the fixture test decodes: checkStrict (an unknown
// member anywhere is an error), then encoding/json into v.
func strictDecode(b []byte, v any) error {
	if err := checkStrict(b, reflect.TypeOf(v)); err != nil {
		return fmt.Errorf("strict: %w", err)
	}
	return json.Unmarshal(b, v)
}

// TestCheckStrict pins what the strict check refuses: an unknown member at
// any depth, including inside a custom-field value, its list items and a
// custom-field definition; names match as encoding/json matches them.
func TestCheckStrict(t *testing.T) {
	tests := []struct {
		name    string
		typ     reflect.Type
		in      string
		wantErr string // "" = accepted; else a substring of the error
	}{
		{"known issue members", reflect.TypeFor[Issue](), `{"id":1,"issueKey":"A-1","assignee":null,"status":{"id":1,"name":"x"}}`, ""},
		{"case-insensitive and escaped names", reflect.TypeFor[Issue](), `{"ISSUEKEY":"A-1","\u0069d":1}`, ""},
		{"unknown top-level member", reflect.TypeFor[Issue](), `{"id":1,"surprise":true}`, "$.surprise"},
		{"unknown nested member", reflect.TypeFor[Issue](), `{"status":{"id":1,"extra":2}}`, "$.status.extra"},
		{"unknown member in a list", reflect.TypeFor[[]Issue](), `[{"id":1},{"category":[{"id":1,"x":0}]}]`, "$[1].category[0].x"},
		{"custom-field value, known", reflect.TypeFor[Issue](),
			`{"customFields":[{"id":1,"fieldTypeId":7,"name":"c","value":[{"id":1,"name":"a","displayOrder":0}],"otherValue":null}]}`, ""},
		{"custom-field value, unknown member", reflect.TypeFor[Issue](),
			`{"customFields":[{"id":1,"fieldTypeId":1,"name":"t","value":"x"},{"id":2,"fieldTypeId":1,"name":"t","value":"x","displayValue":"x"}]}`,
			"$.customFields[1].displayValue"},
		{"custom-field value, unknown member in its item", reflect.TypeFor[Issue](),
			`{"customFields":[{"id":1,"fieldTypeId":5,"name":"l","value":{"id":2,"name":"b","color":"red"}}]}`, "$.customFields[0].value.color"},
		{"custom-field value, unknown member in its items", reflect.TypeFor[CustomFieldValue](),
			`{"id":1,"fieldTypeId":6,"name":"l","value":[{"id":2},{"id":3,"color":"red"}]}`, "$.value[1].color"},
		{"custom-field value, text that looks like an object is not walked", reflect.TypeFor[CustomFieldValue](),
			`{"id":1,"fieldTypeId":1,"name":"t","value":"{\"x\":1}"}`, ""},
		{"custom-field definition, known", reflect.TypeFor[CustomField](),
			`{"id":1,"typeId":5,"name":"l","items":[{"id":1,"name":"a","displayOrder":0}],"allowAddItem":false}`, ""},
		{"custom-field definition, unknown member", reflect.TypeFor[[]CustomField](),
			`[{"id":1,"typeId":1,"name":"t","displayValue":"x"}]`, "$[0].displayValue"},
		{"custom-field definition, unknown member in an item", reflect.TypeFor[CustomField](),
			`{"id":1,"typeId":5,"items":[{"id":1,"x":2}]}`, "$.items[0].x"},
		{"custom-field definition, unknown member in initialDate", reflect.TypeFor[CustomField](),
			`{"id":1,"typeId":4,"initialDate":{"id":1,"when":"now"}}`, "$.initialDate.when"},
		{"activity content is raw-kept, not walked", reflect.TypeFor[Activity](),
			`{"id":1,"type":12,"content":{"repository":{"id":1},"revisions":[]}}`, ""},
		{"json:\"-\" fields are not members", reflect.TypeFor[ActivityContent](), `{"Raw":1}`, ""},
		{"wrong kinds are left to the decoder", reflect.TypeFor[Issue](), `{"status":[1],"customFields":{"a":1}}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkStrict([]byte(tt.in), tt.typ)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("err = %v, want accepted", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr+":") {
				t.Fatalf("err = %v, want unknown member at %s", err, tt.wantErr)
			}
		})
	}
}

// withMember returns the JSON b with member name=value added to the
// object at the path given by keys (member names and array indexes).
func withMember(t *testing.T, b []byte, name string, value any, keys ...any) []byte {
	t.Helper()
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	at := doc
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			at = at.(map[string]any)[k]
		case int:
			at = at.([]any)[k]
		}
	}
	at.(map[string]any)[name] = value
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestUnknownCustomFieldMembers: a real fixture with a member added to a
// custom-field value (and its item) or to a custom-field definition
// decodes in production, with both decoders, to exactly what the fixture
// decodes to without it, while the fixture test's strict decode refuses it
// by path.
func TestUnknownCustomFieldMembers(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(fixtureDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	issue, field, fields := read("custom_field_issue.json"), read("custom_field.json"), read("custom_fields.json")
	tests := []struct {
		name     string
		typ      reflect.Type
		orig     []byte
		extended []byte
		strict   string // the path checkStrict must name
	}{
		{"custom-field value", reflect.TypeFor[Issue](), issue,
			withMember(t, issue, "displayValue", "x", "customFields", 0), "$.customFields[0].displayValue"},
		{"custom-field value's item", reflect.TypeFor[Issue](), issue,
			withMember(t, issue, "color", "#ff0000", "customFields", 0, "value"), "$.customFields[0].value.color"},
		{"custom-field value, object member", reflect.TypeFor[Issue](), issue,
			withMember(t, issue, "meta", map[string]any{"a": []any{1, "}"}}, "customFields", 1), "$.customFields[1].meta"},
		{"custom-field definition", reflect.TypeFor[CustomField](), field,
			withMember(t, field, "displayValue", "x"), "$.displayValue"},
		{"custom-field definition in a list", reflect.TypeFor[[]CustomField](), fields,
			withMember(t, fields, "displayValue", "x", 2), "$[2].displayValue"},
	}
	decoders := []struct {
		name string
		fn   unmarshalFunc
	}{{"encoding/json", json.Unmarshal}, {"jsonv2", jsonUnmarshal}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, d := range decoders {
				want, got := reflect.New(tt.typ), reflect.New(tt.typ)
				if err := d.fn(tt.orig, want.Interface()); err != nil {
					t.Fatalf("%s: fixture: %v", d.name, err)
				}
				if err := d.fn(tt.extended, got.Interface()); err != nil {
					t.Fatalf("%s: with an unknown member: %v", d.name, err)
				}
				if !reflect.DeepEqual(got.Interface(), want.Interface()) {
					t.Errorf("%s: decoded %+v, want %+v", d.name, got.Elem(), want.Elem())
				}
			}
			if err := strictDecode(tt.orig, reflect.New(tt.typ).Interface()); err != nil {
				t.Fatalf("strict decode of the fixture itself: %v", err)
			}
			err := strictDecode(tt.extended, reflect.New(tt.typ).Interface())
			if err == nil || !strings.Contains(err.Error(), tt.strict+":") {
				t.Errorf("strict decode: err = %v, want unknown member at %s", err, tt.strict)
			}
		})
	}
}

// TestCustomFieldExtraMemberValues decodes a custom-field value and a
// definition that carry an extra member, with both decoders, and checks
// the values read: the extra member is ignored and nothing else changes.
func TestCustomFieldExtraMemberValues(t *testing.T) {
	decoders := []struct {
		name string
		fn   unmarshalFunc
	}{{"encoding/json", json.Unmarshal}, {"jsonv2", jsonUnmarshal}}
	for _, d := range decoders {
		t.Run(d.name, func(t *testing.T) {
			var is Issue
			in := `{"id":9,"customFields":[` +
				`{"id":1,"fieldTypeId":1,"name":"t","displayValue":"x","value":"text"},` +
				`{"id":2,"fieldTypeId":3,"name":"n","value":12.5,"displayValue":{"a":[1,"]"]}},` +
				`{"id":3,"fieldTypeId":7,"displayValue":null,"name":"c","value":[{"id":4,"name":"a","displayOrder":1,"color":"red"}],"otherValue":"o"}]}`
			if err := d.fn([]byte(in), &is); err != nil {
				t.Fatalf("issue: %v", err)
			}
			text, num := "text", 12.5
			other := "o"
			want := []CustomFieldValue{
				{ID: 1, FieldTypeID: CustomFieldText, Name: "t", Text: &text},
				{ID: 2, FieldTypeID: CustomFieldNumeric, Name: "n", Number: &num},
				{ID: 3, FieldTypeID: CustomFieldCheckbox, Name: "c", Items: []CustomFieldItem{{ID: 4, Name: "a", DisplayOrder: 1}},
					OtherValue: &other, hasOther: true},
			}
			if is.ID != 9 || !reflect.DeepEqual(is.CustomFields, want) {
				t.Errorf("custom fields = %+v, want %+v", is.CustomFields, want)
			}

			var cf CustomField
			in = `{"id":5,"typeId":3,"displayValue":"x","name":"n","min":1.5,"max":null,"unit":"pt","required":true,` +
				`"applicableIssueTypes":[7],"future":{"x":[1]}}`
			if err := d.fn([]byte(in), &cf); err != nil {
				t.Fatalf("definition: %v", err)
			}
			lo, unit := 1.5, "pt"
			wantCF := CustomField{ID: 5, TypeID: CustomFieldNumeric, Name: "n", Min: &lo, Unit: &unit, Required: true,
				ApplicableIssueTypes: []int64{7}}
			if !reflect.DeepEqual(cf, wantCF) {
				t.Errorf("definition = %+v, want %+v", cf, wantCF)
			}
		})
	}
}

// TestReadBody checks the pre-sized body read against io.ReadAll: same
// bytes whatever the announced length says, the limit still seen, read
// errors passed on.
func TestReadBody(t *testing.T) {
	body := strings.Repeat("0123456789", 100) // 1000 bytes
	tests := []struct {
		name      string
		announced int64
		limit     int64
		want      int
	}{
		{"announced exactly", 1000, 4096, 1000},
		{"unknown length", -1, 4096, 1000},
		{"announced short", 10, 4096, 1000},
		{"announced long", 5000, 8192, 1000},
		{"announced over the limit", 1000, 100, 101},
		{"unknown length over the limit", -1, 100, 101},
		{"announced short, over the limit", 10, 100, 101},
		{"empty", 0, 4096, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := body
			if tt.name == "empty" {
				src = ""
			}
			// OneByteReader: many small reads, as a network body gives.
			got, err := readBody(iotest.OneByteReader(strings.NewReader(src)), tt.announced, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want || string(got) != src[:tt.want] {
				t.Errorf("read %d bytes, want the first %d", len(got), tt.want)
			}
		})
	}
	boom := errors.New("boom")
	if _, err := readBody(io.MultiReader(strings.NewReader("abc"), iotest.ErrReader(boom)), 10, 100); !errors.Is(err, boom) {
		t.Errorf("err = %v, want boom", err)
	}
}
