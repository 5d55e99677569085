package main

import (
	"errors"
	"strconv"
	"strings"
)

// byteUnits are the units a size may be written in: SI (KB = 1000) as
// disks are sold, and IEC (KiB = 1024); a bare number is bytes.
var byteUnits = map[string]float64{
	"": 1, "b": 1,
	"k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

// parseBytes reads a size such as 256MB, 1.5GiB, 512 kB or 0.
func parseBytes(s string) (int64, error) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i < 0 {
		i = len(s)
	}
	n, err := strconv.ParseFloat(s[:i], 64)
	unit, ok := byteUnits[strings.ToLower(strings.TrimSpace(s[i:]))]
	if err != nil || !ok || n < 0 || n*unit > 1<<62 {
		return 0, errors.New("not a size")
	}
	return int64(n * unit), nil
}
