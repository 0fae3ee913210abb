package fake

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestRevokeAPIKey: a revoked key gets 401 code 11; other keys still work.
func TestRevokeAPIKey(t *testing.T) {
	s := New(DefaultSeed())
	get := func(key string) int {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v2/users/myself?apiKey="+key, nil))
		return rec.Code
	}
	if got := get("demo-api-key-normal"); got != http.StatusOK {
		t.Fatalf("before: HTTP %d", got)
	}
	if !s.RevokeAPIKey("demo-api-key-normal") {
		t.Fatal("RevokeAPIKey did not know the seed's key")
	}
	if s.RevokeAPIKey("demo-api-key-normal") {
		t.Fatal("a key revoked twice was still known")
	}
	if got := get("demo-api-key-normal"); got != http.StatusUnauthorized {
		t.Errorf("revoked key: HTTP %d, want 401", got)
	}
	if got := get("demo-api-key-admin"); got != http.StatusOK {
		t.Errorf("another key: HTTP %d, want 200", got)
	}
}
