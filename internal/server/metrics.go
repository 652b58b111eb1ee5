package server

import (
	"bufio"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// metrics are exposed in the Prometheus text format: request counts by
// route and status, request latency histograms by route, gate decisions
// by gate and outcome, and the commits of gate decisions. Labels never
// carry organisation IDs.
type metrics struct {
	mu        sync.Mutex
	routes    map[string]*routeMetrics
	decisions sync.Map // "gate\x00decision" -> *atomic.Int64
	commitMu  sync.Mutex
	commits   histogram
}

// latencyBuckets are the request histograms' upper bounds, in seconds.
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// commitBuckets are the commit histogram's upper bounds, in seconds: a
// commit syncs to disk, which takes from a tenth of a millisecond to
// tens of milliseconds.
var commitBuckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}

// histogram counts observations into buckets (not cumulative; the
// cumulative counts are computed on output). Its owner locks it.
type histogram struct {
	bounds  []float64
	buckets []int64
	count   int64
	sum     float64
}

func newHistogram(bounds []float64) histogram {
	return histogram{bounds: bounds, buckets: make([]int64, len(bounds))}
}

func (h *histogram) observe(d time.Duration) {
	sec := d.Seconds()
	i, _ := slices.BinarySearch(h.bounds, sec)
	if i < len(h.buckets) {
		h.buckets[i]++
	}
	h.count++
	h.sum += sec
}

func (h *histogram) clone() histogram {
	c := *h
	c.buckets = slices.Clone(h.buckets)
	return c
}

// write writes the histogram's series; labels ("" or `route="..."`)
// are put first in each.
func (h *histogram) write(w *bufio.Writer, name, labels string) {
	sep := ""
	if labels != "" {
		sep = ","
	}
	var cum int64
	for i, le := range h.bounds {
		cum += h.buckets[i]
		fmt.Fprintf(w, "%s_bucket{%s%sle=\"%s\"} %d\n", name, labels, sep, strconv.FormatFloat(le, 'g', -1, 64), cum)
	}
	fmt.Fprintf(w, "%s_bucket{%s%sle=\"+Inf\"} %d\n", name, labels, sep, h.count)
	if labels != "" {
		labels = "{" + labels + "}"
	}
	fmt.Fprintf(w, "%s_sum%s %s\n", name, labels, strconv.FormatFloat(h.sum, 'g', -1, 64))
	fmt.Fprintf(w, "%s_count%s %d\n", name, labels, h.count)
}

type routeMetrics struct {
	pattern string
	mu      sync.Mutex
	codes   map[int]int64
	latency histogram
}

func newMetrics() *metrics {
	return &metrics{routes: map[string]*routeMetrics{}, commits: newHistogram(commitBuckets)}
}

// commit observes a commit of a group of gate decisions.
func (m *metrics) commit(d time.Duration) {
	m.commitMu.Lock()
	m.commits.observe(d)
	m.commitMu.Unlock()
}

func (m *metrics) route(pattern string) *routeMetrics {
	m.mu.Lock()
	defer m.mu.Unlock()
	rm := &routeMetrics{pattern: pattern, codes: map[int]int64{}, latency: newHistogram(latencyBuckets)}
	m.routes[pattern] = rm
	return rm
}

func (rm *routeMetrics) observe(code int, d time.Duration) {
	rm.mu.Lock()
	rm.codes[code]++
	rm.latency.observe(d)
	rm.mu.Unlock()
}

func (m *metrics) decision(gate, decision string) {
	k := gate + "\x00" + decision
	v, ok := m.decisions.Load(k)
	if !ok {
		v, _ = m.decisions.LoadOrStore(k, new(atomic.Int64))
	}
	v.(*atomic.Int64).Add(1)
}

func (s *Server) serveMetrics(w http.ResponseWriter, _ *http.Request, _ *principal) error {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	bw := bufio.NewWriter(w)
	s.metrics.write(bw)
	return bw.Flush()
}

func (m *metrics) write(w *bufio.Writer) {
	m.mu.Lock()
	patterns := make([]string, 0, len(m.routes))
	for p := range m.routes {
		patterns = append(patterns, p)
	}
	m.mu.Unlock()
	slices.Sort(patterns)

	fmt.Fprintln(w, "# HELP mamori_http_requests_total HTTP requests by route and status code.")
	fmt.Fprintln(w, "# TYPE mamori_http_requests_total counter")
	type snap struct {
		pattern string
		codes   map[int]int64
		latency histogram
	}
	snaps := make([]snap, 0, len(patterns))
	for _, p := range patterns {
		m.mu.Lock()
		rm := m.routes[p]
		m.mu.Unlock()
		rm.mu.Lock()
		sn := snap{pattern: p, codes: maps.Clone(rm.codes), latency: rm.latency.clone()}
		rm.mu.Unlock()
		snaps = append(snaps, sn)
		codes := make([]int, 0, len(sn.codes))
		for c := range sn.codes {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		for _, c := range codes {
			fmt.Fprintf(w, "mamori_http_requests_total{route=%s,code=\"%d\"} %d\n", strconv.Quote(p), c, sn.codes[c])
		}
	}
	fmt.Fprintln(w, "# HELP mamori_http_request_duration_seconds HTTP request latency by route.")
	fmt.Fprintln(w, "# TYPE mamori_http_request_duration_seconds histogram")
	for _, sn := range snaps {
		if sn.latency.count > 0 {
			sn.latency.write(w, "mamori_http_request_duration_seconds", "route="+strconv.Quote(sn.pattern))
		}
	}
	fmt.Fprintln(w, "# HELP mamori_gate_decisions_total Gate decisions by gate and outcome.")
	fmt.Fprintln(w, "# TYPE mamori_gate_decisions_total counter")
	var keys []string
	m.decisions.Range(func(k, _ any) bool { keys = append(keys, k.(string)); return true })
	slices.Sort(keys)
	for _, k := range keys {
		v, _ := m.decisions.Load(k)
		gate, decision, _ := cut0(k)
		fmt.Fprintf(w, "mamori_gate_decisions_total{gate=%q,decision=%q} %d\n", gate, decision, v.(*atomic.Int64).Load())
	}
	fmt.Fprintln(w, "# HELP mamori_gate_commit_duration_seconds Commits of gate decisions, each a group of them, with the sync to disk. Decisions per commit: mamori_gate_decisions_total over the count.")
	fmt.Fprintln(w, "# TYPE mamori_gate_commit_duration_seconds histogram")
	m.commitMu.Lock()
	commits := m.commits.clone()
	m.commitMu.Unlock()
	commits.write(w, "mamori_gate_commit_duration_seconds", "")
}

func cut0(s string) (string, string, bool) {
	for i := range len(s) {
		if s[i] == 0 {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
