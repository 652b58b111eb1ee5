package server_test

import (
	"bytes"
	"net/http"
	"testing"
)

// BenchmarkGateHTTP measures gate decisions through the HTTP stack
// (httptest, loopback), signed and committed, for one organisation:
// the steady state once its records are cached. bench/verdict-service.sh
// measures a store of 10,000 organisations with wrk.
func BenchmarkGateHTTP(b *testing.B) {
	e := newEnv(b)
	e.submit("company", "kobayashi-electronics")
	body := []byte(`{"org":"kobayashi-electronics","site":"okaya-design","contract":"C-2026-014"}`)
	hc := e.ts.Client()
	hc.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodPost, e.ts.URL+"/v1/gate/exchange", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+e.tokens["gate"])
			req.Header.Set("Content-Type", "application/json")
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var buf [4096]byte
			for {
				if _, err := resp.Body.Read(buf[:]); err != nil {
					break
				}
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Fatal(resp.Status)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
}
