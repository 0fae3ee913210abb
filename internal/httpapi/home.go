package httpapi

import (
	"html/template"
	"net/http"
)

// Link is one entry of the / page's list.
type Link struct {
	Path, Text string
}

// homePage is the / page: what the service is, its version and its links.
// It holds no data about callers, so it needs no authentication.
var homePage = template.Must(template.New("home").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>backlog-xmlrpc {{.Version}}</title></head>
<body>
<h1>backlog-xmlrpc</h1>
<p>version {{.Version}}</p>
<p>Serves the legacy Backlog API v1 (XML-RPC) through Backlog API v2: legacy
clients send <code>POST {{.XMLRPCPath}}</code> with HTTP Basic (the Backlog login ID).</p>
<ul>
{{- range .Links}}
<li><a href="{{.Path}}">{{.Path}}</a>: {{.Text}}</li>
{{- end}}
</ul>
</body></html>
`))

// home serves the / page.
func home(version string, links []Link) http.HandlerFunc {
	data := struct {
		Version, XMLRPCPath string
		Links               []Link
	}{version, XMLRPCPath, links}
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		homePage.Execute(w, data)
	}
}
