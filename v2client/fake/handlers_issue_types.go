package fake

import (
	"slices"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// GET /projects/:p/issueTypes is issueTypes.get (display order).

// issueTypeColors is the palette of issue types (§2.4).
var issueTypeColors = []string{"#e30000", "#990000", "#934981", "#814fbc", "#2779ca", "#007e9a", "#7ea800", "#ff9200", "#ff3265", "#666665"}

// POST /projects/:p/issueTypes: name and color (palette) required; a
// name already used in the project is 400 code 7. 200 (doc example).
func (s *Server) postIssueType(c *call) (int, any, error) {
	name, err := c.required("name")
	if err != nil {
		return 0, nil, err
	}
	color, _, err := colorParam(c, issueTypeColors, true)
	if err != nil {
		return 0, nil, err
	}
	return issueTypes.add(s, c, name, func(p *project) (*v2client.IssueType, error) {
		return &v2client.IssueType{ID: s.st.newID(), ProjectID: p.ID, Name: name, Color: color,
			DisplayOrder:        nextOrder(p.issueTypes, func(t *v2client.IssueType) int64 { return t.DisplayOrder }),
			TemplateSummary:     optString(c, "templateSummary"),
			TemplateDescription: optString(c, "templateDescription")}, nil
	})
}

// PATCH /projects/:p/issueTypes/:id: name, color, templateSummary,
// templateDescription (all optional).
func (s *Server) patchIssueType(c *call) (int, any, error) {
	color, hasColor, err := colorParam(c, issueTypeColors, false)
	if err != nil {
		return 0, nil, err
	}
	return issueTypes.change(s, c, func(p *project, it *v2client.IssueType) error {
		if err := issueTypes.applyName(c, p, it); err != nil {
			return err
		}
		if hasColor {
			it.Color = color
		}
		if v := optString(c, "templateSummary"); v != nil {
			it.TemplateSummary = v
		}
		if v := optString(c, "templateDescription"); v != nil {
			it.TemplateDescription = v
		}
		return nil
	})
}

// DELETE /projects/:p/issueTypes/:id: substituteIssueTypeId (another type
// of the project) is required; the issues of the deleted type move to it.
func (s *Server) deleteIssueType(c *call) (int, any, error) {
	return issueTypes.change(s, c, func(p *project, it *v2client.IssueType) error {
		id := it.ID
		sub, err := c.requiredInt("substituteIssueTypeId")
		if err != nil {
			return err
		}
		if sub == id || p.issueType(sub) == nil {
			return errInvalid("Invalid substituteIssueTypeId: " + itoa(sub))
		}
		for _, is := range s.st.issuesByPK[p.ID] {
			if is.issueTypeID == id {
				is.issueTypeID = sub
			}
		}
		for _, cf := range p.customFields {
			cf.ApplicableIssueTypes = slices.DeleteFunc(cf.ApplicableIssueTypes, func(t int64) bool { return t == id })
		}
		issueTypes.remove(p, id)
		return nil
	})
}
