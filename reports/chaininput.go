package reports

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/chain"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// The supply-chain declaration workbook (サプライチェーン定義ワークブック).
//
// WriteChainTemplate writes an empty workbook in which a prime's
// procurement staff declare the chain: the prime and its trusted keys,
// the companies, the contracts, the parties in tiers and the flows of
// information. ReadChainWorkbook reads a filled one into the chain.Chain
// that the equal supply-chain/v1 YAML gives, validated the same way,
// with every problem named by sheet and cell. Cells are read as their
// stored (cached) values and never evaluated: a value that starts with
// "=" is text.

// Sheet names of the supply-chain workbook, the same in every language
// (the instructions are on SheetInstructions).
const (
	SheetChain     = "Chain"
	SheetCompanies = "Companies"
	SheetContracts = "Contracts"
	SheetParties   = "Parties"
	SheetFlows     = "Flows"
	ccSheetMeta    = "_mamori"
)

// ChainWorkbookKind marks a supply-chain declaration workbook on its
// hidden sheet, beside the chain's schema (chain.Schema).
const ChainWorkbookKind = "mamori-supply-chain"

const (
	// ccTemplateRows is the number of rows the template's drop-downs
	// and checks cover on each list sheet.
	ccTemplateRows = 2000
	// ccKeyRows is the number of trusted key slots on the Chain sheet.
	ccKeyRows = 8
	// ccMaxRows bounds the rows read from a sheet.
	ccMaxRows = 50000
	// ccMaxCell bounds a cell's length, in characters.
	ccMaxCell = 1000
	// ccMaxErrors bounds the problems reported at once.
	ccMaxErrors = 20
)

// Kinds of cell.
const (
	ccText   = "text"
	ccDate   = "date"
	ccYesNo  = "yesno"
	ccInt    = "int"
	ccStatus = "status"
)

// ccColumn is one column of a list sheet: the field it fills under its
// row's element (for messages), its header and its kind.
type ccColumn struct {
	field  string
	ja, en string
	kind   string
	width  float64
}

type ccSheet struct {
	name string
	cols []ccColumn
}

var (
	ccCompanies = ccSheet{SheetCompanies, []ccColumn{
		{"id", "企業ID", "Company ID", ccText, 22},
		{"name", "企業名", "Name", ccText, 30},
		{"name_en", "企業名（英文）", "Name (English)", ccText, 30},
		{"sites", "取扱施設（ID:名称; ID:名称）", "Sites (ID:name; ID:name)", ccText, 40},
		{"suspension.since", "取引停止日", "Suspended since", ccDate, 14},
		{"suspension.reason", "取引停止の理由", "Suspension reason", ccText, 30},
	}}
	ccContracts = ccSheet{SheetContracts, []ccColumn{
		{"id", "契約ID", "Contract ID", ccText, 16},
		{"title", "件名", "Title", ccText, 34},
		{"special_clause", "情報セキュリティ特約条項", "Special clause", ccYesNo, 12},
		{"designation_reference", "情報セキュリティ指定書の番号", "Designation reference", ccText, 26},
		{"requirement.status", "要求ステータス（final／conditional）", "Required status (final / conditional)", ccStatus, 16},
		{"requirement.conditional_until", "条件付き（conditional）の受入期限", "Conditional accepted until", ccDate, 16},
		{"requirement.min_score", "最低DoDスコア", "Minimum DoD score", ccInt, 11},
		{"requirement.site_check", "現地確認を要する", "Site check required", ccYesNo, 11},
		{"requirement.max_age_days", "評価からの最大日数", "Maximum assessment age (days)", ccInt, 13},
	}}
	ccParties = ccSheet{SheetParties, []ccColumn{
		{"contract", "契約ID", "Contract ID", ccText, 16},
		{"company", "企業ID", "Company ID", ccText, 22},
		{"parent", "発注元（元請ID又は企業ID）", "Parent (prime or company ID)", ccText, 22},
		{"flow_down", "特約条項の適用（再委託契約）", "Clause flowed down", ccYesNo, 14},
		{"sites", "従事する取扱施設（ID; ID）", "Sites on the contract (ID; ID)", ccText, 26},
	}}
	ccFlows = ccSheet{SheetFlows, []ccColumn{
		{"contract", "契約ID", "Contract ID", ccText, 16},
		{"from", "送付元（元請ID又は企業ID）", "From (prime or company ID)", ccText, 22},
		{"to", "送付先（元請ID又は企業ID）", "To (prime or company ID)", ccText, 22},
		{"protected", "保護すべき情報", "Protected information", ccYesNo, 12},
		{"description", "内容", "Description", ccText, 40},
	}}
	ccListSheets = []ccSheet{ccCompanies, ccContracts, ccParties, ccFlows}

	ccChainHeaders = [][2]string{{"項目", "Item"}, {"キー", "Key"}, {"値", "Value"}}
	ccChainFields  = []struct{ key, ja, en, kind string }{
		{"prime.id", "元請企業ID", "Prime's ID", ccText},
		{"prime.name", "元請企業名", "Prime's name", ccText},
		{"prime.name_en", "元請企業名（英文）", "Prime's name (English)", ccText},
		{"as_of", "基準日（YYYY-MM-DD、空欄なら当日）", "As of (YYYY-MM-DD; empty: today)", ccDate},
	}

	ccYes       = map[string]string{engine.LangJA: "あり", engine.LangEN: "yes"}
	ccNo        = map[string]string{engine.LangJA: "なし", engine.LangEN: "no"}
	ccYesValues = []string{"あり", "はい", "yes", "y", "true", "1"}
	ccNoValues  = []string{"なし", "いいえ", "no", "n", "false", "0"}
	ccStatuses  = []string{chain.StatusFinal, chain.StatusConditional}
)

// WriteChainTemplate writes an empty supply-chain declaration workbook,
// with headers in lang ("ja" or "en"; anything else is Japanese) and
// instructions in Japanese (and English for en).
func WriteChainTemplate(w io.Writer, lang string) error {
	if lang != engine.LangEN {
		lang = engine.LangJA
	}
	b, err := newXLSXBook()
	if err != nil {
		return err
	}
	defer b.f.Close()
	f := b.f
	if err := f.SetSheetName("Sheet1", SheetInstructions); err != nil {
		return err
	}
	for _, s := range []string{SheetChain, SheetCompanies, SheetContracts, SheetParties, SheetFlows, ccSheetMeta} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	// Inputs: the shared input style, as text (IDs keep their leading
	// zeros) or as a date.
	base, err := f.GetStyle(b.st.input)
	if err != nil {
		return err
	}
	textStyle, dateStyle := *base, *base
	textStyle.NumFmt = 49
	dateFmt := "yyyy-mm-dd"
	dateStyle.CustomNumFmt = &dateFmt
	input := map[string]int{ccYesNo: b.st.input, ccInt: b.st.input, ccStatus: b.st.input}
	for kind, st := range map[string]*excelize.Style{ccText: &textStyle, ccDate: &dateStyle} {
		if input[kind], err = f.NewStyle(st); err != nil {
			return err
		}
	}
	var errs []error
	try := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	tr := func(ja, en string) string { return saTr(lang, ja, en) }
	title := tr("サプライチェーン定義", "Supply-chain declaration")
	page := tr("&P / &N ページ", "Page &P of &N")
	const marking = "取扱注意"

	// Instructions: wrapped text without borders, printed on A4.
	wrap, err := f.GetStyle(b.st.wrap)
	if err != nil {
		return err
	}
	wrap.Border = nil
	note, err := f.NewStyle(wrap)
	if err != nil {
		return err
	}
	try(b.setWidths(SheetInstructions, []float64{110}))
	for i, line := range ccInstructions(lang) {
		st := note
		if i == 0 {
			st = b.st.title
		}
		try(b.str(SheetInstructions, 1, i+1, line, st))
	}
	try(b.printSetup(SheetInstructions, "", marking, title, page))

	// The chain: one value per key.
	try(b.setWidths(SheetChain, []float64{34, 16, 50}))
	for i, h := range ccChainHeaders {
		try(b.str(SheetChain, i+1, 1, tr(h[0], h[1]), b.st.header))
	}
	row := 2
	for _, fl := range ccChainFields {
		try(b.str(SheetChain, 1, row, tr(fl.ja, fl.en), b.st.label))
		try(b.str(SheetChain, 2, row, fl.key, b.st.label))
		try(f.SetCellStyle(SheetChain, xlCell(3, row), xlCell(3, row), input[fl.kind]))
		if fl.kind == ccDate {
			ccDateCheck(b, SheetChain, xlCell(3, row), lang, try)
		}
		row++
	}
	for range ccKeyRows {
		try(b.str(SheetChain, 1, row, tr("信頼する公開鍵ファイル（PEM、このファイルからの相対パス）", "Trusted public key file (PEM, relative to this file)"), b.st.label))
		try(b.str(SheetChain, 2, row, "keys", b.st.label))
		try(f.SetCellStyle(SheetChain, xlCell(3, row), xlCell(3, row), input[ccText]))
		row++
	}
	try(f.SetPanes(SheetChain, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "C2", ActiveCell: "C2", Pane: "bottomLeft"}}}))
	try(f.ProtectSheet(SheetChain, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true}))
	try(b.printSetup(SheetChain, "", marking, title+" — "+SheetChain, page))

	// The lists: input columns, then the header over them.
	last := ccTemplateRows + 1
	colRange := func(col int) string { return xlCell(col, 2) + ":" + xlCell(col, last) }
	for _, s := range ccListSheets {
		headers := make([]string, len(s.cols))
		widths := make([]float64, len(s.cols))
		for i, c := range s.cols {
			headers[i], widths[i] = tr(c.ja, c.en), c.width
			try(f.SetColStyle(s.name, xlCol(i+1), input[c.kind]))
		}
		try(b.table(s.name, headers, widths, 0))
		lines := 2
		for i, h := range headers {
			lines = max(lines, gapLines(h, max(1, int(widths[i])-1)))
		}
		try(f.SetRowHeight(s.name, 1, float64(lines)*12.5+5))
		for i, c := range s.cols {
			switch c.kind {
			case ccYesNo:
				ccList(b, s.name, colRange(i+1), []string{ccYes[lang], ccNo[lang]}, tr(c.ja, c.en), try)
			case ccStatus:
				ccList(b, s.name, colRange(i+1), ccStatuses, tr(c.ja, c.en), try)
			case ccDate:
				ccDateCheck(b, s.name, colRange(i+1), lang, try)
			}
		}
		try(b.printSetup(s.name, "", marking, title+" — "+s.name, page))
	}
	whole := func(sheet, sqref string, lo, hi int, msg string) {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = sqref
		try(dv.SetRange(lo, hi, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween))
		dv.SetError(excelize.DataValidationErrorStyleStop, msg, msg)
		try(f.AddDataValidation(sheet, dv))
	}
	whole(SheetContracts, colRange(7), -203, 110, tr("-203〜110の整数", "a whole number from -203 to 110"))
	whole(SheetContracts, colRange(9), 1, 36500, tr("1以上の日数", "a number of days, 1 or more"))
	// References: the contracts and companies declared on their sheets.
	refList := func(sheet, sqref, target, msg string) {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = sqref
		dv.SetSqrefDropList(xlSheetRef(target) + "!$A$2:$A$" + strconv.Itoa(last))
		dv.SetError(excelize.DataValidationErrorStyleStop, msg, msg)
		try(f.AddDataValidation(sheet, dv))
	}
	contractMsg := tr("Contracts シートの契約ID", "a contract ID from the Contracts sheet")
	refList(SheetParties, colRange(1), SheetContracts, contractMsg)
	refList(SheetFlows, colRange(1), SheetContracts, contractMsg)
	refList(SheetParties, colRange(2), SheetCompanies, tr("Companies シートの企業ID", "a company ID from the Companies sheet"))

	// The record of what this workbook is.
	for i, kv := range [][2]string{{"kind", ChainWorkbookKind}, {"schema", chain.Schema}, {"lang", lang}} {
		try(f.SetCellStr(ccSheetMeta, xlCell(1, i+1), kv[0]))
		try(f.SetCellStr(ccSheetMeta, xlCell(2, i+1), kv[1]))
	}
	try(f.SetSheetVisible(ccSheetMeta, false, true))
	try(f.SetDocProps(&excelize.DocProperties{Title: title, Subject: chain.Schema, Creator: "mamori",
		Keywords: marking, Category: ChainWorkbookKind}))
	f.SetActiveSheet(0)
	try(b.fitRows())
	try(f.SetRowHeight(SheetInstructions, 1, 22))
	if err := errors.Join(errs...); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// ccList adds a drop-down of values over sqref.
func ccList(b *xlsxBook, sheet, sqref string, values []string, title string, try func(error)) {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	try(dv.SetDropList(values))
	dv.SetError(excelize.DataValidationErrorStyleStop, title, strings.Join(values, ", "))
	try(b.f.AddDataValidation(sheet, dv))
}

// ccDateCheck accepts only dates from 2000 to 2100 over sqref.
func ccDateCheck(b *xlsxBook, sheet, sqref, lang string, try func(error)) {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	try(dv.SetRange(36526, 73415, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween))
	msg := saTr(lang, "日付（YYYY-MM-DD）", "a date (YYYY-MM-DD)")
	dv.SetError(excelize.DataValidationErrorStyleStop, msg, msg)
	try(b.f.AddDataValidation(sheet, dv))
}

func ccInstructions(lang string) []string {
	ja := []string{
		"サプライチェーン定義ワークブックの記入方法",
		"1. Chain シートの「値」列に、元請企業のID・名称と、取引先の署名付き判定を検証する公開鍵ファイル（このファイルからの相対パス）を記入します。基準日は通常空欄です。",
		"2. Companies シートに、元請の下にある全ての企業を1行に1社ずつ記入します。取扱施設は「ID:名称; ID:名称」の形で記入します。",
		"   元請が取引を停止した企業には、取引停止日（YYYY-MM-DD）と理由を記入します。",
		"3. Contracts シートに、契約を1行に1件ずつ記入します。情報セキュリティ特約条項は「あり／なし」を選びます。特約ありの契約には、情報セキュリティ指定書の番号と要求ステータス（final／conditional）が必要です。",
		"4. Parties シートに、契約ごとの参加企業を記入します。発注元は元請ID又は同じ契約の別の参加企業IDです。特約条項を再委託契約に適用した場合は「あり」を選びます。",
		"5. Flows シートに、契約ごとの情報の流れ（送付元→送付先）を記入し、保護すべき情報を含む場合は「あり」を選びます。",
		"6. 保存したファイルを確認します: mamori supply-chain check chain.xlsx --verdicts verdicts/",
		"注意: シート名・見出し行・列の順序は変更しないでください。セルの値は文字列として読み取られ、数式は実行されません。",
		"誤りがある場合は、シート名とセル（例: Parties!B3）を示してエラーになり、何も出力されません。",
	}
	en := []string{
		"",
		"How to fill in the supply-chain declaration workbook",
		"1. Chain: in the Value column, the prime's ID and name, and the public key files that sign the suppliers' verdicts (relative to this file). Leave As of empty as a rule.",
		"2. Companies: one row for every company below the prime, at any tier. Sites are written \"ID:name; ID:name\".",
		"   For a company the prime has suspended, the date (YYYY-MM-DD) and the reason.",
		"3. Contracts: one row per contract. A contract with the information-security special clause needs its designation reference and the required status (final / conditional).",
		"4. Parties: the companies on each contract. The parent is the prime's ID or another party's company ID on the same contract. Choose yes when the clause is flowed down in the subcontract.",
		"5. Flows: who sends information to whom on each contract; choose yes when it carries protected information.",
		"6. Check the saved file: mamori supply-chain check chain.xlsx --verdicts verdicts/",
		"Do not rename sheets or change the header rows or the order of columns. Cells are read as text; formulas are never evaluated.",
		"A problem is reported with its sheet and cell (for example Parties!B3), and nothing is written.",
	}
	if lang == engine.LangEN {
		return append(ja, en...)
	}
	return ja
}

// ReadChainWorkbook reads a supply-chain declaration workbook, laid out
// as WriteChainTemplate writes it, into a chain and validates it as
// chain.Parse does. name is the file's name, for messages and for
// resolving the trusted key files. Problems are *evidence.InputError (or
// evidence.InputErrors) naming the sheet and cell (Parties!B3) in Field.
func ReadChainWorkbook(r io.ReaderAt, size int64, name string) (*chain.Chain, error) {
	fail := func(field, format string, args ...any) error {
		return &evidence.InputError{File: name, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	f, err := xlOpenWorkbook(r, size, fail)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rd := &ccReader{name: name, sheets: map[string][][]string{}, cells: map[string]string{
		"mamori": ccSheetMeta, "prime": SheetChain, "keys": SheetChain, "as_of": SheetChain,
		"companies": SheetCompanies, "contracts": SheetContracts,
	}}
	for _, s := range []string{ccSheetMeta, SheetChain, SheetCompanies, SheetContracts, SheetParties, SheetFlows} {
		if idx, err := f.GetSheetIndex(s); err != nil || idx < 0 {
			return nil, fail(s, "sheet %s is missing: this is not a mamori supply-chain workbook (mamori template supply-chain), or a sheet was renamed or deleted", s)
		}
		if rd.sheets[s], err = ccReadRows(f, s); err != nil {
			return nil, fail(s, "%v", err)
		}
	}
	meta, metaField := xlMeta(rd.sheets[ccSheetMeta], ccSheetMeta)
	if meta["kind"] != ChainWorkbookKind {
		return nil, fail(metaField("kind"), "expected a %s workbook, got %q", ChainWorkbookKind, saTrunc(meta["kind"]))
	}
	if meta["schema"] != chain.Schema {
		return nil, fail(metaField("schema"), "expected %q, got %q: fill in a new template (mamori template supply-chain)", chain.Schema, saTrunc(meta["schema"]))
	}
	rd.lang = meta["lang"]
	if rd.lang != engine.LangJA && rd.lang != engine.LangEN {
		return nil, fail(metaField("lang"), "expected ja or en, got %q", saTrunc(rd.lang))
	}
	rd.cells["mamori"] = metaField("schema")
	if err := rd.headers(); err != nil {
		return nil, err
	}

	c := &chain.Chain{Schema: chain.Schema, File: name}
	rd.chainSheet(c)
	rd.companies(c)
	rd.contracts(c)
	rd.parties(c)
	rd.flows(c)
	if len(rd.errs) == 1 {
		return nil, rd.errs[0]
	}
	if len(rd.errs) > 0 {
		return nil, rd.errs
	}
	if err := c.ValidateAt(rd.cells); err != nil {
		return nil, err
	}
	return c, nil
}

// ccReader reads the sheets of a supply-chain workbook, recording where
// each element was read (cells, by path) and the problems found.
type ccReader struct {
	name   string
	lang   string
	sheets map[string][][]string
	cells  map[string]string
	errs   evidence.InputErrors
	// contractAt maps a contract ID to its first position.
	contractAt map[string]int
}

func (rd *ccReader) at(ref, format string, args ...any) {
	if len(rd.errs) < ccMaxErrors {
		rd.errs = append(rd.errs, &evidence.InputError{File: rd.name, Field: ref, Msg: fmt.Sprintf(format, args...)})
	}
}

// value is a cell's stored value, trimmed, and its reference; a value
// over ccMaxCell characters is a problem and reads as empty.
func (rd *ccReader) value(sheet string, col, row int) (string, string) {
	ref := sheet + "!" + xlCell(col, row)
	rows := rd.sheets[sheet]
	if row > len(rows) || col > len(rows[row-1]) {
		return "", ref
	}
	v := strings.TrimSpace(rows[row-1][col-1])
	if n := utf8.RuneCountInString(v); n > ccMaxCell {
		rd.at(ref, "the value is %d characters long, over the limit of %d", n, ccMaxCell)
		return "", ref
	}
	return v, ref
}

// headers checks that each sheet's header row is the template's, so
// that no column was moved, inserted or deleted.
func (rd *ccReader) headers() error {
	check := func(sheet string, col int, ja, en string) error {
		want := saTr(rd.lang, ja, en)
		if got, ref := rd.value(sheet, col, 1); got != want {
			return &evidence.InputError{File: rd.name, Field: ref,
				Msg: fmt.Sprintf("the header was changed (expected %q, got %q): columns must not be moved, inserted or deleted", want, saTrunc(got))}
		}
		return nil
	}
	for i, h := range ccChainHeaders {
		if err := check(SheetChain, i+1, h[0], h[1]); err != nil {
			return err
		}
	}
	for _, s := range ccListSheets {
		for i, c := range s.cols {
			if err := check(s.name, i+1, c.ja, c.en); err != nil {
				return err
			}
		}
	}
	if len(rd.errs) > 0 {
		return rd.errs
	}
	return nil
}

// rows calls fn for each list row of s that is not empty, with its
// values by column.
func (rd *ccReader) rows(s ccSheet, fn func(row int, v []string, ref []string)) {
	for row := 2; row <= len(rd.sheets[s.name]); row++ {
		v, ref := make([]string, len(s.cols)), make([]string, len(s.cols))
		empty := true
		for i := range s.cols {
			v[i], ref[i] = rd.value(s.name, i+1, row)
			empty = empty && v[i] == ""
		}
		if !empty {
			fn(row, v, ref)
		}
	}
}

// record notes the cell of each column of the element at path.
func (rd *ccReader) record(path string, s ccSheet, ref []string) {
	rd.cells[path] = ref[0]
	for i, c := range s.cols {
		rd.cells[path+"."+c.field] = ref[i]
	}
}

func (rd *ccReader) chainSheet(c *chain.Chain) {
	seen := map[string]string{}
	for row := 2; row <= len(rd.sheets[SheetChain]); row++ {
		key, keyRef := rd.value(SheetChain, 2, row)
		v, ref := rd.value(SheetChain, 3, row)
		switch {
		case key == "" && v == "":
			continue
		case key == "":
			rd.at(keyRef, "a value without a key: rows must not be edited")
			continue
		case key == "keys":
			if v != "" {
				rd.cells[fmt.Sprintf("keys[%d]", len(c.Keys))] = ref
				c.Keys = append(c.Keys, v)
			}
			continue
		}
		if first, dup := seen[key]; dup {
			rd.at(keyRef, "duplicate key %q (first at %s)", saTrunc(key), first)
			continue
		}
		seen[key] = keyRef
		rd.cells[key] = ref
		switch key {
		case "prime.id":
			c.Prime.ID = v
		case "prime.name":
			c.Prime.Name = v
		case "prime.name_en":
			c.Prime.NameEN = v
		case "as_of":
			c.AsOf = rd.date(ref, v)
		default:
			rd.at(keyRef, "unknown key %q: expected one of prime.id, prime.name, prime.name_en, as_of, keys", saTrunc(key))
		}
	}
}

func (rd *ccReader) companies(c *chain.Chain) {
	rd.rows(ccCompanies, func(row int, v, ref []string) {
		path := fmt.Sprintf("companies[%d]", len(c.Companies))
		rd.record(path, ccCompanies, ref)
		co := chain.Company{ID: v[0], Name: v[1], NameEN: v[2]}
		for _, s := range ccSplit(v[3]) {
			id, name, _ := strings.Cut(strings.ReplaceAll(s, "：", ":"), ":")
			co.Sites = append(co.Sites, chain.Site{ID: strings.TrimSpace(id), Name: strings.TrimSpace(name)})
		}
		if v[4] != "" || v[5] != "" {
			co.Suspension = &chain.Suspension{Reason: v[5]}
			if d := rd.date(ref[4], v[4]); d != nil {
				co.Suspension.Since = *d
			} else if v[4] == "" {
				rd.at(ref[4], "required: the date of the suspension (YYYY-MM-DD), since a reason is given")
			}
		}
		c.Companies = append(c.Companies, co)
	})
}

func (rd *ccReader) contracts(c *chain.Chain) {
	rd.contractAt = map[string]int{}
	rd.rows(ccContracts, func(row int, v, ref []string) {
		i := len(c.Contracts)
		rd.record(fmt.Sprintf("contracts[%d]", i), ccContracts, ref)
		k := chain.Contract{ID: v[0], Title: v[1], DesignationReference: v[3]}
		k.SpecialClause = rd.yesNo(ref[2], v[2], true)
		q := &k.Requirement
		q.Status = v[4]
		if s := strings.ToLower(v[4]); slices.Contains(ccStatuses, s) {
			q.Status = s
		} else if v[4] != "" {
			rd.at(ref[4], "expected final or conditional, got %q", saTrunc(v[4]))
		}
		q.ConditionalUntil = rd.date(ref[5], v[5])
		q.MinScore = rd.integer(ref[6], v[6])
		q.SiteCheck = rd.yesNo(ref[7], v[7], false)
		if n := rd.integer(ref[8], v[8]); n != nil {
			q.MaxAgeDays = *n
		}
		if _, dup := rd.contractAt[k.ID]; !dup && k.ID != "" {
			rd.contractAt[k.ID] = i
		}
		c.Contracts = append(c.Contracts, k)
	})
}

// contract finds the contract a Parties or Flows row names.
func (rd *ccReader) contract(c *chain.Chain, ref, id string) (*chain.Contract, int) {
	if id == "" {
		rd.at(ref, "required: the contract ID, from the Contracts sheet")
		return nil, 0
	}
	i, ok := rd.contractAt[id]
	if !ok {
		rd.at(ref, "unknown contract %q: expected one of the contracts on the Contracts sheet", saTrunc(id))
		return nil, 0
	}
	return &c.Contracts[i], i
}

func (rd *ccReader) parties(c *chain.Chain) {
	rd.rows(ccParties, func(row int, v, ref []string) {
		k, i := rd.contract(c, ref[0], v[0])
		flowDown := rd.yesNo(ref[3], v[3], true)
		if k == nil {
			return
		}
		rd.record(fmt.Sprintf("contracts[%d].parties[%d]", i, len(k.Parties)), ccParties, ref)
		k.Parties = append(k.Parties, chain.Party{Company: v[1], Parent: v[2], FlowDown: flowDown, Sites: ccSplit(v[4])})
	})
}

func (rd *ccReader) flows(c *chain.Chain) {
	rd.rows(ccFlows, func(row int, v, ref []string) {
		k, i := rd.contract(c, ref[0], v[0])
		protected := rd.yesNo(ref[3], v[3], true)
		if k == nil {
			return
		}
		rd.record(fmt.Sprintf("contracts[%d].flows[%d]", i, len(k.Flows)), ccFlows, ref)
		k.Flows = append(k.Flows, chain.Flow{From: v[1], To: v[2], Protected: protected, Description: v[4]})
	})
}

// yesNo reads a yes/no cell (in either language, or TRUE/FALSE); an
// empty cell is no unless required.
func (rd *ccReader) yesNo(ref, v string, required bool) bool {
	switch s := strings.ToLower(v); {
	case slices.Contains(ccYesValues, s):
		return true
	case slices.Contains(ccNoValues, s):
		return false
	case s == "" && !required:
		return false
	case s == "":
		rd.at(ref, "required: %s or %s", ccYes[rd.lang], ccNo[rd.lang])
	default:
		rd.at(ref, "expected %s or %s, got %q", ccYes[rd.lang], ccNo[rd.lang], saTrunc(v))
	}
	return false
}

// date reads a date cell: a date Excel stores (a serial day number), or
// text as YYYY-MM-DD or YYYY/M/D. Empty is nil.
func (rd *ccReader) date(ref, v string) *evidence.Date {
	if v == "" {
		return nil
	}
	if x, err := strconv.ParseFloat(v, 64); err == nil {
		if x >= 1 && x < 2958466 { // up to 9999-12-31
			if t, err := excelize.ExcelDateToTime(math.Floor(x), false); err == nil {
				return &evidence.Date{Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
			}
		}
	} else {
		s, _, _ := strings.Cut(v, "T") // a cell of date type holds an ISO 8601 instant
		if d, err := evidence.ParseDate(s); err == nil {
			return &d
		}
		if t, err := time.Parse("2006/1/2", s); err == nil {
			return &evidence.Date{Time: t}
		}
	}
	rd.at(ref, "expected a date YYYY-MM-DD, got %q", saTrunc(v))
	return nil
}

// integer reads a whole-number cell; empty is nil.
func (rd *ccReader) integer(ref, v string) *int {
	if v == "" {
		return nil
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || x != math.Trunc(x) || math.Abs(x) > 1e9 {
		rd.at(ref, "expected a whole number, got %q", saTrunc(v))
		return nil
	}
	n := int(x)
	return &n
}

// ccSplit splits a ;-separated cell (either width of semicolon), trimmed,
// dropping empty parts.
func ccSplit(s string) []string {
	var out []string
	for p := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ';' || r == '；' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ccReadRows reads a sheet's stored values, as text and without their
// number formats, within ccMaxRows rows.
func ccReadRows(f *excelize.File, sheet string) ([][]string, error) {
	return xlReadRows(f, sheet, ccMaxRows, true)
}
