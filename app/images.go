package app

import (
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/wpcom-widgets/service/clean"
	"github.com/wpcom-widgets/service/images"
	"github.com/wpcom-widgets/service/metrics"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/render"
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

// warmPictures is widgets.Config.Loaded with the image proxy on: once a
// member's lists are fetched, the pictures their widgets' markup will
// load, at the sizes it asks (render's own Drawing.Shown, so the keys are
// the ones visitors ask for), are handed to the warmer, which makes them
// in the background. The first visitor after a refresh then finds every
// picture kept.
func warmPictures(w *images.Warmer) func(accountID int64, views []model.View) {
	// A picture's key names its address and size, not ours: no base URL.
	site := render.Site{ProxyImages: true}
	return func(accountID int64, views []model.View) {
		var pics []model.Picture
		for _, v := range views {
			pics = append(pics, render.Drawing{View: v, Site: site}.Shown()...)
		}
		if len(pics) > 0 {
			w.Add(accountID, pics)
		}
	}
}
