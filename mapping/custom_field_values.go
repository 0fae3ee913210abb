package mapping

import (
	"strconv"
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// Legacy custom-field values in requests (createIssue/updateIssue
// custom_fields, findIssue/countIssue custom_fields conditions) translated
// to v2's wire forms. The field's definition decides the form; methods
// reads the members and looks the definition up in the catalog, these
// functions do the pure part.

// CustomFieldInput translates the legacy values of one custom_fields entry
// of createIssue/updateIssue (legacy-api.md §4.11) for def: text as is,
// numbers as decimal text, dates YYYYMMDD -> yyyy-MM-dd, list, checkbox and
// radio values as item ids. Blank values are dropped, so an empty values
// list clears the field; a single-value field given several values is
// InvalidParams. other is the "other" text of a checkbox/radio field (nil:
// not sent).
func CustomFieldInput(def v2client.CustomField, values []string, other *string) (v2client.CustomFieldInput, error) {
	in := v2client.CustomFieldInput{ID: def.ID, OtherValue: other}
	for _, raw := range values {
		t := strings.TrimSpace(raw)
		if t == "" {
			continue
		}
		switch {
		case def.TypeID == v2client.CustomFieldNumeric:
			if _, err := strconv.ParseFloat(t, 64); err != nil {
				return in, failure.Invalid("custom_fields.values", "field %d takes a number, got %q", def.ID, clipText(raw))
			}
			in.Values = append(in.Values, t)
		case def.TypeID == v2client.CustomFieldDate:
			d, err := ParseDate(t)
			if err != nil {
				return in, failure.Invalid("custom_fields.values", "%v", err)
			}
			in.Values = append(in.Values, d.Format(nil))
		case def.TypeID.IsList():
			if _, err := strconv.ParseInt(t, 10, 64); err != nil {
				return in, failure.Invalid("custom_fields.values", "field %d takes item ids, got %q", def.ID, clipText(raw))
			}
			in.Values = append(in.Values, t)
		default:
			in.Values = append(in.Values, raw)
		}
	}
	if !def.TypeID.IsMulti() && len(in.Values) > 1 {
		return in, failure.Invalid("custom_fields.values", "field %d takes one value", def.ID)
	}
	return in, nil
}

// IsRangeField reports whether def is searched by range (min/max): number
// and date fields.
func IsRangeField(def v2client.CustomField) bool {
	return def.TypeID == v2client.CustomFieldNumeric || def.TypeID == v2client.CustomFieldDate
}

// CustomFieldCondition translates one custom_fields search condition of
// findIssue/countIssue (legacy-api.md §4.10) for def: list, checkbox and
// radio fields by item ids (values); number and date fields by range,
// min/max (read only for those, see IsRangeField), where a single value
// means min = max and dates YYYYMMDD become yyyy-MM-dd; any other field by
// keyword (the values joined by spaces).
func CustomFieldCondition(def v2client.CustomField, values []string, min, max string) (v2client.CustomFieldCondition, error) {
	c := v2client.CustomFieldCondition{ID: def.ID}
	switch {
	case def.TypeID.IsList():
		for _, s := range values {
			n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil {
				return c, failure.Invalid("custom_fields.values", "field %d takes item ids, got %q", def.ID, clipText(s))
			}
			c.ItemIDs = append(c.ItemIDs, n)
		}
	case IsRangeField(def):
		lo, hi := min, max
		if len(values) > 0 {
			lo, hi = values[0], values[0]
		}
		for _, b := range []*string{&lo, &hi} {
			t := strings.TrimSpace(*b)
			if t == "" {
				*b = ""
				continue
			}
			if def.TypeID == v2client.CustomFieldDate {
				d, err := ParseDate(t)
				if err != nil {
					return c, failure.Invalid("custom_fields.min", "%v", err)
				}
				*b = d.Format(nil)
			} else if _, err := strconv.ParseFloat(t, 64); err != nil {
				return c, failure.Invalid("custom_fields.min", "field %d takes a number, got %q", def.ID, clipText(t))
			} else {
				*b = t
			}
		}
		c.Min, c.Max = lo, hi
	default:
		c.Keyword = strings.Join(values, " ")
	}
	return c, nil
}
