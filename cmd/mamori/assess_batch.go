package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/engine/i18n"
	"github.com/mamori-dev/mamori/reports"
)

// batchInput is one evidence set, read and decoded.
type batchInput struct {
	index int
	ev    *evidence.Evidence
	err   error
}

type batchResult struct {
	index   int
	path    string
	verdict *engine.Verdict // without per-requirement detail
	err     error
	line    []byte // the JSON line, encoded by the worker
}

// runAssessBatch assesses each path as its own evidence set with a pool
// of GOMAXPROCS workers sharing one compiled engine. Results are written
// in the order given, as they complete, so memory stays flat however
// many sets there are.
func runAssessBatch(ctx context.Context, g *globalOptions, s *streams, opts *assessOptions) error {
	params, err := readParams(opts.ParamsFile)
	if err != nil {
		return err
	}
	reg, err := readCloudRegistry(opts.CloudRegistry, s.Err)
	if err != nil {
		return err
	}
	// Compile the policies while the workers start reading evidence.
	var (
		eng    *engine.Engine
		engErr error
		ready  = make(chan struct{})
	)
	go func() {
		defer close(ready)
		eng, engErr = g.engineWithCloud(ctx, params, reg)
	}()
	getEngine := func() (*engine.Engine, error) {
		<-ready
		return eng, engErr
	}
	var failed, gaps int
	write := func(w io.Writer) error {
		// Two stages, each with a worker per CPU: reading and decoding
		// evidence does not need the engine, so it runs ahead while the
		// policies compile; assessing and encoding follow.
		jobs := make(chan int)
		parsed := make(chan batchInput, 64)
		done := make(chan batchResult, 64)
		var readers, assessors sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			readers.Go(func() {
				for i := range jobs {
					ev, err := g.readEvidence(opts.Paths[i])
					parsed <- batchInput{index: i, ev: ev, err: err}
				}
			})
			assessors.Go(func() {
				for in := range parsed {
					r := batchResult{index: in.index, path: opts.Paths[in.index], err: in.err}
					eng, engErr := getEngine()
					if engErr != nil {
						continue // reported once, below
					}
					if r.err == nil {
						// One line per set: the per-requirement detail is
						// what `mamori assess PATH` gives for a single set.
						r.verdict, r.err = eng.AssessSummary(ctx, in.ev)
					}
					if opts.Format == reports.FormatJSON {
						r.line, r.err = jsonLine(r)
					}
					done <- r
				}
			})
		}
		go func() {
			for i := range opts.Paths {
				jobs <- i
			}
			close(jobs)
			readers.Wait()
			close(parsed)
			assessors.Wait()
			close(done)
		}()
		bw := bufio.NewWriterSize(w, 1<<16)
		out := newBatchWriter(bw, opts)
		pending := map[int]batchResult{}
		next := 0
		var werr error
		for r := range done {
			pending[r.index] = r
			for ; ; next++ {
				r, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				switch {
				case r.err != nil:
					failed++
					fmt.Fprintf(s.Err, "mamori: %v\n", r.err)
				case !r.verdict.Ready:
					gaps++
				}
				if werr == nil {
					werr = out.write(r)
				}
			}
		}
		if werr != nil {
			return werr
		}
		if _, err := getEngine(); err != nil {
			return err // nothing was assessed, and nothing is written
		}
		if err := out.flush(); err != nil {
			return err
		}
		return bw.Flush()
	}
	if err := writeOutput(s, opts.OutFile, write); err != nil {
		if _, engErr := getEngine(); engErr != nil {
			return engErr
		}
		return err
	}
	if opts.OutFile != "" {
		say(s, opts.Lang, "cli.done.batch", opts.OutFile, len(opts.Paths), gaps, failed)
	}
	if failed > 0 {
		return errors.New(i18n.T(opts.Lang, "cli.batch.failed", failed, len(opts.Paths)))
	}
	if gaps > 0 {
		if opts.OutFile != "" {
			say(s, opts.Lang, "cli.done.exit_gaps")
		}
		return errFindings
	}
	return nil
}

// jsonLine encodes one result as a JSON line: the verdict, or the path
// and the error.
func jsonLine(r batchResult) ([]byte, error) {
	var buf bytes.Buffer
	if r.err != nil {
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(map[string]string{"path": r.path, "error": r.err.Error()}); err != nil {
			return nil, err
		}
		return buf.Bytes(), r.err
	}
	if err := engine.WriteVerdictJSON(&buf, r.verdict, ""); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// batchWriter writes batch results: JSON lines as they come, or a
// summary table at the end.
type batchWriter struct {
	w    io.Writer
	opts *assessOptions
	rows []reports.SummaryRow
}

func newBatchWriter(w io.Writer, opts *assessOptions) *batchWriter {
	return &batchWriter{w: w, opts: opts}
}

func (b *batchWriter) write(r batchResult) error {
	if b.opts.Format == reports.FormatJSON {
		_, err := b.w.Write(r.line)
		return err
	}
	b.rows = append(b.rows, reports.SummaryRow{Path: r.path, Verdict: r.verdict, Err: r.err})
	return nil
}

func (b *batchWriter) flush() error {
	if b.opts.Format == reports.FormatJSON {
		return nil
	}
	return reports.WriteSummary(b.w, b.opts.Lang, b.rows)
}
