package v2client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestScrubArbitraryErrorText(t *testing.T) {
	base, err := New("https://demo.backlog.jp")
	if err != nil {
		t.Fatal(err)
	}
	c := base.WithAPIKey(testKey)
	tests := []error{
		fmt.Errorf("proxy said: bad key %s: %w", testKey, io.EOF),
		fmt.Errorf("escaped %s: %w", url.QueryEscape(testKey), io.ErrUnexpectedEOF),
		&url.Error{Op: "Get", URL: "https://demo.backlog.jp/api/v2/space?apiKey=" + testKey + "&x=1", Err: io.EOF},
		fmt.Errorf("wrapped: %w", &url.Error{Op: "Post", URL: "https://demo.backlog.jp/api/v2/issues?apiKey=" + testKey, Err: io.EOF}),
	}
	for _, in := range tests {
		out := c.scrub(in)
		if strings.Contains(out.Error(), testKey) {
			t.Errorf("scrub(%q) = %q", in, out)
		}
		if !errors.Is(out, io.EOF) && !errors.Is(out, io.ErrUnexpectedEOF) {
			t.Errorf("scrub(%q) lost the cause: %v", in, out)
		}
	}
	plain := errors.New("nothing secret")
	if c.scrub(plain) != plain {
		t.Error("scrub changed an error without secrets")
	}
	tok := base.WithTokenSource(StaticToken("bearer-secret-1234"))
	if got := tok.scrub(fmt.Errorf("echo bearer-secret-1234")).Error(); strings.Contains(got, "bearer-secret") {
		t.Errorf("token not scrubbed: %s", got)
	}
}

func TestSleepCtx(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if err := sleepCtx(ctx, time.Hour); !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Errorf("sleepCtx on a cancelled context: %v after %v", err, time.Since(start))
	}
	if err := sleepCtx(context.Background(), time.Millisecond); err != nil {
		t.Error(err)
	}
}

func TestOptionalStates(t *testing.T) {
	var unset Optional[int64]
	set, clr := Set(int64(5)), Clear[int64]()
	if !unset.IsUnset() || unset.IsSet() || unset.IsClear() {
		t.Error("zero Optional is not unset")
	}
	if v, ok := set.Value(); !ok || v != 5 || !set.IsSet() || set.IsUnset() {
		t.Error("Set")
	}
	if _, ok := clr.Value(); ok || !clr.IsClear() || clr.IsUnset() {
		t.Error("Clear")
	}
}

func TestErrorTexts(t *testing.T) {
	api := &APIError{Method: "GET", Route: "/api/v2/issues/:issueIdOrKey", StatusCode: 404, Errors: []ErrorItem{{Message: "No issue.", Code: 6, MoreInfo: "x"}}}
	if got := api.Error(); got != "v2client: GET /api/v2/issues/:issueIdOrKey: HTTP 404; No issue. (code 6) x" || api.Code() != CodeNoResourceError {
		t.Errorf("APIError = %q, code %v", got, api.Code())
	}
	if (&APIError{}).Code() != 0 {
		t.Error("Code of an empty APIError")
	}
	if CodeTooManyRequestsError.Error() != "backlog: TooManyRequestsError" || ErrorCode(99).Error() != "backlog: error code 99" {
		t.Error("ErrorCode texts")
	}
	rl := &RateLimitError{Err: api}
	if rl.RetryAfter(time.Now()) != 0 || !strings.Contains(rl.Error(), "rate limit exceeded") {
		t.Error("RateLimitError without reset")
	}
	oe := &OAuthError{StatusCode: 400, Code: "invalid_grant", Description: "Grant is invalid."}
	if oe.Error() != "v2client: oauth2 token: HTTP 400: invalid_grant: Grant is invalid." {
		t.Error(oe.Error())
	}
}
