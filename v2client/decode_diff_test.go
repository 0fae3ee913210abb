package v2client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client/fake"
)

// sameDecode decodes b into a fresh value of typ with the old decoder
// (encoding/json) and the new one (decode.go) and fails unless both fail,
// or both succeed with reflect.DeepEqual results. It returns the new
// decoder's error.
func sameDecode(t *testing.T, what string, b []byte, typ reflect.Type) error {
	t.Helper()
	oldV, newV := reflect.New(typ), reflect.New(typ)
	oldErr := v2client.JSONUnmarshalV1(b, oldV.Interface())
	newErr := v2client.JSONUnmarshal(b, newV.Interface())
	if (oldErr == nil) != (newErr == nil) {
		t.Errorf("%s: %v: old err = %v, new err = %v\ninput: %q", what, typ, oldErr, newErr, b)
		return newErr
	}
	if oldErr == nil && !reflect.DeepEqual(oldV.Interface(), newV.Interface()) {
		t.Errorf("%s: %v decodes differently\nold: %+v\nnew: %+v\ninput: %q", what, typ, oldV.Elem(), newV.Elem(), b)
	}
	return newErr
}

// TestDecodeSameAsEncodingJSONFixtures: every real v2 response of the
// fixtures decodes into the same value with both decoders.
func TestDecodeSameAsEncodingJSONFixtures(t *testing.T) {
	names := make([]string, 0, len(v2client.FixtureTypes))
	for name := range v2client.FixtureTypes {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(v2client.FixtureDir, name))
		if err != nil {
			t.Fatal(err)
		}
		typ := reflect.TypeOf(v2client.FixtureTypes[name]()).Elem()
		if err := sameDecode(t, name, b, typ); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// recordingFake serves the fake and keeps the body of its last answer.
type recordingFake struct {
	f    *fake.Server
	mu   sync.Mutex
	last []byte
}

func (r *recordingFake) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	rec := httptest.NewRecorder()
	r.f.ServeHTTP(rec, req)
	r.mu.Lock()
	r.last = bytes.Clone(rec.Body.Bytes())
	r.mu.Unlock()
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	w.Write(rec.Body.Bytes())
}

func (r *recordingFake) lastBody() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

// TestDecodeSameAsEncodingJSONFake: the fake's answer to every v2 call the
// gateway makes (reads over all its seed data, and the writes) decodes into
// the same value with both decoders, and that value is what the client
// returned.
func TestDecodeSameAsEncodingJSONFake(t *testing.T) {
	rf := &recordingFake{f: fake.New(fake.DefaultSeed())}
	rf.f.CheckDocumentedParams(t)
	srv := httptest.NewServer(rf)
	defer srv.Close()
	base, err := v2client.New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer base.CloseIdleConnections()
	c := base.WithAPIKey(fakeAdminKey)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	calls := 0
	// check compares the decoders on the answer to the call just made.
	check := func(name string, got any, _ *v2client.Response, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		calls++
		if n, ok := got.(int64); ok { // the …/count endpoints answer {"count": n}
			got = &v2client.Count{Count: n}
		}
		typ := reflect.TypeOf(got)
		if typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		body := rf.lastBody()
		sameDecode(t, name, body, typ)
		want := reflect.New(typ)
		if err := v2client.JSONUnmarshalV1(body, want.Interface()); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		gotV := reflect.ValueOf(got)
		if gotV.Kind() == reflect.Pointer {
			gotV = gotV.Elem()
		}
		if !reflect.DeepEqual(want.Elem().Interface(), gotV.Interface()) {
			t.Errorf("%s: the client returned %+v, encoding/json decodes %+v", name, gotV, want.Elem())
		}
	}

	s, r, err := c.Space.Get(ctx)
	check("space", s, r, err)
	pr, r, err := c.Priorities.List(ctx)
	check("priorities", pr, r, err)
	rs, r, err := c.Resolutions.List(ctx)
	check("resolutions", rs, r, err)
	st, r, err := c.Statuses.List(ctx)
	check("statuses", st, r, err)
	rl, r, err := c.RateLimits(ctx)
	check("rateLimit", rl, r, err)
	me, r, err := c.Users.Myself(ctx)
	check("myself", me, r, err)
	users, r, err := c.Users.List(ctx)
	check("users", users, r, err)
	for _, u := range users {
		one, r, err := c.Users.Get(ctx, u.ID)
		check("user", one, r, err)
		acts, r, err := c.Users.ListActivities(ctx, u.ID, nil)
		check("user activities", acts, r, err)
	}
	acts, r, err := c.Space.ListActivities(ctx, nil)
	check("space activities", acts, r, err)
	projects, r, err := c.Projects.List(ctx, nil)
	check("projects", projects, r, err)
	for _, p := range projects {
		key := p.ProjectKey
		one, r, err := c.Projects.Get(ctx, key)
		check("project", one, r, err)
		pu, r, err := c.Projects.ListUsers(ctx, key, false)
		check("project users", pu, r, err)
		it, r, err := c.Projects.ListIssueTypes(ctx, key)
		check("issue types", it, r, err)
		cats, r, err := c.Projects.ListCategories(ctx, key)
		check("categories", cats, r, err)
		vs, r, err := c.Projects.ListVersions(ctx, key)
		check("versions", vs, r, err)
		pst, r, err := c.Projects.ListStatuses(ctx, key)
		check("project statuses", pst, r, err)
		cfs, r, err := c.Projects.ListCustomFields(ctx, key)
		check("custom fields", cfs, r, err)
		pa, r, err := c.Projects.ListActivities(ctx, key, nil)
		check("project activities", pa, r, err)
		n, r, err := c.Issues.Count(ctx, &v2client.IssueListOptions{ProjectIDs: []int64{p.ID}})
		check("issue count", n, r, err)
	}
	issues, r, err := c.Issues.List(ctx, &v2client.IssueListOptions{Count: 100})
	check("issues", issues, r, err)
	if len(issues) < 10 {
		t.Fatalf("the seed has %d issues visible, want at least 10", len(issues))
	}
	for _, is := range issues {
		one, r, err := c.Issues.Get(ctx, is.IssueKey)
		check("issue "+is.IssueKey, one, r, err)
		cs, r, err := c.Comments.List(ctx, is.IssueKey, nil)
		check("comments "+is.IssueKey, cs, r, err)
		for _, cm := range cs {
			one, r, err := c.Comments.Get(ctx, is.IssueKey, cm.ID)
			check("comment", one, r, err)
		}
		n, r, err := c.Comments.Count(ctx, is.IssueKey)
		check("comment count", n, r, err)
	}

	// The writes: their answers are entities too.
	demo := projects[0]
	types, _, err := c.Projects.ListIssueTypes(ctx, demo.ProjectKey)
	if err != nil {
		t.Fatal(err)
	}
	desc := "differential decode"
	due := v2client.NewDate(2027, 1, 31)
	hours := 1.5
	created, r, err := c.Issues.Create(ctx, &v2client.IssueCreateOptions{ProjectID: demo.ID, Summary: "decode", IssueTypeID: types[0].ID,
		PriorityID: 3, Description: &desc, DueDate: &due, EstimatedHours: &hours})
	check("create issue", created, r, err)
	sum := "decode, updated"
	updated, r, err := c.Issues.Update(ctx, created.IssueKey, &v2client.IssueUpdateOptions{Summary: &sum, DueDate: v2client.Clear[v2client.Date]()})
	check("update issue", updated, r, err)
	cm, r, err := c.Comments.Add(ctx, created.IssueKey, &v2client.CommentAddOptions{Content: "a comment"})
	check("add comment", cm, r, err)
	cat, r, err := c.Projects.AddCategory(ctx, demo.ProjectKey, "decode-cat")
	check("add category", cat, r, err)
	cat, r, err = c.Projects.UpdateCategory(ctx, demo.ProjectKey, cat.ID, "decode-cat2")
	check("update category", cat, r, err)
	cat, r, err = c.Projects.DeleteCategory(ctx, demo.ProjectKey, cat.ID)
	check("delete category", cat, r, err)
	ver, r, err := c.Projects.AddVersion(ctx, demo.ProjectKey, &v2client.VersionOptions{Name: "decode-v", StartDate: v2client.Set(v2client.NewDate(2027, 2, 1))})
	check("add version", ver, r, err)
	ver, r, err = c.Projects.DeleteVersion(ctx, demo.ProjectKey, ver.ID)
	check("delete version", ver, r, err)
	name := "decode-cf"
	cf, r, err := c.Projects.AddCustomField(ctx, demo.ProjectKey, &v2client.CustomFieldOptions{TypeID: v2client.CustomFieldMultipleList, Name: &name})
	check("add custom field", cf, r, err)
	cf, r, err = c.Projects.AddCustomFieldItem(ctx, demo.ProjectKey, cf.ID, "item")
	check("add custom field item", cf, r, err)
	cf, r, err = c.Projects.DeleteCustomField(ctx, demo.ProjectKey, cf.ID)
	check("delete custom field", cf, r, err)
	deleted, r, err := c.Issues.Delete(ctx, created.IssueKey)
	check("delete issue", deleted, r, err)
	ver, r, err = c.Projects.AddVersion(ctx, demo.ProjectKey, &v2client.VersionOptions{Name: "decode-v2"})
	check("add version 2", ver, r, err)
	ver, r, err = c.Projects.UpdateVersion(ctx, demo.ProjectKey, ver.ID, &v2client.VersionOptions{Name: "decode-v3",
		ReleaseDueDate: v2client.Set(v2client.NewDate(2027, 3, 1))})
	check("update version", ver, r, err)
	color := "#e30000"
	itName := "decode-type"
	ty, r, err := c.Projects.AddIssueType(ctx, demo.ProjectKey, &v2client.IssueTypeOptions{Name: &itName, Color: &color})
	check("add issue type", ty, r, err)
	itName = "decode-type2"
	ty, r, err = c.Projects.UpdateIssueType(ctx, demo.ProjectKey, ty.ID, &v2client.IssueTypeOptions{Name: &itName})
	check("update issue type", ty, r, err)
	ty, r, err = c.Projects.DeleteIssueType(ctx, demo.ProjectKey, ty.ID, types[0].ID)
	check("delete issue type", ty, r, err)
	unit := "pt"
	name = "decode-num"
	cf, r, err = c.Projects.AddCustomField(ctx, demo.ProjectKey, &v2client.CustomFieldOptions{TypeID: v2client.CustomFieldNumeric, Name: &name,
		Min: v2client.Set(1.5), Max: v2client.Set(10.0), Unit: v2client.Set(unit)})
	check("add numeric custom field", cf, r, err)
	desc2 := "updated"
	cf, r, err = c.Projects.UpdateCustomField(ctx, demo.ProjectKey, cf.ID, &v2client.CustomFieldOptions{Description: v2client.Set(desc2)})
	check("update custom field", cf, r, err)
	name = "decode-check"
	cf, r, err = c.Projects.AddCustomField(ctx, demo.ProjectKey, &v2client.CustomFieldOptions{TypeID: v2client.CustomFieldCheckbox, Name: &name})
	check("add checkbox custom field", cf, r, err)
	cf, r, err = c.Projects.AddCustomFieldItem(ctx, demo.ProjectKey, cf.ID, "a")
	check("add checkbox item", cf, r, err)
	cf, r, err = c.Projects.DeleteCustomFieldItem(ctx, demo.ProjectKey, cf.ID, cf.Items[0].ID)
	check("delete custom field item", cf, r, err)
	pname := "Decode project"
	np, r, err := c.Projects.Create(ctx, &v2client.ProjectCreateOptions{Name: pname, Key: "DECODE", TextFormattingRule: "markdown"})
	check("create project", np, r, err)
	pname = "Decode project 2"
	np, r, err = c.Projects.Update(ctx, np.ProjectKey, &v2client.ProjectUpdateOptions{Name: &pname})
	check("update project", np, r, err)
	nu, r, err := c.Users.Create(ctx, &v2client.UserCreateOptions{UserID: "decode", Password: "decode-pass-123", Name: "Decode",
		MailAddress: "decode@example.com", RoleType: v2client.RoleNormalUser})
	check("create user", nu, r, err)
	uname := "Decode 2"
	nu, r, err = c.Users.Update(ctx, nu.ID, &v2client.UserUpdateOptions{Name: &uname})
	check("update user", nu, r, err)
	pu, r, err := c.Projects.AddUser(ctx, np.ProjectKey, nu.ID)
	check("add project user", pu, r, err)
	pu, r, err = c.Projects.DeleteUser(ctx, np.ProjectKey, nu.ID)
	check("delete project user", pu, r, err)
	nu, r, err = c.Users.Delete(ctx, nu.ID)
	check("delete user", nu, r, err)
	np, r, err = c.Projects.Delete(ctx, np.ProjectKey)
	check("delete project", np, r, err)
	if calls < 100 {
		t.Errorf("only %d answers compared", calls)
	}
}

// malformed are v2 bodies that are broken, odd or hostile; the new decoder
// must accept and refuse the same ones as encoding/json, with equal results.
var malformed = []string{
	``, ` `, `null`, `[]`, `{}`, `"x"`, `1`, `true`, `{`, `}`, `[`, `{"id":1`, `{"id":1}x`, `{"id":1} {"id":2}`,
	`{"id":1,}`, `{"id":01}`, `{'id':1}`, `{"id":1}` + "\x00", "\ufeff{}", `{"id":"1"}`, `{"id":1.0}`, `{"id":1e2}`,
	`{"id":-0}`, `{"id":9223372036854775807}`, `{"id":9223372036854775808}`, `{"id":-9223372036854775809}`,
	`{"id":true}`, `{"id":null}`, `{"id":[]}`, `{"id":{}}`, `{"id":1,"id":2}`, `{"id":1,"id":null}`,
	`{"ID":7,"IssueKey":"K-1","SUMMARY":"s"}`, `{"issueKey":"a","ISSUEKEY":"b"}`, `{"ISSUEKEY":"b","issueKey":"a"}`,
	`{"issue_key":"x","issue-key":"y"}`, `{"\u0069ssueKey":"esc"}`, `{"iſſueKey":"long s"}`, `{"\u212aeyId":3}`,
	`{"summary":"bad \xff utf8"}`, "{\"summary\":\"raw \xc3\x28\"}", `{"summary":"\ud800"}`, `{"summary":"\u0000"}`,
	"{\"summ\xffary\":1}", `{"summary":1}`, `{"summary":null}`, `{"summary":"a","summary":"b"}`,
	`{"created":"2020-01-02T03:04:05Z"}`, `{"created":"2020-01-02T03:04:05+09:00"}`, `{"created":"2020-01-02"}`,
	`{"created":"2020-01-02T03:04:05.123456789Z"}`, `{"created":"2020-01-02t03:04:05z"}`, `{"created":"2020-01-02 03:04:05Z"}`,
	`{"created":"2020-01-02T03:04:05"}`, `{"created":"2020-01-02T24:00:00Z"}`, `{"created":"0000-01-01T00:00:00Z"}`,
	`{"created":"2020-01-02T03:04:05+24:00"}`, `{"created":"2020-01-02T03:04:05.Z"}`, `{"created":1}`, `{"created":null}`,
	`{"created":"2020-01-02T03:04:05,5Z"}`, `{"created":"+2020-01-02T03:04:05Z"}`, `{"created":"2020-1-2T3:4:5Z"}`,
	`{"dueDate":"2020-08-10"}`, `{"dueDate":"2020-08-10T00:00:00Z"}`, `{"dueDate":"2014-06-30T15:00:00Z"}`,
	`{"dueDate":"08/10/2020"}`, `{"dueDate":1}`, `{"dueDate":null}`, `{"dueDate":""}`, `{"startDate":{}}`,
	`{"estimatedHours":1.25}`, `{"estimatedHours":"1.25"}`, `{"estimatedHours":1e400}`, `{"estimatedHours":-1e-400}`,
	`{"parentIssueId":null}`, `{"parentIssueId":12}`, `{"parentIssueId":1.5}`, `{"assignee":null}`, `{"assignee":{}}`,
	`{"assignee":{"id":1,"nulabAccount":null,"lang":null}}`, `{"assignee":[]}`, `{"resolution":null}`,
	`{"category":null}`, `{"category":{}}`, `{"category":[null]}`, `{"category":[{"id":1},{"id":"2"}]}`,
	`{"priority":null}`, `{"status":{"id":2,"name":"x","extra":[1,{"a":null}]}}`, `{"unknown":{"deep":[1,2,{"x":"}"}]}}`,
	`{"customFields":null}`, `{"customFields":[]}`, `{"customFields":[null]}`, `{"customFields":[1]}`, `{"customFields":["x"]}`,
	`{"customFields":[{}]}`, `{"customFields":{}}`,
	`{"customFields":[{"id":1,"fieldTypeId":1,"name":"t","value":"text"}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":1,"name":"t","value":1}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":2,"name":"t","value":null}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":3,"name":"n","value":12.5}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":3,"name":"n","value":"12.5"}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":3,"name":"n","value":1e999}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":4,"name":"d","value":"2020-01-02T00:00:00Z"}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":4,"name":"d","value":"nope"}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":5,"name":"l","value":{"id":2,"name":"b"}}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":5,"name":"l","value":{"id":2,"name":"b","extra":1}}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":6,"name":"l","value":[]}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":6,"name":"l","value":[{"id":2},{"id":3,"name":"c"}]}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":6,"name":"l","value":[1]}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":6,"name":"l","value":"x"}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":7,"name":"c","value":[],"otherValue":null}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":7,"name":"c","value":[],"otherValue":"o"}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":7,"name":"c","value":[],"otherValue":1}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":5,"name":"c","value":null,"otherValue":"o"}]}`,
	// Unknown members of a custom-field value. Both decoders ignore them
	// (production decoding is lenient so that a
	// member Backlog adds does not fail every issue read; the strict
	// fixture test checks member names itself, strict_test.go), so these
	// are expected to decode, to equal values.
	`{"customFields":[{"id":1,"fieldTypeId":1,"name":"t","value":"x","extra":1}]}`,
	`{"customFields":[{"displayValue":"x","id":1,"fieldTypeId":5,"name":"l","value":{"id":2,"name":"b"}}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":3,"value":2,"displayValue":{"a":[1,"}"]},"\u0078":null}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":1,"value":"v","displayValue":"\ud800\xff"}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":1,"value":"v","displayValue":}]}`,
	`{"customFields":[{"id":1,"fieldTypeId":1,"value":"v","displayValue":[1,]}]}`,
	`{"customFields":[{"ID":1,"FIELDTYPEID":3,"Name":"t","VALUE":2,"OtherValue":"x"}]}`,
	`{"customFields":[{"value":2,"fieldTypeId":3}]}`,
	`{"customFields":[{"fieldTypeId":3,"value":2,"fieldTypeId":1}]}`,
	`{"customFields":[{"fieldTypeId":1,"value":"a","value":null}]}`,
	`{"customFields":[{"fieldTypeId":7,"otherValue":"a","otherValue":null}]}`,
	`{"customFields":[{"id":null,"fieldTypeId":null,"name":null,"value":null,"otherValue":null}]}`,
	`{"customFields":[{"id":1,"name":"\ud800\xff"}]}`, `{"customFields":[{"\u0076alue":"esc","fieldTypeId":1}]}`,
	`{"customFields":[{"valuſ":1}]}`, `{"customFields":[{"id":1.5}]}`,
	`{"stars":[{"id":1,"presenter":{"id":2},"created":"2020-01-02T03:04:05Z","comment":null}]}`,
	`{"attachments":[{"id":1,"createdUser":null,"created":null}]}`, `{"sharedFiles":[{"id":1,"created":"x"}]}`,
	`{"childIssueSummary":{"total":1,"closed":"1"}}`,
	// Duplicate members whose values merge in encoding/json (structs,
	// pointers, reused slice elements) or replace (custom-field values).
	`{"assignee":{"id":1},"assignee":{"name":"x"}}`, `{"assignee":{"id":1},"assignee":null}`,
	`{"status":{"id":1,"name":"a"},"status":{"name":"b"}}`, `{"status":{"id":1},"status":null}`,
	`{"category":[{"id":1,"name":"a"},{"id":2}],"category":[{"name":"b"}]}`, `{"category":[{"id":1}],"category":[]}`,
	`{"category":[{"id":1}],"category":null}`, `{"dueDate":"2020-01-02T00:00:00Z","dueDate":null}`,
	`{"customFields":[{"id":1,"fieldTypeId":6,"value":[{"id":1}]}],"customFields":[{"fieldTypeId":6}]}`,
	`{"customFields":[{"id":1},{"id":2}],"customFields":[{"id":3}]}`, `{"customFields":[{"id":1}],"customFields":[null]}`,
	`{"stars":[{"id":1,"presenter":{"id":2,"name":"p"}}],"stars":[{"presenter":{"userId":"u"}}]}`,
	`{"createdUser":{"nulabAccount":{"nulabId":"a"}},"createdUser":{"nulabAccount":{"name":"b"}}}`,
	`{"childIssueSummary":{"total":1},"childIssueSummary":{"closed":2}}`,
	// Activities (content kept raw and typed by hand).
	`{"type":2,"content":{"id":1,"comment":{"id":1,"content":"c"}},"content":{"summary":"s"}}`,
	`{"type":15,"content":{"comment":"text","users":[{"id":1}],"group_project_activities":[]}}`, `{"content":null}`,
	`{"content":{"comment":1}}`, `{"content":{"version":"x"}}`, `{"content":{"version":3,"diff":null,"content":"w"}}`,
	`{"content":{"comment":"a","comment":{"id":1}}}`, `{"content":{"changes":[{"field":"status","new_value":"4"}],"CHANGES":null}}`,
	`{"content":[]}`, `{"content":"x"}`, `{"notifications":[{"a":1},null],"project":{"projectKey":"P"}}`,
	// Custom-field definitions (min/max typed by typeId). The unknown
	// members (extra, x, displayValue, a nested one in an item) are ignored
	// by both decoders, as everywhere else (see
	// the custom-field values above), so they decode to equal values; a
	// malformed value of an unknown member still fails on both.
	`{"typeId":3,"min":1.5,"max":null,"unit":"pt"}`, `{"typeId":4,"min":"2020-01-02T00:00:00Z","max":"x"}`,
	`{"typeId":4,"initialDate":{"id":3,"date":"2020-01-02T00:00:00Z","shift":null}}`, `{"typeId":5,"items":[{"id":1,"x":2}]}`,
	`{"typeId":5,"extra":1}`, `{"typeId":3,"min":"1"}`, `{"TYPEID":4,"MIN":"2020-01-02"}`,
	`{"id":1,"typeId":1,"name":"t","displayValue":"x"}`, `{"typeId":3,"displayValue":{"min":"x"},"min":2}`,
	`{"typeId":3,"displayValue":[}`,
	`[{"id":1},{"id":2}]`, `[{"id":1},null]`, `[{"id":1},]`, `[1]`, `[{"customFields":[{"fieldTypeId":9,"value":[]}]}]`,
}

// decodeTargets are the types compared on the malformed inputs and by the fuzz target.
var decodeTargets = []reflect.Type{
	reflect.TypeFor[v2client.Issue](), reflect.TypeFor[[]v2client.Issue](), reflect.TypeFor[v2client.CustomFieldValue](),
	reflect.TypeFor[v2client.CustomField](), reflect.TypeFor[v2client.Comment](), reflect.TypeFor[v2client.Activity](),
	reflect.TypeFor[v2client.Version](), reflect.TypeFor[v2client.User](), reflect.TypeFor[v2client.Project](),
	reflect.TypeFor[v2client.Space](), reflect.TypeFor[v2client.Count](), reflect.TypeFor[v2client.Date](),
}

// TestDecodeSameAsEncodingJSONMalformed compares the decoders on the
// malformed inputs, into every target type, and on each custom-field value
// alone.
func TestDecodeSameAsEncodingJSONMalformed(t *testing.T) {
	for i, in := range malformed {
		for _, typ := range decodeTargets {
			sameDecode(t, fmt.Sprintf("malformed[%d]", i), []byte(in), typ)
		}
		// The custom-field values alone (a CustomFieldValue's own input).
		var outer struct{ CustomFields []json.RawMessage }
		if json.Unmarshal([]byte(in), &outer) == nil {
			for _, cf := range outer.CustomFields {
				sameDecode(t, fmt.Sprintf("malformed[%d] value", i), cf, reflect.TypeFor[v2client.CustomFieldValue]())
			}
		}
	}
}

// TestDecodeMemberNames pins the member-name rule (README, "JSON
// decoding"): exact names, else case-insensitive (as encoding/json);
// '_' and '-' count; the last duplicate wins.
func TestDecodeMemberNames(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{`{"issueKey":"A-1"}`, "A-1"},
		{`{"ISSUEKEY":"A-2"}`, "A-2"},
		{`{"IssueKey":"A-3"}`, "A-3"},
		{`{"issue_key":"A-4"}`, ""},
		{`{"issueKey":"A-5","ISSUEKEY":"A-6"}`, "A-6"},
		{`{"issueKey":"A-7","issueKey":"A-8"}`, "A-8"},
		{`{"iſſueKey":"A-9"}`, "A-9"}, // ſ (U+017F) folds to s, as in encoding/json
	}
	for _, tt := range tests {
		var is v2client.Issue
		if err := v2client.JSONUnmarshal([]byte(tt.in), &is); err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if is.IssueKey != tt.want {
			t.Errorf("%s: issueKey %q, want %q", tt.in, is.IssueKey, tt.want)
		}
	}
	// An unknown member of a custom-field value is ignored (it was refused
	// until production decoding became lenient: a member Backlog adds must
	// not fail every issue read; the strict fixture test notices it with
	// its own checker, strict_test.go). The name still does not match
	// anything case-insensitively by accident.
	var v v2client.CustomFieldValue
	if err := v2client.JSONUnmarshal([]byte(`{"id":1,"fieldTypeId":1,"name":"a","value":"x","surprise":true,"VALUES":"y"}`), &v); err != nil ||
		v.Text == nil || *v.Text != "x" || v.Name != "a" {
		t.Errorf("unknown custom-field value member: %+v, err = %v; want it ignored", v, err)
	}
}

// FuzzDecodeIssue compares the new decoder with encoding/json on arbitrary
// bodies, into the issue and the other target types.
//
//	go test ./v2client -run '^$' -fuzz FuzzDecodeIssue -fuzztime 20s
func FuzzDecodeIssue(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(v2client.FixtureDir, "*.json"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 16<<10 {
			f.Add(b)
		}
	}
	f.Add(fakeBody(f, fake.New(fake.DefaultSeed()), "/api/v2/issues/DEMO-1"))
	for _, in := range malformed {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, typ := range decodeTargets {
			sameDecode(t, "fuzz", b, typ)
		}
		sameParseDate(t, string(b))
	})
}

// sameParseDate checks ParseDate (which tries yyyy-MM-dd only on 10-byte
// strings) against the rule it implements: yyyy-MM-dd, else RFC 3339.
func sameParseDate(t *testing.T, s string) {
	t.Helper()
	var want v2client.Date
	var wantErr error
	if d, err := time.Parse(v2client.DateLayout, s); err == nil {
		want = v2client.DateAt(d)
	} else if d, err := time.Parse(time.RFC3339, s); err == nil {
		want = v2client.DateAt(d)
	} else {
		wantErr = err
	}
	got, err := v2client.ParseDate(s)
	if (err == nil) != (wantErr == nil) || got != want {
		t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", s, got, err, want, wantErr)
	}
}

// TestParseDateLengthGuard: skipping the yyyy-MM-dd attempt for strings
// that are not 10 bytes long changes no answer.
func TestParseDateLengthGuard(t *testing.T) {
	for _, s := range []string{
		"2020-08-10", "2020-8-10", "2020-08-1", "02020-08-10", "+2020-08-10", " 2020-08-10", "2020-08-10 ",
		"2020-08-10T00:00:00Z", "2014-06-30T15:00:00Z", "2020-08-10T00:00:00+09:00", "2020-02-30", "2020/08/10",
		"", "x", "2020-08-10Z", "2020-08-10T00:00:00.5Z", "９９９９-01-01",
	} {
		sameParseDate(t, s)
	}
}
