package main

import (
	"errors"
	"flag"
	"time"
)

// formValue wraps a flag's value so that a value that does not parse is
// refused with the form it must have ("want an integer"), not strconv's
// "parse error": the message then quotes the bad value (the flag package
// and applyEnv add it), says what is expected and names the flag.
type formValue struct {
	flag.Getter
	form string
}

// Set sets the value or refuses it with the expected form.
func (v formValue) Set(s string) error {
	if err := v.Getter.Set(s); err != nil {
		return errors.New("want " + v.form)
	}
	return nil
}

// String is the wrapped value's text. The flag package's usage
// (PrintDefaults) also calls it on a zero formValue, which wraps nothing, to
// tell a default worth printing: that zero prints as "".
func (v formValue) String() string {
	if v.Getter == nil {
		return ""
	}
	return v.Getter.String()
}

// boolFormValue is formValue for a boolean flag (--demo without a value).
type boolFormValue struct{ formValue }

// String is the wrapped value's text; a zero boolFormValue (see
// formValue.String) prints as "false", so a false default is not printed.
func (v boolFormValue) String() string {
	if v.Getter == nil {
		return "false"
	}
	return v.Getter.String()
}

// IsBoolFlag tells the flag package that the flag needs no value.
func (boolFormValue) IsBoolFlag() bool { return true }

// expectForms wraps every flag of fs whose type has a parse step.
func expectForms(fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		g, ok := f.Value.(flag.Getter)
		if !ok {
			return
		}
		switch g.Get().(type) {
		case bool:
			f.Value = boolFormValue{formValue{g, "true or false"}}
		case time.Duration:
			f.Value = formValue{g, "a duration such as 30s, 5m or 1h30m"}
		case int, int64:
			f.Value = formValue{g, "an integer"}
		}
	})
}
