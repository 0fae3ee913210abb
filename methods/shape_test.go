package methods

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// This file holds the legacy result shapes of legacy-api.md §3 as a table,
// one entry per legacy method (all 49), and checks every successful golden
// response (testdata/<method>/*.response.xml) against its method's legacyShape:
// member names, XML-RPC types, date/timestamp lexical forms, and no member
// the table does not know. Every legacy method must have at least one
// successful golden case, so a method that is missing or answers a legacyShape
// different from its §3 table fails here.

// legacyShape describes an expected XML-RPC value.
type legacyShape struct {
	kind    xmlrpc.Kind
	fields  []shapeField
	elem    *legacyShape   // array items, or the values of a keyed struct
	keyed   bool           // a struct whose member names are data (getChildIssues)
	anyOf   []*legacyShape // one of these shapes
	pattern *regexp.Regexp // strings: lexical form
	anyVal  bool           // anything
	emptyOK bool           // an empty struct is accepted (not-found reads, §1.6)
}

type shapeField struct {
	name     string
	s        *legacyShape
	optional bool
}

var (
	tsRe   = regexp.MustCompile(`^\d{14}$`)
	dateRe = regexp.MustCompile(`^(\d{8})?$`)

	tInt  = &legacyShape{kind: xmlrpc.KindInt}
	tStr  = &legacyShape{kind: xmlrpc.KindString}
	tBool = &legacyShape{kind: xmlrpc.KindBool}
	tDbl  = &legacyShape{kind: xmlrpc.KindDouble}
	tB64  = &legacyShape{kind: xmlrpc.KindBase64}
	tTS   = &legacyShape{kind: xmlrpc.KindString, pattern: tsRe}
	tDate = &legacyShape{kind: xmlrpc.KindString, pattern: dateRe}
	tAny  = &legacyShape{anyVal: true}
)

func must(name string, s *legacyShape) shapeField { return shapeField{name: name, s: s} }
func optional(name string, s *legacyShape) shapeField {
	return shapeField{name: name, s: s, optional: true}
}
func structOf(fs ...shapeField) *legacyShape {
	return &legacyShape{kind: xmlrpc.KindStruct, fields: fs}
}
func arrayOf(s *legacyShape) *legacyShape      { return &legacyShape{kind: xmlrpc.KindArray, elem: s} }
func eitherOf(ss ...*legacyShape) *legacyShape { return &legacyShape{anyOf: ss} }
func orEmpty(s *legacyShape) *legacyShape      { c := *s; c.emptyOK = true; return &c }

// The §3 structures.
var (
	shUser        = structOf(must("id", tInt), must("name", tStr))                                                                                                   // §3.3
	shIDName      = structOf(must("id", tInt), must("name", tStr))                                                                                                   // §3.11
	shIssueType   = structOf(must("id", tInt), must("name", tStr), must("color", tStr))                                                                              // §3.7
	shComponent   = structOf(must("id", tInt), must("name", tStr))                                                                                                   // §3.8
	shVersionList = structOf(must("id", tInt), must("name", tStr), must("date", tDate))                                                                              // §3.9
	shProjectUser = structOf(must("id", tInt), must("user_id", tStr), must("name", tStr))                                                                            // §3.6
	shStatusCount = structOf(must("id", tInt), must("name", tStr), must("count", tInt))                                                                              // §3.15
	shVersionCRUD = structOf(must("id", tInt), must("name", tStr), must("start_date", tDate), must("due_date", tDate), must("archived", tBool), must("date", tDate)) // §3.10 + date (docs/decisions.md)

	projectFields = []shapeField{must("id", tInt), must("name", tStr), must("key", tStr), must("url", tStr), must("archived", tBool),
		optional("text_formatting_rule", tStr), optional("use_parent_child_issue", tBool)}
	shProject      = structOf(projectFields...)                                                                                                                        // §3.1
	shAdminProject = structOf(append(append([]shapeField{}, projectFields...), must("use_chart", tBool), optional("created_on", tTS), optional("updated_on", tTS))...) // §3.2
	shDetailUser   = structOf(must("id", tInt), must("name", tStr), optional("lang", tStr), optional("updated_on", tTS))                                               // §3.4
	shAdminUser    = structOf(must("id", tInt), must("user_id", tStr), must("name", tStr), must("mail_address", tStr), must("role", tStr),                             // §3.5
		must("mail_setting", structOf(must("mail", tBool), must("comment", tBool))), optional("created_on", tTS), optional("updated_on", tTS))
	shIssue = structOf(must("id", tInt), must("key", tStr), must("summary", tStr), must("description", tStr), must("url", tStr), // §3.12
		optional("parent_issue_id", tInt), must("due_date", tDate), optional("start_date", tDate), optional("estimated_hours", tDbl), optional("actual_hours", tDbl),
		must("issueType", shIssueType), must("priority", shIDName), optional("resolution", shIDName), must("status", shIDName),
		must("components", arrayOf(shComponent)), must("versions", arrayOf(shVersionList)), must("milestones", arrayOf(shVersionList)),
		optional("component", shComponent), optional("version", shVersionList), optional("milestone", shVersionList),
		must("created_user", shUser), optional("assigner", shUser), must("created_on", tTS), must("updated_on", tTS),
		optional("custom_fields", arrayOf(tAny)))
	shComment  = structOf(must("id", tInt), must("content", tStr), must("created_user", shUser), must("created_on", tTS), must("updated_on", tTS)) // §3.13
	shTimeline = structOf(must("type", shIDName), must("content", tStr), must("updated_on", tTS), must("user", shUser),                            // §3.14
		must("issue", structOf(must("id", tInt), must("key", tStr), must("summary", tStr), must("description", tStr), must("priority", shIDName), optional("parent_issue_id", tInt))))
	shMilestoneSummary = structOf(must("id", tInt), must("name", tStr), must("due_date", tDate), must("date", tDate), must("statuses", arrayOf(shStatusCount)))
	shProjectSummary   = structOf(must("id", tInt), must("name", tStr), must("key", tStr), must("url", tStr), must("statuses", arrayOf(shStatusCount)), // §3.15
		must("milestones", arrayOf(shMilestoneSummary)),
		optional("current_milestone", structOf(must("id", tInt), must("name", tStr), must("due_date", tDate), must("date", tDate), optional("statuses", arrayOf(shStatusCount)), optional("burndown_chart", tB64))))
	shCustomField = structOf(must("id", tInt), must("type_id", tInt), must("name", tStr), must("description", tStr), must("required", tBool), // §3.16
		must("issueTypes", arrayOf(shIssueType)), optional("min", eitherOf(tDbl, tDate)), optional("max", eitherOf(tDbl, tDate)), optional("initial_value", tDbl),
		optional("unit", tStr), optional("initial_value_type", tInt), optional("initial_shift", tInt), optional("initial_date", tDate),
		optional("items", arrayOf(shIDName)), optional("allow_input", tBool))
	shIcon = structOf(must("id", tInt), must("content_type", tStr), must("data", tB64), optional("updated_on", tTS)) // §4.28
)

// legacyShapes is every legacy method (legacy-api.md, 49) with its result legacyShape.
var legacyShapes = map[string]*legacyShape{
	"backlog.getProjects":         arrayOf(shProject),
	"backlog.getProject":          orEmpty(shProject),
	"backlog.getComponents":       arrayOf(shComponent),
	"backlog.getVersions":         arrayOf(shVersionList),
	"backlog.getUsers":            arrayOf(shUser),
	"backlog.getIssueTypes":       arrayOf(shIssueType),
	"backlog.getIssue":            orEmpty(shIssue),
	"backlog.getComments":         arrayOf(shComment),
	"backlog.countIssue":          tInt,
	"backlog.findIssue":           arrayOf(shIssue),
	"backlog.createIssue":         shIssue,
	"backlog.updateIssue":         shIssue,
	"backlog.switchStatus":        shIssue,
	"backlog.addComment":          shComment,
	"backlog.addIssueType":        shIssueType,
	"backlog.updateIssueType":     shIssueType,
	"backlog.deleteIssueType":     shIssueType,
	"backlog.addVersion":          shVersionCRUD,
	"backlog.updateVersion":       shVersionCRUD,
	"backlog.deleteVersion":       shVersionCRUD,
	"backlog.addComponent":        shComponent,
	"backlog.updateComponent":     shComponent,
	"backlog.deleteComponent":     shComponent,
	"backlog.getTimeline":         arrayOf(shTimeline),
	"backlog.getProjectSummary":   shProjectSummary,
	"backlog.getProjectSummaries": arrayOf(shProjectSummary),
	"backlog.getUser":             shDetailUser,
	"backlog.getUserIcon":         shIcon,
	"backlog.getActivityTypes":    arrayOf(shIDName),
	"backlog.getStatuses":         arrayOf(shIDName),
	"backlog.getResolutions":      arrayOf(shIDName),
	"backlog.getPriorities":       arrayOf(shIDName),
	"backlog.getCustomFields":     arrayOf(shCustomField),
	"backlog.getChildIssues":      {kind: xmlrpc.KindStruct, keyed: true, elem: arrayOf(shIssue)},

	"backlog.admin.getUsers":           arrayOf(shAdminUser),
	"backlog.admin.addUser":            shAdminUser,
	"backlog.admin.updateUser":         shAdminUser,
	"backlog.admin.deleteUser":         shAdminUser,
	"backlog.admin.getProjects":        arrayOf(shAdminProject),
	"backlog.admin.addProject":         shAdminProject,
	"backlog.admin.updateProject":      shAdminProject,
	"backlog.admin.deleteProject":      shAdminProject,
	"backlog.admin.getProjectUsers":    arrayOf(shProjectUser),
	"backlog.admin.addProjectUser":     arrayOf(shProjectUser),
	"backlog.admin.updateProjectUsers": arrayOf(shProjectUser),
	"backlog.admin.deleteProjectUser":  arrayOf(shProjectUser),
	"backlog.admin.addCustomField":     shCustomField,
	"backlog.admin.updateCustomField":  shCustomField,
	"backlog.admin.deleteCustomField":  shCustomField,
}

// legacyMethodNames returns the 49 legacy method names, sorted.
func legacyMethodNames() []string {
	names := make([]string, 0, len(legacyShapes))
	for n := range legacyShapes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// checkShape returns the problems of v against s, each prefixed by path.
func checkShape(path string, v xmlrpc.Value, s *legacyShape) []string {
	if s.anyVal {
		return nil
	}
	if s.anyOf != nil {
		var all []string
		for _, alt := range s.anyOf {
			p := checkShape(path, v, alt)
			if len(p) == 0 {
				return nil
			}
			all = append(all, p...)
		}
		return []string{path + ": matches none of the alternatives (" + strings.Join(all, "; ") + ")"}
	}
	if v.Kind() != s.kind {
		return []string{path + ": got " + v.Kind().String() + ", want " + s.kind.String()}
	}
	var probs []string
	switch s.kind {
	case xmlrpc.KindString:
		if s.pattern != nil && !s.pattern.MatchString(v.Text()) {
			probs = append(probs, path+": "+v.Text()+" does not match "+s.pattern.String())
		}
	case xmlrpc.KindArray:
		for i, it := range v.Items() {
			probs = append(probs, checkShape(path+"["+shapeItoa(i)+"]", it, s.elem)...)
		}
	case xmlrpc.KindStruct:
		if s.emptyOK && len(v.Members()) == 0 {
			return nil
		}
		if s.keyed {
			for _, m := range v.Members() {
				probs = append(probs, checkShape(path+"."+m.Name, m.Value, s.elem)...)
			}
			return probs
		}
		known := map[string]bool{}
		for _, f := range s.fields {
			known[f.name] = true
			mv, ok := v.Get(f.name)
			if !ok {
				if !f.optional {
					probs = append(probs, path+"."+f.name+": missing")
				}
				continue
			}
			probs = append(probs, checkShape(path+"."+f.name, mv, f.s)...)
		}
		seen := map[string]bool{}
		for _, m := range v.Members() {
			if !known[m.Name] {
				probs = append(probs, path+"."+m.Name+": not a §3 member")
			}
			if seen[m.Name] {
				probs = append(probs, path+"."+m.Name+": duplicate member")
			}
			seen[m.Name] = true
		}
	}
	return probs
}

func shapeItoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return shapeItoa(i/10) + digits[i%10:i%10+1]
}

// TestShapeTableCoversAll49 keeps the table honest: 34 backlog.* and 15
// backlog.admin.* names.
func TestShapeTableCoversAll49(t *testing.T) {
	var plain, admin int
	for _, n := range legacyMethodNames() {
		if strings.HasPrefix(n, "backlog.admin.") {
			admin++
		} else {
			plain++
		}
	}
	if plain != 34 || admin != 15 {
		t.Fatalf("legacyShape table has %d backlog.* and %d backlog.admin.* methods, want 34 and 15", plain, admin)
	}
}

// TestGoldenResultShapes checks every successful golden response against its
// method's §3 legacyShape, and that each of the 49 methods has at least one.
func TestGoldenResultShapes(t *testing.T) {
	for _, method := range legacyMethodNames() {
		t.Run(method, func(t *testing.T) {
			files, _ := filepath.Glob(filepath.Join("..", "testdata", method, "*.response.xml"))
			ok := 0
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				v, err := xmlrpc.DecodeResponse(strings.NewReader(string(b)), xmlrpc.DefaultLimits())
				var fault *xmlrpc.Fault
				if errors.As(err, &fault) {
					continue
				}
				if err != nil {
					t.Errorf("%s: %v", filepath.Base(f), err)
					continue
				}
				ok++
				// A case that needs earlier calls (a system.multicall ending
				// with the method) is checked on its last inner result.
				req, _ := os.ReadFile(strings.TrimSuffix(f, ".response.xml") + ".request.xml")
				if strings.Contains(string(req), "<methodName>system.multicall</methodName>") {
					if len(v.Items()) == 0 || len(v.Items()[len(v.Items())-1].Items()) != 1 {
						t.Errorf("%s: not a multicall answer ending with one result", filepath.Base(f))
						continue
					}
					v = v.Items()[len(v.Items())-1].Items()[0]
				}
				for _, p := range checkShape("result", v, legacyShapes[method]) {
					t.Errorf("%s: %s", filepath.Base(f), p)
				}
			}
			if ok == 0 {
				t.Errorf("no successful golden case in testdata/%s", method)
			}
		})
	}
}

// TestCheckShapeCatchesDifferences proves the checker fails on the kinds of
// drift it exists for.
func TestCheckShapeCatchesDifferences(t *testing.T) {
	good := xmlrpc.Struct(xmlrpc.Field("id", xmlrpc.Int(1)), xmlrpc.Field("name", xmlrpc.String("a")), xmlrpc.Field("color", xmlrpc.String("#990000")))
	if p := checkShape("r", good, shIssueType); len(p) != 0 {
		t.Fatalf("good value rejected: %v", p)
	}
	bad := []xmlrpc.Value{
		xmlrpc.Struct(xmlrpc.Field("id", xmlrpc.String("1")), xmlrpc.Field("name", xmlrpc.String("a")), xmlrpc.Field("color", xmlrpc.String("#990000"))),
		xmlrpc.Struct(xmlrpc.Field("id", xmlrpc.Int(1)), xmlrpc.Field("name", xmlrpc.String("a"))),
		xmlrpc.Struct(xmlrpc.Field("id", xmlrpc.Int(1)), xmlrpc.Field("name", xmlrpc.String("a")), xmlrpc.Field("color", xmlrpc.String("x")), xmlrpc.Field("extra", xmlrpc.Int(1))),
		xmlrpc.Array(good),
	}
	for i, b := range bad {
		if p := checkShape("r", b, shIssueType); len(p) == 0 {
			t.Errorf("bad value %d accepted", i)
		}
	}
	if p := checkShape("r", xmlrpc.String("2026-01-01"), tDate); len(p) == 0 {
		t.Error("dashed date accepted")
	}
	if p := checkShape("r", xmlrpc.Struct(), legacyShapes["backlog.getIssue"]); len(p) != 0 {
		t.Errorf("empty getIssue struct rejected: %v", p)
	}
	if p := checkShape("r", xmlrpc.Struct(), shIssue); len(p) == 0 {
		t.Error("empty issue accepted where not allowed")
	}
}

// TestListMethodsHasAll49 asks the running server, through HTTP with
// kolo/xmlrpc as the client, for system.listMethods: every one of the 49
// legacy methods must be listed (and registered exactly once in the
// registry table), with a help text that names its v2 calls.
func TestListMethodsHasAll49(t *testing.T) {
	r := newRig(t, "demo")
	var listed []string
	if err := r.kolo().Call("system.listMethods", nil, &listed); err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, n := range listed {
		have[n] = true
	}
	for _, n := range legacyMethodNames() {
		if !have[n] {
			t.Errorf("system.listMethods lacks %s", n)
		}
	}
	counts := map[string]int{}
	for _, m := range registry {
		counts[m.name]++
		if _, ok := legacyShapes[m.name]; !ok {
			t.Errorf("registry has %s, which is not a legacy method", m.name)
		}
		if !strings.Contains(m.help(), "v2:") {
			t.Errorf("%s: help text does not name its v2 calls: %q", m.name, m.help())
		}
	}
	for n, c := range counts {
		if c != 1 {
			t.Errorf("%s registered %d times", n, c)
		}
	}
	if len(counts) != 49 {
		t.Errorf("registry has %d distinct methods, want 49", len(counts))
	}
	var help string
	if err := r.kolo().Call("system.methodHelp", "backlog.getTimeline", &help); err != nil || !strings.Contains(help, "/api/v2/space/activities") {
		t.Errorf("system.methodHelp(backlog.getTimeline) = %q, %v", help, err)
	}
}
