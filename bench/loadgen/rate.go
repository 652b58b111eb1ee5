package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/url"
	"os"
	"strconv"
	"sync"
	"time"
)

// rate drives gate decisions at a fixed rate: an open loop, in which
// requests are sent on schedule whether or not the earlier ones have been
// answered. A closed loop (wrk, "loadgen gate") measures latency at
// whatever rate the server saturates at; this measures it at the rate
// asked for, the way a latency target is stated.
//
// The schedule is kept in steps of about a millisecond (the resolution
// of the Go timer here): each step sends the requests that have come due.
// A request's latency runs from when it was handed to a connection; a
// request that finds every connection busy waits for one, and that wait
// counts, so a server that falls behind shows it.
func rate(args []string) error {
	fs, g := newGateFlags("rate")
	base, token, n, d := &g.url, &g.token, &g.orgs, &g.d
	perSecond := fs.Int("rate", 5000, "requests per second")
	c := fs.Int("c", 64, "connections (the most requests in flight)")
	healthz := fs.Bool("healthz", false, "send GET /healthz instead, which reads no records and signs nothing: the floor of this measurement on this machine")
	fs.Parse(args)
	u, err := url.Parse(*base)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return fmt.Errorf("-url %q: want http://host:port", *base)
	}
	if *perSecond <= 0 {
		return errors.New("-rate must be positive")
	}

	// Requests are formatted once, as bench/gate.lua does, half for
	// membership and half for exchange.
	reqs := make([][]byte, 0, 2**n)
	what, orgs := "gate", *n
	if *healthz {
		what, orgs = "GET /healthz", 0
		reqs = append(reqs, fmt.Appendf(nil, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", u.Host))
	}
	for i := range orgs {
		for _, k := range []string{"membership", "exchange"} {
			body := fmt.Sprintf(`{"org":%q,"site":%q}`, orgID(i), siteID(i))
			if k == "exchange" {
				body = fmt.Sprintf(`{"org":%q,"site":%q,"contract":%q}`, orgID(i), siteID(i), contractID(i))
			}
			reqs = append(reqs, fmt.Appendf(nil, "POST /v1/gate/%s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"+
				"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", k, u.Host, *token, len(body), body))
		}
	}

	type job struct {
		req  []byte
		sent time.Time
	}
	jobs := make(chan job, *perSecond) // a second's worth may queue
	r := &result{}
	var wg sync.WaitGroup
	for range *c {
		conn, err := net.Dial("tcp", u.Host)
		if err != nil {
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer conn.Close()
			br := bufio.NewReaderSize(conn, 16<<10)
			for j := range jobs {
				if _, err := conn.Write(j.req); err != nil {
					r.fail(err)
					return
				}
				status, body, err := readResponse(br)
				if err != nil {
					r.fail(err)
					return
				}
				r.add(time.Since(j.sent))
				count(&r.status, strconv.Itoa(status))
				switch {
				case bytes.Contains(body, []byte(`"decision":"allow"`)):
					count(&r.outcome, "allow")
				case bytes.Contains(body, []byte(`"decision":"deny"`)):
					count(&r.outcome, "deny")
				}
			}
		}()
	}

	rng := rand.New(rand.NewPCG(1, 7))
	interval := time.Second / time.Duration(*perSecond)
	start := time.Now()
	end := start.Add(*d)
	sent, late := 0, 0
	for now := start; now.Before(end); now = time.Now() {
		due := int(now.Sub(start)/interval) + 1
		for ; sent < due; sent++ {
			select {
			case jobs <- job{req: reqs[rng.IntN(len(reqs))], sent: time.Now()}:
			default:
				late++ // a second's worth is queued: the server is far behind
			}
		}
		time.Sleep(interval)
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	r.report(fmt.Sprintf("%s at %d/s (open loop, %d connections)", what, *perSecond, *c), elapsed)
	if late > 0 {
		fmt.Printf("  %d requests not sent: over a second's worth was waiting for a connection\n", late)
	}
	return nil
}

func (r *result) fail(err error) {
	if r.errs.Add(1) == 1 {
		fmt.Fprintln(os.Stderr, "first error:", err)
	}
}

// readResponse reads one HTTP/1.1 response with a Content-Length (the
// gate sets one) and returns its status and body.
func readResponse(br *bufio.Reader) (int, []byte, error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, nil, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, nil, fmt.Errorf("bad status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, nil, fmt.Errorf("bad status line %q", line)
	}
	length := -1
	for {
		h, err := br.ReadSlice('\n')
		if err != nil {
			return 0, nil, err
		}
		h = bytes.TrimRight(h, "\r\n")
		if len(h) == 0 {
			break
		}
		if name, v, ok := bytes.Cut(h, []byte(":")); ok && bytes.EqualFold(name, []byte("Content-Length")) {
			if length, err = strconv.Atoi(string(bytes.TrimSpace(v))); err != nil {
				return 0, nil, fmt.Errorf("bad Content-Length %q", v)
			}
		}
	}
	if length < 0 {
		return 0, nil, errors.New("response without a Content-Length")
	}
	body := make([]byte, length)
	_, err = io.ReadFull(br, body)
	return status, body, err
}
