package singer

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestBookmark_ExtraFieldsRoundTripAfterTheKnownOnes(t *testing.T) {
	raw := `{"replication_key":"date_utc","replication_key_value":"2022-01-01T00:00:00.000Z","upcoming_ids":["a","b"],"z":1}`
	var bm Bookmark
	if err := json.Unmarshal([]byte(raw), &bm); err != nil {
		t.Fatal(err)
	}
	if bm.ReplicationKey != "date_utc" || string(bm.Extra["upcoming_ids"]) != `["a","b"]` || string(bm.Extra["z"]) != "1" || len(bm.Extra) != 2 {
		t.Fatalf("decoded %+v", bm)
	}
	out, err := json.Marshal(bm)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != raw {
		t.Errorf("encoded\n%s\nwant\n%s", out, raw)
	}
	full := Bookmark{Version: 7, After: "5eb0"}
	if out, _ := json.Marshal(full); string(out) != `{"version":7,"after":"5eb0"}` {
		t.Errorf("encoded %s", out)
	}
	if _, err := json.Marshal(Bookmark{Extra: map[string]json.RawMessage{"version": []byte("1")}}); err == nil {
		t.Error("want an error for an extra field named like a known one")
	}
	var back Bookmark
	if err := json.Unmarshal([]byte(`{"version":7,"after":"5eb0"}`), &back); err != nil || !reflect.DeepEqual(back, full) {
		t.Errorf("decoded %+v, %v; want %+v", back, err, full)
	}
	if !(Bookmark{}).IsZero() || (Bookmark{Extra: map[string]json.RawMessage{"x": []byte("1")}}).IsZero() {
		t.Error("IsZero is wrong")
	}
}
