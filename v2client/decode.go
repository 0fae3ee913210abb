package v2client

import (
	"encoding/json"
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// This file is the JSON decoder of every v2 response body. It is
// github.com/go-json-experiment/json (the reference implementation of Go's
// encoding/json/v2) run with encoding/json's (v1) semantics, because
// encoding/json.Unmarshal of the issue was 23% of the gateway's CPU on
// backlog.getIssue and dominated findIssue (BENCHMARKS.md, "v2 JSON
// decode"). What is decoded is exactly what encoding/json decoded
// (decode_diff_test.go checks it on every fixture, on the fake's answers of
// every endpoint the gateway calls, on malformed inputs and by fuzzing):
//   - member names match exactly, else case-insensitively (Unicode simple
//     folding, '_' and '-' significant), as encoding/json did; see the
//     README, "JSON decoding";
//   - unknown members are ignored, except in a custom-field value or
//     definition, refused as before (so the strict fixture test notices
//     them);
//   - a duplicate member name is accepted and the last one wins; invalid
//     UTF-8 in a string becomes U+FFFD; JSON null leaves a non-pointer
//     member as it is and sets a pointer, slice or map to nil;
//   - numbers into int64 are exact (a fraction, an exponent or an overflow
//     is an error), timestamps are RFC 3339.
// The types with hand-written decoding (Date, CustomFieldValue,
// CustomField, ActivityContent) have an UnmarshalJSONFrom method for this
// decoder next to their UnmarshalJSON for encoding/json; both share the
// typing rules through an unmarshalFunc parameter.

// unmarshalFunc decodes one JSON value: json.Unmarshal, or jsonUnmarshal.
type unmarshalFunc func([]byte, any) error

// v1Semantics are the options that give encoding/json's behaviour
// (duplicate names, invalid UTF-8, case-insensitive names, merge and null
// rules, method calling) except its error reporting: legacy errors make
// jsonv2 validate every value whole before decoding it, once more for each
// nested UnmarshalJSONFrom (a third of the decode time of an issue with
// custom fields). What fails still fails (jsonv2 validates what it
// decodes and what it skips); only the wording of the error differs.
var v1Semantics = jsonv2.JoinOptions(jsonv1.DefaultOptionsV1(), jsonv1.ReportErrorsWithLegacySemantics(false))

// rejectUnknown adds the refusal of unknown members (encoding/json's
// Decoder.DisallowUnknownFields) for the duration of one UnmarshalDecode.
var rejectUnknown = jsonv2.RejectUnknownMembers(true)

// jsonUnmarshal decodes a v2 response body into v, with encoding/json's
// semantics (see the file comment).
func jsonUnmarshal(b []byte, v any) error { return jsonv2.Unmarshal(b, v, v1Semantics) }

// jsonUnmarshalV1 is the decoder jsonUnmarshal replaced, kept as the
// reference of the differential tests and the "old" benchmarks.
func jsonUnmarshalV1(b []byte, v any) error { return json.Unmarshal(b, v) }

// UnmarshalJSONFrom is UnmarshalJSON for the jsonv2 decoder: a timestamp
// (or "yyyy-MM-dd"); null leaves d unchanged.
func (d *Date) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	if dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		v, err := ParseDate(tok.String())
		if err != nil {
			return err
		}
		*d = v
		return nil
	}
	val, err := dec.ReadValue()
	if err != nil {
		return err
	}
	return d.unmarshalWith(val, jsonUnmarshal)
}

// customFieldValueWireV2 is customFieldValueWire for the jsonv2 decoder
// (raw values as jsontext.Value, which it copies without a method call).
type customFieldValueWireV2 struct {
	ID          int64           `json:"id"`
	FieldTypeID CustomFieldType `json:"fieldTypeId"`
	Name        string          `json:"name"`
	Value       jsontext.Value  `json:"value"`
	OtherValue  jsontext.Value  `json:"otherValue"`
}

// UnmarshalJSONFrom is UnmarshalJSON for the jsonv2 decoder: value is typed
// by fieldTypeId; an unknown member is refused.
func (v *CustomFieldValue) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	var w customFieldValueWireV2
	if err := jsonv2.UnmarshalDecode(dec, &w, rejectUnknown); err != nil {
		return fmt.Errorf("v2client: custom field value: %w", err)
	}
	return v.fromWire(&customFieldValueWire{ID: w.ID, FieldTypeID: w.FieldTypeID, Name: w.Name,
		Value: json.RawMessage(w.Value), OtherValue: json.RawMessage(w.OtherValue)}, jsonUnmarshal)
}

// UnmarshalJSONFrom is UnmarshalJSON for the jsonv2 decoder: min/max are
// read by type; an unknown member is refused (nested ones too, as
// encoding/json's DisallowUnknownFields did).
func (c *CustomField) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	var w customFieldWire
	if err := jsonv2.UnmarshalDecode(dec, &w, rejectUnknown); err != nil {
		return fmt.Errorf("v2client: custom field: %w", err)
	}
	return c.fromWire(&w, jsonUnmarshal)
}

// UnmarshalJSONFrom is UnmarshalJSON for the jsonv2 decoder (the content
// is kept raw too, so it is read whole first).
func (c *ActivityContent) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	val, err := dec.ReadValue()
	if err != nil {
		return err
	}
	return c.unmarshalWith(val, jsonUnmarshal)
}
