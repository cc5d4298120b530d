package report

import (
	"strings"
	"testing"
)

func TestAnswerLine_IsThePrintAnswerLine(t *testing.T) {
	// The lines dbt/scripts/print_answer.sql printed for the recorded snapshot.
	want := []string{
		"flat cadence: 42,000 in orbit not reached by 2100-12-31, levels off near 5,041 (as of 2021-10-17; 1.58 launches/month, 53.5 satellites/launch, 0.76% early failures, 5-year lifetime)",
		"trend cadence: 42,000 in orbit not reached by 2100-12-31, levels off near 0 (as of 2021-10-17; 0.80 launches/month changing by -0.143 each month, 53.5 satellites/launch, 0.76% early failures, 5-year lifetime)",
		"no retirements: 42,000 in orbit on 2061-07-17 after 756 launches (as of 2021-10-17; 1.58 launches/month, 53.5 satellites/launch, no satellite ever leaves orbit)",
	}
	for i, s := range fixtureData(t).Scenarios {
		if got := AnswerLine(s); got != want[i] {
			t.Errorf("AnswerLine(%s)\n got %s\nwant %s", s.Key, got, want[i])
		}
	}
}

func TestAnswerLine_UnreachedTargetSaysNotReachedByTheHorizon(t *testing.T) {
	s := fixtureData(t).Scenarios[2]
	s.TargetReachedOn, s.LaunchesNeeded, s.MonthsNeeded = nil, nil, nil
	s.HorizonDate = date(t, "2050-12-31")
	s.SatellitesInOrbitAtHorizon = dec(t, "1234567")
	want := "no retirements: 42,000 in orbit not reached by 2050-12-31, levels off near 1,234,567 (as of"
	if got := AnswerLine(s); !strings.HasPrefix(got, want) {
		t.Errorf("AnswerLine = %s\nwant it to start with %s", got, want)
	}
	if got, want := Outcome(s), "not reached by 2050, levels off near 1,234,567"; got != want {
		t.Errorf("Outcome = %q, want %q", got, want)
	}
}

func TestAnswerLine_PositiveTrendHasAPlusSignAndLifetimeKeepsItsDecimals(t *testing.T) {
	s := fixtureData(t).Scenarios[1]
	s.LaunchesPerMonthChange = dec(t, "0.05")
	s.SatelliteLifetimeYears = dec(t, "7.50")
	got := AnswerLine(s)
	for _, want := range []string{"changing by +0.050 each month", "7.5-year lifetime"} {
		if !strings.Contains(got, want) {
			t.Errorf("AnswerLine = %s\nwant it to contain %q", got, want)
		}
	}
}

func TestFormatDecimal_RoundsHalfAwayFromZeroLikeToChar(t *testing.T) {
	for _, c := range []struct {
		in     string
		places int
		want   string
	}{
		{"0.125", 2, "0.13"},
		{"-0.125", 2, "-0.13"},
		{"0.795", 2, "0.80"},
		{"1234567.5", 0, "1,234,568"},
		{"999.999", 2, "1,000.00"},
		{"-0.0004", 3, "0.000"},
		{"53.5", 1, "53.5"},
	} {
		if got := formatDecimal(dec(t, c.in), c.places); got != c.want {
			t.Errorf("formatDecimal(%s, %d) = %q, want %q", c.in, c.places, got, c.want)
		}
	}
	if got := formatDecimal(nil, 2); got != "" {
		t.Errorf("formatDecimal(nil) = %q, want empty", got)
	}
}

func TestFormatTrimmed_DropsTrailingZerosAndPoint(t *testing.T) {
	for in, want := range map[string]string{"5.00": "5", "7.50": "7.5", "2.25": "2.25", "10": "10"} {
		if got := formatTrimmed(dec(t, in), 2); got != want {
			t.Errorf("formatTrimmed(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestFormatInt_GroupsThousands(t *testing.T) {
	for in, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 42000: "42,000", -1234567: "-1,234,567"} {
		if got := formatInt(in); got != want {
			t.Errorf("formatInt(%d) = %q, want %q", in, got, want)
		}
	}
}
