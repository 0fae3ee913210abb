package fake

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
)

// TestProjectListRules checks the rules the five project lists (issue
// types, categories, versions, statuses, custom fields) share through
// projectList: listing in stored order, the :id path variable (garbage
// and unknown ids are 404 code 6 "No <what>."), project-administrator
// writes (403 code 5 otherwise), blank and taken names (400 code 7), and
// renaming an entry to its own name.
func TestProjectListRules(t *testing.T) {
	lists := []struct {
		path   string
		what   string
		ids    []int64    // the DEMO seed's entries, in order
		entry  int64      // the one renamed (statuses: the custom one)
		own    string     // its name
		taken  string     // the name of another entry
		create url.Values // a POST form without its name
	}{
		{"issueTypes", "issue type", []int64{101, 102, 103, 104}, 101, "バグ", "タスク", form("color", "#e30000")},
		{"categories", "category", []int64{111, 112, 113}, 111, "画面", "サーバー", form()},
		{"versions", "version", []int64{121, 122, 123}, 121, "v1.0", "お披露目パーティ", form()},
		{"statuses", "status", []int64{1, 2, 100, 3, 4}, 100, "レビュー待ち", "未対応", form("color", "#ea2c00")},
		{"customFields", "custom field", []int64{131, 132, 133, 134, 135, 136, 137, 138}, 131, "再現環境", "再現手順", form("typeId", "1")},
	}
	for _, l := range lists {
		t.Run(l.path, func(t *testing.T) {
			e := newEnv(t)
			base := "/api/v2/projects/DEMO/" + l.path
			one := base + "/" + itoa(l.entry)

			r := e.do("GET", base, keyViewer, nil)
			var got []struct {
				ID int64 `json:"id"`
			}
			r.json(t, &got)
			var ids []int64
			for _, g := range got {
				ids = append(ids, g.ID)
			}
			if r.status != http.StatusOK || !slices.Equal(ids, l.ids) {
				t.Errorf("GET: %d %v, want 200 %v", r.status, ids, l.ids)
			}

			for _, c := range []struct {
				name    string
				method  string
				path    string
				key     string
				form    url.Values
				status  int
				code    int
				message string
			}{
				{"garbage id", "PATCH", base + "/abc", keyDemo, form("name", "x"), 404, 6, "No " + l.what + "."},
				{"unknown id", "PATCH", base + "/999999", keyDemo, form("name", "x"), 404, 6, "No " + l.what + "."},
				{"garbage id on DELETE", "DELETE", base + "/abc", keyDemo, nil, 404, 6, "No " + l.what + "."},
				{"not a project administrator", "PATCH", one, keyYamada, form("name", "x"), 403, 5, ""},
				{"blank name", "PATCH", one, keyDemo, form("name", "  "), 400, 7, "Please specify name."},
				{"taken name on PATCH", "PATCH", one, keyDemo, form("name", l.taken), 400, 7, "The " + l.what + " name is already used: " + l.taken},
				{"taken name on POST", "POST", base, keyDemo, withName(l.create, l.taken), 400, 7, "The " + l.what + " name is already used: " + l.taken},
				{"own name", "PATCH", one, keyDemo, form("name", l.own), 200, 0, ""},
			} {
				r := e.do(c.method, c.path, c.key, c.form)
				if r.status != c.status {
					t.Errorf("%s: status %d, want %d (%s)", c.name, r.status, c.status, r.body)
					continue
				}
				if c.code == 0 {
					continue
				}
				code, msg := r.errItem(t)
				if code != c.code || (c.message != "" && msg != c.message) {
					t.Errorf("%s: error %d %q, want %d %q", c.name, code, msg, c.code, c.message)
				}
			}
		})
	}
}

// withName is f plus name.
func withName(f url.Values, name string) url.Values {
	out := url.Values{"name": {name}}
	for k, vs := range f {
		out[k] = vs
	}
	return out
}

// errItem returns the code and message of the first Backlog error.
func (r resp) errItem(t *testing.T) (int, string) {
	t.Helper()
	var b struct {
		Errors []struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	r.json(t, &b)
	if len(b.Errors) == 0 {
		return 0, ""
	}
	return b.Errors[0].Code, b.Errors[0].Message
}

// TestCustomFieldItemRules checks the item endpoints of custom fields:
// only list fields (types 5-8) have items, item ids resolve in the field,
// names are required and unique, and every answer is the whole definition.
func TestCustomFieldItemRules(t *testing.T) {
	e := newEnv(t)
	const base = "/api/v2/projects/DEMO/customFields/"
	for _, c := range []struct {
		name    string
		method  string
		path    string
		form    url.Values
		status  int
		code    int
		message string
	}{
		{"text field has no items (POST)", "POST", base + "131/items", form("name", "x"), 400, 7, "The custom field has no list items."},
		{"text field has no items (PATCH)", "PATCH", base + "131/items/1", form("name", "x"), 400, 7, "The custom field has no list items."},
		{"text field has no items (DELETE)", "DELETE", base + "131/items/1", nil, 400, 7, "The custom field has no list items."},
		{"unknown field", "POST", base + "999/items", form("name", "x"), 404, 6, "No custom field."},
		{"garbage item id", "PATCH", base + "135/items/x", form("name", "x"), 404, 6, "No item."},
		{"unknown item", "DELETE", base + "135/items/999", nil, 404, 6, "No item."},
		{"name required", "PATCH", base + "135/items/1", form("name", " "), 400, 7, "Please specify name."},
		{"not a project administrator", "POST", base + "135/items", form("name", "新"), 403, 5, ""},
		{"added", "POST", base + "135/items", form("name", "新"), 200, 0, ""},
		{"taken name", "POST", base + "135/items", form("name", "新"), 400, 7, "The item name is already used: 新"},
	} {
		key := keyDemo
		if c.status == 403 {
			key = keyYamada
		}
		r := e.do(c.method, c.path, key, c.form)
		if r.status != c.status {
			t.Errorf("%s: status %d, want %d (%s)", c.name, r.status, c.status, r.body)
			continue
		}
		if c.code == 0 {
			var cf struct {
				ID    int64 `json:"id"`
				Items []struct {
					Name string `json:"name"`
				} `json:"items"`
			}
			r.json(t, &cf)
			if cf.ID != 135 || len(cf.Items) == 0 || cf.Items[len(cf.Items)-1].Name != "新" {
				t.Errorf("%s: answer %s, want field 135 ending with item 新", c.name, r.body)
			}
			continue
		}
		code, msg := r.errItem(t)
		if code != c.code || (c.message != "" && msg != c.message) {
			t.Errorf("%s: error %d %q, want %d %q", c.name, code, msg, c.code, c.message)
		}
	}
}
