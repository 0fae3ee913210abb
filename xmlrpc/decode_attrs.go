package xmlrpc

import (
	"bufio"
	"bytes"
	"io"
)

// maxAttrBytes caps the attribute text of one request, summed over all its
// start tags, from the first attribute of a tag to its '>'.
//
// XML-RPC defines no attribute; the decoders ignore them. Real clients send
// at most a namespace declaration (Apache XML-RPC with extensions writes
// xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions" on the root),
// so 1 KiB is generous. The cap exists because encoding/xml materialises
// every attribute of a start tag (an xml.Attr and two strings each) before
// the grammar sees the element: 900 000 attributes cost about 240 MiB, one
// 9 MiB attribute value about 100 MiB. Past the cap the request is refused
// (-32600) while the tag is still being read.
const maxAttrBytes = 1024

// attrGuard is the byte source of the reference decoder. encoding/xml reads
// through ReadByte one byte at a time, in order, each byte once; the guard
// follows just enough of the XML lexical structure (tags, quoted attribute
// values, comments, CDATA sections, processing instructions) to count the
// bytes inside attribute lists, and fails the read past maxAttrBytes.
//
// Read passes bytes through unguarded: encoding/xml uses it only to hand the
// raw stream to a charset decoder, whose UTF-8 output is guarded again by
// a second attrGuard sharing the same state (decoder.charsetReader).
type attrGuard struct {
	r  io.ByteReader
	rd io.Reader
	st *attrState
}

type attrState struct {
	state   uint8
	quote   byte // the open quote of an attribute value, or 0
	inAttrs bool // the current start tag has had an attribute
	prev    [2]byte
	skip    int // bytes of a comment opener still to pass
	n       int // attribute bytes counted
	err     *ProtocolError
}

const (
	aText    = iota
	aLt      // after '<'
	aName    // in a start tag's name
	aTag     // in a start tag after its name
	aEnd     // in an end tag
	aPI      // in <?...?>
	aBang    // after "<!"
	aComment // in <!--...-->
	aCDATA   // in <![CDATA[...]]>
	aOff     // in a directive, which the decoder refuses when it ends
)

func newAttrGuard(body []byte) *attrGuard {
	r := bytes.NewReader(body)
	return &attrGuard{r: r, rd: r, st: &attrState{}}
}

// wrap guards the output of a charset decoder with the same state.
func (g *attrGuard) wrap(r io.Reader) *attrGuard {
	br := bufio.NewReaderSize(r, 4096)
	return &attrGuard{r: br, rd: br, st: g.st}
}

func (g *attrGuard) Read(p []byte) (int, error) { return g.rd.Read(p) }

func (g *attrGuard) ReadByte() (byte, error) {
	c, err := g.r.ReadByte()
	if err != nil {
		return c, err
	}
	s := g.st
	switch s.state {
	case aText:
		if c == '<' {
			s.state = aLt
		}
	case aLt:
		switch c {
		case '!':
			s.state = aBang
		case '?':
			s.state, s.prev = aPI, [2]byte{}
			return c, nil
		case '/':
			s.state = aEnd
		default:
			s.state = aName
		}
	case aName:
		switch c {
		case '>':
			s.state = aText
		case ' ', '\t', '\r', '\n', '/':
			s.state, s.inAttrs, s.quote = aTag, false, 0
		}
	case aTag:
		if s.quote == 0 {
			switch c {
			case '>':
				s.state = aText
				return c, nil
			case ' ', '\t', '\r', '\n', '/':
			case '"', '\'':
				s.quote, s.inAttrs = c, true
			default:
				s.inAttrs = true
			}
		} else if c == s.quote {
			s.quote = 0
		}
		if s.inAttrs {
			s.n++
			if s.n > maxAttrBytes {
				s.state = aOff
				s.err = attrLimitFault()
				return 0, s.err
			}
		}
	case aEnd:
		if c == '>' {
			s.state = aText
		}
	case aPI:
		if c == '>' && s.prev[1] == '?' {
			s.state = aText
		}
	case aBang:
		switch c {
		case '-':
			// The second '-' of "<!--" is not part of the comment: "<!-->"
			// opens a comment whose text starts with '>'.
			s.state, s.skip, s.prev = aComment, 1, [2]byte{}
			return c, nil
		case '[':
			s.state, s.prev = aCDATA, [2]byte{}
			return c, nil
		default:
			s.state = aOff
		}
	case aComment, aCDATA:
		if s.skip > 0 {
			s.skip--
			return c, nil
		}
		end := byte('-')
		if s.state == aCDATA {
			end = ']'
		}
		if c == '>' && s.prev[0] == end && s.prev[1] == end {
			s.state = aText
		}
	}
	s.prev[0], s.prev[1] = s.prev[1], c
	return c, nil
}
