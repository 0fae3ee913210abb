package xmlrpc

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
)

// Protocol fault codes, from the Fault Code Interoperability spec (20010516).
// They are used only for faults the XML-RPC layer raises itself; handler
// errors are classified by failure.Code (see FaultOf and FAULTS.md).
const (
	FaultNotWellFormed       = -32700 // parse error: not well formed
	FaultUnsupportedEncoding = -32701 // parse error: unsupported encoding
	FaultInvalidCharacter    = -32702 // parse error: invalid character for encoding
	FaultInvalidRequest      = -32600 // invalid XML-RPC, request limits exceeded, DOCTYPE
	FaultMethodNotFound      = -32601 // requested method not found
	FaultInvalidParams       = -32602 // invalid method parameters
	FaultInternal            = -32603 // internal XML-RPC error (panics too)
)

// Domain fault codes: one per failure.Code, chosen to read like the HTTP
// status a REST caller would have seen. The mapping is in faultCodeOf.
const (
	FaultUnauthenticated     = 401
	FaultPlanRestricted      = 402
	FaultPermissionDenied    = 403
	FaultNotFound            = 404
	FaultConflict            = 409
	FaultRateLimited         = 429
	FaultUnsupported         = 501
	FaultUpstreamBadResponse = 502
	FaultUpstreamUnavailable = 503
	FaultOutcomeUnknown      = 520
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

// FaultOf maps an error to the (faultCode, faultString) the caller sees,
// through the one fault table documented in FAULTS.md. It is exported so the
// server's wiring can label metrics and logs with the same code.
//
//   - nil: (0, "").
//   - *ProtocolError (the XML-RPC layer's own): its interop code and message.
//   - *Fault: its code and string unchanged.
//   - *failure.Error anywhere in the chain: the code from the table below and
//     its Message (never the cause); RateLimited says when to retry; Internal
//     always reads "internal error".
//   - anything else (a bug, a panic): -32603 "internal error".
func FaultOf(err error) (int, string) {
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
	var fe *failure.Error
	if !errors.As(err, &fe) {
		return FaultInternal, internalFaultString
	}
	code := faultCodeOf(fe.Code)
	if code == FaultInternal {
		return FaultInternal, internalFaultString
	}
	msg := fe.Message
	if msg == "" {
		msg = defaultMessage(fe.Code)
	}
	if fe.Code == failure.RateLimited {
		msg += "; retry after " + retryAfterText(fe.RetryAfter)
	}
	return code, msg
}

// faultCodeOf is the one table from domain codes to faultCode. The switch is
// exhaustive over failure.Codes(); a code added later without a row falls to
// -32603 and the table test fails.
func faultCodeOf(c failure.Code) int {
	switch c {
	case failure.InvalidParams:
		return FaultInvalidParams
	case failure.Unauthenticated:
		return FaultUnauthenticated
	case failure.PlanRestricted:
		return FaultPlanRestricted
	case failure.PermissionDenied:
		return FaultPermissionDenied
	case failure.NotFound:
		return FaultNotFound
	case failure.Conflict:
		return FaultConflict
	case failure.RateLimited:
		return FaultRateLimited
	case failure.Unsupported:
		return FaultUnsupported
	case failure.UpstreamBadResponse:
		return FaultUpstreamBadResponse
	case failure.UpstreamUnavailable:
		return FaultUpstreamUnavailable
	case failure.OutcomeUnknown:
		return FaultOutcomeUnknown
	default: // failure.Internal and anything unknown
		return FaultInternal
	}
}

// defaultMessage is the faultString for a *failure.Error with no Message.
func defaultMessage(c failure.Code) string {
	switch c {
	case failure.InvalidParams:
		return "invalid parameters"
	case failure.Unauthenticated:
		return "authentication failed"
	case failure.PlanRestricted:
		return "not available on this plan"
	case failure.PermissionDenied:
		return "permission denied"
	case failure.NotFound:
		return "not found"
	case failure.Conflict:
		return "conflict"
	case failure.RateLimited:
		return "rate limit exceeded"
	case failure.Unsupported:
		return "not supported"
	case failure.UpstreamBadResponse:
		return "Backlog answered an unreadable response"
	case failure.UpstreamUnavailable:
		return "Backlog is unavailable"
	case failure.OutcomeUnknown:
		return "the outcome of the change is unknown; check before retrying"
	}
	return internalFaultString
}

// retryAfterText renders a RetryAfter as whole seconds, rounded up (never 0:
// a caller told "retry after 0 seconds" would hammer the limit).
func retryAfterText(d time.Duration) string {
	s := int64(math.Ceil(d.Seconds()))
	if s < 1 {
		s = 1
	}
	return strconv.FormatInt(s, 10) + " seconds"
}
