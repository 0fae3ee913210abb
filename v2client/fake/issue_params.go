package fake

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// customInput is the custom-field part of a write form.
type customInput struct {
	values  []string
	other   *string
	present bool
}

var customWriteRE = regexp.MustCompile(`^customField_(\d+)(_otherValue|\[\d+\]|\[\])?$`)

// parseCustomInputs reads customField_{id} (repeated for several values),
// customField_{id}[n] (indexed, backlog-js) and customField_{id}_otherValue.
// The bracket form customField_{id}[] is refused with 400 code 7, as
// reported against the real API (backlog-mcp-server #22).
func parseCustomInputs(c *call) (map[int64]*customInput, []int64, error) {
	out := map[int64]*customInput{}
	var order []int64
	names := make([]string, 0)
	for name := range c.form {
		if strings.HasPrefix(name, "customField_") {
			names = append(names, name)
		}
	}
	slices.SortFunc(names, compareIndexed)
	for _, name := range names {
		m := customWriteRE.FindStringSubmatch(name)
		if m == nil || m[2] == "[]" {
			return nil, nil, errInvalid("Invalid parameter: " + name)
		}
		id, _ := strconv.ParseInt(m[1], 10, 64)
		in := out[id]
		if in == nil {
			in = &customInput{}
			out[id] = in
			order = append(order, id)
		}
		if m[2] == "_otherValue" {
			v := c.str(name)
			in.other = &v
			continue
		}
		in.present = true
		for _, v := range c.form[name] {
			if v != "" {
				in.values = append(in.values, v)
			}
		}
	}
	slices.Sort(order)
	return out, order, nil
}

// compareIndexed sorts names so that customField_1[2] comes before [10].
func compareIndexed(a, b string) int {
	ia, ib := strings.IndexByte(a, '['), strings.IndexByte(b, '[')
	if ia > 0 && ib > 0 && a[:ia] == b[:ib] {
		na, _ := strconv.Atoi(strings.Trim(a[ia:], "[]"))
		nb, _ := strconv.Atoi(strings.Trim(b[ib:], "[]"))
		return na - nb
	}
	return strings.Compare(a, b)
}

// customValue converts the inputs of one field to a stored value.
func customValue(cf *v2client.CustomField, in *customInput, old *cfValue) (*cfValue, error) {
	v := &cfValue{}
	if old != nil {
		v.other = old.other
		if !in.present {
			*v = *old
			v.items = slices.Clone(old.items)
		}
	}
	name := "customField_" + itoa(cf.ID)
	if in.other != nil {
		if cf.AllowInput == nil || !*cf.AllowInput {
			return nil, errInvalid("The custom field does not accept other values: " + name)
		}
		v.other = in.other
		if *in.other == "" {
			v.other = nil
		}
	}
	if !in.present || len(in.values) == 0 {
		return v, nil
	}
	if !cf.TypeID.IsMulti() && len(in.values) > 1 {
		return nil, errInvalid("Only one value is allowed: " + name)
	}
	raw := in.values[0]
	switch cf.TypeID {
	case v2client.CustomFieldText, v2client.CustomFieldSentence:
		v.text = &raw
	case v2client.CustomFieldNumeric:
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return nil, errInvalid("Invalid " + name + ": " + raw)
		}
		if cf.Min != nil && f < *cf.Min || cf.Max != nil && f > *cf.Max {
			return nil, errInvalid("Out of range " + name + ": " + raw)
		}
		v.number = &f
	case v2client.CustomFieldDate:
		t, err := parseDate(name, raw)
		if err != nil {
			return nil, err
		}
		if cf.MinDate != nil && t.Before(cf.MinDate.Time()) || cf.MaxDate != nil && t.After(cf.MaxDate.Time()) {
			return nil, errInvalid("Out of range " + name + ": " + raw)
		}
		v.date = t
	default:
		v.items = nil
		for _, s := range in.values {
			id, err := parseID(name, s)
			if err != nil {
				return nil, err
			}
			if cfItem(cf, id) == nil {
				return nil, errInvalid("No item " + s + " in " + name)
			}
			if !slices.Contains(v.items, id) {
				v.items = append(v.items, id)
			}
		}
	}
	return v, nil
}

func (v *cfValue) empty() bool {
	return v == nil || v.text == nil && v.number == nil && v.date == nil && len(v.items) == 0 && v.other == nil
}

// applyIssueParams applies the POST/PATCH parameters present in c to a
// copy of base (project p) and validates the references: unknown issue
// types, priorities, statuses, resolutions, categories, versions, users
// and parents are 400 code 7. An empty value clears a clearable field.
func (s *Server) applyIssueParams(c *call, p *project, base *issue, create bool) (*issue, error) {
	st := s.st
	is := *base
	is.categoryIDs, is.versionIDs, is.milestoneIDs = slices.Clone(base.categoryIDs), slices.Clone(base.versionIDs), slices.Clone(base.milestoneIDs)
	is.custom = map[int64]*cfValue{}
	for k, v := range base.custom {
		is.custom[k] = v
	}
	if c.has("summary") {
		v := c.str("summary")
		if strings.TrimSpace(v) == "" {
			return nil, errInvalid("Please specify summary.")
		}
		if len([]rune(v)) > 255 {
			return nil, errInvalid("summary is too long (255 characters at most).")
		}
		is.summary = v
	}
	if c.has("description") {
		is.description = c.str("description")
	}
	for _, f := range []struct {
		name  string
		dst   *int64
		check func(int64) bool
	}{
		{"issueTypeId", &is.issueTypeID, func(id int64) bool { return p.issueType(id) != nil }},
		{"priorityId", &is.priorityID, func(id int64) bool { return st.priority(id) != nil }},
		{"statusId", &is.statusID, func(id int64) bool { return p.status(id) != nil }},
	} {
		if create && f.name == "statusId" {
			continue // not a parameter of POST /issues: new issues are 未対応
		}
		v, present, err := c.intParam(f.name)
		if err != nil {
			return nil, err
		}
		if !present {
			continue
		}
		if v == nil {
			return nil, errInvalid("Please specify " + f.name + ".")
		}
		if !f.check(*v) {
			return nil, errInvalid("Invalid " + f.name + ": " + itoa(*v))
		}
		*f.dst = *v
	}
	for _, f := range []struct {
		name  string
		dst   **int64
		check func(int64) bool
	}{
		{"resolutionId", &is.resolutionID, func(id int64) bool { return st.resolution(id) != nil }},
		{"assigneeId", &is.assigneeID, func(id int64) bool {
			u := st.users[id]
			return u != nil && !u.deleted && p.isMember(id)
		}},
		{"parentIssueId", &is.parentID, func(id int64) bool { return true }},
	} {
		if create && f.name == "resolutionId" {
			continue // not a parameter of POST /issues
		}
		v, present, err := c.intParam(f.name)
		if err != nil {
			return nil, err
		}
		if !present {
			continue
		}
		if v != nil && !f.check(*v) {
			return nil, errInvalid("Invalid " + f.name + ": " + itoa(*v))
		}
		*f.dst = v
	}
	if is.parentID != nil && (base.parentID == nil || *base.parentID != *is.parentID) {
		if err := s.checkParent(p, &is); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct {
		name  string
		dst   *[]int64
		check func(int64) bool
	}{
		{"categoryId[]", &is.categoryIDs, func(id int64) bool { return p.category(id) != nil }},
		{"versionId[]", &is.versionIDs, func(id int64) bool { return p.version(id) != nil }},
		{"milestoneId[]", &is.milestoneIDs, func(id int64) bool { return p.version(id) != nil }},
	} {
		ids, present, err := c.ints(f.name)
		if err != nil {
			return nil, err
		}
		if !present {
			continue
		}
		var clean []int64
		for _, id := range ids {
			if !f.check(id) {
				return nil, errInvalid("Invalid " + f.name + ": " + itoa(id))
			}
			if !slices.Contains(clean, id) {
				clean = append(clean, id)
			}
		}
		*f.dst = clean
	}
	for _, f := range []struct {
		name string
		dst  **time.Time
	}{{"startDate", &is.startDate}, {"dueDate", &is.dueDate}} {
		t, present, err := c.dateParam(f.name)
		if err != nil {
			return nil, err
		}
		if present {
			*f.dst = t
		}
	}
	if is.startDate != nil && is.dueDate != nil && is.dueDate.Before(*is.startDate) {
		return nil, errInvalid("dueDate must not be before startDate.")
	}
	for _, f := range []struct {
		name string
		dst  **float64
	}{{"estimatedHours", &is.estimatedHours}, {"actualHours", &is.actualHours}} {
		v, present, err := c.floatParam(f.name)
		if err != nil {
			return nil, err
		}
		if !present {
			continue
		}
		if v != nil && (*v < 0 || *v > 99999.99) {
			return nil, errInvalid("Out of range " + f.name + ".")
		}
		*f.dst = v
	}
	for _, name := range []string{"notifiedUserId[]", "attachmentId[]"} {
		if _, _, err := c.ints(name); err != nil {
			return nil, err
		}
	}
	inputs, order, err := parseCustomInputs(c)
	if err != nil {
		return nil, err
	}
	for _, id := range order {
		cf := p.customField(id)
		if cf == nil {
			return nil, errInvalid("No custom field: " + itoa(id))
		}
		v, err := customValue(cf, inputs[id], is.custom[id])
		if err != nil {
			return nil, err
		}
		if v.empty() {
			delete(is.custom, id)
		} else {
			is.custom[id] = v
		}
	}
	for _, cf := range p.customFields {
		if cf.Required && applies(cf, is.issueTypeID) && is.custom[cf.ID].empty() && (create || inputs[cf.ID] != nil) {
			return nil, errInvalid("Please specify customField_" + itoa(cf.ID) + " (" + cf.Name + ").")
		}
	}
	return &is, nil
}

// checkParent validates parentIssueId: the project must enable subtasking,
// the parent must be in the same project, not the issue itself, and (unless
// grandchild issues are enabled) not a child itself.
func (s *Server) checkParent(p *project, is *issue) error {
	if !p.SubtaskingEnabled {
		return errInvalid("Subtasking is not enabled in the project.")
	}
	parent := s.st.issues[*is.parentID]
	if parent == nil || parent.projectID != p.ID || parent.id == is.id {
		return errInvalid("Invalid parentIssueId: " + itoa(*is.parentID))
	}
	if parent.parentID != nil && (p.GrandchildIssueEnabled == nil || !*p.GrandchildIssueEnabled) {
		return errInvalid("The parent issue is a child issue.")
	}
	for _, other := range s.st.issues {
		if other.parentID != nil && *other.parentID == is.id && is.id != 0 {
			if p.GrandchildIssueEnabled == nil || !*p.GrandchildIssueEnabled {
				return errInvalid("An issue with child issues cannot become a child issue.")
			}
		}
	}
	return nil
}
