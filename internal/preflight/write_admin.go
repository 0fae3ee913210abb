package preflight

import (
	"context"
	"fmt"
	"slices"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// scratchAdmin runs the administrators' writes that stay inside the scratch
// project: a custom field created (multiple list), renamed, given an item
// that is then removed, and deleted; the project updated with its own name
// (no change); the member check (members). Each creation registers its
// removal with cleanup.
func (k *checker) scratchAdmin(ctx context.Context, project *v2client.Project, cleanup func(func(context.Context))) {
	c, key, tag := k.c, project.ProjectKey, k.tag
	removed := k.removed

	name := tag
	var cf *v2client.CustomField
	k.probe(ctx, "POST /api/v2/projects/:projectIdOrKey/customFields", "", typeOf[v2client.CustomField](), func(ctx context.Context) (r *v2client.Response, err error) {
		cf, r, err = c.Projects.AddCustomField(ctx, key, &v2client.CustomFieldOptions{TypeID: v2client.CustomFieldMultipleList, Name: &name, Items: []string{"a", "b"}})
		return r, err
	})
	if cf != nil {
		id := cf.ID
		cleanup(func(ctx context.Context) {
			removed("custom field "+tag, k.probe(ctx, "DELETE /api/v2/projects/:projectIdOrKey/customFields/:id", "", typeOf[v2client.CustomField](), func(ctx context.Context) (*v2client.Response, error) {
				_, r, err := c.Projects.DeleteCustomField(ctx, key, id)
				return r, err
			}))
		})
		renamed := tag + "-renamed"
		k.probe(ctx, "PATCH /api/v2/projects/:projectIdOrKey/customFields/:id", "", typeOf[v2client.CustomField](), func(ctx context.Context) (*v2client.Response, error) {
			_, r, err := c.Projects.UpdateCustomField(ctx, key, id, &v2client.CustomFieldOptions{Name: &renamed})
			return r, err
		})
		var added *v2client.CustomField
		k.probe(ctx, "POST /api/v2/projects/:projectIdOrKey/customFields/:id/items", "", typeOf[v2client.CustomField](), func(ctx context.Context) (r *v2client.Response, err error) {
			added, r, err = c.Projects.AddCustomFieldItem(ctx, key, id, "c")
			return r, err
		})
		if added != nil {
			for _, it := range added.Items {
				if it.Name != "c" {
					continue
				}
				item := it.ID
				k.probe(ctx, "DELETE /api/v2/projects/:projectIdOrKey/customFields/:id/items/:itemId", "", typeOf[v2client.CustomField](), func(ctx context.Context) (*v2client.Response, error) {
					_, r, err := c.Projects.DeleteCustomFieldItem(ctx, key, id, item)
					return r, err
				})
				break
			}
		}
	}

	same := project.Name
	k.probe(ctx, "PATCH /api/v2/projects/:projectIdOrKey", "its own name (no change)", typeOf[v2client.Project](), func(ctx context.Context) (*v2client.Response, error) {
		_, r, err := c.Projects.Update(ctx, key, &v2client.ProjectUpdateOptions{Name: &same})
		return r, err
	})

	k.members(ctx, key, cleanup)
}

// members runs POST and DELETE /projects/:p/users without taking anything
// existing away: a space user who is not a member is added and removed
// again; when every user is a member, a member other than the caller who
// is not a project administrator of the project is removed and added back
// at once (removing a project administrator would drop that flag, which
// adding back does not restore). When there is no such member, or the
// users, members or administrators cannot be listed, both requests are
// "not checked" with the reason.
func (k *checker) members(ctx context.Context, key string, cleanup func(func(context.Context))) {
	c, removed := k.c, k.removed
	const add, del = "POST /api/v2/projects/:projectIdOrKey/users", "DELETE /api/v2/projects/:projectIdOrKey/users"
	skip := func(why string) {
		k.skip(add, why)
		k.skip(del, why)
	}
	members, _, err := c.Projects.ListUsers(ctx, key, false)
	users, _, err2 := c.Users.List(ctx)
	if err != nil || err2 != nil {
		skip("the space's users or the project's members could not be listed")
		return
	}
	in := map[int64]bool{}
	for _, m := range members {
		in[m.ID] = true
	}
	for i := range users {
		if !in[users[i].ID] {
			u := users[i]
			q := k.probe(ctx, add, "a user who is not a member", typeOf[v2client.User](), func(ctx context.Context) (*v2client.Response, error) {
				_, r, err := c.Projects.AddUser(ctx, key, u.ID)
				return r, err
			})
			if q.Outcome == Works || q.Outcome == Drift {
				cleanup(func(ctx context.Context) {
					removed("member "+u.UserID, k.probe(ctx, del, "", typeOf[v2client.User](), func(ctx context.Context) (*v2client.Response, error) {
						_, r, err := c.Projects.DeleteUser(ctx, key, u.ID)
						return r, err
					}))
				})
			}
			return
		}
	}
	// Everyone is a member: one member other than the caller who is not a
	// project administrator is removed and added back at once.
	admins, _, err := c.Projects.ListAdministrators(ctx, key)
	if err != nil {
		skip("every user is a member of " + key + " and its project administrators could not be listed (a member who is one is never removed)")
		return
	}
	admin := map[int64]bool{}
	for _, a := range admins {
		admin[a.ID] = true
	}
	me, others := k.report.RunAs, 0
	for i := len(members) - 1; i >= 0; i-- {
		u := members[i]
		if u.UserID == me {
			continue
		}
		others++
		if admin[u.ID] {
			continue
		}
		q := k.probe(ctx, del, "a member who is not a project administrator, added back at once", typeOf[v2client.User](), func(ctx context.Context) (*v2client.Response, error) {
			_, r, err := c.Projects.DeleteUser(ctx, key, u.ID)
			return r, err
		})
		gone := q.Outcome == Works || q.Outcome == Drift
		if !gone {
			// No clear answer (a timeout, a 5xx): Backlog may have removed
			// the member all the same. Look before leaving it so.
			now, _, err := c.Projects.ListUsers(ctx, key, false)
			if err != nil {
				k.report.Cleanup = append(k.report.Cleanup, fmt.Sprintf("member %s of %s: the removal got no clear answer and the members could not be listed; check that %s is still a member", u.UserID, key, u.UserID))
				return
			}
			gone = !slices.ContainsFunc(now, func(m v2client.User) bool { return m.ID == u.ID })
		}
		if gone {
			removed("member "+u.UserID+" (removed, to be added back)", k.probe(ctx, add, "adding back", typeOf[v2client.User](), func(ctx context.Context) (*v2client.Response, error) {
				_, r, err := c.Projects.AddUser(ctx, key, u.ID)
				return r, err
			}))
		}
		return
	}
	if others == 0 {
		skip("no user to add to " + key + ": every user is a member and none other than you")
		return
	}
	skip("every user is a member of " + key + " and every member other than you is a project administrator (never removed: the flag would be lost)")
}
