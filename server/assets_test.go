package server

import (
	"regexp"
	"strings"
	"testing"

	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// A frame links the shared stylesheet and script by a name that holds
// their hash: served for a year, allowed by the frame's CSP at exactly
// that address, and the script embed links the same stylesheet. A name
// of another version still gets today's file, kept only briefly; a name
// of nothing is not found.
func TestSharedAssets(t *testing.T) {
	e := newEnv(t)
	id := e.seedWidget(wpcomtest.DemoUser, "liked", 5, "list", "auto")
	resp, frame := fetch(t, e.base+"/w/"+id)
	if resp.StatusCode != 200 {
		t.Fatalf("frame: %d", resp.StatusCode)
	}
	css := regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)">`).FindStringSubmatch(frame)
	js := regexp.MustCompile(`<script src="([^"]+)"></script>`).FindStringSubmatch(frame)
	if css == nil || js == nil {
		t.Fatalf("the frame links no stylesheet or script:\n%s", frame)
	}
	if strings.Contains(frame, "<script>") {
		t.Error("the frame still runs an inline script")
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src "+js[1]+";") || !strings.Contains(csp, "style-src "+css[1]+" ") {
		t.Errorf("the CSP %q does not name exactly %s and %s", csp, js[1], css[1])
	}
	if _, script := fetch(t, e.base+"/w/"+id+".js"); !strings.Contains(script, `"`+css[1]+`"`) {
		t.Errorf("the script embed does not link %s", css[1])
	}

	for _, tc := range []struct {
		url, ctype, cc, edge, has string
	}{
		{css[1], "text/css; charset=utf-8", ccAsset, "31536000", ".wpfl{"},
		{js[1], "text/javascript; charset=utf-8", ccAsset, "31536000", "wpfl:height"},
		{e.base + "/w/assets/widget.AAAAAAAAAAAA.css", "text/css; charset=utf-8", ccAssetOther, "60", ".wpfl{"},
		{e.base + "/w/assets/frame.AAAAAAAAAAAA.js", "text/javascript; charset=utf-8", ccAssetOther, "60", "wpfl:height"},
	} {
		r, body := fetch(t, tc.url, "Accept-Encoding", "identity")
		if r.StatusCode != 200 || r.Header.Get("Content-Type") != tc.ctype || r.Header.Get("Cache-Control") != tc.cc ||
			r.Header.Get("X-Accel-Expires") != tc.edge || r.Header.Get("Cross-Origin-Resource-Policy") != "cross-origin" ||
			!strings.Contains(body, tc.has) || r.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%s: %d %q %q %.60s", tc.url, r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("Cache-Control"), body)
		}
		if rgz, _ := fetch(t, tc.url, "Accept-Encoding", "gzip"); rgz.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: not gzipped", tc.url)
		}
	}
	// Only names shaped like a version: anything else would be one more
	// entry an edge keeps.
	for _, name := range []string{"frame.AAAAAAAAAAAA.css", "widget.js", "widget.css", "frame.js", "widget.AAAAAAAAAAAAA.css",
		"frame.AAAAAAAAAA/A.js", "nothing.js", "..", id} {
		if r, _ := fetch(t, e.base+"/w/assets/"+name); r.StatusCode != 404 {
			t.Errorf("/w/assets/%s: %d, want 404", name, r.StatusCode)
		}
	}
}
