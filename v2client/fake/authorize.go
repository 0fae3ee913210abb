package fake

import (
	"crypto/subtle"
	"net/http"
	"net/url"
)

// AuthorizePath is Backlog's authorization page, the browser step of the
// OAuth 2 authorization-code grant (`backlog-xmlrpc oauth` prints a URL to
// it).
const AuthorizePath = "/OAuth2AccessRequest.action"

// serveAuthorize answers GET AuthorizePath?response_type=code&client_id=
// &redirect_uri=&state= as Backlog does once its user has logged in and
// approved: 302 to the client's registered redirect URI with a single-use
// code (IssueAuthorizationCode) and the state. Backlog's login form is
// HTTP Basic here, with a seed user's login ID and password (401 with a
// challenge without them, so a browser asks). A request Backlog would
// refuse (not a GET, response_type other than code, an unknown client, a
// redirect URI other than the registered one) gets 400 (405) and a line of
// text, and nothing is issued.
func (s *Server) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		http.Error(w, "GET only", http.StatusMethodNotAllowed)
		return
	}
	q := r.URL.Query()
	s.st.mu.RLock()
	cl, known := s.st.oauthClients[q.Get("client_id")]
	s.st.mu.RUnlock()
	switch {
	case q.Get("response_type") != "code":
		http.Error(w, "response_type must be code", http.StatusBadRequest)
		return
	case !known:
		http.Error(w, "unknown client_id", http.StatusBadRequest)
		return
	case q.Get("redirect_uri") != cl.RedirectURI:
		http.Error(w, "redirect_uri is not the one registered for this client", http.StatusBadRequest)
		return
	}
	login, password, ok := r.BasicAuth()
	if !ok || !s.passwordMatches(login, password) {
		w.Header().Set("WWW-Authenticate", `Basic realm="backlog-fake login"`)
		http.Error(w, "log in with a seed user's login ID and password to approve the access", http.StatusUnauthorized)
		return
	}
	code, err := s.IssueAuthorizationCode(cl.ClientID, login)
	if err != nil {
		http.Error(w, "no such user", http.StatusUnauthorized)
		return
	}
	to, err := url.Parse(cl.RedirectURI)
	if err != nil {
		http.Error(w, "the client's registered redirect_uri does not parse", http.StatusInternalServerError)
		return
	}
	v := to.Query()
	v.Set("code", code)
	if st := q.Get("state"); st != "" {
		v.Set("state", st)
	}
	to.RawQuery = v.Encode()
	http.Redirect(w, r, to.String(), http.StatusFound)
}

// passwordMatches reports whether login is a live user whose password is
// password.
func (s *Server) passwordMatches(login, password string) bool {
	st := s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	for _, id := range st.userOrder {
		if u := st.users[id]; !u.deleted && u.UserID == login {
			return u.password != "" && subtle.ConstantTimeCompare([]byte(u.password), []byte(password)) == 1
		}
	}
	return false
}
