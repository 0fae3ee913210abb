package fake

// RevokeAPIKey makes Backlog forget an API key, as when its user
// regenerates it: every later request with the key gets 401 code 11. It
// reports whether the key was known. For reliability tests (a revoked key
// behind a gateway that still holds it).
func (s *Server) RevokeAPIKey(key string) bool {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	u, ok := s.st.usersByKey[key]
	if !ok {
		return false
	}
	delete(s.st.usersByKey, key)
	if u.apiKey == key {
		u.apiKey = ""
	}
	return true
}
