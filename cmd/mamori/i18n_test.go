package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/chain"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/engine/i18n"
)

// update rewrites the golden files in testdata/golden and the facts the
// examples import from their exports.
var update = flag.Bool("update", false, "rewrite the golden files and the examples' imported facts")

// messageCall is a function that takes a message key: the argument at
// index arg, after prefix.
type messageCall struct {
	arg    int
	prefix string
}

// TestMessageKeysExist finds every message key the Go sources use with a
// literal (i18n.T, say, and any function that passes one of its own
// parameters to i18n.T as the key, such as a table's label helper), and
// every kind i18n.Code looks codes up under, and holds each to the
// catalogue.
func TestMessageKeysExist(t *testing.T) {
	type file struct {
		dir string
		f   *ast.File
	}
	var files []file
	fset := token.NewFileSet()
	for _, dir := range []string{"../../cmd", "../../reports", "../../engine", "../../internal"} {
		require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, p, nil, 0)
			if err != nil {
				return err
			}
			files = append(files, file{filepath.Dir(p), f})
			return nil
		}))
	}
	// Helpers: functions that pass a parameter, or a literal prefix and a
	// parameter, to i18n.T as the key. A package's functions are known
	// in the whole package; methods and function literals in their file
	// (the receiver's type is not resolved: a method "l" in one file is
	// not the "l" of another).
	global := map[string]messageCall{"i18n.T": {arg: 1}}
	pkg := map[string]map[string]messageCall{}
	local := make([]map[string]messageCall, len(files))
	for i, f := range files {
		local[i] = map[string]messageCall{}
		if pkg[f.dir] == nil {
			pkg[f.dir] = map[string]messageCall{}
		}
		ast.Inspect(f.f, func(n ast.Node) bool {
			var name string
			var typ *ast.FuncType
			var body *ast.BlockStmt
			into := local[i]
			switch x := n.(type) {
			case *ast.FuncDecl:
				name, typ, body = x.Name.Name, x.Type, x.Body
				if x.Recv == nil {
					into = pkg[f.dir]
				}
			case *ast.AssignStmt:
				if len(x.Lhs) != 1 || len(x.Rhs) != 1 {
					return true
				}
				id, ok1 := x.Lhs[0].(*ast.Ident)
				fl, ok2 := x.Rhs[0].(*ast.FuncLit)
				if !ok1 || !ok2 {
					return true
				}
				name, typ, body = id.Name, fl.Type, fl.Body
			default:
				return true
			}
			if body == nil {
				return true
			}
			params := paramNames(typ)
			ast.Inspect(body, func(n ast.Node) bool {
				c, ok := n.(*ast.CallExpr)
				if !ok || callName(c) != "i18n.T" || len(c.Args) < 2 {
					return true
				}
				key, prefix := c.Args[1], ""
				if b, ok := key.(*ast.BinaryExpr); ok && b.Op == token.ADD {
					if lit, ok := b.X.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						prefix, _ = strconv.Unquote(lit.Value)
						key = b.Y
					}
				}
				if id, ok := key.(*ast.Ident); ok {
					if i := slices.Index(params, id.Name); i >= 0 {
						into[name] = messageCall{arg: i, prefix: prefix}
					}
				}
				return true
			})
			return true
		})
	}
	keys, kinds := map[string]token.Position{}, map[string]token.Position{}
	for i, f := range files {
		ast.Inspect(f.f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			name := callName(c)
			if name == "i18n.Code" && len(c.Args) == 3 {
				if s, ok := stringLit(c.Args[1]); ok {
					kinds[s] = fset.Position(c.Pos())
				}
				return true
			}
			mc, ok := local[i][name]
			if !ok {
				mc, ok = pkg[f.dir][name]
			}
			if !ok {
				mc, ok = global[name]
			}
			if !ok || len(c.Args) <= mc.arg {
				return true
			}
			if s, ok := stringLit(c.Args[mc.arg]); ok {
				keys[mc.prefix+s] = fset.Position(c.Pos())
			}
			return true
		})
	}
	require.Greater(t, len(keys), 100, "the scan finds the keys the code uses")
	for k, pos := range keys {
		_, ok := i18n.Lookup(k)
		assert.True(t, ok, "%s: message %q is not in engine/i18n/messages", pos, k)
	}
	all := i18n.Keys()
	for kind, pos := range kinds {
		assert.True(t, slices.ContainsFunc(all, func(k string) bool { return strings.HasPrefix(k, kind+".") }),
			"%s: no message for any code of kind %q", pos, kind)
	}
}

func paramNames(ft *ast.FuncType) []string {
	var out []string
	for _, f := range ft.Params.List {
		if len(f.Names) == 0 {
			out = append(out, "_")
		}
		for _, n := range f.Names {
			out = append(out, n.Name)
		}
	}
	return out
}

// callName is "pkg.F", "F", or for a method call "F" (its selector).
func callName(c *ast.CallExpr) string {
	switch f := c.Fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok && x.Name == "i18n" {
			return "i18n." + f.Sel.Name
		}
		return f.Sel.Name
	}
	return ""
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// codeSets are the codes mamori's outputs carry, by the kind the
// catalogue words them under.
func codeSets(t *testing.T) map[string][]string {
	t.Helper()
	cats, err := engine.LoadCatalogs(controls.FS)
	require.NoError(t, err)
	var reqTypes, relations, poamRules []string
	for _, c := range cats.All() {
		for _, r := range c.Requirements() {
			if r.Type != "" && !slices.Contains(reqTypes, r.Type) {
				reqTypes = append(reqTypes, r.Type)
			}
			if r.Scoring != nil && !slices.Contains(poamRules, r.Scoring.POAM) {
				poamRules = append(poamRules, r.Scoring.POAM)
			}
			for _, m := range r.Mappings {
				if !slices.Contains(relations, m.Relation) {
					relations = append(relations, m.Relation)
				}
			}
		}
	}
	return map[string][]string{
		"cmmc":             {engine.CMMCFinal, engine.CMMCConditional, engine.CMMCNone},
		"status":           {evidence.StatusMet, evidence.StatusNotMet, evidence.StatusNotApplicable, evidence.StatusNotAssessed},
		"method":           evidence.Methods,
		"assessor":         {evidence.AssessmentSelf, evidence.AssessmentPrime, evidence.AssessmentAuditor},
		"assessment":       {evidence.AssessmentSelf, evidence.AssessmentPrime, evidence.AssessmentAuditor},
		"poam":             {"open", "closed"},
		"poam_type":        {evidence.PlanRemediation, evidence.PlanOperational},
		"poam_rule":        append(poamRules, engine.POAMEligible, engine.POAMNever, engine.POAMPartialOnly),
		"csf":              engine.CSFFunctions[engine.CSF20],
		"req_type":         reqTypes,
		"mapping":          relations,
		"basis":            {engine.BasisObjectives, engine.BasisEnduring, engine.BasisTemporary, engine.BasisNotPermitted, engine.BasisAdjudication},
		"bool":             {"true", "false"},
		"sitecheck":        {engine.SiteCheckPass, engine.SiteCheckFail, engine.SiteCheckNone},
		"item":             {engine.ItemPass, engine.ItemFail, engine.ItemNotApplicable, engine.ItemNotChecked},
		"chain_verdict":    {chain.VerdictValid, chain.VerdictExpired, chain.VerdictInvalid, chain.VerdictNone},
		"chain_reason":     {chain.ReasonNoVerdict, chain.ReasonInvalidSignature, chain.ReasonExpired, chain.ReasonBelowRequirement, chain.ReasonSuspended, chain.ReasonSiteNotChecked, chain.ReasonFlowDownNotDeclared},
		"chain_assessment": {chain.AssessmentSelf, chain.AssessmentPrimeLed, chain.AssessmentAuditorVerified},
		"chain_alert":      {chain.AlertVerdictExpiry, chain.AlertAffirmation, chain.AlertReassessment, chain.AlertCloseout, chain.AlertConditionalAcceptance},
		"chain_source":     {chain.SourceSignedVerdict, chain.SourceEvidence},
		"gate":             {engine.GateMembership, engine.GateExchange},
		"gate_decision":    {engine.GateAllow, engine.GateDeny},
		"gate_reason":      gateReasonCodes(t),
	}
}

// gateReasonCodes reads the reason codes the gate policies define.
func gateReasonCodes(t *testing.T) []string {
	t.Helper()
	var out []string
	re := regexp.MustCompile(`(?m)^_failing\["([a-z_.]+)"\]`)
	for _, f := range []string{"../../policies/gate/membership/membership.rego", "../../policies/gate/exchange/exchange.rego"} {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			out = append(out, m[1])
		}
	}
	require.Len(t, out, 18)
	return out
}

// TestEveryCodeHasWords holds every code of every kind to its words in
// both languages, and the Japanese words the gate policies and the
// verdict use for codes to the catalogue's.
func TestEveryCodeHasWords(t *testing.T) {
	for kind, codes := range codeSets(t) {
		require.NotEmpty(t, codes, kind)
		for _, c := range codes {
			_, ok := i18n.Lookup(kind + "." + c)
			assert.True(t, ok, "no message %s.%s", kind, c)
		}
	}

	// The gates' Japanese reasons word the CMMC status and the site
	// checks as the catalogue does.
	e := gateEngine(t)
	for _, status := range []string{engine.CMMCFinal, engine.CMMCConditional, engine.CMMCNone} {
		in := gateInput(t)
		in.Verdict.Ready, in.Verdict.CMMCStatus = false, status
		d, err := e.Gate(context.Background(), engine.GateMembership, in)
		require.NoError(t, err)
		require.Len(t, d.Reasons, 1)
		assert.Contains(t, d.Reasons[0].Message.JA, "CMMC ステータス "+i18n.T(i18n.JA, "cmmc."+status)+"、")
	}
	for _, result := range []string{engine.SiteCheckFail, engine.SiteCheckNone} {
		in := gateInput(t)
		in.Site.PreSiteCheck = result
		d, err := e.Gate(context.Background(), engine.GateMembership, in)
		require.NoError(t, err)
		require.Len(t, d.Reasons, 1)
		assert.Contains(t, d.Reasons[0].Message.JA, "（結果: "+i18n.T(i18n.JA, "sitecheck."+result)+"）")
	}
}

// gateEngine is an engine with the embedded policies, for the gates.
func gateEngine(t *testing.T) *engine.Engine {
	t.Helper()
	g := &globalOptions{}
	e, err := g.engine(context.Background(), nil)
	require.NoError(t, err)
	return e
}

// gateInput passes both gates.
func gateInput(t *testing.T) engine.GateInput {
	t.Helper()
	d := func(s string) evidence.Date {
		v, err := evidence.ParseDate(s)
		require.NoError(t, err)
		return v
	}
	until := d("2029-10-01")
	return engine.GateInput{
		Now:  d("2026-11-01"),
		Org:  engine.GateOrg{ID: "org-1"},
		Site: engine.GateSite{ID: "site-1", PreSiteCheck: engine.SiteCheckPass, FinalSiteCheck: engine.SiteCheckPass},
		Verdict: &engine.GateVerdict{ID: "v-1", Date: d("2026-10-01"), ValidUntil: &until, Ready: true,
			CMMCStatus: engine.CMMCFinal, AuditorVerified: true, OrganizationID: "org-1", SiteID: "site-1",
			Conformance: engine.Conformance{Implemented: 108, NotApplicable: 2, Total: 110}},
		Contract: &engine.GateContract{ID: "C-1", SpecialClause: true, DesignationReference: "SD-1", Prime: "org-1"},
	}
}

// policyDigest is the policy bundle's digest as the table shows it,
// which changes with every policy edit.
var policyDigest = regexp.MustCompile(`(Policies|ポリシー) [0-9a-f]{12}`)

// TestOutputsInBothLanguages runs the commands a person reads in the
// terminal, in English and Japanese, and compares them with the golden
// files in testdata/golden (go test ./cmd/mamori -run
// TestOutputsInBothLanguages -update rewrites them). No Japanese output
// may show a code: every status, reason, kind and function is in words.
func TestOutputsInBothLanguages(t *testing.T) {
	cases := []struct {
		name string
		args []string
	}{
		{"assess-sato-machining", []string{"assess", "../../examples/sato-machining"}},
		{"assess-kobayashi-electronics", []string{"assess", "../../examples/kobayashi-electronics"}},
		{"assess-tsubasa-heavy-komaki", []string{"assess", "../../examples/tsubasa-heavy-komaki"}},
		{"supply-chain-check", []string{"supply-chain", "check", "../../examples/supply-chain/chain.yaml",
			"--verdicts", "../../examples/supply-chain/verdicts"}},
		{"catalog-show-3.5.3", []string{"catalog", "show", "3.5.3"}},
		{"catalog-show-3.13.11", []string{"catalog", "show", "3.13.11"}},
	}
	codes := codeWords(t)
	sources := catalogueTexts(t)
	for _, tc := range cases {
		for _, lang := range i18n.Languages {
			t.Run(tc.name+"."+lang, func(t *testing.T) {
				code, stdout, stderr := runCLI(t, append(tc.args, "--lang", lang)...)
				require.Contains(t, []int{exitReady, exitFindings}, code, stderr)
				got := policyDigest.ReplaceAllString(stdout, "$1 <digest>")
				golden(t, tc.name+"."+lang+".txt", got)
				if lang == i18n.JA {
					assertNoCodes(t, sources.Replace(got), codes)
				}
			})
		}
	}

	// The gates: every reason of each gate, as the policies word them.
	e := gateEngine(t)
	denied := gateInput(t)
	denied.Org.Suspended = true
	denied.Site = engine.GateSite{ID: "site-1", PreSiteCheck: engine.SiteCheckFail}
	denied.Verdict.Ready, denied.Verdict.CMMCStatus, denied.Verdict.AuditorVerified = false, engine.CMMCConditional, false
	denied.Verdict.OrganizationID, denied.Verdict.SiteID = "org-2", "site-2"
	closeout := denied.Now
	closeout.Time = closeout.AddDate(0, -1, 0)
	denied.Verdict.CloseoutDue = &closeout
	denied.Verdict.Date.Time = denied.Verdict.Date.AddDate(-4, 0, 0)
	expired := closeout
	denied.Verdict.ValidUntil = &expired
	standard, ended := "2009", closeout
	denied.Contract = &engine.GateContract{ID: "C-9", Prime: "org-3", StandardVersion: standard, TransitionEndDate: &ended}
	// No verdict and no contract.
	none := gateInput(t)
	none.Verdict, none.Contract = nil, nil
	// Everything passes but a membership decided elsewhere was denied.
	membershipDenied := gateInput(t)
	no := false
	membershipDenied.MembershipAllowed = &no
	for _, lang := range i18n.Languages {
		t.Run("gates."+lang, func(t *testing.T) {
			var b strings.Builder
			for _, kind := range []string{engine.GateMembership, engine.GateExchange} {
				for _, in := range []engine.GateInput{gateInput(t), denied, none, membershipDenied} {
					d, err := e.Gate(context.Background(), kind, in)
					require.NoError(t, err)
					fmt.Fprintf(&b, "%s: %s\n", i18n.Code(lang, "gate", kind), i18n.Code(lang, "gate_decision", d.Decision))
					for _, r := range d.Reasons {
						fmt.Fprintf(&b, "  %s — %s\n", i18n.Code(lang, "gate_reason", r.Code), r.Message.In(lang))
					}
				}
			}
			golden(t, "gates."+lang+".txt", b.String())
			if lang == i18n.JA {
				assertNoCodes(t, b.String(), codes)
			}
		})
	}
}

// catalogueTexts removes from an output the English texts of the
// catalogues (requirements, objectives, parameters, mapping notes): the
// source text a person reads where a catalogue has no Japanese, never a
// code.
func catalogueTexts(t *testing.T) *strings.Replacer {
	t.Helper()
	cats, err := engine.LoadCatalogs(controls.FS)
	require.NoError(t, err)
	var texts []string
	add := func(s string) {
		for _, line := range strings.Split(s, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				texts = append(texts, line)
			}
		}
	}
	for _, c := range cats.All() {
		for _, r := range c.Requirements() {
			add(r.Title.EN)
			add(r.Text.EN)
			for _, o := range r.Objectives {
				add(o.Text.EN)
			}
			for _, p := range r.Parameters {
				add(p.Label.EN)
			}
			for _, m := range r.Mappings {
				add(m.Note)
			}
		}
	}
	// Longest first, so that a text is removed whole before a shorter
	// one inside it.
	slices.Sort(texts)
	slices.SortStableFunc(texts, func(a, b string) int { return len(b) - len(a) })
	pairs := make([]string, 0, 2*len(texts))
	for _, s := range slices.Compact(texts) {
		pairs = append(pairs, s, "")
	}
	return strings.NewReplacer(pairs...)
}

// codeWords is every code, lower-cased, that a Japanese output must not
// show, with the English words of the codes' messages.
func codeWords(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for kind, codes := range codeSets(t) {
		for _, c := range codes {
			out[strings.ToLower(c)] = kind
			if kind == "gate_reason" {
				_, rest, _ := strings.Cut(c, ".")
				out[rest] = kind
			}
		}
	}
	out["no_score"] = "score"
	for _, k := range []string{"ready", "blocked", "expired", "valid"} {
		out[k] = "state"
	}
	return out
}

var wordRE = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*`)

// assertNoCodes fails on any word of text that is a code. Company and
// catalogue IDs hold hyphens and are taken whole, so they never match a
// code; English text from catalogues that have no Japanese (SP 800-53
// control text, in "catalog show") is what a person reads as the source.
func assertNoCodes(t *testing.T, text string, codes map[string]string) {
	t.Helper()
	for i, line := range strings.Split(text, "\n") {
		for _, w := range wordRE.FindAllString(line, -1) {
			if kind, ok := codes[strings.ToLower(w)]; ok {
				t.Errorf("line %d shows the %s code %q untranslated: %s", i+1, kind, w, line)
			}
		}
	}
}

// golden compares got with testdata/golden/name, or rewrites it with
// -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(got), 0o644))
	}
	want, err := os.ReadFile(p)
	require.NoError(t, err, "run go test ./cmd/mamori -run TestOutputsInBothLanguages -update")
	assert.True(t, bytes.Equal(want, []byte(got)), "%s differs:\n%s", p, got)
}
