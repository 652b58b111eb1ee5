package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics: request counts by route
// and status, request latency histograms by route, gate decisions by
// gate and outcome, and the commits of gate decisions, beside the Go
// runtime's and the process's own. Labels never carry organisation IDs.
type metrics struct {
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	decisions *prometheus.CounterVec
	commits   prometheus.Histogram
	handler   http.Handler
}

// latencyBuckets are the request histograms' upper bounds, in seconds.
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// commitBuckets are the commit histogram's upper bounds, in seconds: a
// commit syncs to disk, which takes from a tenth of a millisecond to
// tens of milliseconds.
var commitBuckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}

func newMetrics() *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mamori_http_requests_total",
			Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "mamori_http_request_duration_seconds",
			Help:    "HTTP request latency by route.",
			Buckets: latencyBuckets,
		}, []string{"route"}),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mamori_gate_decisions_total",
			Help: "Gate decisions by gate and outcome.",
		}, []string{"gate", "decision"}),
		commits: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "mamori_gate_commit_duration_seconds",
			Help: "Commits of gate decisions, each a group of them, with the sync to disk. " +
				"Decisions per commit: mamori_gate_decisions_total over the count.",
			Buckets: commitBuckets,
		}),
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(m.requests, m.latency, m.decisions, m.commits,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	return m
}

// commit observes a commit of a group of gate decisions.
func (m *metrics) commit(d time.Duration) { m.commits.Observe(d.Seconds()) }

// decision counts a gate decision.
func (m *metrics) decision(gate, decision string) { m.decisions.WithLabelValues(gate, decision).Inc() }

// routeMetrics observes one route's requests.
type routeMetrics struct {
	pattern string
	m       *metrics
	latency prometheus.Observer
}

func (m *metrics) route(pattern string) *routeMetrics {
	return &routeMetrics{pattern: pattern, m: m, latency: m.latency.WithLabelValues(pattern)}
}

func (rm *routeMetrics) observe(code int, d time.Duration) {
	rm.m.requests.WithLabelValues(rm.pattern, strconv.Itoa(code)).Inc()
	rm.latency.Observe(d.Seconds())
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request, _ *principal) error {
	s.metrics.handler.ServeHTTP(w, r)
	return nil
}
