package mapping

import (
	"path/filepath"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/sharedcheck"
)

// fixtureDir holds real v2 responses (nulab/backlog4j test resources), the
// repository's copy of ../shared's (testdata/v2-json/README.md).
const fixtureDir = "../testdata/v2-json"

// TestSharedFixtures cross-checks the fixtures this package reads against
// the reference copies in ../shared: the same bytes, and the same mapping
// checks on shared's files. Skipped without ../shared, required under
// CI=true.
func TestSharedFixtures(t *testing.T) {
	dir := sharedcheck.Dir(t, "fixtures/v2-json-backlog4j")
	for _, name := range []string{"custom_fields.json", "issue.json"} {
		sharedcheck.SameFile(t, filepath.Join(fixtureDir, name), filepath.Join(dir, name))
	}
	t.Run("custom_fields.json", func(t *testing.T) { customFieldDefFixture(t, filepath.Join(dir, "custom_fields.json")) })
	t.Run("issue.json", func(t *testing.T) { issueFixture(t, filepath.Join(dir, "issue.json")) })
}
