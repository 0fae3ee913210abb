// Package failure is the gateway's small domain error type: a closed set of
// codes that every layer (mapping, methods, the v2 client adapter, auth)
// reports through. The API that answers callers owns the one table that
// turns a Code into its wire form (the legacy XML-RPC API: methods.Fault,
// documented in methods/FAULTS.md).
package failure

import (
	"errors"
	"fmt"
	"time"
)

// Code classifies what went wrong, from the legacy caller's point of view.
type Code int

// The codes. Keep this list closed: adding one means adding a row to the
// fault table (methods/faults.go) and to methods/FAULTS.md.
const (
	Internal            Code = iota // a bug or an impossible state; details never leave the server
	InvalidParams                   // a missing, malformed or out-of-range parameter
	NotFound                        // the project, issue, user, ... does not exist or is invisible
	Unauthenticated                 // the caller's credentials were refused (also a revoked v2 key)
	PermissionDenied                // the caller's role may not do this (e.g. admin.* by a normal user)
	RateLimited                     // Backlog's per-user budget is spent; RetryAfter says when to retry
	PlanRestricted                  // the space's plan or licence does not allow it
	Unsupported                     // a legacy feature with no v2 equivalent (decided, documented)
	UpstreamUnavailable             // Backlog could not be reached or answered 5xx; nothing was changed
	UpstreamBadResponse             // Backlog answered something unreadable (HTML page, truncated JSON)
	OutcomeUnknown                  // a write was sent but its result is unknown: it may or may not have happened
	Conflict                        // the change contradicts the current state (duplicate key, ...)
)

var codeNames = map[Code]string{
	Internal: "internal", InvalidParams: "invalid_params", NotFound: "not_found",
	Unauthenticated: "unauthenticated", PermissionDenied: "permission_denied",
	RateLimited: "rate_limited", PlanRestricted: "plan_restricted", Unsupported: "unsupported",
	UpstreamUnavailable: "upstream_unavailable", UpstreamBadResponse: "upstream_bad_response",
	OutcomeUnknown: "outcome_unknown", Conflict: "conflict",
}

// String returns a stable snake_case name, used in logs and metric labels.
func (c Code) String() string {
	if s, ok := codeNames[c]; ok {
		return s
	}
	return fmt.Sprintf("code_%d", int(c))
}

// Codes lists every code, for tests that walk the fault table.
func Codes() []Code {
	return []Code{Internal, InvalidParams, NotFound, Unauthenticated, PermissionDenied,
		RateLimited, PlanRestricted, Unsupported, UpstreamUnavailable, UpstreamBadResponse,
		OutcomeUnknown, Conflict}
}

// Error is a classified error. Message is safe to show to the legacy caller
// (it never holds a secret); Err is the cause, for logs (already scrubbed).
type Error struct {
	Code       Code
	Message    string
	RetryAfter time.Duration // RateLimited only: how long until the budget resets
	Err        error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an Error with a formatted message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an Error with a message and a cause.
func Wrap(code Code, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// CodeOf returns the Code of the first *Error in err's chain, or Internal.
func CodeOf(err error) Code {
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Code
	}
	return Internal
}

// Invalid is shorthand for an InvalidParams error naming the parameter.
func Invalid(member, format string, args ...any) *Error {
	return &Error{Code: InvalidParams, Message: member + ": " + fmt.Sprintf(format, args...)}
}
