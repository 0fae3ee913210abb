package fake

import (
	"slices"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// GET /projects/:p/categories is categories.get.

// POST /projects/:p/categories: name required and unique in the project.
func (s *Server) postCategory(c *call) (int, any, error) {
	name, err := c.required("name")
	if err != nil {
		return 0, nil, err
	}
	return categories.add(s, c, name, func(p *project) (*v2client.Category, error) {
		return &v2client.Category{ID: s.st.newID(), ProjectID: p.ID, Name: name,
			DisplayOrder: nextOrder(p.categories, func(t *v2client.Category) int64 { return t.DisplayOrder })}, nil
	})
}

// PATCH /projects/:p/categories/:id: name (optional per the doc; when sent
// it must not be empty).
func (s *Server) patchCategory(c *call) (int, any, error) {
	return categories.change(s, c, func(p *project, ct *v2client.Category) error {
		return categories.applyName(c, p, ct)
	})
}

// DELETE /projects/:p/categories/:id: also removed from the issues.
func (s *Server) deleteCategory(c *call) (int, any, error) {
	return categories.change(s, c, func(p *project, ct *v2client.Category) error {
		for _, is := range s.st.issuesByPK[p.ID] {
			is.categoryIDs = slices.DeleteFunc(is.categoryIDs, func(x int64) bool { return x == ct.ID })
		}
		categories.remove(p, ct.ID)
		return nil
	})
}
