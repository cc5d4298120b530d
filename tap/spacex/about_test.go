package spacex

import (
	"testing"

	"github.com/spacex-elt/spacex-elt/tap/singer/singertest"
)

// meltano/meltano.yml declares tap-spacex's settings as --about describes them.
func TestAbout_AgreesWithMeltanoYML(t *testing.T) {
	singertest.CheckMeltanoSettings(t, "../../meltano/meltano.yml", Tap{Version: "test"}.About())
}

// Every select pattern meltano/meltano.yml gives the tap (plugin or environment) selects a
// stream: Meltano would only warn of one that does not.
func TestMeltanoSelect_EveryPatternSelectsAStream(t *testing.T) {
	singertest.CheckMeltanoSelect(t, "../../meltano/meltano.yml", Tap{Version: "test"}.About())
}
