// Package auth is the legacy HTTP Basic authentication in front of /XML-RPC.
//
// Legacy Backlog API v1 clients authenticate every call with HTTP Basic and the
// Backlog login ID. Backlog API v2 has no passwords: it wants the user's own
// API key (or an OAuth token). This package turns the one into the other, in
// one of two modes:
//
//   - credentials file (FileAuthenticator): an operator-managed JSON file maps
//     each legacy login ID to a bcrypt hash of its legacy password and that
//     user's v2 API key (or OAuth refresh token). The file must not be readable
//     by group or others, and is re-read atomically on SIGHUP (Reload) or
//     when it changes (Watch). A refresh token that Backlog rotated is
//     written back into it (SaveRefreshToken).
//   - API key as password (APIKeyAuthenticator): the Basic password IS the
//     user's v2 API key; it is checked once against GET /users/myself, whose
//     userId must equal the login ID, and the result is cached for a TTL.
//
// Either way, each caller's calls run with that caller's own v2 credentials:
// the gateway holds no shared service account.
//
// Failed logins are limited per login ID and per client address (Limiter), and
// Guard answers an unauthenticated request with the exact challenge Perl's LWP
// waits for: 401 and `WWW-Authenticate: Basic realm="Backlog Basic Authenticate"`.
// Secrets (passwords, API keys, tokens) are never logged nor put in an error
// string; caches keep only HMACs keyed by a per-process random key.
package auth
