package fake

import (
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/sharedcheck"
)

// TestSharedFixtureMembers cross-checks testdata/v2-json against the
// reference copy in ../shared: the same files with the same bytes (the
// README aside), and TestFixtureMembers's checks on shared's files.
// Skipped without ../shared, required under CI=true.
func TestSharedFixtureMembers(t *testing.T) {
	dir := sharedcheck.Dir(t, "fixtures/v2-json-backlog4j")
	sharedcheck.SameFiles(t, fixtureDir, dir, "README.md")
	fixtureMembers(t, dir)
}
