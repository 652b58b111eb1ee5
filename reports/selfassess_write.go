package reports

import (
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// WriteSelfAssessmentTemplate writes an empty self-assessment workbook
// for cat, with instructions in Japanese (and English when lang is en).
func WriteSelfAssessmentTemplate(w io.Writer, cat *engine.Catalog, lang string) error {
	if lang != engine.LangEN {
		lang = engine.LangJA
	}
	l := saNewLayout(cat, lang)
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetInstructions); err != nil {
		return err
	}
	for _, s := range []string{SheetOrganisation, SheetObjectives, SheetArtifacts, SheetFacts, saSheetIntegrity} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	font := &excelize.Font{Family: "Yu Gothic", Size: 10}
	bold := &excelize.Font{Family: "Yu Gothic", Size: 10, Bold: true}
	wrap := &excelize.Alignment{WrapText: true, Vertical: "top"}
	unlocked := &excelize.Protection{Locked: false}
	locked := &excelize.Protection{Locked: true}
	dateFmt := "yyyy-mm-dd"
	styles := map[string]*excelize.Style{
		"header": {Font: bold, Alignment: wrap, Protection: locked,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}},
		"req": {Font: bold, Alignment: wrap, Protection: locked,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EDEDED"}}},
		"text": {Font: font, Alignment: wrap, Protection: locked},
		"input": {Font: font, Alignment: wrap, Protection: unlocked, NumFmt: 49, // text
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF9E5"}}},
		"inputValue": {Font: font, Alignment: wrap, Protection: unlocked,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF9E5"}}},
		"inputDate": {Font: font, Alignment: wrap, Protection: unlocked, CustomNumFmt: &dateFmt,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF9E5"}}},
	}
	ids := map[string]int{}
	for k, s := range styles {
		id, err := f.NewStyle(s)
		if err != nil {
			return err
		}
		ids[k] = id
	}
	var errs []error
	try := func(err error) { errs = append(errs, err) }

	// Instructions.
	for i, line := range saInstructions(lang) {
		try(f.SetCellStr(SheetInstructions, saRef("A", i+1), line))
	}
	try(f.SetColWidth(SheetInstructions, "A", "A", 110))
	try(f.SetCellStyle(SheetInstructions, "A1", "A1", ids["header"]))

	// Input areas first, then the locked cells over them.
	inputStyle := func(typ string) int {
		switch typ {
		case "date":
			return ids["inputDate"]
		case "integer", "number", "boolean":
			return ids["inputValue"]
		}
		return ids["input"]
	}
	for _, kr := range l.orgRows {
		try(f.SetCellStyle(SheetOrganisation, saRef("C", kr.row), saRef("C", kr.row), inputStyle(kr.typ)))
	}
	for _, o := range l.objRows {
		try(f.SetCellStyle(SheetObjectives, saRef("D", o.row), saRef("H", o.row), ids["input"]))
		try(f.SetCellStyle(SheetObjectives, saRef("I", o.row), saRef("I", o.row), ids["inputDate"]))
	}
	for _, r := range l.reqRows {
		try(f.SetCellStyle(SheetObjectives, saRef("A", r), saRef("J", r), ids["req"]))
	}
	try(f.SetCellStyle(SheetArtifacts, "A2", saRef("C", saArtifactRows+1), ids["input"]))
	try(f.SetCellStyle(SheetArtifacts, "D2", saRef("E", saArtifactRows+1), ids["inputDate"]))
	try(f.SetCellStyle(SheetArtifacts, "F2", saRef("F", saArtifactRows+1), ids["input"]))
	for _, kr := range l.factRows {
		try(f.SetCellStyle(SheetFacts, saRef("C", kr.row), saRef("C", kr.row), inputStyle(kr.typ)))
	}
	for _, c := range l.locked {
		try(f.SetCellStr(c.sheet, c.at, c.value))
		if c.class != "req" || c.at[0] == 'A' {
			try(f.SetCellStyle(c.sheet, c.at, c.at, ids[c.class]))
		}
	}

	// Validation.
	dvList := func(sheet, sqref string, values []string, title string) {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = sqref
		try(dv.SetDropList(values))
		dv.SetError(excelize.DataValidationErrorStyleStop, title, strings.Join(values, ", "))
		try(f.AddDataValidation(sheet, dv))
	}
	dvRange := func(sheet, sqref string, lo, hi any, t excelize.DataValidationType, msg string) {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = sqref
		try(dv.SetRange(lo, hi, t, excelize.DataValidationOperatorBetween))
		dv.SetError(excelize.DataValidationErrorStyleStop, msg, msg)
		try(f.AddDataValidation(sheet, dv))
	}
	const minDate, maxDate = 36526, 73415 // 2000-01-01, 2100-12-31
	dateMsg := saTr(lang, "日付（YYYY-MM-DD）", "a date (YYYY-MM-DD)")
	intMsg := saTr(lang, "0以上の整数", "a whole number, 0 or more")
	objRange := func(col string) string { return saRef(col, 2) + ":" + saRef(col, l.objLast) }
	dvList(SheetObjectives, objRange("D"), saStatusLabels[lang], saTr(lang, "判定", "Determination"))
	dvList(SheetObjectives, objRange("E"), evidence.Methods, saTr(lang, "評価方法", "Method"))
	dvRange(SheetObjectives, objRange("I"), minDate, maxDate, excelize.DataValidationTypeDate, dateMsg)
	dvRange(SheetArtifacts, "D2:E"+strconv.Itoa(saArtifactRows+1), minDate, maxDate, excelize.DataValidationTypeDate, dateMsg)
	dvRange(SheetArtifacts, "F2:F"+strconv.Itoa(saArtifactRows+1), 0, 64, excelize.DataValidationTypeTextLength, "SHA-256 (64 hex)")
	for _, kr := range l.orgRows {
		c := saRef("C", kr.row)
		switch {
		case kr.key == "assessment.type":
			dvList(SheetOrganisation, c, saAssessmentTypes, saTr(lang, "評価の種類", "Assessment type"))
		case kr.key == "organization.corporate_number":
			dvRange(SheetOrganisation, c, 13, 13, excelize.DataValidationTypeTextLength, saTr(lang, "13桁の法人番号", "13 digits"))
		case kr.typ == "integer":
			dvRange(SheetOrganisation, c, 0, 10, excelize.DataValidationTypeWhole, intMsg)
		case kr.typ == "date":
			dvRange(SheetOrganisation, c, minDate, maxDate, excelize.DataValidationTypeDate, dateMsg)
		}
	}
	byType := map[string][]string{}
	var enumKeys []string
	for i, kr := range l.factRows {
		c := saRef("C", kr.row)
		if kr.typ == "enum" {
			k := saFactFields()[i].enumKey()
			if _, ok := byType["enum:"+k]; !ok {
				enumKeys = append(enumKeys, k)
			}
			byType["enum:"+k] = append(byType["enum:"+k], c)
			continue
		}
		byType[kr.typ] = append(byType[kr.typ], c)
	}
	if s := byType["boolean"]; len(s) > 0 {
		dvList(SheetFacts, strings.Join(s, " "), []string{"TRUE", "FALSE"}, "TRUE / FALSE")
	}
	if s := byType["integer"]; len(s) > 0 {
		dvRange(SheetFacts, strings.Join(s, " "), 0, 2147483647, excelize.DataValidationTypeWhole, intMsg)
	}
	if s := byType["number"]; len(s) > 0 {
		dvRange(SheetFacts, strings.Join(s, " "), 0, 1e9, excelize.DataValidationTypeDecimal, saTr(lang, "0以上の数", "a number, 0 or more"))
	}
	if s := byType["date"]; len(s) > 0 {
		dvRange(SheetFacts, strings.Join(s, " "), minDate, maxDate, excelize.DataValidationTypeDate, dateMsg)
	}
	for _, k := range enumKeys {
		dvList(SheetFacts, strings.Join(byType["enum:"+k], " "), saFactEnums[k], k)
	}

	// Layout.
	try(f.SetColWidth(SheetOrganisation, "A", "B", 28))
	try(f.SetColWidth(SheetOrganisation, "C", "C", 60))
	for col, wd := range map[string]float64{"A": 9, "B": 11, "C": 60, "D": 12, "E": 11, "F": 50, "G": 20, "H": 14, "I": 12, "J": 30} {
		try(f.SetColWidth(SheetObjectives, col, col, wd))
	}
	try(f.SetColWidth(SheetArtifacts, "A", "A", 12))
	try(f.SetColWidth(SheetArtifacts, "B", "B", 50))
	try(f.SetColWidth(SheetArtifacts, "C", "E", 12))
	try(f.SetColWidth(SheetArtifacts, "F", "F", 66))
	try(f.SetColWidth(SheetFacts, "A", "A", 52))
	try(f.SetColWidth(SheetFacts, "B", "B", 10))
	try(f.SetColWidth(SheetFacts, "C", "C", 24))
	try(f.SetColWidth(SheetFacts, "D", "D", 44))
	for _, s := range []string{SheetOrganisation, SheetObjectives, SheetArtifacts, SheetFacts} {
		try(f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	}

	// Integrity.
	sum := l.lockedSum
	for i, kv := range [][2]string{{"schema", SelfAssessmentSchema}, {"catalog", cat.ID}, {"catalog_version", cat.Version},
		{"lang", lang}, {"locked_sha256", sum}} {
		try(f.SetCellStr(saSheetIntegrity, saRef("A", i+1), kv[0]))
		try(f.SetCellStr(saSheetIntegrity, saRef("B", i+1), kv[1]))
	}
	try(f.SetDocProps(&excelize.DocProperties{
		Title:   saTr(lang, "自己評価ワークブック", "Self-assessment workbook"),
		Subject: cat.ID + " " + cat.Version, Creator: "mamori", Keywords: SelfAssessmentSchema,
	}))
	for _, s := range []string{SheetOrganisation, SheetObjectives, SheetArtifacts, SheetFacts, saSheetIntegrity} {
		try(f.ProtectSheet(s, &excelize.SheetProtectionOptions{
			SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true,
		}))
	}
	f.SetActiveSheet(0)
	try(f.SetSheetVisible(saSheetIntegrity, false, true))
	if err := errors.Join(errs...); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}

func saInstructions(lang string) []string {
	ja := []string{
		"自己評価ワークブックの記入方法",
		"1. Organisation シートの「値」列に、組織・評価者・評価日（YYYY-MM-DD）を記入します。SSPがあれば、その証跡IDを記入します。",
		"2. Artifacts シートに、根拠とする文書・記録を1行ずつ記入します（証跡ID、文書名、版、日付、最終レビュー日、SHA-256）。",
		"3. Objectives シートで、評価目標ごとに「判定」（実施済／未実施／該当なし）と「評価方法」（examine=文書確認、interview=聞き取り、test=試験）を選びます。",
		"   「根拠・説明」に判断の理由を、「証跡ID」に Artifacts シートの証跡IDを ; 区切りで記入します。評価者・評価日は評価全体と異なる場合だけ記入します。",
		"   判定を空欄にした評価目標は「未評価」となり、適合とはみなされません。灰色の行は要件の見出しです。",
		"4. Facts シートに、設定・運用の事実を型に合わせて記入します（TRUE/FALSE、0以上の整数、日付、選択肢）。分からない項目は空欄のままにします。",
		"5. 保存したファイルを mamori assess sa.xlsx で評価します。",
		"注意: ID・本文・見出しはシートの保護で固定されています（パスワードなし）。保護を解除して編集した場合、取り込み時に改ざんとしてエラーになります。",
		"行・列・シートの追加や削除、シート名の変更はしないでください。",
	}
	en := []string{
		"",
		"How to fill in the self-assessment workbook",
		"1. Organisation: enter the organisation, the assessor and the assessment date (YYYY-MM-DD) in the Value column, and the SSP's artifact ID if there is one.",
		"2. Artifacts: one row per document or record relied on (ID, title, version, date, last reviewed, SHA-256).",
		"3. Objectives: for each objective choose the determination (met / not met / not applicable) and the method (examine, interview, test),",
		"   give the justification, and list the artifact IDs from the Artifacts sheet separated by ;. Assessor and date are only needed where they differ from the assessment's.",
		"   An objective left blank is not assessed, which never counts as met. Grey rows are requirement headings.",
		"4. Facts: enter configuration facts in the type shown (TRUE/FALSE, whole numbers, dates, listed values). Leave unknown facts empty.",
		"5. Assess the saved file with: mamori assess sa.xlsx",
		"IDs, texts and headers are locked by sheet protection (no password). Editing them is detected as tampering when the workbook is read.",
		"Do not insert or delete rows, columns or sheets, or rename sheets.",
	}
	if lang == engine.LangEN {
		return append(ja, en...)
	}
	return ja
}
