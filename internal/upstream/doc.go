// Package upstream is the gateway's side of Backlog API v2, per caller:
//
//   - Clients gives each authenticated caller a v2 client acting as that
//     caller: with its API key, or with an OAuth token source kept per login
//     whose rotated refresh tokens are handed to a save function (the
//     credentials file's, auth.FileAuthenticator.SaveRefreshToken);
//     Clients.Binder is httpapi's Bind;
//   - APIKeyVerifier is the check of --auth api-key (auth.Verifier);
//   - Observer is the v2 client's observer, the one accounting path of an
//     upstream exchange: the request's httpapi.State (call log,
//     Server-Timing) and the metrics;
//   - Readiness is /readyz: not draining, credentials loaded, Backlog
//     reachable.
//
// It joins auth (identities), httpapi (request State) and metrics to
// v2client, so that cmd only wires them. Writing the credentials file stays
// in auth, which owns its format.
package upstream
