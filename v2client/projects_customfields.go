package v2client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// ListCustomFields returns the project's custom-field definitions.
//
// v2: GET /api/v2/projects/:projectIdOrKey/customFields
func (s *ProjectsService) ListCustomFields(ctx context.Context, projectIDOrKey string) ([]CustomField, *Response, error) {
	return getList[CustomField](ctx, s.client, at("/api/v2/projects/:projectIdOrKey/customFields", projectIDOrKey), nil)
}

// CustomFieldOptions are the parameters of POST (TypeID and Name required)
// and PATCH (TypeID ignored) /projects/:p/customFields (§3.8). Type-specific
// members are only meaningful for their type: numeric Min/Max/InitialValue/
// Unit; date MinDate/MaxDate/InitialValueType/InitialDate/InitialShift;
// lists Items (names, POST only)/AllowAddItem; checkbox and radio AllowInput.
type CustomFieldOptions struct {
	TypeID               CustomFieldType
	Name                 *string
	ApplicableIssueTypes Optional[[]int64] // applicableIssueTypes[]; cleared = all types
	Description          Optional[string]
	Required             *bool

	Min, Max     Optional[float64]
	InitialValue Optional[float64]
	Unit         Optional[string]

	MinDate, MaxDate Optional[Date]
	InitialValueType *int // 1 today, 2 today+InitialShift, 3 InitialDate
	InitialDate      Optional[Date]
	InitialShift     *int

	Items        []string // items[] (item names)
	AllowAddItem *bool
	AllowInput   *bool
}

func (o *CustomFieldOptions) form(create bool) form {
	f := form{}
	if create {
		f.int("typeId", int64(o.TypeID))
	}
	f.strPtr("name", o.Name)
	optInts(f, "applicableIssueTypes", o.ApplicableIssueTypes)
	optStr(f, "description", o.Description)
	f.boolPtr("required", o.Required)
	if o.TypeID == CustomFieldDate {
		optDate(f, "min", o.MinDate)
		optDate(f, "max", o.MaxDate)
	} else {
		optNum(f, "min", o.Min)
		optNum(f, "max", o.Max)
	}
	optNum(f, "initialValue", o.InitialValue)
	optStr(f, "unit", o.Unit)
	if o.InitialValueType != nil {
		f.int("initialValueType", int64(*o.InitialValueType))
	}
	optDate(f, "initialDate", o.InitialDate)
	if o.InitialShift != nil {
		f.int("initialShift", int64(*o.InitialShift))
	}
	for _, it := range o.Items {
		f.str("items[]", it)
	}
	f.boolPtr("allowAddItem", o.AllowAddItem)
	f.boolPtr("allowInput", o.AllowInput)
	return f
}

// AddCustomField adds a custom field.
//
// v2: POST /api/v2/projects/:projectIdOrKey/customFields
func (s *ProjectsService) AddCustomField(ctx context.Context, projectIDOrKey string, opts *CustomFieldOptions) (*CustomField, *Response, error) {
	return sendOne[CustomField](ctx, s.client, http.MethodPost, at("/api/v2/projects/:projectIdOrKey/customFields", projectIDOrKey), opts.form(true))
}

// UpdateCustomField changes a custom field (set opts.TypeID to the field's
// type so that min/max are written in the right form).
//
// v2: PATCH /api/v2/projects/:projectIdOrKey/customFields/:id
func (s *ProjectsService) UpdateCustomField(ctx context.Context, projectIDOrKey string, id int64, opts *CustomFieldOptions) (*CustomField, *Response, error) {
	return sendOne[CustomField](ctx, s.client, http.MethodPatch, at("/api/v2/projects/:projectIdOrKey/customFields/:id", projectIDOrKey, itoa(id)), opts.form(false))
}

// DeleteCustomField removes a custom field.
//
// v2: DELETE /api/v2/projects/:projectIdOrKey/customFields/:id
func (s *ProjectsService) DeleteCustomField(ctx context.Context, projectIDOrKey string, id int64) (*CustomField, *Response, error) {
	return sendOne[CustomField](ctx, s.client, http.MethodDelete, at("/api/v2/projects/:projectIdOrKey/customFields/:id", projectIDOrKey, itoa(id)), form{})
}

// AddCustomFieldItem adds a list item and returns the whole definition.
//
// v2: POST /api/v2/projects/:projectIdOrKey/customFields/:id/items (name)
func (s *ProjectsService) AddCustomFieldItem(ctx context.Context, projectIDOrKey string, id int64, name string) (*CustomField, *Response, error) {
	f := form{}
	f.str("name", name)
	return sendOne[CustomField](ctx, s.client, http.MethodPost, at("/api/v2/projects/:projectIdOrKey/customFields/:id/items", projectIDOrKey, itoa(id)), f)
}

// UpdateCustomFieldItem renames a list item and returns the whole definition.
//
// v2: PATCH /api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId (name)
func (s *ProjectsService) UpdateCustomFieldItem(ctx context.Context, projectIDOrKey string, id, itemID int64, name string) (*CustomField, *Response, error) {
	f := form{}
	f.str("name", name)
	return sendOne[CustomField](ctx, s.client, http.MethodPatch, at("/api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId", projectIDOrKey, itoa(id), itoa(itemID)), f)
}

// DeleteCustomFieldItem removes a list item and returns the whole definition.
//
// v2: DELETE /api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId
func (s *ProjectsService) DeleteCustomFieldItem(ctx context.Context, projectIDOrKey string, id, itemID int64) (*CustomField, *Response, error) {
	return sendOne[CustomField](ctx, s.client, http.MethodDelete, at("/api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId", projectIDOrKey, itoa(id), itoa(itemID)), form{})
}

// CustomFieldType is a custom field's typeId / fieldTypeId (§4.2); the same
// numbers as the legacy type_id.
type CustomFieldType int

// Custom field types.
const (
	CustomFieldText         CustomFieldType = 1
	CustomFieldSentence     CustomFieldType = 2
	CustomFieldNumeric      CustomFieldType = 3
	CustomFieldDate         CustomFieldType = 4
	CustomFieldSingleList   CustomFieldType = 5
	CustomFieldMultipleList CustomFieldType = 6
	CustomFieldCheckbox     CustomFieldType = 7
	CustomFieldRadio        CustomFieldType = 8
)

// IsList reports whether values of this type are list items (types 5-8).
func (t CustomFieldType) IsList() bool { return t >= CustomFieldSingleList && t <= CustomFieldRadio }

// IsMulti reports whether a value holds several items (multiple list, checkbox).
func (t CustomFieldType) IsMulti() bool {
	return t == CustomFieldMultipleList || t == CustomFieldCheckbox
}

// CustomFieldItem is one item of a list/checkbox/radio custom field.
type CustomFieldItem struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	DisplayOrder int64  `json:"displayOrder"`
}

// InitialDate is the initial value of a date custom field: ID is the
// initial-value type (1 today, 2 today+Shift days, 3 the fixed Date).
type InitialDate struct {
	ID    int64 `json:"id"`
	Shift *int  `json:"shift,omitempty"`
	Date  *Date `json:"date,omitempty"`
}

// CustomField is a custom-field definition (§2.9). Backlog only sends the
// members of the field's type, and min/max are numbers for numeric fields
// but timestamps for date fields, so they are split into typed members:
//   - numeric (3): Min, Max, InitialValue, Unit;
//   - date (4): MinDate, MaxDate, InitialDate;
//   - lists (5-8): Items, AllowAddItem; checkbox/radio (7-8) also AllowInput.
//
// MarshalJSON writes the members of TypeID only, in a fixed order.
type CustomField struct {
	ID                   int64
	ProjectID            int64 // 0 when the response did not carry it
	TypeID               CustomFieldType
	Name                 string
	Description          string
	Required             bool
	UseIssueType         *bool // newer responses only
	ApplicableIssueTypes []int64
	DisplayOrder         *int64 // newer responses only

	Min, Max     *float64 // numeric
	InitialValue *float64 // numeric
	Unit         *string  // numeric

	MinDate, MaxDate *Date        // date
	InitialDate      *InitialDate // date

	Items        []CustomFieldItem // lists
	AllowAddItem *bool             // lists
	AllowInput   *bool             // checkbox, radio
}

// customFieldWire is the JSON form of CustomField (min/max kept raw).
type customFieldWire struct {
	ID                   int64             `json:"id"`
	ProjectID            int64             `json:"projectId,omitempty"`
	TypeID               CustomFieldType   `json:"typeId"`
	Name                 string            `json:"name"`
	Description          string            `json:"description"`
	Required             bool              `json:"required"`
	UseIssueType         *bool             `json:"useIssueType,omitempty"`
	ApplicableIssueTypes []int64           `json:"applicableIssueTypes"`
	DisplayOrder         *int64            `json:"displayOrder,omitempty"`
	Min                  json.RawMessage   `json:"min,omitempty"`
	Max                  json.RawMessage   `json:"max,omitempty"`
	InitialValue         *float64          `json:"initialValue,omitempty"`
	Unit                 *string           `json:"unit,omitempty"`
	InitialDate          *InitialDate      `json:"initialDate,omitempty"`
	Items                []CustomFieldItem `json:"items,omitempty"`
	AllowAddItem         *bool             `json:"allowAddItem,omitempty"`
	AllowInput           *bool             `json:"allowInput,omitempty"`
}

// UnmarshalJSON decodes a definition, reading min/max by type. Unknown
// members are ignored, like everywhere else, so that a member Backlog adds
// does not make the definition undecodable; the strict fixture test
// (strict_test.go) notices new members without this decoder's help.
func (c *CustomField) UnmarshalJSON(b []byte) error {
	var w customFieldWire
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("v2client: custom field: %w", err)
	}
	return c.fromWire(&w, json.Unmarshal)
}

// fromWire sets c from its decoded wire form, reading min/max by type with
// unmarshal (encoding/json, or the faster decoder of decode.go).
func (c *CustomField) fromWire(w *customFieldWire, unmarshal unmarshalFunc) error {
	*c = CustomField{
		ID: w.ID, ProjectID: w.ProjectID, TypeID: w.TypeID, Name: w.Name,
		Description: w.Description, Required: w.Required, UseIssueType: w.UseIssueType,
		ApplicableIssueTypes: w.ApplicableIssueTypes, DisplayOrder: w.DisplayOrder,
		InitialValue: w.InitialValue, Unit: w.Unit, InitialDate: w.InitialDate,
		Items: w.Items, AllowAddItem: w.AllowAddItem, AllowInput: w.AllowInput,
	}
	if w.TypeID == CustomFieldDate {
		var err error
		if c.MinDate, err = rawDate(w.Min, unmarshal); err != nil {
			return err
		}
		if c.MaxDate, err = rawDate(w.Max, unmarshal); err != nil {
			return err
		}
		return nil
	}
	var err error
	if c.Min, err = rawFloat(w.Min, unmarshal); err != nil {
		return err
	}
	c.Max, err = rawFloat(w.Max, unmarshal)
	return err
}

// MarshalJSON writes the definition with the members of its type only
// (numeric: min, max, initialValue, unit, null when unset; date: min, max,
// initialDate; lists: items, allowAddItem; checkbox/radio: allowInput).
func (c CustomField) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	w := objectWriter{buf: &buf}
	w.field("id", c.ID)
	if c.ProjectID != 0 {
		w.field("projectId", c.ProjectID)
	}
	w.field("typeId", c.TypeID)
	w.field("name", c.Name)
	w.field("description", c.Description)
	w.field("required", c.Required)
	if c.UseIssueType != nil {
		w.field("useIssueType", *c.UseIssueType)
	}
	if c.ApplicableIssueTypes == nil {
		w.field("applicableIssueTypes", []int64{})
	} else {
		w.field("applicableIssueTypes", c.ApplicableIssueTypes)
	}
	if c.DisplayOrder != nil {
		w.field("displayOrder", *c.DisplayOrder)
	}
	switch {
	case c.TypeID == CustomFieldNumeric:
		w.field("min", c.Min)
		w.field("max", c.Max)
		w.field("initialValue", c.InitialValue)
		w.field("unit", c.Unit)
	case c.TypeID == CustomFieldDate:
		w.field("min", c.MinDate)
		w.field("max", c.MaxDate)
		w.field("initialDate", c.InitialDate)
	case c.TypeID.IsList():
		items := c.Items
		if items == nil {
			items = []CustomFieldItem{}
		}
		w.field("items", items)
		w.field("allowAddItem", c.AllowAddItem != nil && *c.AllowAddItem)
		if c.TypeID == CustomFieldCheckbox || c.TypeID == CustomFieldRadio {
			w.field("allowInput", c.AllowInput != nil && *c.AllowInput)
		}
	}
	return w.close()
}

// CustomFieldValue is an issue's value of one custom field (§2.11). The JSON
// `value` depends on FieldTypeID and is split into typed members:
//   - text/sentence (1, 2): Text;
//   - numeric (3): Number;
//   - date (4): Date;
//   - lists (5-8): Items (single list and radio: zero or one item);
//   - checkbox/radio (7, 8): OtherValue, the free "other" text.
//
// A nil member means JSON null (no value).
type CustomFieldValue struct {
	ID          int64
	FieldTypeID CustomFieldType
	Name        string
	Text        *string
	Number      *float64
	Date        *Date
	Items       []CustomFieldItem
	OtherValue  *string
	// hasOther records that the response carried otherValue (some answers
	// carry it for list types other than 7/8).
	hasOther bool
}

type customFieldValueWire struct {
	ID          int64           `json:"id"`
	FieldTypeID CustomFieldType `json:"fieldTypeId"`
	Name        string          `json:"name"`
	Value       json.RawMessage `json:"value"`
	OtherValue  json.RawMessage `json:"otherValue"`
}

// UnmarshalJSON decodes value according to fieldTypeId. Unknown members
// are ignored, like everywhere else: a member Backlog adds to custom-field
// values must not make every issue carrying one undecodable (fault 502 on
// getIssue/findIssue); the strict fixture test (strict_test.go) notices new
// members without this decoder's help.
func (v *CustomFieldValue) UnmarshalJSON(b []byte) error {
	var w customFieldValueWire
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("v2client: custom field value: %w", err)
	}
	return v.fromWire(&w, json.Unmarshal)
}

// fromWire sets v from its decoded wire form, decoding value and otherValue
// with unmarshal (encoding/json, or the faster decoder of decode.go), so
// that both decoders share the typing rules.
func (v *CustomFieldValue) fromWire(w *customFieldValueWire, unmarshal unmarshalFunc) error {
	*v = CustomFieldValue{ID: w.ID, FieldTypeID: w.FieldTypeID, Name: w.Name}
	if w.OtherValue != nil {
		v.hasOther = true
		if string(w.OtherValue) != "null" {
			var s string
			if err := unmarshal(w.OtherValue, &s); err != nil {
				return fmt.Errorf("v2client: custom field %d otherValue: %w", w.ID, err)
			}
			v.OtherValue = &s
		}
	}
	raw := w.Value
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var err error
	switch {
	case w.FieldTypeID == CustomFieldNumeric:
		v.Number, err = rawFloat(raw, unmarshal)
	case w.FieldTypeID == CustomFieldDate:
		v.Date, err = rawDate(raw, unmarshal)
	case w.FieldTypeID.IsList():
		if raw[0] == '[' {
			err = unmarshal(raw, &v.Items)
		} else {
			var it CustomFieldItem
			err = unmarshal(raw, &it)
			v.Items = []CustomFieldItem{it}
		}
	default:
		var s string
		err = unmarshal(raw, &s)
		v.Text = &s
	}
	if err != nil {
		return fmt.Errorf("v2client: custom field %d value: %w", w.ID, err)
	}
	return nil
}

// MarshalJSON writes id, fieldTypeId, name, value (shaped by type: a string,
// a number, a timestamp, an item object for single list/radio, an item array
// for multiple list/checkbox, or null) and, for checkbox/radio, otherValue.
func (v CustomFieldValue) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	w := objectWriter{buf: &buf}
	w.field("id", v.ID)
	w.field("fieldTypeId", v.FieldTypeID)
	w.field("name", v.Name)
	switch {
	case v.FieldTypeID == CustomFieldNumeric:
		w.field("value", v.Number)
	case v.FieldTypeID == CustomFieldDate:
		w.field("value", v.Date)
	case v.FieldTypeID.IsMulti():
		items := v.Items
		if items == nil {
			items = []CustomFieldItem{}
		}
		w.field("value", items)
	case v.FieldTypeID.IsList():
		if len(v.Items) == 0 {
			w.field("value", nil)
		} else {
			w.field("value", v.Items[0])
		}
	default:
		w.field("value", v.Text)
	}
	if v.hasOther || v.OtherValue != nil || v.FieldTypeID == CustomFieldCheckbox || v.FieldTypeID == CustomFieldRadio {
		w.field("otherValue", v.OtherValue)
	}
	return w.close()
}
