package methods

import (
	"context"
	"slices"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// customFieldInputs reads the custom_fields member of createIssue /
// updateIssue (§4.11): an array (or a single struct) of {id, values,
// other_text}; `value` is accepted for `values`. The project's definitions
// (catalog; one call when cold) give each field's type, which decides the
// wire form: text as is, numbers as decimal text, dates YYYYMMDD ->
// yyyy-MM-dd, list/checkbox/radio values as item ids (int or int[]). An
// empty values ("" or []) clears the field. An id the project does not have
// is InvalidParams.
func (s *Service) customFieldInputs(ctx context.Context, cl *v2client.Client, projectID int64, a args) ([]v2client.CustomFieldInput, error) {
	items, err := customFieldItems(a)
	if err != nil || len(items) == 0 {
		return nil, err
	}
	defs, err := s.cat.CustomFields(ctx, cl, projectID)
	if err != nil {
		return nil, s.fail(err)
	}
	out := make([]v2client.CustomFieldInput, 0, len(items))
	for _, it := range items {
		f, def, err := customFieldEntry(it, defs)
		if err != nil {
			return nil, err
		}
		other, ok, err := f.str("other_text", "otherText")
		if err != nil {
			return nil, err
		}
		var otherText *string
		if ok && other != "" {
			otherText = &other
		}
		vals, _, err := f.strs("values", "value")
		if err != nil {
			return nil, failure.Invalid("custom_fields.values", "expected a value or an array of values")
		}
		in, err := mapping.CustomFieldInput(def, vals, otherText)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, nil
}

// customFieldItems reads the custom_fields (customFields) member of an
// issue write or a search: an array of structs, or a single struct. Absent:
// nil.
func customFieldItems(a args) ([]xmlrpc.Value, error) {
	v, _, ok := a.get("custom_fields", "customFields")
	if !ok {
		return nil, nil
	}
	switch v.Kind() {
	case xmlrpc.KindArray:
		return v.Items(), nil
	case xmlrpc.KindStruct:
		return []xmlrpc.Value{v}, nil
	}
	return nil, failure.Invalid("custom_fields", "expected an array of structs")
}

// customFieldEntry checks one custom_fields entry: a struct whose id is one
// of the project's definitions defs; it returns the entry's members and
// that definition.
func customFieldEntry(it xmlrpc.Value, defs []v2client.CustomField) (args, v2client.CustomField, error) {
	if it.Kind() != xmlrpc.KindStruct {
		return args{}, v2client.CustomField{}, failure.Invalid("custom_fields", "expected an array of structs")
	}
	f := args{v: it}
	id, err := f.reqInt("id")
	if err != nil {
		return args{}, v2client.CustomField{}, failure.Invalid("custom_fields.id", "required integer")
	}
	i := slices.IndexFunc(defs, func(d v2client.CustomField) bool { return d.ID == id })
	if i < 0 {
		return args{}, v2client.CustomField{}, failure.Invalid("custom_fields.id", "no custom field %d in the project", id)
	}
	return f, defs[i], nil
}
