// Package browser tests the server's HTML pages in a real browser: Debian's
// chromium, driven through the DevTools protocol (chromedp), against the
// built server binary in --demo.
//
// Without chromium the tests skip, except under CI=true, where they fail
// (.ci/run installs it). The screenshot of each page goes to $ARTIFACT_DIR
// (default: a new temporary directory); its path is logged.
package browser

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	kolo "github.com/kolo/xmlrpc"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/internal/testserver"
)

// chromium returns the browser's path, skipping the test without one
// (failing it under CI=true).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (apt-get install chromium; .ci/run installs it)")
	}
	t.Skip("chromium is not installed (apt-get install chromium)")
	return ""
}

// artifactDir is where screenshots go: $ARTIFACT_DIR, or a new temporary
// directory that outlives the test.
func artifactDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("ARTIFACT_DIR"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	d, err := os.MkdirTemp("", "backlog-xmlrpc-artifacts-")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// authorization makes the tab send Basic credentials with every request
// (credentials in the URL are not sent by chromium).
func authorization(user, pass string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return chromedp.Void{}, err
		}
		v := "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
		_, err := cdp.Call(ctx, t, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Authorization": v}})
		return chromedp.Void{}, err
	}
}

// legacyCall makes one legacy call through kolo/xmlrpc, a real client.
func legacyCall(t *testing.T, addr, user, method string, args any) {
	t.Helper()
	c, err := kolo.NewClient(fmt.Sprintf("http://%s:%s@%s/XML-RPC", user, user, addr), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var out any
	if err := c.Call(method, args, &out); err != nil {
		t.Fatalf("%s as %s: %v", method, user, err)
	}
}

// TestMigrationPageInChromium: after a few legacy calls as demo and admin,
// chromium loads /admin/migration as admin and finds both logins' rows
// and the SVG chart's bars; the same page as demo is refused (403).
func TestMigrationPageInChromium(t *testing.T) {
	exe := chromium(t)
	srv := testserver.Run(t, testserver.Config{Args: []string{"--demo", "--listen", "127.0.0.1:0"}})
	if err := srv.WaitHealthy(30 * time.Second); err != nil {
		t.Fatal(err)
	}
	legacyCall(t, srv.Addr, "demo", "backlog.getProjects", nil)
	legacyCall(t, srv.Addr, "demo", "backlog.getProjects", nil)
	legacyCall(t, srv.Addr, "admin", "backlog.getProjects", nil)
	legacyCall(t, srv.Addr, "admin", "backlog.admin.getUsers", nil)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // CI containers run as root, where chromium's sandbox cannot start
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	browser, cancel := chromedp.NewContext(actx)
	defer cancel()
	// The first Run starts the browser, which lives as long as its
	// context: the time limit goes on the later steps only.
	if err := chromedp.Do(browser, authorization("demo", "demo")); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(browser, 90*time.Second)
	defer cancelTimeout()

	page := "http://" + srv.Addr + "/admin/migration"
	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(page))
	if err != nil {
		t.Fatalf("loading the page as demo: %v", err)
	}
	if resp.Status != http.StatusForbidden {
		t.Errorf("the page as demo (normal user): HTTP %d, want 403", resp.Status)
	}

	if err := chromedp.Do(ctx, authorization("admin", "admin")); err != nil {
		t.Fatal(err)
	}
	resp, err = chromedp.RunResponse(ctx, chromedp.Navigate(page))
	if err != nil {
		t.Fatalf("loading the page as admin: %v", err)
	}
	status := resp.Status
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`#calls`))); err != nil {
		t.Fatalf("the table: %v", err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#calls tbody tr[data-login]')).map(r => r.dataset.login + ' ' + r.dataset.method + ' ' + r.cells[2].textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	bars, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('svg#chart rect.bar').length`))
	if err != nil {
		t.Fatal(err)
	}
	legend, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('svg#chart text.legend').length`))
	if err != nil {
		t.Fatal(err)
	}
	// Every text of the chart is drawn inside it (the last date label was
	// once cut at the right edge).
	clipped, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('svg#chart text')).filter(t => { const b = t.getBBox(), w = t.ownerSVGElement.width.baseVal.value; return b.x < 0 || b.x + b.width > w }).map(t => t.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(clipped) > 0 {
		t.Errorf("chart texts drawn past its edge: %q", clipped)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100: PNG (below: JPEG)
	if err != nil {
		t.Fatal(err)
	}
	if status != http.StatusOK {
		t.Fatalf("the page as admin: HTTP %d", status)
	}
	got := strings.Join(rows, "\n")
	for _, want := range []string{
		"admin backlog.admin.getUsers 1",
		"admin backlog.getProjects 1",
		"demo backlog.getProjects 2",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table rows:\n%s\nlack %q", got, want)
		}
	}
	// Today's bar holds one segment per method: getProjects and admin.getUsers.
	if bars != 2 || legend != 2 {
		t.Errorf("chart: %d bars, %d legend entries; want 2 and 2", bars, legend)
	}
	shot := filepath.Join(artifactDir(t), "migration.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", shot)
}
