package mapping

import (
	"sort"
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// This file maps the backlog.admin.* entities (legacy-api.md §3.2, §3.5,
// §3.6, §2.3) and the user shapes of getUser/getUserIcon (§3.4, §4.28).
//
// Decision (v2 has no user or project timestamps, v2-api.md §2.1/§2.3): the
// legacy created_on/updated_on members of AdminUser, AdminProject,
// DetailUser and the icon are OMITTED, never synthesised — a made-up
// timestamp would be a silent wrong value, an absent one is visibly unknown.

// p2Roles is the §2.3 role string of each v2 roleType (classic-plan
// meanings, v2-api.md §4.2), in roleType order.
var p2Roles = [...]string{
	v2client.RoleAdministrator: "admin",
	v2client.RoleNormalUser:    "normal-user",
	v2client.RoleReporter:      "reporter",
	v2client.RoleViewer:        "viewer",
	v2client.RoleGuestReporter: "guest-reporter",
	v2client.RoleGuestViewer:   "guest-viewer",
}

// RoleName returns the legacy role string of a v2 roleType. An unknown
// roleType (a future v2 role) is reported as "normal-user", the role v2 gives
// members without restriction; ok is false then.
func RoleName(rt v2client.RoleType) (name string, ok bool) {
	if rt >= v2client.RoleAdministrator && int(rt) < len(p2Roles) {
		return p2Roles[rt], true
	}
	return p2Roles[v2client.RoleNormalUser], false
}

// ParseRole returns the v2 roleType of a legacy role string (§2.3). The
// comparison ignores case and surrounding blanks; the Japanese role names of
// the legacy UI (管理者, 一般ユーザ, ...) are accepted too. Anything else is an
// InvalidParams error naming member.
func ParseRole(member, s string) (v2client.RoleType, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for rt, name := range p2Roles {
		if name != "" && name == t {
			return v2client.RoleType(rt), nil
		}
	}
	switch strings.TrimSpace(s) {
	case "管理者":
		return v2client.RoleAdministrator, nil
	case "一般ユーザ", "一般ユーザー":
		return v2client.RoleNormalUser, nil
	case "レポーター":
		return v2client.RoleReporter, nil
	case "ビューアー", "ビューワー":
		return v2client.RoleViewer, nil
	case "ゲストレポーター":
		return v2client.RoleGuestReporter, nil
	case "ゲストビューアー", "ゲストビューワー":
		return v2client.RoleGuestViewer, nil
	}
	return 0, failure.Invalid(member, "unknown role %q (want admin, normal-user, reporter, viewer, guest-reporter or guest-viewer)", p2Clip(s))
}

// AdminUser renders a v2 user as the legacy AdminUser (§3.5):
// {id, user_id, name, mail_address, role, mail_setting{mail, comment}}.
//
// Decision: v2 exposes no notification-mail settings, so mail_setting is
// always {mail: false, comment: false} ("not known to be on"); it is kept
// because clients construct their user objects from every §3.5 member.
// created_on/updated_on are omitted (see the file comment).
func AdminUser(u v2client.User) xmlrpc.Value {
	role, _ := RoleName(u.RoleType)
	return xmlrpc.Struct(
		xmlrpc.Field("id", xmlrpc.Int(u.ID)),
		xmlrpc.Field("user_id", xmlrpc.String(u.UserID)),
		xmlrpc.Field("name", xmlrpc.String(u.Name)),
		xmlrpc.Field("mail_address", xmlrpc.String(u.MailAddress)),
		xmlrpc.Field("role", xmlrpc.String(role)),
		xmlrpc.Field("mail_setting", xmlrpc.Struct(
			xmlrpc.Field("mail", xmlrpc.Bool(false)),
			xmlrpc.Field("comment", xmlrpc.Bool(false)),
		)),
	)
}

// AdminUsers renders a list of users as AdminUser structs, ordered by id so
// the answer is deterministic whatever order v2 used.
func AdminUsers(us []v2client.User) xmlrpc.Value {
	sorted := append([]v2client.User(nil), us...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	return arrayOf(sorted, AdminUser)
}

// ProjectUser renders a project member as the legacy ProjectUser (§3.6):
// {id, user_id, name}.
func ProjectUser(u v2client.User) xmlrpc.Value {
	return xmlrpc.Struct(
		xmlrpc.Field("id", xmlrpc.Int(u.ID)),
		xmlrpc.Field("user_id", xmlrpc.String(u.UserID)),
		xmlrpc.Field("name", xmlrpc.String(u.Name)),
	)
}

// ProjectUsers renders a member list in v2's order (the order the project
// page shows).
func ProjectUsers(us []v2client.User) xmlrpc.Value {
	return arrayOf(us, ProjectUser)
}

// DetailUser renders the getUser result (§3.4): {id, name, lang}. lang is
// the user's language; when v2 has none (null: the user follows the space
// default) it is spaceLang, and omitted when that is empty too. updated_on is
// omitted (no v2 equivalent).
func DetailUser(u v2client.User, spaceLang string) xmlrpc.Value {
	ms := []xmlrpc.Member{
		xmlrpc.Field("id", xmlrpc.Int(u.ID)),
		xmlrpc.Field("name", xmlrpc.String(u.Name)),
	}
	lang := spaceLang
	if u.Lang != nil && *u.Lang != "" {
		lang = *u.Lang
	}
	if lang != "" {
		ms = append(ms, xmlrpc.Field("lang", xmlrpc.String(lang)))
	}
	return xmlrpc.Struct(ms...)
}

// UserIcon renders the getUserIcon result (§4.28):
// {id, content_type, data(base64)}. content_type is the real image type
// (v2 answers application/octet-stream; the client derives the type from the
// file name or the bytes); when even that is unknown the bytes are sniffed
// here. updated_on is omitted (no v2 equivalent).
func UserIcon(userID int64, icon v2client.Icon) xmlrpc.Value {
	ct := icon.ContentType
	if ct == "" || ct == "application/octet-stream" {
		ct = p2SniffImage(icon.Data)
	}
	return xmlrpc.Struct(
		xmlrpc.Field("id", xmlrpc.Int(userID)),
		xmlrpc.Field("content_type", xmlrpc.String(ct)),
		xmlrpc.Field("data", xmlrpc.Base64(icon.Data)),
	)
}

// p2SniffImage names the image type of b from its magic bytes.
func p2SniffImage(b []byte) string {
	switch {
	case len(b) >= 6 && (string(b[:6]) == "GIF87a" || string(b[:6]) == "GIF89a"):
		return "image/gif"
	case len(b) >= 8 && string(b[:8]) == "\x89PNG\r\n\x1a\n":
		return "image/png"
	case len(b) >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff:
		return "image/jpeg"
	case len(b) >= 2 && string(b[:2]) == "BM":
		return "image/bmp"
	}
	return "application/octet-stream"
}

// AdminProject renders a project as the legacy AdminProject (§3.2): the
// Project members {id, name, key, url, archived, text_formatting_rule,
// use_parent_child_issue} plus use_chart. created_on/updated_on are omitted
// (v2 projects carry no timestamps). baseURL is the legacy host, e.g.
// "https://demo.backlog.jp".
func AdminProject(p v2client.Project, baseURL string) xmlrpc.Value {
	return xmlrpc.Struct(
		xmlrpc.Field("id", xmlrpc.Int(p.ID)),
		xmlrpc.Field("name", xmlrpc.String(p.Name)),
		xmlrpc.Field("key", xmlrpc.String(p.ProjectKey)),
		xmlrpc.Field("url", xmlrpc.String(strings.TrimRight(baseURL, "/")+"/projects/"+p.ProjectKey)),
		xmlrpc.Field("archived", xmlrpc.Bool(p.Archived)),
		xmlrpc.Field("text_formatting_rule", xmlrpc.String(p.TextFormattingRule)),
		xmlrpc.Field("use_parent_child_issue", xmlrpc.Bool(p.SubtaskingEnabled)),
		xmlrpc.Field("use_chart", xmlrpc.Bool(p.ChartEnabled)),
	)
}

// AdminProjects renders every project, in v2's order (display order).
func AdminProjects(ps []v2client.Project, baseURL string) xmlrpc.Value {
	return arrayOf(ps, func(p v2client.Project) xmlrpc.Value { return AdminProject(p, baseURL) })
}

// TextFormattingRule validates a legacy text_formatting_rule ("backlog" or
// "markdown", any case).
func TextFormattingRule(member, s string) (string, error) {
	switch t := strings.ToLower(strings.TrimSpace(s)); t {
	case "backlog", "markdown":
		return t, nil
	}
	return "", failure.Invalid(member, "must be backlog or markdown, got %q", p2Clip(s))
}

// p2Clip shortens caller text quoted in a fault string.
func p2Clip(s string) string {
	const max = 40
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "..."
	}
	return s
}
