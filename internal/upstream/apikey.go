package upstream

import (
	"context"
	"errors"
	"net/http"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// APIKeyVerifier returns the API-key-as-password check of --auth api-key:
// GET /users/myself with the key through base; 401 or 403 means the key is
// refused (auth.ErrBadCredentials), other failures mean it could not be
// checked.
func APIKeyVerifier(base *v2client.Client) auth.Verifier {
	return func(ctx context.Context, key string) (string, error) {
		u, _, err := base.WithAPIKey(key).Users.Myself(ctx)
		if err != nil {
			var apiErr *v2client.APIError
			if errors.As(err, &apiErr) && (apiErr.StatusCode == http.StatusUnauthorized || apiErr.StatusCode == http.StatusForbidden) {
				return "", auth.ErrBadCredentials
			}
			return "", err
		}
		return u.UserID, nil
	}
}
