package methods

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/catalog"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// adminUpdateProjectUsers is backlog.admin.updateProjectUsers({project_id,
// user_id: int[]}) (legacy-api.md §4.45): makes the project's members
// exactly these users ([LIVE b4j]) and returns the new member list.
// Administrators only.
//
// v2 has no replace: the gateway diffs the current direct members
// (excludeGroupMembers=true: members through a team cannot be removed one by
// one and are left alone) against the wanted set, then adds the missing
// users FIRST and removes the surplus AFTER, in ascending id order — so a
// failure midway leaves the project with extra members, never without the
// wanted ones.
//
// Decision (not atomic): when a step fails after others succeeded, the
// fault (code of the failing step: e.g. -32602 for an unknown user, 520
// when the outcome of that write is unknown) says which changes were
// already applied, which one failed and which were not attempted, e.g.
// "No user.; not atomic: applied: added 5; failed: added 99; not attempted:
// removed 3,4". When the first step fails, nothing changed and the fault is
// that step's plain error.
//
// Its v2 calls are listed in its registry row (registry.go).
func (s *Service) adminUpdateProjectUsers(ctx context.Context, params []xmlrpc.Value) (xmlrpc.Value, error) {
	a, pid, err := memberArgs(params)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	want, ok, err := a.ints("user_id", "userId", "user_ids")
	if err != nil {
		return xmlrpc.Value{}, err
	}
	if !ok {
		return xmlrpc.Value{}, failure.Invalid("user_id", "required (the complete list of member user ids)")
	}
	cl, err := s.adminClient(ctx)
	if err != nil {
		return xmlrpc.Value{}, err
	}
	current, _, err := cl.Projects.ListUsers(ctx, v2client.ID(pid), true)
	if err != nil {
		return xmlrpc.Value{}, s.fail(err)
	}
	add, remove := memberDiff(current, want)
	steps := make([]memberStep, 0, len(add)+len(remove))
	for _, id := range add {
		steps = append(steps, memberStep{add: true, user: id})
	}
	for _, id := range remove {
		steps = append(steps, memberStep{user: id})
	}
	for i, st := range steps {
		if st.add {
			_, _, err = cl.Projects.AddUser(ctx, v2client.ID(pid), st.user)
		} else {
			_, _, err = cl.Projects.DeleteUser(ctx, v2client.ID(pid), st.user)
		}
		if err != nil {
			s.cat.Invalidate(catalog.ProjectUsers, pid)
			return xmlrpc.Value{}, partialFailure(s.fail(err), steps[:i], steps[i:])
		}
	}
	s.cat.Invalidate(catalog.ProjectUsers, pid)
	return s.projectMembers(ctx, cl, pid)
}

// memberStep is one add or removal of updateProjectUsers.
type memberStep struct {
	add  bool
	user int64
}

// memberDiff returns the wanted users who are not current members, in the
// order given (duplicates dropped), and the current members who are not
// wanted, in ascending id order.
func memberDiff(current []v2client.User, want []int64) (add, remove []int64) {
	cur := make(map[int64]bool, len(current))
	for _, u := range current {
		cur[u.ID] = true
	}
	wanted := make(map[int64]bool, len(want))
	for _, id := range want {
		if !wanted[id] && !cur[id] {
			add = append(add, id)
		}
		wanted[id] = true
	}
	for _, u := range current {
		if !wanted[u.ID] {
			remove = append(remove, u.ID)
		}
	}
	slices.Sort(remove)
	return add, remove
}

// partialFailure reports a failed step of a non-atomic replace: its own
// code and message, plus what was applied before it and what was not.
func partialFailure(err error, done, notDone []memberStep) error {
	if len(done) == 0 {
		return err
	}
	var fe *failure.Error
	if !errors.As(err, &fe) {
		fe = failure.Wrap(failure.Internal, err, "internal error")
	}
	describe := func(steps []memberStep) string {
		var added, removed []string
		for _, st := range steps {
			if st.add {
				added = append(added, fmt.Sprint(st.user))
			} else {
				removed = append(removed, fmt.Sprint(st.user))
			}
		}
		var parts []string
		if len(added) > 0 {
			parts = append(parts, "added "+strings.Join(added, ","))
		}
		if len(removed) > 0 {
			parts = append(parts, "removed "+strings.Join(removed, ","))
		}
		return strings.Join(parts, "; ")
	}
	msg := fmt.Sprintf("%s; not atomic: applied: %s; failed: %s", fe.Message, describe(done), describe(notDone[:1]))
	if len(notDone) > 1 {
		msg += "; not attempted: " + describe(notDone[1:])
	}
	return &failure.Error{
		Code:       fe.Code,
		Message:    msg,
		RetryAfter: fe.RetryAfter,
		Err:        err,
	}
}
