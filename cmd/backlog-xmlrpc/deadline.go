package main

import (
	"context"
	"net/http"
	"time"
)

// callDeadline gives every /XML-RPC request a deadline of d, so the
// upstream work it causes (Backlog calls, the read retries of the v2
// client, the waits after a 429, every inner call of a system.multicall)
// stops while its answer can still be written. Without it a request's work
// is bounded only by attempts x --upstream-timeout per call, and an answer
// finished after --write-timeout is silently lost: the legacy client sees
// a dropped connection instead of fault 503 (issue 9, found by
// reliability/deadline_test.go). d <= 0 means no deadline.
func callDeadline(next http.Handler, d time.Duration) http.Handler {
	if d <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// callBudget is the deadline of one request under a write timeout: the
// write timeout less a tenth of it (at most 5 s) to encode and send the
// answer.
func callBudget(writeTimeout time.Duration) time.Duration {
	return writeTimeout - min(writeTimeout/10, 5*time.Second)
}
