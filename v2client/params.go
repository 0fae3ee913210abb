package v2client

import (
	"math"
	"net/url"
	"strconv"
)

// Optional is a write parameter with three states, because Backlog's PATCH
// distinguishes "leave as is" from "clear" (§1.3):
//   - the zero Optional is unset: the parameter is not sent;
//   - Set(v) sends the value;
//   - Clear[T]() sends the parameter with an empty value (assigneeId=,
//     categoryId[]=, dueDate= ...), which clears it.
//
// Set on an empty slice also clears (a list replaced by nothing).
type Optional[T any] struct {
	v     T
	set   bool
	clear bool
}

// Set returns an Optional that sends v.
func Set[T any](v T) Optional[T] { return Optional[T]{v: v, set: true} }

// Clear returns an Optional that sends an empty value to clear the field.
func Clear[T any]() Optional[T] { return Optional[T]{clear: true} }

// IsSet reports whether a value is to be sent.
func (o Optional[T]) IsSet() bool { return o.set }

// IsClear reports whether the field is to be cleared.
func (o Optional[T]) IsClear() bool { return o.clear }

// IsUnset reports whether the parameter is left out.
func (o Optional[T]) IsUnset() bool { return !o.set && !o.clear }

// Value returns the value and whether it is set.
func (o Optional[T]) Value() (T, bool) { return o.v, o.set }

// form builds url.Values in a fixed, documented way.
type form url.Values

func (f form) str(name, v string) { url.Values(f).Add(name, v) }

func (f form) strIf(name, v string) {
	if v != "" {
		f.str(name, v)
	}
}

func (f form) strPtr(name string, v *string) {
	if v != nil {
		f.str(name, *v)
	}
}

func (f form) int(name string, v int64) { f.str(name, strconv.FormatInt(v, 10)) }

func (f form) intIf(name string, v int64) {
	if v != 0 {
		f.int(name, v)
	}
}

func (f form) intPtr(name string, v *int64) {
	if v != nil {
		f.int(name, *v)
	}
}

func (f form) bool(name string, v bool) { f.str(name, strconv.FormatBool(v)) }

func (f form) boolPtr(name string, v *bool) {
	if v != nil {
		f.bool(name, *v)
	}
}

// ints adds name[] once per value.
func (f form) ints(name string, vs []int64) {
	for _, v := range vs {
		f.int(name+"[]", v)
	}
}

func (f form) date(name string, d Date) { f.str(name, d.Format(nil)) }

func (f form) dateIf(name string, d Date) {
	if !d.IsZero() {
		f.date(name, d)
	}
}

func (f form) datePtr(name string, d *Date) {
	if d != nil {
		f.date(name, *d)
	}
}

// decimal formats hours (2 decimals, as backlog4j rounds) or numeric custom
// field values (4 decimals) without trailing zeros.
func decimal(v float64, places int) string {
	p := math.Pow(10, float64(places))
	return strconv.FormatFloat(math.Round(v*p)/p, 'f', -1, 64)
}

func (f form) hours(name string, v *float64) {
	if v != nil {
		f.str(name, decimal(*v, 2))
	}
}

// opt writes an Optional: nothing when unset, an empty value when it
// clears, else text(value).
func opt[T any](f form, name string, o Optional[T], text func(T) string) {
	switch {
	case o.clear:
		f.str(name, "")
	case o.set:
		f.str(name, text(o.v))
	}
}

func optStr(f form, name string, o Optional[string]) {
	opt(f, name, o, func(v string) string { return v })
}

func optInt(f form, name string, o Optional[int64]) { opt(f, name, o, itoa) }

// optHours writes hours with 2 decimals at most.
func optHours(f form, name string, o Optional[float64]) {
	opt(f, name, o, func(v float64) string { return decimal(v, 2) })
}

// optNum writes a numeric custom-field value with 4 decimals at most.
func optNum(f form, name string, o Optional[float64]) {
	opt(f, name, o, func(v float64) string { return decimal(v, 4) })
}

func optDate(f form, name string, o Optional[Date]) {
	opt(f, name, o, func(d Date) string { return d.Format(nil) })
}

// optInts writes name[] per value; Clear (or Set of an empty list) writes a
// single empty name[]=.
func optInts(f form, name string, o Optional[[]int64]) {
	switch {
	case o.clear || (o.set && len(o.v) == 0):
		f.str(name+"[]", "")
	case o.set:
		f.ints(name, o.v)
	}
}

// CustomFieldInput is a custom field value written by POST/PATCH /issues.
// Values are wire texts: the text, a decimal number, a date "yyyy-MM-dd",
// or item ids for list, checkbox and radio fields. No Values (and no
// OtherValue) clears the field: customField_{id}= is sent.
// Multi-valued fields use the client's CustomFieldMultiForm.
type CustomFieldInput struct {
	ID         int64
	Values     []string
	OtherValue *string // checkbox/radio "other" text: customField_{id}_otherValue
}

func (c *Client) customFields(f form, in []CustomFieldInput) {
	for _, cf := range in {
		name := "customField_" + strconv.FormatInt(cf.ID, 10)
		switch {
		case len(cf.Values) == 0:
			if cf.OtherValue == nil {
				f.str(name, "")
			}
		case len(cf.Values) == 1:
			f.str(name, cf.Values[0])
		case c.cfForm == CustomFieldRepeated:
			for _, v := range cf.Values {
				f.str(name, v)
			}
		case c.cfForm == CustomFieldBracket:
			for _, v := range cf.Values {
				f.str(name+"[]", v)
			}
		default:
			for i, v := range cf.Values {
				f.str(name+"["+strconv.Itoa(i)+"]", v)
			}
		}
		if cf.OtherValue != nil {
			f.str(name+"_otherValue", *cf.OtherValue)
		}
	}
}

// CustomFieldCondition is a custom-field search condition of GET /issues and
// /issues/count (§1.3): Keyword for text fields (customField_{id}=), Min/Max
// for numeric and date fields (customField_{id}_min/_max; dates
// "yyyy-MM-dd"), ItemIDs for list, checkbox and radio fields
// (customField_{id}[]=, repeatable).
type CustomFieldCondition struct {
	ID       int64
	Keyword  string
	Min, Max string
	ItemIDs  []int64
}

func (c CustomFieldCondition) add(f form) {
	name := "customField_" + strconv.FormatInt(c.ID, 10)
	f.strIf(name, c.Keyword)
	f.strIf(name+"_min", c.Min)
	f.strIf(name+"_max", c.Max)
	f.ints(name, c.ItemIDs)
}
