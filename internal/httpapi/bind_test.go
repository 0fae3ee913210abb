package httpapi

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// TestBindErrorIs503: a Bind error is a 503, logged without the
// identity's key.
func TestBindErrorIs503(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	hash, _ := bcrypt.GenerateFromPassword([]byte("pw"), bcrypt.MinCost)
	set, _ := auth.NewCredentialSet([]auth.Credential{{Login: "alice", PasswordHash: string(hash), APIKey: "K"}})
	h := NewHandler(Config{
		XMLRPC: xmlrpc.NewServer(),
		Guard:  &auth.Guard{Auth: auth.NewStaticAuthenticator(set, time.Minute, nil), Logger: logger},
		Bind: func(ctx context.Context, id auth.Identity) (context.Context, error) {
			return ctx, errors.New("no OAuth client configured")
		},
		Logger: logger,
	})
	if w := do(h, "POST", "/XML-RPC", call("system.listMethods", 0), true, nil); w.Code != 503 {
		t.Fatalf("bind error: %d", w.Code)
	}
}
