package migration

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Paths of the report.
const (
	PagePath = "/admin/migration"
	JSONPath = "/admin/migration.json"
)

// ChartDays is how many days the page's chart shows (ending today).
const ChartDays = 30

// Report is the JSON document of /admin/migration.json.
type Report struct {
	Generated time.Time       `json:"generated"`
	Rows      []Row           `json:"rows"`
	Methods   map[string]Info `json:"methods"`
}

// Report returns the report: every row and the Info of each method in it.
func (r *Recorder) Report() Report {
	rep := Report{Generated: r.opts.Now().UTC(), Rows: r.Rows(), Methods: map[string]Info{}}
	for _, row := range rep.Rows {
		if in, ok := r.methods[row.Method]; ok {
			rep.Methods[row.Method] = in
		}
	}
	return rep
}

// Handler serves PagePath (HTML) and JSONPath. The caller decides who may
// reach it (an administrator check or a separate listener).
func (r *Recorder) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+JSONPath, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(w).Encode(r.Report())
	})
	mux.HandleFunc("GET "+PagePath, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
		if err := pageTmpl.Execute(w, r.pageData()); err != nil {
			// Headers are sent; the page is cut short. Nothing of the
			// request is in err.
			fmt.Fprint(w, "<!-- render error -->")
		}
	})
	return mux
}

// pageRow is one table row of the page.
type pageRow struct {
	Row
	Faults     string
	Info       Info
	UserAgents string
}

type pageData struct {
	Generated string
	Logins    []string
	Rows      []pageRow
	Chart     chart
}

func (r *Recorder) pageData() pageData {
	rep := r.Report()
	d := pageData{Generated: rep.Generated.Format(time.RFC3339)}
	seen := map[string]bool{}
	for _, row := range rep.Rows {
		if !seen[row.Login] {
			seen[row.Login] = true
			d.Logins = append(d.Logins, row.Login)
		}
		d.Rows = append(d.Rows, pageRow{Row: row, Faults: faultText(row.Faults), Info: rep.Methods[row.Method],
			UserAgents: strings.Join(row.UserAgents, "; ")})
	}
	d.Chart = buildChart(rep.Rows, rep.Generated)
	return d
}

// faultText is "code×n, ..." by code, or "" without faults.
func faultText(f map[int]int64) string {
	codes := make([]int, 0, len(f))
	for c := range f {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	var parts []string
	for _, c := range codes {
		parts = append(parts, strconv.Itoa(c)+"×"+strconv.FormatInt(f[c], 10))
	}
	return strings.Join(parts, ", ")
}

// chart is the SVG bar chart: one stacked bar per day, one colour per method.
type chart struct {
	Width, Height int
	Bars          []bar
	Legend        []legend
	Labels        []axisLabel
	Max           int64
}

type bar struct {
	X, Y, W, H int
	Color      string
	Title      string
	Method     string
}

type legend struct {
	X, Y   int
	Color  string
	Method string
}

type axisLabel struct {
	X, Y int
	Text string
}

var palette = []string{"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"}

// buildChart lays out the last ChartDays days of calls per method.
func buildChart(rows []Row, now time.Time) chart {
	const w, plotH, top, left, barGap = 760, 200, 10, 40, 2
	const labelRoom = 16 // past the last bar, for half of its centred date label
	today := dayNumber(now)
	perDay := map[int64]map[string]int64{}
	methodSet := map[string]bool{}
	for _, row := range rows {
		for ds, n := range row.Days {
			t, err := time.Parse(time.DateOnly, ds)
			if err != nil {
				continue
			}
			d := dayNumber(t)
			if d <= today-ChartDays || d > today {
				continue
			}
			if perDay[d] == nil {
				perDay[d] = map[string]int64{}
			}
			perDay[d][row.Method] += n
			methodSet[row.Method] = true
		}
	}
	methods := make([]string, 0, len(methodSet))
	for m := range methodSet {
		methods = append(methods, m)
	}
	slices.Sort(methods)
	color := map[string]string{}
	for i, m := range methods {
		color[m] = palette[i%len(palette)]
	}
	var maxTotal int64 = 1
	for _, ms := range perDay {
		var t int64
		for _, n := range ms {
			t += n
		}
		maxTotal = max(maxTotal, t)
	}
	c := chart{Width: w + labelRoom, Max: maxTotal}
	slot := (w - left) / ChartDays
	for i := 0; i < ChartDays; i++ {
		d := today - ChartDays + 1 + int64(i)
		x := left + i*slot
		y := top + plotH
		for _, m := range methods {
			n := perDay[d][m]
			if n == 0 {
				continue
			}
			h := max(1, int(int64(plotH)*n/maxTotal))
			y -= h
			day := time.Unix(d*day, 0).UTC().Format(time.DateOnly)
			c.Bars = append(c.Bars, bar{X: x, Y: y, W: slot - barGap, H: h, Color: color[m], Method: m,
				Title: fmt.Sprintf("%s %s: %d", day, m, n)})
		}
		if (ChartDays-1-i)%7 == 0 { // today and every week before it, centred under its bar
			c.Labels = append(c.Labels, axisLabel{X: x + (slot-barGap)/2, Y: top + plotH + 14, Text: time.Unix(d*day, 0).UTC().Format("01-02")})
		}
	}
	ly := top + plotH + 34
	for i, m := range methods {
		c.Legend = append(c.Legend, legend{X: left + (i%3)*240, Y: ly + (i/3)*16, Color: color[m], Method: m})
	}
	c.Height = ly + ((len(methods)+2)/3)*16 + 4
	return c
}

var pageTmpl = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>backlog-xmlrpc: migration report</title>
<style>
body{font-family:sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;font-size:90%}
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4} td.n{text-align:right} code{font-size:95%}
</style></head><body>
<h1>Migration report</h1>
<p>Who still calls which legacy (v1 XML-RPC) method, and the Backlog API v2 endpoint a rewritten client calls instead. Generated {{.Generated}}. Also as <a href="migration.json">JSON</a>.</p>
<p>Logins: <span id="logins">{{range $i, $l := .Logins}}{{if $i}}, {{end}}{{$l}}{{end}}</span></p>
<h2>Legacy calls per day, by method (last 30 days, UTC)</h2>
<svg id="chart" xmlns="http://www.w3.org/2000/svg" width="{{.Chart.Width}}" height="{{.Chart.Height}}" role="img" aria-label="legacy calls per day by method">
<line x1="40" y1="210" x2="{{.Chart.Width}}" y2="210" stroke="#888"/>
<text x="0" y="20" font-size="11">{{.Chart.Max}}</text><text x="0" y="210" font-size="11">0</text>
{{range .Chart.Bars}}<rect class="bar" data-method="{{.Method}}" x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" fill="{{.Color}}"><title>{{.Title}}</title></rect>
{{end}}{{range .Chart.Labels}}<text x="{{.X}}" y="{{.Y}}" font-size="11" text-anchor="middle">{{.Text}}</text>
{{end}}{{range .Chart.Legend}}<rect x="{{.X}}" y="{{.Y}}" width="10" height="10" fill="{{.Color}}"/><text class="legend" x="{{.X}}" dx="14" y="{{.Y}}" dy="9" font-size="11">{{.Method}}</text>
{{end}}</svg>
<h2>Calls by login and method</h2>
<table id="calls">
<thead><tr><th>Login</th><th>Legacy method</th><th>Calls</th><th>Faults (code×calls)</th><th>First seen</th><th>Last seen</th><th>User-Agent</th><th>Call instead (v2)</th></tr></thead>
<tbody>
{{range .Rows}}<tr data-login="{{.Login}}" data-method="{{.Method}}"><td>{{.Login}}</td><td>{{.Method}}</td><td class="n">{{.Calls}}</td><td>{{.Faults}}</td><td>{{.FirstSeen.UTC.Format "2006-01-02 15:04:05Z"}}</td><td>{{.LastSeen.UTC.Format "2006-01-02 15:04:05Z"}}</td><td>{{.UserAgents}}</td><td>{{if .Info.Instead}}<code>{{.Info.Instead}}</code>{{else}}—{{end}}{{if .Info.Doc}} (<a href="{{.Info.Doc}}">{{.Info.Doc}}</a>){{end}}</td></tr>
{{else}}<tr><td colspan="8">No legacy calls recorded yet.</td></tr>
{{end}}</tbody></table>
</body></html>
`))
