package server_test

import (
	"bytes"
	"net/http"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMetrics reads /metrics as Prometheus does and checks the series
// docs/service.md promises, after one gate decision and one request that
// failed.
func TestMetrics(t *testing.T) {
	e := newEnv(t)
	e.gate("membership", "kobayashi-electronics", "okaya-design", "")
	code, _, _ := e.do("gate", http.MethodGet, "/v1/organizations", "", nil)
	require.Equal(t, http.StatusForbidden, code)

	code, b, h := e.do("", http.MethodGet, "/metrics", "", nil)
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, h.Get("Content-Type"), "text/plain; version=0.0.4")
	assert.NotContains(t, string(b), "kobayashi", "labels never carry organisation IDs")
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(bytes.NewReader(b))
	require.NoError(t, err)

	tests := []struct {
		name   string
		labels map[string]string
		typ    dto.MetricType
		want   float64 // the counter's value or the histogram's count
	}{
		{"mamori_gate_decisions_total", map[string]string{"gate": "membership", "decision": "deny"}, dto.MetricType_COUNTER, 1},
		{"mamori_http_requests_total", map[string]string{"route": "POST /v1/gate/membership", "code": "200"}, dto.MetricType_COUNTER, 1},
		{"mamori_http_requests_total", map[string]string{"route": "GET /v1/organizations", "code": "403"}, dto.MetricType_COUNTER, 1},
		{"mamori_http_request_duration_seconds", map[string]string{"route": "POST /v1/gate/membership"}, dto.MetricType_HISTOGRAM, 1},
		{"mamori_http_request_duration_seconds", map[string]string{"route": "GET /v1/organizations"}, dto.MetricType_HISTOGRAM, 1},
		{"mamori_gate_commit_duration_seconds", nil, dto.MetricType_HISTOGRAM, 1},
	}
	for _, tt := range tests {
		fam := fams[tt.name]
		require.NotNil(t, fam, "%s is missing", tt.name)
		assert.Equal(t, tt.typ, fam.GetType(), tt.name)
		m := findMetric(fam, tt.labels)
		require.NotNil(t, m, "%s%v is missing", tt.name, tt.labels)
		switch tt.typ {
		case dto.MetricType_COUNTER:
			assert.Equal(t, tt.want, m.GetCounter().GetValue(), "%s%v", tt.name, tt.labels)
		case dto.MetricType_HISTOGRAM:
			hist := m.GetHistogram()
			assert.Equal(t, uint64(tt.want), hist.GetSampleCount(), "%s%v", tt.name, tt.labels)
			assert.Len(t, hist.GetBucket(), 15, "%s%v: 14 bounds and +Inf", tt.name, tt.labels)
		}
	}
	// The runtime's own metrics, for tuning GOGC and GOMEMLIMIT.
	for _, name := range []string{"go_gc_duration_seconds", "go_memstats_heap_alloc_bytes", "go_gc_gogc_percent", "go_gc_gomemlimit_bytes", "go_sched_gomaxprocs_threads"} {
		assert.Contains(t, fams, name)
	}
}

// findMetric returns the metric of fam whose labels are exactly want.
func findMetric(fam *dto.MetricFamily, want map[string]string) *dto.Metric {
	for _, m := range fam.GetMetric() {
		got := map[string]string{}
		for _, l := range m.GetLabel() {
			got[l.GetName()] = l.GetValue()
		}
		if len(got) == len(want) {
			match := true
			for k, v := range want {
				match = match && got[k] == v
			}
			if match {
				return m
			}
		}
	}
	return nil
}
