// Package feeds checks the widget's Atom and RSS feeds with real readers:
// Debian's python3-feedparser and newsboat (installed by .ci/setup).
package feeds

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	_ "modernc.org/sqlite" // newsboat's cache is SQLite

	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// item is what a reader must keep of each entry: the JSON Feed's id,
// title, link and date (the day it was liked or followed), in seconds.
type item struct {
	ID, Title, Link string
	Date            int64
}

// TestReadersReadEveryItem: feedparser and newsboat read every item of
// the Atom and the RSS feed of a following and a liked widget, in English
// and in Japanese, Arabic, Russian and Greek, with the ids, titles, links
// and dates the JSON Feed has; a liked post is dated the day it was liked.
func TestReadersReadEveryItem(t *testing.T) {
	for _, need := range []string{"/usr/bin/python3", "/usr/bin/newsboat"} {
		if _, err := os.Stat(need); err != nil {
			t.Fatalf("%s is needed: run make test, which installs Debian's python3-feedparser and newsboat (%v)", need, err)
		}
	}
	s := stack.Start(t)
	for _, tc := range []struct{ user, kind string }{
		{wpcomtest.DemoUser, "following"}, {wpcomtest.DemoUser, "liked"},
		{wpcomtest.WorldUser, "following"}, {wpcomtest.WorldUser, "liked"},
	} {
		t.Run(tc.user+"/"+tc.kind, func(t *testing.T) {
			id := s.Widget(tc.user, tc.kind, 10, "list", "page")
			want := jsonFeed(t, s.Base+"/w/"+id+".json", tc.kind)
			for _, ext := range []string{".atom", ".rss"} {
				url := s.Base + "/w/" + id + ext
				same(t, "feedparser "+ext, s.Base+"/w/"+id, feedparser(t, url), want)
				same(t, "newsboat "+ext, s.Base+"/w/"+id, newsboat(t, url), want)
			}
		})
	}
}

// jsonFeed reads the widget's JSON Feed once it has items (a first view
// starts the fetch), checking a liked item is dated when it was liked.
func jsonFeed(t *testing.T, url, kind string) []item {
	t.Helper()
	var f struct {
		Items []struct {
			ID, URL, Title string
			DatePublished  string `json:"date_published"`
			WPCOM          struct {
				LikedAt    string `json:"liked_at"`
				FollowedAt string `json:"followed_at"`
				PostedAt   string `json:"posted_at"`
			} `json:"_wpcom"`
		}
	}
	for deadline := time.Now().Add(10 * time.Second); len(f.Items) == 0 && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		err = json.NewDecoder(resp.Body).Decode(&f)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(f.Items) == 0 {
		t.Fatalf("%s has no items", url)
	}
	var out []item
	for _, it := range f.Items {
		at := it.WPCOM.FollowedAt
		if kind == "liked" {
			at = it.WPCOM.LikedAt
			if it.WPCOM.PostedAt == "" || it.WPCOM.PostedAt == at {
				t.Errorf("%s: posted %q, liked %q: want both, apart", it.ID, it.WPCOM.PostedAt, at)
			}
		}
		if it.DatePublished != at || at == "" {
			t.Errorf("%s is dated %q, want when it entered the list, %q", it.ID, it.DatePublished, at)
		}
		d, err := time.Parse(time.RFC3339, it.DatePublished)
		if err != nil {
			t.Fatalf("%s: %v", it.ID, err)
		}
		out = append(out, item{ID: it.ID, Title: it.Title, Link: it.URL, Date: d.Unix()})
	}
	return out
}

// feedparserScript prints what feedparser makes of the feed at argv[1].
const feedparserScript = `
import calendar, json, sys, feedparser
d = feedparser.parse(sys.argv[1])
if d.bozo:
    sys.exit("not well-formed: %r" % d.bozo_exception)
print(json.dumps({"version": d.version, "items": [
    {"ID": e.get("id", ""), "Title": e.get("title", ""), "Link": e.get("link", ""),
     "Date": calendar.timegm(e.get("published_parsed") or e.get("updated_parsed"))} for e in d.entries]}))
`

func feedparser(t *testing.T, url string) []item {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "/usr/bin/python3", "-c", feedparserScript, url).Output()
	if err != nil {
		t.Fatalf("feedparser %s: %v %s", url, err, stderr(err))
	}
	var r struct {
		Version string
		Items   []item
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("feedparser %s: %v", url, err)
	}
	if r.Version == "" {
		t.Errorf("feedparser %s: no feed version", url)
	}
	return r.Items
}

// newsboat reloads the feed into a cache of its own and reads it back.
func newsboat(t *testing.T, url string) []item {
	t.Helper()
	dir := t.TempDir()
	urls, cache, config := filepath.Join(dir, "urls"), filepath.Join(dir, "cache.db"), filepath.Join(dir, "config")
	if err := os.WriteFile(urls, []byte(url+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(config, []byte("download-timeout 10\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/usr/bin/newsboat", "-u", urls, "-c", cache, "-C", config, "-x", "reload")
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_DATA_HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("newsboat %s: %v\n%s", url, err, out)
	}
	db, err := sql.Open("sqlite", "file:"+cache+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT guid, title, url, pubDate FROM rss_item WHERE feedurl = ? ORDER BY pubDate DESC, id`, url)
	if err != nil {
		t.Fatalf("newsboat's cache: %v", err)
	}
	defer rows.Close()
	var got []item
	for rows.Next() {
		var it item
		if err := rows.Scan(&it.ID, &it.Title, &it.Link, &it.Date); err != nil {
			t.Fatal(err)
		}
		got = append(got, it)
	}
	return got
}

// same compares what a reader kept with the JSON Feed, item for item (in
// any order: readers sort); page is the widget's, where items without a
// safe address link.
func same(t *testing.T, who, page string, got, want []item) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s read %d items, want %d", who, len(got), len(want))
	}
	byID := map[string]item{}
	for _, it := range got {
		byID[it.ID] = it
	}
	for _, w := range want {
		if w.Link == "" { // no safe address: the feeds link to the widget's page
			w.Link = page
		}
		g, ok := byID[w.ID]
		switch {
		case !ok:
			t.Errorf("%s lost %s (%q)", who, w.ID, w.Title)
		case g.Title != w.Title || sameURL(g.Link) != sameURL(w.Link) || g.Date != w.Date:
			t.Errorf("%s: %s is %q %q %s, want %q %q %s", who, w.ID, g.Title, g.Link, time.Unix(g.Date, 0).UTC(), w.Title, w.Link, time.Unix(w.Date, 0).UTC())
		}
	}
	if !t.Failed() {
		t.Logf("%s: %d items intact", who, len(got))
	}
}

// sameURL writes a link as readers may: a bare host with its "/" (the
// same address), nothing else changed.
func sameURL(s string) string {
	u, err := neturl.Parse(s)
	if err != nil || u.Host == "" || u.Path != "" {
		return s
	}
	u.Path = "/"
	return u.String()
}

func stderr(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
