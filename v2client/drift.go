package v2client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"
)

// Drift compares the JSON answer body with the Go type it decodes into
// (t, e.g. reflect.TypeFor[[]Issue]()) and lists every difference, one line
// each, with its path from "$":
//
//	$[0].customFields[0].value: string, type says number
//	$.projectKey2: unknown member (v2client.Project has no such member)
//
// The client decodes leniently (an unknown member is ignored, so a member
// Backlog adds cannot break the gateway); Drift is the strict reading that
// tells an operator Backlog changed. Member names match as encoding/json
// matches them (exactly, else case-insensitively). JSON null matches every
// type. Types with hand-written decoding are compared through their wire
// forms: a custom-field value's `value` by its fieldTypeId (text: string,
// numeric: number, date: string, lists: an item or an array of items), a
// custom-field definition through its wire members. Date and time.Time are
// strings; json.RawMessage and ActivityContent (which keeps content it
// does not model) take any value. An empty result means no drift.
func Drift(body []byte, t reflect.Type) []string {
	var out []string
	driftWalk(body, t, "$", &out)
	return out
}

var (
	driftCustomFieldValue = reflect.TypeFor[CustomFieldValue]()
	driftCustomField      = reflect.TypeFor[CustomField]()
	driftStrings          = map[reflect.Type]bool{
		reflect.TypeFor[Date]():      true,
		reflect.TypeFor[time.Time](): true,
	}
	driftAny = map[reflect.Type]bool{
		reflect.TypeFor[json.RawMessage](): true,
		reflect.TypeFor[ActivityContent](): true,
	}
)

// jsonKind names the JSON type of the value b starts with.
func jsonKind(b []byte) string {
	switch b[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// goKind names the JSON type the Go type t decodes from ("" for any).
func goKind(t reflect.Type) string {
	if driftAny[t] || t.Kind() == reflect.Interface {
		return ""
	}
	if driftStrings[t] {
		return "string"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "number"
	}
	return ""
}

func driftWalk(b []byte, t reflect.Type, path string, out *[]string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return
	}
	got := jsonKind(b)
	if got == "null" {
		return
	}
	switch t {
	case driftCustomFieldValue:
		driftCustomFieldValueWalk(b, path, out)
		return
	case driftCustomField:
		t = reflect.TypeFor[customFieldWire]()
	}
	want := goKind(t)
	if want == "" {
		return
	}
	if got != want {
		*out = append(*out, fmt.Sprintf("%s: %s, type says %s", path, got, want))
		return
	}
	if driftStrings[t] {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		var members map[string]json.RawMessage
		if json.Unmarshal(b, &members) != nil {
			*out = append(*out, path+": not a valid JSON object")
			return
		}
		for _, name := range driftKeys(members) {
			f, ok := driftField(t, name)
			if !ok {
				*out = append(*out, fmt.Sprintf("%s.%s: unknown member (%v has no such member)", path, name, t))
				continue
			}
			driftWalk(members[name], f.Type, path+"."+name, out)
		}
	case reflect.Map:
		var members map[string]json.RawMessage
		if json.Unmarshal(b, &members) != nil {
			*out = append(*out, path+": not a valid JSON object")
			return
		}
		for _, name := range driftKeys(members) {
			driftWalk(members[name], t.Elem(), path+"."+name, out)
		}
	case reflect.Slice, reflect.Array:
		var items []json.RawMessage
		if json.Unmarshal(b, &items) != nil {
			*out = append(*out, path+": not a valid JSON array")
			return
		}
		for i, it := range items {
			driftWalk(it, t.Elem(), fmt.Sprintf("%s[%d]", path, i), out)
		}
	}
}

// driftCustomFieldValueWalk compares a custom-field value: its members with
// customFieldValueWire, and value with what its fieldTypeId calls for.
func driftCustomFieldValueWalk(b []byte, path string, out *[]string) {
	wire := reflect.TypeFor[customFieldValueWire]()
	driftWalk(b, wire, path, out)
	var w customFieldValueWire
	if json.Unmarshal(b, &w) != nil {
		return
	}
	raw := bytes.TrimSpace(w.Value)
	if len(raw) == 0 {
		return
	}
	p := path + ".value"
	switch {
	case w.FieldTypeID == CustomFieldNumeric:
		driftWalk(raw, reflect.TypeFor[float64](), p, out)
	case w.FieldTypeID == CustomFieldDate:
		driftWalk(raw, reflect.TypeFor[Date](), p, out)
	case w.FieldTypeID.IsList():
		if raw[0] == '[' {
			driftWalk(raw, reflect.TypeFor[[]CustomFieldItem](), p, out)
		} else {
			driftWalk(raw, reflect.TypeFor[CustomFieldItem](), p, out)
		}
	default:
		driftWalk(raw, reflect.TypeFor[string](), p, out)
	}
	if len(w.OtherValue) > 0 {
		driftWalk(w.OtherValue, reflect.TypeFor[string](), path+".otherValue", out)
	}
}

// driftField finds the field of struct t that encoding/json decodes member
// name into: its JSON name equal, else equal under case folding.
func driftField(t reflect.Type, name string) (reflect.StructField, bool) {
	var folded reflect.StructField
	found := false
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch tag {
		case "-":
			continue
		case "":
			tag = f.Name
		}
		if tag == name {
			return f, true
		}
		if !found && strings.EqualFold(tag, name) {
			folded, found = f, true
		}
	}
	return folded, found
}

func driftKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
