package xmlrpc

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
)

// stray reads the tag that stands where the reference decoder expects want
// (want names child, the one element it reads there, and the end tag of
// open, the innermost open element) and returns the reference's fault for
// it, computed by the same function (unexpected): the reference's
// decoder.tag returns that tag next, since only whitespace, comments and
// processing instructions, which both paths skip, come before it. The tag
// is read as encoding/xml reads it (a start tag's attributes counted, each
// name an XML name, at most one prefix), or the fast path gives up.
func (f *fastDecoder) stray(want, open, child string) error {
	if f.has("</") {
		name, ok := f.anyEndTag()
		if !ok {
			return errBail
		}
		return unexpected(xml.EndElement{Name: name}, want, open)
	}
	_, raw, _, _, ok := f.anyStartTag()
	if !ok {
		return errBail
	}
	if !nameStart(raw[0]) || string(raw) == child {
		f.late = true
		return errBail // a syntax error, or a child the fast path does not read
	}
	return unexpected(xml.StartElement{Name: splitName(raw)}, want, open)
}

// anyEndTag consumes an end tag "</name>" (whitespace allowed before '>')
// whose name is an ASCII XML name with at most one prefix, as anyStartTag
// reads it, and returns that name as encoding/xml splits it.
func (f *fastDecoder) anyEndTag() (xml.Name, bool) {
	b := f.b
	i := f.pos + 2
	if f.pos+2 > len(b) || b[f.pos] != '<' || b[f.pos+1] != '/' || i >= len(b) || !nameStart(b[i]) {
		return xml.Name{}, false
	}
	j, colons := i, 0
	for j < len(b) {
		c := b[j]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-' {
			j++
			continue
		}
		if c == ':' && colons == 0 && j+1 < len(b) && nameStart(b[j+1]) {
			colons++
			j++
			continue
		}
		break
	}
	raw := b[i:j]
	for j < len(b) && isSpaceByte(b[j]) {
		j++
	}
	if j >= len(b) || b[j] != '>' {
		return xml.Name{}, false
	}
	f.pos = j + 1
	return splitName(raw), true
}

// splitName splits a name read by anyStartTag or anyEndTag (at most one
// ':', with a name on either side) into prefix and local name, as
// encoding/xml does.
func splitName(raw []byte) xml.Name {
	for k, c := range raw {
		if c == ':' {
			return xml.Name{Space: string(raw[:k]), Local: string(raw[k+1:])}
		}
	}
	return xml.Name{Local: string(raw)}
}

// truncated returns the reference decoder's fault for a body that ends
// inside the markup at the read position, where the fast path gave up, or
// nil when it cannot prove that fault (the reference path then decodes the
// body). f.b must be the body the reference reads (not transcoded).
//
// The fast path read every byte before the read position q as the
// reference reads it and accepted every token (late is set where it did
// not), so the reference, at q, asks encoding/xml for its next token.
// From q to the end the body holds no '>', so that token is incomplete
// markup and RawToken fails on it; encoding/xml keeps no state between
// tokens but the line number, so a fresh tokenizer over the tail fails
// with the same message, on the line counted from q, and readErr words it
// the same way. No attribute-limit fault can come first: the tail is too
// short to pass maxAttrBytes, and no comment or instruction ends in it.
//
// A body that ends inside the root element with nothing left (rooted, the
// read position at the end) or in text the fast path read whole (eof: a
// value's, a scalar's, a member or method name's, where the reference
// collects character data whatever it holds, only bounding its length)
// gets the fault the reference words for io.EOF, which encoding/xml returns
// after that text: no line, no other state.
func (f *fastDecoder) truncated() error {
	q := f.pos
	if f.late || f.err != nil {
		return nil
	}
	if f.eof || (f.rooted && q == len(f.b)) {
		return new(decoder).readErr(io.EOF)
	}
	if q >= len(f.b) || f.b[q] != '<' ||
		f.attrs+len(f.b)-q > maxAttrBytes || bytes.IndexByte(f.b[q:], '>') >= 0 {
		return nil
	}
	x := xml.NewDecoder(bytes.NewReader(f.b[q:]))
	x.Strict = true
	_, err := x.RawToken()
	var se *xml.SyntaxError
	if !errors.As(err, &se) {
		return nil
	}
	at := *se
	at.Line += bytes.Count(f.b[:q], []byte("\n"))
	return new(decoder).readErr(&at)
}
