package app

import (
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/wpcom-widgets/service/clean"
	"github.com/wpcom-widgets/service/images"
	"github.com/wpcom-widgets/service/metrics"
)

// newImageProxy makes the image proxy: thumbnails on disk in
// DataDir/images under ImageCacheBytes (each replica its own, see
// docs/images.md), a small memory tier in front, metrics on every lookup.
func newImageProxy(cfg Config, m *metrics.Metrics, log *slog.Logger) (*images.Proxy, error) {
	var disk *images.Disk
	if cfg.ImageCacheBytes > 0 {
		var err error
		if disk, err = images.OpenDisk(filepath.Join(cfg.DataDir, "images"), cfg.ImageCacheBytes); err != nil {
			return nil, fmt.Errorf("WIDGETS_DATA_DIR: %w (WIDGETS_IMAGE_CACHE_SIZE=0 keeps thumbnails in memory only)", err)
		}
		size, files := disk.Size()
		log.Info("image cache ready", "dir", filepath.Join(cfg.DataDir, "images"), "files", files, "bytes", size, "cap", cfg.ImageCacheBytes)
	}
	budget := images.NewBudget(cfg.ImageMemory)
	m.ImageMemory(budget.Used)
	f := images.NewFetcher(images.Options{AllowPrivate: cfg.ImageAllowPrivate, MaxDecode: budget.PerPicture()})
	return images.NewProxy(f, images.ProxyOptions{Disk: disk, Budget: budget, Logger: log, Hooks: images.Hooks{
		Lookup:  m.ImageLookup,
		Fetched: m.ImageFetched,
		Failed: func(src string, err error) {
			m.ImageFailed(images.Reason(err))
			// The host and why, never the path: it may carry a member's words.
			log.Info("image not fetched; its placeholder is shown", "host", clean.Host(src), "reason", images.Reason(err), "err", images.Describe(err))
		},
	}}), nil
}
