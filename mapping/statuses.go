package mapping

import (
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// NamedID is an {id, name} pair: the legacy Priority, Status, Resolution
// and ActivityType (legacy-api.md §3.11).
type NamedID struct {
	ID   int64
	Name string
}

// NamedIDs renders pairs as an array of {id, name} structs, in the given order.
func NamedIDs(list []NamedID) xmlrpc.Value {
	return arrayOf(list, func(p NamedID) xmlrpc.Value { return idName(p.ID, p.Name) })
}

// builtinStatuses are the four statuses every v2 project has, with the same
// ids as legacy (§2.3): Japanese names, and the backlogtool.com English ones.
var builtinStatuses = [...]struct {
	id     int64
	ja, en string
}{{1, "未対応", "Open"}, {2, "処理中", "In Progress"}, {3, "処理済み", "Resolved"}, {4, "完了", "Closed"}}

// BuiltinStatuses is the getStatuses result: statuses 1-4 named in the
// space's language (lang "en" -> English names; anything else, including
// "ja" and "", -> Japanese, the language of backlog.jp where the legacy API
// lived).
func BuiltinStatuses(lang string) xmlrpc.Value {
	en := strings.EqualFold(strings.TrimSpace(lang), "en")
	list := make([]NamedID, len(builtinStatuses))
	for i, s := range builtinStatuses {
		list[i] = NamedID{ID: s.id, Name: s.ja}
		if en {
			list[i].Name = s.en
		}
	}
	return NamedIDs(list)
}

// Priorities renders the space's priorities as the getPriorities result:
// an array of {id, name} in v2's order.
func Priorities(ps []v2client.Priority) xmlrpc.Value {
	return arrayOf(ps, func(p v2client.Priority) xmlrpc.Value { return idName(p.ID, p.Name) })
}

// Resolutions renders the space's resolutions as the getResolutions
// result: an array of {id, name} in v2's order.
func Resolutions(rs []v2client.Resolution) xmlrpc.Value {
	return arrayOf(rs, func(r v2client.Resolution) xmlrpc.Value { return idName(r.ID, r.Name) })
}
