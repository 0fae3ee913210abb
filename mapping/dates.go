package mapping

import (
	"fmt"
	"strings"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// TimestampLayout is the legacy timestamp form (created_on, updated_on):
// yyyyMMddHHmmss, 14 digits, in the space's time zone (legacy-api.md §2.2).
const TimestampLayout = "20060102150405"

// DateLayout is the legacy date form (due_date, start_date, version date,
// search ranges): YYYYMMDD.
const DateLayout = "20060102"

// Timestamp renders an instant as a legacy timestamp in loc (nil = UTC).
// Legacy Backlog wrote server-local time; the space's zone (GET /space) is
// the closest equivalent (decision recorded in methods/README.md).
func Timestamp(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format(TimestampLayout)
}

// Date renders a v2 date as YYYYMMDD, or "" when it is unset (nil or zero).
// The calendar date follows v2client.Date.In (midnight UTC is the date
// itself; any other instant is read in loc).
func Date(d *v2client.Date, loc *time.Location) string {
	if d == nil || d.IsZero() {
		return ""
	}
	y, m, dd := d.In(loc)
	return fmt.Sprintf("%04d%02d%02d", y, int(m), dd)
}

// ParseDate reads a legacy request date: "YYYYMMDD" (string, or the int
// Perl's RPC::XML sends, passed here as its text), tolerating "yyyy-MM-dd"
// and "yyyy/MM/dd" and surrounding spaces. The date must exist (20230230 is
// refused). A 14-digit legacy timestamp (the doc samples' due_date quirk)
// is read for its date part when its time part is 000000.
func ParseDate(s string) (v2client.Date, error) {
	t := strings.TrimSpace(s)
	if len(t) == 14 && strings.HasSuffix(t, "000000") {
		t = t[:8]
	}
	if len(t) == 10 && (t[4] == '-' || t[4] == '/') && t[7] == t[4] {
		t = t[:4] + t[5:7] + t[8:]
	}
	if len(t) != 8 {
		return v2client.Date{}, fmt.Errorf("expected a date YYYYMMDD, got %q", clipText(s))
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return v2client.Date{}, fmt.Errorf("expected a date YYYYMMDD, got %q", clipText(s))
		}
	}
	d, err := time.Parse(DateLayout, t)
	if err != nil {
		return v2client.Date{}, fmt.Errorf("no such date %q", clipText(s))
	}
	return v2client.NewDate(d.Year(), d.Month(), d.Day()), nil
}

// clipText shortens text quoted in error messages (fault strings).
func clipText(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
