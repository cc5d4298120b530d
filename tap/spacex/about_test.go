package spacex

import (
	"testing"

	"github.com/spacex-elt/spacex-elt/tap/singer/singertest"
)

// meltano/meltano.yml declares tap-spacex's settings as --about describes them.
func TestAbout_AgreesWithMeltanoYML(t *testing.T) {
	singertest.CheckMeltanoSettings(t, "../../meltano/meltano.yml", Tap{Version: "test"}.About())
}
