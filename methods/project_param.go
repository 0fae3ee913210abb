package methods

import (
	"strconv"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// projectParam reads the single project parameter of the master-data reads
// (getComponents, getVersions, getUsers, getIssueTypes): a bare id (int or
// digits), or a struct with projectId/project_id (py once sent a struct).
// A project key is accepted too (v2 takes either). id is 0 for a key.
func projectParam(params []xmlrpc.Value) (idOrKey string, id int64, err error) {
	v, err := scalarArg(params, "projectId", "project_id")
	if err != nil {
		return "", 0, err
	}
	idOrKey, err = projectIDOrKey("projectId", v)
	if err != nil {
		return "", 0, err
	}
	id, _ = strconv.ParseInt(idOrKey, 10, 64)
	return idOrKey, id, nil
}
