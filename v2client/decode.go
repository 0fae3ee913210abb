package v2client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// This file is the JSON decoder of every v2 response body. It is
// github.com/go-json-experiment/json (the reference implementation of Go's
// encoding/json/v2) run with encoding/json's (v1) semantics, because
// encoding/json.Unmarshal of the issue costs 23% of the gateway's CPU on
// backlog.getIssue and dominates findIssue (BENCHMARKS.md, "v2 JSON
// decode"). What is decoded is exactly what encoding/json decodes
// (decode_diff_test.go checks it on every fixture, on the fake's answers of
// every endpoint the gateway calls, on malformed inputs and by fuzzing):
//   - member names match exactly, else case-insensitively (Unicode simple
//     folding, '_' and '-' significant), as encoding/json does; see the
//     README, "JSON decoding";
//   - unknown members are ignored everywhere, custom-field values and
//     definitions included, so that a member Backlog adds tomorrow does not
//     turn every read of an issue into a decode error (fault 502); the
//     strict fixture test notices new members with its own checker
//     (strict_test.go), never through the production decoders;
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
// nested UnmarshalJSONFrom (with them, the fake's DEMO-14 decodes 1.56x
// faster than with encoding/json; without, 2.9x). What fails still fails
// (jsonv2 validates what it decodes and what it skips); only the wording
// of the error differs.
var v1Semantics = jsonv2.JoinOptions(jsonv1.DefaultOptionsV1(), jsonv1.ReportErrorsWithLegacySemantics(false))

// jsonUnmarshal decodes a v2 response body into v, with encoding/json's
// semantics (see the file comment).
func jsonUnmarshal(b []byte, v any) error { return jsonv2.Unmarshal(b, v, v1Semantics) }

// jsonUnmarshalV1 is encoding/json.Unmarshal: the reference decoder of the
// differential tests and the "old" benchmarks.
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

// UnmarshalJSONFrom is UnmarshalJSON for the jsonv2 decoder: value is typed
// by fieldTypeId; an unknown member is skipped. It reads the five members
// token by token (a struct decode per value, with its reflection and a
// copy of every raw value even null, cost an issue list 6% more
// instructions and 14% more allocations), with encoding/json's rules:
// names exact or case-insensitive, the last duplicate wins, null leaves
// id, fieldTypeId and name as they are.
func (v *CustomFieldValue) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	var w customFieldValueWire
	if err := decodeCustomFieldValueFrom(dec, &w); err != nil {
		return fmt.Errorf("v2client: custom field value: %w", err)
	}
	return v.fromWire(&w, jsonUnmarshal)
}

// jsonNull is the raw value of a JSON null (shared, never written to).
var jsonNull = json.RawMessage("null")

func decodeCustomFieldValueFrom(dec *jsontext.Decoder, w *customFieldValueWire) error {
	switch dec.PeekKind() {
	case 'n':
		_, err := dec.ReadValue()
		return err
	case '{':
	default:
		val, err := dec.ReadValue()
		if err != nil {
			return err
		}
		return fmt.Errorf("json: cannot unmarshal %s into a custom field value", val.Kind())
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() != '}' {
		rawName, err := dec.ReadValue()
		if err != nil {
			return err
		}
		key, err := customFieldValueMember(rawName)
		if err != nil {
			return err
		}
		// An unknown member's value is read (validated) and dropped.
		val, err := dec.ReadValue()
		if err != nil {
			return err
		}
		switch key {
		case 0, 1: // id, fieldTypeId
			if val.Kind() == 'n' {
				continue
			}
			if val.Kind() != '0' {
				return fmt.Errorf("json: cannot unmarshal %s into an integer", val.Kind())
			}
			n, err := strconv.ParseInt(string(val), 10, 64)
			if err != nil {
				return fmt.Errorf("json: cannot unmarshal number %s into an int64", val)
			}
			if key == 0 {
				w.ID = n
			} else {
				w.FieldTypeID = CustomFieldType(n)
			}
		case 2: // name
			switch val.Kind() {
			case 'n':
			case '"':
				s, err := unquote(val)
				if err != nil {
					return err
				}
				w.Name = s
			default:
				return fmt.Errorf("json: cannot unmarshal %s into a string", val.Kind())
			}
		case 3, 4: // value, otherValue: kept raw, typed by fromWire
			raw := jsonNull
			if val.Kind() != 'n' {
				raw = json.RawMessage(bytes.Clone(val))
			}
			if key == 3 {
				w.Value = raw
			} else {
				w.OtherValue = raw
			}
		}
	}
	_, err := dec.ReadToken()
	return err
}

// customFieldValueKeys are the JSON members customFieldValueWire knows, in
// the order decodeCustomFieldValueFrom numbers them.
var customFieldValueKeys = [...]string{"id", "fieldTypeId", "name", "value", "otherValue"}

// customFieldValueMember returns the index in customFieldValueKeys of the
// member whose raw (quoted) name is raw, matched as encoding/json does
// (exactly, else case-insensitively, after unescaping), or -1 for a member
// it does not know (ignored, as encoding/json ignores it).
func customFieldValueMember(raw jsontext.Value) (int, error) {
	name := []byte(raw[1 : len(raw)-1])
	if bytes.IndexByte(name, '\\') >= 0 {
		var s string
		if err := jsonUnmarshalV1(raw, &s); err != nil {
			return 0, err
		}
		name = []byte(s)
	}
	for i, k := range customFieldValueKeys {
		if string(name) == k {
			return i, nil
		}
	}
	for i, k := range customFieldValueKeys {
		if bytes.EqualFold(name, []byte(k)) {
			return i, nil
		}
	}
	return -1, nil
}

// UnmarshalJSONFrom is UnmarshalJSON for the jsonv2 decoder: min/max are
// read by type; unknown members are ignored (the decoder's v1 options,
// inherited from dec, do not reject them).
func (c *CustomField) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	var w customFieldWire
	if err := jsonv2.UnmarshalDecode(dec, &w); err != nil {
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

// unquote returns the string of the raw JSON string val as encoding/json
// reads it (invalid UTF-8 becomes U+FFFD), without a decoder for the
// common case of no escapes and valid UTF-8.
func unquote(val jsontext.Value) (string, error) {
	body := val[1 : len(val)-1]
	if bytes.IndexByte(body, '\\') < 0 && utf8.Valid(body) {
		return string(body), nil
	}
	var s string
	err := jsonUnmarshalV1(val, &s)
	return s, err
}

func decodeJSON(r *request, resp *Response, body []byte, v any) error {
	if v == nil {
		return nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		// A write answered 2xx without a body (204, as some action
		// endpoints do) succeeded: v stays the zero value.
		if r.isWrite() {
			return nil
		}
		return &DecodeError{Method: r.method, Route: r.route, StatusCode: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Err: errors.New("empty body")}
	}
	if err := jsonUnmarshal(body, v); err != nil {
		derr := &DecodeError{Method: r.method, Route: r.route, StatusCode: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Err: err}
		if r.isWrite() {
			return &OutcomeUnknownError{Method: r.method, Route: r.route, Err: derr}
		}
		return derr
	}
	return nil
}
