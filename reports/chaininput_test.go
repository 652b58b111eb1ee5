package reports_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/chain"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/reports"
)

// ccExample is the example chain, in YAML and as a filled workbook.
var (
	ccExampleYAML = filepath.Join("..", "examples", "supply-chain", "chain.yaml")
	ccExampleXLSX = filepath.Join("testdata", "chaininput", "example.xlsx")
)

func ccTemplate(t testing.TB, lang string) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, reports.WriteChainTemplate(&buf, lang))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

// ccFill writes c into a template as a procurement officer would: text
// in every cell, yes/no in the template's language, and the as-of date
// as an Excel date (a serial day number).
func ccFill(t testing.TB, f *excelize.File, c *chain.Chain, lang string) {
	t.Helper()
	yes, no := "あり", "なし"
	if lang == engine.LangEN {
		yes, no = "yes", "no"
	}
	yn := func(b bool) string {
		if b {
			return yes
		}
		return no
	}
	date := func(d *evidence.Date) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	num := func(n *int) string {
		if n == nil {
			return ""
		}
		return fmt.Sprint(*n)
	}
	set := func(sheet string, row int, vals ...string) {
		for i, v := range vals {
			if v == "" {
				continue
			}
			ref, err := excelize.CoordinatesToCellName(i+1, row)
			require.NoError(t, err)
			require.NoError(t, f.SetCellStr(sheet, ref, v))
		}
	}
	set(reports.SheetChain, 2, "", "", c.Prime.ID)
	set(reports.SheetChain, 3, "", "", c.Prime.Name)
	set(reports.SheetChain, 4, "", "", c.Prime.NameEN)
	if c.AsOf != nil {
		require.NoError(t, f.SetCellValue(reports.SheetChain, "C5", c.AsOf.Time))
	}
	for i, k := range c.Keys {
		set(reports.SheetChain, 6+i, "", "", k)
	}
	for i, co := range c.Companies {
		var sites []string
		for _, s := range co.Sites {
			sites = append(sites, s.ID+":"+s.Name)
		}
		var since, reason string
		if co.Suspension != nil {
			since, reason = co.Suspension.Since.String(), co.Suspension.Reason
		}
		set(reports.SheetCompanies, i+2, co.ID, co.Name, co.NameEN, strings.Join(sites, "; "), since, reason)
	}
	parties, flows := 2, 2
	for i, k := range c.Contracts {
		q := k.Requirement
		maxAge := ""
		if q.MaxAgeDays != 0 {
			maxAge = fmt.Sprint(q.MaxAgeDays)
		}
		set(reports.SheetContracts, i+2, k.ID, k.Title, yn(k.SpecialClause), k.DesignationReference, q.Status,
			date(q.ConditionalUntil), num(q.MinScore), yn(q.SiteCheck), maxAge)
		for _, p := range k.Parties {
			set(reports.SheetParties, parties, k.ID, p.Company, p.Parent, yn(p.FlowDown), strings.Join(p.Sites, "; "))
			parties++
		}
		for _, fl := range k.Flows {
			set(reports.SheetFlows, flows, k.ID, fl.From, fl.To, yn(fl.Protected), fl.Description)
			flows++
		}
	}
}

func ccBytes(t testing.TB, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

func ccRead(b []byte) (*chain.Chain, error) {
	return reports.ReadChainWorkbook(bytes.NewReader(b), int64(len(b)), "chain.xlsx")
}

// ccModel is the declared model of a chain, without where it was read.
func ccModel(c *chain.Chain) chain.Chain {
	return chain.Chain{Schema: c.Schema, AsOf: c.AsOf, Prime: c.Prime, Keys: c.Keys, Companies: c.Companies, Contracts: c.Contracts}
}

func ccExample(t testing.TB) *chain.Chain {
	t.Helper()
	c, err := chain.Load(ccExampleYAML)
	require.NoError(t, err)
	return c
}

// ccFilledExample is the example chain written into a template.
func ccFilledExample(t testing.TB, lang string) []byte {
	t.Helper()
	f := ccTemplate(t, lang)
	ccFill(t, f, ccExample(t), lang)
	return ccBytes(t, f)
}

// TestChainWorkbookRoundTrip: the example chain written into the
// template and read back is the chain the YAML declares.
func TestChainWorkbookRoundTrip(t *testing.T) {
	want := ccModel(ccExample(t))
	for _, lang := range []string{engine.LangJA, engine.LangEN} {
		t.Run(lang, func(t *testing.T) {
			got, err := ccRead(ccFilledExample(t, lang))
			require.NoError(t, err)
			assert.Equal(t, want, ccModel(got))
			assert.Equal(t, "chain.xlsx", got.File)
		})
	}
	// The filled example the CLI tests use reads as the YAML too
	// (go test ./reports -update writes it again).
	t.Run("testdata", func(t *testing.T) {
		if *update {
			require.NoError(t, os.WriteFile(ccExampleXLSX, ccFilledExample(t, engine.LangJA), 0o644))
		}
		b, err := os.ReadFile(ccExampleXLSX)
		require.NoError(t, err, "run go test ./reports -update to create it")
		got, err := ccRead(b)
		require.NoError(t, err)
		assert.Equal(t, want, ccModel(got))
	})
}

// TestChainWorkbookCells: what a procurement officer types, in either
// language, reads as the YAML's values.
func TestChainWorkbookCells(t *testing.T) {
	tests := []struct {
		name, sheet, cell, value string
		check                    func(t *testing.T, c *chain.Chain)
	}{
		{"yes in English", reports.SheetContracts, "H2", "YES", func(t *testing.T, c *chain.Chain) {
			assert.True(t, c.Contracts[0].Requirement.SiteCheck)
		}},
		{"はい", reports.SheetParties, "D2", "はい", func(t *testing.T, c *chain.Chain) { assert.True(t, c.Contracts[0].Parties[0].FlowDown) }},
		{"FALSE", reports.SheetParties, "D2", "FALSE", func(t *testing.T, c *chain.Chain) { assert.False(t, c.Contracts[0].Parties[0].FlowDown) }},
		{"slashed date", reports.SheetContracts, "F2", "2027/3/1", func(t *testing.T, c *chain.Chain) {
			assert.Equal(t, "2027-03-01", c.Contracts[0].Requirement.ConditionalUntil.String())
		}},
		{"status in capitals", reports.SheetContracts, "E3", "Final", func(t *testing.T, c *chain.Chain) {
			assert.Equal(t, chain.StatusFinal, c.Contracts[1].Requirement.Status)
		}},
		{"padded ID", reports.SheetCompanies, "A2", "  kobayashi-electronics \n", func(t *testing.T, c *chain.Chain) {
			assert.Equal(t, "kobayashi-electronics", c.Companies[0].ID)
		}},
		{"full-width separators", reports.SheetCompanies, "D3", "sendai-1：仙台第一工場；sendai-2：仙台第二工場", func(t *testing.T, c *chain.Chain) {
			assert.Equal(t, []chain.Site{{ID: "sendai-1", Name: "仙台第一工場"}, {ID: "sendai-2", Name: "仙台第二工場"}}, c.Companies[1].Sites)
		}},
		{"suspension", reports.SheetCompanies, "F4", "情報漏えい事案", func(t *testing.T, c *chain.Chain) {
			require.NotNil(t, c.Companies[2].Suspension)
			assert.Equal(t, "2027-01-10", c.Companies[2].Suspension.Since.String())
			assert.Equal(t, "情報漏えい事案", c.Companies[2].Suspension.Reason)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ccTemplate(t, engine.LangJA)
			ccFill(t, f, ccExample(t), engine.LangJA)
			require.NoError(t, f.SetCellStr(tt.sheet, tt.cell, tt.value))
			if tt.name == "suspension" {
				require.NoError(t, f.SetCellValue(reports.SheetCompanies, "E4", time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC)))
			}
			c, err := ccRead(ccBytes(t, f))
			require.NoError(t, err)
			tt.check(t, c)
		})
	}
}

// TestChainWorkbookTextStaysText: cells are read as stored text; what
// looks like a formula is kept as it is, and a formula cell gives its
// stored value, never a computed one.
func TestChainWorkbookTextStaysText(t *testing.T) {
	f := ccTemplate(t, engine.LangJA)
	ccFill(t, f, ccExample(t), engine.LangJA)
	inject := map[string]string{
		"B2": `=HYPERLINK("http://evil.example/","x")`, "C2": "+cmd|' /C calc'!A0", "F2": "@SUM(1+1)*cmd|'/C calc'!A0",
	}
	for ref, v := range inject {
		require.NoError(t, f.SetCellStr(reports.SheetCompanies, ref, v))
	}
	require.NoError(t, f.SetCellStr(reports.SheetCompanies, "E2", "2027-01-05"))
	require.NoError(t, f.SetCellStr(reports.SheetFlows, "E2", "=1+1"))
	// A formula cell without a stored value reads empty: it is not
	// evaluated (evaluated, it would name a site takeuchi-seiki lacks).
	require.NoError(t, f.SetCellFormula(reports.SheetParties, "E3", `CONCATENATE("okaya","-design")`))
	c, err := ccRead(ccBytes(t, f))
	require.NoError(t, err)
	assert.Equal(t, inject["B2"], c.Companies[0].Name)
	assert.Equal(t, inject["C2"], c.Companies[0].NameEN)
	require.NotNil(t, c.Companies[0].Suspension)
	assert.Equal(t, inject["F2"], c.Companies[0].Suspension.Reason)
	assert.Equal(t, "=1+1", c.Contracts[0].Flows[0].Description)
	assert.Equal(t, "takeuchi-seiki", c.Contracts[0].Parties[1].Company)
	assert.Nil(t, c.Contracts[0].Parties[1].Sites)
}

// TestChainWorkbookBad: every problem is an input error naming the file
// and the sheet and cell.
func TestChainWorkbookBad(t *testing.T) {
	good := ccFilledExample(t, engine.LangJA)
	set := func(sheet, ref, v string) func(*excelize.File) error {
		return func(f *excelize.File) error { return f.SetCellStr(sheet, ref, v) }
	}
	tests := []struct {
		name  string
		edit  func(*excelize.File) error
		data  []byte // instead of an edit
		field string
		msg   string
	}{
		{name: "unknown company in Parties", edit: set(reports.SheetParties, "B4", "takeda-pcb"),
			field: "Parties!B4", msg: `unknown company "takeda-pcb": expected one of the companies declared under companies`},
		{name: "duplicate company ID", edit: set(reports.SheetCompanies, "A13", "mori-software"),
			field: "Companies!A13", msg: `duplicate company ID "mori-software" (first declared at Companies!A10)`},
		{name: "cycle in parents", edit: set(reports.SheetParties, "C3", "ono-netsushori"),
			field: "Parties!C3", msg: `cycle in contract "C-2026-001": takeuchi-seiki → ono-netsushori → takeuchi-seiki`},
		{name: "parent not on the contract", edit: set(reports.SheetParties, "C13", "takeda-kiban"),
			field: "Parties!C13", msg: `parent "takeda-kiban" is not a party to contract "C-2027-003"`},
		{name: "duplicate party", edit: set(reports.SheetParties, "B4", "takeuchi-seiki"),
			field: "Parties!B4", msg: `duplicate party "takeuchi-seiki" on contract "C-2026-001" (first at Parties!B3)`},
		{name: "unknown site", edit: set(reports.SheetParties, "E2", "okaya-design; tokyo"),
			field: "Parties!E2", msg: `unknown site "tokyo" of company "kobayashi-electronics"`},
		{name: "flow to a company not on the contract", edit: set(reports.SheetFlows, "C2", "minato-systems"),
			field: "Flows!C2", msg: `company "minato-systems" is not a party to contract "C-2026-001"`},
		{name: "no designation reference", edit: set(reports.SheetContracts, "D3", " "),
			field: "Contracts!D3", msg: "expected the 情報セキュリティ指定書 reference"},
		{name: "bad date", edit: set(reports.SheetContracts, "F2", "2027-03-32"),
			field: "Contracts!F2", msg: `expected a date YYYY-MM-DD, got "2027-03-32"`},
		{name: "bad as-of date", edit: set(reports.SheetChain, "C5", "next week"),
			field: "Chain!C5", msg: `expected a date YYYY-MM-DD, got "next week"`},
		{name: "bad yes/no", edit: set(reports.SheetParties, "D2", "maybe"),
			field: "Parties!D2", msg: `expected あり or なし, got "maybe"`},
		{name: "empty yes/no", edit: set(reports.SheetFlows, "D3", ""),
			field: "Flows!D3", msg: "required: あり or なし"},
		{name: "unknown status", edit: set(reports.SheetContracts, "E2", "provisional"),
			field: "Contracts!E2", msg: `expected final or conditional, got "provisional"`},
		{name: "bad score", edit: set(reports.SheetContracts, "G2", "eighty"),
			field: "Contracts!G2", msg: `expected a whole number, got "eighty"`},
		{name: "score out of range", edit: set(reports.SheetContracts, "G2", "120"),
			field: "Contracts!G2", msg: "expected a DoD score from -203 to 110, got 120"},
		{name: "empty company name", edit: set(reports.SheetCompanies, "B5", ""),
			field: "Companies!B5", msg: "expected the company's name"},
		{name: "empty prime", edit: set(reports.SheetChain, "C2", ""),
			field: "Chain!C2", msg: "expected the prime's ID"},
		{name: "unknown contract", edit: set(reports.SheetParties, "A2", "C-9999"),
			field: "Parties!A2", msg: `unknown contract "C-9999": expected one of the contracts on the Contracts sheet`},
		{name: "no contract", edit: set(reports.SheetFlows, "A2", ""),
			field: "Flows!A2", msg: "required: the contract ID"},
		{name: "too long", edit: set(reports.SheetFlows, "E2", strings.Repeat("図", 1001)),
			field: "Flows!E2", msg: "the value is 1001 characters long, over the limit of 1000"},
		{name: "header changed", edit: set(reports.SheetParties, "C1", "親"),
			field: "Parties!C1", msg: "the header was changed"},
		{name: "unknown key", edit: set(reports.SheetChain, "B4", "prime.cage"),
			field: "Chain!B4", msg: `unknown key "prime.cage"`},
		{name: "missing sheet", edit: func(f *excelize.File) error { return f.DeleteSheet(reports.SheetParties) },
			field: "Parties", msg: "sheet Parties is missing"},
		{name: "another workbook", edit: set("_mamori", "B1", "mamori-self-assessment"),
			field: "_mamori!B1", msg: `expected a mamori-supply-chain workbook, got "mamori-self-assessment"`},
		{name: "not a workbook", data: []byte("mamori: supply-chain/v1\n"), msg: "not an xlsx workbook"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data
			if tt.edit != nil {
				f, err := excelize.OpenReader(bytes.NewReader(good))
				require.NoError(t, err)
				defer f.Close()
				require.NoError(t, tt.edit(f))
				data = ccBytes(t, f)
			}
			_, err := ccRead(data)
			require.Error(t, err)
			var all evidence.InputErrors
			var one *evidence.InputError
			if errors.As(err, &one) {
				all = evidence.InputErrors{one}
			} else {
				require.ErrorAs(t, err, &all)
			}
			var found bool
			for _, e := range all {
				assert.Equal(t, "chain.xlsx", e.File)
				assert.Zero(t, e.Line)
				found = found || e.Field == tt.field && strings.Contains(e.Msg, tt.msg)
			}
			assert.True(t, found, "want %s: %s; got:\n%v", tt.field, tt.msg, err)
		})
	}
}

// TestChainTemplateGolden dumps every cell of the template (sheet!cell,
// value, style class), the sheets' visibility and the drop-downs and
// checks, in both languages, and compares them with
// testdata/chaininput/template.<lang>.txt.
func TestChainTemplateGolden(t *testing.T) {
	for _, lang := range []string{engine.LangJA, engine.LangEN} {
		t.Run(lang, func(t *testing.T) {
			f := ccTemplate(t, lang)
			var out strings.Builder
			for _, sheet := range f.GetSheetList() {
				visible, err := f.GetSheetVisible(sheet)
				require.NoError(t, err)
				fmt.Fprintf(&out, "sheet %s visible=%v\n", sheet, visible)
				dvs, err := f.GetDataValidations(sheet)
				require.NoError(t, err)
				for _, dv := range dvs {
					fmt.Fprintf(&out, "validation %s %s %s %s %s %s\n", sheet, dv.Sqref, dv.Type, dv.Operator, dv.Formula1, dv.Formula2)
				}
			}
			out.WriteString(gapDumpCells(t, f))
			golden := filepath.Join("testdata", "chaininput", "template."+lang+".txt")
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(out.String()), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./reports -update to create the golden files")
			assert.Equal(t, string(want), out.String())
		})
	}
}

// TestChainTemplateCraft: frozen headers, inputs that keep text as
// text, and an empty template that reads as a chain with nothing in it.
func TestChainTemplateCraft(t *testing.T) {
	f := ccTemplate(t, engine.LangEN)
	for _, s := range []string{reports.SheetChain, reports.SheetCompanies, reports.SheetContracts, reports.SheetParties, reports.SheetFlows} {
		p, err := f.GetPanes(s)
		require.NoError(t, err)
		assert.True(t, p.Freeze, s)
		assert.Equal(t, 1, p.YSplit, s)
	}
	id, err := f.GetCellStyle(reports.SheetCompanies, "A500")
	require.NoError(t, err)
	st, err := f.GetStyle(id)
	require.NoError(t, err)
	assert.Equal(t, 49, st.NumFmt, "IDs are entered as text")
	require.NotNil(t, st.Protection)
	assert.False(t, st.Protection.Locked)

	_, err = ccRead(ccBytes(t, f))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "chain.xlsx: Chain!C2: expected the prime's ID")
}
