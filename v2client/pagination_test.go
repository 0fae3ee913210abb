package v2client

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

func TestIssuesListAll(t *testing.T) {
	const total = 230
	ts := setup(t)
	ts.mux.HandleFunc("/api/v2/issues", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		off, _ := strconv.Atoi(q.Get("offset"))
		cnt, _ := strconv.Atoi(q.Get("count"))
		if q.Get("projectId[]") != "7" || q.Get("sort") != "created" {
			t.Errorf("filters lost: %v", q)
		}
		var parts []string
		for id := off + 1; id <= total && id <= off+cnt; id++ {
			parts = append(parts, fmt.Sprintf(`{"id":%d,"created":"2014-07-16T07:51:43Z","updated":"2014-07-16T07:51:43Z"}`, id))
		}
		// Page 2 repeats the last issue of page 1 (an issue moved while walking).
		if off == 100 {
			parts = append([]string{`{"id":100,"created":"2014-07-16T07:51:43Z","updated":"2014-07-16T07:51:43Z"}`}, parts[:len(parts)-1]...)
		}
		fmt.Fprintf(w, "[%s]", strings.Join(parts, ","))
	})
	all, _, err := ts.client.Issues.ListAll(context.Background(), &IssueListOptions{ProjectIDs: []int64{7}, Sort: "created", Count: 5}, 0)
	if err != nil {
		t.Fatal(err)
	}
	reqs := ts.requests()
	var offsets []string
	for _, r := range reqs {
		offsets = append(offsets, r.Query.Get("offset")+"/"+r.Query.Get("count"))
	}
	if strings.Join(offsets, " ") != "/100 100/100 200/100" {
		t.Errorf("pages = %v", offsets)
	}
	seen := map[int64]bool{}
	for _, is := range all {
		if seen[is.ID] {
			t.Errorf("issue %d twice", is.ID)
		}
		seen[is.ID] = true
	}
	if len(all) != total-1 { // id 200 was displaced by the duplicate and is not on any page
		t.Errorf("got %d issues", len(all))
	}
	limited, _, err := ts.client.Issues.ListAll(context.Background(), &IssueListOptions{ProjectIDs: []int64{7}, Sort: "created"}, 150)
	if err != nil || len(limited) != 150 {
		t.Errorf("max=150: %d, %v", len(limited), err)
	}
}

func TestCommentsListAllMinIDCursor(t *testing.T) {
	ts := setup(t)
	const total = 205
	ts.mux.HandleFunc("/api/v2/issues/BLG-1/comments", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("order") != "asc" || q.Get("count") != "100" {
			t.Errorf("query %v", q)
		}
		minID, _ := strconv.Atoi(q.Get("minId"))
		// An inclusive bound (UNCONFIRMED which) must not duplicate entries.
		var parts []string
		for id := max(minID, 1); id <= total && len(parts) < 100; id++ {
			parts = append(parts, fmt.Sprintf(`{"id":%d,"content":"c%d","created":"2014-07-30T03:54:21Z","updated":"2014-07-30T03:54:21Z"}`, id, id))
		}
		fmt.Fprintf(w, "[%s]", strings.Join(parts, ","))
	})
	all, _, err := ts.client.Comments.ListAll(context.Background(), "BLG-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != total {
		t.Fatalf("got %d comments", len(all))
	}
	for i, c := range all {
		if c.ID != int64(i+1) {
			t.Fatalf("comment %d has id %d", i, c.ID)
		}
	}
	var mins []string
	for _, r := range ts.requests() {
		mins = append(mins, r.Query.Get("minId"))
	}
	if strings.Join(mins, ",") != ",100,199" {
		t.Errorf("minId cursor = %v", mins)
	}
}

func TestSpaceListAllActivitiesStopsAtMax(t *testing.T) {
	ts := setup(t)
	ts.mux.HandleFunc("/api/v2/space/activities", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q["activityTypeId[]"] == nil || q.Get("order") != "asc" {
			t.Errorf("query %v", q)
		}
		minID, _ := strconv.Atoi(q.Get("minId"))
		var parts []string
		for id := minID + 1; len(parts) < 100; id++ {
			parts = append(parts, fmt.Sprintf(`{"id":%d,"type":1,"project":{"projectKey":"P"},"content":{"id":1,"key_id":%d,"summary":"s","description":""},"created":"2014-07-30T03:54:21Z"}`, id, id))
		}
		fmt.Fprintf(w, "[%s]", strings.Join(parts, ","))
	})
	acts, _, err := ts.client.Space.ListAllActivities(context.Background(), &ActivityListOptions{ActivityTypeIDs: []ActivityType{1}, MinID: 10}, 150)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 150 || acts[0].ID != 11 || acts[149].ID != 160 || acts[0].IssueKey() != "P-11" {
		t.Errorf("got %d, first %d last %d", len(acts), acts[0].ID, acts[len(acts)-1].ID)
	}
	if ts.hits() != 2 {
		t.Errorf("hits = %d", ts.hits())
	}
}

func TestUserIcon(t *testing.T) {
	gif := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	tests := []struct {
		name        string
		data        []byte
		disposition string
		ctype       string
		wantName    string
		wantType    string
	}{
		{"sniffed gif, octet-stream", gif, `attachment;filename="person_168.gif"`, "application/octet-stream", "person_168.gif", "image/gif"},
		{"RFC 5987 name", png, `attachment; filename*=UTF-8''%E3%81%AD%E3%81%93.png`, "application/octet-stream", "ねこ.png", "image/png"},
		{"unsniffable, by extension", []byte("not really an image"), `attachment; filename="a.jpg"`, "application/octet-stream", "a.jpg", "image/jpeg"},
		{"nothing known", []byte{0, 1, 2}, ``, "application/octet-stream", "", "application/octet-stream"},
		{"broken header, by extension", []byte("xx"), `attachment; filename=icon.png; x`, "", "icon.png", "image/png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := setup(t)
			ts.mux.HandleFunc("/api/v2/users/5/icon", func(w http.ResponseWriter, r *http.Request) {
				if tt.disposition != "" {
					w.Header().Set("Content-Disposition", tt.disposition)
				}
				w.Header().Set("Content-Type", tt.ctype)
				w.Write(tt.data)
			})
			ic, _, err := ts.client.Users.Icon(context.Background(), 5)
			if err != nil {
				t.Fatal(err)
			}
			if string(ic.Data) != string(tt.data) || ic.Filename != tt.wantName || ic.ContentType != tt.wantType {
				t.Errorf("icon = %q %q %q, want %q %q", ic.Data, ic.Filename, ic.ContentType, tt.wantName, tt.wantType)
			}
		})
	}
}
