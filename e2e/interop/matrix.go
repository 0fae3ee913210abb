// Package interop proves that real legacy XML-RPC clients, written by other
// people in other languages, work against the backlog-xmlrpc binary.
//
// The tests (interop_test.go) build the server, run it in demo mode on
// loopback, and drive it with: npm backlog-api@1.0.2 (node/), Python's
// standard xmlrpc.client (python/), Perl RPC::XML::Client (perl/), Ruby
// XMLRPC::Client (ruby/), the xmlrpc-c `xmlrpc` CLI and `xml-rpc-api2txt`
// (xmlrpc-c/), and Go's kolo/xmlrpc (kolo_test.go). Every client script prints
// one JSON line per check; this file turns those lines into the compatibility
// matrix (MATRIX.md) that the README shows, so the matrix is always the output
// of a run and never typed by hand.
package interop

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Check is one result line printed by a client script: which legacy method it
// exercised, what it checked and whether the answer was right.
type Check struct {
	// Method is the XML-RPC method called ("backlog.getIssue",
	// "system.listMethods"), or "-" for checks that are not about one method.
	Method string `json:"method"`
	// Group overrides the method's group for cross-cutting checks: "auth",
	// "faults", "concurrency". Empty means "the group of Method".
	Group string `json:"group,omitempty"`
	// Name says what was checked, e.g. "getIssue(key) summary".
	Name string `json:"check"`
	// OK is true when the client got the expected answer.
	OK bool `json:"ok"`
	// Detail explains a failure (or records what the client saw, e.g. the
	// fault code).
	Detail string `json:"detail,omitempty"`
}

// Group is one row of the matrix: a family of legacy methods that clients
// use together.
type Group struct {
	Name    string   // row label
	Methods []string // the methods that belong to it (empty for cross-cutting groups)
}

// Groups is the fixed row order of the matrix. Every legacy method belongs to
// exactly one group; "auth", "faults" and "concurrency" collect checks that
// are not about one method.
var Groups = []Group{
	{"auth (Basic, 401 challenge)", nil},
	{"projects", []string{"backlog.getProjects", "backlog.getProject"}},
	{"project settings (read)", []string{"backlog.getComponents", "backlog.getVersions", "backlog.getUsers", "backlog.getIssueTypes", "backlog.getCustomFields"}},
	{"issues (read)", []string{"backlog.getIssue", "backlog.getComments", "backlog.getChildIssues"}},
	{"issues (write)", []string{"backlog.createIssue", "backlog.updateIssue", "backlog.switchStatus", "backlog.addComment"}},
	{"search", []string{"backlog.findIssue", "backlog.countIssue"}},
	{"issue types / versions / components CRUD", []string{"backlog.addIssueType", "backlog.updateIssueType", "backlog.deleteIssueType", "backlog.addVersion", "backlog.updateVersion", "backlog.deleteVersion", "backlog.addComponent", "backlog.updateComponent", "backlog.deleteComponent"}},
	{"timeline / summaries", []string{"backlog.getTimeline", "backlog.getProjectSummary", "backlog.getProjectSummaries"}},
	{"users / icons", []string{"backlog.getUser", "backlog.getUserIcon"}},
	{"enumerations", []string{"backlog.getActivityTypes", "backlog.getStatuses", "backlog.getResolutions", "backlog.getPriorities"}},
	{"admin: users", []string{"backlog.admin.getUsers", "backlog.admin.addUser", "backlog.admin.updateUser", "backlog.admin.deleteUser"}},
	{"admin: projects", []string{"backlog.admin.getProjects", "backlog.admin.addProject", "backlog.admin.updateProject", "backlog.admin.deleteProject"}},
	{"admin: project users", []string{"backlog.admin.getProjectUsers", "backlog.admin.addProjectUser", "backlog.admin.updateProjectUsers", "backlog.admin.deleteProjectUser"}},
	{"admin: custom fields", []string{"backlog.admin.addCustomField", "backlog.admin.updateCustomField", "backlog.admin.deleteCustomField"}},
	{"introspection (system.*)", []string{"system.listMethods", "system.methodSignature", "system.methodHelp", "system.multicall", "system.getCapabilities"}},
	{"faults (wrong password, unknown method, bad param)", nil},
	{"concurrency", nil},
}

// groupAliases are the short names scripts may put in Check.Group.
var groupAliases = map[string]string{
	"auth":        "auth (Basic, 401 challenge)",
	"faults":      "faults (wrong password, unknown method, bad param)",
	"concurrency": "concurrency",
}

// LegacyMethods lists the 49 legacy methods in the order of the legacy index.
func LegacyMethods() []string {
	var out []string
	for _, g := range Groups {
		for _, m := range g.Methods {
			if strings.HasPrefix(m, "backlog.") {
				out = append(out, m)
			}
		}
	}
	return out
}

// GroupOf returns the matrix row of a check, or an error when the script
// named a method or group the matrix does not know (a typo in a script must
// not silently vanish from the matrix).
func GroupOf(c Check) (string, error) {
	if c.Group != "" {
		if g, ok := groupAliases[c.Group]; ok {
			return g, nil
		}
		return "", fmt.Errorf("check %q: unknown group %q", c.Name, c.Group)
	}
	for _, g := range Groups {
		for _, m := range g.Methods {
			if m == c.Method {
				return g.Name, nil
			}
		}
	}
	return "", fmt.Errorf("check %q: unknown method %q and no group", c.Name, c.Method)
}

// ParseChecks reads a script's stdout: every line that starts with "{" must
// be a Check; other lines are ignored (clients may print progress).
func ParseChecks(r io.Reader) ([]Check, error) {
	var out []Check
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "{") {
			continue
		}
		var c Check
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return out, fmt.Errorf("line %d: %v: %s", n, err, line)
		}
		if c.Name == "" || c.Method == "" {
			return out, fmt.Errorf("line %d: check without method or name: %s", n, line)
		}
		if _, err := GroupOf(c); err != nil {
			return out, fmt.Errorf("line %d: %v", n, err)
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// ClientRun is what one client produced in a run.
type ClientRun struct {
	Client  string  // column label, e.g. "Python xmlrpc.client"
	Skipped string  // non-empty: why the client did not run
	Checks  []Check // its results
	Version string  // the client's versions as installed, e.g. "ruby 3.1.2, ruby-xmlrpc 0.3.2-2"
}

// tally counts passes and totals per key.
type tally struct{ ok, all int }

func (t tally) cell() string {
	switch {
	case t.all == 0:
		return "–"
	case t.ok == t.all:
		return fmt.Sprintf("✅ %d/%d", t.ok, t.all)
	default:
		return fmt.Sprintf("❌ %d/%d", t.ok, t.all)
	}
}

// RenderMatrix writes MATRIX.md: a client x method-group table, then a
// client x method table for the 49 legacy methods, then every failed check.
// The output depends only on the runs (fixed row and column order), so two
// identical runs produce identical files.
func RenderMatrix(runs []ClientRun, command string) []byte {
	var b bytes.Buffer
	b.WriteString("# Compatibility matrix: real legacy clients against backlog-xmlrpc\n\n")
	b.WriteString("Generated by `" + command + "` (e2e/interop/interop_test.go) from the last run;\n")
	b.WriteString("do not edit by hand. Each cell is passed/total checks of that client in that\n")
	b.WriteString("group; \"–\" means the client has no call for it (its call set is described in\n")
	b.WriteString("e2e/interop/README.md). A check compares values with the demo seed, not just the\n")
	b.WriteString("absence of an error.\n\n")

	byGroup := make([]map[string]tally, len(runs))
	byMethod := make([]map[string]tally, len(runs))
	for i, r := range runs {
		byGroup[i] = map[string]tally{}
		byMethod[i] = map[string]tally{}
		for _, c := range r.Checks {
			g, _ := GroupOf(c)
			t := byGroup[i][g]
			t.all++
			if c.OK {
				t.ok++
			}
			byGroup[i][g] = t
			m := byMethod[i][c.Method]
			m.all++
			if c.OK {
				m.ok++
			}
			byMethod[i][c.Method] = m
		}
	}
	header := func(first string) {
		b.WriteString("| " + first + " |")
		for _, r := range runs {
			b.WriteString(" " + r.Client + " |")
		}
		b.WriteString("\n| --- |")
		for range runs {
			b.WriteString(" --- |")
		}
		b.WriteString("\n")
	}
	header("method group")
	for _, g := range Groups {
		b.WriteString("| " + g.Name + " |")
		for i, r := range runs {
			if r.Skipped != "" {
				b.WriteString(" not run |")
				continue
			}
			b.WriteString(" " + byGroup[i][g.Name].cell() + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("| **total** |")
	for _, r := range runs {
		var t tally
		for _, c := range r.Checks {
			t.all++
			if c.OK {
				t.ok++
			}
		}
		if r.Skipped != "" {
			b.WriteString(" not run |")
			continue
		}
		b.WriteString(" " + t.cell() + " |")
	}
	b.WriteString("\n\n## Per legacy method\n\n")
	header("method")
	covered := make([]int, len(runs))
	for _, m := range LegacyMethods() {
		b.WriteString("| " + m + " |")
		for i, r := range runs {
			if r.Skipped != "" {
				b.WriteString(" not run |")
				continue
			}
			t := byMethod[i][m]
			if t.all > 0 {
				covered[i]++
			}
			b.WriteString(" " + t.cell() + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("| **methods exercised** |")
	for i, r := range runs {
		if r.Skipped != "" {
			b.WriteString(" not run |")
			continue
		}
		fmt.Fprintf(&b, " %d/%d |", covered[i], len(LegacyMethods()))
	}
	b.WriteString("\n")

	var skipped, failed []string
	for _, r := range runs {
		if r.Skipped != "" {
			skipped = append(skipped, "- "+r.Client+": "+r.Skipped)
		}
		for _, c := range r.Checks {
			if !c.OK {
				failed = append(failed, fmt.Sprintf("- %s / %s / %s: %s", r.Client, c.Method, c.Name, oneLine(c.Detail)))
			}
		}
	}
	sort.Strings(skipped)
	if len(skipped) > 0 {
		b.WriteString("\n## Not run\n\n" + strings.Join(skipped, "\n") + "\n")
	}
	if len(failed) > 0 {
		b.WriteString("\n## Failed checks\n\n" + strings.Join(failed, "\n") + "\n")
	}
	b.WriteString("\n## What each client saw on the fault paths\n\n")
	b.WriteString("(Not compared by the staleness check, like the versions below: fault strings\n")
	b.WriteString("and package versions may change without any client losing a check.)\n\n")
	b.WriteString("| client | check | seen |\n| --- | --- | --- |\n")
	for _, r := range runs {
		for _, c := range r.Checks {
			if g, _ := GroupOf(c); g == groupAliases["faults"] || g == groupAliases["auth"] {
				fmt.Fprintf(&b, "| %s | %s | %s |\n", r.Client, escapeCell(c.Name), escapeCell(oneLine(c.Detail)))
			}
		}
	}
	b.WriteString("\n## Client versions in this run\n\n| client | versions |\n| --- | --- |\n")
	for _, r := range runs {
		fmt.Fprintf(&b, "| %s | %s |\n", r.Client, escapeCell(r.Version))
	}
	return b.Bytes()
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return s
}

func escapeCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// Markers of the README section that the interop run regenerates.
const (
	ReadmeBegin = "<!-- interop-matrix:begin (generated by go test ./e2e/interop/ -update; do not edit) -->"
	ReadmeEnd   = "<!-- interop-matrix:end -->"
)

// GroupTable is the client x method-group table of RenderMatrix alone, the
// part the top-level README shows.
func GroupTable(runs []ClientRun) []byte {
	full := RenderMatrix(runs, "")
	start := bytes.Index(full, []byte("| method group |"))
	end := bytes.Index(full, []byte("\n\n## Per legacy method"))
	if start < 0 || end < start {
		return nil
	}
	return append([]byte(nil), full[start:end+1]...)
}

// ReplaceSection returns doc with the text between the begin and end marker
// lines replaced by content. ok is false (and doc unchanged) when the markers
// are missing or out of order, so a README without them is never touched.
func ReplaceSection(doc []byte, begin, end string, content []byte) (out []byte, ok bool) {
	i := bytes.Index(doc, []byte(begin))
	if i < 0 {
		return doc, false
	}
	head := i + len(begin)
	j := bytes.Index(doc[head:], []byte(end))
	if j < 0 {
		return doc, false
	}
	var b bytes.Buffer
	b.Write(doc[:head])
	b.WriteString("\n")
	b.Write(content)
	b.Write(doc[head+j:])
	return b.Bytes(), true
}
