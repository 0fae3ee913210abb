package xmlrpc

import (
	"strings"
	"testing"
)

// TestJISLabelsUseJISMapping: Shift_JIS and EUC-JP decode the six characters
// where JIS X 0208 and CP932 differ as JIS X 0208 does (Java, Perl, Ruby),
// CP932's extra characters still decode, and the CP932 labels keep CP932's
// code points; both through the declaration and the Content-Type charset.
func TestJISLabelsUseJISMapping(t *testing.T) {
	const jis = "〜‖−¢£¬①"
	const cp932 = "～∥－￠￡￢①"
	sjisBytes := "\x81\x60\x81\x61\x81\x7c\x81\x91\x81\x92\x81\xca\x87\x40"
	eucBytes := "\xa1\xc1\xa1\xc2\xa1\xdd\xa1\xf1\xa1\xf2\xa2\xcc\xad\xa1"
	tests := []struct{ label, in, want string }{
		{"Shift_JIS", sjisBytes, jis},
		{"shift-jis", sjisBytes, jis},
		{"SJIS", sjisBytes, jis},
		{"EUC-JP", eucBytes, jis},
		{"Windows-31J", sjisBytes, cp932},
		{"CP932", sjisBytes, cp932},
		{"MS932", sjisBytes, cp932},
	}
	for _, tt := range tests {
		doc := `<?xml version="1.0" encoding="` + tt.label + `"?><methodCall><methodName>a</methodName><params><param><value>` + tt.in + `</value></param></params></methodCall>`
		c, err := DecodeCall(strings.NewReader(doc), DefaultLimits())
		if err != nil {
			t.Fatalf("%s: %v", tt.label, err)
		}
		if got := c.Params[0].Text(); got != tt.want {
			t.Errorf("declared %s: got %q (%U), want %q", tt.label, got, []rune(got), tt.want)
		}
		out, err := transcode([]byte(tt.in), tt.label)
		if err != nil || string(out) != tt.want {
			t.Errorf("charset=%s: got %q, %v; want %q", tt.label, out, err, tt.want)
		}
	}
}
