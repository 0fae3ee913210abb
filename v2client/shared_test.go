package v2client

import (
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/sharedcheck"
)

// TestSharedFixtures cross-checks testdata/v2-json against the reference
// copy in ../shared: the same files with the same bytes (the README aside),
// and TestFixturesDecodeLosslessly's checks on shared's files. Skipped
// without ../shared, required under CI=true.
func TestSharedFixtures(t *testing.T) {
	dir := sharedcheck.Dir(t, "fixtures/v2-json-backlog4j")
	sharedcheck.SameFiles(t, fixtureDir, dir, "README.md")
	fixturesDecodeLosslessly(t, dir)
}
