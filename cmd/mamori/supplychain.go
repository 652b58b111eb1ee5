package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/chain"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/engine/i18n"
	"github.com/mamori-dev/mamori/reports"
)

func newSupplyChainCmd(g *globalOptions, s *streams) *cobra.Command {
	return groupCmd("supply-chain", "Check that every company receiving protected information is conformant",
		newSupplyChainCheckCmd(g, s, nil))
}

type supplyChainCheckOptions struct {
	Chain       string
	VerdictsDir string
	EvidenceDir string
	Keys        []string
	OutFile     string
	Format      string
	Lang        string
	// AsOf is --as-of; nil means the chain file's as_of, else today.
	AsOf *evidence.Date

	// now is the clock for the default as-of date; default time.Now.
	now func() time.Time
}

func newSupplyChainCheckCmd(g *globalOptions, s *streams, runF func(context.Context, *supplyChainCheckOptions) error) *cobra.Command {
	opts := &supplyChainCheckOptions{}
	var asOf string
	cmd := &cobra.Command{
		Use:   "check CHAIN [--verdicts DIR] [--evidence DIR] [-o FILE]",
		Short: "Check, per contract, that every receiver of protected information is conformant at every tier",
		Long: `Check reads a declared supply chain (a supply-chain/v1 YAML file, or, when
CHAIN ends in .xlsx, a workbook made by "mamori template supply-chain": the
prime, its companies, its contracts with the information-security special
clause, the parties in tiers and the flows of protected information) and
decides, for each contract, whether it is ready: every company that receives
protected information (保護すべき情報) must meet the contract's requirement,
and the special clause must be flowed down in every subcontract on its path
from the prime.

Suppliers are judged by their signed verdicts ("mamori assess --sign"): every
*.json file in --verdicts DIR is verified against the keys listed in the chain
file and given with --key. An unsigned, altered or unknown-key verdict counts
as no verdict. Where the prime assesses a supplier itself, --evidence DIR holds
one evidence set per supplier (a subdirectory, or a file); that supplier's
findings and gaps then appear in the output. Otherwise only summary figures
(score, status, assessment type and dates) are shown.

The output lists each contract (ready or blocked), each blocker with its
reason, tier and path from the prime, each supplier, and alerts for dates that
fall due within 30, 60 or 90 days of --as-of (default: the chain's as_of, else
today). With -o/--out FILE it also writes the workbook (Summary, Contracts,
Suppliers, Blockers, Alerts), mode 0600, and says so on standard error.

Exit codes: 0 every contract is ready, 1 a contract is blocked (the check
itself succeeded), 2 error (the
chain file's problems are named by file, line and field, a workbook's by sheet
and cell; nothing is written).`,
		Example: `  $ mamori supply-chain check examples/supply-chain/chain.yaml --verdicts examples/supply-chain/verdicts
  $ mamori supply-chain check chain.yaml --verdicts verdicts/ --key prime-suppliers.pub -o chain.xlsx --lang ja
  $ mamori supply-chain check chain.yaml --verdicts verdicts/ --evidence assessed/ --format json --as-of 2026-12-01
  $ mamori supply-chain check chain.xlsx --verdicts verdicts/`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Chain = args[0]
			if asOf != "" {
				d, err := evidence.ParseDate(asOf)
				if err != nil {
					return flagErrorf("--as-of: %v", err)
				}
				opts.AsOf = &d
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runSupplyChainCheck(cmd.Context(), g, s, opts)
		},
	}
	cmd.Flags().StringVar(&opts.VerdictsDir, "verdicts", "", "verify the signed verdicts (*.json) in `DIR`")
	cmd.Flags().StringVar(&opts.EvidenceDir, "evidence", "", "assess the evidence sets in `DIR` (one subdirectory or file per supplier)")
	cmd.Flags().StringArrayVar(&opts.Keys, "key", nil, "also trust the public key `PUB` (PEM; repeatable)")
	addOutFlag(cmd, &opts.OutFile, "also write the workbook to `FILE` (mode 0600)")
	addFormatFlag(cmd, &opts.Format, reports.FormatTable, reports.FormatJSON)
	addLangFlag(cmd, &opts.Lang, "language of the table, workbook and messages")
	cmd.Flags().StringVar(&asOf, "as-of", "", "check at `DATE` (YYYY-MM-DD) instead of the chain's as_of or today")
	return cmd
}

func runSupplyChainCheck(ctx context.Context, g *globalOptions, s *streams, opts *supplyChainCheckOptions) error {
	c, err := loadChain(opts.Chain, opts.Lang)
	if err != nil {
		return err
	}
	asOf := supplyChainAsOf(c, opts)
	var supplied []chain.Supplied
	if opts.VerdictsDir != "" {
		keyFiles := append(c.KeyFiles(), opts.Keys...)
		if len(keyFiles) == 0 {
			return flagErrorf("%s", i18n.T(opts.Lang, "chain.needs_key", opts.Chain))
		}
		keys, err := attest.ReadPublicKeys(keyFiles...)
		if err != nil {
			return fmt.Errorf("read key: %w", err)
		}
		if supplied, err = chain.ReadVerdicts(opts.VerdictsDir, keys); err != nil {
			return err
		}
	}
	if opts.EvidenceDir != "" {
		assessed, err := assessSuppliers(ctx, g, opts.EvidenceDir, asOf)
		if err != nil {
			return err
		}
		for _, a := range assessed {
			if !slices.ContainsFunc(c.Companies, func(co chain.Company) bool { return co.ID == a.Org }) {
				fmt.Fprintln(s.Err, i18n.T(opts.Lang, "chain.not_in_chain", a.File, a.Org))
			}
		}
		supplied = append(supplied, assessed...)
	}
	rep, err := chain.Check(c, supplied, asOf)
	if err != nil {
		return err
	}
	if opts.OutFile != "" {
		if err := writeFileAtomic(opts.OutFile, 0o600, func(w io.Writer) error {
			return reports.WriteChainWorkbook(w, rep, opts.Lang)
		}); err != nil {
			return err
		}
	}
	if opts.Format == reports.FormatJSON {
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else if err := writeChainTable(s.Out, rep, opts.Lang); err != nil {
		return err
	}
	if opts.OutFile != "" {
		sum := rep.Summary
		say(s, opts.Lang, "cli.done.chain", opts.OutFile, sum.ContractsReady, sum.Contracts, sum.Blockers, sum.Alerts)
	}
	if !rep.Summary.Ready {
		if opts.OutFile != "" {
			say(s, opts.Lang, "cli.done.exit_blocked")
		}
		return errFindings
	}
	return nil
}

// loadChain reads the declared chain: a workbook (.xlsx, made by
// "mamori template supply-chain") through reports, else YAML or JSON.
func loadChain(file, lang string) (*chain.Chain, error) {
	if !strings.EqualFold(filepath.Ext(file), ".xlsx") {
		return chain.Load(file)
	}
	return readWorkbookFile(file, lang, func(r io.ReaderAt, size int64) (*chain.Chain, error) {
		return reports.ReadChainWorkbook(r, size, file)
	})
}

func newTemplateSupplyChainCmd(_ *globalOptions, s *streams, runF func(context.Context, *templateOptions) error) *cobra.Command {
	opts := &templateOptions{}
	cmd := &cobra.Command{
		Use:   "supply-chain -o FILE",
		Short: "Write the supply-chain declaration workbook (Excel) to fill in",
		Long: `Write an Excel workbook in which a prime declares its supply chain, as the
supply-chain/v1 YAML file does: the prime and its trusted keys (Chain), every
company below it with its sites and any suspension (Companies), the contracts
with the special clause and the requirement (Contracts), the parties of each
contract in tiers under the prime (Parties), and the flows of information
(Flows). Yes/no, status and reference columns have drop-downs; instructions
are in Japanese (and English with --lang en).

Check the filled workbook with "mamori supply-chain check FILE.xlsx". A problem
is named by sheet and cell (for example Parties!B3), exit 2, nothing written.
The file is written with mode 0600; a line on standard error says what to do
next.`,
		Example: `  $ mamori template supply-chain -o chain.xlsx
  $ mamori template supply-chain -o chain-en.xlsx --lang en
  $ mamori supply-chain check chain.xlsx --verdicts verdicts/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.OutFile == "" {
				return flagErrorf("%s", i18n.T(opts.Lang, "cli.flag.required_workbook", i18n.T(opts.Lang, "cli.what.chain_template")))
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			if err := writeFileAtomic(opts.OutFile, 0o600, func(w io.Writer) error {
				return reports.WriteChainTemplate(w, opts.Lang)
			}); err != nil {
				return err
			}
			say(s, opts.Lang, "cli.done.template_supply_chain", opts.OutFile)
			return nil
		},
	}
	addOutFlag(cmd, &opts.OutFile, "write the workbook to `FILE` (mode 0600)")
	addLangFlag(cmd, &opts.Lang, "language of the workbook (en: English headers, Japanese and English instructions) and messages")
	return cmd
}

// supplyChainAsOf is --as-of, else the chain's as_of, else today.
func supplyChainAsOf(c *chain.Chain, opts *supplyChainCheckOptions) evidence.Date {
	switch {
	case opts.AsOf != nil:
		return *opts.AsOf
	case c.AsOf != nil:
		return *c.AsOf
	}
	now := time.Now
	if opts.now != nil {
		now = opts.now
	}
	t := now()
	return evidence.Date{Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
}

// assessSuppliers assesses each evidence set in dir: each subdirectory,
// and each evidence file or self-assessment workbook at its top level.
func assessSuppliers(ctx context.Context, g *globalOptions, dir string, asOf evidence.Date) ([]chain.Supplied, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read evidence: %w", err)
	}
	var sets []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		st, err := os.Stat(p) // follows symbolic links
		if err != nil {
			return nil, fmt.Errorf("read evidence: %w", err)
		}
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if st.IsDir() || slices.Contains(evidence.Exts, ext) || ext == ".xlsx" {
			sets = append(sets, p)
		}
	}
	if len(sets) == 0 {
		return nil, fmt.Errorf("read evidence: %s holds no evidence sets", dir)
	}
	eng, err := g.engine(ctx, nil)
	if err != nil {
		return nil, err
	}
	out := make([]chain.Supplied, 0, len(sets))
	for _, p := range sets {
		ev, err := g.readEvidence(p)
		if err != nil {
			return nil, err
		}
		v, err := eng.Assess(ctx, ev)
		if err != nil {
			return nil, fmt.Errorf("assess %s: %w", p, err)
		}
		out = append(out, chain.FromVerdict(p, v, asOf))
	}
	return out, nil
}

// writeChainTable prints the report as tables, aligned by display width,
// every code in lang's words.
func writeChainTable(w io.Writer, r *chain.Report, lang string) error {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	head := func(key string) []string { return strings.Split(t(key), "\t") }
	var b strings.Builder
	sum := r.Summary
	state := t("chain.state.ready")
	if !sum.Ready {
		state = t("chain.state.blocked")
	}
	prime := engine.NameIn(lang, r.Prime.Name, r.Prime.NameEN)
	fmt.Fprintln(&b, t("chain.title", prime, r.Prime.ID, r.AsOf))
	fmt.Fprintln(&b, t("chain.status", state, sum.ContractsReady, sum.Contracts, sum.VerdictsValid, sum.Suppliers, sum.Blockers, sum.Alerts))
	b.WriteString("\n")

	tb := reports.NewTable(head("chain.head.contracts")...).AlignRight(3, 4)
	for _, c := range r.Contracts {
		st := t("chain.contract.ready")
		if !c.Ready {
			st = t("chain.contract.blocked")
		}
		tb.Row(c.ID, st, requirementText(lang, c), fmt.Sprint(c.Receivers), fmt.Sprint(c.MaxTier), dash(strings.Join(c.BlockingCompanies, ", ")))
	}
	tb.WriteTo(&b)

	if len(r.Blockers) > 0 {
		fmt.Fprintf(&b, "\n%s\n", t("chain.blockers"))
		tb = reports.NewTable(head("chain.head.blockers")...).AlignRight(1)
		for _, bl := range r.Blockers {
			tb.Row(bl.Contract, fmt.Sprint(bl.Tier), companySite(bl.Company, bl.Site), i18n.Code(lang, "chain_reason", bl.Reason),
				strings.Join(bl.Path, " → "), bl.Message.In(lang))
		}
		tb.WriteTo(&b)
	}

	fmt.Fprintf(&b, "\n%s\n", t("chain.suppliers"))
	tb = reports.NewTable(head("chain.head.suppliers")...).AlignRight(1, 3)
	for _, sr := range r.Suppliers {
		score := "-"
		if sr.Score != nil {
			score = fmt.Sprint(*sr.Score)
		} else if sr.Verdict == chain.VerdictValid || sr.Verdict == chain.VerdictExpired {
			score = t("score.none")
		}
		tb.Row(companySite(sr.Company, sr.Site), fmt.Sprint(sr.Tier), i18n.Code(lang, "chain_verdict", sr.Verdict), score,
			dash(i18n.Code(lang, "cmmc", sr.Status)), dash(i18n.Code(lang, "chain_assessment", sr.AssessmentType)),
			dateText(sr.VerdictDate), dateText(sr.Expires), dash(strings.Join(sr.Blocks, ", ")))
	}
	tb.WriteTo(&b)

	if len(r.Alerts) > 0 {
		fmt.Fprintf(&b, "\n%s\n", t("chain.alerts"))
		tb = reports.NewTable(head("chain.head.alerts")...).AlignRight(0)
		for _, a := range r.Alerts {
			tb.Row(fmt.Sprint(a.DaysLeft), fmt.Sprintf("≤%d", a.Window), companySite(a.Company, a.Site),
				i18n.Code(lang, "chain_alert", a.Kind), a.Due.String(), a.Message.In(lang))
		}
		tb.WriteTo(&b)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// companySite is "company" or "company/site".
func companySite(company, site string) string {
	if site == "" {
		return company
	}
	return company + "/" + site
}

// requirementText is what a contract requires, in lang's words: the
// status (and until when a conditional one is accepted), the minimum
// score and the site check.
func requirementText(lang string, c chain.ContractResult) string {
	if !c.SpecialClause {
		return "-"
	}
	q := c.Requirement
	s := i18n.Code(lang, "cmmc", q.Status)
	if q.ConditionalUntil != nil {
		s += " ≤" + q.ConditionalUntil.String()
	}
	if q.MinScore != nil {
		s += fmt.Sprintf(", ≥%d", *q.MinScore)
	}
	if q.SiteCheck {
		s += ", " + i18n.T(lang, "chain.req.site_check")
	}
	return s
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func dateText(d *evidence.Date) string {
	if d == nil {
		return "-"
	}
	return d.String()
}
