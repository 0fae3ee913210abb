package v2client

import (
	"encoding/json"
	"fmt"
	"time"
)

// Date is a date-only value (issue startDate/dueDate, version
// startDate/releaseDueDate, date custom fields). Backlog v2 takes
// "yyyy-MM-dd" in requests but answers with a full timestamp, in one of two
// forms (§1.5): "2020-08-10T00:00:00Z" (the calendar date written as UTC
// midnight; current spaces) or "2014-06-30T15:00:00Z" (midnight in the
// space's time zone written in UTC; old spaces, here 2014-07-01 in
// Asia/Tokyo). Date keeps the raw instant, so nothing is lost, and In/Format
// apply the one rule to get the calendar date back: a time part of exactly
// 00:00:00 UTC is taken as the date itself; any other instant is converted
// to the space's zone first.
type Date struct {
	t time.Time
}

// DateLayout is the request form of a date ("yyyy-MM-dd").
const DateLayout = "2006-01-02"

// NewDate returns the calendar date y-m-d as Backlog writes it today
// (midnight UTC).
func NewDate(year int, month time.Month, day int) Date {
	return Date{t: time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// DateAt wraps an instant as a Date without changing it (for instants read
// from elsewhere in the old "local midnight in UTC" form).
func DateAt(t time.Time) Date { return Date{t: t.UTC()} }

// ParseDate reads "yyyy-MM-dd" (the request form) or an RFC 3339 timestamp
// (the response form).
func ParseDate(s string) (Date, error) {
	// Only a 10-byte string can be yyyy-MM-dd (fixed-width fields), so a
	// timestamp skips that attempt and the error value it built (every
	// date of every issue is a timestamp).
	if len(s) == len(DateLayout) {
		if t, err := time.Parse(DateLayout, s); err == nil {
			return Date{t: t}, nil
		}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return Date{}, fmt.Errorf("v2client: %q is neither yyyy-MM-dd nor an RFC 3339 timestamp", s)
	}
	return Date{t: t.UTC()}, nil
}

// Time returns the raw instant as Backlog sent it (UTC).
func (d Date) Time() time.Time { return d.t }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.t.IsZero() }

// In returns the calendar date that d stands for, for a space whose time
// zone is loc (from GET /space; nil means UTC). See the type comment.
func (d Date) In(loc *time.Location) (year int, month time.Month, day int) {
	t := d.t.UTC()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Date()
	}
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Date()
}

// Format returns the calendar date as "yyyy-MM-dd" (the request form), for a
// space whose time zone is loc.
func (d Date) Format(loc *time.Location) string {
	y, m, dd := d.In(loc)
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Format(DateLayout)
}

// String returns the raw instant in RFC 3339 form (as on the wire).
func (d Date) String() string { return d.t.UTC().Format(time.RFC3339) }

// MarshalJSON writes the raw instant as an RFC 3339 UTC timestamp, the form
// Backlog answers with.
func (d Date) MarshalJSON() ([]byte, error) {
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads a timestamp (or, leniently, "yyyy-MM-dd"). JSON null
// leaves d unchanged (use *Date for nullable members).
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	return d.unmarshalWith(b, json.Unmarshal)
}

// unmarshalWith is UnmarshalJSON with the JSON decoder to use for the
// string (encoding/json, or the faster decoder of decode.go) as a parameter,
// so that both decoders share the rule.
func (d *Date) unmarshalWith(b []byte, unmarshal unmarshalFunc) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := unmarshal(b, &s); err != nil {
		return fmt.Errorf("v2client: date: %w", err)
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
