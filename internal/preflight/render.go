package preflight

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteJSON writes the report as one indented JSON document (--json).
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteTable writes the report for a person: the space, the credentials
// entries, one row per legacy method, then every request with its latency,
// rate-limit headroom and drift.
func (r *Report) WriteTable(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Backlog space: %s\n", r.BacklogURL)
	fmt.Fprintf(&b, "Time zone:     %s\n", orDash(r.TimeZone))
	fmt.Fprintf(&b, "Checked as:    %s\n", orDash(r.RunAs))
	fmt.Fprintf(&b, "Project:       %s\n", orDash(r.Project))
	if r.RateLowest != "" {
		fmt.Fprintf(&b, "Rate limit:    lowest headroom %s\n", r.RateLowest)
	}
	for _, e := range r.Errors {
		fmt.Fprintf(&b, "ERROR: %s\n", e)
	}
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	if len(r.Identities) > 0 {
		fmt.Fprintln(tw, "\nLOGIN\tKIND\tRESULT\tBACKLOG USER")
		for _, id := range r.Identities {
			res := "ok"
			if !id.OK {
				res = "FAILS: " + id.Error
			}
			if id.Rotated != "" {
				res += " (" + id.Rotated + ")"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", id.Login, id.Kind, res, orDash(id.BacklogUser))
		}
	}
	fmt.Fprintln(tw, "\nLEGACY METHOD\tRESULT\tDETAIL")
	for _, m := range r.Methods {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", m.Name, m.Outcome, strings.Join(m.Detail, "; "))
	}
	if len(r.MultiForm) > 0 {
		fmt.Fprintln(tw, "\nMULTI-VALUE FORM\tACCEPTED\tDETAIL")
		for _, f := range r.MultiForm {
			fmt.Fprintf(tw, "%s\t%v\t%s\n", f.Form, f.Accepted, f.Detail)
		}
	}
	fmt.Fprintln(tw, "\nV2 REQUEST\tFORM\tRESULT\tSTATUS\tLATENCY\tRATE LEFT")
	for _, q := range r.Requests {
		res := q.Outcome
		if q.Code != 0 {
			res += fmt.Sprintf(" (code %d)", q.Code)
		}
		rate := "-"
		if q.RateLimit > 0 {
			rate = fmt.Sprintf("%d/%d", q.RateRemaining, q.RateLimit)
		}
		status := "-"
		if q.Status != 0 {
			status = fmt.Sprint(q.Status)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.1fms\t%s\n", q.Call, orDash(q.Form), res, status, q.LatencyMS, rate)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, q := range r.Requests {
		for _, d := range q.Drift {
			fmt.Fprintf(&b, "DRIFT %s: %s\n", q.Call, d)
		}
		if q.Outcome == Fails {
			fmt.Fprintf(&b, "FAIL %s: %s\n", q.Call, q.Error)
		}
	}
	for _, c := range r.Cleanup {
		fmt.Fprintf(&b, "NOT REMOVED: %s\n", c)
	}
	if r.OK() {
		b.WriteString("\nRESULT: ok\n")
	} else {
		b.WriteString("\nRESULT: FAILED\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
