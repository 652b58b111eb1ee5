package main

import (
	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/i18n"
	"github.com/mamori-dev/mamori/engine/oscal/export"
)

// Formats "mamori catalog export" writes.
const catalogFormatOSCAL = "oscal"

type catalogExportOptions struct {
	Format  string
	Catalog string
	OutFile string
	Lang    string
}

func newCatalogExportCmd(g *globalOptions, s *streams) *cobra.Command {
	opts := &catalogExportOptions{}
	cmd := &cobra.Command{
		Use:   "export --format oscal [--catalog ID] [-o FILE]",
		Short: "Write a catalogue as an OSCAL catalog",
		Long: `Export writes a catalogue (by default NIST SP 800-171 Rev 2, which NIST does not
publish in OSCAL) as an OSCAL 1.1.3 catalog: a group per family, a control per
requirement with its statement, its SP 800-171A objectives as assessment-objective
parts, its assessment methods and parameters, the Japanese text as
alternate-language parts, and the DoD values, CMMC POA&M rules, CSF functions and
mappings as properties and parts of the namespace https://mamori.dev/ns/oscal
(docs/oscal.md). The assessment results and POA&M that "mamori export oscal"
writes refer to it by its UUID, which derives from the catalogue's content.

"mamori catalog import" reads the file back into the same catalogue. A FILE
ending in .yaml or .yml gets OSCAL's YAML form (which import does not read).`,
		Example: `  $ mamori catalog export --format oscal -o nist-sp800-171-r2.json
  $ mamori catalog export --format oscal --catalog nist-sp800-171-r3 -o r3.json
  $ mamori catalog import nist-sp800-171-r2.json -o nist-sp800-171-r2.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCatalogExport(g, s, opts)
		},
	}
	addFormatFlag(cmd, &opts.Format, catalogFormatOSCAL)
	cmd.Flags().StringVar(&opts.Catalog, "catalog", engine.DefaultCatalog, "catalogue `ID` to export")
	addOutFlag(cmd, &opts.OutFile, "write to `FILE` instead of standard output")
	addLangFlag(cmd, &opts.Lang, "language of messages")
	return cmd
}

func runCatalogExport(g *globalOptions, s *streams, opts *catalogExportOptions) error {
	cats, err := engine.LoadCatalogs(g.controlsFS())
	if err != nil {
		return err
	}
	c, ok := cats.Get(opts.Catalog)
	if !ok {
		return flagErrorf("%s", i18n.T(opts.Lang, "cli.flag.unknown_catalog", opts.Catalog))
	}
	doc, err := export.NewCatalog(c)
	if err != nil {
		return err
	}
	write := oscalWriter(opts.OutFile, doc)
	if opts.OutFile == "" {
		return write(s.Out)
	}
	if err := writeFileAtomic(opts.OutFile, 0o644, write); err != nil { // a catalogue is public
		return err
	}
	say(s, opts.Lang, "cli.done.catalog_export", opts.OutFile, c.ID)
	return nil
}
