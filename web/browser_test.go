package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/kartusehat/kartusehat/rules"
)

// The browser tests drive headless Chromium (Debian's package chromium)
// through the pages. They skip when no Chromium is found, unless CI is
// set: there they fail without it. Screenshots go to
// $KARTUSEHAT_SCREENSHOTS, or to a temporary directory the test names.

// chromiumPath finds the browser.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// browser is a headless Chromium on one of the pages' servers, with the
// console messages of its tab.
type browser struct {
	t     *testing.T
	ctx   context.Context
	base  string
	shots string

	mu      sync.Mutex
	console []string
}

func newBrowser(t *testing.T, ts *httptest.Server) *browser {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set and no Chromium was found: .ci/run installs the Debian package chromium")
		}
		t.Skip("no Chromium (install the Debian package chromium); CI is not set")
	}
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]), chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.WindowSize(1280, 900), chromedp.Flag("lang", "id-ID"))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	shots := os.Getenv("KARTUSEHAT_SCREENSHOTS")
	if shots == "" {
		var err error
		if shots, err = os.MkdirTemp("", "kartusehat-screenshots-"); err != nil {
			t.Fatal(err)
		}
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, ctx: ctx, base: ts.URL, shots: shots}
	// The first Run starts the browser, on a context without a timeout.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting Chromium %s: %v", path, err)
	}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleException || m.Type == "error" {
				b.mu.Lock()
				b.console = append(b.console, fmt.Sprintf("%s (%s:%d)", m.Text, m.URL, m.Line+1))
				b.mu.Unlock()
			}
		}
	}()
	t.Logf("screenshots in %s", shots)
	return b
}

// do runs actions with a time limit.
func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

func run[T any](b *browser, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 90*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatal(err)
	}
	return v
}

// visit loads path, waits for it, checks the console stayed clean and
// the accessibility basics, and writes a screenshot as name.png.
func (b *browser) visit(path, name string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base+path), chromedp.WaitReady(chromedp.CSS("footer")))
	b.check(name)
}

// check checks the page shown and writes its screenshot.
func (b *browser) check(name string) {
	b.t.Helper()
	b.do(chromedp.Sleep(150 * time.Millisecond)) // late console messages (a failed image)
	b.mu.Lock()
	msgs := b.console
	b.console = nil
	b.mu.Unlock()
	for _, m := range msgs {
		if name == "not-found" && strings.Contains(m, "status of 404") {
			continue // the page's own status, as expected
		}
		b.t.Errorf("%s: console error: %s", name, m)
	}
	unlabelled := run(b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("input:not([type=hidden]), select, textarea"))
		.filter(e => e.labels.length === 0 && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby"))
		.map(e => e.outerHTML.slice(0, 80))`))
	for _, u := range unlabelled {
		b.t.Errorf("%s: an input without a label: %s", name, u)
	}
	if lang := run(b, chromedp.Evaluate[string](`document.documentElement.lang`)); lang == "" {
		b.t.Errorf("%s: no lang on <html>", name)
	}
	png := run(b, chromedp.FullScreenshot(100)) // quality 100: PNG (below it, JPEG)
	if err := os.WriteFile(filepath.Join(b.shots, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// tabThrough presses Tab until every labelled control of the page has
// had the focus (or n presses), and fails for those it never reached. The
// first Tab must reach the skip link.
func (b *browser) tabThrough(name string, n int) {
	b.t.Helper()
	want := run(b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("input:not([type=hidden]), select, textarea, button"))
		.filter(e => e.offsetParent !== null).map(e => e.id || e.name || e.textContent.trim())`))
	run(b, chromedp.Evaluate[bool](`(document.activeElement && document.activeElement.blur(), window.scrollTo(0,0), true)`))
	seen := map[string]bool{}
	for i := 0; i < n && len(seen) < len(want); i++ {
		b.do(chromedp.KeyEvent(kb.Tab))
		el := run(b, chromedp.Evaluate[map[string]string](`(e => ({tag: e.tagName, key: e.id || e.name || e.textContent.trim(), cls: e.className}))(document.activeElement)`))
		if i == 0 && el["cls"] != "skip" {
			b.t.Errorf("%s: the first Tab reaches %v, not the skip link", name, el)
		}
		if slices.Contains(want, el["key"]) {
			seen[el["key"]] = true
		}
	}
	for _, w := range want {
		if !seen[w] {
			b.t.Errorf("%s: %q cannot be reached with Tab", name, w)
		}
	}
}

// downloadWorkbook clicks the report's workbook link, lets Chromium
// download the file, and checks the workbook against the figures the
// page shows (checkWorkbook).
func (b *browser) downloadWorkbook(files int) {
	b.t.Helper()
	page := map[string]int64{}
	for _, f := range figureIDs {
		page[f.testid] = digits(b.t, run(b, chromedp.Text(chromedp.CSS(`[data-testid=`+f.testid+`]`))))
	}
	dir := b.t.TempDir()
	ctx, cancel := context.WithTimeout(b.ctx, 90*time.Second)
	defer cancel()
	progress := chromedp.Events(ctx, cdpbrowser.DownloadProgress)
	b.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
			Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: new(true)})
		return err
	}), chromedp.Click(chromedp.CSS(`a[href$="/workbook.xlsx"]`)))
	for ev, err := range progress {
		if err != nil {
			b.t.Fatalf("the workbook's download: %v", err)
		}
		if ev.State == cdpbrowser.DownloadProgressStateCanceled {
			b.t.Fatal("the workbook's download was cancelled")
		}
		if ev.State != cdpbrowser.DownloadProgressStateCompleted {
			continue
		}
		xlsx, err := os.ReadFile(filepath.Join(dir, ev.GUID))
		if err != nil {
			b.t.Fatal(err)
		}
		checkWorkbook(b.t, xlsx, page, files, "")
		return
	}
	b.t.Fatal("the workbook was not downloaded")
}

func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests: not in -short")
	}
	ts := newTestServer(t, nil)
	b := newBrowser(t, ts)

	t.Run("pages", func(t *testing.T) {
		b.t = t
		for _, p := range []struct{ path, name string }{
			{"/", "home"},
			{"/?lang=en", "home-en"},
			{"/?lang=id", "home-id"},
			{"/rules?date=2019-03-01", "rules"},
			{"/rules/param?path=tariff.ambulance.city", "param"},
			{"/rules/instruments", "instruments"},
			{"/rules/facilities", "facilities"},
			{"/rules/lists", "lists"},
			{"/rules/ambiguities", "ambiguities"},
			{"/rules/reform?name=discount-type-b-25.yaml", "reform-diff"},
			{"/rules/search?q=Ps.16", "search"},
			{"/desk", "desk"},
			{"/lab", "lab"},
			{"/no-such-page", "not-found"},
		} {
			b.visit(p.path, p.name)
		}
	})

	t.Run("keyboard", func(t *testing.T) {
		b.t = t
		for _, p := range []struct {
			path, name string
			tabs       int
		}{{"/desk", "desk", 40}, {"/lab", "lab", 40}, {"/rules/diff", "diff", 40}, {"/rules/search", "search", 40}, {"/rules/reform", "reform", 40}, {"/rules", "rules", 40}} {
			b.do(chromedp.Navigate(b.base+p.path), chromedp.WaitReady(chromedp.CSS("footer")))
			b.tabThrough(p.name, p.tabs)
		}
	})

	t.Run("diff", func(t *testing.T) {
		b.t = t
		b.do(chromedp.Navigate(b.base+"/rules/diff"), chromedp.WaitReady(chromedp.CSS("#from")),
			chromedp.SetValue(chromedp.CSS("#from"), "2018-08-22"), chromedp.SetValue(chromedp.CSS("#to"), "2018-08-23"),
			chromedp.Submit(chromedp.CSS("#to")), chromedp.Sleep(300*time.Millisecond), chromedp.WaitReady(chromedp.CSS("#diff")))
		got := run(b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("a.changed-param")).map(a => a.textContent)`))
		var want []string
		for _, p := range rules.Default().Params() {
			for _, v := range p.Values {
				if v.From.Equal(rules.MustDate(2018, 8, 23)) {
					want = append(want, p.Path)
				}
			}
		}
		if len(want) == 0 {
			t.Fatal("the rulebook has no value from 2018-08-23: the test tests nothing")
		}
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("%s changed on 2018-08-23 and is not listed", w)
			}
		}
		b.check("diff")
	})

	t.Run("desk", func(t *testing.T) {
		b.t = t
		month, _ := filepath.Abs(sampleMonth)
		data, _ := os.ReadFile(month)
		want := verifyDirect(t, data).BeritaAcara
		b.do(chromedp.Navigate(b.base+"/desk"), chromedp.WaitReady(chromedp.CSS("#month")),
			chromedp.SetUploadFiles(chromedp.CSS("#month"), []string{month}),
			chromedp.Click(chromedp.CSS(`form[data-progress] button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=payable-now]`)))
		for id, v := range map[string]string{
			"files": itoa(want.Files), "errors": itoa(want.Errors), "claimed": rupiah("id", want.Amounts.Claimed),
			"payable": rupiah("id", want.Amounts.Payable), "reduced": rupiah("id", want.Amounts.Reduced),
			"denied": rupiah("id", want.Amounts.Denied), "payable-now": rupiah("id", want.PayableNow),
		} {
			got := run(b, chromedp.Text(chromedp.CSS(`[data-testid=`+id+`]`)))
			if strings.TrimSpace(got) != v {
				t.Errorf("%s: the page shows %q, VerifyBatch %q", id, got, v)
			}
		}
		rows := run(b, chromedp.Evaluate[int](`document.querySelectorAll("[data-testid=by-reason] tbody tr").length`))
		if rows != len(want.ByReason) {
			t.Errorf("by reason: %d rows, VerifyBatch %d", rows, len(want.ByReason))
		}
		// Sorting by a header's button works from the keyboard.
		b.do(chromedp.Focus(chromedp.CSS(`[data-testid=by-reason] thead th:nth-child(2) button`)), chromedp.KeyEvent(kb.Enter))
		if s := run(b, chromedp.Evaluate[string](`document.querySelector("[data-testid=by-reason] thead th:nth-child(2)").getAttribute("aria-sort")`)); s != "ascending" {
			t.Errorf("sorting: aria-sort %q", s)
		}
		b.downloadWorkbook(want.Files)
		b.check("desk-report")
		loc := run(b, chromedp.Location())
		b.visit(strings.TrimPrefix(loc, b.base)+"/print", "desk-print")
	})

	t.Run("login", func(t *testing.T) {
		b.t = t
		locked := newTestServer(t, func(o *Options) { o.Token = "kunci-rahasia" })
		b.do(chromedp.Navigate(locked.URL+"/rules"), chromedp.WaitReady(chromedp.CSS("#token")))
		b.check("login")
		b.tabThrough("login", 10)
		b.do(chromedp.SendKeys(chromedp.CSS("#token"), "kunci-rahasia"), chromedp.Submit(chromedp.CSS("#token")),
			chromedp.WaitReady(chromedp.CSS(".cards")))
		if loc := run(b, chromedp.Location()); loc != locked.URL+"/" {
			t.Errorf("after login at %s", loc)
		}
		// The session cookie is HttpOnly: the page's script cannot read it.
		if ck := run(b, chromedp.Evaluate[string](`document.cookie`)); strings.Contains(ck, cookieSession) {
			t.Errorf("the session cookie is visible to script: %s", ck)
		}
		b.do(chromedp.Navigate(locked.URL+"/rules/lists"), chromedp.WaitReady(chromedp.CSS("#exclusions")))
	})

	t.Run("lab", func(t *testing.T) {
		b.t = t
		b.do(chromedp.Navigate(b.base+"/lab"), chromedp.WaitReady(chromedp.CSS("#reform1")),
			chromedp.SetValue(chromedp.CSS("#reform1"), "discount-type-b-25.yaml"),
			chromedp.SetValue(chromedp.CSS("#scale"), "5"),
			chromedp.Click(chromedp.CSS(`form[data-progress] button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS("#lab-table")))
		for _, id := range []string{"chart", "chart-diff"} {
			ok := run(b, chromedp.Poll[bool](`document.getElementById("`+id+`").complete && document.getElementById("`+id+`").naturalWidth > 0`))
			if !ok {
				t.Errorf("the chart %s did not load", id)
			}
		}
		n := run(b, chromedp.Evaluate[int](`document.querySelectorAll("#lab-table tbody tr").length`))
		if n < 13 {
			t.Errorf("the table has %d rows, want the total and 12 months at least", n)
		}
		b.check("lab-result")
	})
}
