package v2client

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
)

// ErrorCode is a Backlog error code (the `code` of an errors[] element, §1.8).
// It implements error so that callers can write
// errors.Is(err, v2client.CodeNoResource).
type ErrorCode int

// Backlog error codes (§1.8).
const (
	CodeInternalError              ErrorCode = 1
	CodeLicenceError               ErrorCode = 2
	CodeLicenceExpiredError        ErrorCode = 3
	CodeAccessDeniedError          ErrorCode = 4
	CodeUnauthorizedOperationError ErrorCode = 5
	CodeNoResourceError            ErrorCode = 6
	CodeInvalidRequestError        ErrorCode = 7
	CodeSpaceOverCapacityError     ErrorCode = 8
	CodeResourceOverflowError      ErrorCode = 9
	CodeTooLargeFileError          ErrorCode = 10
	CodeAuthenticationError        ErrorCode = 11
	CodeRequiredMFAError           ErrorCode = 12
	CodeTooManyRequestsError       ErrorCode = 13
)

var codeNames = [...]string{"", "InternalError", "LicenceError", "LicenceExpiredError", "AccessDeniedError",
	"UnauthorizedOperationError", "NoResourceError", "InvalidRequestError", "SpaceOverCapacityError",
	"ResourceOverflowError", "TooLargeFileError", "AuthenticationError", "RequiredMFAError", "TooManyRequestsError"}

// Error returns the code's Backlog name.
func (c ErrorCode) Error() string {
	if c > 0 && int(c) < len(codeNames) {
		return "backlog: " + codeNames[c]
	}
	return fmt.Sprintf("backlog: error code %d", int(c))
}

// APIError is a non-2xx answer from Backlog: the HTTP status and Backlog's
// errors[] (empty when the body was not Backlog's JSON, e.g. an HTML error
// page of a proxy). It never holds the request URL (which may carry the API
// key) or the raw body.
type APIError struct {
	Method     string // HTTP method of the request
	Route      string // path template of the request
	StatusCode int
	Errors     []ErrorItem
	// ContentType is the answer's media type ("text/html" for a proxy page).
	ContentType string
	// WWWAuthenticate is the header of an OAuth 401 (error="invalid_token" ...).
	WWWAuthenticate string

	oauth *AuthErrorBody // the token endpoint's error body, when it was one
}

// Error describes the failure: method, route, status and Backlog's messages.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "v2client: %s %s: HTTP %d", e.Method, e.Route, e.StatusCode)
	for _, it := range e.Errors {
		fmt.Fprintf(&b, "; %s (code %d)", it.Message, it.Code)
		if it.MoreInfo != "" {
			fmt.Fprintf(&b, " %s", it.MoreInfo)
		}
	}
	if len(e.Errors) == 0 && e.ContentType != "" {
		fmt.Fprintf(&b, " (%s body)", e.ContentType)
	}
	return b.String()
}

// Code returns the first Backlog error code, or 0 when there is none.
func (e *APIError) Code() ErrorCode {
	if len(e.Errors) == 0 {
		return 0
	}
	return ErrorCode(e.Errors[0].Code)
}

// HasCode reports whether any element of errors[] has code c.
func (e *APIError) HasCode(c ErrorCode) bool {
	for _, it := range e.Errors {
		if ErrorCode(it.Code) == c {
			return true
		}
	}
	return false
}

// Is makes errors.Is(err, CodeXxx) true when errors[] holds that code.
func (e *APIError) Is(target error) bool {
	c, ok := target.(ErrorCode)
	return ok && e.HasCode(c)
}

// RateLimitError is a 429 (or an error with code 13): the user's budget for
// this request class is spent until Reset.
type RateLimitError struct {
	Rate  Rate      // the X-RateLimit-* headers of the refusal
	Reset time.Time // when the budget resets (zero when Backlog did not say)
	Err   *APIError // the underlying answer
}

// Error says when to retry.
func (e *RateLimitError) Error() string {
	if e.Reset.IsZero() {
		return fmt.Sprintf("v2client: %s %s: rate limit exceeded", e.Err.Method, e.Err.Route)
	}
	return fmt.Sprintf("v2client: %s %s: rate limit exceeded, resets at %s", e.Err.Method, e.Err.Route, e.Reset.UTC().Format(time.RFC3339))
}

// Unwrap returns the APIError, so errors.Is(err, CodeTooManyRequestsError) holds.
func (e *RateLimitError) Unwrap() error { return e.Err }

// RetryAfter returns how long until the reset, measured from now (0 if past
// or unknown).
func (e *RateLimitError) RetryAfter(now time.Time) time.Duration {
	if e.Reset.IsZero() || !e.Reset.After(now) {
		return 0
	}
	return e.Reset.Sub(now)
}

// TransportError is a failure without an answer: connection refused, DNS,
// TLS, timeout, reset, truncated body. Sent tells whether the request was
// written (false: Backlog never saw it, a write is safe to repeat).
type TransportError struct {
	Method string
	Route  string
	Sent   bool
	Err    error // scrubbed
}

// Error says what failed and whether the request was sent.
func (e *TransportError) Error() string {
	state := "not sent"
	if e.Sent {
		state = "sent, no answer"
	}
	return fmt.Sprintf("v2client: %s %s: %s: %v", e.Method, e.Route, state, e.Err)
}

// Unwrap returns the cause, for errors.Is/As.
func (e *TransportError) Unwrap() error { return e.Err }

// OutcomeUnknownError is returned for a write (POST/PATCH/DELETE) that was
// sent but got no usable answer (timeout, reset, truncated or undecodable
// body, or a 5xx): it may or may not have been applied. The client never
// retries it; the legacy layer reports fault 520.
type OutcomeUnknownError struct {
	Method string
	Route  string
	Err    error // *TransportError, *APIError (5xx) or *DecodeError
}

// Error says which write may or may not have happened, and why.
func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("v2client: %s %s: outcome unknown: %v", e.Method, e.Route, e.Err)
}

// Unwrap returns the cause, for errors.Is/As.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// DecodeError is a 2xx answer whose body is not the expected JSON (an HTML
// page, a truncated document, a body over the size cap).
type DecodeError struct {
	Method      string
	Route       string
	StatusCode  int
	ContentType string
	Err         error
}

// Error describes the unreadable answer (never its content).
func (e *DecodeError) Error() string {
	return fmt.Sprintf("v2client: %s %s: HTTP %d with undecodable %q body: %v", e.Method, e.Route, e.StatusCode, e.ContentType, e.Err)
}

// Unwrap returns the cause, for errors.Is/As.
func (e *DecodeError) Unwrap() error { return e.Err }

// OAuthError is an error of the token endpoint ({"error", "error_description"}).
type OAuthError struct {
	StatusCode  int
	Code        string // e.g. "invalid_grant"
	Description string
}

// Error gives the token endpoint's error code and description.
func (e *OAuthError) Error() string {
	return fmt.Sprintf("v2client: oauth2 token: HTTP %d: %s: %s", e.StatusCode, e.Code, e.Description)
}

// CheckResponse returns nil for a 2xx response and otherwise a typed error:
// *RateLimitError for 429 or code 13, else *APIError. It reads at most
// 64 KiB of the body (and does not close it). Route and method come from
// resp.Request when present.
func CheckResponse(resp *http.Response) error {
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	method, route := "", ""
	if resp.Request != nil {
		method = resp.Request.Method
		if resp.Request.URL != nil {
			route = resp.Request.URL.Path
		}
	}
	return checkResponse(method, route, resp, body)
}

func checkResponse(method, route string, resp *http.Response, body []byte) error {
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return nil
	}
	ct := resp.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	e := &APIError{Method: method, Route: route, StatusCode: resp.StatusCode, ContentType: mt,
		WWWAuthenticate: resp.Header.Get("WWW-Authenticate")}
	var eb ErrorBody
	if json.Unmarshal(body, &eb) == nil {
		e.Errors = eb.Errors
	}
	var ab AuthErrorBody
	if len(e.Errors) == 0 && json.Unmarshal(body, &ab) == nil && ab.Error != "" {
		e.oauth = &ab
	}
	if resp.StatusCode == http.StatusTooManyRequests || e.HasCode(CodeTooManyRequestsError) {
		rate := parseRate(resp.Header)
		return &RateLimitError{Rate: rate, Reset: rate.Reset, Err: e}
	}
	return e
}

// ErrorItem is one element of Backlog's error body {"errors": [...]} (§1.8).
type ErrorItem struct {
	Message   string `json:"message"`
	Code      int    `json:"code"`
	MoreInfo  string `json:"moreInfo"`
	ErrorInfo string `json:"errorInfo,omitempty"`
}

// ErrorBody is Backlog's error body.
type ErrorBody struct {
	Errors []ErrorItem `json:"errors"`
}

// AuthErrorBody is the OAuth token endpoint's error body.
type AuthErrorBody struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
}
