package methods

import (
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// Legacy API fault codes: one per failure.Code, chosen to read like the HTTP
// status a REST caller would have seen. failure.InvalidParams and
// failure.Internal use the protocol codes xmlrpc.FaultInvalidParams and
// xmlrpc.FaultInternal. The table is faultCodes; FAULTS.md documents it.
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

// faultRow is the wire form of one failure.Code: its faultCode and the
// faultString of an error that carries no Message.
type faultRow struct {
	code           int
	defaultMessage string
}

// faultCodes is the one table from failure.Code to fault. It covers every
// code of failure.Codes() (a test checks it); failure.Internal and any code
// without a row are -32603 "internal error".
var faultCodes = map[failure.Code]faultRow{
	failure.InvalidParams:       {xmlrpc.FaultInvalidParams, "invalid parameters"},
	failure.Unauthenticated:     {FaultUnauthenticated, "authentication failed"},
	failure.PlanRestricted:      {FaultPlanRestricted, "not available on this plan"},
	failure.PermissionDenied:    {FaultPermissionDenied, "permission denied"},
	failure.NotFound:            {FaultNotFound, "not found"},
	failure.Conflict:            {FaultConflict, "conflict"},
	failure.RateLimited:         {FaultRateLimited, "rate limit exceeded"},
	failure.Unsupported:         {FaultUnsupported, "not supported"},
	failure.UpstreamBadResponse: {FaultUpstreamBadResponse, "Backlog answered an unreadable response"},
	failure.UpstreamUnavailable: {FaultUpstreamUnavailable, "Backlog is unavailable"},
	failure.OutcomeUnknown:      {FaultOutcomeUnknown, "the outcome of the change is unknown; check before retrying"},
}

// Fault is the legacy API's xmlrpc.FaultFunc (wired with
// xmlrpc.WithFaultFunc): a *failure.Error anywhere in the chain becomes the
// faultCode of its Code and its Message (never the cause; the code's default
// text when empty), RateLimited saying when to retry. Any other error is not
// classified (ok false), so the runtime answers -32603 "internal error".
func Fault(err error) (code int, message string, ok bool) {
	var fe *failure.Error
	if !errors.As(err, &fe) {
		return 0, "", false
	}
	row, known := faultCodes[fe.Code]
	if !known {
		return xmlrpc.FaultInternal, "", true
	}
	msg := fe.Message
	if msg == "" {
		msg = row.defaultMessage
	}
	if fe.Code == failure.RateLimited {
		msg += "; retry after " + retryAfterText(fe.RetryAfter)
	}
	return row.code, msg, true
}

// FaultOf maps an error to the (faultCode, faultString) a legacy caller
// sees for it: the runtime's rules with Fault. The wiring labels logs with
// it, so they carry the code of the answer.
func FaultOf(err error) (int, string) { return xmlrpc.FaultWith(err, Fault) }

// retryAfterText renders a RetryAfter as whole seconds, rounded up (never 0:
// a caller told "retry after 0 seconds" would hammer the limit).
func retryAfterText(d time.Duration) string {
	s := int64(math.Ceil(d.Seconds()))
	if s < 1 {
		s = 1
	}
	return strconv.FormatInt(s, 10) + " seconds"
}
