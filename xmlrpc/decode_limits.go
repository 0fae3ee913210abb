package xmlrpc

// Limits bound what one request may cost. A zero field means "use the
// default" (see DefaultLimits). Every breach is a -32600 fault, except the
// body size, which the HTTP server answers with 413 (the body was cut off).
type Limits struct {
	// MaxBodyBytes caps the request body. Default 10 MiB.
	MaxBodyBytes int64
	// MaxDepth caps the nesting of <value> elements (a top-level param is
	// depth 1). Default 32; validator1 needs 5. Values above 10000 are
	// clamped to 10000.
	MaxDepth int
	// MaxValues caps the number of <value> elements in one request.
	// Default 100000.
	MaxValues int
	// MaxStringBytes caps the text of one scalar, member name or method
	// name (base64 text included). Default 8 MiB.
	MaxStringBytes int
	// MaxMulticallCalls caps the inner calls of one system.multicall.
	// Default 100.
	MaxMulticallCalls int
}

// DefaultLimits returns the limits used for every zero field of Limits.
func DefaultLimits() Limits {
	return Limits{
		MaxBodyBytes:      10 << 20,
		MaxDepth:          32,
		MaxValues:         100_000,
		MaxStringBytes:    8 << 20,
		MaxMulticallCalls: 100,
	}
}

// withDefaults fills zero fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = d.MaxBodyBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxDepth > 10000 {
		l.MaxDepth = 10000
	}
	if l.MaxValues <= 0 {
		l.MaxValues = d.MaxValues
	}
	if l.MaxStringBytes <= 0 {
		l.MaxStringBytes = d.MaxStringBytes
	}
	if l.MaxMulticallCalls <= 0 {
		l.MaxMulticallCalls = d.MaxMulticallCalls
	}
	return l
}

// maxSkipped caps the comments and processing instructions of one request
// (an XML declaration is not counted), as many as values (MaxValues'
// default). Both decoders skip them; no XML-RPC client sends any but an
// XML declaration, and the reference decoder allocates for each (about 56
// bytes for a 5-byte "<?a?>", so at most about 5.4 MiB under the cap), so
// without a cap they would be the one part of a request whose count no
// other limit bounds. The fast path counts them too and reports the fault
// itself.
const maxSkipped = 100_000

// skippedLimitFault is the fault for a request with more than maxSkipped
// comments and processing instructions.
func skippedLimitFault() *ProtocolError {
	return protocolErr(FaultInvalidRequest, "invalid XML-RPC: request limits exceeded: more than %d comments and processing instructions", maxSkipped)
}
