package mapping

import (
	"slices"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

func TestCustomFieldInput(t *testing.T) {
	other := "その他"
	tests := []struct {
		name   string
		typ    v2client.CustomFieldType
		values []string
		other  *string
		want   []string
		bad    bool
	}{
		{"text kept as written", v2client.CustomFieldText, []string{" a b "}, nil, []string{" a b "}, false},
		{"number trimmed", v2client.CustomFieldNumeric, []string{" 10.50 "}, nil, []string{"10.50"}, false},
		{"number refused", v2client.CustomFieldNumeric, []string{"ten"}, nil, nil, true},
		{"date to v2 form", v2client.CustomFieldDate, []string{"20240131"}, nil, []string{"2024-01-31"}, false},
		{"no such date", v2client.CustomFieldDate, []string{"20240230"}, nil, nil, true},
		{"item ids", v2client.CustomFieldCheckbox, []string{"1", " 2"}, &other, []string{"1", "2"}, false},
		{"item id refused", v2client.CustomFieldSingleList, []string{"x"}, nil, nil, true},
		{"blank values clear", v2client.CustomFieldSingleList, []string{"", " "}, nil, nil, false},
		{"one value only", v2client.CustomFieldSingleList, []string{"1", "2"}, nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := CustomFieldInput(v2client.CustomField{ID: 9, TypeID: tt.typ}, tt.values, tt.other)
			if tt.bad {
				if failure.CodeOf(err) != failure.InvalidParams {
					t.Fatalf("err = %v, want InvalidParams", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if in.ID != 9 || !slices.Equal(in.Values, tt.want) || in.OtherValue != tt.other {
				t.Errorf("got %+v, want values %q other %v", in, tt.want, tt.other)
			}
		})
	}
}

func TestCustomFieldCondition(t *testing.T) {
	tests := []struct {
		name          string
		typ           v2client.CustomFieldType
		values        []string
		min, max      string
		want          v2client.CustomFieldCondition
		bad, rangeFld bool
	}{
		{"text by keyword", v2client.CustomFieldText, []string{"a", "b"}, "", "", v2client.CustomFieldCondition{ID: 9, Keyword: "a b"}, false, false},
		{"list by item ids", v2client.CustomFieldMultipleList, []string{"1", " 2 "}, "", "", v2client.CustomFieldCondition{ID: 9, ItemIDs: []int64{1, 2}}, false, false},
		{"list id refused", v2client.CustomFieldRadio, []string{"x"}, "", "", v2client.CustomFieldCondition{}, true, false},
		{"number range", v2client.CustomFieldNumeric, nil, " 1 ", "", v2client.CustomFieldCondition{ID: 9, Min: "1"}, false, true},
		{"one number is min = max", v2client.CustomFieldNumeric, []string{"5"}, "1", "9", v2client.CustomFieldCondition{ID: 9, Min: "5", Max: "5"}, false, true},
		{"number refused", v2client.CustomFieldNumeric, nil, "x", "", v2client.CustomFieldCondition{}, true, true},
		{"date range to v2 form", v2client.CustomFieldDate, nil, "20240101", "20240131", v2client.CustomFieldCondition{ID: 9, Min: "2024-01-01", Max: "2024-01-31"}, false, true},
		{"date refused", v2client.CustomFieldDate, nil, "", "2024", v2client.CustomFieldCondition{}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := v2client.CustomField{ID: 9, TypeID: tt.typ}
			if IsRangeField(def) != tt.rangeFld {
				t.Errorf("IsRangeField = %v, want %v", !tt.rangeFld, tt.rangeFld)
			}
			c, err := CustomFieldCondition(def, tt.values, tt.min, tt.max)
			if tt.bad {
				if failure.CodeOf(err) != failure.InvalidParams {
					t.Fatalf("err = %v, want InvalidParams", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.ID != tt.want.ID || c.Keyword != tt.want.Keyword || c.Min != tt.want.Min || c.Max != tt.want.Max || !slices.Equal(c.ItemIDs, tt.want.ItemIDs) {
				t.Errorf("got %+v, want %+v", c, tt.want)
			}
		})
	}
}
