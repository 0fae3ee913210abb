package xmlrpc

import (
	"bytes"
	"errors"
	"strings"
	"sync"

	"golang.org/x/text/encoding"
)

// The fast path. encoding/xml's tokenizer allocates for every token and runs
// at about a third of expat's speed, which is not enough for the codec
// targets (BENCHMARKS.md). So a request is first read by fastDecoder, a
// byte scanner for the subset of XML that XML-RPC clients actually send:
// UTF-8, no DOCTYPE, no prefixed names but a value's type element's, the
// five predefined entities, numeric character references, CDATA sections,
// comments and processing instructions, attributes (ignored and counted:
// fastdecode_misc.go).
//
// On anything it does not accept (including malformed input) the fast path
// gives up, and the same bytes are decoded again by the encoding/xml path
// (decoder), which is the reference and produces the fault. It reports a
// fault itself only where the reference meets the same fault at the same
// place after reading the same bytes the same way: the value-count, depth
// and string-length limits, the attribute limit, an unknown value type, a
// scalar's invalid text, a non-empty <nil>, text mixed with an element, a
// stray element or end tag among items or members, and a body cut inside a
// tag (fastdecode_faults.go). The fuzz test checks that
// whenever the fast path accepts an input, the reference accepts it too and
// produces the same values, and that a fault of the fast path is the
// reference's, word for word.
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
	// An array that fills a stack chunk moves to a slice sized by a
	// counting scan and reads its remaining items straight into it.
	mstack chunkStack[Member]
	istack chunkStack[Value]
	// counts and levels serve the counting scan of large arrays
	// (fastdecode_count.go): the item counts of arrays it passed over, and
	// its stack of open elements, whether a scan met markup the fast path
	// gives up on, and the bytes the scans have read in this request (at
	// most the body's length; a test holds it to that).
	counts  []itemCount
	levels  []scanLevel
	noCount bool
	scanned int
	// attrs is the attribute bytes read so far (tagRest); err the
	// reference's fault for passing maxAttrBytes or maxSkipped, once the
	// fast path has proved it.
	attrs int
	err   *ProtocolError
	skips int // comments and processing instructions skipped (maxSkipped)
	// late is set where the fast path gives up after reading a token the
	// reference may refuse (an invalid method name, a tag whose name is
	// not an XML name...) or reads differently: the reference may then
	// fault before the read position, and truncated does not apply.
	late bool
	// rooted is set once the root element's start tag is read; eof when
	// text gave up at the end of the body, every byte of its text valid
	// and within the string limit (truncated).
	rooted, eof bool
}

var fastPool = sync.Pool{New: func() any { return new(fastDecoder) }}

// maxPooledScan bounds the counting scan's slices a pooled fastDecoder
// keeps; a request within the default limits needs at most 390 counts and
// 100 levels.
const maxPooledScan = 1024

// getFast returns a pooled fastDecoder over b (its stacks and scratch are
// reused across requests).
func getFast(b []byte, lim Limits) *fastDecoder {
	f := fastPool.Get().(*fastDecoder)
	f.b, f.pos, f.lim, f.values = b, 0, lim, 0
	f.counts, f.noCount, f.scanned = f.counts[:0], false, 0
	f.attrs, f.err, f.skips, f.late = 0, nil, 0, false
	f.rooted, f.eof = false, false
	return f
}

// putFast clears every reference the decoder holds and pools it (stacks
// trimmed), unless its scratch grew unusually large.
func putFast(f *fastDecoder) {
	f.b = nil
	f.mstack.reset()
	f.istack.reset()
	if cap(f.counts) > maxPooledScan || cap(f.levels) > maxPooledScan {
		f.counts, f.levels = nil, nil // a request with unusual limits
	}
	if cap(f.scratch) > 64<<10 {
		return
	}
	f.scratch = f.scratch[:0]
	fastPool.Put(f)
}

// errBail makes the fast path hand over to the reference decoder.
var errBail = errors.New("xmlrpc: fast path gave up")

func (f *fastDecoder) call() (*Call, error) {
	c, err := f.callBody()
	if f.err != nil {
		return nil, f.err
	}
	return c, err
}

func (f *fastDecoder) callBody() (*Call, error) {
	if err := f.prolog("methodCall"); err != nil {
		return nil, err
	}
	if !f.startTag("methodName") {
		return nil, errBail
	}
	name, err := f.text()
	if err != nil || !f.endTag("methodName") {
		return nil, errBail // the reference words a method name's faults
	}
	name = strings.TrimSpace(name)
	if !validMethodName(name) {
		f.late = true
		return nil, errBail
	}
	c := &Call{Method: name}
	f.misc()
	switch {
	case f.startTag("params"):
		if c.Params, err = f.params(); err != nil {
			return nil, err
		}
		f.misc()
		if !f.endTag("methodCall") {
			return nil, errBail
		}
	case f.selfClosing("params"):
		f.misc()
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
	v, err := f.responseBody()
	if f.err != nil {
		return Value{}, f.err
	}
	return v, err
}

func (f *fastDecoder) responseBody() (Value, error) {
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
	f.misc()
	if !f.endTag("methodResponse") {
		return Value{}, errBail
	}
	return ps[0], f.epilog()
}

// prolog accepts optional whitespace, comments and processing
// instructions, an optional <?xml?> declaration declaring version 1.0 and
// UTF-8 (or nothing), more of the same and the root start tag.
func (f *fastDecoder) prolog(root string) error {
	f.misc()
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
		f.misc()
	}
	if !f.startTag(root) {
		return errBail
	}
	f.rooted = true
	f.misc()
	return nil
}

// simpleDecl accepts version="1.0", encoding="utf-8" (any case) and
// standalone=... attributes, in single or double quotes; anything else
// (another encoding, another version) goes to the reference decoder.
func simpleDecl(decl []byte) bool {
	enc, ok := parseDecl(decl)
	return ok && (enc == nil || bytes.EqualFold(enc, []byte("utf-8")))
}

// parseDecl reads the pseudo-attributes of an XML declaration (between
// "<?xml" and "?>"): version="1.0", encoding and standalone, each written
// key="value" or key='value' and separated by whitespace. It returns the
// encoding (nil when none; it points into decl) and ok false for anything
// else.
func parseDecl(s []byte) (enc []byte, ok bool) {
	for {
		s = bytes.TrimLeft(s, " \t\r\n")
		if len(s) == 0 {
			return enc, true
		}
		eq := bytes.IndexByte(s, '=')
		if eq <= 0 || eq+2 > len(s) {
			return nil, false
		}
		key := s[:eq]
		q := s[eq+1]
		if q != '"' && q != '\'' {
			return nil, false
		}
		rest := s[eq+2:]
		end := bytes.IndexByte(rest, q)
		if end < 0 {
			return nil, false
		}
		val := rest[:end]
		switch string(key) {
		case "version":
			if string(val) != "1.0" {
				return nil, false
			}
		case "encoding":
			if enc != nil || len(val) == 0 {
				return nil, false
			}
			enc = val
		case "standalone":
			if string(val) != "yes" && string(val) != "no" {
				return nil, false
			}
		default:
			return nil, false
		}
		s = rest[end+1:]
		if len(s) != 0 && !isSpaceByte(s[0]) {
			return nil, false
		}
	}
}

// declaredUTF8 returns what the fast path reads of a document that starts
// with an XML declaration naming a supported encoding other than UTF-8
// (Shift_JIS, EUC-JP, ISO-8859-1...): the rest of the document after the
// declaration, transcoded to UTF-8 exactly as the reference decoder's
// charset reader decodes it from the same byte. ok is false for any other
// document, and for one the transcoding refuses (the reference words that
// fault).
func declaredUTF8(body []byte) (rest []byte, ok bool) {
	b := body
	for len(b) > 0 && isSpaceByte(b[0]) {
		b = b[1:]
	}
	if !bytes.HasPrefix(b, []byte("<?xml")) {
		return nil, false
	}
	end := bytes.Index(b, []byte("?>"))
	if end < 0 || end == 5 || !isSpaceByte(b[5]) {
		return nil, false
	}
	label, ok := parseDecl(b[5:end])
	if !ok || label == nil || bytes.EqualFold(label, []byte("utf-8")) {
		return nil, false
	}
	enc := lookupCharset(string(label))
	if enc == nil || enc == encoding.Nop {
		return nil, false
	}
	out, err := enc.NewDecoder().Bytes(b[end+2:])
	if err != nil || bytes.Contains(out, []byte(replacementUTF8)) {
		return nil, false
	}
	return out, true
}

// epilog accepts only trailing whitespace, comments and processing
// instructions.
func (f *fastDecoder) epilog() error {
	f.misc()
	if f.pos != len(f.b) {
		return errBail
	}
	return nil
}

func (f *fastDecoder) params() ([]Value, error) {
	base := f.istack.len()
	defer f.istack.truncate(base)
	for {
		f.misc()
		if f.endTag("params") {
			if f.istack.len() == base {
				return nil, nil
			}
			return f.istack.from(base), nil
		}
		if !f.startTag("param") {
			return nil, errBail
		}
		f.misc()
		v, err := f.valueElem(1)
		if err != nil {
			return nil, err
		}
		f.misc()
		if !f.endTag("param") {
			return nil, errBail
		}
		f.istack.push(v)
	}
}
