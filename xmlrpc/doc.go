// Package xmlrpc is the gateway's server-side XML-RPC runtime: a value model,
// a hardened decoder for methodCall, a buffer encoder for methodResponse and
// faults, a method registry with system.* introspection and multicall, and
// ONE fault funnel (FaultWith) from errors to faultCode/faultString.
//
// # Why our own codec
//
// No Go library in reach serves XML-RPC (spec/xmlrpc.md §0, §3):
// github.com/kolo/xmlrpc is client-only (it cannot decode a methodCall nor
// encode a response or fault, and it has no depth limit), alexejk.io/go-xmlrpc
// is client-only and refused by the module proxy, divan/gorilla-xmlrpc is
// unmaintained and refused too. So the server side is ours, and kolo/xmlrpc
// and Python's xmlrpc.client are used only as independent clients in tests.
//
// Decoding has two paths over the body, which is read whole (bounded):
//
//   - the reference (decode.go) walks encoding/xml's token stream (RawToken,
//     Strict, never an Entity map) against the XML-RPC grammar, with the
//     depth, value-count and string-length limits tracked as it goes;
//   - a fast byte scanner (fastdecode.go) handles the subset real clients
//     send (UTF-8, no DOCTYPE, plain tags, the five entities, character
//     references, CDATA) without a token per element. It never reports an
//     error: on anything it does not accept it hands the same bytes to the
//     reference, which decides. FuzzDecode checks that whenever the fast path
//     accepts, the reference accepts with identical values.
//
// encoding/xml alone runs at about a third of expat's speed; the fast path is
// what makes decoding several times faster than kolo/xmlrpc and Python
// (BENCHMARKS.md, section Codec).
//
// # Accept liberally
//
//   - int as <int>, <i4> or <i8> (kept as int64; the text as written is in
//     Value.Text, so "20100131" sent by Perl as <int> is still readable);
//     boolean as 0/1 (true/false tolerated); double with or without exponent
//     (Inf/NaN refused); typed and untyped strings (untyped text is kept
//     verbatim, whitespace included); base64 with line breaks; struct (member
//     order kept, <name> and <value> in either order); array (<array/> and
//     <data/> tolerated); <nil/> and Apache's <ex:nil/> read as KindNil, which
//     Value.Absent and Value.Get report as absent.
//   - No XML declaration, <params/>, <params></params> or no <params>; CDATA;
//     comments; pretty-printing whitespace between elements; a leading UTF-8
//     byte order mark (.NET clients) is dropped.
//   - Declared encodings: UTF-8; US-ASCII read as UTF-8 (ASCII is a subset and
//     Perl RPC::XML declares us-ascii while sending UTF-8 bytes); ISO-8859-1;
//     Shift_JIS and EUC-JP with JIS X 0208's code points where CP932's
//     differ (〜 U+301C, − U+2212, ‖, ¢, £, ¬, as Java, Perl and Ruby decode
//     them; CP932's extra characters still decode), Windows-31J / CP932 /
//     MS932 with CP932's (golang.org/x/text/encoding/japanese); other
//     labels golang.org/x/text/encoding/htmlindex knows. An unknown label is
//     -32701; a byte sequence the declared charset does not define, or invalid
//     UTF-8, is -32702. The request's Content-Type is never a reason to refuse
//     it; its charset parameter is used only when the XML declaration names
//     no encoding (the declaration wins when both are present: that is what
//     encoding/xml and the legacy clients do, although RFC 7303 would let the
//     header win).
//
// # dateTime.iso8601 zone rule
//
// A dateTime without a zone (the spec's 19980717T14:08:55, or
// 1998-07-17T14:08:55) is read as UTC. One with a zone (Z, +09:00, +0900)
// keeps it. The encoder always writes the basic form without a zone, in UTC,
// so decode -> encode -> decode keeps the instant; a client that sent
// +09:00 gets the same instant back as UTC wall-clock time. The legacy
// Backlog API itself never uses dateTime (its dates are strings).
//
// # Emit conservatively
//
// Output is deterministic (struct members in the order the handler built
// them): explicit <string>; <int> only within int32; booleans 0/1; doubles in
// plain decimal; base64 on one line; CR escaped as &#xD; so CRLF survives;
// characters illegal in XML and invalid UTF-8 replaced by U+FFFD; struct
// members whose value is the zero (absent) Value omitted; <nil/> and <i8>
// only for values built with Nil and I8 (or received as such).
//
// An int outside int32 that was not built with I8 has no honest encoding
// (<i8> breaks Perl Frontier, XMLRPC::Lite and PHP; a string or double changes
// the type): encoding fails with ErrIntRange and the caller gets a -32603
// fault instead of a silently wrong value. The same holds for NaN/Inf doubles
// and absent values outside a struct.
//
// # Limits
//
// Body size (default 10 MiB; HTTP 413 when exceeded, through
// http.MaxBytesReader), <value> nesting depth
// (32), number of values (100000), length of one string (8 MiB) and calls per
// system.multicall (100) are all configurable (Limits, WithLimits). Fixed:
// 1 KiB of attribute text and 100000 comments and processing instructions
// per request (-32600). <!DOCTYPE>
// and every other directive are refused (-32600); encoding/xml never expands
// entities, so entity bombs and XXE fail by construction. gzip bodies are
// refused with 415.
//
// # Faults
//
// Every error ends in FaultWith. The runtime answers its own faults with the
// protocol codes of the Fault Code Interoperability spec (-32700 to -32603);
// every other error is classified by the application's FaultFunc
// (WithFaultFunc), and an error it does not classify, or a panic, is -32603
// "internal error" with the cause only given to WithErrorLogger. The
// gateway's full table is methods/FAULTS.md. HTTP status is 200
// for every fault; only non-POST (405), oversized bodies (413) and encoded
// bodies (415) get another status. GET on the endpoint (UNCONFIRMED for the
// legacy server) is answered 405 with "Allow: POST".
//
// # Hooks for the wiring
//
// WithCallObserver sees every call with its fault code and duration (each
// inner multicall call too; the method is reported as ObservedUnknown /
// ObservedInvalid for unknown methods and undecodable requests, so metric
// labels stay bounded). WithCallGuard runs before every call, direct or
// inner, so authorisation and rate limits apply to each call of a
// system.multicall. WithErrorLogger receives causes the caller never sees.
package xmlrpc
