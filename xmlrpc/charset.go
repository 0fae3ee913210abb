package xmlrpc

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"strconv"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
)

// errInvalidForCharset is returned by the reader of a legacy charset when the
// input holds a byte sequence the charset does not define.
var errInvalidForCharset = errors.New("invalid character for the declared encoding")

// charsetReader is the xml.Decoder's CharsetReader: encoding/xml calls it for
// any declared encoding other than "utf-8".
//
// Decisions (documented in doc.go):
//   - utf8 is UTF-8; us-ascii/ascii is read as UTF-8 too (ASCII is a subset,
//     and Perl's RPC::XML declares us-ascii while writing UTF-8 bytes);
//   - iso-8859-1/latin1 is exact ISO-8859-1 (charmap), not WHATWG's
//     windows-1252 alias;
//   - Windows-31J, CP932 and MS932 (and MS_Kanji) are CP932
//     (golang.org/x/text/encoding/japanese.ShiftJIS);
//   - Shift_JIS and EUC-JP are decoded with the JIS X 0208 mapping for the
//     characters where it differs from CP932 (see jisFold), CP932's extra
//     characters still decoding;
//   - any other label htmlindex knows (windows-1252, ISO-2022-JP, ...) is
//     decoded too; UTF-16 cannot be (the declaration is read as ASCII) and,
//     like an unknown label, is a -32701 fault.
func (d *decoder) charsetReader(label string, in io.Reader) (io.Reader, error) {
	enc := lookupCharset(label)
	if enc == nil {
		d.charsetErr = protocolErr(FaultUnsupportedEncoding, "parse error: unsupported encoding %q", clip(label))
		return nil, d.charsetErr
	}
	if enc == encoding.Nop {
		return in, nil
	}
	r := &strictReader{r: enc.NewDecoder().Reader(in)}
	if d.guard != nil {
		return d.guard.wrap(r), nil
	}
	return r, nil
}

// lookupCharset returns the decoding for a declared label, encoding.Nop for
// labels read as UTF-8, or nil if unsupported.
func lookupCharset(label string) encoding.Encoding {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us":
		return encoding.Nop
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1":
		return charmap.ISO8859_1
	case "windows-31j", "cp932", "ms932", "ms_kanji", "x-ms-cp932":
		return japanese.ShiftJIS
	case "shift_jis", "shift-jis", "sjis", "x-sjis":
		return shiftJIS
	case "euc-jp", "eucjp", "x-euc-jp":
		return eucJP
	}
	enc, err := htmlindex.Get(label)
	if err != nil || enc == nil {
		return nil
	}
	switch name, _ := htmlindex.Name(enc); name {
	case "utf-16be", "utf-16le", "replacement", "x-user-defined":
		return nil
	case "utf-8":
		return encoding.Nop
	}
	return enc
}

// jisFold maps the characters CP932 decodes differently from JIS X 0208 to
// their JIS X 0208 code points, the ones Java's Shift_JIS and EUC_JP, Perl's
// Encode shiftjis/euc-jp and Ruby's Shift_JIS/EUC-JP decoders give (source:
// the Unicode Consortium's EASTASIA/JIS/JIS0208.TXT against
// VENDORS/MICSFT/WINDOWS/CP932.TXT). golang.org/x/text's tables follow the
// WHATWG index, which is CP932's here. The pairs, Shift_JIS / EUC-JP bytes:
//
//	0x8160 / 0xA1C1  U+FF5E ～ -> U+301C 〜 WAVE DASH
//	0x8161 / 0xA1C2  U+2225 ∥ -> U+2016 ‖ DOUBLE VERTICAL LINE
//	0x817C / 0xA1DD  U+FF0D － -> U+2212 − MINUS SIGN
//	0x8191 / 0xA1F1  U+FFE0 ￠ -> U+00A2 ¢ CENT SIGN
//	0x8192 / 0xA1F2  U+FFE1 ￡ -> U+00A3 £ POUND SIGN
//	0x81CA / 0xA2CC  U+FFE2 ￢ -> U+00AC ¬ NOT SIGN
//
// 0x815C (U+2015) and 0x815F (U+FF3C) are the same in both tables and stay.
// The map applies to the decoded text, so CP932's extensions (NEC and IBM
// rows) still decode; their NOT SIGN (0xEEF9, 0xFA54) becomes U+00AC like
// 0x81CA, and under EUC-JP the JIS X 0212 tilde (0x8FA2B7, which x/text
// decodes as U+FF5E) becomes U+301C too.
func jisFold(r rune) rune {
	switch r {
	case '\uFF5E':
		return '\u301C'
	case '\u2225':
		return '\u2016'
	case '\uFF0D':
		return '\u2212'
	case '\uFFE0':
		return '\u00A2'
	case '\uFFE1':
		return '\u00A3'
	case '\uFFE2':
		return '\u00AC'
	}
	return r
}

// jisEncoding is a golang.org/x/text Japanese encoding whose decoder folds
// CP932's code points to JIS X 0208's (jisFold). Only its decoder is used:
// answers are always UTF-8.
type jisEncoding struct{ base encoding.Encoding }

func (e jisEncoding) NewDecoder() *encoding.Decoder {
	return &encoding.Decoder{Transformer: transform.Chain(e.base.NewDecoder(), runes.Map(jisFold))}
}

func (e jisEncoding) NewEncoder() *encoding.Encoder { return e.base.NewEncoder() }

var (
	shiftJIS encoding.Encoding = jisEncoding{japanese.ShiftJIS}
	eucJP    encoding.Encoding = jisEncoding{japanese.EUCJP}
)

// strictReader turns the U+FFFD that golang.org/x/text decoders write for
// undefined byte sequences into an error (-32702). No legacy charset we
// decode can express U+FFFD itself, so its appearance always means bad input.
type strictReader struct {
	r    io.Reader
	tail []byte // last bytes of the previous read, to catch a split U+FFFD
}

const replacementUTF8 = "\xef\xbf\xbd"

// Read passes decoded text through, failing on a U+FFFD.
func (s *strictReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if n > 0 {
		chunk := p[:n]
		if len(s.tail) > 0 {
			chunk = append(append([]byte(nil), s.tail...), p[:n]...)
		}
		if strings.Contains(string(chunk), replacementUTF8) {
			return 0, errInvalidForCharset
		}
		k := len(chunk)
		if k > 2 {
			k = 2
		}
		s.tail = append(s.tail[:0], chunk[len(chunk)-k:]...)
	}
	return n, err
}

// itoa is strconv.Itoa, short.
func itoa(i int) string { return strconv.Itoa(i) }

// declaresEncoding reports whether the document starts with an XML
// declaration that has an encoding pseudo-attribute.
func declaresEncoding(body []byte) bool {
	b := bytes.TrimLeft(body, " \t\r\n")
	if !bytes.HasPrefix(b, []byte("<?xml")) {
		return false
	}
	end := bytes.Index(b, []byte("?>"))
	if end < 0 {
		return false
	}
	return bytes.Contains(b[:end], []byte("encoding="))
}

// transcode converts a body in the Content-Type's charset to UTF-8, with the
// same faults as a declared encoding (-32701 unknown, -32702 undefined bytes).
func transcode(body []byte, label string) ([]byte, error) {
	enc := lookupCharset(label)
	if enc == nil {
		return nil, protocolErr(FaultUnsupportedEncoding, "parse error: unsupported encoding %q", clip(label))
	}
	if enc == encoding.Nop {
		return body, nil
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil || bytes.Contains(out, []byte(replacementUTF8)) {
		return nil, protocolErr(FaultInvalidCharacter, "parse error: invalid character for the declared encoding")
	}
	return out, nil
}

// contentCharset returns the charset parameter of a Content-Type header, or
// "" when there is none or it cannot be parsed (the header is never a reason
// to refuse a request).
func contentCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return params["charset"]
}
