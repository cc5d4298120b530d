package report

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Formatting of the report's tables and charts. The answer sentences are not formatted here:
// they come whole from fct_starlink_forecast.answer.

// formatDate formats a date as YYYY-MM-DD.
func formatDate(t time.Time) string { return t.Format(time.DateOnly) }

// formatMonth formats a month as "Jun 2030", the precision of the forecast's dates.
func formatMonth(t time.Time) string { return t.Format("Jan 2006") }

// formatMonthOr formats a month, or says what a null means.
func formatMonthOr(t *time.Time, null string) string {
	if t == nil {
		return null
	}
	return formatMonth(*t)
}

// formatInt formats an integer with thousands separators.
func formatInt(n int64) string { return groupThousands(strconv.FormatInt(n, 10)) }

// formatFloat rounds v to places decimals (half away from zero) with thousands separators.
func formatFloat(v float64, places int) string {
	p := math.Pow(10, float64(places))
	r := math.Round(v*p) / p
	if r == 0 {
		r = 0 // no "-0"
	}
	s := strconv.FormatFloat(r, 'f', places, 64)
	intPart, frac, hasFrac := strings.Cut(s, ".")
	out := groupThousands(intPart)
	if hasFrac {
		out += "." + frac
	}
	return out
}

// formatPercent formats a share (0..1) as a whole percentage, "71%"; shares that round to 0
// or 100 but are not say "<1%" or ">99%", so a rare event never reads as impossible.
func formatPercent(share float64) string {
	s := formatFloat(share*100, 0)
	switch {
	case s == "0" && share > 0:
		return "<1%"
	case s == "100" && share < 1:
		return ">99%"
	}
	return s + "%"
}

// formatPercent1 formats a share as a percentage with one decimal, "4.2%".
func formatPercent1(share float64) string { return formatFloat(share*100, 1) + "%" }

// formatRange formats a P10–P90 range of launch counts, "310–520", or says it is not reached.
func formatRange(lo, hi *int64) string {
	switch {
	case lo == nil && hi == nil:
		return "not reached"
	case hi == nil:
		return formatInt(*lo) + "–not reached"
	case lo == nil:
		return "not reached–" + formatInt(*hi)
	}
	return formatInt(*lo) + "–" + formatInt(*hi)
}

func formatIntOr(n *int64, null string) string {
	if n == nil {
		return null
	}
	return formatInt(*n)
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

// dataSources says in words which data the forecast was made from.
func dataSources(s string) string {
	switch s {
	case "spacex_api":
		return "the SpaceX API only (no Space-Track catalogue)"
	case "spacex_api+spacetrack":
		return "Space-Track's satellite catalogue and the SpaceX API"
	case "spacex_api+celestrak":
		return "CelesTrak's satellite catalogue and the SpaceX API"
	case "spacex_api+spacetrack+celestrak":
		return "Space-Track's and CelesTrak's satellite catalogues and the SpaceX API"
	}
	return s
}

// methodName is a backtest method in words.
func methodName(m string) string {
	switch m {
	case "capacity":
		return "capacity (the engine, Falcon 9 only)"
	case "flat_pooled":
		return "flat cadence, pooled lifetimes"
	case "naive":
		return "naive (no retirement)"
	}
	return strings.ReplaceAll(m, "_", " ")
}

// formatScore formats a score or an estimate with about three significant digits: 1,234,
// 12.3, 0.123.
func formatScore(v float64) string {
	switch a := math.Abs(v); {
	case a >= 100:
		return formatFloat(v, 0)
	case a >= 10:
		return formatFloat(v, 1)
	case a >= 1:
		return formatFloat(v, 2)
	}
	return formatFloat(v, 3)
}

// formatSigned is formatScore with a sign: "+12.3", "−4.00", "0.000".
func formatSigned(v float64) string {
	s := formatScore(v)
	switch {
	case strings.HasPrefix(s, "-"):
		return "−" + s[1:]
	case strings.Trim(s, "0.,") == "":
		return s
	}
	return "+" + s
}

func stringOr(s *string, null string) string {
	if s == nil || *s == "" {
		return null
	}
	return *s
}

// shortCommit is the first 12 characters of a commit, "unknown" when null.
func shortCommit(s *string) string {
	c := stringOr(s, "unknown")
	if len(c) > 12 && c != "unknown" {
		return c[:12]
	}
	return c
}

// shortHash is the first 12 characters of an assumptions hash.
func shortHash(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}
