package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// soak drives gate decisions and evidence submissions together, each at
// a steady rate (an open loop: sent on schedule whatever the answers),
// for a long run, and reports every interval and at the end: requests,
// errors (transport errors and unexpected statuses), p50 and p99 of each
// kind, and the server's resident memory (VmRSS of -pid), first when the
// warm-up ends and last when the run does.
func soak(args []string) error {
	fs := flag.NewFlagSet("soak", flag.ExitOnError)
	url := fs.String("url", "http://127.0.0.1:8080", "server URL")
	gateToken := fs.String("gate-token", "", "gate token")
	submitToken := fs.String("submit-token", "", "admin token for the submissions")
	orgs := fs.Int("orgs", 10000, "organisations seeded")
	gateRate := fs.Int("rate", 1000, "gate decisions per second")
	submitRate := fs.Float64("submit-rate", 10, "submissions per second")
	dir := fs.String("example", "examples/kobayashi-electronics", "evidence directory to submit")
	format := fs.String("format", "yaml", "submission format: yaml, json or xlsx")
	d := fs.Duration("d", 10*time.Minute, "duration of the measured run")
	warmup := fs.Duration("warmup", time.Minute, "the same load before the run, not measured")
	every := fs.Duration("every", time.Minute, "report interval")
	pid := fs.Int("pid", 0, "the server's process ID, for its resident memory")
	c := fs.Int("c", 32, "connections (the most requests in flight)")
	fs.Parse(args)
	if *gateRate <= 0 || *submitRate <= 0 || *gateToken == "" || *submitToken == "" {
		return errors.New("soak: -rate, -submit-rate, -gate-token and -submit-token are required")
	}
	body, ct, err := submitBody(*dir, *format)
	if err != nil {
		return err
	}
	stamp, err := newStamp(body)
	if err != nil {
		return err
	}
	var serial atomic.Uint64

	type job struct {
		gate bool
		due  time.Time
	}
	jobs := make(chan job, *gateRate+int(*submitRate)+1) // a second's worth may queue
	var (
		mu      sync.Mutex
		win     = map[bool]*soakStats{true: {}, false: {}} // this interval's
		all     = map[bool]*soakStats{true: {}, false: {}} // the run's
		measure atomic.Bool
	)
	record := func(gate bool, lat time.Duration, failure string) {
		if !measure.Load() {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		for _, m := range []map[bool]*soakStats{win, all} {
			m[gate].add(lat, failure)
		}
	}
	hc := client(*c)
	var wg sync.WaitGroup
	for w := range *c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 11))
			for j := range jobs {
				var req *http.Request
				want := http.StatusCreated
				if j.gate {
					i := rng.IntN(*orgs)
					kind, b := "membership", fmt.Sprintf(`{"org":%q,"site":%q}`, orgID(i), siteID(i))
					if rng.IntN(2) == 1 {
						kind, b = "exchange", fmt.Sprintf(`{"org":%q,"site":%q,"contract":%q}`, orgID(i), siteID(i), contractID(i))
					}
					req, _ = http.NewRequest(http.MethodPost, *url+"/v1/gate/"+kind, strings.NewReader(b))
					req.Header.Set("Authorization", "Bearer "+*gateToken)
					req.Header.Set("Content-Type", "application/json")
					want = http.StatusOK
				} else {
					req, _ = http.NewRequest(http.MethodPost, *url+"/v1/assessments", bytes.NewReader(stamp(serial.Add(1))))
					req.Header.Set("Authorization", "Bearer "+*submitToken)
					req.Header.Set("Content-Type", ct)
				}
				resp, err := hc.Do(req)
				if err != nil {
					record(j.gate, time.Since(j.due), "transport: "+err.Error())
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				failure := ""
				switch {
				case err != nil:
					failure = "reading the answer: " + err.Error()
				case resp.StatusCode != want:
					failure = "status " + strconv.Itoa(resp.StatusCode)
				}
				record(j.gate, time.Since(j.due), failure)
			}
		}()
	}

	fmt.Printf("soak: gate decisions at %d/s and %s submissions at %g/s, open loop on %d connections; %s warm-up, then %s\n",
		*gateRate, *format, *submitRate, *c, *warmup, *d)
	start := time.Now()
	runFrom := start.Add(*warmup)
	end := runFrom.Add(*d)
	nextReport := runFrom.Add(*every)
	var rssStart, rssEnd int64
	gateEvery := time.Second / time.Duration(*gateRate)
	submitEvery := time.Duration(float64(time.Second) / *submitRate)
	sentGate, sentSubmit, late := 0, 0, 0
	send := func(j job) {
		select {
		case jobs <- j:
		default:
			late++ // a second's worth is queued: far behind
		}
	}
	for now := start; now.Before(end); now = time.Now() {
		if !measure.Load() && !now.Before(runFrom) {
			rssStart = rss(*pid)
			measure.Store(true)
			fmt.Printf("%8s  server RSS %s at the start of the run\n", "0s", mib(rssStart))
		}
		for due := start.Add(time.Duration(sentGate) * gateEvery); !due.After(now); due = start.Add(time.Duration(sentGate) * gateEvery) {
			send(job{gate: true, due: due})
			sentGate++
		}
		for due := start.Add(time.Duration(sentSubmit) * submitEvery); !due.After(now); due = start.Add(time.Duration(sentSubmit) * submitEvery) {
			send(job{gate: false, due: due})
			sentSubmit++
		}
		if !now.Before(nextReport) {
			mu.Lock()
			fmt.Printf("%8s  gate %s; submit %s; server RSS %s\n", now.Sub(runFrom).Round(time.Second),
				win[true], win[false], mib(rss(*pid)))
			win = map[bool]*soakStats{true: {}, false: {}}
			mu.Unlock()
			nextReport = nextReport.Add(*every)
		}
		time.Sleep(time.Millisecond)
	}
	close(jobs)
	wg.Wait()
	rssEnd = rss(*pid)
	fmt.Printf("run of %s: gate %s; submit %s\n", *d, all[true], all[false])
	for _, gate := range []bool{true, false} {
		if f := all[gate].failures; len(f) > 0 {
			keys := make([]string, 0, len(f))
			for k := range f {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				fmt.Printf("  %s errors: %d × %s\n", map[bool]string{true: "gate", false: "submit"}[gate], f[k], k)
			}
		}
	}
	if late > 0 {
		fmt.Printf("  %d requests not sent: over a second's worth was waiting for a connection\n", late)
	}
	if rssStart > 0 && rssEnd > 0 {
		change := float64(rssEnd-rssStart) * 100 / float64(rssStart)
		verdict := "flat within 10%"
		if change > 10 || change < -10 {
			verdict = "NOT flat within 10%"
		}
		fmt.Printf("server RSS: %s at the start, %s at the end (%+.1f%%): %s\n", mib(rssStart), mib(rssEnd), change, verdict)
	}
	return nil
}

// soakStats are one kind's requests over a span.
type soakStats struct {
	lat      []time.Duration
	errors   int
	failures map[string]int
}

func (s *soakStats) add(lat time.Duration, failure string) {
	s.lat = append(s.lat, lat)
	if failure != "" {
		s.errors++
		if s.failures == nil {
			s.failures = map[string]int{}
		}
		if len(s.failures) < 20 {
			s.failures[failure]++
		}
	}
}

func (s *soakStats) String() string {
	if len(s.lat) == 0 {
		return "0 requests"
	}
	slices.Sort(s.lat)
	pct := func(p float64) time.Duration { return s.lat[min(len(s.lat)-1, int(float64(len(s.lat))*p))] }
	return fmt.Sprintf("%d requests, %d errors, p50 %s p99 %s max %s", len(s.lat), s.errors,
		pct(0.5).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond), s.lat[len(s.lat)-1].Round(time.Millisecond))
}

// rss is a process's resident memory in bytes (VmRSS), or 0.
func rss(pid int) int64 {
	if pid <= 0 {
		return 0
	}
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
