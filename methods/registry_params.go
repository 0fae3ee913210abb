package methods

import (
	"strings"
)

// paramForm is how a legacy method takes its parameters.
type paramForm int

const (
	// formNone: no parameters.
	formNone paramForm = iota
	// formBare: one scalar (its params row), or a struct holding it under
	// the row's name or an alias.
	formBare
	// formStruct: one struct whose members are the params rows.
	formStruct
	// formPositional: a struct, or the first `positional` rows as positional
	// values in row order (older clients' form).
	formPositional
)

// param is one legacy parameter a method reads: a member of its struct
// parameter, or the bare scalar of a formBare method. The rows are what the
// handlers really read: TestRegistryParamsMatchHandlers records every member
// name a handler asks for and checks it against them.
type param struct {
	name     string   // the legacy documentation's name
	aliases  []string // other names read (the first present name wins)
	typ      string   // XML-RPC types accepted, "|" between alternatives
	required bool
	doc      string // meaning, values, default
}

// req and opt build param rows.
func req(name, typ, doc string, aliases ...string) param {
	return param{name: name, typ: typ, doc: doc, aliases: aliases, required: true}
}

func opt(name, typ, doc string, aliases ...string) param {
	return param{name: name, typ: typ, doc: doc, aliases: aliases}
}

// Shared parameter groups.
var (
	// searchParams are the conditions of countIssue and findIssue
	// (legacy-api.md §4.9/§4.10, methods/search.go). Within one condition
	// the values are ORed, across conditions ANDed.
	searchParams = []param{
		req("projectId", "int|string|array", "project id or key; an array searches several projects", "project_id"),
		opt("issueTypeId", "int|array", "issue type ids", "issue_type_id"),
		opt("issueType", "string|array", "issue type names (resolved in the searched projects)", "issue_type"),
		opt("componentId", "int|array", "category ids", "component_id", "categoryId"),
		opt("component", "string|array", "category names", "category"),
		opt("versionId", "int|array", "version (発生バージョン) ids", "version_id"),
		opt("version", "string|array", "version names"),
		opt("milestoneId", "int|array", "milestone ids", "milestone_id"),
		opt("milestone", "string|array", "milestone names"),
		opt("priorityId", "int|array", "priority ids (2 高, 3 中, 4 低)", "priority_id"),
		opt("priority", "string|array", "priority names"),
		opt("statusId", "int|array", "status ids", "status_id"),
		opt("createdUserId", "int|array", "ids of the users who added the issues", "created_user_id"),
		opt("assignerId", "int|array", "assignee ids; -1 = no assignee", "assigner_id", "assigneeId"),
		opt("resolutionId", "int|array", "resolution ids; -1 = no resolution", "resolution_id"),
		opt("parent_child_issue", "int", "1 not a child, 2 children, 3 neither parent nor child, 4 parents", "parentChildIssue"),
		opt("created_on_min", "date", "added on or after (YYYYMMDD)"),
		opt("created_on_max", "date", "added on or before (YYYYMMDD)"),
		opt("updated_on_min", "date", "updated on or after (YYYYMMDD)"),
		opt("updated_on_max", "date", "updated on or before (YYYYMMDD)"),
		opt("start_date_min", "date", "start date on or after (YYYYMMDD)"),
		opt("start_date_max", "date", "start date on or before (YYYYMMDD)"),
		opt("due_date_min", "date", "due date on or after (YYYYMMDD)"),
		opt("due_date_max", "date", "due date on or before (YYYYMMDD)"),
		opt("query", "string", "keyword in summary, description and comments", "keyword"),
		opt("file", "int|array", "1 has attachments, 2 has shared files"),
		opt("custom_fields", "array", "custom field conditions: {id, values} (item ids or a text keyword) or {id, min, max} (numbers, dates YYYYMMDD)", "customFields"),
	}
	// pagingParams are findIssue's own.
	pagingParams = []param{
		opt("sort", "string", "sort key (ISSUE_TYPE, SUMMARY, STATUS, PRIORITY, CREATED_ON, UPDATED_ON, ..., see mapping.SortKey); default CREATED_ON"),
		opt("order", "boolean", "true ascending; default descending (newest first)"),
		opt("offset", "int", "issues to skip; default 0"),
		opt("limit", "int", "issues to answer, 1-100; default 100"),
	}
	// issueFieldParams are the issue fields createIssue and updateIssue
	// set (methods/issue_fields.go); on update an empty string clears one.
	issueFieldParams = []param{
		opt("description", "string", "the issue's text"),
		opt("parent_issue_id", "int", "parent issue id", "parentIssueId"),
		opt("issueTypeId", "int", "issue type id", "issue_type_id"),
		opt("issueType", "string", "issue type name", "issue_type"),
		opt("priorityId", "int", "priority id (2 高, 3 中, 4 低)", "priority_id"),
		opt("priority", "string", "priority name"),
		opt("componentId", "int|array", "category ids", "component_id", "categoryId"),
		opt("component", "string|array", "category names", "category"),
		opt("versionId", "int|array", "version (発生バージョン) ids", "version_id"),
		opt("version", "string|array", "version names"),
		opt("milestoneId", "int|array", "milestone ids", "milestone_id"),
		opt("milestone", "string|array", "milestone names"),
		opt("assignerId", "int", "assignee's user id", "assigner_id", "assigneeId"),
		opt("resolutionId", "int", "resolution id", "resolution_id"),
		opt("start_date", "date", "start date YYYYMMDD", "startDate"),
		opt("due_date", "date", "due date YYYYMMDD", "dueDate"),
		opt("estimated_hours", "double|int|string", "estimated hours", "estimatedHours"),
		opt("actual_hours", "double|int|string", "actual hours", "actualHours"),
		opt("custom_fields", "array", "custom field values {id, value} / {id, values}", "customFields"),
	}
)

// join concatenates parameter groups into one row list.
func join(groups ...[]param) []param {
	var out []param
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// names returns the param's name then its aliases.
func (p param) names() []string { return append([]string{p.name}, p.aliases...) }

// paramHelp describes the parameters as system.methodHelp and the method
// pages give them: how they are passed, then one line per parameter.
func (m methodSpec) paramHelp() string {
	var b strings.Builder
	switch m.form {
	case formNone:
		b.WriteString("No parameters.")
		return b.String()
	case formBare:
		p := m.params[0]
		b.WriteString("One parameter: " + p.name + " (" + p.typ + "), or a struct holding it as " + strings.Join(quoteAll(p.names()), " or ") + ".")
		return b.String()
	case formStruct:
		b.WriteString("One struct:")
	case formPositional:
		pos := make([]string, m.positional)
		for i := range pos {
			pos[i] = m.params[i].name
		}
		b.WriteString("One struct, or the positional values (" + strings.Join(pos, ", ") + "):")
	}
	for _, p := range m.params {
		b.WriteString("\n- " + p.name + " (" + p.typ)
		if p.required {
			b.WriteString(", required")
		} else {
			b.WriteString(", optional")
		}
		b.WriteString(")")
		if len(p.aliases) > 0 {
			b.WriteString(" [also " + strings.Join(p.aliases, ", ") + "]")
		}
		if p.doc != "" {
			b.WriteString(": " + p.doc)
		}
	}
	return b.String()
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = "`" + s + "`"
	}
	return out
}

// xmlrpcTypes maps a param's typ alternatives to XML-RPC signature types.
func xmlrpcTypes(typ string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range strings.Split(typ, "|") {
		switch t {
		case "date":
			t = "string" // YYYYMMDD; Perl's int form is accepted too
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// derivedSignatures are the XML-RPC signatures the form and params give,
// result type first: what TestSignaturesMatchParams holds the hand-written
// signatures to.
func (m methodSpec) derivedSignatures() [][]string {
	ret := m.result
	switch m.form {
	case formNone:
		return [][]string{{ret}}
	case formBare:
		var out [][]string
		for _, t := range xmlrpcTypes(m.params[0].typ) {
			out = append(out, []string{ret, t})
		}
		return append(out, []string{ret, "struct"})
	case formStruct:
		return [][]string{{ret, "struct"}}
	}
	out := [][]string{{ret, "struct"}}
	// positional: every length from the required prefix to all positional
	// rows, each combination of their types.
	minLen := 0
	for i := 0; i < m.positional; i++ {
		if m.params[i].required {
			minLen = i + 1
		}
	}
	for n := max(minLen, 1); n <= m.positional; n++ {
		combos := [][]string{{ret}}
		for i := 0; i < n; i++ {
			var next [][]string
			for _, c := range combos {
				for _, t := range xmlrpcTypes(m.params[i].typ) {
					next = append(next, append(append([]string(nil), c...), t))
				}
			}
			combos = next
		}
		out = append(out, combos...)
	}
	return out
}
