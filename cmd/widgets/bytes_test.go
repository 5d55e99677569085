package main

import "testing"

func TestParseBytes(t *testing.T) {
	for in, want := range map[string]int64{
		"0": 0, "4096": 4096, "256MB": 256_000_000, "256 mb": 256_000_000, "2GB": 2_000_000_000, "1.5GB": 1_500_000_000,
		"16MB": 16_000_000, "512kB": 512_000, "1GiB": 1 << 30, "64MiB": 64 << 20, " 10 KiB ": 10 << 10, "3M": 3_000_000,
	} {
		if got, err := parseBytes(in); err != nil || got != want {
			t.Errorf("parseBytes(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "lots", "-1MB", "MB", "12 parsecs", "1e9", "9999999999TB", "1..2GB"} {
		if _, err := parseBytes(in); err == nil {
			t.Errorf("parseBytes(%q) took it", in)
		}
	}
}
