package server

import (
	"net/http"
	"strings"
	"testing"
)

// Refused cross-origin posts cannot flood the log: 40 of them, each with
// a 900 KB Origin, add under 100 KB (each had written about 1 MB).
func TestCrossOriginRefusalsCannotFloodTheLog(t *testing.T) {
	e := newEnv(t)
	origin := "https://" + strings.Repeat("a", 900<<10) + ".example"
	before := len(e.logs.String())
	for range 40 {
		req, _ := http.NewRequest(http.MethodPost, e.base+"/dashboard/widgets", strings.NewReader("kind=liked"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", origin)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403", resp.StatusCode)
		}
	}
	added := len(e.logs.String()) - before
	if added > 100<<10 {
		t.Errorf("40 refusals added %d bytes of log, want under 100 KB", added)
	}
	if n := strings.Count(e.logs.String(), "cross-origin request refused"); n == 0 || n > 10 {
		t.Errorf("%d lines about refusals, want a few (sampled)", n)
	}
	t.Logf("40 refusals added %d bytes of log", added)
}
