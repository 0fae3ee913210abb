package fake

import "regexp"

// wholeFloat finds a member whose value Backlog writes as a float, holding
// an integer literal: hours of issues, the bounds and initial value of
// numeric custom fields. Real answers write whole numbers with a fraction
// (13.0, 1000000.0: testdata/v2-json, ../shared/spec/v2-wire-evidence.md);
// Go writes 13. The member must follow '{' or ',' unescaped, so text inside
// a JSON string (where quotes are \") never matches.
var wholeFloat = regexp.MustCompile(`[{,]"(?:estimatedHours|actualHours|min|max|initialValue)":-?\d+`)

// realFloats rewrites those whole numbers of a compact JSON answer as real
// answers write them (a literal followed by '.' or an exponent is left).
func realFloats(b []byte) []byte {
	idx := wholeFloat.FindAllIndex(b, -1)
	if idx == nil {
		return b
	}
	out := make([]byte, 0, len(b)+2*len(idx))
	last := 0
	for _, m := range idx {
		end := m[1]
		out = append(out, b[last:end]...)
		if end < len(b) && (b[end] == ',' || b[end] == '}') {
			out = append(out, ".0"...)
		}
		last = end
	}
	return append(out, b[last:]...)
}
