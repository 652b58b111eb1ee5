package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/chain"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// supplyChainExpectation is the supply_chain section of a supply-chain
// example's expected.yaml.
type supplyChainExpectation struct {
	Chain    string `yaml:"chain"`
	Verdicts string `yaml:"verdicts"`
	AsOf     string `yaml:"as_of"`
	Summary  struct {
		Contracts       int `yaml:"contracts"`
		ContractsReady  int `yaml:"contracts_ready"`
		Suppliers       int `yaml:"suppliers"`
		VerdictsValid   int `yaml:"verdicts_valid"`
		VerdictsExpired int `yaml:"verdicts_expired"`
		VerdictsInvalid int `yaml:"verdicts_invalid"`
		VerdictsMissing int `yaml:"verdicts_missing"`
		MaxTier         int `yaml:"max_tier"`
	} `yaml:"summary"`
	Contracts []struct {
		ID       string   `yaml:"id"`
		Ready    bool     `yaml:"ready"`
		Blocking []string `yaml:"blocking"`
	} `yaml:"contracts"`
	Blockers []struct {
		Contract string   `yaml:"contract"`
		Company  string   `yaml:"company"`
		Tier     int      `yaml:"tier"`
		Reason   string   `yaml:"reason"`
		Path     []string `yaml:"path"`
	} `yaml:"blockers"`
	Alerts []struct {
		Company  string `yaml:"company"`
		Kind     string `yaml:"kind"`
		Contract string `yaml:"contract"`
		Due      string `yaml:"due"`
		DaysLeft int    `yaml:"days_left"`
		Window   int    `yaml:"window"`
	} `yaml:"alerts"`
}

// checkSupplyChainExample runs "supply-chain check" on an example and
// compares the result with its expected.yaml.
func checkSupplyChainExample(t *testing.T, dir string, exitCode int, want *supplyChainExpectation) {
	t.Helper()
	args := []string{"supply-chain", "check", filepath.Join(dir, want.Chain), "--verdicts", filepath.Join(dir, want.Verdicts),
		"--as-of", want.AsOf, "--format", "json"}
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &streams{In: &bytes.Buffer{}, Out: &out, Err: &errOut})
	require.Equal(t, exitCode, code, "exit code; stderr: %s", errOut.String())
	var r chain.Report
	require.NoError(t, json.Unmarshal(out.Bytes(), &r))

	s := r.Summary
	w := want.Summary
	assert.Equal(t, w.Contracts, s.Contracts, "contracts")
	assert.Equal(t, w.ContractsReady, s.ContractsReady, "contracts ready")
	assert.Equal(t, w.Suppliers, s.Suppliers, "suppliers")
	assert.Equal(t, w.VerdictsValid, s.VerdictsValid, "valid verdicts")
	assert.Equal(t, w.VerdictsExpired, s.VerdictsExpired, "expired verdicts")
	assert.Equal(t, w.VerdictsInvalid, s.VerdictsInvalid, "invalid verdicts")
	assert.Equal(t, w.VerdictsMissing, s.VerdictsMissing, "missing verdicts")
	assert.Equal(t, w.MaxTier, s.MaxTier, "max tier")

	require.Len(t, r.Contracts, len(want.Contracts))
	for i, c := range want.Contracts {
		got := r.Contracts[i]
		assert.Equal(t, c.ID, got.ID)
		assert.Equal(t, c.Ready, got.Ready, c.ID)
		assert.Equal(t, c.Blocking, got.BlockingCompanies, c.ID)
	}
	require.Len(t, r.Blockers, len(want.Blockers))
	for i, b := range want.Blockers {
		got := r.Blockers[i]
		assert.Equal(t, b.Contract, got.Contract, "blocker %d", i)
		assert.Equal(t, b.Company, got.Company, "blocker %d", i)
		assert.Equal(t, b.Tier, got.Tier, "blocker %d", i)
		assert.Equal(t, b.Reason, got.Reason, "blocker %d", i)
		assert.Equal(t, b.Path, got.Path, "blocker %d", i)
	}
	require.Len(t, r.Alerts, len(want.Alerts))
	for i, a := range want.Alerts {
		got := r.Alerts[i]
		assert.Equal(t, a.Company, got.Company, "alert %d", i)
		assert.Equal(t, a.Kind, got.Kind, "alert %d", i)
		assert.Equal(t, a.Contract, got.Contract, "alert %d", i)
		assert.Equal(t, a.Due, got.Due.String(), "alert %d", i)
		assert.Equal(t, a.DaysLeft, got.DaysLeft, "alert %d", i)
		assert.Equal(t, a.Window, got.Window, "alert %d", i)
	}

	// The table renders in both languages.
	for _, lang := range []string{"en", "ja"} {
		out.Reset()
		code := run(context.Background(), []string{"supply-chain", "check", filepath.Join(dir, want.Chain),
			"--verdicts", filepath.Join(dir, want.Verdicts), "--as-of", want.AsOf, "--lang", lang}, &streams{In: &bytes.Buffer{}, Out: &out, Err: &errOut})
		assert.Equal(t, exitCode, code)
		for _, b := range want.Blockers {
			assert.Contains(t, out.String(), strings.Join(b.Path, " → "))
		}
	}
}

func TestSupplyChainCheckFlags(t *testing.T) {
	d, _ := evidence.ParseDate("2027-02-01")
	tests := []flagCase[supplyChainCheckOptions]{
		{name: "defaults", args: "chain.yaml",
			want: supplyChainCheckOptions{Chain: "chain.yaml", Format: "table", Lang: "en"}},
		{name: "everything", args: "chain.yaml --verdicts v --evidence e --key a.pub --key b.pub -o out.xlsx --format json --lang ja --as-of 2027-02-01",
			want: supplyChainCheckOptions{Chain: "chain.yaml", VerdictsDir: "v", EvidenceDir: "e", Keys: []string{"a.pub", "b.pub"},
				OutFile: "out.xlsx", Format: "json", Lang: "ja", AsOf: &d}},
		{name: "long out", args: "chain.yaml --out x.xlsx", want: supplyChainCheckOptions{Chain: "chain.yaml", OutFile: "x.xlsx", Format: "table", Lang: "en"}},
		{name: "bad format", args: "chain.yaml --format yaml", wantErr: `invalid --format "yaml"`},
		// -o json once wrote a workbook named json.
		{name: "old -o json", args: "chain.yaml -o json", wantErr: "use --format json"},
		{name: "old --output json", args: "chain.yaml --output json", wantErr: "use --format json"},
		{name: "bad lang", args: "chain.yaml --lang fr", wantErr: `invalid --lang "fr"`},
		{name: "bad date", args: "chain.yaml --as-of 2027-13-01", wantErr: `--as-of: invalid date "2027-13-01"`},
		{name: "one chain", args: "a.yaml b.yaml", wantErr: "accepts 1 arg"},
		{name: "chain required", args: "", wantErr: "accepts 1 arg"},
	}
	testFlags(t, newSupplyChainCheckCmd, tests)
}

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	setLocale(t, "en_US.UTF-8")
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &streams{In: &bytes.Buffer{}, Out: &out, Err: &errOut})
	return code, out.String(), errOut.String()
}

const exampleChain = "../../examples/supply-chain"

// TestSupplyChainBadInput: every problem in the chain file is exit 2
// with file, line and field, and nothing is written.
func TestSupplyChainBadInput(t *testing.T) {
	good, err := os.ReadFile(filepath.Join(exampleChain, "chain.yaml"))
	require.NoError(t, err)
	tests := []struct {
		name       string
		old, new   string
		line       string
		field, msg string
	}{
		{"cycle", "{company: takeuchi-seiki, parent: kobayashi-electronics,", "{company: takeuchi-seiki, parent: ono-netsushori,",
			"chain.yaml:79:", "contracts[0].parties[1].parent", "cycle in contract \"C-2026-001\": takeuchi-seiki → ono-netsushori → takeuchi-seiki"},
		{"unknown company", "{company: takeda-kiban, parent", "{company: takeda-pcb, parent",
			"chain.yaml:80:", "contracts[0].parties[2].company", `unknown company "takeda-pcb"`},
		{"duplicate company", "  - id: nishi-densen\n", "  - id: mori-software\n",
			"chain.yaml:63:", "companies[11].id", `duplicate company ID "mori-software" (first declared at line 53)`},
		{"duplicate contract", "  - id: C-2027-003\n", "  - id: C-2026-001\n",
			"chain.yaml:109:", "contracts[2].id", `duplicate contract ID "C-2026-001"`},
		{"bad date", "conditional_until: 2027-03-31", "conditional_until: 2027-03-32",
			"chain.yaml:75:", "contracts[0].requirement.conditional_until", `invalid date "2027-03-32"`},
		{"unknown field", "    special_clause: true\n    designation_reference: 装備庁情セ指定第2026-0288号\n",
			"    special_clause: true\n    designation_ref: 装備庁情セ指定第2026-0288号\n",
			"chain.yaml:93:", "contracts[1].designation_ref", `unknown field "designation_ref"`},
		{"parent not on the contract", "{company: nishi-densen, parent: mori-software,", "{company: nishi-densen, parent: takeda-kiban,",
			"chain.yaml:121:", "contracts[2].parties[3].parent", `parent "takeda-kiban" is not a party to contract "C-2027-003"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, 1, strings.Count(string(good), tt.old), "the replaced text is unique")
			dir := t.TempDir()
			doc := strings.Replace(string(good), tt.old, tt.new, 1)
			file := filepath.Join(dir, "chain.yaml")
			require.NoError(t, os.WriteFile(file, []byte(doc), 0o644))
			out := filepath.Join(dir, "chain.xlsx")
			code, stdout, stderr := runCLI(t, "supply-chain", "check", file, "--verdicts", filepath.Join(exampleChain, "verdicts"),
				"--key", filepath.Join(exampleChain, "example-signing.pub"), "-o", out)
			assert.Equal(t, exitError, code)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, tt.line)
			assert.Contains(t, stderr, tt.field)
			assert.Contains(t, stderr, tt.msg)
			ents, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Len(t, ents, 1, "nothing written beside the chain file")
		})
	}
}

func TestSupplyChainWorkbook(t *testing.T) {
	out := filepath.Join(t.TempDir(), "chain.xlsx")
	code, stdout, stderr := runCLI(t, "supply-chain", "check", filepath.Join(exampleChain, "chain.yaml"),
		"--verdicts", filepath.Join(exampleChain, "verdicts"), "-o", out, "--lang", "ja")
	assert.Equal(t, exitFindings, code, stderr)
	assert.Contains(t, stdout, "阻害あり")
	st, err := os.Stat(out)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	assert.Positive(t, st.Size())
}

func TestSupplyChainNeedsKeys(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join(exampleChain, "chain.yaml"))
	require.NoError(t, err)
	doc := strings.Replace(string(b), "keys:\n  - example-signing.pub\n", "", 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "chain.yaml"), []byte(doc), 0o644))
	code, _, stderr := runCLI(t, "supply-chain", "check", filepath.Join(dir, "chain.yaml"), "--verdicts", filepath.Join(exampleChain, "verdicts"))
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, "--verdicts needs a trusted key")

	// With --key instead, the result is the example's.
	code, _, stderr = runCLI(t, "supply-chain", "check", filepath.Join(dir, "chain.yaml"), "--verdicts", filepath.Join(exampleChain, "verdicts"),
		"--key", filepath.Join(exampleChain, "example-signing.pub"))
	assert.Equal(t, exitFindings, code, stderr)
}

// smallChain has one contract with one tier-1 receiver, kobayashi.
const smallChain = `mamori: supply-chain/v1
as_of: 2027-02-01
prime: {id: tsubasa-heavy, name: つばさ重工業株式会社}
keys: [signing.pub]
companies:
  - {id: kobayashi-electronics, name: 小林電子株式会社}
  - {id: hokuto-avionics, name: 北斗アビオニクス株式会社}
contracts:
  - id: K
    title: T
    special_clause: true
    designation_reference: D
    requirement: {status: conditional}
    parties:
      - {company: kobayashi-electronics, parent: tsubasa-heavy, flow_down: true}
      - {company: hokuto-avionics, parent: tsubasa-heavy, flow_down: true}
    flows:
      - {from: tsubasa-heavy, to: kobayashi-electronics, protected: true}
      - {from: tsubasa-heavy, to: hokuto-avionics, protected: true}
`

// TestSupplyChainVerdictFiles: tampered, unsigned, unknown-key and
// malformed verdict files count as no verdict (exit 1, not 2).
func TestSupplyChainVerdictFiles(t *testing.T) {
	seed := sha256.Sum256([]byte("cli test key"))
	key := ed25519.NewKeyFromSeed(seed[:])
	otherSeed := sha256.Sum256([]byte("someone else"))
	other := ed25519.NewKeyFromSeed(otherSeed[:])
	pub, err := attest.MarshalPublicKey(key.Public().(ed25519.PublicKey))
	require.NoError(t, err)

	st := func(org string) attest.Statement {
		s := attest.Statement{Kind: attest.KindVerdict, Organization: attest.Organization{ID: org, Name: org}}
		score := 110
		s.Decision = attest.Decision{Ready: true, DoDScore: &score, CMMCStatus: engine.CMMCFinal}
		s.Assessment = attest.Assessment{Type: evidence.AssessmentSelf, Date: "2026-11-01"}
		d, _ := evidence.ParseDate("2026-11-02")
		s.IssuedAt, s.ValidFrom, s.ValidUntil = d.Time, d.Time, d.AddDate(1, 0, 0)
		return s
	}
	sign := func(k ed25519.PrivateKey, s attest.Statement) []byte {
		env, err := attest.Sign(s, k)
		require.NoError(t, err)
		b, err := json.Marshal(env)
		require.NoError(t, err)
		return b
	}
	good := sign(key, st("hokuto-avionics"))
	tampered := bytes.Replace(sign(key, st("kobayashi-electronics")), []byte(`"payload":"ey`), []byte(`"payload":"EY`), 1)
	unsigned, _ := json.Marshal(st("kobayashi-electronics"))

	tests := []struct {
		name, file string
		data       []byte
		problem    string
	}{
		{"tampered", "kobayashi-electronics.json", tampered, "bad signature"},
		{"unknown key", "kobayashi-electronics.json", sign(other, st("kobayashi-electronics")), "a key the prime does not trust"},
		{"unsigned", "kobayashi-electronics.json", unsigned, "not a valid signed verdict"},
		{"not JSON", "kobayashi-electronics.json", []byte("hello"), "not a valid signed verdict"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "chain.yaml"), []byte(smallChain), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "signing.pub"), pub, 0o644))
			vd := filepath.Join(dir, "verdicts")
			require.NoError(t, os.Mkdir(vd, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(vd, "hokuto-avionics.json"), good, 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(vd, tt.file), tt.data, 0o644))

			code, stdout, stderr := runCLI(t, "supply-chain", "check", filepath.Join(dir, "chain.yaml"), "--verdicts", vd, "--format", "json")
			require.Equal(t, exitFindings, code, stderr)
			var r chain.Report
			require.NoError(t, json.Unmarshal([]byte(stdout), &r))
			require.Len(t, r.Blockers, 1)
			b := r.Blockers[0]
			assert.Equal(t, "kobayashi-electronics", b.Company)
			assert.Equal(t, chain.ReasonInvalidSignature, b.Reason)
			assert.Contains(t, b.Message.EN, tt.problem)
			assert.Contains(t, b.Message.EN, "it counts as no verdict")
			assert.Equal(t, chain.VerdictInvalid, r.Suppliers[0].Verdict)
			assert.Nil(t, r.Suppliers[0].Score)
			assert.Equal(t, chain.VerdictValid, r.Suppliers[1].Verdict)
		})
	}
}

// TestSupplyChainEvidence: a supplier the prime assesses from its own
// evidence is judged by that verdict, and only its findings appear.
func TestSupplyChainEvidence(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "chain.yaml"), []byte(strings.Replace(smallChain, "keys: [signing.pub]\n", "", 1)), 0o644))
	ed := filepath.Join(dir, "evidence")
	require.NoError(t, os.Mkdir(ed, 0o755))
	abs, err := filepath.Abs("../../examples/kobayashi-electronics")
	require.NoError(t, err)
	require.NoError(t, os.Symlink(abs, filepath.Join(ed, "kobayashi")))

	code, stdout, stderr := runCLI(t, "supply-chain", "check", filepath.Join(dir, "chain.yaml"), "--evidence", ed, "--format", "json")
	require.Equal(t, exitFindings, code, stderr)
	var r chain.Report
	require.NoError(t, json.Unmarshal([]byte(stdout), &r))
	kob := r.Suppliers[0]
	assert.Equal(t, "kobayashi-electronics", kob.Company)
	assert.Equal(t, chain.SourceEvidence, kob.Source)
	assert.Equal(t, chain.VerdictValid, kob.Verdict)
	assert.Equal(t, 105, *kob.Score)
	assert.Equal(t, engine.CMMCConditional, kob.Status)
	assert.Equal(t, chain.AssessmentPrimeLed, kob.AssessmentType)
	assert.Equal(t, "2027-03-30", kob.CloseoutDue.String())
	assert.NotEmpty(t, kob.Gaps, "the prime assessed this supplier's evidence: its gaps are shown")
	// Only hokuto blocks (no verdict), and hokuto carries no detail.
	require.Len(t, r.Blockers, 1)
	assert.Equal(t, chain.ReasonNoVerdict, r.Blockers[0].Reason)
	assert.Nil(t, r.Suppliers[1].Findings)
	assert.Nil(t, r.Suppliers[1].Gaps)
}

func TestTemplateSupplyChainFlags(t *testing.T) {
	tests := []flagCase[templateOptions]{
		{name: "defaults", args: "-o chain.xlsx", want: templateOptions{OutFile: "chain.xlsx", Lang: "en"}},
		{name: "japanese locale", args: "-o chain.xlsx", want: templateOptions{OutFile: "chain.xlsx", Lang: "ja"}, locale: "ja_JP.UTF-8"},
		{name: "english", args: "--out chain.xlsx --lang en", want: templateOptions{OutFile: "chain.xlsx", Lang: "en"}},
		{name: "old --output", args: "--output chain.xlsx", wantErr: "use -o/--out chain.xlsx"},
		{name: "output required", args: "", wantErr: "-o FILE is required"},
		{name: "bad lang", args: "-o chain.xlsx --lang fr", wantErr: `invalid --lang "fr"`},
		{name: "no arguments", args: "-o chain.xlsx chain.yaml", wantErr: `unknown command "chain.yaml"`},
	}
	testFlags(t, newTemplateSupplyChainCmd, tests)
}

// TestTemplateSupplyChain: the template is written 0600, and an empty
// one is bad input naming the first cell to fill.
func TestTemplateSupplyChain(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "chain.xlsx")
			code, _, stderr := runCLI(t, "template", "supply-chain", "-o", file, "--lang", lang)
			require.Equal(t, exitReady, code, stderr)
			st, err := os.Stat(file)
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())

			code, stdout, stderr := runCLI(t, "supply-chain", "check", file)
			assert.Equal(t, exitError, code)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, file+": Chain!C2: expected the prime's ID")
		})
	}
}

// exampleChainWorkbook is the example chain filled into the template
// (written by go test ./reports -update).
const exampleChainWorkbook = "../../reports/testdata/chaininput/example.xlsx"

// chainWorkbookDir copies the filled example workbook, edited by edit
// when not nil, and the key it names into a new directory, and returns
// the workbook's path.
func chainWorkbookDir(t *testing.T, edit func(*excelize.File) error) string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(exampleChainWorkbook)
	require.NoError(t, err)
	if edit != nil {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		require.NoError(t, err)
		defer f.Close()
		require.NoError(t, edit(f))
		var buf bytes.Buffer
		require.NoError(t, f.Write(&buf))
		data = buf.Bytes()
	}
	file := filepath.Join(dir, "chain.xlsx")
	require.NoError(t, os.WriteFile(file, data, 0o644))
	pub, err := os.ReadFile(filepath.Join(exampleChain, "example-signing.pub"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "example-signing.pub"), pub, 0o644))
	return file
}

// TestSupplyChainWorkbookSameReport: the chain declared in a workbook
// gives the report the YAML gives.
func TestSupplyChainWorkbookSameReport(t *testing.T) {
	xlsx := chainWorkbookDir(t, nil)
	check := func(file string, extra ...string) (int, string, string) {
		return runCLI(t, append([]string{"supply-chain", "check", file, "--verdicts", filepath.Join(exampleChain, "verdicts"),
			"--as-of", "2027-02-01"}, extra...)...)
	}
	reportOf := func(file string) chain.Report {
		code, stdout, stderr := check(file, "--format", "json")
		require.Equal(t, exitFindings, code, stderr)
		var r chain.Report
		require.NoError(t, json.Unmarshal([]byte(stdout), &r))
		assert.Equal(t, file, r.Source)
		r.Source = ""
		return r
	}
	want := reportOf(filepath.Join(exampleChain, "chain.yaml"))
	got := reportOf(xlsx)
	assert.Equal(t, want, got)
	require.NotEmpty(t, got.Blockers)

	for _, lang := range []string{"en", "ja"} {
		_, wantTable, _ := check(filepath.Join(exampleChain, "chain.yaml"), "--lang", lang)
		code, gotTable, stderr := check(xlsx, "--lang", lang)
		assert.Equal(t, exitFindings, code, stderr)
		assert.Equal(t, wantTable, gotTable, lang)
	}
}

// TestSupplyChainWorkbookBadInput: every problem in a chain workbook is
// exit 2 naming the file, sheet and cell, and nothing is written.
func TestSupplyChainWorkbookBadInput(t *testing.T) {
	set := func(sheet, ref, v string) func(*excelize.File) error {
		return func(f *excelize.File) error { return f.SetCellStr(sheet, ref, v) }
	}
	tests := []struct {
		name       string
		edit       func(*excelize.File) error
		data       string // the whole file instead of an edit
		field, msg string
	}{
		{name: "unknown company in Parties", edit: set("Parties", "B4", "takeda-pcb"),
			field: "Parties!B4", msg: `unknown company "takeda-pcb"`},
		{name: "duplicate company ID", edit: set("Companies", "A13", "mori-software"),
			field: "Companies!A13", msg: `duplicate company ID "mori-software" (first declared at Companies!A10)`},
		{name: "cycle in parents", edit: set("Parties", "C3", "ono-netsushori"),
			field: "Parties!C3", msg: `cycle in contract "C-2026-001": takeuchi-seiki → ono-netsushori → takeuchi-seiki`},
		{name: "bad date", edit: set("Contracts", "F2", "2027-03-32"),
			field: "Contracts!F2", msg: `expected a date YYYY-MM-DD, got "2027-03-32"`},
		{name: "bad yes/no", edit: set("Parties", "D2", "maybe"),
			field: "Parties!D2", msg: `expected あり or なし, got "maybe"`},
		{name: "missing sheet", edit: func(f *excelize.File) error { return f.DeleteSheet("Flows") },
			field: "Flows", msg: "sheet Flows is missing"},
		{name: "not a workbook", data: "mamori: supply-chain/v1\n", msg: "not an xlsx workbook"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := chainWorkbookDir(t, tt.edit)
			if tt.data != "" {
				require.NoError(t, os.WriteFile(file, []byte(tt.data), 0o644))
			}
			out := filepath.Join(filepath.Dir(file), "report.xlsx")
			code, stdout, stderr := runCLI(t, "supply-chain", "check", file, "--verdicts", filepath.Join(exampleChain, "verdicts"), "-o", out)
			assert.Equal(t, exitError, code)
			assert.Empty(t, stdout)
			where := file + ": "
			if tt.field != "" {
				where += tt.field + ": "
			}
			assert.Contains(t, stderr, where)
			assert.Contains(t, stderr, tt.msg)
			ents, err := os.ReadDir(filepath.Dir(file))
			require.NoError(t, err)
			assert.Len(t, ents, 2, "nothing written beside the workbook and its key")
		})
	}
}
