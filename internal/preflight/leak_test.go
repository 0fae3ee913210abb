package preflight

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine (a server, a
// connection's read loop, a retry timer) outlives them.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
