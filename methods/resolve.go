package methods

import (
	"context"
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// Name -> id resolution through the catalog (legacy-api.md §2.4). Names are
// matched exactly, then ignoring case and surrounding spaces. A name that
// is not in the cached list triggers one refresh of that list (it may have
// been added since), then an InvalidParams fault naming the member.

// named is an entity with an id and a name.
type named struct {
	id   int64
	name string
}

// matchName returns the id of name in list.
func matchName(list []named, name string) (int64, bool) {
	for _, n := range list {
		if n.name == name {
			return n.id, true
		}
	}
	t := strings.TrimSpace(name)
	for _, n := range list {
		if strings.EqualFold(strings.TrimSpace(n.name), t) {
			return n.id, true
		}
	}
	return 0, false
}

// resolveNames maps names to ids with a list loader; on a miss the list is
// invalidated and loaded once more.
func (s *Service) resolveNames(kind catalog.Kind, projectID int64, member string, names []string, load func() ([]named, error)) ([]int64, error) {
	list, err := load()
	if err != nil {
		return nil, s.fail(err)
	}
	ids := make([]int64, 0, len(names))
	refreshed := false
	for _, n := range names {
		id, ok := matchName(list, n)
		if !ok && !refreshed {
			refreshed = true
			s.cat.Invalidate(kind, projectID)
			if list, err = load(); err != nil {
				return nil, s.fail(err)
			}
			id, ok = matchName(list, n)
		}
		if !ok {
			return nil, failure.Invalid(member, "no %s named %q", kindNoun(kind), clip(n))
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func kindNoun(k catalog.Kind) string {
	switch k {
	case catalog.IssueTypes:
		return "issue type"
	case catalog.Categories:
		return "component"
	case catalog.Versions:
		return "version"
	case catalog.Priorities:
		return "priority"
	}
	return k.String()
}

// projectNames returns the loader of a project's names of kind (issue
// types, categories, versions/milestones: one list), read through the
// catalog (a call only when cold).
func (s *Service) projectNames(ctx context.Context, cl *v2client.Client, kind catalog.Kind) func(projectID int64) ([]named, error) {
	switch kind {
	case catalog.IssueTypes:
		return func(p int64) ([]named, error) {
			l, err := s.cat.IssueTypes(ctx, cl, p)
			return namedOf(l, func(x v2client.IssueType) named { return named{x.ID, x.Name} }), err
		}
	case catalog.Categories:
		return func(p int64) ([]named, error) {
			l, err := s.cat.Categories(ctx, cl, p)
			return namedOf(l, func(x v2client.Category) named { return named{x.ID, x.Name} }), err
		}
	case catalog.Versions:
		return func(p int64) ([]named, error) {
			l, err := s.cat.Versions(ctx, cl, p)
			return namedOf(l, func(x v2client.Version) named { return named{x.ID, x.Name} }), err
		}
	}
	return func(int64) ([]named, error) {
		return nil, failure.New(failure.Internal, "no name list for %s", kind)
	}
}

// namedIDs resolves names of kind (issue types, components, versions or
// milestones) in a project.
func (s *Service) namedIDs(ctx context.Context, cl *v2client.Client, kind catalog.Kind, projectID int64, member string, names []string) ([]int64, error) {
	load := s.projectNames(ctx, cl, kind)
	return s.resolveNames(kind, projectID, member, names, func() ([]named, error) { return load(projectID) })
}

// namedOf converts a catalog list to (id, name) pairs.
func namedOf[T any](l []T, f func(T) named) []named {
	out := make([]named, len(l))
	for i, x := range l {
		out[i] = f(x)
	}
	return out
}

// priorityAliases are the English names of the fixed priorities
// (backlogtool.com), accepted besides the space's own names.
var priorityAliases = map[string]int64{"high": 2, "normal": 3, "medium": 3, "low": 4}

// priorityIDs resolves priority names (the space's names such as 高/中/低,
// or High/Normal/Low).
func (s *Service) priorityIDs(ctx context.Context, cl *v2client.Client, member string, names []string) ([]int64, error) {
	return s.resolveNames(catalog.Priorities, 0, member, names, func() ([]named, error) {
		l, err := s.cat.Priorities(ctx, cl)
		out := make([]named, 0, len(l)+len(priorityAliases))
		for _, x := range l {
			out = append(out, named{x.ID, x.Name})
		}
		for _, a := range []string{"high", "normal", "medium", "low"} {
			out = append(out, named{priorityAliases[a], a})
		}
		return out, err
	})
}

// idsOrNames reads an id-or-name pair (componentId/component, ...): ids
// from idMember (int or int[]; digits as strings), names from nameMember
// (string or string[]) resolved with resolve. Both given is InvalidParams,
// as node and py refuse it client-side. present is false when neither was
// sent.
func idsOrNames(a args, idMembers, nameMembers []string, resolve func(member string, names []string) ([]int64, error)) (ids []int64, present bool, err error) {
	hasID, hasName := a.has(idMembers...), a.has(nameMembers...)
	if hasID && hasName {
		return nil, false, failure.Invalid(idMembers[0], "give %s or %s, not both", idMembers[0], nameMembers[0])
	}
	if hasID {
		ids, _, err := a.ints(idMembers...)
		return ids, err == nil, err
	}
	if hasName {
		names, _, err := a.strs(nameMembers...)
		if err != nil {
			return nil, false, err
		}
		if len(names) == 0 {
			return []int64{}, true, nil
		}
		ids, err := resolve(nameMembers[0], names)
		return ids, err == nil, err
	}
	return nil, false, nil
}
