package report

import (
	"strings"
	"testing"
	"time"
)

func TestComparablePoints_AreTheCurrentAssumptionsOnePerDate(t *testing.T) {
	d := fixtureData(t)
	pts := comparablePoints(d)
	if len(pts) != len(d.Ledger)-1 {
		t.Fatalf("%d comparable points of %d, want all but run 3 (other assumptions)", len(pts), len(d.Ledger))
	}
	for _, p := range pts {
		if p.RunID == 3 {
			t.Error("run 3, made with other assumptions, is compared")
		}
	}
	// A re-run on the same data and assumptions replaces the earlier point of its date.
	again := d.Ledger[len(d.Ledger)-1]
	d.Ledger[len(d.Ledger)-1].IsCurrent, again.RunID, again.Order = false, 8, again.Order+1
	again.ShareNeverReached = 0.5
	d.Ledger = append(d.Ledger, again)
	pts = comparablePoints(d)
	if last := pts[len(pts)-1]; last.RunID != 8 || pts[len(pts)-2].AsOf.Equal(last.AsOf) {
		t.Errorf("the last comparable points are runs %d and %d, want run 8 alone for its date", pts[len(pts)-2].RunID, last.RunID)
	}
}

func TestAnswerMovement_SaysSettlingOrDriftingFromTheLastPoints(t *testing.T) {
	month := func(s string) *time.Time { x := date(t, s+"-01"); return &x }
	for _, tc := range []struct {
		name    string
		change  func(d *Data)
		verdict string
		words   []string
	}{
		{"fixture", func(*Data) {}, "settling", []string{"Over its last 4 points with the current assumptions (as of 2023-11-30 to 2025-06-18)",
			"the median month in which 42,000 is first reached stayed between Jun 2033 and Nov 2033 (5 months apart; net 3 months earlier)",
			"between 2% and 5% (net −3 points)", "**settling** (within 12 months and 10 points)"}},
		{"later", func(d *Data) {
			n := len(d.Ledger)
			for i, m := range []string{"2034-01", "2035-03", "2036-08"} {
				d.Ledger[n-4+i].ReachP50 = month(m)
			}
			d.Ledger[n-1].ReachP50 = month("2038-02")
		}, "drifting later", []string{"between Jan 2034 and Feb 2038", "net 49 months later", "**drifting later**"}},
		{"earlier", func(d *Data) {
			n := len(d.Ledger)
			for i := range 4 {
				d.Ledger[n-4+i].ShareNeverReached = 0.45 - 0.12*float64(i)
			}
		}, "drifting earlier", []string{"between 9% and 45% (net −36 points)", "**drifting earlier**"}},
		{"back and forth", func(d *Data) {
			n := len(d.Ledger)
			for i, m := range []string{"2033-01", "2036-01", "2033-02"} {
				d.Ledger[n-4+i].ReachP50 = month(m)
			}
		}, "not settling", []string{"between Jan 2033 and Jan 2036", "**not settling**"}},
		{"median not reached", func(d *Data) {
			n := len(d.Ledger)
			d.Ledger[n-2].ReachP50 = nil
		}, "settling", []string{"the median stayed beyond Dec 2045", "the earliest 10% of paths reach 42,000 stayed between Oct 2030 and Mar 2031"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := fixtureData(t)
			tc.change(&d)
			m, ok := answerMovement(d)
			if !ok {
				t.Fatal("no movement from the fixture's points")
			}
			if m.Verdict != tc.verdict {
				t.Errorf("verdict %q, want %q (%+v)", m.Verdict, tc.verdict, m)
			}
			s := m.sentence("42,000", "Dec 2045")
			for _, w := range tc.words {
				if !strings.Contains(s, w) {
					t.Errorf("the sentence lacks %q:\n%s", w, s)
				}
			}
		})
	}
}

func TestAnswerMovement_NeedsTwoComparablePoints(t *testing.T) {
	d := fixtureData(t)
	d.Ledger = d.Ledger[len(d.Ledger)-1:]
	if _, ok := answerMovement(d); ok {
		t.Error("a verdict from one point")
	}
	md, err := Markdown(d, Inputs{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "Too few points with the current assumptions") {
		t.Error("the report does not say it has too few points to judge")
	}
}

func TestLedgerChart_DrawsEveryComparablePointAndMarksTheOthers(t *testing.T) {
	d := fixtureData(t)
	c, err := LedgerChart(d)
	if err != nil {
		t.Fatal(err)
	}
	want := len(d.Ledger) - 1 // run 3 has other assumptions: a grey mark, not in the series
	if len(c.Series) != 3 {
		t.Fatalf("series %+v, want the reach month band, never and by 2035", c.Series)
	}
	for _, s := range c.Series {
		if s.Points != want {
			t.Errorf("%s: %d points, want %d", s.Name, s.Points, want)
		}
	}
	if !strings.Contains(c.key[len(c.key)-1].Text, "other assumptions") {
		t.Error("the key does not explain the grey run")
	}
	for _, render := range []func() ([]byte, error){c.SVG, c.PNG} {
		if b, err := render(); err != nil || len(b) == 0 {
			t.Fatalf("render: %d bytes, %v", len(b), err)
		}
	}
	// Only runs with the current assumptions, one a re-run on the same date (hidden by the
	// later one): no grey entry.
	d.Ledger = d.Ledger[1:]
	n := len(d.Ledger)
	earlier := d.Ledger[n-1]
	earlier.RunID, earlier.IsCurrent = 6, false
	d.Ledger = append(d.Ledger[:n-1], earlier, d.Ledger[n-1])
	for i := range d.Ledger {
		d.Ledger[i].Order = i + 1
	}
	if c, err = LedgerChart(d); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(c.key[len(c.key)-1].Text, "other assumptions") {
		t.Error("a grey entry without a run of other assumptions")
	}
}

func TestValidate_RefusesALedgerWithoutTheCurrentRun(t *testing.T) {
	d := fixtureData(t)
	d.Ledger[len(d.Ledger)-1].IsCurrent = false
	if err := d.Validate(); err == nil || !strings.Contains(err.Error(), "fct_starlink_forecast_ledger: 0 points are the current answer") {
		t.Errorf("err = %v", err)
	}
	d = fixtureData(t)
	d.Ledger[1].IsCurrent = true
	if err := d.Validate(); err == nil || !strings.Contains(err.Error(), "the current answer is backtest_origin 7, not run 7") {
		t.Errorf("err = %v", err)
	}
}

func TestMarkdown_ShowsHowTheAnswerMovedWithTheChartTableAndVerdict(t *testing.T) {
	d := fixtureData(t)
	md, err := Markdown(d, Inputs{})
	if err != nil {
		t.Fatal(err)
	}
	s := string(md)
	for _, want := range []string{
		"](charts/starlink-answer-history.png)", "(charts/starlink-answer-history.svg)",
		"| 2021-10-17 | run 3 (other assumptions) | 1,650 | not reached | Jan 2038 | not reached | – | 30% | 2,100 | 20% |",
		"| 2022-11-30 | backtest origin | 3,300 | Apr 2030 | Feb 2036 | not reached | ×1.50 | 44% | 1,520 | 45% |",
		"| 2021-11-30 | backtest origin | 1,700 | Jun 2031 | not reached | not reached | – | 62% | – | 28% |",
		"| 2025-06-18 | **run 7** (this report) | 7,600 | Mar 2031 | Jun 2033 | Nov 2036 | ×1.30 | 2% | 1,400 | 71% |",
		"the answer is **settling**",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Index(s, "## How the answer moved") > strings.Index(s, "starlink-answer-history.png") {
		t.Error("the chart is not in the section How the answer moved")
	}
}
