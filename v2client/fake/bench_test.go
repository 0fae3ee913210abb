package fake

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// benchServe runs one in-process request per iteration (no network), so
// the numbers are the fake's own cost.
func benchServe(b *testing.B, method, target string, body url.Values) {
	s := New(DefaultSeed(), WithClock(FixedClock(testNow)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var r *http.Request
		if body != nil {
			r = httptest.NewRequest(method, target, strings.NewReader(body.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			r = httptest.NewRequest(method, target, nil)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code >= 300 {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
}

func BenchmarkGetIssue(b *testing.B) {
	benchServe(b, "GET", "/api/v2/issues/DEMO-1?apiKey="+keyDemo, nil)
}

func BenchmarkSearchIssues20(b *testing.B) {
	benchServe(b, "GET", "/api/v2/issues?count=20&apiKey="+keyDemo, nil)
}

func BenchmarkCountIssues(b *testing.B) {
	benchServe(b, "GET", "/api/v2/issues/count?projectId[]=1&statusId[]=1&apiKey="+keyDemo, nil)
}

func BenchmarkGetProjects(b *testing.B) {
	benchServe(b, "GET", "/api/v2/projects?apiKey="+keyDemo, nil)
}

func BenchmarkCreateIssue(b *testing.B) {
	benchServe(b, "POST", "/api/v2/issues?apiKey="+keyDemo,
		form("projectId", "1", "summary", "bench", "issueTypeId", "102", "priorityId", "3", "milestoneId[]", "122"))
}

// BenchmarkHTTPGetIssueParallel measures the fake over loopback HTTP with
// keep-alive connections from parallel clients (what the load harness sees).
func BenchmarkHTTPGetIssueParallel(b *testing.B) {
	s := New(DefaultSeed())
	ts := httptest.NewServer(s)
	defer ts.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	target := ts.URL + "/api/v2/issues/DEMO-1?apiKey=" + keyDemo
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		buf := make([]byte, 8192)
		for pb.Next() {
			r, err := c.Get(target)
			if err != nil {
				b.Error(err)
				return
			}
			for {
				if _, err := r.Body.Read(buf); err != nil {
					break
				}
			}
			r.Body.Close()
			if r.StatusCode != 200 {
				b.Errorf("status %d", r.StatusCode)
				return
			}
		}
	})
}
