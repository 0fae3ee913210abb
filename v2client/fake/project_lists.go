package fake

import (
	"net/http"
	"slices"
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// projectList describes one of the named lists a project owns (issue
// types, categories, versions, statuses, custom fields), so that the
// steps every endpoint of those lists repeats are written once: list them
// (get), take the lock and resolve the project and the :id entry as a
// project administrator (add, change), refuse a blank or taken name
// (checkName, applyName), remove an entry. Each endpoint keeps only what
// is its own.
type projectList[T any] struct {
	what    string                   // "issue type": names the entry in error messages
	of      func(*project) *[]*T     // the project's list
	key     func(*T) (int64, string) // an entry's id and name
	setName func(*T, string)         // renames an entry
	clone   func(*T) T               // an entry copied into an answer
}

// copyOf copies an entry that holds no slices of its own.
func copyOf[T any](e *T) T { return *e }

var (
	issueTypes = projectList[v2client.IssueType]{what: "issue type",
		of:      func(p *project) *[]*v2client.IssueType { return &p.issueTypes },
		key:     func(t *v2client.IssueType) (int64, string) { return t.ID, t.Name },
		setName: func(t *v2client.IssueType, name string) { t.Name = name },
		clone:   copyOf[v2client.IssueType]}
	categories = projectList[v2client.Category]{what: "category",
		of:      func(p *project) *[]*v2client.Category { return &p.categories },
		key:     func(t *v2client.Category) (int64, string) { return t.ID, t.Name },
		setName: func(t *v2client.Category, name string) { t.Name = name },
		clone:   copyOf[v2client.Category]}
	versions = projectList[v2client.Version]{what: "version",
		of:      func(p *project) *[]*v2client.Version { return &p.versions },
		key:     func(t *v2client.Version) (int64, string) { return t.ID, t.Name },
		setName: func(t *v2client.Version, name string) { t.Name = name },
		clone:   copyOf[v2client.Version]}
	statuses = projectList[v2client.Status]{what: "status",
		of:      func(p *project) *[]*v2client.Status { return &p.statuses },
		key:     func(t *v2client.Status) (int64, string) { return t.ID, t.Name },
		setName: func(t *v2client.Status, name string) { t.Name = name },
		clone:   copyOf[v2client.Status]}
	customFields = projectList[v2client.CustomField]{what: "custom field",
		of:      func(p *project) *[]*v2client.CustomField { return &p.customFields },
		key:     func(t *v2client.CustomField) (int64, string) { return t.ID, t.Name },
		setName: func(t *v2client.CustomField, name string) { t.Name = name },
		clone:   copyCustomField}
)

// find returns the entry of p with that id, or nil (lock held).
func (l projectList[T]) find(p *project, id int64) *T {
	for _, e := range *l.of(p) {
		if eid, _ := l.key(e); eid == id {
			return e
		}
	}
	return nil
}

// nameOf is the name of p's entry with that id, or "" (lock held).
func (l projectList[T]) nameOf(p *project, id int64) string {
	if e := l.find(p, id); e != nil {
		_, name := l.key(e)
		return name
	}
	return ""
}

// namesOf joins the names of p's entries with those ids with ", ",
// leaving out unknown ids (lock held).
func (l projectList[T]) namesOf(p *project, ids []int64) string {
	var out []string
	for _, id := range ids {
		if e := l.find(p, id); e != nil {
			_, name := l.key(e)
			out = append(out, name)
		}
	}
	return strings.Join(out, ", ")
}

// get is the handler of GET /projects/:projectIdOrKey/<list>: the entries
// in their stored order, to anyone who can see the project.
func (l projectList[T]) get(s *Server) handlerFunc {
	return func(c *call) (int, any, error) {
		st := s.st
		st.mu.RLock()
		defer st.mu.RUnlock()
		p, err := s.visibleProject(c, 0)
		if err != nil {
			return 0, nil, err
		}
		list := *l.of(p)
		out := make([]T, 0, len(list))
		for _, e := range list {
			out = append(out, l.clone(e))
		}
		return http.StatusOK, out, nil
	}
}

// checkName refuses (400 code 7) a name another entry of p (any but the
// one with id except) already has.
func (l projectList[T]) checkName(p *project, name string, except int64) error {
	for _, e := range *l.of(p) {
		if id, n := l.key(e); n == name && id != except {
			return errInvalid("The " + l.what + " name is already used: " + name)
		}
	}
	return nil
}

// applyName applies the optional name of a PATCH to e: a blank name, or
// one checkName refuses, is 400 code 7.
func (l projectList[T]) applyName(c *call, p *project, e *T) error {
	if !c.has("name") {
		return nil
	}
	name := c.str("name")
	if strings.TrimSpace(name) == "" {
		return errInvalid("Please specify name.")
	}
	id, _ := l.key(e)
	if err := l.checkName(p, name, id); err != nil {
		return err
	}
	l.setName(e, name)
	return nil
}

// remove deletes the entry with that id from p's list.
func (l projectList[T]) remove(p *project, id int64) {
	list := l.of(p)
	*list = slices.DeleteFunc(*list, func(e *T) bool { eid, _ := l.key(e); return eid == id })
}

// nextOrder is one more than the highest display order of list (0 when
// empty): where a new entry goes.
func nextOrder[T any](list []*T, order func(*T) int64) int64 {
	var n int64
	for _, e := range list {
		if o := order(e) + 1; o > n {
			n = o
		}
	}
	return n
}

// add is the body of a POST of a new entry named name (validated by the
// caller): with the write lock held, it resolves the project of path
// variable 0 as its administrator, refuses a name an entry of it already
// has, lets build make the entry (id included), appends it and answers it.
func (l projectList[T]) add(s *Server, c *call, name string, build func(p *project) (*T, error)) (int, any, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	p, err := s.adminProject(c, 0)
	if err != nil {
		return 0, nil, err
	}
	if err := l.checkName(p, name, 0); err != nil {
		return 0, nil, err
	}
	e, err := build(p)
	if err != nil {
		return 0, nil, err
	}
	list := l.of(p)
	*list = append(*list, e)
	return http.StatusOK, l.clone(e), nil
}

// change is the body of a PATCH or DELETE of one entry (and of the item
// writes of a custom field): with the write lock held, it resolves the
// project of path variable 0 as its administrator and the entry of path
// variable 1 (an unknown or malformed id is 404 "No <what>."), lets apply
// change or remove it, and answers the entry as it is then.
func (l projectList[T]) change(s *Server, c *call, apply func(p *project, e *T) error) (int, any, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	p, err := s.adminProject(c, 0)
	if err != nil {
		return 0, nil, err
	}
	id, err := pathEntityID(c, 1, l.what)
	if err != nil {
		return 0, nil, err
	}
	e := l.find(p, id)
	if e == nil {
		return 0, nil, errNotFound("No " + l.what + ".")
	}
	if err := apply(p, e); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, l.clone(e), nil
}
