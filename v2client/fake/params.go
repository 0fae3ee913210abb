package fake

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// Parameter readers. Backlog answers 400 with code 7 for a malformed or
// missing parameter; these helpers return that error, naming the parameter.

func (c *call) has(name string) bool { _, ok := c.form[name]; return ok }

func (c *call) str(name string) string { return c.form.Get(name) }

// required returns a non-empty parameter or a code 7 error.
func (c *call) required(name string) (string, error) {
	v := strings.TrimSpace(c.form.Get(name))
	if v == "" {
		return "", errInvalid("Please specify " + name + ".")
	}
	return c.form.Get(name), nil
}

func parseID(name, v string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0, errInvalid("Invalid " + name + ": " + v)
	}
	return n, nil
}

// optParam reads an optional parameter with parse: (nil, false) when it
// is not sent, (nil, true) when it is sent empty (a clear on PATCH), else
// what parse makes of its first value (a parse error is 400 code 7).
func optParam[T any](c *call, name string, parse func(string) (*T, error)) (*T, bool, error) {
	vs, ok := c.form[name]
	if !ok {
		return nil, false, nil
	}
	if len(vs) == 0 || vs[0] == "" {
		return nil, true, nil
	}
	v, err := parse(vs[0])
	return v, true, err
}

// intParam reads an optional integer (optParam); blanks count as empty.
func (c *call) intParam(name string) (*int64, bool, error) {
	return optParam(c, name, func(v string) (*int64, error) {
		if strings.TrimSpace(v) == "" {
			return nil, nil
		}
		n, err := parseID(name, v)
		if err != nil {
			return nil, err
		}
		return &n, nil
	})
}

// requiredInt reads a required integer parameter.
func (c *call) requiredInt(name string) (int64, error) {
	v, err := c.required(name)
	if err != nil {
		return 0, err
	}
	return parseID(name, v)
}

// ints reads a multi-valued integer parameter ("name[]"); a single empty
// value means an empty list (a clear on PATCH).
func (c *call) ints(name string) ([]int64, bool, error) {
	vs, ok := c.form[name]
	if !ok {
		return nil, false, nil
	}
	out := make([]int64, 0, len(vs))
	for _, v := range vs {
		if strings.TrimSpace(v) == "" {
			continue
		}
		n, err := parseID(name, v)
		if err != nil {
			return nil, true, err
		}
		out = append(out, n)
	}
	return out, true, nil
}

func (c *call) boolParam(name string) (*bool, error) {
	v, ok := c.form[name]
	if !ok || len(v) == 0 || v[0] == "" {
		return nil, nil
	}
	switch strings.ToLower(v[0]) {
	case "true":
		t := true
		return &t, nil
	case "false":
		f := false
		return &f, nil
	}
	return nil, errInvalid("Invalid " + name + ": " + v[0])
}

// dateParam reads an optional yyyy-MM-dd parameter (optParam).
func (c *call) dateParam(name string) (*time.Time, bool, error) {
	return optParam(c, name, func(v string) (*time.Time, error) { return parseDate(name, v) })
}

func parseDate(name, v string) (*time.Time, error) {
	t, err := time.Parse(v2client.DateLayout, v)
	if err != nil {
		return nil, errInvalid("Invalid " + name + ": " + v + " (expected yyyy-MM-dd)")
	}
	return &t, nil
}

// floatParam reads an optional finite decimal parameter (optParam).
func (c *call) floatParam(name string) (*float64, bool, error) {
	return optParam(c, name, func(v string) (*float64, error) {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, errInvalid("Invalid " + name + ": " + v)
		}
		return &f, nil
	})
}

// pageParams reads count (1-100, default 20), order (asc/desc, default
// desc), minId and maxId of the id-cursor endpoints.
func (c *call) pageParams() (count int, asc bool, minID, maxID *int64, err error) {
	count = 20
	if v := c.str("count"); v != "" {
		n, perr := strconv.Atoi(v)
		if perr != nil || n < 1 || n > 100 {
			return 0, false, nil, nil, errInvalid("Invalid count: " + v + " (1-100)")
		}
		count = n
	}
	switch c.str("order") {
	case "", "desc":
	case "asc":
		asc = true
	default:
		return 0, false, nil, nil, errInvalid("Invalid order: " + c.str("order"))
	}
	if minID, _, err = c.intParam("minId"); err != nil {
		return
	}
	maxID, _, err = c.intParam("maxId")
	return
}

// colorParam reads color, which must be one of palette (any case):
// (lower-cased color, sent, error); required makes its absence 400 code 7.
func colorParam(c *call, palette []string, required bool) (string, bool, error) {
	if !c.has("color") {
		if required {
			return "", false, errInvalid("Please specify color.")
		}
		return "", false, nil
	}
	v := strings.ToLower(c.str("color"))
	if !slices.Contains(palette, v) {
		return "", true, errInvalid("Invalid color: " + c.str("color"))
	}
	return v, true, nil
}

// pathEntityID parses the :id segment (i) as an id; garbage is 404.
func pathEntityID(c *call, i int, what string) (int64, error) {
	id, err := strconv.ParseInt(c.v(i), 10, 64)
	if err != nil {
		return 0, errNotFound("No " + what + ".")
	}
	return id, nil
}

// optString is the parameter name when it is sent (even empty), else nil.
func optString(c *call, name string) *string {
	if !c.has(name) {
		return nil
	}
	v := c.str(name)
	return &v
}
