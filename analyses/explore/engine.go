package explore

import (
	"context"

	"github.com/spacex-elt/spacex-elt/forecast"
)

// fullRun is the engine with its backtest: its CalibrationFactors widen every fast run.
func fullRun(ctx context.Context, h forecast.History, a forecast.Assumptions) (*forecast.Result, error) {
	return forecast.Run(ctx, h, a)
}

// fastRun is the engine without its backtest, its intervals widened with factors.
func fastRun(ctx context.Context, h forecast.History, a forecast.Assumptions, factors map[string]float64) (*forecast.Result, error) {
	return forecast.RunWith(ctx, h, a, forecast.Options{SkipBacktest: true, Factors: factors})
}
