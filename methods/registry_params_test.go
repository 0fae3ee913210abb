package methods

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

// sigKeys renders signatures as sorted strings, for set comparison.
func sigKeys(sigs [][]string) []string {
	out := make([]string, len(sigs))
	for i, s := range sigs {
		out[i] = strings.Join(s, " ")
	}
	sort.Strings(out)
	return out
}

// TestSignaturesMatchParams: the signatures system.methodSignature answers
// are the ones the parameter rows derive, so they list what the handler
// really takes.
func TestSignaturesMatchParams(t *testing.T) {
	for _, m := range registry {
		got, want := sigKeys(m.signatures), sigKeys(m.derivedSignatures())
		if !slices.Equal(got, want) {
			t.Errorf("%s: signatures %q, the params derive %q", m.name, got, want)
		}
		if m.form != formNone && len(m.params) == 0 {
			t.Errorf("%s: takes parameters but has no params rows", m.name)
		}
		if m.form == formBare && len(m.params) != 1 {
			t.Errorf("%s: a bare form has exactly one params row", m.name)
		}
		if m.form == formPositional && (m.positional < 1 || m.positional > len(m.params)) {
			t.Errorf("%s: positional %d out of range", m.name, m.positional)
		}
		if m.v2instead == "" {
			t.Errorf("%s: no v2instead", m.name)
		}
	}
}

// readElsewhere are documented members a handler reads without args.get
// (so the recorder cannot see them): the custom-field definition members
// read by mapping.CustomFieldParamsFrom, and getChildIssues' struct form.
var readElsewhere = map[string][]string{
	"backlog.getChildIssues":          {"parent_issue_id", "parentIssueId"},
	"backlog.admin.addCustomField":    {"name", "issueTypes", "issue_types", "description", "required", "min", "max", "initial_value", "unit", "initial_value_type", "initial_shift", "initial_date", "items", "allow_input"},
	"backlog.admin.updateCustomField": {"name", "issueTypes", "issue_types", "description", "required", "min", "max", "initial_value", "unit", "initial_value_type", "initial_shift", "initial_date", "items", "allow_input"},
}

// TestRegistryParamsMatchHandlers runs every golden request of each method
// (multicall cases aside) with a recorder on the member look-ups and checks
// the method's params rows against them both ways: every name a handler
// asks for is a documented name or alias, and every documented name and
// alias is one a handler asked for (readElsewhere aside), so an alias the
// page promises is one the handler accepts.
func TestRegistryParamsMatchHandlers(t *testing.T) {
	defer func() { memberRead = nil }()
	for _, m := range registry {
		documented := map[string]bool{}
		for _, p := range m.params {
			for _, n := range p.names() {
				documented[n] = true
			}
		}
		var mu sync.Mutex
		asked := map[string]bool{}
		memberRead = func(names []string) {
			mu.Lock()
			defer mu.Unlock()
			for _, n := range names {
				asked[n] = true
			}
		}
		reqs, _ := filepath.Glob(filepath.Join("..", "testdata", m.name, "*.request.xml"))
		ran := 0
		for _, rp := range reqs {
			body, err := os.ReadFile(rp)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(body), "<methodName>system.multicall</methodName>") {
				continue
			}
			ran++
			name := strings.TrimSuffix(filepath.Base(rp), ".request.xml")
			newRig(t, goldenUser(m.name, name)).post(body)
		}
		memberRead = nil
		if ran == 0 {
			t.Errorf("%s: no golden request to check its parameters with", m.name)
			continue
		}
		for n := range asked {
			if !documented[n] {
				t.Errorf("%s: the handler reads %q, which its params rows do not document", m.name, n)
			}
		}
		for n := range documented {
			if !asked[n] && !slices.Contains(readElsewhere[m.name], n) {
				t.Errorf("%s: %q is documented but no golden call made the handler read it", m.name, n)
			}
		}
	}
}

// TestMethodHelpListsParameters: system.methodHelp answers the parameter
// description, e.g. every createIssue parameter with its type and aliases.
func TestMethodHelpListsParameters(t *testing.T) {
	r := newRig(t, "demo")
	var help string
	if err := r.kolo().Call("system.methodHelp", "backlog.createIssue", &help); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"- projectId (int|string, required) [also project_id]",
		"- summary (string, required)",
		"- assignerId (int, optional) [also assigner_id, assigneeId]",
		"- due_date (date, optional) [also dueDate]",
		"v2: POST /api/v2/issues",
	} {
		if !strings.Contains(help, want) {
			t.Errorf("methodHelp(backlog.createIssue) lacks %q:\n%s", want, help)
		}
	}
	var sigs [][]string
	if err := r.kolo().Call("system.methodSignature", "backlog.addComment", &sigs); err != nil {
		t.Fatal(err)
	}
	if got := sigKeys(sigs); !slices.Equal(got, []string{"struct int string", "struct string string", "struct struct"}) {
		t.Errorf("methodSignature(backlog.addComment) = %q", got)
	}
}
