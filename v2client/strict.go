package v2client

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// customFieldValueKeys are the JSON members customFieldValueWire knows.
var customFieldValueKeys = [...]string{"id", "fieldTypeId", "name", "value", "otherValue"}

// decodeCustomFieldValueWire decodes b into w and, like a json.Decoder with
// DisallowUnknownFields, refuses a member w does not know (so the strict
// fixture tests notice new ones). It exists for speed: a custom-field value
// is decoded once per field of every issue read, and a json.Decoder per
// value (its struct, its read buffer and a copy of b) was 17% of the bytes
// allocated by a getIssue call (BENCHMARKS.md, "Profiles, and what
// changed"). The members are checked by scanning b's top level (the
// matching rule is encoding/json's: exact or case-insensitive, after
// unescaping), then json.Unmarshal decodes.
func decodeCustomFieldValueWire(b []byte, w *customFieldValueWire) error {
	if err := json.Unmarshal(b, w); err != nil {
		return err
	}
	return checkKnownMembers(b, customFieldValueKeys[:])
}

// checkKnownMembers reports the first top-level member of the JSON object
// b (valid JSON, already checked by json.Unmarshal) whose name matches none
// of known the way encoding/json matches struct fields. A b that is not an
// object has no members.
func checkKnownMembers(b []byte, known []string) error {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil
	}
	i++
	for {
		i = skipSpace(b, i)
		if i >= len(b) || b[i] == '}' {
			return nil
		}
		if b[i] == ',' {
			i++
			continue
		}
		// A member name: a string.
		end, escaped := stringEnd(b, i)
		if end < 0 {
			return nil // cannot happen on valid JSON
		}
		name := b[i+1 : end-1]
		if escaped {
			var s string
			if err := json.Unmarshal(b[i:end], &s); err != nil {
				return err
			}
			name = []byte(s)
		}
		if !knownName(name, known) {
			return fmt.Errorf("json: unknown field %q", name)
		}
		i = skipSpace(b, end)
		if i < len(b) && b[i] == ':' {
			i++
		}
		i = skipValue(b, skipSpace(b, i))
	}
}

func knownName(name []byte, known []string) bool {
	for _, k := range known {
		if string(name) == k {
			return true
		}
	}
	for _, k := range known {
		if bytes.EqualFold(name, []byte(k)) {
			return true
		}
	}
	return false
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index just after the string starting at b[i] (a
// '"') and whether it holds an escape; -1 if it is not terminated.
func stringEnd(b []byte, i int) (int, bool) {
	escaped := false
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			return j + 1, escaped
		}
	}
	return -1, escaped
}

// skipValue returns the index just after the JSON value starting at b[i].
func skipValue(b []byte, i int) int {
	depth := 0
	for i < len(b) {
		switch c := b[i]; c {
		case '"':
			end, _ := stringEnd(b, i)
			if end < 0 {
				return len(b)
			}
			i = end
			if depth == 0 {
				return i
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i // the end of the enclosing object
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case ',':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return i
}
