package xmlrpc

import (
	"errors"
	"fmt"
	"strconv"
)

// Protocol fault codes, from the Fault Code Interoperability spec (20010516).
// The runtime raises them for faults of its own; handler errors are
// classified by the application's FaultFunc (WithFaultFunc).
const (
	FaultNotWellFormed       = -32700 // parse error: not well formed
	FaultUnsupportedEncoding = -32701 // parse error: unsupported encoding
	FaultInvalidCharacter    = -32702 // parse error: invalid character for encoding
	FaultInvalidRequest      = -32600 // invalid XML-RPC, request limits exceeded, DOCTYPE
	FaultMethodNotFound      = -32601 // requested method not found
	FaultInvalidParams       = -32602 // invalid method parameters
	FaultInternal            = -32603 // internal XML-RPC error (panics too)
)

// internalFaultString is the only faultString an internal error ever gets:
// the cause stays in the server's logs.
const internalFaultString = "internal error"

// ProtocolError is a fault raised by the XML-RPC layer itself: the request
// could not be read (parse, encoding, limits, structure) or named no
// registered method. Code is one of the Fault* protocol constants. Message is
// safe to show to the caller; it never quotes more than a few bytes of input.
type ProtocolError struct {
	Code    int
	Message string
	Err     error // cause, for logs
}

// Error returns the message and, for logs, the cause.
func (e *ProtocolError) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the cause, so errors.Is/As see through a ProtocolError.
func (e *ProtocolError) Unwrap() error { return e.Err }

func protocolErr(code int, format string, args ...any) *ProtocolError {
	return &ProtocolError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Fault is a fault received in a methodResponse (DecodeResponse returns it as
// its error). It is also accepted from handlers that must relay a fault
// verbatim; its code is used as is.
type Fault struct {
	Code   int
	String string
}

// Error renders the fault as "fault CODE: STRING".
func (f *Fault) Error() string { return "fault " + strconv.Itoa(f.Code) + ": " + f.String }

// FaultFunc classifies a handler's error for the caller: the faultCode and
// a faultString that is safe to show. ok false means "not mine": the error
// becomes -32603 "internal error". A FaultFunc answering FaultInternal still
// shows only "internal error", so no classification can leak a cause.
// The application owns its fault codes and words through this hook; the
// runtime knows only the protocol faults.
type FaultFunc func(err error) (code int, message string, ok bool)

// FaultOf maps an error to the (faultCode, faultString) the caller sees with
// the runtime's own rules only: FaultWith(err, nil).
func FaultOf(err error) (int, string) { return FaultWith(err, nil) }

// FaultWith is the one fault funnel: it maps an error to the (faultCode,
// faultString) the caller sees. It is exported so the wiring can label logs
// and metrics with the same code as the answer.
//
//   - nil: (0, "").
//   - *ProtocolError (the XML-RPC layer's own): its interop code and message.
//   - *Fault: its code and string unchanged.
//   - otherwise classify (when not nil) decides; internal codes always read
//     "internal error".
//   - anything left (a bug, a panic): -32603 "internal error".
func FaultWith(err error, classify FaultFunc) (int, string) {
	if err == nil {
		return 0, ""
	}
	var pe *ProtocolError
	if errors.As(err, &pe) {
		if pe.Code == FaultInternal {
			return FaultInternal, internalFaultString
		}
		return pe.Code, pe.Message
	}
	var f *Fault
	if errors.As(err, &f) {
		return f.Code, f.String
	}
	if classify != nil {
		if code, msg, ok := classify(err); ok && code != FaultInternal {
			return code, msg
		}
	}
	return FaultInternal, internalFaultString
}
