package mapping

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// Error turns an error from v2client into the *failure.Error the legacy
// caller sees (the fault funnel in xmlrpc then picks the faultCode). It is
// the one place that classifies Backlog's answers:
//
//   - *v2client.OutcomeUnknownError (a write sent without a usable answer)
//     -> OutcomeUnknown: the caller must check before repeating it;
//   - *v2client.RateLimitError -> RateLimited, RetryAfter measured from now;
//   - *v2client.DecodeError -> UpstreamBadResponse;
//   - *v2client.TransportError, context deadline/cancel -> UpstreamUnavailable;
//   - *v2client.OAuthError -> Unauthenticated;
//   - *v2client.APIError by Backlog error code first (6 NotFound, 4/5
//     PermissionDenied, 7/10 InvalidParams, 2/3/8/9 PlanRestricted, 11/12
//     Unauthenticated, 13 RateLimited, 1 UpstreamUnavailable), else by HTTP
//     status (400/422, 401, 403, 404, 409, 429, 5xx); a non-JSON error page is
//     UpstreamBadResponse.
//
// Backlog's own message (e.g. "No issue type.") is kept in the fault string
// because it helps the caller and carries no secret; it is clipped. An error
// that already is a *failure.Error is returned unchanged; nil stays nil.
func Error(err error, now time.Time) error {
	if err == nil {
		return nil
	}
	var fe *failure.Error
	if errors.As(err, &fe) {
		return err
	}
	var ou *v2client.OutcomeUnknownError
	if errors.As(err, &ou) {
		return failure.Wrap(failure.OutcomeUnknown, err, "the change was sent to Backlog but its outcome is unknown; check before repeating it")
	}
	var rl *v2client.RateLimitError
	if errors.As(err, &rl) {
		return &failure.Error{Code: failure.RateLimited, Message: "Backlog rate limit exceeded", RetryAfter: rl.RetryAfter(now), Err: err}
	}
	var de *v2client.DecodeError
	if errors.As(err, &de) {
		return failure.Wrap(failure.UpstreamBadResponse, err, "Backlog answered with an unreadable response")
	}
	var oe *v2client.OAuthError
	if errors.As(err, &oe) {
		return failure.Wrap(failure.Unauthenticated, err, "Backlog refused the credentials")
	}
	var ae *v2client.APIError
	if errors.As(err, &ae) {
		return apiError(ae, err)
	}
	var te *v2client.TransportError
	if errors.As(err, &te) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return failure.Wrap(failure.UpstreamUnavailable, err, "Backlog could not be reached")
	}
	return failure.Wrap(failure.Internal, err, "internal error")
}

func apiError(ae *v2client.APIError, err error) error {
	msg := backlogMessage(ae)
	w := func(c failure.Code, def string) error {
		if msg == "" {
			msg = def
		}
		return failure.Wrap(c, err, "%s", msg)
	}
	switch ae.Code() {
	case v2client.CodeNoResourceError:
		return w(failure.NotFound, "not found")
	case v2client.CodeAccessDeniedError, v2client.CodeUnauthorizedOperationError:
		return w(failure.PermissionDenied, "permission denied")
	case v2client.CodeInvalidRequestError, v2client.CodeTooLargeFileError:
		return w(failure.InvalidParams, "invalid parameters")
	case v2client.CodeLicenceError, v2client.CodeLicenceExpiredError, v2client.CodeSpaceOverCapacityError, v2client.CodeResourceOverflowError:
		return w(failure.PlanRestricted, "not allowed by the space's plan")
	case v2client.CodeAuthenticationError, v2client.CodeRequiredMFAError:
		return w(failure.Unauthenticated, "Backlog refused the credentials")
	case v2client.CodeTooManyRequestsError:
		return &failure.Error{Code: failure.RateLimited, Message: "Backlog rate limit exceeded", Err: err}
	case v2client.CodeInternalError:
		return failure.Wrap(failure.UpstreamUnavailable, err, "Backlog failed to answer")
	}
	switch s := ae.StatusCode; {
	case s == http.StatusNotFound:
		return w(failure.NotFound, "not found")
	case s == http.StatusUnauthorized:
		return w(failure.Unauthenticated, "Backlog refused the credentials")
	case s == http.StatusForbidden:
		return w(failure.PermissionDenied, "permission denied")
	case s == http.StatusBadRequest || s == http.StatusUnprocessableEntity:
		return w(failure.InvalidParams, "invalid parameters")
	case s == http.StatusConflict:
		return w(failure.Conflict, "conflict")
	case s == http.StatusTooManyRequests:
		return &failure.Error{Code: failure.RateLimited, Message: "Backlog rate limit exceeded", Err: err}
	case s >= 500 && len(ae.Errors) > 0:
		return failure.Wrap(failure.UpstreamUnavailable, err, "Backlog failed to answer")
	case s >= 500:
		return failure.Wrap(failure.UpstreamUnavailable, err, "Backlog is unavailable")
	}
	return failure.Wrap(failure.UpstreamBadResponse, err, "Backlog answered with an unexpected response")
}

// backlogMessage returns Backlog's first error message, on one line and at
// most 200 bytes (cut on a rune boundary).
func backlogMessage(ae *v2client.APIError) string {
	if len(ae.Errors) == 0 {
		return ""
	}
	m := strings.Join(strings.Fields(ae.Errors[0].Message), " ")
	const max = 200
	if len(m) > max {
		cut := max
		for cut > 0 && !utf8Start(m[cut]) {
			cut--
		}
		m = m[:cut] + "..."
	}
	return m
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
