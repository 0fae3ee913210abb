package mapping

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"testing/quick"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

var tokyo = func() *time.Location {
	l, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		panic(err)
	}
	return l
}()

// randomDay maps an arbitrary uint32 to a calendar day in 1900..2199.
func randomDay(n uint32) time.Time {
	return time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n%109572))
}

// Property: a legacy date survives request -> v2 -> response unchanged, in
// both v2 answer forms (midnight UTC, and the old "local midnight in UTC").
func TestDateRoundTripProperty(t *testing.T) {
	f := func(n uint32) bool {
		day := randomDay(n)
		legacy := day.Format(DateLayout)
		d, err := ParseDate(legacy)
		if err != nil || d.Format(nil) != day.Format("2006-01-02") {
			return false
		}
		if Date(&d, tokyo) != legacy {
			return false
		}
		old := v2client.DateAt(time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, tokyo))
		if Date(&old, tokyo) != legacy {
			return false
		}
		// The dashed and slashed forms, and Perl's int text, read the same.
		for _, alt := range []string{day.Format("2006-01-02"), day.Format("2006/01/02"), " " + legacy + " ", legacy + "000000"} {
			if d2, err := ParseDate(alt); err != nil || d2 != d {
				return false
			}
		}
		return true
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 2000}); err != nil {
		t.Error(err)
	}
}

// Property: ParseDate accepts an 8-digit string exactly when it is a real
// calendar date.
func TestParseDateValidityProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for i := 0; i < 5000; i++ {
		s := fmt.Sprintf("%04d%02d%02d", r.IntN(10000), r.IntN(14), r.IntN(33))
		_, want := time.Parse(DateLayout, s)
		_, got := ParseDate(s)
		if (want == nil) != (got == nil) {
			t.Fatalf("ParseDate(%q) err=%v, time.Parse err=%v", s, got, want)
		}
	}
	for _, bad := range []string{"", "2026", "2026011", "202601011", "2026-1-01", "abcdefgh", "20260230", "２０２６０１０１", "20261301000001"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

func TestDateUnset(t *testing.T) {
	if Date(nil, tokyo) != "" || Date(&v2client.Date{}, tokyo) != "" {
		t.Error("unset date is not \"\"")
	}
}

// Property: a legacy timestamp is 14 digits and names the same instant in
// the given zone (to the second).
func TestTimestampProperty(t *testing.T) {
	zones := []*time.Location{time.UTC, tokyo, time.FixedZone("minus", -(9*3600 + 30*60))}
	f := func(sec int64, z uint8) bool {
		ts := time.Unix(sec%(1<<34), 0).UTC()
		loc := zones[int(z)%len(zones)]
		s := Timestamp(ts, loc)
		if len(s) != 14 {
			return false
		}
		back, err := time.ParseInLocation(TimestampLayout, s, loc)
		return err == nil && back.Equal(ts)
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 2000}); err != nil {
		t.Error(err)
	}
	if got := Timestamp(time.Date(2012, 8, 18, 14, 20, 7, 0, time.UTC), tokyo); got != "20120818232007" {
		t.Errorf("JST timestamp %s", got)
	}
	if got := Timestamp(time.Date(2012, 8, 18, 14, 20, 7, 0, time.UTC), nil); got != "20120818142007" {
		t.Errorf("nil zone is UTC: %s", got)
	}
}

// FuzzParseDate: whatever the input, ParseDate either fails or returns a
// date that renders back to 8 digits which parse to the same date.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"20100131", "2010-01-31", "2010/01/31", "20081230000000", "", "2026-13-01", " 20261231 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		out := Date(&d, tokyo)
		if len(out) != 8 {
			t.Fatalf("ParseDate(%q) renders %q", s, out)
		}
		d2, err := ParseDate(out)
		if err != nil || d2 != d {
			t.Fatalf("ParseDate(%q) -> %q does not round-trip: %v", s, out, err)
		}
	})
}
