package httpapi

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/auth"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// TestPanicOutsideTheRuntimeIsRecovered: a panic in the HTTP layer (here in
// Bind) becomes a 500 and one error line, and the server keeps serving.
func TestPanicOutsideTheRuntimeIsRecovered(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	hash, _ := bcrypt.GenerateFromPassword([]byte("pw"), bcrypt.MinCost)
	set, _ := auth.NewCredentialSet([]auth.Credential{{Login: "alice", PasswordHash: string(hash), APIKey: "K"}})
	h := NewHandler(Config{
		XMLRPC: xmlrpc.NewServer(),
		Guard:  &auth.Guard{Auth: auth.NewStaticAuthenticator(set, time.Minute, nil), Logger: logger},
		Bind: func(ctx context.Context, id auth.Identity) (context.Context, error) {
			panic("boom")
		},
		Logger: logger,
	})
	w := do(h, "POST", "/XML-RPC", call("system.listMethods", 0), true, nil)
	if w.Code != 500 || !strings.Contains(logs.String(), `"msg":"panic serving HTTP"`) {
		t.Fatalf("%d %s", w.Code, logs.String())
	}
	if w := do(h, "GET", "/healthz", "", false, nil); w.Code != 200 {
		t.Fatalf("after the panic: %d", w.Code)
	}
}
