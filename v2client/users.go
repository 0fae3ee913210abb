package v2client

import (
	"context"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// UsersService covers users (§3.12). Every user id here is the numeric id.
type UsersService service

// List returns every user of the space (administrators and project
// administrators only).
//
// v2: GET /api/v2/users
func (s *UsersService) List(ctx context.Context) ([]User, *Response, error) {
	return getList[User](ctx, s.client, at("/api/v2/users"), nil)
}

// Get returns one user.
//
// v2: GET /api/v2/users/:userId
func (s *UsersService) Get(ctx context.Context, id int64) (*User, *Response, error) {
	return getOne[User](ctx, s.client, at("/api/v2/users/:userId", itoa(id)), nil)
}

// Myself returns the user the credentials belong to.
//
// v2: GET /api/v2/users/myself
func (s *UsersService) Myself(ctx context.Context) (*User, *Response, error) {
	return getOne[User](ctx, s.client, at("/api/v2/users/myself"), nil)
}

// Icon returns a user's icon: the bytes, the file name from
// Content-Disposition (filename or RFC 5987 filename*), and the content
// type, because Backlog answers application/octet-stream (§1.4): the sniffed
// type when the bytes are a recognisable image, else the type of the file
// name's extension, else the header's type.
//
// v2: GET /api/v2/users/:userId/icon (icon rate class)
func (s *UsersService) Icon(ctx context.Context, id int64) (*Icon, *Response, error) {
	r := newRequest(http.MethodGet, at("/api/v2/users/:userId/icon", itoa(id)))
	resp, body, err := s.client.do(ctx, r)
	if err != nil {
		return nil, resp, err
	}
	ic := &Icon{Data: body, Filename: dispositionFilename(resp.Header.Get("Content-Disposition"))}
	ic.ContentType = iconContentType(body, ic.Filename, resp.Header.Get("Content-Type"))
	return ic, resp, nil
}

// dispositionFilename reads the file name of a Content-Disposition header;
// mime.ParseMediaType decodes the RFC 5987/2231 filename* form into
// "filename". A header it cannot parse falls back to the text after
// filename=.
func dispositionFilename(h string) string {
	if h == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(h); err == nil && params["filename"] != "" {
		return path.Base(params["filename"])
	}
	i := strings.Index(strings.ToLower(h), "filename=")
	if i < 0 {
		return ""
	}
	v := strings.TrimSpace(h[i+len("filename="):])
	if j := strings.IndexByte(v, ';'); j >= 0 {
		v = v[:j]
	}
	return path.Base(strings.Trim(v, `"' `))
}

func iconContentType(data []byte, filename, header string) string {
	if sniffed := http.DetectContentType(data); strings.HasPrefix(sniffed, "image/") {
		return sniffed
	}
	if ext := path.Ext(filename); ext != "" {
		if t := mime.TypeByExtension(strings.ToLower(ext)); t != "" {
			if mt, _, err := mime.ParseMediaType(t); err == nil {
				return mt
			}
		}
	}
	if mt, _, err := mime.ParseMediaType(header); err == nil && mt != "" {
		return mt
	}
	return "application/octet-stream"
}

// UserCreateOptions are the parameters of POST /users (all required;
// classic-plan spaces only; Password is plain text).
type UserCreateOptions struct {
	UserID      string
	Password    string
	Name        string
	MailAddress string
	RoleType    RoleType
}

// Create adds a user (201).
//
// v2: POST /api/v2/users
func (s *UsersService) Create(ctx context.Context, opts *UserCreateOptions) (*User, *Response, error) {
	f := form{}
	f.str("userId", opts.UserID)
	f.str("password", opts.Password)
	f.str("name", opts.Name)
	f.str("mailAddress", opts.MailAddress)
	f.int("roleType", int64(opts.RoleType))
	return sendOne[User](ctx, s.client, http.MethodPost, at("/api/v2/users"), f)
}

// UserUpdateOptions are the parameters of PATCH /users/:id; nil members are
// not sent.
type UserUpdateOptions struct {
	Password    *string
	Name        *string
	MailAddress *string
	RoleType    *RoleType
}

// Update changes a user (administrators; classic-plan spaces only).
//
// v2: PATCH /api/v2/users/:userId
func (s *UsersService) Update(ctx context.Context, id int64, opts *UserUpdateOptions) (*User, *Response, error) {
	f := form{}
	f.strPtr("password", opts.Password)
	f.strPtr("name", opts.Name)
	f.strPtr("mailAddress", opts.MailAddress)
	if opts.RoleType != nil {
		f.int("roleType", int64(*opts.RoleType))
	}
	return sendOne[User](ctx, s.client, http.MethodPatch, at("/api/v2/users/:userId", itoa(id)), f)
}

// Delete removes a user and returns it.
//
// v2: DELETE /api/v2/users/:userId
func (s *UsersService) Delete(ctx context.Context, id int64) (*User, *Response, error) {
	return sendOne[User](ctx, s.client, http.MethodDelete, at("/api/v2/users/:userId", itoa(id)), form{})
}

// ListActivities returns a user's recent actions.
//
// v2: GET /api/v2/users/:userId/activities
func (s *UsersService) ListActivities(ctx context.Context, id int64, opts *ActivityListOptions) ([]Activity, *Response, error) {
	return getList[Activity](ctx, s.client, at("/api/v2/users/:userId/activities", itoa(id)), opts.values())
}

// RoleType is a user's role in the space (§1.10). Its meaning depends on the
// plan: on new-plan spaces 2-4 cover members and guests alike.
type RoleType int

// Role types (classic-plan names).
const (
	RoleAdministrator RoleType = 1
	RoleNormalUser    RoleType = 2
	RoleReporter      RoleType = 3
	RoleViewer        RoleType = 4
	RoleGuestReporter RoleType = 5
	RoleGuestViewer   RoleType = 6
)

// NulabAccount is the Nulab account linked to a user (absent in older responses).
type NulabAccount struct {
	NulabID  string `json:"nulabId"`
	Name     string `json:"name"`
	UniqueID string `json:"uniqueId"`
}

// User is a space member (§2.1). UserID is the login ID; ID is the numeric
// id that every /users/:userId path takes.
type User struct {
	ID            int64         `json:"id"`
	UserID        string        `json:"userId,omitempty"`
	Name          string        `json:"name"`
	RoleType      RoleType      `json:"roleType"`
	Lang          *string       `json:"lang"`
	MailAddress   string        `json:"mailAddress"`
	NulabAccount  *NulabAccount `json:"nulabAccount,omitempty"`
	LastLoginTime *time.Time    `json:"lastLoginTime,omitempty"`
}

// Icon is a user icon: the raw image bytes, the file name Backlog sent in
// Content-Disposition (may be empty) and the content type, taken from the
// file name's extension or sniffed from the bytes because Backlog answers
// application/octet-stream.
type Icon struct {
	Data        []byte
	Filename    string
	ContentType string
}
