package fake

import (
	"slices"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// GET /projects/:p/versions is versions.get (archived ones included).

// versionParams applies description, startDate, releaseDueDate (empty
// clears) and, on PATCH, archived.
func versionParams(c *call, v *v2client.Version, patch bool) error {
	if c.has("description") {
		d := c.str("description")
		v.Description = &d
	}
	for _, name := range []string{"startDate", "releaseDueDate"} {
		t, present, err := c.dateParam(name)
		if err != nil {
			return err
		}
		if !present {
			continue
		}
		if name == "startDate" {
			v.StartDate = dateOf(t)
		} else {
			v.ReleaseDueDate = dateOf(t)
		}
	}
	if v.StartDate != nil && v.ReleaseDueDate != nil && v.ReleaseDueDate.Time().Before(v.StartDate.Time()) {
		return errInvalid("releaseDueDate must not be before startDate.")
	}
	if patch {
		b, err := c.boolParam("archived")
		if err != nil {
			return err
		}
		if b != nil {
			v.Archived = *b
		}
	}
	return nil
}

// POST /projects/:p/versions: name required (unique), description,
// startDate, releaseDueDate.
func (s *Server) postVersion(c *call) (int, any, error) {
	name, err := c.required("name")
	if err != nil {
		return 0, nil, err
	}
	return versions.add(s, c, name, func(p *project) (*v2client.Version, error) {
		// No description is "" in Backlog's answers, not null.
		none := ""
		v := &v2client.Version{ProjectID: p.ID, Name: name, Description: &none,
			DisplayOrder: nextOrder(p.versions, func(t *v2client.Version) int64 { return t.DisplayOrder })}
		if err := versionParams(c, v, false); err != nil {
			return nil, err
		}
		v.ID = s.st.newID()
		return v, nil
	})
}

// PATCH /projects/:p/versions/:id: name is required even here (§3.6).
func (s *Server) patchVersion(c *call) (int, any, error) {
	name, err := c.required("name")
	if err != nil {
		return 0, nil, err
	}
	return versions.change(s, c, func(p *project, v *v2client.Version) error {
		if err := versions.checkName(p, name, v.ID); err != nil {
			return err
		}
		next := *v
		next.Name = name
		if err := versionParams(c, &next, true); err != nil {
			return err
		}
		*v = next
		return nil
	})
}

// DELETE /projects/:p/versions/:id: also removed from issues' versions and
// milestones.
func (s *Server) deleteVersion(c *call) (int, any, error) {
	return versions.change(s, c, func(p *project, v *v2client.Version) error {
		gone := func(x int64) bool { return x == v.ID }
		for _, is := range s.st.issuesByPK[p.ID] {
			is.versionIDs = slices.DeleteFunc(is.versionIDs, gone)
			is.milestoneIDs = slices.DeleteFunc(is.milestoneIDs, gone)
		}
		versions.remove(p, v.ID)
		return nil
	})
}
