package main

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/reports"
)

type assessOptions struct {
	Paths      []string
	Batch      bool
	Output     string
	Lang       string
	OutFile    string
	ParamsFile string
	SiteVisits []string
	// CloudRegistry is the --cloud-registry file.
	CloudRegistry string
	// SignKey is the private key file for --sign; ValidFor is the
	// validity of the signed statement (--valid-for, default 365 days).
	SignKey  string
	ValidFor time.Duration
}

func newAssessCmd(g *globalOptions, s *streams, runF func(context.Context, *assessOptions) error) *cobra.Command {
	opts := &assessOptions{}
	var validFor string
	cmd := &cobra.Command{
		Use:   "assess PATH...",
		Short: "Assess an evidence set and print the verdict",
		Long: `Assess reads an evidence set (YAML or JSON files, or directories of them, and
self-assessment workbooks made by "mamori template self-assessment", merged into
one set), evaluates the policies and prints the verdict: the DoD score or
NO_SCORE, the CMMC Level 2 status, the Japanese conformance count, coverage,
per-family results and the gaps worth the most points.

With --batch, each PATH is a separate evidence set, assessed in parallel,
and the output is one summary line per set, or with --output json one JSON
verdict per line without the per-requirement detail and unverified flags.

With --sign KEY (a private key made by "mamori key create"), the file given
by --out receives a signed verdict instead of the verdict: a DSSE envelope
whose payload is a canonical JSON statement summarising the verdict (its
decision, score, CMMC status and dates, catalogue, policy and evidence
digests, and the SHA-256 of the full JSON verdict), valid for --valid-for
(365d by default, never past the CMMC reassessment or POA&M closeout date).
"mamori verify" checks it offline. --sign requires --out.

Exit codes: 0 fully conformant, 1 gaps found, 2 error.`,
		Example: `  $ mamori assess examples/sato-machining
  $ mamori assess evidence.yaml --lang ja
  $ mamori assess sa.xlsx poam.yaml
  $ mamori assess evidence/ --output json --out verdict.json
  $ mamori assess evidence/ --params ministry-thresholds.yaml
  $ mamori assess evidence/ --cloud-registry ismap-2026-10.csv
  $ mamori assess --batch suppliers/*/ --output json
  $ mamori assess evidence/ --sign signing.key --valid-for 180d --out verdict.dsse.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if !slices.Contains(reports.TextFormats(), opts.Output) {
				return flagErrorf("invalid --output %q: valid values are %v", opts.Output, reports.TextFormats())
			}
			if opts.Lang != engine.LangEN && opts.Lang != engine.LangJA {
				return flagErrorf("invalid --lang %q: valid values are en, ja", opts.Lang)
			}
			if opts.Batch && len(opts.SiteVisits) > 0 {
				return flagErrorf("--site-visit applies to one evidence set, not --batch")
			}
			if opts.Batch && opts.Output == reports.FormatYAML {
				return flagErrorf("--batch writes table or json, not yaml")
			}
			if opts.SignKey != "" {
				if opts.Batch {
					return flagErrorf("--sign applies to one evidence set, not --batch")
				}
				if opts.OutFile == "" {
					return flagErrorf("--sign requires --out FILE, which receives the signed verdict")
				}
				if validFor == "" {
					validFor = "365d"
				}
				d, err := parseValidity(validFor)
				if err != nil {
					return flagErrorf("--valid-for: %v", err)
				}
				opts.ValidFor = d
			} else if validFor != "" {
				return flagErrorf("--valid-for applies only with --sign")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			if opts.Batch {
				return runAssessBatch(cmd.Context(), g, s, opts)
			}
			return runAssess(cmd.Context(), g, s, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "o", reports.FormatTable, fmt.Sprintf("output format: %v", reports.TextFormats()))
	cmd.Flags().StringVar(&opts.Lang, "lang", engine.LangEN, "language of the table: en or ja")
	cmd.Flags().StringVar(&opts.OutFile, "out", "", "write the verdict to `FILE` (mode 0600) instead of standard output")
	cmd.Flags().StringVar(&opts.ParamsFile, "params", "", "override thresholds with a YAML or JSON `FILE`")
	cmd.Flags().StringVar(&opts.CloudRegistry, "cloud-registry", "", cloudRegistryUsage)
	cmd.Flags().BoolVar(&opts.Batch, "batch", false, "assess each PATH as a separate evidence set")
	cmd.Flags().StringArrayVar(&opts.SiteVisits, "site-visit", nil, "apply an auditor's filled site checklist `FILE` (made by \"mamori checklist site\"; repeatable)")
	cmd.Flags().StringVar(&opts.SignKey, "sign", "", "write a signed verdict (DSSE) to --out, signed with the private key `FILE`")
	cmd.Flags().StringVar(&validFor, "valid-for", "", "validity of the signed verdict: days (`365d`) or a Go duration; default 365d")
	return cmd
}

func runAssess(ctx context.Context, g *globalOptions, s *streams, opts *assessOptions) error {
	var signKey ed25519.PrivateKey
	if opts.SignKey != "" {
		k, err := readSigningKey(opts.SignKey)
		if err != nil {
			return err
		}
		signKey = k
	}
	eng, _, v, err := g.assessPaths(ctx, s, opts.ParamsFile, opts.CloudRegistry, opts.Paths, opts.SiteVisits)
	if err != nil {
		return err
	}
	if opts.SignKey != "" {
		if err := writeSigned(s, opts.OutFile, signKey, opts.ValidFor, time.Now(), v, eng.Catalog()); err != nil {
			return err
		}
		if !v.Ready {
			return errFindings
		}
		return nil
	}
	r := reports.NewText(opts.Output, opts.Lang, eng.Catalog())
	if err := writeOutput(s, opts.OutFile, func(w io.Writer) error { return r.Write(w, v) }); err != nil {
		return err
	}
	if !v.Ready {
		return errFindings
	}
	return nil
}

// assessPaths assesses the evidence set at paths, with the thresholds
// of paramsFile and the filled site checklists applied, and returns the
// engine, the evidence and the verdict.
func (g *globalOptions) assessPaths(ctx context.Context, s *streams, paramsFile, cloudRegistry string, paths, siteVisits []string) (*engine.Engine, *evidence.Evidence, *engine.Verdict, error) {
	params, err := readParams(paramsFile)
	if err != nil {
		return nil, nil, nil, err
	}
	reg, err := readCloudRegistry(cloudRegistry, s.Err)
	if err != nil {
		return nil, nil, nil, err
	}
	eng, err := g.engineWithCloud(ctx, params, reg)
	if err != nil {
		return nil, nil, nil, err
	}
	ev, err := g.readEvidence(paths...)
	if err != nil {
		return nil, nil, nil, err
	}
	if ev, err = applySiteVisits(ev, siteVisits, eng.Catalog(), s.Err); err != nil {
		return nil, nil, nil, err
	}
	v, err := eng.Assess(ctx, ev)
	if err != nil {
		return nil, nil, nil, err
	}
	return eng, ev, v, nil
}

func readParams(file string) (map[string]any, error) {
	if file == "" {
		return nil, nil
	}
	b, err := evidence.ReadFile(file, evidence.MaxInputBytes)
	if err != nil {
		return nil, fmt.Errorf("read params: %w", err)
	}
	return engine.ParseParams(file, b)
}
