package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/reports"
)

type batchResult struct {
	path    string
	verdict *engine.Verdict
	err     error
}

// runAssessBatch assesses each path as its own evidence set with a pool
// of GOMAXPROCS workers sharing one compiled engine, and prints the
// results in the order given.
func runAssessBatch(ctx context.Context, g *globalOptions, s *streams, opts *assessOptions) error {
	params, err := readParams(opts.ParamsFile)
	if err != nil {
		return err
	}
	eng, err := g.engine(ctx, params)
	if err != nil {
		return err
	}
	results := make([]batchResult, len(opts.Paths))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				r := &results[i]
				r.path = opts.Paths[i]
				ev, err := engine.ReadEvidence(r.path)
				if err == nil {
					r.verdict, err = eng.Assess(ctx, ev)
				}
				r.err = err
			}
		})
	}
	for i := range opts.Paths {
		next <- i
	}
	close(next)
	wg.Wait()

	write := func(w io.Writer) error { return writeBatch(w, opts, results) }
	if err := writeOutput(s, opts.OutFile, write); err != nil {
		return err
	}
	failed, gaps := 0, 0
	for _, r := range results {
		switch {
		case r.err != nil:
			failed++
			fmt.Fprintf(s.Err, "mamori: %v\n", r.err)
		case !r.verdict.Ready:
			gaps++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d evidence sets could not be assessed", failed, len(results))
	}
	if gaps > 0 {
		return errFindings
	}
	return nil
}

func writeBatch(w io.Writer, opts *assessOptions, results []batchResult) error {
	if opts.Output == reports.FormatJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, r := range results {
			if r.err != nil {
				if err := enc.Encode(map[string]string{"path": r.path, "error": r.err.Error()}); err != nil {
					return err
				}
				continue
			}
			if err := enc.Encode(r.verdict); err != nil {
				return err
			}
		}
		return nil
	}
	rows := make([]reports.SummaryRow, 0, len(results))
	for _, r := range results {
		rows = append(rows, reports.SummaryRow{Path: r.path, Verdict: r.verdict, Err: r.err})
	}
	return reports.WriteSummary(w, opts.Lang, rows)
}
