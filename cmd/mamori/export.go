package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine/i18n"
	"github.com/mamori-dev/mamori/engine/oscal/export"
)

func newExportCmd(g *globalOptions, s *streams) *cobra.Command {
	return groupCmd("export", "Write an assessment in other formats",
		groupCmd("oscal", "Write an assessment as NIST OSCAL documents",
			newExportOSCALCmd(g, s, oscalAssessmentResults, nil),
			newExportOSCALCmd(g, s, oscalPOAM, nil)))
}

// The OSCAL documents "mamori export oscal" writes.
const (
	oscalAssessmentResults = "assessment-results"
	oscalPOAM              = "poam"
)

type exportOSCALOptions struct {
	// Document is assessment-results or poam.
	Document   string
	Paths      []string
	OutFile    string
	Lang       string
	ParamsFile string
	// CloudRegistry is the registry of cloud services (--cloud-registry).
	CloudRegistry string
	SiteVisits    []string
}

func newExportOSCALCmd(g *globalOptions, s *streams, document string, runF func(context.Context, *exportOSCALOptions) error) *cobra.Command {
	opts := &exportOSCALOptions{Document: document}
	cmd := &cobra.Command{
		Use: document + " EVIDENCE... [-o FILE]",
		Example: fmt.Sprintf(`  $ mamori export oscal %[1]s examples/kobayashi-electronics -o %[1]s.json
  $ mamori export oscal %[1]s evidence/ --lang ja -o %[1]s.yaml`, document),
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runExportOSCAL(cmd.Context(), g, s, opts)
		},
	}
	common := `The document is OSCAL 1.1.3 JSON (or OSCAL's YAML form when FILE ends in
.yaml or .yml), valid against NIST's schema. Its UUIDs derive from the
verdict, so exporting the same evidence again gives the same bytes. It
refers to the catalogue by the UUID of "mamori catalog export --format
oscal". mamori's own data is in properties of the namespace
https://mamori.dev/ns/oscal (docs/oscal.md).

The file is written with mode 0600, as it shows the company's weaknesses,
and nothing is written if anything fails; a line on standard error says what
was written.

Exit codes: 0 fully conformant, 1 gaps found (the document is written: the
command succeeded), 2 error.`
	switch document {
	case oscalAssessmentResults:
		cmd.Short = "Write the OSCAL assessment results of an evidence set"
		cmd.Long = `Assessment-results assesses an evidence set (as assess does) and writes the
verdict as OSCAL assessment results: a finding per requirement and per
objective with its status; an observation per determination with its method,
assessor, date and artifacts (version, dates, SHA-256), per check of the facts
against the claims (contradictions, unverified claims, stale artifacts) and
per reported fact; a risk per gap, exception and temporary deficiency with its
POA&M milestones; and the DoD score, NO_SCORE, the CMMC status and its dates
as properties of the result.

` + common
	case oscalPOAM:
		cmd.Short = "Write the OSCAL plan of action and milestones of an evidence set"
		cmd.Long = `Poam assesses an evidence set (as assess does) and writes an OSCAL plan of
action and milestones: an item for each POA&M item of the evidence and for
each gap that no item lists, each linked to its requirements' findings and
risks. The milestones and their due dates are tasks of the risks'
remediations; as OSCAL gives an item no planned completion date, each item
also carries its due date and milestones as properties (planned-completion,
milestone).

` + common
	}
	addOutFlag(cmd, &opts.OutFile, "write to `FILE` (mode 0600) instead of standard output")
	addLangFlag(cmd, &opts.Lang, "language of the text mamori writes and of messages")
	cmd.Flags().StringVar(&opts.ParamsFile, "params", "", "override thresholds with a YAML or JSON `FILE`")
	cmd.Flags().StringVar(&opts.CloudRegistry, "cloud-registry", "", cloudRegistryUsage)
	cmd.Flags().StringArrayVar(&opts.SiteVisits, "site-visit", nil, "apply an auditor's filled site checklist `FILE` (repeatable)")
	return cmd
}

func runExportOSCAL(ctx context.Context, g *globalOptions, s *streams, opts *exportOSCALOptions) error {
	eng, ev, v, err := g.assessPaths(ctx, s, opts.Lang, opts.ParamsFile, opts.CloudRegistry, opts.Paths, opts.SiteVisits)
	if err != nil {
		return err
	}
	in := export.Input{Verdict: v, Evidence: ev, Catalog: eng.Catalog(), Lang: opts.Lang}
	var doc any
	switch opts.Document {
	case oscalAssessmentResults:
		doc, err = export.NewAssessmentResults(in)
	case oscalPOAM:
		doc, err = export.NewPOAM(in)
		if errors.Is(err, export.ErrNoPOAMItems) {
			say(s, opts.Lang, "cli.export.no_poam_items", err)
			return verdictExit(v)
		}
	}
	if err != nil {
		return err
	}
	if err := writeOutput(s, opts.OutFile, oscalWriter(opts.OutFile, doc)); err != nil {
		return err
	}
	if opts.OutFile == "" {
		return verdictExit(v)
	}
	say(s, opts.Lang, "cli.done.oscal", opts.OutFile, i18n.T(opts.Lang, "cli.what.oscal."+opts.Document), decisionText(opts.Lang, v.Ready))
	return verdictDone(s, opts.Lang, v)
}

// oscalWriter writes an OSCAL document in the form its file name asks
// for: YAML for .yaml and .yml, else JSON.
func oscalWriter(file string, doc any) func(io.Writer) error {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".yaml", ".yml":
		return func(w io.Writer) error { return export.WriteYAML(w, doc) }
	}
	return func(w io.Writer) error { return export.WriteJSON(w, doc) }
}
