package xmlrpc

import (
	"encoding/xml"
	"errors"
	"io"
	"net/http"
)

// next returns the next token that matters: comments and processing
// instructions are skipped, directives (DOCTYPE, ENTITY) refused.
func (d *decoder) next() (xml.Token, error) {
	for {
		t, err := d.x.RawToken()
		if err != nil {
			return nil, d.readErr(err)
		}
		switch t := t.(type) {
		case xml.Comment:
			if err := d.skipped(); err != nil {
				return nil, err
			}
			continue
		case xml.ProcInst:
			if t.Target != "xml" {
				if err := d.skipped(); err != nil {
					return nil, err
				}
			}
			continue
		case xml.Directive:
			return nil, protocolErr(FaultInvalidRequest, "invalid XML-RPC: DOCTYPE and other directives are refused")
		}
		return t, nil
	}
}

// skipped counts one comment or processing instruction (an XML
// declaration is not counted) against maxSkipped.
func (d *decoder) skipped() error {
	if d.skips++; d.skips > maxSkipped {
		return skippedLimitFault()
	}
	return nil
}

// readErr classifies an error from the XML tokenizer.
func (d *decoder) readErr(err error) error {
	if d.charsetErr != nil {
		return d.charsetErr
	}
	if d.guard != nil && d.guard.st.err != nil {
		return d.guard.st.err
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	if errors.Is(err, errInvalidForCharset) {
		return protocolErr(FaultInvalidCharacter, "parse error: invalid character for the declared encoding")
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return &ProtocolError{Code: FaultNotWellFormed, Message: "parse error: not well formed: unexpected end of document", Err: err}
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		if se.Msg == "invalid UTF-8" {
			return &ProtocolError{Code: FaultInvalidCharacter, Message: "parse error: invalid character for encoding: invalid UTF-8", Err: err}
		}
		return &ProtocolError{Code: FaultNotWellFormed, Message: "parse error: not well formed: line " + itoa(se.Line) + ": " + clip(se.Msg), Err: err}
	}
	return &ProtocolError{Code: FaultNotWellFormed, Message: "parse error: could not read the request", Err: err}
}

// tag returns the next start or end element, allowing only whitespace text
// in between (XML-RPC pretty-printers indent freely).
func (d *decoder) tag() (xml.Token, error) {
	for {
		t, err := d.next()
		if err != nil {
			return nil, err
		}
		switch t := t.(type) {
		case xml.CharData:
			if !isSpace(t) {
				return nil, protocolErr(FaultInvalidRequest, "invalid XML-RPC: unexpected text %q", clip(string(t)))
			}
		default:
			return t, nil
		}
	}
}

// expectStart reads the start tag of a child called name inside the open
// element called open.
func (d *decoder) expectStart(name, open string) error {
	t, err := d.tag()
	if err != nil {
		return err
	}
	if s, ok := t.(xml.StartElement); ok && s.Name.Local == name && s.Name.Space == "" {
		return nil
	}
	return unexpected(t, "<"+name+">", open)
}

// expectEnd reads the end tag of the open element called name.
func (d *decoder) expectEnd(name string) error {
	return d.expectEndName(xml.Name{Local: name})
}

// expectEndName reads the end tag of the open element with this exact
// (possibly prefixed) name.
func (d *decoder) expectEndName(name xml.Name) error {
	t, err := d.tag()
	if err != nil {
		return err
	}
	if e, ok := t.(xml.EndElement); ok && e.Name == name {
		return nil
	}
	return unexpected(t, "</"+qname(name)+">", qname(name))
}

// unexpected reports a token the grammar does not allow here. open is the
// innermost open element: an end tag for any other element is a
// well-formedness error (-32700; RawToken leaves that check to us), anything
// else is valid XML but not XML-RPC (-32600).
func unexpected(t xml.Token, want, open string) error {
	var got string
	switch t := t.(type) {
	case xml.StartElement:
		got = "<" + qname(t.Name) + ">"
	case xml.EndElement:
		if qname(t.Name) != open {
			return protocolErr(FaultNotWellFormed, "parse error: not well formed: element <%s> closed by </%s>", clip(open), clip(qname(t.Name)))
		}
		got = "</" + qname(t.Name) + ">"
	}
	return protocolErr(FaultInvalidRequest, "invalid XML-RPC: expected %s, got %s", want, clip(got))
}

func qname(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// end checks that only whitespace, comments and processing instructions
// follow the root element: anything else is not well-formed XML.
func (d *decoder) end() error {
	for {
		t, err := d.x.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return d.readErr(err)
		}
		switch t := t.(type) {
		case xml.Comment:
			if err := d.skipped(); err != nil {
				return err
			}
		case xml.ProcInst:
			if t.Target != "xml" {
				if err := d.skipped(); err != nil {
					return err
				}
			}
		case xml.CharData:
			if !isSpace(t) {
				return protocolErr(FaultNotWellFormed, "parse error: not well formed: text after the root element")
			}
		case xml.Directive:
			return protocolErr(FaultInvalidRequest, "invalid XML-RPC: DOCTYPE and other directives are refused")
		default:
			return protocolErr(FaultNotWellFormed, "parse error: not well formed: content after the root element")
		}
	}
}

func isSpace(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	return true
}
