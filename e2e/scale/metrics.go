package scale

import (
	"bufio"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// sample is one replica's /metrics at a moment: each series's value,
// keyed by its line's name and labels as the text format writes them.
type sample map[string]float64

var scrapeClient = &http.Client{Timeout: 10 * time.Second}

// scrape reads a replica's /metrics (Prometheus's text format).
func scrape(base string) (sample, error) {
	resp, err := scrapeClient.Get(base + "/metrics")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("scale: %s/metrics: %s", base, resp.Status)
	}
	s := sample{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			continue
		}
		s[line[:i]] = v
	}
	return s, sc.Err()
}

// sum adds the series named name whose labels include every one of
// labels (each `key="value"`).
func (s sample) sum(name string, labels ...string) float64 {
	total := 0.0
	for k, v := range s {
		n, rest, _ := strings.Cut(k, "{")
		if n != name {
			continue
		}
		ok := true
		for _, l := range labels {
			if !strings.Contains(rest, l) {
				ok = false
				break
			}
		}
		if ok {
			total += v
		}
	}
	return total
}

// delta is how much name{labels} grew from before to after, over every
// replica.
func delta(before, after []sample, name string, labels ...string) float64 {
	d := 0.0
	for i := range after {
		d += after[i].sum(name, labels...) - before[i].sum(name, labels...)
	}
	return d
}
