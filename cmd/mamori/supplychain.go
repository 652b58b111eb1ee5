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
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/chain"
	"github.com/mamori-dev/mamori/engine/evidence"
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
	Output      string
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
today). With -o FILE it also writes the workbook (Summary, Contracts,
Suppliers, Blockers, Alerts), mode 0600.

Exit codes: 0 every contract is ready, 1 a contract is blocked, 2 error (the
chain file's problems are named by file, line and field, a workbook's by sheet
and cell; nothing is written).`,
		Example: `  $ mamori supply-chain check examples/supply-chain/chain.yaml --verdicts examples/supply-chain/verdicts
  $ mamori supply-chain check chain.yaml --verdicts verdicts/ --key prime-suppliers.pub -o chain.xlsx --lang ja
  $ mamori supply-chain check chain.yaml --verdicts verdicts/ --evidence assessed/ --output json --as-of 2026-12-01
  $ mamori supply-chain check chain.xlsx --verdicts verdicts/`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Chain = args[0]
			if opts.Output != reports.FormatTable && opts.Output != reports.FormatJSON {
				return flagErrorf("invalid --output %q: valid values are [table json]", opts.Output)
			}
			if opts.Lang != engine.LangEN && opts.Lang != engine.LangJA {
				return flagErrorf("invalid --lang %q: valid values are en, ja", opts.Lang)
			}
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
	cmd.Flags().StringVarP(&opts.OutFile, "out", "o", "", "write the workbook to `FILE` (mode 0600)")
	cmd.Flags().StringVar(&opts.Output, "output", reports.FormatTable, "standard output format: [table json]")
	cmd.Flags().StringVar(&opts.Lang, "lang", engine.LangEN, "language of the table and workbook: en or ja")
	cmd.Flags().StringVar(&asOf, "as-of", "", "check at `DATE` (YYYY-MM-DD) instead of the chain's as_of or today")
	return cmd
}

func runSupplyChainCheck(ctx context.Context, g *globalOptions, s *streams, opts *supplyChainCheckOptions) error {
	c, err := loadChain(opts.Chain)
	if err != nil {
		return err
	}
	asOf := supplyChainAsOf(c, opts)
	var supplied []chain.Supplied
	if opts.VerdictsDir != "" {
		keyFiles := append(c.KeyFiles(), opts.Keys...)
		if len(keyFiles) == 0 {
			return flagErrorf("--verdicts needs a trusted key: list keys in %s or pass --key PUB", opts.Chain)
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
				fmt.Fprintf(s.Err, "mamori: %s: organisation %q is not among the chain's companies; its verdict is not used\n", a.File, a.Org)
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
	if opts.Output == reports.FormatJSON {
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		writeChainTable(s.Out, rep, opts.Lang)
	}
	if !rep.Summary.Ready {
		return errFindings
	}
	return nil
}

// loadChain reads the declared chain: a workbook (.xlsx, made by
// "mamori template supply-chain") through reports, else YAML or JSON.
func loadChain(file string) (*chain.Chain, error) {
	if !strings.EqualFold(filepath.Ext(file), ".xlsx") {
		return chain.Load(file)
	}
	return readWorkbookFile(file, func(r io.ReaderAt, size int64) (*chain.Chain, error) {
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
The file is written with mode 0600.`,
		Example: `  $ mamori template supply-chain -o chain.xlsx
  $ mamori template supply-chain -o chain-en.xlsx --lang en
  $ mamori supply-chain check chain.xlsx --verdicts verdicts/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.OutFile == "" {
				return flagErrorf("-o FILE is required")
			}
			if opts.Lang != engine.LangEN && opts.Lang != engine.LangJA {
				return flagErrorf("invalid --lang %q: valid values are en, ja", opts.Lang)
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return writeFileAtomic(opts.OutFile, 0o600, func(w io.Writer) error {
				return reports.WriteChainTemplate(w, opts.Lang)
			})
		},
	}
	cmd.Flags().StringVarP(&opts.OutFile, "output", "o", "", "write the workbook to `FILE` (mode 0600)")
	cmd.Flags().StringVar(&opts.Lang, "lang", engine.LangJA, "language of the workbook: ja, or en for English headers and Japanese and English instructions")
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

// writeChainTable prints the report as plain tables.
func writeChainTable(w io.Writer, r *chain.Report, lang string) {
	ja := lang == engine.LangJA
	t := func(en, jaText string) string {
		if ja {
			return jaText
		}
		return en
	}
	sum := r.Summary
	state := t("READY", "準備完了")
	if !sum.Ready {
		state = t("BLOCKED", "阻害あり")
	}
	prime := engine.NameIn(lang, r.Prime.Name, r.Prime.NameEN)
	fmt.Fprintf(w, "%s: %s (%s)  %s %s\n", t("Supply chain", "サプライチェーン"), prime, r.Prime.ID, t("as of", "基準日"), r.AsOf)
	fmt.Fprintf(w, "%s: %s — %s %d/%d, %s %d/%d, %s %d, %s %d\n\n", t("Status", "状態"), state,
		t("contracts ready", "準備完了の契約"), sum.ContractsReady, sum.Contracts,
		t("valid verdicts", "有効な判定"), sum.VerdictsValid, sum.Suppliers,
		t("blockers", "阻害要因"), sum.Blockers, t("alerts", "警告"), sum.Alerts)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, t("CONTRACT\tSTATE\tREQUIRED\tRECEIVERS\tMAX TIER\tBLOCKING", "契約\t状態\t要求\t受領者\t最大階層\t阻害企業"))
	for _, c := range r.Contracts {
		st := t("ready", "準備完了")
		if !c.Ready {
			st = t("BLOCKED", "阻害あり")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", c.ID, st, requirementText(c), c.Receivers, c.MaxTier, dash(strings.Join(c.BlockingCompanies, ", ")))
	}
	tw.Flush()

	if len(r.Blockers) > 0 {
		fmt.Fprintf(w, "\n%s\n", t("Blockers", "阻害要因"))
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, t("CONTRACT\tTIER\tCOMPANY\tREASON\tPATH\tDETAIL", "契約\t階層\t企業\t理由\t経路\t詳細"))
		for _, b := range r.Blockers {
			co := b.Company
			if b.Site != "" {
				co += "/" + b.Site
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", b.Contract, b.Tier, co, b.Reason, strings.Join(b.Path, " → "), b.Message.In(lang))
		}
		tw.Flush()
	}

	fmt.Fprintf(w, "\n%s\n", t("Suppliers", "サプライヤー"))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, t("COMPANY\tTIER\tVERDICT\tSCORE\tSTATUS\tASSESSMENT\tISSUED\tEXPIRES\tBLOCKS", "企業\t階層\t判定\tスコア\tステータス\t評価種別\t発行日\t失効日\t阻害する契約"))
	for _, sr := range r.Suppliers {
		co := sr.Company
		if sr.Site != "" {
			co += "/" + sr.Site
		}
		score := "-"
		if sr.Score != nil {
			score = fmt.Sprint(*sr.Score)
		} else if sr.Verdict == chain.VerdictValid || sr.Verdict == chain.VerdictExpired {
			score = "NO_SCORE"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", co, sr.Tier, sr.Verdict, score, dash(sr.Status),
			dash(sr.AssessmentType), dateText(sr.VerdictDate), dateText(sr.Expires), dash(strings.Join(sr.Blocks, ", ")))
	}
	tw.Flush()

	if len(r.Alerts) > 0 {
		fmt.Fprintf(w, "\n%s\n", t("Alerts", "警告"))
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, t("DAYS\tWINDOW\tCOMPANY\tKIND\tDUE\tDETAIL", "残日数\t区分\t企業\t種別\t期限\t詳細"))
		for _, a := range r.Alerts {
			co := a.Company
			if a.Site != "" {
				co += "/" + a.Site
			}
			fmt.Fprintf(tw, "%d\t≤%d\t%s\t%s\t%s\t%s\n", a.DaysLeft, a.Window, co, a.Kind, a.Due, a.Message.In(lang))
		}
		tw.Flush()
	}
}

func requirementText(c chain.ContractResult) string {
	if !c.SpecialClause {
		return "-"
	}
	q := c.Requirement
	s := q.Status
	if q.ConditionalUntil != nil {
		s += " ≤" + q.ConditionalUntil.String()
	}
	if q.MinScore != nil {
		s += fmt.Sprintf(", ≥%d", *q.MinScore)
	}
	if q.SiteCheck {
		s += ", site check"
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
