package xmlrpc

import (
	"encoding/base64"
	"fmt"
	"strings"
	"time"
)

// decodeBase64 decodes standard base64, tolerating the line breaks and
// spaces that MIME-style encoders (Perl, Python 2) insert every 76 columns.
func decodeBase64(s string) ([]byte, error) {
	clean := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n':
			return -1
		}
		return r
	}, s)
	if b, err := base64.StdEncoding.DecodeString(clean); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(clean, "="))
}

// iso8601Layouts are the dateTime.iso8601 spellings accepted. XML-RPC's own
// form (19980717T14:08:55) carries no zone: it is read as UTC. Forms with an
// explicit zone keep it.
var iso8601Layouts = []string{
	"20060102T15:04:05",
	"20060102T150405",
	"2006-01-02T15:04:05",
	"20060102T15:04:05Z07:00",
	"20060102T150405Z07:00",
	time.RFC3339,
	"20060102T15:04:05Z0700",
}

func parseISO8601(s string) (time.Time, error) {
	for _, l := range iso8601Layouts {
		if t, err := time.ParseInLocation(l, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised dateTime.iso8601 %q", clip(s))
}
