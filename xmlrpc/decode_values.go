package xmlrpc

import (
	"encoding/xml"
	"strings"
)

// valueLimits is the fault for the values-th <value> element, at depth,
// when it is over a limit (nil otherwise). Both decoders call it at the same
// element, so the fast path reports it itself: handing a 100,001-value
// request to the reference path would decode it a second time.
func valueLimits(values, depth int, lim Limits) error {
	if values > lim.MaxValues {
		return protocolErr(FaultInvalidRequest, "invalid XML-RPC: request limits exceeded: more than %d values", lim.MaxValues)
	}
	if depth > lim.MaxDepth {
		return protocolErr(FaultInvalidRequest, "invalid XML-RPC: request limits exceeded: values nested deeper than %d", lim.MaxDepth)
	}
	return nil
}

// value reads the content of a <value> element whose start tag was consumed,
// through its end tag.
func (d *decoder) value(depth int) (Value, error) {
	d.values++
	if err := valueLimits(d.values, depth, d.lim); err != nil {
		return Value{}, err
	}
	d.text = d.text[:0]
	for {
		t, err := d.next()
		if err != nil {
			return Value{}, err
		}
		switch t := t.(type) {
		case xml.CharData:
			if len(d.text)+len(t) > d.lim.MaxStringBytes {
				return Value{}, d.tooLong()
			}
			d.text = append(d.text, t...)
		case xml.EndElement:
			if t.Name.Local != "value" || t.Name.Space != "" {
				return Value{}, unexpected(t, "</value>", "value")
			}
			// Untyped <value>text</value>: a string, whitespace included.
			return String(string(d.text)), nil
		case xml.StartElement:
			if !isSpace(d.text) {
				return Value{}, protocolErr(FaultInvalidRequest, "invalid XML-RPC: text mixed with <%s>", clip(qname(t.Name)))
			}
			v, err := d.typed(t, depth)
			if err != nil {
				return Value{}, err
			}
			if err := d.expectEnd("value"); err != nil {
				return Value{}, err
			}
			return v, nil
		}
	}
}

func (d *decoder) tooLong() error { return tooLong(d.lim) }

// tooLong is the fault for a string, or a member name, over
// lim.MaxStringBytes. The fast path reports it itself for a run of plain
// text, which both paths refuse at the same place.
func tooLong(lim Limits) error {
	return protocolErr(FaultInvalidRequest, "invalid XML-RPC: request limits exceeded: a string is longer than %d bytes", lim.MaxStringBytes)
}

// typed reads a typed value element (start consumed) through its end tag.
//
// The rule for namespace prefixes: a value's type element (the child of
// <value>: string, int, struct, array, nil...) is matched on its local name,
// whatever its prefix, so Apache's ex:nil and ex:i8 are read like nil and
// i8 and <ex:struct> like <struct>; its end tag must repeat the start tag's
// name exactly. Every other XML-RPC element (methodCall, params, member,
// name, value, data...) must be unprefixed: a prefixed one is -32600
// "invalid XML-RPC: expected <member> ..., got <ex:member>". The fast path
// reads a prefixed type element too, containers included, and leaves every
// other prefixed name to this decoder (or reports this fault for it where
// it proves it: fastdecode_faults.go).
func (d *decoder) typed(s xml.StartElement, depth int) (Value, error) {
	var (
		k  Kind
		i8 bool
	)
	switch s.Name.Local {
	case "string":
		str, err := d.text_(s.Name)
		if err != nil {
			return Value{}, err
		}
		return String(str), nil
	case "struct":
		return d.structValue(s.Name, depth)
	case "array":
		return d.arrayValue(s.Name, depth)
	case "nil":
		str, err := d.text_(s.Name)
		if err != nil {
			return Value{}, err
		}
		if strings.TrimSpace(str) != "" {
			return Value{}, protocolErr(FaultInvalidRequest, "invalid XML-RPC: <nil/> must be empty")
		}
		return Nil(), nil
	default:
		var ok bool
		if k, i8, ok = scalarElement(s.Name.Local); !ok {
			return Value{}, protocolErr(FaultInvalidRequest, "invalid XML-RPC: unknown value type <%s>", clip(qname(s.Name)))
		}
	}
	str, err := d.text_(s.Name)
	if err != nil {
		return Value{}, err
	}
	v, err := Scalar(k, str)
	if err != nil {
		return Value{}, &ProtocolError{Code: FaultInvalidRequest, Message: "invalid XML-RPC: " + err.Error()}
	}
	v.i8 = i8
	return v, nil
}

// text_ reads character data (CDATA sections and references included) up
// to the end tag of the open element called name.
func (d *decoder) text_(name xml.Name) (string, error) {
	d.text = d.text[:0]
	for {
		t, err := d.next()
		if err != nil {
			return "", err
		}
		switch t := t.(type) {
		case xml.CharData:
			if len(d.text)+len(t) > d.lim.MaxStringBytes {
				return "", d.tooLong()
			}
			d.text = append(d.text, t...)
		case xml.EndElement:
			if t.Name != name {
				return "", unexpected(t, "</"+qname(name)+">", qname(name))
			}
			return string(d.text), nil
		default:
			return "", unexpected(t, "</"+qname(name)+">", qname(name))
		}
	}
}

// structValue reads a struct's members through the end tag called name.
func (d *decoder) structValue(name xml.Name, depth int) (Value, error) {
	st := &d.stk.mstack
	base := st.len()
	defer st.truncate(base)
	for {
		t, err := d.tag()
		if err != nil {
			return Value{}, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			if t.Name == name {
				return structOf(st.from(base)), nil
			}
		case xml.StartElement:
			if t.Name.Local == "member" && t.Name.Space == "" {
				m, err := d.member(depth)
				if err != nil {
					return Value{}, err
				}
				st.push(m)
				continue
			}
		}
		return Value{}, unexpected(t, "<member> or </"+qname(name)+">", qname(name))
	}
}

// member reads <name> and <value> (in either order) up to </member>.
func (d *decoder) member(depth int) (Member, error) {
	var m Member
	haveName, haveValue := false, false
	for {
		t, err := d.tag()
		if err != nil {
			return m, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			if t.Name.Local == "member" && t.Name.Space == "" {
				if !haveName || !haveValue {
					return m, protocolErr(FaultInvalidRequest, "invalid XML-RPC: a struct member needs one <name> and one <value>")
				}
				return m, nil
			}
		case xml.StartElement:
			switch {
			case t.Name.Space != "":
			case t.Name.Local == "name" && !haveName:
				if m.Name, err = d.text_(t.Name); err != nil {
					return m, err
				}
				haveName = true
				continue
			case t.Name.Local == "value" && !haveValue:
				if m.Value, err = d.value(depth + 1); err != nil {
					return m, err
				}
				haveValue = true
				continue
			}
		}
		return m, unexpected(t, "<name>, <value> or </member>", "member")
	}
}

// arrayValue reads <data><value>...</value>*</data> and the end tag called
// name; <array/> and <data/> are tolerated.
func (d *decoder) arrayValue(name xml.Name, depth int) (Value, error) {
	t, err := d.tag()
	if err != nil {
		return Value{}, err
	}
	if e, ok := t.(xml.EndElement); ok && e.Name == name {
		return arrayOf([]Value{}), nil
	}
	st := &d.stk.istack
	base := st.len()
	defer st.truncate(base)
	if s, ok := t.(xml.StartElement); !ok || s.Name.Local != "data" || s.Name.Space != "" {
		return Value{}, unexpected(t, "<data>", qname(name))
	}
	for {
		t, err := d.tag()
		if err != nil {
			return Value{}, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			if t.Name.Local == "data" && t.Name.Space == "" {
				if err := d.expectEndName(name); err != nil {
					return Value{}, err
				}
				return arrayOf(st.from(base)), nil
			}
		case xml.StartElement:
			if t.Name.Local == "value" && t.Name.Space == "" {
				v, err := d.value(depth + 1)
				if err != nil {
					return Value{}, err
				}
				st.push(v)
				continue
			}
		}
		return Value{}, unexpected(t, "<value> or </data>", "data")
	}
}

// scalarElement maps a scalar value element's local name to its Kind (and
// whether it was <i8>); both decoders use it so they agree on the types.
func scalarElement(name string) (k Kind, i8, ok bool) {
	switch name {
	case "int", "i4":
		return KindInt, false, true
	case "i8":
		return KindInt, true, true
	case "boolean":
		return KindBool, false, true
	case "double":
		return KindDouble, false, true
	case "dateTime.iso8601":
		return KindDateTime, false, true
	case "base64":
		return KindBase64, false, true
	}
	return 0, false, false
}
