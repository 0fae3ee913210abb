package methods

import (
	"context"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// methodSpec is one row of the registry: the legacy name, the handler (a
// method expression on *Service), the XML-RPC signatures (return type
// first) and the help text, which names the v2 calls.
type methodSpec struct {
	name       string
	handler    func(s *Service, ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error)
	signatures [][]string
	help       string
}

// registry is THE table of legacy methods: Service.Register registers
// exactly these rows. Part 1 (issue workflow) first, then part 2.
var registry = []methodSpec{
	// --- part 1: projects, master data and the issue workflow ---
	{"backlog.getProjects", (*Service).getProjects, [][]string{{"array"}},
		"Projects the caller has joined. v2: GET /api/v2/projects."},
	{"backlog.getProject", (*Service).getProject, [][]string{{"struct", "int"}, {"struct", "string"}},
		"One project by id or key; an empty struct when it does not exist. v2: GET /api/v2/projects/:projectIdOrKey."},
}
