package images

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// Disk keeps thumbnails as files in one directory, at most a number of
// bytes, the least recently used removed first. It survives restarts (the
// files' modification times carry the order), and a replica keeps its own:
// a thumbnail is a few kilobytes fetched once per replica, which costs
// less than a round trip to a shared store on every miss (docs/images.md).
type Disk struct {
	dir string
	max int64

	mu   sync.Mutex
	lru  *simplelru.LRU[string, diskEntry]
	size int64
}

type diskEntry struct {
	size    int64     // on disk: the file rounded up to whole blocks
	touched time.Time // the file's modification time, refreshed on use
}

// blocks is what a file of n bytes takes on disk: most file systems give
// every file whole 4 KiB blocks, and thumbnails are smaller than one.
func blocks(n int64) int64 { return (n + 4095) &^ 4095 }

const (
	diskSuffix = ".thumb"
	// touchEvery bounds how often a hit rewrites a file's time: often
	// enough for the order after a restart, rarely enough to cost nothing.
	touchEvery = time.Hour
)

// OpenDisk opens (making it if needed) the thumbnail directory dir, kept
// under max bytes as the disk counts them (whole blocks). Files it did
// not write are left alone. A directory it cannot write to is an error
// at once, not a warning on every picture.
func OpenDisk(dir string, max int64) (*Disk, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("images: %w", err)
	}
	probe, err := os.CreateTemp(dir, ".tmp-")
	if err != nil {
		return nil, fmt.Errorf("images: cannot write thumbnails: %w", err)
	}
	probe.Close()
	os.Remove(probe.Name())
	d := &Disk{dir: dir, max: max}
	lru, err := simplelru.NewLRU(int(^uint(0)>>1), d.evicted)
	if err != nil {
		return nil, err
	}
	d.lru = lru
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("images: %w", err)
	}
	type found struct {
		key string
		e   diskEntry
	}
	var files []found
	for _, de := range entries {
		name := de.Name()
		if strings.HasPrefix(name, ".tmp-") { // a write cut short
			os.Remove(filepath.Join(dir, name))
			continue
		}
		key, ok := strings.CutSuffix(name, diskSuffix)
		if !ok || !de.Type().IsRegular() {
			continue
		}
		info, err := de.Info()
		if err != nil {
			continue
		}
		files = append(files, found{key, diskEntry{blocks(info.Size()), info.ModTime()}})
	}
	slices.SortFunc(files, func(a, b found) int { return a.e.touched.Compare(b.e.touched) })
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, f := range files { // oldest first, so the newest end up most recent
		d.lru.Add(f.key, f.e)
		d.size += f.e.size
	}
	d.trim()
	return d, nil
}

func (d *Disk) path(key string) string { return filepath.Join(d.dir, key+diskSuffix) }

// evicted removes an entry's file (simplelru calls it under d.mu).
func (d *Disk) evicted(key string, e diskEntry) {
	d.size -= e.size
	os.Remove(d.path(key))
}

func (d *Disk) trim() {
	for d.size > d.max && d.lru.Len() > 0 {
		d.lru.RemoveOldest()
	}
}

// Get reads the thumbnail kept under key.
func (d *Disk) Get(key string) (Image, bool) {
	d.mu.Lock()
	e, ok := d.lru.Get(key)
	if ok && time.Since(e.touched) > touchEvery {
		e.touched = time.Now()
		d.lru.Add(key, e)
		os.Chtimes(d.path(key), e.touched, e.touched)
	}
	d.mu.Unlock()
	if !ok {
		return Image{}, false
	}
	raw, err := os.ReadFile(d.path(key))
	if err != nil {
		d.Remove(key)
		return Image{}, false
	}
	img, err := decodeFile(raw)
	if err != nil {
		d.Remove(key)
		return Image{}, false
	}
	return img, true
}

// Has says whether a thumbnail is kept under key, reading nothing and
// leaving the order alone (a look ahead of a visitor is not a use).
func (d *Disk) Has(key string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.lru.Contains(key)
}

// Put keeps img under key, replacing the file whole (a reader never sees
// half of one), then removes the least recently used over the cap.
func (d *Disk) Put(key string, img Image) error {
	raw := encodeFile(img)
	size := blocks(int64(len(raw)))
	if size > d.max {
		return nil
	}
	tmp, err := os.CreateTemp(d.dir, ".tmp-")
	if err != nil {
		return fmt.Errorf("images: %w", err)
	}
	_, err = tmp.Write(raw)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("images: %w", err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	// Renamed under the lock, so an eviction of the same key cannot
	// remove the new file.
	if err := os.Rename(tmp.Name(), d.path(key)); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("images: %w", err)
	}
	// The file's time is set from the clock Get compares with, not left
	// to the file system's, so the order read back after a restart is
	// the order this process kept.
	now := time.Now()
	os.Chtimes(d.path(key), now, now)
	if old, ok := d.lru.Peek(key); ok {
		d.size -= old.size
	}
	d.lru.Add(key, diskEntry{size, now})
	d.size += size
	d.trim()
	return nil
}

// Remove forgets key and its file.
func (d *Disk) Remove(key string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.lru.Remove(key) { // Remove calls evicted, which removes the file
		os.Remove(d.path(key))
	}
}

// Size is the bytes kept (as the disk counts them) and the number of
// thumbnails.
func (d *Disk) Size() (bytes int64, files int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.size, d.lru.Len()
}

// A file is "content type\nETag\nfetched (Unix seconds)\n" and the body.
func encodeFile(img Image) []byte {
	return append([]byte(img.ContentType+"\n"+img.ETag+"\n"+strconv.FormatInt(img.Fetched.Unix(), 10)+"\n"), img.Body...)
}

var errBadFile = errors.New("images: unreadable thumbnail file")

func decodeFile(raw []byte) (Image, error) {
	ctype, rest, ok := bytes.Cut(raw, []byte("\n"))
	if !ok {
		return Image{}, errBadFile
	}
	etag, rest, ok := bytes.Cut(rest, []byte("\n"))
	if !ok {
		return Image{}, errBadFile
	}
	fetched, body, ok := bytes.Cut(rest, []byte("\n"))
	unix, err := strconv.ParseInt(string(fetched), 10, 64)
	if !ok || err != nil || !strings.HasPrefix(string(ctype), "image/") || len(body) == 0 {
		return Image{}, errBadFile
	}
	return Image{Body: body, ContentType: string(ctype), ETag: string(etag), Fetched: time.Unix(unix, 0)}, nil
}
