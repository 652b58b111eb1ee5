package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine/collect"
	"github.com/mamori-dev/mamori/engine/collect/importer"
	"github.com/mamori-dev/mamori/engine/evidence"
)

func newFactsCmd(g *globalOptions, s *streams) *cobra.Command {
	return groupCmd("facts", "Turn what machines export into evidence facts", newFactsImportCmd(g, s, nil))
}

type factsImportOptions struct {
	Kind    string
	Paths   []string
	OutFile string
	Format  string
}

// Output formats of facts import.
const (
	factsFormatYAML = "yaml"
	factsFormatJSON = "json"
)

func newFactsImportCmd(_ *globalOptions, s *streams, runF func(context.Context, *factsImportOptions) error) *cobra.Command {
	opts := &factsImportOptions{}
	kinds := append(slices.Clone(importer.Kinds), importer.KindAuto)
	cmd := &cobra.Command{
		Use:   "import KIND FILE... [-o FILE] [--format yaml|json]",
		Short: "Import machines' exports as evidence facts with their sources",
		Long: `Import reads what administrators' tools export and writes an evidence/v1
document of facts with their provenance: for each host or tenant, the tool and
its version, the time of the export and the SHA-256 of every raw file read;
for each fact, every host's value and what it rests on (file, line, rule,
setting). The facts section gives each fact at the value that holds on every
host: BitLocker off on one PC makes full-disk encryption false for the
organisation. Put the file beside the rest of the evidence and assess.

KIND is one of:
  openscap   XCCDF 1.2 results or ARF from "oscap xccdf eval --results" (.xml, .xml.gz)
  windows    a host's folder of exports, or a folder of host folders (engine/collect/windows/README.md)
  m365       a tenant's folder of Microsoft Graph exports (engine/collect/m365/README.md)
  scubagear  ScubaGear's ScubaResults.json
  linux      a report from "mamori collect linux"
  auto       tells each path's kind from its content

Every export is untrusted: an error names the file and the line or element,
the field and what was expected, the exit code is 2 and nothing is written.
The file is written with mode 0600, through a temporary file and a rename.
The format is YAML unless --format or the output file's extension (.json) says
JSON.`,
		Example: `  $ mamori facts import windows exports/hosts -o evidence/facts-windows.yaml
  $ mamori facts import linux db-01.json web-01.json -o evidence/facts-linux.yaml
  $ mamori facts import openscap db-01-results.xml.gz -o evidence/facts-oscap.yaml
  $ mamori facts import auto exports/tenant exports/ScubaResults.json -o evidence/facts-m365.yaml`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Kind, opts.Paths = args[0], args[1:]
			if !slices.Contains(kinds, opts.Kind) {
				return flagErrorf("unknown kind %q: valid kinds are %s", opts.Kind, strings.Join(kinds, ", "))
			}
			ext := strings.ToLower(filepath.Ext(opts.OutFile))
			byExt := factsFormatYAML
			if ext == ".json" {
				byExt = factsFormatJSON
			}
			switch {
			case opts.Format == "":
				opts.Format = byExt
			case opts.Format != factsFormatYAML && opts.Format != factsFormatJSON:
				return flagErrorf("invalid --format %q: valid values are yaml, json", opts.Format)
			case opts.OutFile != "" && (ext == ".json" || ext == ".yaml" || ext == ".yml") && opts.Format != byExt:
				return flagErrorf("--format %s does not match the output file %s", opts.Format, opts.OutFile)
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runFactsImport(s, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.OutFile, "out", "o", "", "write the facts to `FILE` (mode 0600) instead of standard output")
	cmd.Flags().StringVar(&opts.Format, "format", "", "output format: yaml or json (default: from the -o file's extension, else yaml)")
	return cmd
}

func runFactsImport(s *streams, opts *factsImportOptions) error {
	var reports []*collect.Report
	for _, p := range opts.Paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return err
		}
		if _, err := os.Stat(abs); err != nil {
			return &evidence.InputError{File: p, Msg: err.Error()}
		}
		// Each path is read within its parent folder, so that inputs are
		// named as the administrator sees them (hosts/PC-07/bitlocker.json).
		reps, err := importer.Import(os.DirFS(filepath.Dir(abs)), opts.Kind, filepath.Base(abs))
		if err != nil {
			return err
		}
		reports = append(reports, reps...)
	}
	doc, err := collect.Document(reports)
	if err != nil {
		return err
	}
	format := evidence.FormatYAML
	if opts.Format == factsFormatJSON {
		format = evidence.FormatJSON
	}
	var buf bytes.Buffer
	comment := fmt.Sprintf("Facts imported by \"mamori facts import %s\" from %s.\nDo not edit: each fact must be the value its sources give.", opts.Kind, strings.Join(opts.Paths, " "))
	if err := doc.Encode(&buf, format, comment); err != nil {
		return err
	}
	name := opts.OutFile
	if name == "" {
		name = "facts." + opts.Format
	}
	// What is written must read back as evidence.
	if _, err := evidence.ParseFormat(name, buf.Bytes(), format); err != nil {
		return fmt.Errorf("facts import: the document written does not read back: %w", err)
	}
	if err := writeOutput(s, opts.OutFile, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
		return err
	}
	summariseImport(s.Err, reports)
	return nil
}

// summariseImport tells the administrator what was imported: the hosts and
// tenants, each fact's value for the organisation with the hosts that
// hold its weakest value, and what could not be established.
func summariseImport(w io.Writer, reports []*collect.Report) {
	agg := collect.Aggregate(reports, nil)
	var hosts, tenants int
	seen := map[string]bool{}
	for _, r := range reports {
		key := r.Subject.Kind + "\x00" + strings.ToLower(r.Subject.ID)
		if seen[key] {
			continue
		}
		seen[key] = true
		if r.Subject.Kind == collect.SubjectTenant {
			tenants++
		} else {
			hosts++
		}
	}
	fmt.Fprintf(w, "imported %d exports (%d hosts, %d tenants): %d facts\n", len(reports), hosts, tenants, len(agg.Facts))
	for _, f := range agg.Facts {
		line := fmt.Sprintf("  %s = %s on %s", f.Fact, f.Value, f.Coverage())
		if len(f.Weakest) < f.Reported {
			line += " (weakest: " + strings.Join(f.Weakest, ", ") + ")"
		}
		fmt.Fprintln(w, line)
	}
	for _, c := range agg.Conflicts {
		fmt.Fprintf(w, "  %s: sources disagree on %s\n", c.Subject, c.Fact)
	}
	const maxNotes = 20
	notes := 0
	for _, r := range reports {
		for _, n := range r.Notes {
			if notes++; notes <= maxNotes {
				fmt.Fprintf(w, "  %s: %s\n", r.Subject.ID, n)
			}
		}
	}
	if notes > maxNotes {
		fmt.Fprintf(w, "  … %d more notes: run the import on fewer exports to see them\n", notes-maxNotes)
	}
}
