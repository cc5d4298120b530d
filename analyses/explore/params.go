package explore

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spacex-elt/spacex-elt/forecast"
)

// FieldError is one bad query parameter: the field (an assumption's name) and what is wrong
// with it. A request with any is answered 400 with all of them.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// FieldErrors are a request's bad parameters, in the order of their names.
type FieldErrors []FieldError

func (es FieldErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Override is an assumption a request sets to a value other than its default.
type Override struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	Default string `json:"default"`
	Unit    string `json:"unit"`
}

// parse reads the assumptions of a query (name=value, each name an assumption of the
// catalogue): every parameter checked against its control (known, not fixed, given once, of
// its kind, in range) and every p10 <= p50 <= p90 checked. It returns the assumptions, the
// overrides (values that differ from the defaults, in name order) and the canonical query
// that gives them.
func (s *Server) parse(q url.Values) (forecast.Assumptions, []Override, string, error) {
	a := s.defaults
	var errs FieldErrors
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	slices.Sort(names)
	given := map[string]bool{}
	for _, name := range names {
		c, ok := s.control[name]
		values := q[name]
		switch {
		case !ok:
			errs = append(errs, FieldError{name, "unknown assumption (GET /api/controls lists them)"})
			continue
		case c.Fixed != "":
			errs = append(errs, FieldError{name, "cannot be changed here: " + c.Fixed})
			continue
		case len(values) != 1:
			errs = append(errs, FieldError{name, fmt.Sprintf("given %d times; give it once", len(values))})
			continue
		}
		value, err := check(c, values[0])
		if err != nil {
			errs = append(errs, FieldError{name, err.Error()})
			continue
		}
		if err := a.Set(name, value); err != nil {
			errs = append(errs, FieldError{name, err.Error()})
			continue
		}
		given[name] = true
	}
	errs = append(errs, s.checkOrder(a, given)...)
	if len(errs) > 0 {
		return a, nil, "", errs
	}
	var overrides []Override
	canonical := url.Values{}
	for _, name := range names {
		v, _ := a.Get(name)
		c := s.control[name]
		if v == c.Default {
			continue
		}
		overrides = append(overrides, Override{Name: name, Value: v, Default: c.Default, Unit: c.Unit})
		canonical.Set(name, v)
	}
	return a, overrides, canonical.Encode(), nil
}

// check validates one value against its control and returns it trimmed.
func check(c Control, raw string) (string, error) {
	v := strings.TrimSpace(raw)
	if v == "" {
		return "", fmt.Errorf("is empty; want %s", want(c))
	}
	switch c.Kind {
	case "text":
		return v, nil
	case "month":
		if _, err := time.Parse("2006-01", v); err != nil {
			return "", fmt.Errorf("%q is not a month (YYYY-MM)", v)
		}
		if v < c.MinMonth || v > c.MaxMonth {
			return "", fmt.Errorf("%s is out of range: want %s", v, want(c))
		}
		return v, nil
	case "int":
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return "", fmt.Errorf("%q is not a whole number; want %s", v, want(c))
		}
		if float64(n) < c.Min || float64(n) > c.Max {
			return "", fmt.Errorf("%d is out of range: want %s", n, want(c))
		}
		return v, nil
	default:
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return "", fmt.Errorf("%q is not a number; want %s", v, want(c))
		}
		if x < c.Min || x > c.Max {
			return "", fmt.Errorf("%s is out of range: want %s", v, want(c))
		}
		return v, nil
	}
}

// want says in words what a control accepts.
func want(c Control) string {
	unit := ""
	if c.Unit != "" && c.Unit != "month" {
		unit = " " + c.Unit
	}
	switch c.Kind {
	case "month":
		return fmt.Sprintf("a month (YYYY-MM) from %s to %s", c.MinMonth, c.MaxMonth)
	case "int":
		return fmt.Sprintf("a whole number from %s to %s%s", num(c.Min), num(c.Max), unit)
	}
	return fmt.Sprintf("a number from %s to %s%s", num(c.Min), num(c.Max), unit)
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// checkOrder refuses a distribution whose percentiles are out of order (p10 <= p50 <= p90),
// naming a percentile the request gave.
func (s *Server) checkOrder(a forecast.Assumptions, given map[string]bool) FieldErrors {
	var errs FieldErrors
	for _, base := range s.distributions {
		names := [3]string{base + "_p10", base + "_p50", base + "_p90"}
		var vals [3]string
		for i, n := range names {
			vals[i], _ = a.Get(n)
		}
		less := func(x, y string) bool {
			if s.control[names[0]].Kind == "month" {
				return x < y
			}
			fx, _ := strconv.ParseFloat(x, 64)
			fy, _ := strconv.ParseFloat(y, 64)
			return fx < fy
		}
		for i := range 2 {
			if !less(vals[i+1], vals[i]) {
				continue
			}
			field := names[i+1]
			if given[names[i]] && !given[names[i+1]] {
				field = names[i]
			}
			errs = append(errs, FieldError{field, fmt.Sprintf("%s (%s) exceeds %s (%s): want p10 <= p50 <= p90", names[i], vals[i], names[i+1], vals[i+1])})
		}
	}
	// The generations' first months, in the catalogue's order, are in order.
	var gens []string
	for _, c := range s.controls {
		if isGeneration(c.Name) {
			gens = append(gens, c.Name)
		}
	}
	for i := 1; i < len(gens); i++ {
		prev, _ := a.Get(gens[i-1])
		cur, _ := a.Get(gens[i])
		if cur >= prev {
			continue
		}
		field := gens[i]
		if given[gens[i-1]] && !given[gens[i]] {
			field = gens[i-1]
		}
		errs = append(errs, FieldError{field, fmt.Sprintf("%s (%s) is after %s (%s): the generations' first months must be in order", gens[i-1], prev, gens[i], cur)})
	}
	return errs
}

// isGeneration says whether name is a generation's first month (generation_<name>_from_month).
func isGeneration(name string) bool {
	return strings.HasPrefix(name, "generation_") && strings.HasSuffix(name, "_from_month")
}
