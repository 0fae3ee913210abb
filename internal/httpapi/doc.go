// Package httpapi is the request path of the gateway, from the accepted
// connection to the XML-RPC runtime: the HTTP server (Server, with the
// coalescing write of coalesce.go), the router (NewHandler: POST /XML-RPC
// behind Basic authentication, /healthz, /readyz and /metrics) and one
// middleware per file around /XML-RPC, outermost first:
//
//   - recoverer.go: a panic becomes a 500 and one JSON log line;
//   - track.go: the per-request State (request id, login, upstream calls and
//     time) that the call log, Server-Timing and the v2 client observer share;
//   - clientaddr.go: the client address, from trusted proxies only;
//   - servertiming.go: the optional Server-Timing header;
//   - the body limit, then authentication (auth.Guard);
//   - bind.go: the caller's own v2 client in the call's context;
//   - inflight.go and gatework.go: the in-flight limit and the work gate;
//   - deadline.go: the call deadline, so an answer is never lost to the
//     write timeout.
//
// calllog.go holds the xmlrpc runtime's observers (the one-line-per-call log
// and its metrics, the call guard and the call-error log).
package httpapi
