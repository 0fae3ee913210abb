package v2client

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// TestCustomFieldValueStrictLikeDecoder checks that the custom-field value
// decoder accepts and refuses exactly what a json.Decoder with
// DisallowUnknownFields did before it was replaced for speed.
func TestCustomFieldValueStrictLikeDecoder(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		wantOK bool
	}{
		{"known members", `{"id":1,"fieldTypeId":1,"name":"a","value":"x"}`, true},
		{"otherValue", `{"id":1,"fieldTypeId":7,"name":"a","value":[{"id":1,"name":"b"}],"otherValue":"o"}`, true},
		{"case-insensitive name", `{"ID":1,"FieldTypeID":1,"Name":"a","VALUE":"x"}`, true},
		{"escaped known name", `{"\u0069d":1,"fieldTypeId":1,"name":"a","value":null}`, true},
		{"spaces", " {\n \"id\" : 1 ,\t\"name\":\"a\" , \"value\" : { \"id\" : 2 , \"name\" : \"b\" } }", true},
		{"unknown member in a nested value", `{"id":1,"fieldTypeId":6,"name":"a","value":{"id":2,"name":"b","extra":[1,{"x":"}"}]}}`, true},
		{"strings with braces and quotes", `{"id":1,"fieldTypeId":1,"name":"a}\"{,","value":"],\\"}`, true},
		{"empty object", `{}`, true},
		{"unknown member", `{"id":1,"fieldTypeId":1,"name":"a","value":"x","extra":1}`, false},
		{"unknown member first", `{"extra":{"id":1},"id":1}`, false},
		{"escaped unknown name", `{"\u0078":1}`, false},
		{"unknown member after nested", `{"value":[{"a":1},{"b":[2]}],"zz":null}`, false},
		{"non-ASCII unknown name", `{"name":"a","ſ":1}`, false},
		{"bad value type", `{"id":"one"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ref customFieldValueWire
			dec := json.NewDecoder(strings.NewReader(tt.in))
			dec.DisallowUnknownFields()
			refErr := dec.Decode(&ref)
			if (refErr == nil) != tt.wantOK {
				t.Fatalf("reference decoder: err = %v, want ok %v (bad test case)", refErr, tt.wantOK)
			}
			var got customFieldValueWire
			err := decodeCustomFieldValueWire([]byte(tt.in), &got)
			if (err == nil) != tt.wantOK {
				t.Fatalf("err = %v, want ok %v", err, tt.wantOK)
			}
			if refErr != nil && strings.Contains(refErr.Error(), "unknown field") && err.Error() != refErr.Error() {
				t.Errorf("err = %q, want %q", err, refErr)
			}
			if err == nil && (got.ID != ref.ID || got.FieldTypeID != ref.FieldTypeID || got.Name != ref.Name ||
				!bytes.Equal(got.Value, ref.Value) || !bytes.Equal(got.OtherValue, ref.OtherValue)) {
				t.Errorf("decoded %+v, want %+v", got, ref)
			}
		})
	}
}

// TestCustomFieldValueUnknownMemberRefused checks the refusal through the
// public decoder: an issue whose custom-field value has an unknown member
// does not decode.
func TestCustomFieldValueUnknownMemberRefused(t *testing.T) {
	var is Issue
	err := json.Unmarshal([]byte(`{"id":1,"customFields":[{"id":1,"fieldTypeId":1,"name":"a","value":"x","surprise":true}]}`), &is)
	if err == nil || !strings.Contains(err.Error(), `unknown field "surprise"`) {
		t.Fatalf("err = %v, want unknown field \"surprise\"", err)
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

// FuzzCustomFieldValueStrict checks on arbitrary input that the custom-field
// value decoder accepts exactly what json.Decoder with
// DisallowUnknownFields accepts (for one complete JSON value, as
// encoding/json hands an UnmarshalJSON method), with the same result.
//
//	go test ./v2client -run '^$' -fuzz FuzzCustomFieldValueStrict -fuzztime 15s
func FuzzCustomFieldValueStrict(f *testing.F) {
	for _, s := range []string{
		`{"id":1,"fieldTypeId":1,"name":"a","value":"x"}`,
		`{"ID":1,"\u006eame":"a","value":{"id":2,"x":[1,"}"]}}`,
		`{"id":1,"extra":null}`,
		`[1,2]`, `"s"`, `null`, `{}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if !json.Valid([]byte(in)) {
			return // encoding/json never calls UnmarshalJSON with invalid JSON
		}
		var ref customFieldValueWire
		dec := json.NewDecoder(strings.NewReader(in))
		dec.DisallowUnknownFields()
		refErr := dec.Decode(&ref)
		var got customFieldValueWire
		err := decodeCustomFieldValueWire([]byte(in), &got)
		if (err == nil) != (refErr == nil) {
			t.Fatalf("%q: err = %v, reference %v", in, err, refErr)
		}
		if err == nil && (got.ID != ref.ID || got.FieldTypeID != ref.FieldTypeID || got.Name != ref.Name ||
			!bytes.Equal(got.Value, ref.Value) || !bytes.Equal(got.OtherValue, ref.OtherValue)) {
			t.Fatalf("%q: decoded %+v, reference %+v", in, got, ref)
		}
	})
}
