package fake

import (
	"slices"
	"strings"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

// GET /projects/:p/customFields is customFields.get: the definitions,
// each with the members of its type only (§2.9).

// copyCustomField copies a definition with its own items and issue types,
// so that an answer encoded after the lock is released cannot race a write.
func copyCustomField(cf *v2client.CustomField) v2client.CustomField {
	c := *cf
	c.Items = slices.Clone(cf.Items)
	c.ApplicableIssueTypes = slices.Clone(cf.ApplicableIssueTypes)
	return c
}

// customFieldParams applies the optional definition parameters (POST and
// PATCH): applicableIssueTypes[], description, required; numeric min, max,
// initialValue, unit; date min, max (yyyy-MM-dd), initialValueType (1
// today, 2 today+initialShift, 3 initialDate), initialDate, initialShift;
// lists allowAddItem, and allowInput for checkbox/radio.
func customFieldParams(c *call, p *project, cf *v2client.CustomField) error {
	if types, present, err := c.ints("applicableIssueTypes[]"); err != nil {
		return err
	} else if present {
		for _, t := range types {
			if p.issueType(t) == nil {
				return errInvalid("Invalid applicableIssueTypes: " + itoa(t))
			}
		}
		cf.ApplicableIssueTypes = types
		use := len(types) > 0
		cf.UseIssueType = &use
	}
	if c.has("description") {
		cf.Description = c.str("description")
	}
	if b, err := c.boolParam("required"); err != nil {
		return err
	} else if b != nil {
		cf.Required = *b
	}
	switch {
	case cf.TypeID == v2client.CustomFieldNumeric:
		for _, name := range []string{"min", "max", "initialValue"} {
			f, present, err := c.floatParam(name)
			if err != nil {
				return err
			}
			if !present {
				continue
			}
			switch name {
			case "min":
				cf.Min = f
			case "max":
				cf.Max = f
			default:
				cf.InitialValue = f
			}
		}
		if cf.Min != nil && cf.Max != nil && *cf.Max < *cf.Min {
			return errInvalid("max must not be less than min.")
		}
		if c.has("unit") {
			u := c.str("unit")
			cf.Unit = &u
			if u == "" {
				cf.Unit = nil
			}
		}
	case cf.TypeID == v2client.CustomFieldDate:
		for _, name := range []string{"min", "max"} {
			t, present, err := c.dateParam(name)
			if err != nil {
				return err
			}
			if present && name == "min" {
				cf.MinDate = dateOf(t)
			} else if present {
				cf.MaxDate = dateOf(t)
			}
		}
		if cf.MinDate != nil && cf.MaxDate != nil && cf.MaxDate.Time().Before(cf.MinDate.Time()) {
			return errInvalid("max must not be before min.")
		}
		kind, present, err := c.intParam("initialValueType")
		if err != nil {
			return err
		}
		if present && kind != nil {
			init := &v2client.InitialDate{ID: *kind}
			switch *kind {
			case 1:
			case 2:
				shift, _, err := c.intParam("initialShift")
				if err != nil {
					return err
				}
				if shift == nil {
					return errInvalid("Please specify initialShift.")
				}
				n := int(*shift)
				init.Shift = &n
			case 3:
				t, _, err := c.dateParam("initialDate")
				if err != nil {
					return err
				}
				if t == nil {
					return errInvalid("Please specify initialDate.")
				}
				init.Date = dateOf(t)
			default:
				return errInvalid("Invalid initialValueType: " + itoa(*kind))
			}
			cf.InitialDate = init
		}
	case cf.TypeID.IsList():
		if b, err := c.boolParam("allowAddItem"); err != nil {
			return err
		} else if b != nil {
			cf.AllowAddItem = b
		}
		if cf.TypeID == v2client.CustomFieldCheckbox || cf.TypeID == v2client.CustomFieldRadio {
			if b, err := c.boolParam("allowInput"); err != nil {
				return err
			} else if b != nil {
				cf.AllowInput = b
			}
		}
		if names, ok := c.form["items[]"]; ok {
			cf.Items = replaceItems(cf.Items, names)
		}
	}
	return nil
}

// replaceItems sets a list field's items to names (empty names dropped),
// keeping the id of an item whose name stays. Decision: items[] on PATCH
// replaces the list (UNCONFIRMED in the docs).
func replaceItems(old []v2client.CustomFieldItem, names []string) []v2client.CustomFieldItem {
	var next int64
	for _, it := range old {
		if it.ID > next {
			next = it.ID
		}
	}
	out := []v2client.CustomFieldItem{}
	for _, n := range names {
		if strings.TrimSpace(n) == "" {
			continue
		}
		var id int64
		for _, it := range old {
			if it.Name == n {
				id = it.ID
			}
		}
		if id == 0 {
			next++
			id = next
		}
		out = append(out, v2client.CustomFieldItem{ID: id, Name: n, DisplayOrder: int64(len(out))})
	}
	return out
}

// POST /projects/:p/customFields: typeId (1-8) and name required. 200.
func (s *Server) postCustomField(c *call) (int, any, error) {
	typ, err := c.requiredInt("typeId")
	if err != nil {
		return 0, nil, err
	}
	if typ < 1 || typ > 8 {
		return 0, nil, errInvalid("Invalid typeId: " + itoa(typ))
	}
	name, err := c.required("name")
	if err != nil {
		return 0, nil, err
	}
	return customFields.add(s, c, name, func(p *project) (*v2client.CustomField, error) {
		f := false
		order := nextOrder(p.customFields, func(t *v2client.CustomField) int64 {
			if t.DisplayOrder == nil {
				return 0
			}
			return *t.DisplayOrder
		})
		cf := &v2client.CustomField{ProjectID: p.ID, TypeID: v2client.CustomFieldType(typ), Name: name,
			UseIssueType: &f, ApplicableIssueTypes: []int64{}, DisplayOrder: &order}
		if cf.TypeID.IsList() {
			cf.AllowAddItem = &f
			cf.Items = []v2client.CustomFieldItem{}
			if cf.TypeID == v2client.CustomFieldCheckbox || cf.TypeID == v2client.CustomFieldRadio {
				cf.AllowInput = &f
			}
		}
		if err := customFieldParams(c, p, cf); err != nil {
			return nil, err
		}
		cf.ID = s.st.newID()
		return cf, nil
	})
}

// PATCH /projects/:p/customFields/:id: name and the POST parameters
// except typeId.
func (s *Server) patchCustomField(c *call) (int, any, error) {
	return customFields.change(s, c, func(p *project, cf *v2client.CustomField) error {
		next := copyCustomField(cf)
		if err := customFields.applyName(c, p, &next); err != nil {
			return err
		}
		if err := customFieldParams(c, p, &next); err != nil {
			return err
		}
		*cf = next
		s.st.dropStaleItems(p, cf)
		return nil
	})
}

// dropStaleItems removes item ids that the field no longer has from issues.
func (st *store) dropStaleItems(p *project, cf *v2client.CustomField) {
	for _, is := range st.issuesByPK[p.ID] {
		if v := is.custom[cf.ID]; v != nil {
			v.items = slices.DeleteFunc(v.items, func(id int64) bool { return cfItem(cf, id) == nil })
		}
	}
}

// DELETE /projects/:p/customFields/:id: the values go with it.
func (s *Server) deleteCustomField(c *call) (int, any, error) {
	return customFields.change(s, c, func(p *project, cf *v2client.CustomField) error {
		for _, is := range s.st.issuesByPK[p.ID] {
			delete(is.custom, cf.ID)
		}
		customFields.remove(p, cf.ID)
		return nil
	})
}

// listOnly refuses (400 code 7) an item write on a field that is not a
// list (types 5-8).
func listOnly(cf *v2client.CustomField) error {
	if !cf.TypeID.IsList() {
		return errInvalid("The custom field has no list items.")
	}
	return nil
}

// POST /projects/:p/customFields/:id/items: name required; answers the
// whole definition.
func (s *Server) postCustomFieldItem(c *call) (int, any, error) {
	name, err := c.required("name")
	if err != nil {
		return 0, nil, err
	}
	return customFields.change(s, c, func(_ *project, cf *v2client.CustomField) error {
		if err := listOnly(cf); err != nil {
			return err
		}
		var next int64
		for _, it := range cf.Items {
			if it.Name == name {
				return errInvalid("The item name is already used: " + name)
			}
			next = max(next, it.ID)
		}
		cf.Items = append(cf.Items, v2client.CustomFieldItem{ID: next + 1, Name: name, DisplayOrder: int64(len(cf.Items))})
		return nil
	})
}

// listItem resolves :itemId (path variable 2) as an index into the items
// of list field cf (listOnly first; an unknown item is 404 "No item.").
func listItem(c *call, cf *v2client.CustomField) (int, error) {
	if err := listOnly(cf); err != nil {
		return 0, err
	}
	id, err := pathEntityID(c, 2, "item")
	if err != nil {
		return 0, err
	}
	for k, it := range cf.Items {
		if it.ID == id {
			return k, nil
		}
	}
	return 0, errNotFound("No item.")
}

// PATCH /projects/:p/customFields/:id/items/:itemId: name required.
func (s *Server) patchCustomFieldItem(c *call) (int, any, error) {
	name, err := c.required("name")
	if err != nil {
		return 0, nil, err
	}
	return customFields.change(s, c, func(_ *project, cf *v2client.CustomField) error {
		k, err := listItem(c, cf)
		if err != nil {
			return err
		}
		cf.Items[k].Name = name
		return nil
	})
}

// DELETE /projects/:p/customFields/:id/items/:itemId.
func (s *Server) deleteCustomFieldItem(c *call) (int, any, error) {
	return customFields.change(s, c, func(p *project, cf *v2client.CustomField) error {
		k, err := listItem(c, cf)
		if err != nil {
			return err
		}
		cf.Items = slices.Delete(cf.Items, k, k+1)
		s.st.dropStaleItems(p, cf)
		return nil
	})
}
