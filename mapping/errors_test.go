package mapping

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func apiErr(status, code int, msg string) *v2client.APIError {
	e := &v2client.APIError{Method: "GET", Route: "/api/v2/issues/:issueIdOrKey", StatusCode: status}
	if code != 0 {
		e.Errors = []v2client.ErrorItem{{Message: msg, Code: code}}
	}
	return e
}

func TestErrorFunnel(t *testing.T) {
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		err   error
		code  failure.Code
		retry time.Duration
		msg   string
	}{
		{"nil", nil, 0, 0, ""},
		{"no resource", apiErr(404, 6, "No issue."), failure.NotFound, 0, "No issue."},
		{"404 without body", apiErr(404, 0, ""), failure.NotFound, 0, "not found"},
		{"unauthorized operation", apiErr(403, 5, "You are not allowed."), failure.PermissionDenied, 0, "You are not allowed."},
		{"access denied", apiErr(403, 4, "Blocked."), failure.PermissionDenied, 0, "Blocked."},
		{"invalid request", apiErr(400, 7, "Please specify summary."), failure.InvalidParams, 0, "Please specify summary."},
		{"licence", apiErr(400, 2, "Not on your plan."), failure.PlanRestricted, 0, "Not on your plan."},
		{"resource overflow", apiErr(400, 9, "Too many."), failure.PlanRestricted, 0, "Too many."},
		{"authentication", apiErr(401, 11, "Authentication failure."), failure.Unauthenticated, 0, "Authentication failure."},
		{"401 without body", apiErr(401, 0, ""), failure.Unauthenticated, 0, ""},
		{"MFA", apiErr(401, 12, "MFA."), failure.Unauthenticated, 0, ""},
		{"internal", apiErr(500, 1, "boom"), failure.UpstreamUnavailable, 0, "Backlog failed to answer"},
		{"HTML 502 page", &v2client.APIError{StatusCode: 502, ContentType: "text/html"}, failure.UpstreamUnavailable, 0, ""},
		{"HTML 418 page", &v2client.APIError{StatusCode: 418, ContentType: "text/html"}, failure.UpstreamBadResponse, 0, ""},
		{"409", apiErr(409, 0, ""), failure.Conflict, 0, ""},
		{"rate limit", &v2client.RateLimitError{Reset: now.Add(42 * time.Second), Err: apiErr(429, 13, "Too many requests.")}, failure.RateLimited, 42 * time.Second, ""},
		{"rate limit in the past", &v2client.RateLimitError{Reset: now.Add(-time.Second), Err: apiErr(429, 13, "")}, failure.RateLimited, 0, ""},
		{"outcome unknown wraps a 5xx", &v2client.OutcomeUnknownError{Method: "POST", Route: "/api/v2/issues", Err: apiErr(503, 0, "")}, failure.OutcomeUnknown, 0, "outcome is unknown"},
		{"decode", &v2client.DecodeError{StatusCode: 200, ContentType: "text/html", Err: errors.New("x")}, failure.UpstreamBadResponse, 0, ""},
		{"transport", &v2client.TransportError{Method: "GET", Err: errors.New("refused")}, failure.UpstreamUnavailable, 0, ""},
		{"deadline", fmt.Errorf("wrapped: %w", context.DeadlineExceeded), failure.UpstreamUnavailable, 0, ""},
		{"oauth", &v2client.OAuthError{StatusCode: 400, Code: "invalid_grant"}, failure.Unauthenticated, 0, ""},
		{"already classified", failure.Invalid("x", "bad"), failure.InvalidParams, 0, "x: bad"},
		{"unknown error", errors.New("bug"), failure.Internal, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Error(tc.err, now)
			if tc.err == nil {
				require.NoError(t, got, "Error(nil)")
				return
			}
			var fe *failure.Error
			require.ErrorAs(t, got, &fe)
			assert.Equal(t, tc.code, fe.Code, "code")
			assert.Equal(t, tc.retry, fe.RetryAfter, "retry")
			assert.Contains(t, fe.Message, tc.msg)
			assert.NotContains(t, fe.Message, "apiKey", "message leaks")
		})
	}
}

func TestBacklogMessageIsClipped(t *testing.T) {
	long := strings.Repeat("あ", 300)
	fe := Error(apiErr(400, 7, long+"\n\tend"), time.Now()).(*failure.Error)
	if len(fe.Message) > 210 || !strings.HasSuffix(fe.Message, "...") {
		t.Errorf("not clipped: %d bytes", len(fe.Message))
	}
	if !utf8Valid(fe.Message) {
		t.Error("clipped inside a rune")
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }
