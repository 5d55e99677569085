package main

import (
	"io"
	"log/slog"

	"github.com/wpcom-widgets/service/logs"
)

var logLevels = map[string]slog.Level{
	"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError,
}

// newLogger writes text for people or JSON for log collectors.
func newLogger(w io.Writer, format, level string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: logLevels[level]}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if format == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(logs.Clipped(h)) // no value longer than logs.MaxValue, whatever a request sent
}
