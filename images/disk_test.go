package images

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/model"
)

func thumb(n int, fill byte) Image {
	return Image{Body: bytes.Repeat([]byte{fill}, n), ContentType: "image/jpeg", ETag: `"e` + string(rune('a'+fill%26)) + `"`}
}

// The disk tier keeps at most its cap, the least recently used out first,
// and keeps that order across a restart.
func TestDiskEvictsLeastRecentlyUsed(t *testing.T) {
	dir := t.TempDir()
	const each = 1000
	size := blocks(int64(len(encodeFile(thumb(each, 0))))) // one 4 KiB block each
	d, err := OpenDisk(dir, 3*size)
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range []string{"a", "b", "c"} {
		if err := d.Put(k, thumb(each, byte(i))); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := d.Get("a"); !ok { // a is now the most recent
		t.Fatal("a missing")
	}
	d.Put("d", thumb(each, 3)) // over the cap: b goes
	for k, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true} {
		if _, ok := d.Get(k); ok != want {
			t.Errorf("%s kept = %v, want %v", k, ok, want)
		}
	}
	if got, n := d.Size(); got != 3*size || n != 3 {
		t.Errorf("size %d in %d files, want %d in 3", got, n, 3*size)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"+diskSuffix))
	if len(files) != 3 {
		t.Errorf("%d files on disk, want 3", len(files))
	}

	// A restart reads the files back, oldest first; a cut-short write
	// and a file that is not ours are handled.
	old := time.Now().Add(-48 * time.Hour)
	os.Chtimes(filepath.Join(dir, "c"+diskSuffix), old, old)
	os.WriteFile(filepath.Join(dir, ".tmp-123"), []byte("half"), 0o600)
	os.WriteFile(filepath.Join(dir, "README"), []byte("not ours"), 0o600)
	d2, err := OpenDisk(dir, 3*size)
	if err != nil {
		t.Fatal(err)
	}
	img, ok := d2.Get("a")
	if !ok || img.ETag != thumb(each, 0).ETag || len(img.Body) != each || img.ContentType != "image/jpeg" {
		t.Errorf("after restart a = %+v, %v", img.ETag, ok)
	}
	d2.Put("e", thumb(each, 4)) // c is the oldest by its file time
	if _, ok := d2.Get("c"); ok {
		t.Error("c survived: the order was lost in the restart")
	}
	if _, err := os.Stat(filepath.Join(dir, ".tmp-123")); err == nil {
		t.Error("a cut-short write was left behind")
	}
	if _, err := os.Stat(filepath.Join(dir, "README")); err != nil {
		t.Error("a file that is not ours was removed")
	}

	// Writing a kept key again counts it once.
	d2.Put("a", thumb(each, 5))
	if got, n := d2.Size(); got != 3*size || n != 3 {
		t.Errorf("after an overwrite: %d bytes in %d files, want %d in 3", got, n, 3*size)
	}

	// A lower cap at the next start trims at once.
	d3, err := OpenDisk(dir, size)
	if err != nil {
		t.Fatal(err)
	}
	if got, n := d3.Size(); got != size || n != 1 {
		t.Errorf("a lower cap after a restart: %d bytes in %d files, want %d in 1", got, n, size)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*"+diskSuffix)); len(files) != 1 {
		t.Errorf("%d files on disk under the lower cap, want 1", len(files))
	}

	// A damaged file is dropped, not served.
	os.WriteFile(filepath.Join(dir, "d"+diskSuffix), []byte("garbage"), 0o600)
	if _, ok := d2.Get("d"); ok {
		t.Error("a damaged file was served")
	}
}

// A directory that cannot be written is an error at start, not a warning
// on every picture.
func TestOpenDiskRefusesAReadOnlyDirectory(t *testing.T) {
	dir := t.TempDir()
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o700)
	if os.Geteuid() == 0 {
		// root writes anywhere: a file where the directory should be
		// stands in for a read-only one.
		dir = filepath.Join(dir, "file")
		os.Chmod(filepath.Dir(dir), 0o700)
		os.WriteFile(dir, nil, 0o600)
	}
	if _, err := OpenDisk(dir, 1<<20); err == nil {
		t.Error("OpenDisk on a directory it cannot write to succeeded")
	}
}

// With a disk, a thumbnail outlives the process: a new Proxy on the same
// directory serves it without asking the origin, and a failure leaves no
// file behind.
func TestProxyKeepsThumbnailsOnDisk(t *testing.T) {
	var hits atomic.Int32
	jpg := photo(t, 600, 400)
	mux := http.NewServeMux()
	mux.HandleFunc("/a.jpg", func(w http.ResponseWriter, r *http.Request) { hits.Add(1); w.Write(jpg) })
	mux.HandleFunc("/page.jpg", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<!doctype html><p>hi")) })
	origin, _ := serveOn(t, "127.0.0.2:0", mux)
	dir := t.TempDir()
	open := func() (*Proxy, map[string]int) {
		d, err := OpenDisk(dir, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		tiers := map[string]int{}
		return NewProxy(NewFetcher(withPublic(Options{}, "127.0.0.2/32")), ProxyOptions{Disk: d, Hooks: Hooks{Lookup: func(r string) { tiers[r]++ }}}), tiers
	}
	p, _ := open()
	first, err := p.Get(context.Background(), model.NewPicture(origin.URL+"/a.jpg", 80), 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Get(context.Background(), model.NewPicture(origin.URL+"/page.jpg", 80), 1); err == nil {
		t.Fatal("an HTML page became a thumbnail")
	}
	if p.kept(model.NewPicture(origin.URL+"/page.jpg", 80)) {
		t.Error("a failure was stored")
	}
	p2, tiers := open()
	again, err := p2.Get(context.Background(), model.NewPicture(origin.URL+"/a.jpg", 80), 1)
	if err != nil || again.ETag != first.ETag || !bytes.Equal(again.Body, first.Body) {
		t.Fatalf("from disk: %v, etag %s want %s", err, again.ETag, first.ETag)
	}
	p2.Get(context.Background(), model.NewPicture(origin.URL+"/a.jpg", 80), 1)
	if hits.Load() != 1 || tiers["disk"] != 1 || tiers["memory"] != 1 {
		t.Errorf("origin asked %d times, tiers %v; want 1 fetch, then disk, then memory", hits.Load(), tiers)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 1 {
		t.Errorf("files kept: %v, want the one thumbnail", files)
	}
}
