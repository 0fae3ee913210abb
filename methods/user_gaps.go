package methods

import (
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
)

// checkUserGaps applies the decisions for the legacy user members v2
// cannot carry (legacy-api.md §4.36, v2-api.md §3.12), before any v2 call
// but the role check:
//
//   - password_md5: v2 needs the PLAIN password and an MD5 cannot be
//     reversed, so a call that would set the password from password_md5
//     alone is refused with fault 501 (Unsupported), naming the fix: send
//     the plain password in a `password` member (an extension of this
//     gateway). Setting a generated password instead would lock the user
//     out silently. When `password` is present, password_md5 is ignored.
//   - icon ({type: backlog|original, data}): v2 has no endpoint to set a
//     user icon, so it is refused with fault 501 rather than dropped — the
//     caller asked for a visible change that would not happen.
//   - mail_setting ({mail, comment}): v2 exposes no notification-mail
//     setting either, but clients send it back with every updateUser (py
//     round-trips the AdminUser it read, whose mail_setting we render as
//     {false, false}), so it is IGNORED, not refused; the AdminUser result
//     shows {false, false} ("not known to be on").
func checkUserGaps(a args) (plain string, hasPlain bool, err error) {
	if a.has("icon") {
		return "", false, failure.New(failure.Unsupported, "icon: Backlog v2 cannot set a user icon; leave the icon member out")
	}
	plain, hasPlain, err = a.str("password")
	if err != nil {
		return "", false, err
	}
	if hasPlain && plain == "" {
		return "", false, failure.Invalid("password", "must not be empty")
	}
	if !hasPlain && a.has("password_md5") {
		return "", false, failure.New(failure.Unsupported, "password_md5: Backlog v2 needs the plain password, which an MD5 hash cannot give back; send it in a `password` member instead")
	}
	return plain, hasPlain, nil
}
