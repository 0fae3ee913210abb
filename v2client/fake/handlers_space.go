package fake

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/png"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

func sortStrings(s []string) { sort.Strings(s) }

// GET /space: the space; any role.
func (s *Server) getSpace(c *call) (int, any, error) {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	return http.StatusOK, s.st.space, nil
}

// GET /rateLimit: the caller's budgets (§1.9).
func (s *Server) getRateLimit(c *call) (int, any, error) {
	var out v2client.RateLimits
	out.RateLimit.Read = s.rate.status(c.user.ID, classRead, s.limits.Read, c.now)
	out.RateLimit.Update = s.rate.status(c.user.ID, classUpdate, s.limits.Update, c.now)
	out.RateLimit.Search = s.rate.status(c.user.ID, classSearch, s.limits.Search, c.now)
	out.RateLimit.Icon = s.rate.status(c.user.ID, classIcon, s.limits.Icon, c.now)
	return http.StatusOK, out, nil
}

// GET /priorities.
func (s *Server) getPriorities(c *call) (int, any, error) {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	return http.StatusOK, slices.Clone(s.st.priorities), nil
}

// GET /resolutions.
func (s *Server) getResolutions(c *call) (int, any, error) {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	return http.StatusOK, slices.Clone(s.st.resolutions), nil
}

// GET /statuses: the older space-wide list of the four built-in statuses
// ({id, name} as in the fixture). Served (UNCONFIRMED whether Backlog
// still does; the decision is to keep it, since backlog4j calls it).
func (s *Server) getSpaceStatuses(c *call) (int, any, error) {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	out := make([]v2client.Status, 0, len(s.st.builtinStatuses))
	for _, st := range s.st.builtinStatuses {
		out = append(out, v2client.Status{ID: st.ID, Name: st.Name})
	}
	return http.StatusOK, out, nil
}

// --- activities ---

// activities answers the activities of the projects the caller can see,
// filtered by keep, with activityTypeId[], minId, maxId, count and order.
func (s *Server) activities(c *call, keep func(a *activity) bool) (int, any, error) {
	count, asc, minID, maxID, err := c.pageParams()
	if err != nil {
		return 0, nil, err
	}
	types, _, err := c.ints("activityTypeId[]")
	if err != nil {
		return 0, nil, err
	}
	st := s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	out := []v2client.Activity{}
	n := len(st.activities)
	for k := 0; k < n && len(out) < count; k++ {
		a := st.activities[n-1-k]
		if asc {
			a = st.activities[k]
		}
		if (minID != nil && a.id <= *minID) || (maxID != nil && a.id >= *maxID) {
			continue
		}
		if len(types) > 0 && !slices.Contains(types, int64(a.typ)) {
			continue
		}
		p := st.projects[a.projectID]
		if p == nil || !st.canSee(c.user, p) || !keep(a) {
			continue
		}
		out = append(out, st.renderActivity(a))
	}
	return http.StatusOK, out, nil
}

// GET /space/activities: recent updates of every project the caller sees.
func (s *Server) getSpaceActivities(c *call) (int, any, error) {
	return s.activities(c, func(*activity) bool { return true })
}

// GET /projects/:projectIdOrKey/activities.
func (s *Server) getProjectActivities(c *call) (int, any, error) {
	s.st.mu.RLock()
	p, err := s.visibleProject(c, 0)
	s.st.mu.RUnlock()
	if err != nil {
		return 0, nil, err
	}
	id := p.ID
	return s.activities(c, func(a *activity) bool { return a.projectID == id })
}

// GET /users/:userId/activities.
func (s *Server) getUserActivities(c *call) (int, any, error) {
	s.st.mu.RLock()
	u, err := s.userByPath(c)
	s.st.mu.RUnlock()
	if err != nil {
		return 0, nil, err
	}
	id := u.ID
	return s.activities(c, func(a *activity) bool { return a.createdUserID == id })
}

// --- users ---

func (s *Server) userByPath(c *call) (*user, error) {
	id, err := parseID("userId", c.v(0))
	if err != nil {
		return nil, errNotFound("No user.")
	}
	u := s.st.users[id]
	if u == nil || u.deleted {
		return nil, errNotFound("No user.")
	}
	return u, nil
}

// GET /users: every user of the space; administrators and project
// administrators only (as documented), others get 403 code 5.
func (s *Server) getUsers(c *call) (int, any, error) {
	st := s.st
	st.mu.RLock()
	defer st.mu.RUnlock()
	if !st.isAnyProjectAdmin(c.user) {
		return 0, nil, errForbidden()
	}
	out := []userWire{}
	for _, id := range st.userOrder {
		if u := st.users[id]; !u.deleted {
			out = append(out, st.userFull(u))
		}
	}
	return http.StatusOK, out, nil
}

// GET /users/myself.
func (s *Server) getMyself(c *call) (int, any, error) {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	return http.StatusOK, s.st.userFull(c.user), nil
}

// GET /users/:userId (numeric id): any role.
func (s *Server) getUser(c *call) (int, any, error) {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	u, err := s.userByPath(c)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.st.userFull(u), nil
}

var loginRE = regexp.MustCompile(`^[A-Za-z0-9_.@-]{1,100}$`)

func roleParam(c *call, required bool) (*v2client.RoleType, error) {
	v, present, err := c.intParam("roleType")
	if err != nil {
		return nil, err
	}
	if v == nil {
		if required || present {
			return nil, errInvalid("Please specify roleType.")
		}
		return nil, nil
	}
	if *v < 1 || *v > 6 {
		return nil, errInvalid("Invalid roleType: " + itoa(*v))
	}
	r := v2client.RoleType(*v)
	return &r, nil
}

// POST /users: administrators only; userId, password, name, mailAddress
// and roleType are required; a taken login ID is 400 code 7. 201.
func (s *Server) postUser(c *call) (int, any, error) {
	if c.user.RoleType != v2client.RoleAdministrator {
		return 0, nil, errForbidden()
	}
	var vals [4]string
	for k, name := range []string{"userId", "password", "name", "mailAddress"} {
		v, err := c.required(name)
		if err != nil {
			return 0, nil, err
		}
		vals[k] = v
	}
	if !loginRE.MatchString(vals[0]) {
		return 0, nil, errInvalid("Invalid userId: " + vals[0])
	}
	role, err := roleParam(c, true)
	if err != nil {
		return 0, nil, err
	}
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, u := range st.users {
		if !u.deleted && u.UserID == vals[0] {
			return 0, nil, errInvalid("The userId is already used: " + vals[0])
		}
	}
	u := &user{User: v2client.User{ID: st.newID(), UserID: vals[0], Name: vals[2], RoleType: *role, MailAddress: vals[3]},
		password: vals[1], apiKey: "", icon: "gif"}
	st.users[u.ID] = u
	st.userOrder = append(st.userOrder, u.ID)
	c.h.Set("Location", baseURL(c.r)+"/user/"+itoa(u.ID))
	return http.StatusCreated, st.userFull(u), nil
}

// PATCH /users/:userId: administrators only; name, password, mailAddress,
// roleType (each optional, none may be empty).
func (s *Server) patchUser(c *call) (int, any, error) {
	if c.user.RoleType != v2client.RoleAdministrator {
		return 0, nil, errForbidden()
	}
	role, err := roleParam(c, false)
	if err != nil {
		return 0, nil, err
	}
	for _, name := range []string{"name", "password", "mailAddress"} {
		if c.has(name) && c.str(name) == "" {
			return 0, nil, errInvalid("Please specify " + name + ".")
		}
	}
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	u, err := s.userByPath(c)
	if err != nil {
		return 0, nil, err
	}
	if c.has("name") {
		u.Name = c.str("name")
	}
	if c.has("mailAddress") {
		u.MailAddress = c.str("mailAddress")
	}
	if c.has("password") {
		u.password = c.str("password")
	}
	if role != nil {
		u.RoleType = *role
	}
	return http.StatusOK, st.userFull(u), nil
}

// DELETE /users/:userId: administrators only; one cannot delete oneself
// (400 code 7). Answers the deleted user.
func (s *Server) deleteUser(c *call) (int, any, error) {
	if c.user.RoleType != v2client.RoleAdministrator {
		return 0, nil, errForbidden()
	}
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	u, err := s.userByPath(c)
	if err != nil {
		return 0, nil, err
	}
	if u.ID == c.user.ID {
		return 0, nil, errInvalid("You cannot delete yourself.")
	}
	u.deleted = true
	if u.apiKey != "" {
		delete(st.usersByKey, u.apiKey)
	}
	for _, p := range st.projects {
		p.members = slices.DeleteFunc(p.members, func(id int64) bool { return id == u.ID })
		delete(p.admins, u.ID)
	}
	for k, t := range st.tokens {
		if t.userID == u.ID {
			delete(st.tokens, k)
			delete(st.refresh, t.refresh)
		}
	}
	return http.StatusOK, st.userFull(u), nil
}

// GET /users/:userId/icon: a small real image (GIF or PNG per the seed)
// answered as application/octet-stream with a Content-Disposition file
// name, as Backlog does (icon rate class).
func (s *Server) getUserIcon(c *call) (int, any, error) {
	s.st.mu.RLock()
	u, err := s.userByPath(c)
	var id int64
	var format string
	if err == nil {
		id, format = u.ID, u.icon
	}
	s.st.mu.RUnlock()
	if err != nil {
		return 0, nil, err
	}
	data, name := iconFor(id, format)
	return http.StatusOK, rawBody{data: data, filename: name}, nil
}

// iconFor draws a 16x16 icon in a colour derived from the user id.
func iconFor(id int64, format string) ([]byte, string) {
	col := color.RGBA{R: uint8(40 + id*53%200), G: uint8(60 + id*97%180), B: uint8(80 + id*31%160), A: 255}
	var buf bytes.Buffer
	if format == "png" {
		img := image.NewRGBA(image.Rect(0, 0, 16, 16))
		for k := 0; k < 16*16; k++ {
			img.Set(k%16, k/16, col)
		}
		png.Encode(&buf, img)
		return buf.Bytes(), "person_" + itoa(id) + ".png"
	}
	img := image.NewPaletted(image.Rect(0, 0, 16, 16), palette.WebSafe)
	for k := 0; k < 16*16; k++ {
		img.Set(k%16, k/16, col)
	}
	gif.Encode(&buf, img, nil)
	return buf.Bytes(), "person_" + itoa(id) + ".gif"
}

// --- OAuth 2 ---

// tokenLifetime is the access-token lifetime Backlog documents (one hour).
const tokenLifetime = time.Hour

func oauthError(status int, code, desc string) (int, any, error) {
	return status, v2client.AuthErrorBody{Error: code, ErrorDescription: desc}, nil
}

// IssueAuthorizationCode stands in for the browser step of the
// authorization-code grant: it returns a single-use code for user login
// (login ID) and the registered client clientID, to exchange at POST
// /api/v2/oauth2/token.
func (s *Server) IssueAuthorizationCode(clientID, login string) (string, error) {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, ok := st.oauthClients[clientID]; !ok {
		return "", errInvalid("unknown client " + clientID)
	}
	for _, id := range st.userOrder {
		if u := st.users[id]; !u.deleted && u.UserID == login {
			code := randomToken("code-")
			st.codes[code] = authCode{clientID: clientID, userID: u.ID}
			return code, nil
		}
	}
	return "", errNotFound("No user.")
}

func randomToken(prefix string) string {
	var b [24]byte
	rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

// POST /oauth2/token: grant_type authorization_code (code, redirect_uri,
// client_id, client_secret) or refresh_token (refresh_token, client_id,
// client_secret). Errors use the OAuth body {"error", "error_description"}:
// 401 invalid_client, 400 invalid_grant / invalid_request /
// unsupported_grant_type. A refresh rotates both tokens.
func (s *Server) postToken(c *call) (int, any, error) {
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	cl, ok := st.oauthClients[c.str("client_id")]
	if !ok || cl.ClientSecret != c.str("client_secret") {
		return oauthError(http.StatusUnauthorized, "invalid_client", "Client authentication failed.")
	}
	var uid int64
	switch c.str("grant_type") {
	case "authorization_code":
		code, ok := st.codes[c.str("code")]
		if !ok || code.clientID != cl.ClientID {
			return oauthError(http.StatusBadRequest, "invalid_grant", "Grant is invalid.")
		}
		if c.str("redirect_uri") != cl.RedirectURI {
			return oauthError(http.StatusBadRequest, "invalid_grant", "redirect_uri does not match.")
		}
		delete(st.codes, c.str("code"))
		uid = code.userID
	case "refresh_token":
		old, ok := st.refresh[c.str("refresh_token")]
		if !ok || old.clientID != cl.ClientID {
			return oauthError(http.StatusBadRequest, "invalid_grant", "Grant is invalid.")
		}
		delete(st.refresh, old.refresh)
		delete(st.tokens, old.access)
		uid = old.userID
	case "":
		return oauthError(http.StatusBadRequest, "invalid_request", "grant_type is required.")
	default:
		return oauthError(http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant type.")
	}
	t := &token{access: randomToken(""), refresh: randomToken(""), userID: uid, clientID: cl.ClientID,
		expires: c.now.Add(tokenLifetime)}
	st.tokens[t.access] = t
	st.refresh[t.refresh] = t
	return http.StatusOK, v2client.AccessToken{TokenType: "Bearer", AccessToken: t.access,
		ExpiresIn: int64(tokenLifetime / time.Second), RefreshToken: t.refresh}, nil
}

// baseURL is the scheme and host the request came to (for Location).
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
