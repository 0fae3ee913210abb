package fake

import (
	"net/http"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// GET /projects/:p/statuses is statuses.get: built-ins 1-4 and the custom
// ones, by display order.

// statusColors is the palette of custom statuses (§2.7).
var statusColors = []string{"#ea2c00", "#e87758", "#e07b9a", "#868cb7", "#3b9dbd", "#4caf93", "#b0be3c", "#eda62a", "#f42858", "#393939"}

// POST /projects/:p/statuses: name and color (custom palette) required;
// placed before 完了 (Closed), at most 8 custom statuses.
func (s *Server) postStatus(c *call) (int, any, error) {
	name, err := c.required("name")
	if err != nil {
		return 0, nil, err
	}
	color, _, err := colorParam(c, statusColors, true)
	if err != nil {
		return 0, nil, err
	}
	st := s.st
	st.mu.Lock()
	defer st.mu.Unlock()
	p, err := s.adminProject(c, 0)
	if err != nil {
		return 0, nil, err
	}
	if len(p.statuses) >= 12 {
		return 0, nil, errInvalid("No more statuses can be added.")
	}
	if err := statuses.checkName(p, name, 0); err != nil {
		return 0, nil, err
	}
	closed := p.status(v2client.StatusClosed)
	order := nextOrder(p.statuses, func(t *v2client.Status) int64 {
		if t.ID == v2client.StatusClosed {
			return 0
		}
		return t.DisplayOrder
	})
	if closed != nil && order >= closed.DisplayOrder {
		closed.DisplayOrder = order + 1
	}
	x := &v2client.Status{ID: st.newID(), ProjectID: p.ID, Name: name, Color: color, DisplayOrder: order}
	p.statuses = append(p.statuses, x)
	sortStatuses(p.statuses)
	return http.StatusOK, *x, nil
}

// PATCH /projects/:p/statuses/:id: name, color of a custom status; the
// built-in statuses 1-4 cannot be changed (400 code 7).
func (s *Server) patchStatus(c *call) (int, any, error) {
	color, hasColor, err := colorParam(c, statusColors, false)
	if err != nil {
		return 0, nil, err
	}
	return statuses.change(s, c, func(p *project, x *v2client.Status) error {
		if x.ID <= 4 {
			return errInvalid("Built-in statuses cannot be changed.")
		}
		if err := statuses.applyName(c, p, x); err != nil {
			return err
		}
		if hasColor {
			x.Color = color
		}
		return nil
	})
}

// DELETE /projects/:p/statuses/:id: custom statuses only;
// substituteStatusId required (issues move there).
func (s *Server) deleteStatus(c *call) (int, any, error) {
	return statuses.change(s, c, func(p *project, x *v2client.Status) error {
		id := x.ID
		if id <= 4 {
			return errInvalid("Built-in statuses cannot be deleted.")
		}
		sub, err := c.requiredInt("substituteStatusId")
		if err != nil {
			return err
		}
		if sub == id || p.status(sub) == nil {
			return errInvalid("Invalid substituteStatusId: " + itoa(sub))
		}
		for _, is := range s.st.issuesByPK[p.ID] {
			if is.statusID == id {
				is.statusID = sub
			}
		}
		statuses.remove(p, id)
		return nil
	})
}
