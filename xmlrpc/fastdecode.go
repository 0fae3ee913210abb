package xmlrpc

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"unicode/utf8"
)

// The fast path. encoding/xml's tokenizer allocates for every token and runs
// at about a third of expat's speed, which is not enough for the codec
// targets (BENCHMARKS.md). So a request is first read by fastDecoder, a
// byte scanner for the subset of XML that XML-RPC clients actually send:
// UTF-8, no DOCTYPE, no comments or processing instructions inside the
// document, no attributes or prefixed names, the five predefined entities,
// numeric character references, CDATA sections.
//
// The fast path never reports an error itself: on anything it does not
// accept (including every malformed input and every limit breach) it gives
// up, and the same bytes are decoded again by the encoding/xml path
// (decoder), which is the reference and produces the fault. The fuzz test
// checks that whenever the fast path accepts an input, the reference accepts
// it too and produces the same values.
type fastDecoder struct {
	b       []byte
	pos     int
	lim     Limits
	values  int
	scratch []byte
	// Members and items are collected on these stacks and copied into an
	// exactly sized slice when their struct or array ends: one allocation
	// per container, no growth garbage. A nested container pushes above its
	// parent's partial members and pops back before the parent continues.
	mstack []Member
	istack []Value
	mhigh  int // high-water marks: putFast clears only what was used
	ihigh  int
}

var fastPool = sync.Pool{New: func() any { return new(fastDecoder) }}

// getFast returns a pooled fastDecoder over b (its stacks and scratch are
// reused across requests).
func getFast(b []byte, lim Limits) *fastDecoder {
	f := fastPool.Get().(*fastDecoder)
	f.b, f.pos, f.lim, f.values = b, 0, lim, 0
	return f
}

// putFast clears every reference the decoder holds and pools it, unless its
// stacks grew unusually large.
func putFast(f *fastDecoder) {
	f.b = nil
	clear(f.mstack[:f.mhigh])
	clear(f.istack[:f.ihigh])
	f.mhigh, f.ihigh = 0, 0
	if cap(f.mstack) > 4096 || cap(f.istack) > 4096 || cap(f.scratch) > 64<<10 {
		return
	}
	f.mstack, f.istack, f.scratch = f.mstack[:0], f.istack[:0], f.scratch[:0]
	fastPool.Put(f)
}

// errBail makes the fast path hand over to the reference decoder.
var errBail = errors.New("xmlrpc: fast path gave up")

func (f *fastDecoder) call() (*Call, error) {
	if err := f.prolog("methodCall"); err != nil {
		return nil, err
	}
	if !f.startTag("methodName") {
		return nil, errBail
	}
	name, err := f.text()
	if err != nil || !f.endTag("methodName") {
		return nil, errBail
	}
	name = strings.TrimSpace(name)
	if !validMethodName(name) {
		return nil, errBail
	}
	c := &Call{Method: name}
	f.space()
	switch {
	case f.startTag("params"):
		if c.Params, err = f.params(); err != nil {
			return nil, err
		}
		f.space()
		if !f.endTag("methodCall") {
			return nil, errBail
		}
	case f.selfClosing("params"):
		f.space()
		if !f.endTag("methodCall") {
			return nil, errBail
		}
	case f.endTag("methodCall"):
	default:
		return nil, errBail
	}
	return c, f.epilog()
}

func (f *fastDecoder) response() (Value, error) {
	if err := f.prolog("methodResponse"); err != nil {
		return Value{}, err
	}
	if !f.startTag("params") {
		return Value{}, errBail // faults go the reference way
	}
	ps, err := f.params()
	if err != nil || len(ps) != 1 {
		return Value{}, errBail
	}
	f.space()
	if !f.endTag("methodResponse") {
		return Value{}, errBail
	}
	return ps[0], f.epilog()
}

// prolog accepts optional whitespace, an optional <?xml?> declaration
// declaring version 1.0 and UTF-8 (or nothing), whitespace and the root
// start tag.
func (f *fastDecoder) prolog(root string) error {
	f.space()
	if f.has("<?xml") {
		end := bytes.Index(f.b[f.pos:], []byte("?>"))
		if end < 0 {
			return errBail
		}
		decl := f.b[f.pos+5 : f.pos+end]
		if len(decl) == 0 || !isSpaceByte(decl[0]) || !simpleDecl(decl) {
			return errBail
		}
		f.pos += end + 2
		f.space()
	}
	if !f.startTag(root) {
		return errBail
	}
	f.space()
	return nil
}

// simpleDecl accepts version="1.0", encoding="utf-8" (any case) and
// standalone=... attributes, in single or double quotes; anything else
// (another encoding, another version) goes to the reference decoder.
func simpleDecl(decl []byte) bool {
	s := string(decl)
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		if s == "" {
			return true
		}
		eq := strings.IndexByte(s, '=')
		if eq <= 0 || eq+2 > len(s) {
			return false
		}
		key := s[:eq]
		q := s[eq+1]
		if q != '"' && q != '\'' {
			return false
		}
		rest := s[eq+2:]
		end := strings.IndexByte(rest, q)
		if end < 0 {
			return false
		}
		val := rest[:end]
		switch key {
		case "version":
			if val != "1.0" {
				return false
			}
		case "encoding":
			if !strings.EqualFold(val, "utf-8") {
				return false
			}
		case "standalone":
			if val != "yes" && val != "no" {
				return false
			}
		default:
			return false
		}
		s = rest[end+1:]
		if s != "" && !isSpaceByte(s[0]) {
			return false
		}
	}
}

// epilog accepts only trailing whitespace.
func (f *fastDecoder) epilog() error {
	f.space()
	if f.pos != len(f.b) {
		return errBail
	}
	return nil
}

func (f *fastDecoder) params() ([]Value, error) {
	var ps []Value
	for {
		f.space()
		if f.endTag("params") {
			return ps, nil
		}
		if !f.startTag("param") {
			return nil, errBail
		}
		f.space()
		v, err := f.valueElem(1)
		if err != nil {
			return nil, err
		}
		f.space()
		if !f.endTag("param") {
			return nil, errBail
		}
		ps = append(ps, v)
	}
}

// valueElem reads a whole <value> element, "<value/>" included.
func (f *fastDecoder) valueElem(depth int) (Value, error) {
	if f.selfClosing("value") {
		f.values++
		if f.values > f.lim.MaxValues || depth > f.lim.MaxDepth {
			return Value{}, errBail
		}
		return String(""), nil
	}
	if !f.startTag("value") {
		return Value{}, errBail
	}
	return f.value(depth)
}

// value reads a <value> element's content through </value>.
func (f *fastDecoder) value(depth int) (Value, error) {
	f.values++
	if f.values > f.lim.MaxValues || depth > f.lim.MaxDepth {
		return Value{}, errBail
	}
	start := f.pos
	// Pretty-printed typed values ("<value>\n  <int>") need no text string:
	// skip the whitespace and look at the tag.
	f.space()
	if !(f.pos+1 < len(f.b) && f.b[f.pos] == '<' && f.b[f.pos+1] != '/' && f.b[f.pos+1] != '!') {
		f.pos = start
		s, err := f.text()
		if err != nil {
			return Value{}, err
		}
		if f.endTag("value") {
			return String(s), nil // untyped: text verbatim
		}
		if !isSpace(f.b[start:f.pos]) {
			return Value{}, errBail // mixed content, or whitespace spelt as a reference
		}
	}
	v, err := f.typed(depth)
	if err != nil {
		return Value{}, err
	}
	f.space()
	if !f.endTag("value") {
		return Value{}, errBail
	}
	return v, nil
}

// typed reads one typed element: start tag through end tag.
func (f *fastDecoder) typed(depth int) (Value, error) {
	name, empty, ok := f.anyStartTag()
	if !ok {
		return Value{}, errBail
	}
	var k Kind
	i8 := false
	switch name {
	case "string":
		if empty {
			return String(""), nil
		}
		s, err := f.text()
		if err != nil || !f.endTag("string") {
			return Value{}, errBail
		}
		return String(s), nil
	case "struct":
		if empty {
			return Value{kind: KindStruct, members: []Member{}}, nil
		}
		return f.structValue(depth)
	case "array":
		if empty {
			return Value{kind: KindArray, items: []Value{}}, nil
		}
		return f.arrayValue(depth)
	case "nil":
		if empty {
			return Nil(), nil
		}
		return Value{}, errBail
	default:
		var ok bool
		if k, i8, ok = scalarElement(name); !ok {
			return Value{}, errBail
		}
	}
	s := ""
	if !empty {
		var err error
		if s, err = f.text(); err != nil || !f.endTag(name) {
			return Value{}, errBail
		}
	}
	v, err := Scalar(k, s)
	if err != nil {
		return Value{}, errBail
	}
	v.i8 = i8
	return v, nil
}

func (f *fastDecoder) structValue(depth int) (Value, error) {
	base := len(f.mstack)
	defer func() {
		// A struct's stack top is highest when it ends (nested containers
		// have popped back), so this records the high-water mark.
		f.mhigh = max(f.mhigh, len(f.mstack))
		f.mstack = f.mstack[:base]
	}()
	for {
		f.space()
		if f.endTag("struct") {
			members := make([]Member, len(f.mstack)-base)
			copy(members, f.mstack[base:])
			return Value{kind: KindStruct, members: members}, nil
		}
		if !f.startTag("member") {
			return Value{}, errBail
		}
		f.space()
		var m Member
		if f.selfClosing("name") {
			m.Name = ""
		} else {
			if !f.startTag("name") {
				return Value{}, errBail // <value> before <name>: reference path
			}
			var err error
			if m.Name, err = f.text(); err != nil || !f.endTag("name") {
				return Value{}, errBail
			}
		}
		f.space()
		var err error
		if m.Value, err = f.valueElem(depth + 1); err != nil {
			return Value{}, err
		}
		f.space()
		if !f.endTag("member") {
			return Value{}, errBail
		}
		f.mstack = append(f.mstack, m)
	}
}

func (f *fastDecoder) arrayValue(depth int) (Value, error) {
	f.space()
	if f.endTag("array") {
		return Value{kind: KindArray, items: []Value{}}, nil
	}
	if f.selfClosing("data") {
		f.space()
		if !f.endTag("array") {
			return Value{}, errBail
		}
		return Value{kind: KindArray, items: []Value{}}, nil
	}
	base := len(f.istack)
	defer func() {
		f.ihigh = max(f.ihigh, len(f.istack))
		f.istack = f.istack[:base]
	}()
	if !f.startTag("data") {
		return Value{}, errBail
	}
	for {
		f.space()
		if f.endTag("data") {
			f.space()
			if !f.endTag("array") {
				return Value{}, errBail
			}
			items := make([]Value, len(f.istack)-base)
			copy(items, f.istack[base:])
			return Value{kind: KindArray, items: items}, nil
		}
		v, err := f.valueElem(depth + 1)
		if err != nil {
			return Value{}, err
		}
		f.istack = append(f.istack, v)
	}
}

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

// tagClose reports whether position i, just after a tag name, is followed by
// optional whitespace and ">", returning the position after ">".
func (f *fastDecoder) tagClose(i int) (int, bool) {
	for i < len(f.b) && isSpaceByte(f.b[i]) {
		i++
	}
	if i < len(f.b) && f.b[i] == '>' {
		return i + 1, true
	}
	return 0, false
}

// startTag consumes "<name>" (whitespace allowed before '>').
func (f *fastDecoder) startTag(name string) bool {
	i := f.pos
	if i+len(name)+2 > len(f.b) || f.b[i] != '<' || string(f.b[i+1:i+1+len(name)]) != name {
		return false
	}
	if next, ok := f.tagClose(i + 1 + len(name)); ok {
		f.pos = next
		return true
	}
	return false
}

// selfClosing consumes "<name/>" (whitespace allowed before "/>").
func (f *fastDecoder) selfClosing(name string) bool {
	i := f.pos
	if i+len(name)+3 > len(f.b) || f.b[i] != '<' || string(f.b[i+1:i+1+len(name)]) != name {
		return false
	}
	i += 1 + len(name)
	for i < len(f.b) && isSpaceByte(f.b[i]) {
		i++
	}
	if i+1 < len(f.b) && f.b[i] == '/' && f.b[i+1] == '>' {
		f.pos = i + 2
		return true
	}
	return false
}

// endTag consumes "</name>" (whitespace allowed before '>').
func (f *fastDecoder) endTag(name string) bool {
	i := f.pos
	if i+len(name)+3 > len(f.b) || f.b[i] != '<' || f.b[i+1] != '/' || string(f.b[i+2:i+2+len(name)]) != name {
		return false
	}
	if next, ok := f.tagClose(i + 2 + len(name)); ok {
		f.pos = next
		return true
	}
	return false
}

// anyStartTag consumes a start tag "<name>" or "<name/>" with a plain name
// (letters, digits, '.', '_', '-'; no prefix, no attributes).
func (f *fastDecoder) anyStartTag() (name string, empty, ok bool) {
	i := f.pos
	if i >= len(f.b) || f.b[i] != '<' {
		return "", false, false
	}
	i++
	j := i
	for j < len(f.b) {
		c := f.b[j]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-' {
			j++
			continue
		}
		break
	}
	if j == i {
		return "", false, false
	}
	nameB := f.b[i:j]
	for j < len(f.b) && isSpaceByte(f.b[j]) {
		j++
	}
	switch {
	case j < len(f.b) && f.b[j] == '>':
		empty = false
		j++
	case j+1 < len(f.b) && f.b[j] == '/' && f.b[j+1] == '>':
		empty = true
		j += 2
	default:
		return "", false, false
	}
	f.pos = j
	return knownName(nameB), empty, true
}

// knownName returns the element name as a constant string (no allocation
// for the XML-RPC type names).
func knownName(b []byte) string {
	for _, n := range typeNames {
		if string(b) == n {
			return n
		}
	}
	return ""
}

var typeNames = [...]string{"string", "int", "i4", "struct", "array", "boolean", "double", "i8", "dateTime.iso8601", "base64", "nil"}

// text reads character data up to the next markup that is not a CDATA
// section, resolving references and normalising line ends like encoding/xml.
// It gives up on comments, processing instructions, unknown entities,
// invalid UTF-8, characters outside XML's range and "]]>".
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
	if i < len(b) && b[i] == '<' && !(i+1 < len(b) && b[i+1] == '!') {
		if i-start > f.lim.MaxStringBytes {
			return "", errBail
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
