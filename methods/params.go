package methods

import (
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/failure"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/mapping"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// Parameter helpers. They implement the legacy conventions once
// (legacy-api.md §1.4, §2.1, §2.4, §2.6):
//   - positional or struct: scalarArg takes a bare scalar or the named member
//     of a struct; structArgs takes a struct or builds one from positional
//     params (py 0.2.0 sent addComponent(project_id, name));
//   - spelling variants: every getter takes several names (project_id,
//     projectId) and uses the first one present;
//   - types by lexical text: digits sent as <string>, Perl's <int> dates and
//     <double> names (Value.Text keeps "1.0" as written);
//   - <nil/> is absent, unknown members are ignored, an empty string on an
//     optional update member means "clear" (see args.clear);
//   - a missing or malformed required member is failure.Invalid naming it.

// args is the struct parameter of a call.
type args struct{ v xmlrpc.Value }

// structArgs returns the call's struct parameter. When the first param is
// not a struct, the positional params are named with positional (in order)
// so that old positional forms work too. No params at all is an empty
// struct (every required member then reports itself missing).
func structArgs(params []xmlrpc.Value, positional ...string) (args, error) {
	if len(params) == 0 {
		return args{v: xmlrpc.Struct()}, nil
	}
	if params[0].Kind() == xmlrpc.KindStruct {
		return args{v: params[0]}, nil
	}
	if len(positional) == 0 {
		return args{}, failure.New(failure.InvalidParams, "expected a struct parameter, got %s", params[0].Kind())
	}
	var ms []xmlrpc.Member
	for i, p := range params {
		if i >= len(positional) {
			break
		}
		ms = append(ms, xmlrpc.Field(positional[i], p))
	}
	return args{v: xmlrpc.Struct(ms...)}, nil
}

// scalarArg returns the single identifying parameter of a call: the first
// param itself, or, when it is a struct, its first present member among
// names (py once sent getComponents({projectId})). Missing: Invalid.
func scalarArg(params []xmlrpc.Value, names ...string) (xmlrpc.Value, error) {
	if memberRead != nil {
		memberRead(names)
	}
	if len(params) == 0 || params[0].Absent() {
		return xmlrpc.Value{}, failure.Invalid(names[0], "required")
	}
	if params[0].Kind() == xmlrpc.KindStruct {
		a := args{v: params[0]}
		v, _, ok := a.get(names...)
		if !ok {
			return xmlrpc.Value{}, failure.Invalid(names[0], "required")
		}
		return v, nil
	}
	return params[0], nil
}

// memberRead, when set (by tests only), is told every group of member names
// a handler asks for, so the registry's parameter rows can be checked
// against what the handlers really read (TestRegistryParamsMatchHandlers).
var memberRead func(names []string)

// get returns the first present member among names and the name found.
func (a args) get(names ...string) (xmlrpc.Value, string, bool) {
	if memberRead != nil {
		memberRead(names)
	}
	for _, n := range names {
		if v, ok := a.v.Get(n); ok {
			return v, n, true
		}
	}
	return xmlrpc.Value{}, names[0], false
}

// has reports whether any of names is present.
func (a args) has(names ...string) bool {
	_, _, ok := a.get(names...)
	return ok
}

// clear reports whether the first present member among names is an empty
// string (or an empty <value></value>, which b4j sends for a Java null):
// on an optional update member that means "clear this field" (§2.6).
func (a args) clear(names ...string) bool {
	v, _, ok := a.get(names...)
	return ok && v.Kind() == xmlrpc.KindString && strings.TrimSpace(v.Text()) == ""
}

// toInt coerces one value to an id or number (int, digits in a string,
// integral double).
func toInt(member string, v xmlrpc.Value) (int64, error) {
	i, err := v.AsInt()
	if err != nil {
		return 0, failure.Invalid(member, "expected an integer, got %s %q", v.Kind(), clip(v.Text()))
	}
	return i, nil
}

// int returns an optional integer member.
func (a args) int(names ...string) (int64, bool, error) {
	v, n, ok := a.get(names...)
	if !ok {
		return 0, false, nil
	}
	i, err := toInt(n, v)
	return i, err == nil, err
}

// reqInt returns a required integer member.
func (a args) reqInt(names ...string) (int64, error) {
	i, ok, err := a.int(names...)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, failure.Invalid(names[0], "required")
	}
	return i, nil
}

// toString returns the lexical text of a scalar (Perl sends names that look
// like numbers as <int>/<double>; the text is kept as written).
func toString(member string, v xmlrpc.Value) (string, error) {
	s, err := v.AsString()
	if err != nil {
		return "", failure.Invalid(member, "expected a string, got %s", v.Kind())
	}
	return s, nil
}

// str returns an optional string member.
func (a args) str(names ...string) (string, bool, error) {
	v, n, ok := a.get(names...)
	if !ok {
		return "", false, nil
	}
	s, err := toString(n, v)
	return s, err == nil, err
}

// reqStr returns a required, non-blank string member.
func (a args) reqStr(names ...string) (string, error) {
	s, ok, err := a.str(names...)
	if err != nil {
		return "", err
	}
	if !ok || strings.TrimSpace(s) == "" {
		return "", failure.Invalid(names[0], "required")
	}
	return s, nil
}

// ints returns an optional int-or-array member as a list.
func (a args) ints(names ...string) ([]int64, bool, error) {
	v, n, ok := a.get(names...)
	if !ok {
		return nil, false, nil
	}
	l, err := intList(n, v)
	return l, err == nil, err
}

// intList coerces a scalar or an array of scalars to ids.
func intList(member string, v xmlrpc.Value) ([]int64, error) {
	if v.Kind() != xmlrpc.KindArray {
		i, err := toInt(member, v)
		if err != nil {
			return nil, err
		}
		return []int64{i}, nil
	}
	out := make([]int64, 0, len(v.Items()))
	for _, it := range v.Items() {
		if it.Absent() {
			continue
		}
		i, err := toInt(member, it)
		if err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, nil
}

// strs returns an optional string-or-array member as a list.
func (a args) strs(names ...string) ([]string, bool, error) {
	v, n, ok := a.get(names...)
	if !ok {
		return nil, false, nil
	}
	if v.Kind() != xmlrpc.KindArray {
		s, err := toString(n, v)
		if err != nil {
			return nil, false, err
		}
		return []string{s}, true, nil
	}
	out := make([]string, 0, len(v.Items()))
	for _, it := range v.Items() {
		if it.Absent() {
			continue
		}
		s, err := toString(n, it)
		if err != nil {
			return nil, false, err
		}
		out = append(out, s)
	}
	return out, true, nil
}

// double returns an optional number member (double, int, or numeric text
// such as b4j's "10.50").
func (a args) double(names ...string) (float64, bool, error) {
	v, n, ok := a.get(names...)
	if !ok {
		return 0, false, nil
	}
	f, err := v.AsDouble()
	if err != nil {
		return 0, false, failure.Invalid(n, "expected a number, got %s %q", v.Kind(), clip(v.Text()))
	}
	return f, true, nil
}

// bool returns an optional boolean member (<boolean>, <int> 0/1, "true").
func (a args) bool(names ...string) (bool, bool, error) {
	v, n, ok := a.get(names...)
	if !ok {
		return false, false, nil
	}
	b, err := v.AsBool()
	if err != nil {
		return false, false, failure.Invalid(n, "expected a boolean, got %s %q", v.Kind(), clip(v.Text()))
	}
	return b, true, nil
}

// date returns an optional YYYYMMDD member (string, or Perl's <int>).
func (a args) date(names ...string) (v2client.Date, bool, error) {
	v, n, ok := a.get(names...)
	if !ok {
		return v2client.Date{}, false, nil
	}
	d, err := toDate(n, v)
	return d, err == nil, err
}

func toDate(member string, v xmlrpc.Value) (v2client.Date, error) {
	s, err := toString(member, v)
	if err != nil {
		return v2client.Date{}, err
	}
	d, err := mapping.ParseDate(s)
	if err != nil {
		return v2client.Date{}, failure.Invalid(member, "%v", err)
	}
	return d, nil
}

// optInt is an optional update member with "clear" support: absent ->
// unset, "" -> Clear, otherwise Set.
func (a args) optInt(names ...string) (v2client.Optional[int64], error) {
	if a.clear(names...) {
		return v2client.Clear[int64](), nil
	}
	i, ok, err := a.int(names...)
	if err != nil || !ok {
		return v2client.Optional[int64]{}, err
	}
	return v2client.Set(i), nil
}

// optDouble is optInt for numbers.
func (a args) optDouble(names ...string) (v2client.Optional[float64], error) {
	if a.clear(names...) {
		return v2client.Clear[float64](), nil
	}
	f, ok, err := a.double(names...)
	if err != nil || !ok {
		return v2client.Optional[float64]{}, err
	}
	return v2client.Set(f), nil
}

// optDate is optInt for dates.
func (a args) optDate(names ...string) (v2client.Optional[v2client.Date], error) {
	if a.clear(names...) {
		return v2client.Clear[v2client.Date](), nil
	}
	d, ok, err := a.date(names...)
	if err != nil || !ok {
		return v2client.Optional[v2client.Date]{}, err
	}
	return v2client.Set(d), nil
}

// optStr is an optional string update member: absent -> unset, otherwise
// Set (an empty string is sent empty, which clears text fields).
func (a args) optStr(names ...string) (v2client.Optional[string], error) {
	s, ok, err := a.str(names...)
	if err != nil || !ok {
		return v2client.Optional[string]{}, err
	}
	return v2client.Set(s), nil
}

// clip shortens quoted input in fault strings.
func clip(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "..."
}

// invalidRequired is the fault for a missing required member.
func invalidRequired(member string) error { return failure.Invalid(member, "required") }
