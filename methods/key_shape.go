package methods

// keyShaped reports whether s can be a Backlog project key ("DEMO",
// "MY_PROJ2") or issue key ("DEMO-12"): ASCII letters, digits, '_' and
// '-' only. Keys become v2 path segments; the v2 client escapes them, but
// whether Backlog (or a proxy in front of it) decodes an escaped '/', '?',
// '#' or '%' before routing is not ours to rely on, so a key that could
// reach another endpoint is refused here (e2e/reliability/injection_test.go).
func keyShaped(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}
