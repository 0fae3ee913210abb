package fake

import (
	"slices"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// Rendering turns stored records into the v2client entity types, joined
// and copied, so that the JSON the fake answers is the JSON the client
// decodes. Callers hold the store lock (read or write).

// userWire is the user as the user endpoints answer it (GET /users,
// /users/:id, /users/myself, project members): lastLoginTime and
// nulabAccount are always present, null when unset, as in the fixtures of
// GET /users. Users embedded in other entities use v2client.User, which
// leaves those two members out when unset, as the embedded users of the
// fixtures do.
type userWire struct {
	ID            int64                  `json:"id"`
	UserID        string                 `json:"userId"`
	Name          string                 `json:"name"`
	RoleType      v2client.RoleType      `json:"roleType"`
	Lang          *string                `json:"lang"`
	MailAddress   string                 `json:"mailAddress"`
	NulabAccount  *v2client.NulabAccount `json:"nulabAccount"`
	LastLoginTime *time.Time             `json:"lastLoginTime"`
}

func (s *store) userRef(id int64) *v2client.User {
	u := s.users[id]
	if u == nil {
		return nil
	}
	c := u.User
	return &c
}

func (s *store) userFull(u *user) userWire {
	return userWire{ID: u.ID, UserID: u.UserID, Name: u.Name, RoleType: u.RoleType, Lang: u.Lang,
		MailAddress: u.MailAddress, NulabAccount: u.NulabAccount, LastLoginTime: u.LastLoginTime}
}

func (s *store) renderProject(p *project) v2client.Project {
	c := p.Project
	// useGantt/useBurndown are members of old responses only (2014
	// fixtures); current Backlog does not send them, nor does the fake.
	c.UseGantt, c.UseBurndown = nil, nil
	return c
}

func dateOf(t *time.Time) *v2client.Date {
	if t == nil {
		return nil
	}
	d := v2client.DateAt(*t)
	return &d
}

func (s *store) renderIssue(is *issue, childSummary bool) v2client.Issue {
	p := s.projects[is.projectID]
	it := p.issueType(is.issueTypeID)
	out := v2client.Issue{
		ID: is.id, ProjectID: is.projectID, IssueKey: issueKey(p, is), KeyID: is.keyID,
		Summary: is.summary, Description: is.description,
		StartDate: dateOf(is.startDate), DueDate: dateOf(is.dueDate),
		EstimatedHours: is.estimatedHours, ActualHours: is.actualHours, ParentIssueID: is.parentID,
		CreatedUser: s.userRef(is.createdUserID), Created: is.created,
		UpdatedUser: s.userRef(is.updatedUserID), Updated: is.updated,
		Category: []v2client.Category{}, Versions: []v2client.Version{}, Milestone: []v2client.Version{},
		CustomFields: []v2client.CustomFieldValue{}, Attachments: []v2client.Attachment{},
		SharedFiles: []v2client.SharedFile{}, Stars: []v2client.Star{},
	}
	if it != nil {
		order := it.DisplayOrder
		out.IssueType = v2client.IssueTypeRef{ID: it.ID, ProjectID: it.ProjectID, Name: it.Name, Color: it.Color, DisplayOrder: &order}
	}
	if is.resolutionID != nil {
		if r := s.resolution(*is.resolutionID); r != nil {
			c := *r
			out.Resolution = &c
		}
	}
	if pr := s.priority(is.priorityID); pr != nil {
		out.Priority = *pr
	}
	if st := p.status(is.statusID); st != nil {
		out.Status = *st
	}
	if is.assigneeID != nil {
		out.Assignee = s.userRef(*is.assigneeID)
	}
	for _, id := range is.categoryIDs {
		if c := p.category(id); c != nil {
			out.Category = append(out.Category, v2client.Category{ID: c.ID, Name: c.Name, DisplayOrder: c.DisplayOrder})
		}
	}
	for _, id := range is.versionIDs {
		if v := p.version(id); v != nil {
			out.Versions = append(out.Versions, *v)
		}
	}
	for _, id := range is.milestoneIDs {
		if v := p.version(id); v != nil {
			out.Milestone = append(out.Milestone, *v)
		}
	}
	for _, cf := range p.customFields {
		val := is.custom[cf.ID]
		if val == nil && !applies(cf, is.issueTypeID) {
			continue
		}
		out.CustomFields = append(out.CustomFields, renderCustomValue(cf, val))
	}
	for _, a := range is.attachments {
		created := a.Created
		out.Attachments = append(out.Attachments, v2client.Attachment{ID: a.ID, Name: a.Name, Size: a.Size,
			CreatedUser: s.userRef(a.CreatedUserID), Created: &created})
	}
	for _, f := range is.sharedFiles {
		created := f.Created
		out.SharedFiles = append(out.SharedFiles, v2client.SharedFile{ID: f.ID, ProjectID: is.projectID, Type: f.Type,
			Dir: f.Dir, Name: f.Name, Size: f.Size, CreatedUser: s.userRef(f.CreatedUserID), Created: &created,
			Updated: &created})
	}
	if childSummary {
		sum := &v2client.ChildIssueSummary{}
		for _, other := range s.issues {
			if other.parentID != nil && *other.parentID == is.id {
				sum.Total++
				if other.statusID == v2client.StatusClosed {
					sum.Closed++
				}
			}
		}
		out.ChildIssueSummary = sum
	}
	return out
}

// applies reports whether custom field cf is used by issues of type typeID
// (an empty applicableIssueTypes list means every type).
func applies(cf *v2client.CustomField, typeID int64) bool {
	return len(cf.ApplicableIssueTypes) == 0 || slices.Contains(cf.ApplicableIssueTypes, typeID)
}

func renderCustomValue(cf *v2client.CustomField, val *cfValue) v2client.CustomFieldValue {
	out := v2client.CustomFieldValue{ID: cf.ID, FieldTypeID: cf.TypeID, Name: cf.Name}
	if val == nil {
		return out
	}
	out.Text, out.Number, out.Date = val.text, val.number, dateOf(val.date)
	for _, id := range val.items {
		if it := cfItem(cf, id); it != nil {
			out.Items = append(out.Items, *it)
		}
	}
	if cf.TypeID == v2client.CustomFieldCheckbox || cf.TypeID == v2client.CustomFieldRadio {
		out.OtherValue = val.other
	}
	return out
}

func issueKey(p *project, is *issue) string {
	return p.ProjectKey + "-" + itoa(is.keyID)
}

func (s *store) renderComment(c *comment) v2client.Comment {
	out := v2client.Comment{ID: c.id, ProjectID: c.projectID, IssueID: c.issueID, Content: c.content,
		ChangeLog: slices.Clone(c.changeLog), Created: c.created, Updated: c.updated,
		Stars: []v2client.Star{}, Notifications: []v2client.Notification{}}
	if out.ChangeLog == nil {
		out.ChangeLog = []v2client.ChangeLog{}
	}
	if u := s.userRef(c.createdUserID); u != nil {
		out.CreatedUser = *u
	}
	return out
}

func (s *store) renderActivity(a *activity) v2client.Activity {
	out := v2client.Activity{ID: a.id, Type: a.typ, Content: a.content, Created: a.created}
	if p := s.projects[a.projectID]; p != nil {
		out.Project = s.renderProject(p)
	}
	if u := s.userRef(a.createdUserID); u != nil {
		out.CreatedUser = *u
	}
	return out
}
