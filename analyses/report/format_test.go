package report

import (
	"testing"
	"time"
)

func TestFormatPercent_NeverRoundsARareEventToImpossibleOrCertain(t *testing.T) {
	for _, c := range []struct {
		share float64
		want  string
	}{
		{0, "0%"}, {1, "100%"}, {0.71, "71%"}, {0.004, "<1%"}, {0.996, ">99%"}, {0.006, "1%"}, {0.994, "99%"}, {0.125, "13%"},
	} {
		if got := formatPercent(c.share); got != c.want {
			t.Errorf("formatPercent(%v) = %q, want %q", c.share, got, c.want)
		}
	}
}

func TestFormatFloat_RoundsHalfAwayFromZeroAndGroupsThousands(t *testing.T) {
	for _, c := range []struct {
		v      float64
		places int
		want   string
	}{
		{39.772727, 1, "39.8"}, {1234567.5, 0, "1,234,568"}, {-0.04, 1, "0.0"}, {2.25, 1, "2.3"}, {-1234.5, 0, "-1,235"}, {0.05, 3, "0.050"},
	} {
		if got := formatFloat(c.v, c.places); got != c.want {
			t.Errorf("formatFloat(%v, %d) = %q, want %q", c.v, c.places, got, c.want)
		}
	}
}

func TestFormatInt_GroupsThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 42000: "42,000", -1234567: "-1,234,567"} {
		if got := formatInt(n); got != want {
			t.Errorf("formatInt(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFormatRange_SaysWhichEndIsNotReached(t *testing.T) {
	lo, hi := int64(310), int64(1520)
	for _, c := range []struct {
		lo, hi *int64
		want   string
	}{
		{&lo, &hi, "310–1,520"}, {&lo, nil, "310–not reached"}, {nil, nil, "not reached"},
	} {
		if got := formatRange(c.lo, c.hi); got != c.want {
			t.Errorf("formatRange = %q, want %q", got, c.want)
		}
	}
}

func TestFormatMonth_IsMonthAndYear(t *testing.T) {
	if got := formatMonth(time.Date(2030, 6, 1, 0, 0, 0, 0, time.UTC)); got != "Jun 2030" {
		t.Errorf("formatMonth = %q, want Jun 2030", got)
	}
	if got := formatMonthOr(nil, "not by the horizon"); got != "not by the horizon" {
		t.Errorf("formatMonthOr(nil) = %q", got)
	}
}

func TestDataSources_NamesBothSourcesOrSaysAPIOnly(t *testing.T) {
	if got := dataSources("spacex_api"); got != "the SpaceX API only (no Space-Track catalogue)" {
		t.Errorf("dataSources(spacex_api) = %q", got)
	}
	if got := dataSources("spacex_api+spacetrack"); got != "Space-Track's satellite catalogue and the SpaceX API" {
		t.Errorf("dataSources(spacex_api+spacetrack) = %q", got)
	}
}
