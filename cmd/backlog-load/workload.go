package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/xmlrpc"
)

// The load user: the seed's normal user "demo" (v2client/fake/README.md).
// The server runs with --auth api-key, so the Basic password is the v2 key.
const (
	loadLogin  = "demo"
	loadAPIKey = "demo-api-key-normal"
)

// Projects of the seed the workload uses: DEMO (id 1) takes the reads and
// writes; BLG (id 2) is filled with findProject issues so findIssue can
// return 1, 20 or 100 issues whatever the writes did to DEMO.
const (
	demoProjectID = 1
	findProjectID = 2
	findIssues    = 100 // issues added to BLG at set-up (it has 5)
)

// op is one kind of request of a workload.
type op struct {
	name   string
	weight int
	// build returns the request: an XML-RPC body for the gateway and the
	// Python server, or a v2 path for the proxy and direct baselines.
	build func(r *rand.Rand) request
}

// request is what a worker sends: a POST of body to /XML-RPC, or (path
// set) a GET of path with the load user's API key.
type request struct {
	body []byte
	path string
}

// world is what set-up learnt about the fake: the issue keys to read and
// write.
type world struct {
	keys []string // DEMO issue keys
}

// setupWorld adds findIssues issues to BLG directly on the fake and lists
// DEMO's issue keys.
func setupWorld(ctx context.Context, fakeAddr string) (*world, error) {
	var types []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	if err := v2Do(ctx, fakeAddr, "GET", "/projects/"+strconv.Itoa(findProjectID)+"/issueTypes", nil, &types); err != nil {
		return nil, err
	}
	if len(types) == 0 {
		return nil, fmt.Errorf("project %d has no issue type", findProjectID)
	}
	var fields []struct {
		ID       int64 `json:"id"`
		TypeID   int   `json:"typeId"`
		Required bool  `json:"required"`
		Items    []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := v2Do(ctx, fakeAddr, "GET", "/projects/"+strconv.Itoa(findProjectID)+"/customFields", nil, &fields); err != nil {
		return nil, err
	}
	for i := 0; i < findIssues; i++ {
		f := url.Values{
			"projectId":   {strconv.Itoa(findProjectID)},
			"summary":     {"load " + strconv.Itoa(i)},
			"issueTypeId": {strconv.FormatInt(types[0].ID, 10)},
			"priorityId":  {"3"},
		}
		for _, cf := range fields { // required custom fields get a value of their type
			if !cf.Required {
				continue
			}
			k := "customField_" + strconv.FormatInt(cf.ID, 10)
			switch {
			case cf.TypeID == 3:
				f.Set(k, "1")
			case cf.TypeID == 4:
				f.Set(k, "2026-11-23")
			case cf.TypeID >= 5 && len(cf.Items) > 0:
				f.Set(k, strconv.FormatInt(cf.Items[0].ID, 10))
			default:
				f.Set(k, "負荷試験")
			}
		}
		if err := v2Do(ctx, fakeAddr, "POST", "/issues", f, nil); err != nil {
			return nil, err
		}
	}
	var issues []struct {
		IssueKey string `json:"issueKey"`
	}
	if err := v2Do(ctx, fakeAddr, "GET", "/issues?projectId[]="+strconv.Itoa(demoProjectID)+"&count=100", nil, &issues); err != nil {
		return nil, err
	}
	w := &world{}
	for _, is := range issues {
		w.keys = append(w.keys, is.IssueKey)
	}
	if len(w.keys) == 0 {
		return nil, fmt.Errorf("project %d has no issue", demoProjectID)
	}
	return w, nil
}

// call encodes one methodCall with our own encoder.
func call(method string, params ...xmlrpc.Value) []byte {
	b, err := xmlrpc.AppendCall(nil, method, params...)
	if err != nil {
		panic(err) // the workload's values are always encodable
	}
	return b
}

func xs(s string) xmlrpc.Value { return xmlrpc.String(s) }
func xi(i int64) xmlrpc.Value  { return xmlrpc.Int(i) }
func xf(name string, v xmlrpc.Value) xmlrpc.Member {
	return xmlrpc.Field(name, v)
}

func (w *world) key(r *rand.Rand) string { return w.keys[r.IntN(len(w.keys))] }

// createIssueNames is createIssue with every lookup given by name (issue
// type, priority, component, version, milestone): the call whose name->id
// lists the catalog caches.
func createIssueNames() []byte {
	return call("backlog.createIssue", xmlrpc.Struct(
		xf("projectId", xi(demoProjectID)), xf("summary", xs("負荷試験")), xf("description", xs("backlog-load")),
		xf("issueType", xs("バグ")), xf("priority", xs("高")), xf("component", xs("画面")),
		xf("version", xs("v1.0")), xf("milestone", xs("お披露目パーティ"))))
}

// findIssueBody is findIssue on BLG returning limit issues.
func findIssueBody(limit int) []byte {
	return call("backlog.findIssue", xmlrpc.Struct(xf("projectId", xi(findProjectID)), xf("limit", xi(int64(limit)))))
}

// mixed is the mixed legacy workload: getIssue 40%, findIssue 20%, createIssue
// with names 10%, switchStatus 10%, addComment 10%, getProjects and
// getIssueTypes 5% each.
func (w *world) mixed() []op {
	return []op{
		{"getIssue", 40, func(r *rand.Rand) request {
			return request{body: call("backlog.getIssue", xs(w.key(r)))}
		}},
		{"findIssue", 20, func(*rand.Rand) request { return request{body: findIssueBody(20)} }},
		{"createIssue", 10, func(*rand.Rand) request { return request{body: createIssueNames()} }},
		{"switchStatus", 10, func(r *rand.Rand) request {
			return request{body: call("backlog.switchStatus", xmlrpc.Struct(xf("key", xs(w.key(r))), xf("statusId", xi(int64(1+r.IntN(4))))))}
		}},
		{"addComment", 10, func(r *rand.Rand) request {
			return request{body: call("backlog.addComment", xmlrpc.Struct(xf("key", xs(w.key(r))), xf("content", xs("負荷試験のコメント"))))}
		}},
		{"getProjects", 5, func(*rand.Rand) request { return request{body: call("backlog.getProjects")} }},
		{"getIssueTypes", 5, func(*rand.Rand) request {
			return request{body: call("backlog.getIssueTypes", xi(demoProjectID))}
		}},
	}
}

// single is a workload of one constant request.
func single(name string, req request) []op {
	return []op{{name, 1, func(*rand.Rand) request { return req }}}
}

// trivialCall is the trivial call of the Python comparison.
var trivialCall = call("backlog.getStatuses")

// getIssueCall reads the issue the proxy and direct baselines read.
func getIssueCall(key string) request { return request{body: call("backlog.getIssue", xs(key))} }

// v2IssuePath is the v2 read behind getIssue.
func v2IssuePath(key string) request { return request{path: "/api/v2/issues/" + key} }

// pythonServer is Python's SimpleXMLRPCServer answering backlog.getStatuses
// with the same four {id, name} structs the gateway answers. Its listen
// backlog is raised from 5 to 1024 so that concurrent clients measure the
// server, not dropped SYNs (this helps Python), and it answers on /XML-RPC
// like the gateway.
const pythonServer = `
import sys
from xmlrpc.server import SimpleXMLRPCServer, SimpleXMLRPCRequestHandler
class H(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/XML-RPC",)
class S(SimpleXMLRPCServer):
    request_queue_size = 1024
s = S(("127.0.0.1", int(sys.argv[1])), requestHandler=H, logRequests=False, allow_none=True)
statuses = [{"id": 1, "name": "未対応"}, {"id": 2, "name": "処理中"}, {"id": 3, "name": "処理済み"}, {"id": 4, "name": "完了"}]
s.register_function(lambda: statuses, "backlog.getStatuses")
s.serve_forever()
`
