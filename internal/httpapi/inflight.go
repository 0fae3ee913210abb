package httpapi

import "net/http"

// limitInFlight lets at most n requests through next at once; the others
// wait for a slot until their request's context ends (client gone, or the
// server's write timeout), and then get no answer, as a dropped connection
// would. It bounds the memory of calls in progress when more clients than
// the CPU can serve send at once: each call holds its decoded request, v2
// answers and legacy result while it runs (BENCHMARKS.md, memory with 500
// connections). It sits after authentication and before the XML-RPC body
// is read, so waiting calls hold only their connection.
func limitInFlight(n int, next http.Handler) http.Handler {
	slots := make(chan struct{}, n)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
		case <-r.Context().Done():
			return
		}
		defer func() { <-slots }()
		next.ServeHTTP(w, r)
	})
}
