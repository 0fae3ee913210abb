package httpapi

import "net/http"

// XMLRPCPath is the one path of the legacy API.
const XMLRPCPath = "/XML-RPC"

// front sends /XML-RPC straight to its handler chain and everything else
// through the chi router: a legacy call does not pay chi's route context
// and one more request copy (r.WithContext) for a path known in advance.
// The router holds the same chain for /XML-RPC, so routing by either gives
// the same answer. An /XML-RPC answer on a coalescing connection is written
// through coalescingWriter (coalesce.go).
type front struct {
	xmlrpc http.Handler
	router http.Handler
}

// ServeHTTP implements http.Handler.
func (f *front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == XMLRPCPath && r.URL.RawPath == "" {
		f.xmlrpc.ServeHTTP(coalescing(w, r), r)
		return
	}
	f.router.ServeHTTP(w, r)
}
