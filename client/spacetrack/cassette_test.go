package spacetrack_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
	"gopkg.in/dnaeon/go-vcr.v4/pkg/recorder"

	"github.com/spacex-elt/spacex-elt/client/spacetrack"
	"github.com/spacex-elt/spacex-elt/fixtures/spacetrackreplay"
)

// Cassettes of the Space-Track session live in fixtures/cassettes/spacetrack/<t.Name()>.yaml and
// are replayed with no network. SPACETRACK_RECORD=sample re-records them from the replay server
// over the hand-written sample (never from the real catalogue):
//
//	SPACETRACK_RECORD=sample go test ./client/spacetrack/ -run Cassette -count=1
//
// Before a cassette is saved the login form's identity and password become "REDACTED", the
// Cookie and Set-Cookie headers are dropped, volatile headers too, and the replay server's
// random address becomes https://www.space-track.org.
const (
	cassetteDir      = "../../fixtures/cassettes/spacetrack"
	recordEnv        = "SPACETRACK_RECORD"
	cassetteBaseURL  = "https://www.space-track.org"
	redacted         = "REDACTED"
	cassetteIdentity = "cassette-identity-3b9e@example.org"
	cassettePassword = "cassette-pw-Q7x-not-for-files"
)

type noNetwork struct{}

func (noNetwork) RoundTrip(r *http.Request) (*http.Response, error) {
	return nil, errors.New("cassette replay: no network (request " + r.Method + " " + r.URL.Path + " is not in the cassette)")
}

// scrub is the BeforeSaveHook: no credential, no cookie, no random address in a cassette.
func scrub(base string) recorder.HookFunc {
	return func(i *cassette.Interaction) error {
		for _, h := range []http.Header{i.Request.Headers, i.Response.Headers} {
			for k := range h {
				switch strings.ToLower(k) {
				case "cookie", "set-cookie", "authorization", "date":
					delete(h, k)
				}
			}
		}
		if i.Request.Form != nil {
			for _, k := range []string{"identity", "password"} {
				if _, ok := i.Request.Form[k]; ok {
					i.Request.Form[k] = []string{redacted}
				}
			}
		}
		if strings.Contains(i.Request.Body, "password=") || strings.Contains(i.Request.Body, "identity=") {
			i.Request.Body = url.Values{"identity": {redacted}, "password": {redacted}}.Encode()
		}
		i.Request.URL = strings.Replace(i.Request.URL, base, cassetteBaseURL, 1)
		i.Request.Host = strings.TrimPrefix(cassetteBaseURL, "https://")
		i.Request.RemoteAddr = ""
		i.Response.Duration = 0
		return nil
	}
}

// match compares method and path only (the form's credentials are scrubbed in the cassette).
func match(r *http.Request, rec cassette.Request) bool {
	u, err := url.Parse(rec.URL)
	return err == nil && r.Method == rec.Method && r.URL.Path == u.Path
}

// cassetteSession returns a Session whose requests go through a go-vcr recorder.
func cassetteSession(t *testing.T) *spacetrack.Session {
	t.Helper()
	path := filepath.Join(cassetteDir, strings.ReplaceAll(t.Name(), "/", "_"))
	opts := []recorder.Option{recorder.WithMatcher(match), recorder.WithSkipRequestLatency(true)}
	base := cassetteBaseURL
	if os.Getenv(recordEnv) == "sample" {
		srv, err := spacetrackreplay.New(sampleDir, spacetrackreplay.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		base = ts.URL
		opts = append(opts, recorder.WithMode(recorder.ModeRecordOnly), recorder.WithHook(scrub(ts.URL), recorder.BeforeSaveHook))
	} else {
		opts = append(opts, recorder.WithMode(recorder.ModeReplayOnly), recorder.WithRealTransport(noNetwork{}))
	}
	rec, err := recorder.New(path, opts...)
	if err != nil {
		t.Fatalf("cassette %s: %v (record it with %s=sample)", path, err, recordEnv)
	}
	t.Cleanup(func() {
		if err := rec.Stop(); err != nil {
			t.Error(err)
		}
	})
	s, err := spacetrack.NewSession(spacetrack.Config{BaseURL: base, Identity: cassetteIdentity, Password: cassettePassword, Base: rec})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCassette_LoginQueryPagesLogout(t *testing.T) {
	s := cassetteSession(t)
	var ids []string
	for _, preds := range []string{
		"SATNAME/~~STARLINK/OBJECT_TYPE/PAYLOAD/NORAD_CAT_ID/>0/orderby/NORAD_CAT_ID asc/limit/4",
		"SATNAME/~~STARLINK/OBJECT_TYPE/PAYLOAD/NORAD_CAT_ID/>44916/orderby/NORAD_CAT_ID asc/limit/4",
	} {
		docs, err := s.QuerySatcat(t.Context(), preds)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			var e spacetrack.SatcatEntry
			if err := jsonUnmarshalStrict(d, &e); err != nil {
				t.Fatalf("a document does not decode into SatcatEntry: %v", err)
			}
			ids = append(ids, e.NORADCATID)
		}
	}
	if got := strings.Join(ids, ","); got != "44235,44236,44915,44916,48300,64001,64100" {
		t.Errorf("NORAD_CAT_IDs = %s", got)
	}
	if err := s.Logout(t.Context()); err != nil {
		t.Fatal(err)
	}
	if s.Logins() != 1 {
		t.Errorf("%d logins, want 1", s.Logins())
	}
}

// Every committed cassette is free of credentials and cookies.
func TestCassette_FilesHoldNoCredential(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(cassetteDir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cassettes in %s (%v)", cassetteDir, err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		for _, bad := range []string{cassetteIdentity, cassettePassword, spacetrackreplay.CookieName + "=", "Set-Cookie", "127.0.0.1"} {
			if strings.Contains(text, bad) {
				t.Errorf("%s holds %q", f, bad)
			}
		}
		if strings.Contains(text, "/ajaxauth/login") && !strings.Contains(text, "password="+redacted) {
			t.Errorf("%s: the login form's password is not redacted", f)
		}
	}
}

func jsonUnmarshalStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
