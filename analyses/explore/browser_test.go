package explore

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The page in a real browser: Debian's Chromium, headless, driven over the DevTools protocol,
// against the server over the hand-made history. The test fails when Chromium is missing
// (.ci/run installs it).
func TestPage_MovingStarshipAYearLaterChangesTheAnswerChartAndURL(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is not installed: the page's browser test needs Debian's chromium (apt-get install chromium)")
	}
	srv := httptest.NewServer(testServer(t).Handler())
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1400, 1000))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// A deadline for the whole test, as a timer: a timeout on the browser's first context would
	// be the browser's.
	timer := time.AfterFunc(3*time.Minute, cancel)
	defer timer.Stop()

	// answered waits until the page has answered the query holding want (not running, no error).
	answered := func(want string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](`location.search.includes(`+jsString(want)+`) &&
			!document.querySelector('#status').classList.contains('busy') &&
			document.querySelector('#headline').textContent.length > 0 &&
			document.querySelector('#chart-in-orbit svg') !== null &&
			document.querySelector('#ledger-runs tbody').children.length > 0`, chromedp.WithPollingTimeout(60*time.Second))
	}
	read := chromedp.Evaluate[view](`({
		headline: document.querySelector('#headline').textContent,
		chart: document.querySelector('#chart-in-orbit').innerHTML,
		table: document.querySelector('#scenarios tbody').textContent,
		p50: document.querySelector('#ctl-` + starshipP50 + `').value,
		search: location.search,
		status: document.querySelector('#status').textContent,
		errorBox: document.querySelector('#error').hidden ? '' : document.querySelector('#error').textContent,
		ledger: document.querySelector('#ledger-runs tbody').textContent,
	})`)
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) view {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		v, err := chromedp.Run(ctx, read)
		if err != nil {
			t.Fatalf("%s: reading the page: %v", what, err)
		}
		return v
	}

	// The browser starts on the first Run: its context has no timeout (see chromedp.Run).
	before := step("loading the page", chromedp.Navigate(srv.URL+"/"), answered(""))
	if before.P50 != "2027-06" || before.Search != "" || before.ErrorBox != "" || !strings.Contains(before.Headline, "P50 Jun 2027") {
		t.Fatalf("the default view: p50 %q, URL query %q, error %q, headline %q", before.P50, before.Search, before.ErrorBox, before.Headline)
	}
	if !strings.Contains(before.Ledger, "no run yet") {
		t.Errorf("the ledger section (no runs here) says %q", before.Ledger)
	}
	if !strings.Contains(before.Status, "Answered in") || !strings.Contains(before.Chart, "target: 42,000") {
		t.Errorf("the default view: status %q; the chart has a target line: %v", before.Status, strings.Contains(before.Chart, "target: 42,000"))
	}

	// Starship's first Starlink month a year later (p10, p50 and p90 together).
	after := step("moving Starship a year later", chromedp.Click(chromedp.CSS("#starship-later")), answered(starshipP50+"=2028-06"))
	if after.ErrorBox != "" {
		t.Fatalf("the page shows an error: %s", after.ErrorBox)
	}
	q, err := url.ParseQuery(strings.TrimPrefix(after.Search, "?"))
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{"starship_first_starlink_month_p10": {"2027-09"}, starshipP50: {"2028-06"}, "starship_first_starlink_month_p90": {"2030-06"}}
	if q.Encode() != want.Encode() {
		t.Errorf("the URL holds %q, want %q", after.Search, want.Encode())
	}
	if after.P50 != "2028-06" {
		t.Errorf("the p50 control shows %q, want 2028-06", after.P50)
	}
	if after.Headline == before.Headline || !strings.Contains(after.Headline, "P50 Jun 2028") {
		t.Errorf("the answer did not follow: before %q, after %q", before.Headline, after.Headline)
	}
	if after.Chart == before.Chart {
		t.Error("the fan chart did not change")
	}
	if after.Table == before.Table {
		t.Error("the scenarios' numbers did not change")
	}

	// Hovering the fan chart reads out the month's numbers.
	tip, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const box = document.querySelector('#chart-in-orbit'), r = box.querySelector('svg').getBoundingClientRect();
		box.dispatchEvent(new MouseEvent('mousemove', {clientX: r.left + r.width * 0.8, clientY: r.top + r.height / 2, bubbles: true}));
		const tip = box.querySelector('.tip');
		return tip.hidden ? '' : tip.textContent;
	})()`))
	if err != nil {
		t.Fatalf("hovering the chart: %v", err)
	}
	if !strings.Contains(tip, "end of ") || !strings.Contains(tip, "Overall: ") {
		t.Errorf("hovering the fan chart shows %q, want the month and each scenario's numbers", tip)
	}

	// Reloading the URL restores the view.
	reloaded := step("reloading", chromedp.Reload(), answered(starshipP50+"=2028-06"))
	if reloaded.Headline != after.Headline || reloaded.Chart != after.Chart || reloaded.P50 != "2028-06" {
		t.Errorf("reloading %s did not restore the view: headline %q, p50 %q, chart equal %v", after.Search, reloaded.Headline, reloaded.P50, reloaded.Chart == after.Chart)
	}

	// A value out of range is refused by name; the last answer stays.
	bad := step("an out-of-range value",
		chromedp.SetValue(chromedp.CSS("#ctl-starship_never_share"), "1.5"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#ctl-starship_never_share').dispatchEvent(new Event('change')), undefined`),
		chromedp.Poll[chromedp.Void](`!document.querySelector('#error').hidden`, chromedp.WithPollingTimeout(30*time.Second)))
	if !strings.Contains(bad.ErrorBox, "starship_never_share") || bad.Headline != after.Headline {
		t.Errorf("an out-of-range share: error %q; headline kept %v", bad.ErrorBox, bad.Headline == after.Headline)
	}
}

// view is what the test reads of the page.
type view struct {
	Headline string `json:"headline"`
	Chart    string `json:"chart"`
	Table    string `json:"table"`
	P50      string `json:"p50"`
	Search   string `json:"search"`
	Status   string `json:"status"`
	ErrorBox string `json:"errorBox"`
	Ledger   string `json:"ledger"`
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
