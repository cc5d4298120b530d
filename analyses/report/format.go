package report

import (
	"math/big"
	"strconv"
	"strings"
	"time"
)

// The formatting below reproduces Postgres' to_char formats of dbt/scripts/print_answer.sql,
// so the report's lines are the lines `just pipeline` prints. Decimals round half away from
// zero, as to_char does on numeric (big.Rat.FloatString does the same).

// formatDate formats a date as YYYY-MM-DD.
func formatDate(t time.Time) string { return t.Format(time.DateOnly) }

// formatInt formats an integer with thousands separators (to_char 'FM999,999,999').
func formatInt(n int64) string { return groupThousands(strconv.FormatInt(n, 10)) }

// formatDecimal rounds r to places decimals and groups the integer part by thousands
// (to_char 'FM999,990.00' for places 2, 'FM999,999,999' for places 0).
func formatDecimal(r *big.Rat, places int) string {
	if r == nil {
		return ""
	}
	s := r.FloatString(places)
	if s == "-0" || strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	out := groupThousands(intPart)
	if hasFrac {
		out += "." + frac
	}
	return out
}

// formatSigned rounds r to places decimals with an explicit sign (to_char 'FMSG990.000').
func formatSigned(r *big.Rat, places int) string {
	s := formatDecimal(r, places)
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s
}

// formatTrimmed rounds r to at most places decimals without trailing zeros or a trailing
// point (to_char 'FM990.##').
func formatTrimmed(r *big.Rat, places int) string {
	s := formatDecimal(r, places)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// formatPercent formats a share as a percentage with two decimals (to_char of 100 * r,
// 'FM990.00').
func formatPercent(r *big.Rat) string {
	if r == nil {
		return ""
	}
	return formatDecimal(new(big.Rat).Mul(r, big.NewRat(100, 1)), 2)
}

func groupThousands(digits string) string {
	sign := ""
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String()
}

// AnswerLine is the scenario's answer in one line, exactly as dbt/scripts/print_answer.sql
// prints it, e.g. "no retirements: 42,000 in orbit on 2061-07-17 after 756 launches (as of
// 2021-10-17; 1.58 launches/month, 53.5 satellites/launch, no satellite ever leaves orbit)".
func AnswerLine(s Scenario) string {
	var b strings.Builder
	b.WriteString(s.Name() + ": " + formatInt(s.TargetSatellites) + " in orbit ")
	if s.Reached() {
		b.WriteString("on " + formatDate(*s.TargetReachedOn) + " after " + formatInt(*s.LaunchesNeeded) + " launches")
	} else {
		b.WriteString("not reached by " + formatDate(s.HorizonDate) + ", levels off near " + formatDecimal(s.SatellitesInOrbitAtHorizon, 0))
	}
	b.WriteString(" (as of " + formatDate(s.AsOfDate) + "; " + formatDecimal(s.LaunchesPerMonth, 2) + " launches/month")
	if s.LaunchesPerMonthChange != nil && s.LaunchesPerMonthChange.Sign() != 0 {
		b.WriteString(" changing by " + formatSigned(s.LaunchesPerMonthChange, 3) + " each month")
	}
	b.WriteString(", " + formatDecimal(s.SatellitesPerLaunch, 1) + " satellites/launch, ")
	if s.SatelliteLifetimeYears == nil {
		b.WriteString("no satellite ever leaves orbit")
	} else {
		b.WriteString(formatPercent(s.EarlyFailureRate) + "% early failures, " + formatTrimmed(s.SatelliteLifetimeYears, 2) + "-year lifetime")
	}
	b.WriteString(")")
	return b.String()
}

// Outcome is the scenario's answer in a few words, for the chart legend and the table:
// "42,000 on 2061-07-17 after 756 launches" or "not reached by 2100, levels off near 5,041".
func Outcome(s Scenario) string {
	if s.Reached() {
		return formatInt(s.TargetSatellites) + " on " + formatDate(*s.TargetReachedOn) + " after " + formatInt(*s.LaunchesNeeded) + " launches"
	}
	return "not reached by " + strconv.Itoa(s.HorizonDate.Year()) + ", levels off near " + formatDecimal(s.SatellitesInOrbitAtHorizon, 0)
}
