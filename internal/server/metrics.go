package server

import (
	"bufio"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// metrics are exposed in the Prometheus text format: request counts by
// route and status, request latency histograms by route, and gate
// decisions by gate and outcome. Labels never carry organisation IDs.
type metrics struct {
	mu        sync.Mutex
	routes    map[string]*routeMetrics
	decisions sync.Map // "gate\x00decision" -> *atomic.Int64
}

// latencyBuckets are the histogram's upper bounds, in seconds.
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type routeMetrics struct {
	pattern string
	mu      sync.Mutex
	codes   map[int]int64
	buckets []int64 // cumulative counts are computed on output
	count   int64
	sum     float64
}

func newMetrics() *metrics { return &metrics{routes: map[string]*routeMetrics{}} }

func (m *metrics) route(pattern string) *routeMetrics {
	m.mu.Lock()
	defer m.mu.Unlock()
	rm := &routeMetrics{pattern: pattern, codes: map[int]int64{}, buckets: make([]int64, len(latencyBuckets))}
	m.routes[pattern] = rm
	return rm
}

func (rm *routeMetrics) observe(code int, d time.Duration) {
	sec := d.Seconds()
	i, _ := slices.BinarySearch(latencyBuckets, sec)
	rm.mu.Lock()
	rm.codes[code]++
	if i < len(rm.buckets) {
		rm.buckets[i]++
	}
	rm.count++
	rm.sum += sec
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
		buckets []int64
		count   int64
		sum     float64
	}
	snaps := make([]snap, 0, len(patterns))
	for _, p := range patterns {
		m.mu.Lock()
		rm := m.routes[p]
		m.mu.Unlock()
		rm.mu.Lock()
		sn := snap{pattern: p, codes: make(map[int]int64, len(rm.codes)), buckets: slices.Clone(rm.buckets), count: rm.count, sum: rm.sum}
		for c, n := range rm.codes {
			sn.codes[c] = n
		}
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
		if sn.count == 0 {
			continue
		}
		var cum int64
		for i, le := range latencyBuckets {
			cum += sn.buckets[i]
			fmt.Fprintf(w, "mamori_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n",
				strconv.Quote(sn.pattern), strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		fmt.Fprintf(w, "mamori_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", strconv.Quote(sn.pattern), sn.count)
		fmt.Fprintf(w, "mamori_http_request_duration_seconds_sum{route=%s} %s\n", strconv.Quote(sn.pattern), strconv.FormatFloat(sn.sum, 'g', -1, 64))
		fmt.Fprintf(w, "mamori_http_request_duration_seconds_count{route=%s} %d\n", strconv.Quote(sn.pattern), sn.count)
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
}

func cut0(s string) (string, string, bool) {
	for i := range len(s) {
		if s[i] == 0 {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
