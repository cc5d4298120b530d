package forecast

import "time"

// The engine's contract: what it reads (History), what it is told (Assumptions, in
// assumptions.go) and what it returns (Result). forecast/store reads History from the marts and
// writes Result into the warehouse's schema `forecast`, one table per slice of Result; dbt
// exposes those tables as marts. Dates are civil dates: time.Time at 00:00 UTC.

// Satellite is one Starlink satellite as the unified history knows it
// (analytics.dim_starlink_satellites).
type Satellite struct {
	NoradID int64
	// LaunchKey groups the satellites of one launch (the launch designator YYYY-NNN, or the
	// SpaceX API's launch id when no designator is known).
	LaunchKey  string
	LaunchDate time.Time
	// DecayDate is when it re-entered; nil while in orbit at History.AsOf.
	DecayDate *time.Time
}

// Vehicle names the rocket that carries Starlink satellites.
type Vehicle string

const (
	Falcon9  Vehicle = "falcon9"
	Starship Vehicle = "starship"
)

// Launch is one launch that carried (or, for the SpaceX API's launches without satellite data,
// was to carry) Starlink satellites (analytics.fct_starlink_launches).
type Launch struct {
	Key  string
	Date time.Time
	// Vehicle: every Starlink launch in the data flew on Falcon 9; the catalogue does not name
	// rockets, so a launch without a rocket name is Falcon 9.
	Vehicle Vehicle
	// Satellites deployed, nil when unknown (an API launch the catalogue does not list).
	Satellites *int
	// InCatalogue is true when the satellite data (catalogue or API satellites) lists the
	// launch's satellites; false for launches known only from the launch list.
	InCatalogue bool
}

// History is everything the engine knows: the satellites, the launches and the data's as-of
// date (its latest event). A backtest origin is a History cut at an earlier date (History.Cut).
type History struct {
	AsOf time.Time
	// Sources names where the history came from (e.g. "spacex_api+spacetrack"), for the output.
	Sources    string
	Satellites []Satellite
	Launches   []Launch
}

// Result is one run of the engine: every scenario's forecast and the backtest.
type Result struct {
	AsOf        time.Time
	Sources     string
	Assumptions Assumptions
	// AssumptionsHash is a stable hash of Assumptions (hex sha256 of their canonical JSON).
	AssumptionsHash string
	Scenarios       []ScenarioResult
	Monthly         []MonthlyRow
	Backtest        []BacktestRow
	// Ledger is the headline's answer as it would have been at each backtest origin, oldest
	// first: the history of the answer from the start (nil when the backtest is skipped).
	Ledger []LedgerRow
	// CalibrationFactors are the factors the run widened its intervals with
	// (method|target|horizon -> factor, e.g. "capacity|in_orbit|12"): the backtest's, or
	// Options.Factors when the backtest was skipped (nil: not widened). Pass them as
	// Options.Factors to a run that skips the backtest to get the same intervals.
	CalibrationFactors map[string]float64
	// Estimates are the quantities the engine fitted on the history (current cadence regime,
	// satellites per launch, hazards, de-orbit fit ...), shown in the report.
	Estimates []Estimate
}

// ScenarioResult is the answer of one scenario (table forecast.scenarios).
type ScenarioResult struct {
	Name        string // falcon9_only, starship_on_schedule, overall, naive_no_retirement
	Order       int
	Label       string // e.g. "With Falcon 9 alone"
	Description string
	// ConditionalOn says in words what the scenario assumes about the rockets.
	ConditionalOn string
	IsHeadline    bool
	IsNaive       bool

	SatellitesInOrbitAtAsOf int
	// The nowcast: launches the engine adds between the last catalogued launch and the as-of
	// date (median across paths) and their satellites.
	NowcastLaunchesP50   int
	NowcastSatellitesP50 int

	Target int
	// Month (first day) in which 10/50/90% of paths first reach Target; nil when fewer paths
	// reach it by the horizon.
	ReachMonthP10, ReachMonthP50, ReachMonthP90 *time.Time
	ShareNeverReached                           float64
	// Launches (all vehicles, from the as-of date) until the path reaches Target; nil as above.
	LaunchesNeededP10, LaunchesNeededP50, LaunchesNeededP90       *int
	ProbBy2030, ProbBy2035, ProbBy2040                            float64
	InOrbitAtHorizonP10, InOrbitAtHorizonP50, InOrbitAtHorizonP90 int
	// Authorised totals: for each, the share of paths whose in-orbit count exceeds it at some
	// month by the horizon.
	Authorised []AuthorisedShare
	// Answer is the scenario's one sentence, written here only.
	Answer string
}

// AuthorisedShare is the share of a scenario's paths exceeding an authorised total.
type AuthorisedShare struct {
	Name             string
	Total            int
	ShareExceeded    float64
	ExceededMonthP50 *time.Time
}

// MonthlyRow is one scenario's month (table forecast.monthly): counts at the end of the month,
// from the as-of month to the horizon. Integers: counts of satellites and launches.
type MonthlyRow struct {
	Scenario                           string
	Month                              time.Time
	InOrbitP10, InOrbitP50, InOrbitP90 int
	// Launches since the as-of date, cumulative, all vehicles.
	CumLaunchesP10, CumLaunchesP50, CumLaunchesP90 int
	// Median launches in the month per vehicle, and satellites launched and retired in it.
	LaunchesFalcon9P50, LaunchesStarshipP50     float64
	SatellitesLaunchedP50, SatellitesRetiredP50 float64
}

// BacktestRow is one scored forecast of the backtest (table forecast.backtest).
type BacktestRow struct {
	Origin time.Time // a month end; the run knew nothing after it
	// HistoryMonths is how many months of launch history the origin had.
	HistoryMonths int
	Method        string // capacity (the engine, Falcon 9 only), flat_pooled, naive
	// Target: in_orbit, launches_next_12m, satellites_per_launch_next_12m,
	// fleet_losses_next_12m, threshold_crossing.
	Target        string
	HorizonMonths int // for in_orbit (6, 12, 24); 12 for the 12-month targets; 0 for threshold_crossing
	Threshold     int // for threshold_crossing; 0 otherwise
	// For threshold_crossing the values are months after the origin.
	PredictedP10, PredictedP50, PredictedP90 float64
	Actual                                   float64
	// CRPS over the paths; interval score of P10..P90 (alpha 0.2); whether P10..P90 covers.
	CRPS          float64
	IntervalScore float64
	IsCovered     bool
	// CalibrationFactor widened P10..P90 around P50 (1 = as simulated); computed from earlier
	// origins only.
	CalibrationFactor float64
}

// LedgerRow is the headline's answer as it would have been at one backtest origin (table
// forecast.origin_ledger): the overall scenario run on History.Cut(Origin) only, with the run's
// assumptions but Assumptions.LedgerPaths paths, its reach month's P10/P90 widened around P50 by
// the threshold-crossing calibration factor known at the origin (from earlier origins'
// crossings observed by then), as the run widens its own with the factor from all origins.
type LedgerRow struct {
	Origin time.Time // a backtest origin (a month end); the row knew nothing after it
	// SatellitesInOrbit at the origin according to the cut history.
	SatellitesInOrbit int
	Target            int
	// Month (first day) in which 10/50/90% of paths first reach Target; nil when fewer paths
	// reach it by the horizon (Assumptions.HorizonMonth).
	ReachMonthP10, ReachMonthP50, ReachMonthP90 *time.Time
	ShareNeverReached                           float64
	// Launches (all vehicles, from the origin) until the path reaches Target; nil as above.
	LaunchesNeededP10, LaunchesNeededP50, LaunchesNeededP90 *int
	ProbBy2035                                              float64
	// CalibrationFactor widened the reach month's P10..P90 (1 = as simulated).
	CalibrationFactor float64
}

// Estimate is one fitted quantity (table forecast.estimates).
type Estimate struct {
	Name        string // e.g. falcon9_launches_per_month_now
	Value       float64
	P10, P90    *float64
	Unit        string
	Description string
}
