package methods

import "slices"

// V2Calls returns, for every legacy method of the registry in table order,
// the Backlog v2 calls it may make ("METHOD /api/v2/route", the registry's
// v2 column). The pre-flight check (internal/preflight, which may not
// import this package) gets it from cmd to tell, per legacy method, whether
// the v2 requests it depends on work. Each call returns a fresh copy.
func V2Calls() map[string][]string {
	out := make(map[string][]string, len(registry))
	for _, m := range registry {
		out[m.name] = slices.Clone(m.v2)
	}
	return out
}
