package xmlrpc

import "strings"

// valueElem reads a whole <value> element, "<value/>" included.
func (f *fastDecoder) valueElem(depth int) (Value, error) {
	if f.selfClosing("value") {
		f.values++
		if err := valueLimits(f.values, depth, f.lim); err != nil {
			return Value{}, err
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
	if err := valueLimits(f.values, depth, f.lim); err != nil {
		return Value{}, err
	}
	start, skips := f.pos, f.skips
	// Pretty-printed typed values ("<value>\n  <int>") need no text string:
	// skip the whitespace (comments, processing instructions) and look at
	// the tag.
	f.misc()
	if f.pos-start > f.lim.MaxStringBytes {
		f.late = true
		return Value{}, errBail // the reference counts the whitespace as text
	}
	if !(f.pos+1 < len(f.b) && f.b[f.pos] == '<' && f.b[f.pos+1] != '/' && f.b[f.pos+1] != '!') {
		f.pos, f.skips = start, skips // text reads (and counts) them again
		s, err := f.text()
		if err != nil {
			return Value{}, err
		}
		if f.endTag("value") {
			return String(s), nil // untyped: text verbatim
		}
		if !f.atStartTag() {
			return Value{}, errBail
		}
		if strings.Trim(s, " \t\r\n") != "" {
			return Value{}, f.mixed()
		}
		// Whitespace spelt as references or in a CDATA section: the
		// reference reads the type element after it as after spaces.
	}
	v, err := f.typed(depth)
	if err != nil {
		return Value{}, err
	}
	f.misc()
	if !f.endTag("value") {
		return Value{}, errBail
	}
	return v, nil
}

// atStartTag reports whether a start tag (not an end tag, a comment, a
// CDATA section or a processing instruction) begins at the read position.
func (f *fastDecoder) atStartTag() bool {
	return f.pos+1 < len(f.b) && f.b[f.pos] == '<' && f.b[f.pos+1] != '/' && f.b[f.pos+1] != '!' && f.b[f.pos+1] != '?'
}

// mixed reads the start tag that follows text other than whitespace in a
// <value> and returns the reference's fault for it ("text mixed with"),
// which the reference reports as soon as it has read that start tag: the
// fast path reads the tag the same way (attributes counted, the name an XML
// name) or gives up.
func (f *fastDecoder) mixed() error {
	_, raw, _, _, ok := f.anyStartTag()
	if !ok {
		return errBail
	}
	if !nameStart(raw[0]) {
		f.late = true
		return errBail // not an XML name: a syntax error
	}
	return protocolErr(FaultInvalidRequest, "invalid XML-RPC: text mixed with <%s>", clip(string(raw)))
}

// typed reads one typed element: start tag through end tag. Only
// whitespace (literal, spelt as references or in CDATA sections),
// comments and processing instructions precede it in its <value>, so the reference reads the same start tag as the type element
// and, where the fast path reports a fault here, reports the same one.
func (f *fastDecoder) typed(depth int) (Value, error) {
	name, raw, prefixed, empty, ok := f.anyStartTag()
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
		if err != nil {
			return Value{}, err
		}
		if !f.endTypeTag(name, raw, prefixed) {
			return Value{}, errBail
		}
		return String(s), nil
	case "struct":
		if empty {
			return structOf(nil), nil
		}
		return f.structValue(depth, containerName(name, raw, prefixed))
	case "array":
		if empty {
			return arrayOf(nil), nil
		}
		return f.arrayValue(depth, containerName(name, raw, prefixed))
	case "nil":
		if empty {
			return Nil(), nil
		}
		s, err := f.text()
		if err != nil {
			return Value{}, err
		}
		if !f.endTypeTag(name, raw, prefixed) {
			return Value{}, errBail
		}
		if strings.TrimSpace(s) != "" {
			return Value{}, protocolErr(FaultInvalidRequest, "invalid XML-RPC: <nil/> must be empty")
		}
		return Nil(), nil
	default:
		var ok bool
		if k, i8, ok = scalarElement(name); !ok {
			if !nameStart(raw[0]) {
				f.late = true
				return Value{}, errBail // not an XML name: a syntax error
			}
			return Value{}, protocolErr(FaultInvalidRequest, "invalid XML-RPC: unknown value type <%s>", clip(string(raw)))
		}
	}
	s := ""
	if !empty {
		var err error
		if s, err = f.text(); err != nil {
			return Value{}, err
		}
		if !f.endTypeTag(name, raw, prefixed) {
			return Value{}, errBail
		}
	}
	v, err := Scalar(k, s)
	if err != nil {
		return Value{}, &ProtocolError{Code: FaultInvalidRequest, Message: "invalid XML-RPC: " + err.Error()}
	}
	v.i8 = i8
	return v, nil
}

// containerName is the name a container's end tag must repeat: the
// constant for an unprefixed one, the start tag's whole name for a
// prefixed one (<ex:struct> ends with </ex:struct>, as the reference
// requires).
func containerName(name string, raw []byte, prefixed bool) string {
	if prefixed {
		return string(raw)
	}
	return name
}

// structValue reads a struct's members through the end tag called name.
func (f *fastDecoder) structValue(depth int, name string) (Value, error) {
	base := f.mstack.len()
	defer f.mstack.truncate(base)
	for {
		f.misc()
		if f.endTag(name) {
			return structOf(f.mstack.from(base)), nil
		}
		if !f.startTag("member") {
			return Value{}, f.stray("<member> or </"+name+">", name, "member")
		}
		f.misc()
		var m Member
		if f.selfClosing("name") {
			m.Name = ""
		} else {
			if !f.startTag("name") {
				return Value{}, errBail // <value> before <name>: reference path
			}
			var err error
			if m.Name, err = f.text(); err != nil {
				return Value{}, err
			}
			if !f.endTag("name") {
				return Value{}, errBail
			}
		}
		f.misc()
		var err error
		if m.Value, err = f.valueElem(depth + 1); err != nil {
			return Value{}, err
		}
		f.misc()
		if !f.endTag("member") {
			return Value{}, errBail
		}
		f.mstack.push(m)
	}
}

// arrayValue reads an array's <data> and items through the end tag called
// name.
func (f *fastDecoder) arrayValue(depth int, name string) (Value, error) {
	f.misc()
	if f.endTag(name) {
		return arrayOf(nil), nil
	}
	if f.selfClosing("data") {
		f.misc()
		if !f.endTag(name) {
			return Value{}, errBail
		}
		return arrayOf(nil), nil
	}
	base := f.istack.len()
	defer f.istack.truncate(base)
	if !f.startTag("data") {
		return Value{}, errBail
	}
	dataPos := f.pos
	for {
		f.misc()
		if f.endTag("data") {
			f.misc()
			if !f.endTag(name) {
				return Value{}, errBail
			}
			return arrayOf(f.istack.from(base)), nil
		}
		v, err := f.item(depth + 1)
		if err != nil {
			return Value{}, err
		}
		f.istack.push(v)
		if f.istack.len()-base == stackChunk {
			// A large array: its count sizes its own slice
			// (fastdecode_count.go) and the stack lets go of it.
			if n, ok := f.arrayCapacity(dataPos, stackChunk); ok {
				items := make([]Value, stackChunk, n)
				f.istack.copyFrom(items, base)
				f.istack.truncate(base)
				return f.arrayRest(depth, items, name)
			}
		}
	}
}

// arrayRest reads an array's remaining items into items, through </array>.
func (f *fastDecoder) arrayRest(depth int, items []Value, name string) (Value, error) {
	for {
		if end, ok := f.dataEnd(name); end {
			if !ok {
				return Value{}, errBail
			}
			return arrayOf(items), nil
		}
		v, err := f.item(depth + 1)
		if err != nil {
			return Value{}, err
		}
		items = append(items, v)
	}
}

// item reads an array's item: a whole <value> element, or the tag of
// another element standing in its place, for which it returns the
// reference's fault (stray).
func (f *fastDecoder) item(depth int) (Value, error) {
	at := f.pos
	v, err := f.valueElem(depth)
	if err == errBail && f.pos == at {
		return Value{}, f.stray("<value> or </data>", "data", "value")
	}
	return v, err
}

// dataEnd skips whitespace and reports whether "</data>" is next,
// consuming it and the array's end tag (called name) that must follow (ok
// false when it does not).
func (f *fastDecoder) dataEnd(name string) (end, ok bool) {
	f.misc()
	if !f.endTag("data") {
		return false, false
	}
	f.misc()
	return true, f.endTag(name)
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

// endTypeTag consumes the end tag of a type element: its constant name, or
// its bytes when it was prefixed.
func (f *fastDecoder) endTypeTag(name string, raw []byte, prefixed bool) bool {
	if prefixed {
		return endTagOf(f, raw)
	}
	return f.endTag(name)
}
