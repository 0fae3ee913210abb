package v2client

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// The Backlog API v2 entities (../shared/spec/v2-api.md §2) are Go types,
// each beside its service, whose JSON tags match the real responses in
// testdata/v2-json (the repository's copy of
// ../shared/fixtures/v2-json-backlog4j). This file holds the helpers their
// custom JSON methods share. Conventions of the entities:
//   - every id is int64 (§1.4);
//   - a member that Backlog sends as JSON null is a pointer (*time.Time,
//     *float64, *User, *string ...), so "null" and "zero" stay distinct;
//   - timestamps are time.Time in UTC; date-only members are Date (§1.5);
//   - members that only some responses carry (older fixtures, type-specific
//     custom-field keys) are omitempty so that re-encoding loses nothing and
//     adds nothing a real response would not carry.
// The in-memory fake (v2client/fake) encodes its answers with these types, so
// their JSON form is part of the contract too.

// objectWriter writes a JSON object member by member, in call order, so
// custom MarshalJSON methods stay deterministic.
type objectWriter struct {
	buf *bytes.Buffer
	n   int
	err error
}

func (w *objectWriter) field(name string, v any) {
	if w.err != nil {
		return
	}
	if w.n == 0 {
		w.buf.WriteByte('{')
	} else {
		w.buf.WriteByte(',')
	}
	w.n++
	k, _ := json.Marshal(name)
	w.buf.Write(k)
	w.buf.WriteByte(':')
	b, err := json.Marshal(v)
	if err != nil {
		w.err = err
		return
	}
	w.buf.Write(b)
}

func (w *objectWriter) close() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	if w.n == 0 {
		w.buf.WriteByte('{')
	}
	w.buf.WriteByte('}')
	return w.buf.Bytes(), nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func rawFloat(raw json.RawMessage, unmarshal unmarshalFunc) (*float64, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var f float64
	if err := unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("v2client: number: %w", err)
	}
	return &f, nil
}

func rawDate(raw json.RawMessage, unmarshal unmarshalFunc) (*Date, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var d Date
	if err := d.unmarshalWith(raw, unmarshal); err != nil {
		return nil, err
	}
	return &d, nil
}

func rawString(raw json.RawMessage, unmarshal unmarshalFunc) (*string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var s string
	if err := unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("v2client: string: %w", err)
	}
	return &s, nil
}
