package xmlrpc

// Application fault codes kept for callers not yet moved to the legacy API's
// own constants (methods.Fault*): e2e/reliability reads these four.
//
// Deprecated: use methods.FaultRateLimited, methods.FaultUpstreamBadResponse,
// methods.FaultUpstreamUnavailable and methods.FaultOutcomeUnknown; the
// runtime assigns no meaning to these codes.
const (
	FaultRateLimited         = 429
	FaultUpstreamBadResponse = 502
	FaultUpstreamUnavailable = 503
	FaultOutcomeUnknown      = 520
)
