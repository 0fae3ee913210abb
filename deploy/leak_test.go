package deploy

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/testserver"
)

// TestMain fails the package's tests if any goroutine outlives them, then
// removes the server binary the tests built.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.Cleanup(testserver.Exit))
}
