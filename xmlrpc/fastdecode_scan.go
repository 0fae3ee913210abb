package xmlrpc

import "unicode/utf8"

// space skips XML whitespace.
func (f *fastDecoder) space() {
	for f.pos < len(f.b) && isSpaceByte(f.b[f.pos]) {
		f.pos++
	}
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (f *fastDecoder) has(s string) bool {
	return len(f.b)-f.pos >= len(s) && string(f.b[f.pos:f.pos+len(s)]) == s
}

// startTag consumes a start tag "<name ...>" (attributes: tagRest).
func (f *fastDecoder) startTag(name string) bool { return f.openAt(name, false) }

// selfClosing consumes an empty-element tag "<name .../>".
func (f *fastDecoder) selfClosing(name string) bool { return f.openAt(name, true) }

// endTag consumes "</name>" (whitespace allowed before '>').
func (f *fastDecoder) endTag(name string) bool { return endTagOf(f, name) }

// endTagOf is endTag for a name given as a string or as bytes (a prefixed
// name read from the body).
func endTagOf[N string | []byte](f *fastDecoder, name N) bool {
	i := f.pos
	if i+len(name)+3 > len(f.b) || f.b[i] != '<' || f.b[i+1] != '/' || string(f.b[i+2:i+2+len(name)]) != string(name) {
		return false
	}
	j := i + 2 + len(name)
	for j < len(f.b) && isSpaceByte(f.b[j]) {
		j++
	}
	if j < len(f.b) && f.b[j] == '>' {
		f.pos = j + 1
		return true
	}
	return false
}

// anyStartTag consumes a start tag "<name ...>" or "<name .../>" with a
// plain name (ASCII letters, digits, '.', '_', '-'), or a prefixed one
// ("ex:nil": two such names, each starting with a letter or '_'). It
// returns the local name as a constant for the XML-RPC type names (known),
// the whole name's bytes and whether a prefix was there.
func (f *fastDecoder) anyStartTag() (known string, raw []byte, prefixed, empty, ok bool) {
	i := f.pos
	if f.err != nil || i >= len(f.b) || f.b[i] != '<' {
		return "", nil, false, false, false
	}
	i++
	j, local := i, i
	for j < len(f.b) {
		c := f.b[j]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-' {
			j++
			continue
		}
		if c == ':' && local == i && j > i && nameStart(f.b[i]) && j+1 < len(f.b) && nameStart(f.b[j+1]) {
			j++
			local = j
			continue
		}
		break
	}
	if j == i {
		return "", nil, false, false, false
	}
	next, empty, n, ok := f.tagEnd(j)
	if !ok {
		return "", nil, false, false, false
	}
	f.pos, f.attrs = next, f.attrs+n
	return knownName(f.b[local:j]), f.b[i:j], local != i, empty, true
}

// text reads character data up to the next markup that is not a CDATA
// section, a comment or a processing instruction (those two are skipped,
// as the reference skips them), resolving references and normalising line
// ends like encoding/xml. It gives up on unknown entities, invalid UTF-8,
// characters outside XML's range and "]]>".
func (f *fastDecoder) text() (string, error) {
	b := f.b
	i := f.pos
	start := i
	// Fast scan: plain text needs no copy beyond the final string.
	for i < len(b) {
		c := b[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '&' && c != '<' && c != '>' {
			i++
			continue
		}
		if c == '\n' || c == '\t' {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(b[i:])
			if !xmlRune(r, size) {
				return "", errBail
			}
			i += size
			continue
		}
		break
	}
	if i < len(b) && b[i] == '<' && !(i+1 < len(b) && (b[i+1] == '!' || b[i+1] == '?')) {
		if i-start > f.lim.MaxStringBytes {
			// One run of plain text: encoding/xml reads it as one
			// CharData token and the reference refuses it here too.
			return "", tooLong(f.lim)
		}
		f.pos = i
		return string(b[start:i]), nil
	}
	// Slow scan into scratch.
	out := append(f.scratch[:0], b[start:i]...)
	for {
		if len(out) > f.lim.MaxStringBytes {
			return "", errBail
		}
		if i >= len(b) {
			f.eof = true // valid text, within the limit, up to the end
			return "", errBail
		}
		c := b[i]
		switch {
		case c == '<':
			if i+9 <= len(b) && string(b[i:i+9]) == "<![CDATA[" {
				var ok bool
				if out, i, ok = cdata(out, b, i+9); !ok {
					return "", errBail
				}
				continue
			}
			if n := commentOrPI(b, i); n > 0 {
				if !f.skipped() {
					return "", errBail // f.err holds the fault
				}
				i = n // skipped, as the reference skips it inside text
				continue
			}
			f.pos = i
			f.scratch = out
			if len(out) > f.lim.MaxStringBytes {
				return "", errBail
			}
			return string(out), nil
		case c == '&':
			var ok bool
			if out, i, ok = entity(out, b, i); !ok {
				return "", errBail
			}
		case c == '\r':
			out = append(out, '\n')
			i++
			if i < len(b) && b[i] == '\n' {
				i++
			}
		case c == '>':
			if i >= 2 && b[i-1] == ']' && b[i-2] == ']' {
				return "", errBail // "]]>" outside CDATA
			}
			out = append(out, c)
			i++
		case c == '\n' || c == '\t' || (c >= 0x20 && c < utf8.RuneSelf):
			out = append(out, c)
			i++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(b[i:])
			if !xmlRune(r, size) {
				return "", errBail
			}
			out = append(out, b[i:i+size]...)
			i += size
		default:
			return "", errBail // control character
		}
	}
}

// xmlRune reports whether a decoded non-ASCII rune is valid UTF-8 and in
// XML's character range.
func xmlRune(r rune, size int) bool {
	if r == utf8.RuneError && size == 1 {
		return false
	}
	return r <= 0xD7FF || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// cdata appends a CDATA section's content (from i, after "<![CDATA[")
// through "]]>", normalising line ends.
func cdata(out, b []byte, i int) ([]byte, int, bool) {
	for i < len(b) {
		c := b[i]
		switch {
		case c == ']' && i+2 < len(b) && b[i+1] == ']' && b[i+2] == '>':
			return out, i + 3, true
		case c == '\r':
			out = append(out, '\n')
			i++
			if i < len(b) && b[i] == '\n' {
				i++
			}
		case c == '\n' || c == '\t' || (c >= 0x20 && c < utf8.RuneSelf):
			out = append(out, c)
			i++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(b[i:])
			if !xmlRune(r, size) {
				return out, i, false
			}
			out = append(out, b[i:i+size]...)
			i += size
		default:
			return out, i, false
		}
	}
	return out, i, false
}

// entity appends the character an entity or character reference at b[i]
// ('&') stands for.
func entity(out, b []byte, i int) ([]byte, int, bool) {
	end := i + 1
	for end < len(b) && end-i < 12 && b[end] != ';' {
		end++
	}
	if end >= len(b) || b[end] != ';' {
		return out, i, false
	}
	name := b[i+1 : end]
	switch string(name) {
	case "lt":
		return append(out, '<'), end + 1, true
	case "gt":
		return append(out, '>'), end + 1, true
	case "amp":
		return append(out, '&'), end + 1, true
	case "apos":
		return append(out, '\''), end + 1, true
	case "quot":
		return append(out, '"'), end + 1, true
	}
	if len(name) < 2 || name[0] != '#' {
		return out, i, false
	}
	digits := name[1:]
	base := rune(10)
	if digits[0] == 'x' {
		base = 16
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 8 {
		return out, i, false
	}
	var r rune
	for _, c := range digits {
		var d rune
		switch {
		case '0' <= c && c <= '9':
			d = rune(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return out, i, false
		}
		r = r*base + d
	}
	if !(r == 0x09 || r == 0x0A || r == 0x0D || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)) {
		return out, i, false
	}
	return utf8.AppendRune(out, r), end + 1, true
}
