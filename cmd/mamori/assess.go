package main

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/engine/i18n"
	"github.com/mamori-dev/mamori/reports"
)

type assessOptions struct {
	Paths      []string
	Batch      bool
	Format     string
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
and the output is one summary line per set, or with --format json one JSON
verdict per line without the per-requirement detail and unverified flags.

With -o/--out FILE the verdict is written to FILE (mode 0600) instead of
standard output, and a line on standard error says what was written.

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
  $ mamori assess evidence/ --format json -o verdict.json
  $ mamori assess evidence/ --params ministry-thresholds.yaml
  $ mamori assess evidence/ --cloud-registry ismap-2026-10.csv
  $ mamori assess --batch suppliers/*/ --format json
  $ mamori assess evidence/ --sign signing.key --valid-for 180d --out verdict.dsse.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			lang := opts.Lang
			if opts.Batch && len(opts.SiteVisits) > 0 {
				return flagErrorf("%s", i18n.T(lang, "cli.flag.not_batch", "--site-visit"))
			}
			if opts.Batch && opts.Format == reports.FormatYAML {
				return flagErrorf("%s", i18n.T(lang, "cli.flag.batch_format"))
			}
			if opts.SignKey != "" {
				if opts.Batch {
					return flagErrorf("%s", i18n.T(lang, "cli.flag.not_batch", "--sign"))
				}
				if opts.OutFile == "" {
					return flagErrorf("%s", i18n.T(lang, "cli.flag.sign_needs_out"))
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
				return flagErrorf("%s", i18n.T(lang, "cli.flag.valid_for_needs_sign"))
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
	addFormatFlag(cmd, &opts.Format, reports.TextFormats()...)
	addLangFlag(cmd, &opts.Lang, "language of the table and messages")
	addOutFlag(cmd, &opts.OutFile, "write the verdict to `FILE` (mode 0600) instead of standard output")
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
	eng, _, v, err := g.assessPaths(ctx, s, opts.Lang, opts.ParamsFile, opts.CloudRegistry, opts.Paths, opts.SiteVisits)
	if err != nil {
		return err
	}
	if opts.SignKey != "" {
		st, err := writeSigned(s, opts.OutFile, signKey, opts.ValidFor, time.Now(), v, eng.Catalog())
		if err != nil {
			return err
		}
		say(s, opts.Lang, "cli.done.signed", opts.OutFile, decisionText(opts.Lang, v.Ready), st.ValidUntil.Format(time.DateOnly))
		return verdictDone(s, opts.Lang, v)
	}
	r := reports.NewText(opts.Format, opts.Lang, eng.Catalog())
	if err := writeOutput(s, opts.OutFile, func(w io.Writer) error { return r.Write(w, v) }); err != nil {
		return err
	}
	if opts.OutFile == "" {
		return verdictExit(v)
	}
	say(s, opts.Lang, "cli.done.verdict", opts.OutFile, opts.Format, decisionText(opts.Lang, v.Ready),
		scoreText(opts.Lang, v.DoD.Score), i18n.Code(opts.Lang, "cmmc", v.CMMC.Status))
	return verdictDone(s, opts.Lang, v)
}

// assessPaths assesses the evidence set at paths, with the thresholds
// of paramsFile and the filled site checklists applied, and returns the
// engine, the evidence and the verdict. Conflicts between auditors are
// said on standard error in lang.
func (g *globalOptions) assessPaths(ctx context.Context, s *streams, lang, paramsFile, cloudRegistry string, paths, siteVisits []string) (*engine.Engine, *evidence.Evidence, *engine.Verdict, error) {
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
	if ev, err = applySiteVisits(ev, siteVisits, eng.Catalog(), s.Err, lang); err != nil {
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
