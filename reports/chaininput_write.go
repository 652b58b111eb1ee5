package reports

import (
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/chain"
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
