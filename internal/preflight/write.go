package preflight

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// FormTrial is one multi-value custom-field encoding tried on an issue
// update with --write-project: whether the space stored both values.
type FormTrial struct {
	Form     string `json:"form"`  // repeated, bracket, indexed
	Field    string `json:"field"` // the custom field it was tried on
	Accepted bool   `json:"accepted"`
	Detail   string `json:"detail,omitempty"`
}

// multiForms are the encodings tried, the gateway's own (v2client's
// default) first.
var multiForms = []struct {
	name string
	form v2client.CustomFieldMultiForm
}{
	{"indexed (customField_N[0]=a&customField_N[1]=b)", v2client.CustomFieldIndexed},
	{"repeated (customField_N=a&customField_N=b)", v2client.CustomFieldRepeated},
	{"bracket (customField_N[]=a&customField_N[]=b)", v2client.CustomFieldBracket},
}

// writes runs the write paths of the legacy methods in the scratch project
// opts.WriteProject: issue type, category and version create/update/delete;
// the administrators' writes that stay inside the project (write_admin.go),
// as a space administrator only;
// an issue created with a value for every custom field, updated, commented
// on, switched to another status, and updated with two values of a
// multi-value field in each encoding. Everything it creates it deletes
// again (what it could not is listed in Report.Cleanup); it changes nothing
// it did not create.
func (k *checker) writes(ctx context.Context) {
	c, key := k.c, k.opts.WriteProject
	fail := func(what string, err error) {
		k.report.Errors = append(k.report.Errors, fmt.Sprintf("--write-project %s: %s: %v", key, what, err))
	}
	project, _, err := c.Projects.Get(ctx, key)
	if err != nil {
		fail("reading the project", err)
		return
	}
	types, _, err := c.Projects.ListIssueTypes(ctx, key)
	if err != nil || len(types) == 0 {
		fail("reading its issue types", fmt.Errorf("%d types, %v", len(types), err))
		return
	}
	priorities, _, err := c.Priorities.List(ctx)
	if err != nil || len(priorities) == 0 {
		fail("reading the priorities", fmt.Errorf("%d priorities, %v", len(priorities), err))
		return
	}
	statuses, _, err := c.Projects.ListStatuses(ctx, key)
	if err != nil {
		fail("reading its statuses", err)
		return
	}
	fields, _, err := c.Projects.ListCustomFields(ctx, key)
	if err != nil {
		fail("reading its custom fields", err)
		return
	}

	k.tag = "backlog-xmlrpc-check-" + strconv.FormatInt(time.Now().Unix(), 10)
	tag := k.tag
	var cleanups []func(context.Context)
	defer func() {
		// Cleaning up runs even when the check was interrupted.
		cctx := context.WithoutCancel(ctx)
		for i := len(cleanups) - 1; i >= 0; i-- {
			cleanups[i](cctx)
		}
	}()
	removed := k.removed
	// Issue types.
	var it *v2client.IssueType
	name, color := tag, "#e30000"
	k.probe(ctx, "POST /api/v2/projects/:projectIdOrKey/issueTypes", "", typeOf[v2client.IssueType](), func(ctx context.Context) (r *v2client.Response, err error) {
		it, r, err = c.Projects.AddIssueType(ctx, key, &v2client.IssueTypeOptions{Name: &name, Color: &color})
		return r, err
	})
	if it != nil {
		id, substitute := it.ID, types[0].ID
		cleanups = append(cleanups, func(ctx context.Context) {
			removed("issue type "+tag, k.probe(ctx, "DELETE /api/v2/projects/:projectIdOrKey/issueTypes/:id", "", typeOf[v2client.IssueType](), func(ctx context.Context) (*v2client.Response, error) {
				_, r, err := c.Projects.DeleteIssueType(ctx, key, id, substitute)
				return r, err
			}))
		})
		renamed := tag + "-renamed"
		k.probe(ctx, "PATCH /api/v2/projects/:projectIdOrKey/issueTypes/:id", "", typeOf[v2client.IssueType](), func(ctx context.Context) (*v2client.Response, error) {
			_, r, err := c.Projects.UpdateIssueType(ctx, key, id, &v2client.IssueTypeOptions{Name: &renamed})
			return r, err
		})
	}

	// Categories.
	var cat *v2client.Category
	k.probe(ctx, "POST /api/v2/projects/:projectIdOrKey/categories", "", typeOf[v2client.Category](), func(ctx context.Context) (r *v2client.Response, err error) {
		cat, r, err = c.Projects.AddCategory(ctx, key, tag)
		return r, err
	})
	if cat != nil {
		id := cat.ID
		cleanups = append(cleanups, func(ctx context.Context) {
			removed("category "+tag, k.probe(ctx, "DELETE /api/v2/projects/:projectIdOrKey/categories/:id", "", typeOf[v2client.Category](), func(ctx context.Context) (*v2client.Response, error) {
				_, r, err := c.Projects.DeleteCategory(ctx, key, id)
				return r, err
			}))
		})
		k.probe(ctx, "PATCH /api/v2/projects/:projectIdOrKey/categories/:id", "", typeOf[v2client.Category](), func(ctx context.Context) (*v2client.Response, error) {
			_, r, err := c.Projects.UpdateCategory(ctx, key, id, tag+"-renamed")
			return r, err
		})
	}

	// Versions.
	var ver *v2client.Version
	k.probe(ctx, "POST /api/v2/projects/:projectIdOrKey/versions", "", typeOf[v2client.Version](), func(ctx context.Context) (r *v2client.Response, err error) {
		ver, r, err = c.Projects.AddVersion(ctx, key, &v2client.VersionOptions{Name: tag})
		return r, err
	})
	if ver != nil {
		id := ver.ID
		cleanups = append(cleanups, func(ctx context.Context) {
			removed("version "+tag, k.probe(ctx, "DELETE /api/v2/projects/:projectIdOrKey/versions/:id", "", typeOf[v2client.Version](), func(ctx context.Context) (*v2client.Response, error) {
				_, r, err := c.Projects.DeleteVersion(ctx, key, id)
				return r, err
			}))
		})
		k.probe(ctx, "PATCH /api/v2/projects/:projectIdOrKey/versions/:id", "", typeOf[v2client.Version](), func(ctx context.Context) (*v2client.Response, error) {
			_, r, err := c.Projects.UpdateVersion(ctx, key, id, &v2client.VersionOptions{Name: tag + "-renamed"})
			return r, err
		})
	}

	if k.notAdmin == "" {
		k.scratchAdmin(ctx, project, func(f func(context.Context)) { cleanups = append(cleanups, f) })
	} else {
		// The gateway would never make these requests for this user.
		for _, call := range adminScratchWrites {
			k.skip(call, "not run: the user is not a space administrator")
		}
	}

	// The issue, with a value for every custom field of its type.
	issueType := mostFields(types, fields)
	var inputs []v2client.CustomFieldInput
	var multi []v2client.CustomField
	for _, f := range fields {
		if !applies(f, issueType) {
			continue
		}
		if v, ok := sampleValue(f); ok {
			inputs = append(inputs, v2client.CustomFieldInput{ID: f.ID, Values: []string{v}})
		}
		if f.TypeID.IsMulti() && len(f.Items) >= 2 {
			multi = append(multi, f)
		}
	}
	var issue *v2client.Issue
	summary := tag
	k.probe(ctx, "POST /api/v2/issues", "every custom-field type", typeOf[v2client.Issue](), func(ctx context.Context) (r *v2client.Response, err error) {
		issue, r, err = c.Issues.Create(ctx, &v2client.IssueCreateOptions{ProjectID: project.ID, Summary: summary,
			IssueTypeID: issueType, PriorityID: priorities[len(priorities)/2].ID, CustomFields: inputs})
		return r, err
	})
	if issue == nil {
		return
	}
	ik := issue.IssueKey
	cleanups = append(cleanups, func(ctx context.Context) {
		removed("issue "+ik, k.probe(ctx, "DELETE /api/v2/issues/:issueIdOrKey", "", typeOf[v2client.Issue](), func(ctx context.Context) (*v2client.Response, error) {
			_, r, err := c.Issues.Delete(ctx, ik)
			return r, err
		}))
	})
	renamed := tag + "-updated"
	k.probe(ctx, "PATCH /api/v2/issues/:issueIdOrKey", "summary and custom fields", typeOf[v2client.Issue](), func(ctx context.Context) (*v2client.Response, error) {
		_, r, err := c.Issues.Update(ctx, ik, &v2client.IssueUpdateOptions{Summary: &renamed, CustomFields: inputs})
		return r, err
	})
	k.probe(ctx, "POST /api/v2/issues/:issueIdOrKey/comments", "", typeOf[v2client.Comment](), func(ctx context.Context) (*v2client.Response, error) {
		_, r, err := c.Comments.Add(ctx, ik, &v2client.CommentAddOptions{Content: "backlog-xmlrpc check"})
		return r, err
	})
	for _, st := range statuses {
		if st.ID != issue.Status.ID {
			id := st.ID
			k.probe(ctx, "PATCH /api/v2/issues/:issueIdOrKey", "statusId (switchStatus)", typeOf[v2client.Issue](), func(ctx context.Context) (*v2client.Response, error) {
				_, r, err := c.Issues.Update(ctx, ik, &v2client.IssueUpdateOptions{StatusID: &id})
				return r, err
			})
			break
		}
	}
	if len(multi) > 0 {
		k.multiForms(ctx, ik, multi[0])
	}
}

// removed records a clean-up request that did not work in Report.Cleanup.
func (k *checker) removed(what string, q Request) {
	if q.Outcome != Works && q.Outcome != Drift {
		k.report.Cleanup = append(k.report.Cleanup, fmt.Sprintf("%s in %s: %s %s", what, k.opts.WriteProject, q.Outcome, q.Error))
	}
}

// multiForms updates the issue with the first two items of field f in each
// encoding and reads it back: an encoding is accepted when both items were
// stored. The gateway writes the indexed form (v2client's default): when
// the space does not accept it, that is a failure of updateIssue.
func (k *checker) multiForms(ctx context.Context, issueKey string, f v2client.CustomField) {
	want := []int64{f.Items[0].ID, f.Items[1].ID}
	values := []string{strconv.FormatInt(want[0], 10), strconv.FormatInt(want[1], 10)}
	field := fmt.Sprintf("customField_%d (%s)", f.ID, f.Name)
	for i, mf := range multiForms {
		tr := FormTrial{Form: mf.name, Field: field}
		base, err := v2client.New(k.opts.BacklogURL, append(slices.Clone(k.copts), v2client.WithCustomFieldMultiForm(mf.form))...)
		if err != nil {
			tr.Detail = err.Error()
			k.report.MultiForm = append(k.report.MultiForm, tr)
			continue
		}
		defer base.CloseIdleConnections()
		c := k.as(base)
		cctx, cancel := context.WithTimeout(ctx, k.opts.Timeout)
		_, _, err = c.Issues.Update(cctx, issueKey, &v2client.IssueUpdateOptions{CustomFields: []v2client.CustomFieldInput{{ID: f.ID, Values: values}}})
		var got *v2client.Issue
		if err == nil {
			got, _, err = c.Issues.Get(cctx, issueKey)
		}
		cancel()
		switch {
		case err != nil:
			tr.Detail = "refused: " + err.Error()
		default:
			var ids []int64
			if v := got.CustomField(f.ID); v != nil {
				for _, it := range v.Items {
					ids = append(ids, it.ID)
				}
			}
			slices.Sort(ids)
			tr.Accepted = slices.Equal(ids, want)
			if !tr.Accepted {
				tr.Detail = fmt.Sprintf("answered 2xx but stored items %v, sent %v", ids, want)
			}
		}
		k.report.MultiForm = append(k.report.MultiForm, tr)
		if i == 0 && !tr.Accepted {
			k.report.Requests = append(k.report.Requests, Request{Call: "PATCH /api/v2/issues/:issueIdOrKey",
				Form: "multi-value custom field, the gateway's indexed form", Outcome: Fails, Error: tr.Detail})
		}
	}
}

// mostFields picks the issue type most custom fields apply to.
func mostFields(types []v2client.IssueType, fields []v2client.CustomField) int64 {
	best, bestN := types[0].ID, -1
	for _, t := range types {
		n := 0
		for _, f := range fields {
			if applies(f, t.ID) {
				n++
			}
		}
		if n > bestN {
			best, bestN = t.ID, n
		}
	}
	return best
}

// applies reports whether custom field f applies to issue type t (an empty
// list means every type).
func applies(f v2client.CustomField, t int64) bool {
	return len(f.ApplicableIssueTypes) == 0 || slices.Contains(f.ApplicableIssueTypes, t)
}

// sampleValue is a valid value of f: text, a number within its bounds, a
// date within its bounds, or its first item.
func sampleValue(f v2client.CustomField) (string, bool) {
	switch {
	case f.TypeID == v2client.CustomFieldText || f.TypeID == v2client.CustomFieldSentence:
		return "backlog-xmlrpc check", true
	case f.TypeID == v2client.CustomFieldNumeric:
		v := 1.0
		if f.Min != nil {
			v = *f.Min
		} else if f.Max != nil && *f.Max < v {
			v = *f.Max
		}
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case f.TypeID == v2client.CustomFieldDate:
		if f.MinDate != nil {
			return f.MinDate.Format(nil), true
		}
		if f.MaxDate != nil {
			return f.MaxDate.Format(nil), true
		}
		return time.Now().UTC().Format(time.DateOnly), true
	case f.TypeID.IsList() && len(f.Items) > 0:
		return strconv.FormatInt(f.Items[0].ID, 10), true
	}
	return "", false
}
