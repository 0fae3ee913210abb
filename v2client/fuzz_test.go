package v2client

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode feeds arbitrary bodies to the types with hand-written JSON
// code (custom fields, custom-field values, activities, dates): decoding an
// upstream answer must never panic, and whatever decodes must re-encode.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(fixtureDir, "*.json"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 8<<10 {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"id":1,"fieldTypeId":5,"value":[{"id":1}],"otherValue":"x"}`))
	f.Add([]byte(`{"type":15,"content":{"comment":"","users":[]}}`))
	f.Add([]byte(`{"typeId":4,"min":"2014-06-09","max":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		targets := []any{new(Issue), new(CustomField), new(CustomFieldValue), new(Activity), new(Version), new(Comment)}
		for _, v := range targets {
			if json.Unmarshal(b, v) != nil {
				continue
			}
			if _, err := json.Marshal(v); err != nil {
				t.Fatalf("%T decoded from %q but does not re-encode: %v", v, b, err)
			}
		}
	})
}
