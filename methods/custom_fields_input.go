package methods

import (
	"context"
	"strconv"
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/failure"
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
	v, _, ok := a.get("custom_fields", "customFields")
	if !ok {
		return nil, nil
	}
	var items []xmlrpc.Value
	switch v.Kind() {
	case xmlrpc.KindArray:
		items = v.Items()
	case xmlrpc.KindStruct:
		items = []xmlrpc.Value{v}
	default:
		return nil, failure.Invalid("custom_fields", "expected an array of structs")
	}
	if len(items) == 0 {
		return nil, nil
	}
	defs, err := s.cat.CustomFields(ctx, cl, projectID)
	if err != nil {
		return nil, s.fail(err)
	}
	out := make([]v2client.CustomFieldInput, 0, len(items))
	for _, it := range items {
		if it.Kind() != xmlrpc.KindStruct {
			return nil, failure.Invalid("custom_fields", "expected an array of structs")
		}
		f := args{v: it}
		id, err := f.reqInt("id")
		if err != nil {
			return nil, failure.Invalid("custom_fields.id", "required integer")
		}
		var def *v2client.CustomField
		for k := range defs {
			if defs[k].ID == id {
				def = &defs[k]
			}
		}
		if def == nil {
			return nil, failure.Invalid("custom_fields.id", "no custom field %d in the project", id)
		}
		in := v2client.CustomFieldInput{ID: id}
		if other, ok, err := f.str("other_text", "otherText"); err != nil {
			return nil, err
		} else if ok && other != "" {
			in.OtherValue = &other
		}
		vals, _, err := f.strs("values", "value")
		if err != nil {
			return nil, failure.Invalid("custom_fields.values", "expected a value or an array of values")
		}
		for _, raw := range vals {
			t := strings.TrimSpace(raw)
			if t == "" {
				continue
			}
			switch {
			case def.TypeID == v2client.CustomFieldNumeric:
				if _, err := strconv.ParseFloat(t, 64); err != nil {
					return nil, failure.Invalid("custom_fields.values", "field %d takes a number, got %q", id, clip(raw))
				}
				in.Values = append(in.Values, t)
			case def.TypeID == v2client.CustomFieldDate:
				d, err := toDate("custom_fields.values", xmlrpc.String(t))
				if err != nil {
					return nil, err
				}
				in.Values = append(in.Values, d.Format(nil))
			case def.TypeID.IsList():
				if _, err := strconv.ParseInt(t, 10, 64); err != nil {
					return nil, failure.Invalid("custom_fields.values", "field %d takes item ids, got %q", id, clip(raw))
				}
				in.Values = append(in.Values, t)
			default:
				in.Values = append(in.Values, raw)
			}
		}
		if !def.TypeID.IsMulti() && len(in.Values) > 1 {
			return nil, failure.Invalid("custom_fields.values", "field %d takes one value", id)
		}
		out = append(out, in)
	}
	return out, nil
}
