package xmlrpc

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// The fast path reads what the reference decoder skips or ignores, the way
// it does: comments and processing instructions wherever they may stand
// between elements or inside text (decoder.next skips them), and attributes
// on any start tag, which are ignored but counted against maxAttrBytes
// exactly as the reference's attrGuard counts them. A request over that
// limit gets the reference's fault from the fast path itself, when every
// byte before the one that passes the limit is one the fast path accepted:
// encoding/xml reads the body byte by byte and meets the limit at the same
// byte.

// misc skips whitespace, comments and processing instructions.
func (f *fastDecoder) misc() {
	f.space()
	if f.pos+1 < len(f.b) && f.b[f.pos] == '<' && (f.b[f.pos+1] == '!' || f.b[f.pos+1] == '?') {
		f.miscSlow()
	}
}

func (f *fastDecoder) miscSlow() {
	for {
		f.space()
		n := commentOrPI(f.b, f.pos)
		if n == 0 || !f.skipped() {
			return
		}
		f.pos = n
	}
}

// skipped counts one comment or processing instruction, reporting false
// (and setting f.err to the reference's fault) past maxSkipped.
func (f *fastDecoder) skipped() bool {
	if f.skips++; f.skips > maxSkipped {
		f.err = skippedLimitFault()
		return false
	}
	return true
}

// commentOrPI returns the position just after the comment or processing
// instruction that starts at i, or 0 when there is none the fast path
// reads. It leaves to the reference a comment with "--" inside it (an
// error) and a processing instruction whose target is not a plain ASCII
// name or is "xml" in any case (an XML declaration may switch the charset).
func commentOrPI(b []byte, i int) int {
	if i+1 >= len(b) || b[i] != '<' {
		return 0
	}
	switch b[i+1] {
	case '!':
		if i+4 > len(b) || b[i+2] != '-' || b[i+3] != '-' {
			return 0
		}
		k := bytes.Index(b[i+4:], []byte("--"))
		if k < 0 {
			return 0
		}
		end := i + 4 + k + 2
		if end >= len(b) || b[end] != '>' {
			return 0
		}
		return end + 1
	case '?':
		j := i + 2
		if j >= len(b) || !nameStart(b[j]) {
			return 0
		}
		for j++; j < len(b) && nameByte(b[j]); j++ {
		}
		if j >= len(b) || !(isSpaceByte(b[j]) || b[j] == '?') || strings.EqualFold(string(b[i+2:j]), "xml") {
			return 0
		}
		k := bytes.Index(b[j:], []byte("?>"))
		if k < 0 {
			return 0
		}
		return j + k + 2
	}
	return 0
}

// nameStart reports whether c may start an XML name (ASCII only: a name
// with other characters goes to the reference).
func nameStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

// nameByte reports whether c is an ASCII character encoding/xml reads as
// part of a name.
func nameByte(c byte) bool {
	return nameStart(c) || '0' <= c && c <= '9' || c == '.' || c == '-' || c == ':'
}

// tagRest reads the rest of a start tag from i, just after its name: its
// attributes and ">" or "/>". It returns the position after the tag,
// whether the tag was empty ("/>") and the attribute bytes to count (from
// the first attribute's first byte to the byte before '>', as attrGuard
// counts them); ok is false where it gives up. When the count would pass
// maxAttrBytes at a byte it accepted, it sets f.err to the reference's
// fault and gives up.
//
// An attribute is a name, '=' and a quoted value, whose references are
// those text accepts (the predefined entities and character references in
// XML's range: encoding/xml reads a quoted value with the same code as text);
// anything else (other references, '<', control characters, invalid UTF-8,
// "]]>" in a value) goes to the reference.
func (f *fastDecoder) tagRest(i int) (next int, empty bool, n int, ok bool) {
	b := f.b
	a0 := -1 // the first attribute byte
	// fail gives up at p: every byte before p was acceptable.
	fail := func(p int) (int, bool, int, bool) {
		if a0 >= 0 && f.attrs+p-a0 > maxAttrBytes {
			f.err = attrLimitFault()
		}
		return 0, false, 0, false
	}
	if i >= len(b) || !(isSpaceByte(b[i]) || b[i] == '>' || b[i] == '/') {
		return 0, false, 0, false // a longer name, or one encoding/xml reads on
	}
	for {
		for i < len(b) && isSpaceByte(b[i]) {
			i++
		}
		if i >= len(b) {
			return fail(i)
		}
		switch b[i] {
		case '>', '/':
			end := i
			if b[i] == '/' {
				if i+1 >= len(b) || b[i+1] != '>' {
					return fail(i + 1)
				}
				end = i + 1
			}
			if a0 >= 0 {
				n = end - a0
				if f.attrs+n > maxAttrBytes {
					return fail(end)
				}
			}
			return end + 1, b[i] == '/', n, true
		}
		if a0 < 0 {
			a0 = i
		}
		if !nameStart(b[i]) {
			return fail(i)
		}
		for i++; i < len(b) && nameByte(b[i]); i++ {
		}
		if i < len(b) && b[i] >= utf8.RuneSelf {
			return fail(i) // encoding/xml reads it as part of the name
		}
		for i < len(b) && isSpaceByte(b[i]) {
			i++
		}
		if i >= len(b) || b[i] != '=' {
			return fail(i)
		}
		for i++; i < len(b) && isSpaceByte(b[i]); i++ {
		}
		if i >= len(b) || b[i] != '"' && b[i] != '\'' {
			return fail(i)
		}
		q := b[i]
		for i++; ; {
			if i >= len(b) {
				return fail(i)
			}
			c := b[i]
			if c == q {
				i++
				break
			}
			switch {
			case c == '&':
				var ref [utf8.UTFMax]byte
				_, j, ok := entity(ref[:0], b, i)
				if !ok {
					return fail(i)
				}
				i = j
				continue
			case c == '<':
				return fail(i)
			case c == '>' && b[i-1] == ']' && b[i-2] == ']':
				return fail(i) // "]]>": b[i-2] is at worst the opening quote
			case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
				return fail(i)
			case c >= utf8.RuneSelf:
				r, size := utf8.DecodeRune(b[i:])
				if !xmlRune(r, size) {
					return fail(i)
				}
				i += size
				continue
			}
			i++
		}
	}
}

// openAt reads the start tag of an element called name at the read
// position, with its attributes, if empty matches whether it is "<name/>".
func (f *fastDecoder) openAt(name string, wantEmpty bool) bool {
	i := f.pos
	if f.err != nil || i+len(name)+2 > len(f.b) || f.b[i] != '<' || string(f.b[i+1:i+1+len(name)]) != name {
		return false
	}
	next, empty, n, ok := f.tagEnd(i + 1 + len(name))
	if !ok || empty != wantEmpty {
		return false
	}
	f.pos, f.attrs = next, f.attrs+n
	return true
}

// tagEnd is tagRest with the common cases first: ">" or "/>" right after
// the name.
func (f *fastDecoder) tagEnd(i int) (next int, empty bool, n int, ok bool) {
	if i < len(f.b) {
		switch f.b[i] {
		case '>':
			return i + 1, false, 0, true
		case '/':
			if i+1 < len(f.b) && f.b[i+1] == '>' {
				return i + 2, true, 0, true
			}
		}
	}
	return f.tagRest(i)
}

// attrLimitFault is the fault for a request with more than maxAttrBytes of
// attributes.
func attrLimitFault() *ProtocolError {
	return protocolErr(FaultInvalidRequest, "invalid XML-RPC: request limits exceeded: more than %d bytes of attributes (XML-RPC defines none)", maxAttrBytes)
}
