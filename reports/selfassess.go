package reports

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// The self-assessment workbook (SME 自己評価ワークブック).
//
// WriteSelfAssessmentTemplate writes an empty workbook for a catalogue;
// an organisation fills it in Excel and ReadSelfAssessment reads it back
// into the same evidence.Evidence that equal YAML gives. Structural cells
// (IDs, texts, headers) are locked by sheet protection without a
// password; a hidden sheet records the catalogue and a SHA-256 over the
// locked cells, which the reader recomputes.

// Sheet names are the same in every language, so that errors name them
// the same way.
const (
	SheetInstructions = "Instructions"
	SheetOrganisation = "Organisation"
	SheetObjectives   = "Objectives"
	SheetArtifacts    = "Artifacts"
	SheetFacts        = "Facts"
	saSheetIntegrity  = "_mamori"
)

// SelfAssessmentSchema identifies the workbook layout.
const SelfAssessmentSchema = "mamori-self-assessment/v1"

// Limits on a workbook that is read back.
const (
	// MaxWorkbookBytes bounds the xlsx file itself.
	MaxWorkbookBytes = 20 << 20
	// maxUnzipBytes bounds the total declared uncompressed size.
	saMaxUnzipBytes = 64 << 20
	// maxUnzipXMLBytes bounds one worksheet's XML.
	saMaxUnzipXMLBytes = 32 << 20
	saMaxZipEntries    = 1000
	// maxSheetRows bounds the rows read from any sheet.
	saMaxSheetRows = 5000
	// artifactRows is the number of empty rows on the Artifacts sheet.
	saArtifactRows = 300
	// cryptoModuleRows is the number of crypto module slots on Facts.
	saCryptoModuleRows = 6
)

// now is the clock for the future-date check (tests replace it).
var saNow = time.Now

var (
	saStatusLabels = map[string][]string{
		engine.LangJA: {"実施済", "未実施", "該当なし"},
		engine.LangEN: {evidence.StatusMet, evidence.StatusNotMet, evidence.StatusNotApplicable},
	}
	saStatusValues = []string{evidence.StatusMet, evidence.StatusNotMet, evidence.StatusNotApplicable}
	saFactEnums    = map[string][]string{
		"configuration.software_execution_policy": {"allowlist", "denylist", "none"},
		"media.removable_media":                   {"blocked", "controlled", "unrestricted"},
		"media.sanitization":                      {"nist-800-88-purge", "nist-800-88-clear", "destroy", "none"},
		"facility.entry_control":                  {"biometric", "badge", "keypad", "key", "none"},
		"crypto.modules.status":                   {"active", "historical", "revoked"},
		"crypto.modules.usage":                    {"at_rest", "in_transit", "both"},
	}
	saAssessmentTypes = []string{evidence.AssessmentSelf, evidence.AssessmentPrime, evidence.AssessmentAuditor}
)

// cell is one locked (structural) cell of the layout.
type saCell struct {
	sheet, at, value string
	class            string // header, req, text
}

type saObjRow struct {
	row int
	id  string
}

type saKeyRow struct {
	row int
	key string
	typ string // boolean, integer, number, date, enum, text
}

// layout is the structure of a template for a catalogue and language:
// the writer writes it and the reader checks a workbook against it.
type saLayout struct {
	lang     string
	locked   []saCell
	reqRows  []int
	objRows  []saObjRow
	orgRows  []saKeyRow
	factRows []saKeyRow
	objLast  int
	factLast int
	// lockedSum is the integrity hash of the locked cells' values.
	lockedSum string
}

func saTr(lang, ja, en string) string {
	if lang == engine.LangJA {
		return ja
	}
	return en
}

var saObjHeaders = [][2]string{
	{"要件ID", "Requirement"}, {"評価目標ID", "Objective"}, {"要件・評価目標", "Requirement / objective"},
	{"判定", "Determination"}, {"評価方法", "Method"}, {"根拠・説明", "Justification"},
	{"証跡ID（;区切り）", "Artifacts (IDs, ;-separated)"}, {"評価者", "Assessor"}, {"評価日", "Date"},
	{"ガイダンス", "Guidance"},
}

var saArtHeaders = [][2]string{
	{"証跡ID", "ID"}, {"文書名", "Title"}, {"版", "Version"}, {"日付", "Date"},
	{"最終レビュー日", "Reviewed"}, {"SHA-256", "SHA-256"},
}

var saKeyHeaders = [][2]string{{"項目", "Item"}, {"キー", "Key"}, {"値", "Value"}}
var saFactHeaders = [][2]string{{"キー", "Key"}, {"型", "Type"}, {"値", "Value"}, {"入力できる値", "Allowed values"}}

type saOrgField struct {
	key, ja, en, typ string
}

var saOrgFields = []saOrgField{
	{"organization.id", "組織ID（英数字）", "Organisation ID", "text"},
	{"organization.name", "組織名", "Name", "text"},
	{"organization.name_en", "英文名", "Name (English)", "text"},
	{"organization.corporate_number", "法人番号（13桁）", "Corporate number (法人番号)", "text"},
	{"organization.cage", "CAGEコード", "CAGE code", "text"},
	{"organization.tier", "階層（元請=0）", "Tier (prime = 0)", "integer"},
	{"organization.prime", "元請企業", "Prime", "text"},
	{"assessment.site", "取扱施設ID", "Site", "text"},
	{"assessment.type", "評価の種類", "Assessment type", "enum"},
	{"assessment.assessor.name", "評価者", "Assessor", "text"},
	{"assessment.assessor.organization", "評価者の所属", "Assessor's organisation", "text"},
	{"assessment.assessor.role", "評価者の役職", "Assessor's role", "text"},
	{"assessment.date", "評価日", "Assessment date", "date"},
	{"ssp", "SSPの証跡ID", "SSP artifact ID", "text"},
}

func saHeaderCells(sheet, lang string, hs [][2]string) []saCell {
	out := make([]saCell, len(hs))
	for i, h := range hs {
		at, _ := excelize.CoordinatesToCellName(i+1, 1)
		out[i] = saCell{sheet, at, saTr(lang, h[0], h[1]), "header"}
	}
	return out
}

func saRef(col string, row int) string { return col + strconv.Itoa(row) }

// saLayouts keeps, for each language, the layout last made: a server
// reads every workbook against one catalogue, and a layout is a few
// thousand cells. Catalogues are not changed once loaded.
var saLayouts [2]atomic.Pointer[saCachedLayout]

type saCachedLayout struct {
	cat *engine.Catalog
	l   *saLayout
}

// saLayoutFor is saNewLayout, made once for a catalogue and language.
func saLayoutFor(cat *engine.Catalog, lang string) *saLayout {
	i := 0
	if lang == engine.LangEN {
		i = 1
	}
	if c := saLayouts[i].Load(); c != nil && c.cat == cat {
		return c.l
	}
	l := saNewLayout(cat, lang)
	saLayouts[i].Store(&saCachedLayout{cat, l})
	return l
}

func saNewLayout(cat *engine.Catalog, lang string) *saLayout {
	l := &saLayout{lang: lang}
	l.locked = append(l.locked, saHeaderCells(SheetOrganisation, lang, saKeyHeaders)...)
	for i, f := range saOrgFields {
		r := i + 2
		l.orgRows = append(l.orgRows, saKeyRow{r, f.key, f.typ})
		l.locked = append(l.locked, saCell{SheetOrganisation, saRef("A", r), saTr(lang, f.ja, f.en), "text"},
			saCell{SheetOrganisation, saRef("B", r), f.key, "text"})
	}

	l.locked = append(l.locked, saHeaderCells(SheetObjectives, lang, saObjHeaders)...)
	r := 2
	for _, req := range cat.Requirements() {
		if req.Withdrawn || len(req.Objectives) == 0 {
			continue
		}
		l.reqRows = append(l.reqRows, r)
		guide := saTr(lang, fmt.Sprintf("評価目標 %d 件。全て実施済又は該当なしで要件を満たす。", len(req.Objectives)),
			fmt.Sprintf("%d objectives; the requirement is met when every one is met or not applicable.", len(req.Objectives)))
		if req.Scoring != nil && !req.Scoring.NoValue {
			guide = saTr(lang, fmt.Sprintf("DoD %d点。", req.Scoring.Points), fmt.Sprintf("DoD %d points. ", req.Scoring.Points)) + guide
		}
		l.locked = append(l.locked, saCell{SheetObjectives, saRef("A", r), req.ID, "req"},
			saCell{SheetObjectives, saRef("C", r), req.Text.In(lang), "req"},
			saCell{SheetObjectives, saRef("J", r), guide, "req"})
		r++
		for _, o := range req.Objectives {
			l.objRows = append(l.objRows, saObjRow{r, o.ID})
			l.locked = append(l.locked, saCell{SheetObjectives, saRef("A", r), req.ID, "text"},
				saCell{SheetObjectives, saRef("B", r), o.ID, "text"},
				saCell{SheetObjectives, saRef("C", r), o.Text.In(lang), "text"})
			if len(o.Methods) > 0 {
				l.locked = append(l.locked, saCell{SheetObjectives, saRef("J", r),
					saTr(lang, "推奨する評価方法: ", "Suggested methods: ") + strings.Join(o.Methods, ", "), "text"})
			}
			r++
		}
	}
	l.objLast = r - 1

	l.locked = append(l.locked, saHeaderCells(SheetArtifacts, lang, saArtHeaders)...)

	l.locked = append(l.locked, saHeaderCells(SheetFacts, lang, saFactHeaders)...)
	r = 2
	for _, f := range saFactFields() {
		l.factRows = append(l.factRows, saKeyRow{r, f.key, f.typ})
		l.locked = append(l.locked, saCell{SheetFacts, saRef("A", r), f.key, "text"},
			saCell{SheetFacts, saRef("B", r), f.typ, "text"},
			saCell{SheetFacts, saRef("D", r), saFactAllowed(lang, f), "text"})
		r++
	}
	l.factLast = r - 1
	l.lockedSum = saHashCells(l.locked)
	return l
}

// factAllowed describes a fact row's allowed values.
func saFactAllowed(lang string, f saFactField) string {
	switch f.typ {
	case "boolean":
		return "TRUE / FALSE"
	case "integer":
		return saTr(lang, "0以上の整数", "a whole number, 0 or more")
	case "number":
		return saTr(lang, "0以上の数", "a number, 0 or more")
	case "date":
		return "YYYY-MM-DD"
	case "enum":
		return strings.Join(saFactEnums[f.enumKey()], " / ")
	}
	return saTr(lang, "文字列", "text")
}

// factField is one scalar fact: its key in the evidence document
// (facts.<key>), its type, and the struct path to set.
type saFactField struct {
	key   string
	typ   string
	index []int
	// module is the 1-based crypto module slot, or 0.
	module int
	field  string // the module's field
}

func (f saFactField) enumKey() string {
	if f.module > 0 {
		return "crypto.modules." + f.field
	}
	return f.key
}

// saFactFields lists evidence.Facts' scalar fields in declaration
// order, then the crypto module slots. It is made once, by the first
// caller; the others wait for it.
var saFactFields = sync.OnceValue(saListFactFields)

func saListFactFields() []saFactField {
	var out []saFactField
	var walk func(t reflect.Type, prefix string, index []int)
	walk = func(t reflect.Type, prefix string, index []int) {
		for i := range t.NumField() {
			sf := t.Field(i)
			name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
			if name == "" || name == "-" {
				continue
			}
			key := prefix + name
			idx := append(slices.Clone(index), i)
			ft := sf.Type
			if ft.Kind() == reflect.Slice {
				continue // crypto modules: below
			}
			el := ft.Elem()
			var typ string
			switch {
			case el == reflect.TypeFor[evidence.Date]():
				typ = "date"
			case el.Kind() == reflect.Struct:
				walk(el, key+".", idx)
				continue
			case el.Kind() == reflect.Bool:
				typ = "boolean"
			case el.Kind() == reflect.Int:
				typ = "integer"
			case el.Kind() == reflect.Float64:
				typ = "number"
			case el.Kind() == reflect.String:
				typ = "text"
				if _, ok := saFactEnums[key]; ok {
					typ = "enum"
				}
			default:
				continue
			}
			out = append(out, saFactField{key: key, typ: typ, index: idx})
		}
	}
	walk(reflect.TypeFor[evidence.Facts](), "", nil)
	for m := 1; m <= saCryptoModuleRows; m++ {
		for _, fl := range []struct{ name, typ string }{{"name", "text"}, {"cmvp_certificate", "text"}, {"status", "enum"}, {"usage", "enum"}} {
			out = append(out, saFactField{key: fmt.Sprintf("crypto.modules[%d].%s", m, fl.name), typ: fl.typ, module: m, field: fl.name})
		}
	}
	return out
}

// hash is the SHA-256 over the locked cells: sheet, cell and value.
func saHashCells(cells []saCell) string {
	h := sha256.New()
	var line []byte
	for _, c := range cells {
		// sheet NUL cell NUL value LF
		line = append(append(append(append(append(line[:0], c.sheet...), 0), c.at...), 0), c.value...)
		h.Write(append(line, '\n'))
	}
	return hex.EncodeToString(h.Sum(nil))
}

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

// ReadSelfAssessment reads a filled self-assessment workbook into
// evidence. name is used in errors, which are *evidence.InputError (or
// evidence.InputErrors) naming the sheet and cell.
func ReadSelfAssessment(r io.ReaderAt, size int64, name string, cat *engine.Catalog) (*evidence.Evidence, error) {
	fail := func(field, format string, args ...any) error {
		return &evidence.InputError{File: name, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	sheets, err := saReadSheets(r, size, []string{saSheetIntegrity, SheetOrganisation, SheetObjectives, SheetArtifacts, SheetFacts}, fail,
		func(s string) error {
			return fail(s, "sheet %s is missing: this is not a mamori self-assessment workbook, or a sheet was renamed or deleted", s)
		})
	if err != nil {
		return nil, err
	}
	// valueAt is the value in a sheet's column and row (1-based), cell
	// the one in a column given by its letter, get the one at a reference
	// such as B2.
	valueAt := func(sheet string, c, r int) string {
		rows := sheets[sheet]
		if r > len(rows) || c > len(rows[r-1]) {
			return ""
		}
		return rows[r-1][c-1]
	}
	cell := func(sheet, col string, r int) string { return valueAt(sheet, int(col[0]-'A'+1), r) }
	get := func(sheet, cellRef string) string {
		c, r, ok := xfCellRef([]byte(cellRef))
		if !ok {
			return ""
		}
		return valueAt(sheet, c, r)
	}

	// Integrity: the catalogue, then every locked cell, then the hash.
	meta, metaField := xlMeta(sheets[saSheetIntegrity], saSheetIntegrity)
	if meta["schema"] != SelfAssessmentSchema {
		return nil, fail(metaField("schema"), "expected a %s workbook, got %q", SelfAssessmentSchema, meta["schema"])
	}
	if meta["catalog"] != cat.ID || meta["catalog_version"] != cat.Version {
		return nil, fail(metaField("catalog_version"), "the workbook was made for catalogue %s version %s, not %s version %s: fill in a new template (mamori template self-assessment)",
			meta["catalog"], meta["catalog_version"], cat.ID, cat.Version)
	}
	lang := meta["lang"]
	if lang != engine.LangJA && lang != engine.LangEN {
		return nil, fail(metaField("lang"), "expected ja or en, got %q", lang)
	}
	l := saLayoutFor(cat, lang)
	for _, c := range l.locked {
		if got := get(c.sheet, c.at); got != c.value {
			what := "a locked cell was edited"
			switch {
			case c.class == "header":
				what = "the header was changed"
			case c.sheet == SheetObjectives && c.at[0] == 'B':
				what = "the objective ID was changed"
			case c.sheet == SheetObjectives && (c.at[0] == 'A'):
				what = "the requirement ID was changed"
			case c.sheet == SheetObjectives && c.at[0] == 'C':
				what = "the requirement or objective text was edited"
			}
			return nil, fail(c.sheet+"!"+c.at, "%s (expected %q, got %q): the workbook's structure must not be edited", what, saTrunc(c.value), saTrunc(got))
		}
	}
	// Every locked cell holds its layout's value (checked above), so
	// their hash is the layout's.
	if sum := l.lockedSum; sum != meta["locked_sha256"] {
		return nil, fail(metaField("locked_sha256"), "the integrity hash of the locked cells does not match (got %q, computed %s)", saTrunc(meta["locked_sha256"]), sum)
	}

	// Nothing below the template's rows.
	objIDs := map[string]int{}
	for _, o := range l.objRows {
		objIDs[o.id] = o.row
	}
	for s, last := range map[string]int{SheetObjectives: l.objLast, SheetOrganisation: len(saOrgFields) + 1, SheetFacts: l.factLast, SheetArtifacts: saArtifactRows + 1} {
		for i := last; i < len(sheets[s]); i++ {
			for j, v := range sheets[s][i] {
				if v == "" {
					continue
				}
				cn, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if s == SheetObjectives && len(sheets[s][i]) > 1 {
					if first, ok := objIDs[sheets[s][i][1]]; ok {
						return nil, fail(s+"!"+saRef("B", i+1), "duplicate objective %s (already on row %d)", sheets[s][i][1], first)
					}
				}
				return nil, fail(s+"!"+cn, "unexpected content below the template's rows: rows must not be added")
			}
		}
	}

	var errs evidence.InputErrors
	at := func(sheet, cellRef, format string, args ...any) {
		if len(errs) >= 20 {
			return // enough to act on
		}
		errs = append(errs, &evidence.InputError{File: name, Field: sheet + "!" + cellRef, Msg: fmt.Sprintf(format, args...)})
	}
	today := saNow()
	parseDate := func(sheet, cellRef, v string) *evidence.Date {
		if v == "" {
			return nil
		}
		d, err := evidence.ParseDate(v)
		if err != nil {
			at(sheet, cellRef, "expected a date YYYY-MM-DD, got %q", v)
			return nil
		}
		if d.After(today) {
			at(sheet, cellRef, "date %s is in the future", d)
		}
		return &d
	}

	ev := &evidence.Evidence{Schema: evidence.Schema}
	if cat.ID != engine.DefaultCatalog {
		ev.Assessment.Catalog = cat.ID
	}

	// Artifacts.
	artifacts := map[string]int{}
	for row := 2; row <= saArtifactRows+1; row++ {
		v := func(col string) string { return strings.TrimSpace(cell(SheetArtifacts, col, row)) }
		a := evidence.Artifact{ID: v("A"), Title: v("B"), Version: v("C"), SHA256: strings.ToLower(v("F"))}
		if d := v("D"); d != "" {
			a.Date = parseDate(SheetArtifacts, saRef("D", row), d)
		}
		if d := v("E"); d != "" {
			a.Reviewed = parseDate(SheetArtifacts, saRef("E", row), d)
		}
		if a == (evidence.Artifact{}) {
			continue
		}
		switch {
		case a.ID == "":
			at(SheetArtifacts, saRef("A", row), "required: an artifact ID that determinations refer to")
		case artifacts[a.ID] != 0:
			at(SheetArtifacts, saRef("A", row), "duplicate artifact %q (already on row %d)", a.ID, artifacts[a.ID])
		default:
			artifacts[a.ID] = row
		}
		if a.Title == "" {
			at(SheetArtifacts, saRef("B", row), "required: the artifact's title")
		}
		if a.SHA256 != "" && !saIsHex64(a.SHA256) {
			at(SheetArtifacts, saRef("F", row), "expected a SHA-256 of 64 hexadecimal digits, got %q", saTrunc(a.SHA256))
		}
		ev.Artifacts = append(ev.Artifacts, a)
	}

	// Organisation.
	for _, kr := range l.orgRows {
		c := saRef("C", kr.row)
		v := strings.TrimSpace(get(SheetOrganisation, c))
		o, a := &ev.Organization, &ev.Assessment
		switch kr.key {
		case "organization.id":
			o.ID = v
		case "organization.name":
			o.Name = v
		case "organization.name_en":
			o.NameEN = v
		case "organization.corporate_number":
			o.CorporateNumber = v
		case "organization.cage":
			o.CAGE = v
		case "organization.tier":
			if v != "" {
				n, err := strconv.Atoi(v)
				if err != nil || n < 0 {
					at(SheetOrganisation, c, "expected a whole number, 0 or more, got %q", saTrunc(v))
				}
				o.Tier = &n
			}
		case "organization.prime":
			o.Prime = v
		case "assessment.site":
			a.Site = v
		case "assessment.type":
			a.Type = v
			if !slices.Contains(saAssessmentTypes, v) {
				at(SheetOrganisation, c, "expected self, prime or auditor, got %q", saTrunc(v))
			}
		case "assessment.assessor.name":
			a.Assessor.Name = v
		case "assessment.assessor.organization":
			a.Assessor.Organization = v
		case "assessment.assessor.role":
			a.Assessor.Role = v
		case "assessment.date":
			if d := parseDate(SheetOrganisation, c, v); d != nil {
				a.Date = *d
			} else if v == "" {
				at(SheetOrganisation, c, "required: the date of the assessment (YYYY-MM-DD)")
			}
		case "ssp":
			if v == "" {
				break
			}
			if _, ok := artifacts[v]; !ok {
				at(SheetOrganisation, c, "unknown artifact %q: list the SSP on the Artifacts sheet", saTrunc(v))
				break
			}
			for i := range ev.Artifacts {
				if ev.Artifacts[i].ID == v {
					ssp := ev.Artifacts[i]
					ev.SSP = &ssp
				}
			}
		}
		if v == "" && (kr.key == "organization.name" || kr.key == "assessment.assessor.name") {
			at(SheetOrganisation, c, "required")
		}
	}

	// Objectives.
	ev.Objectives = make(map[string]evidence.Determination, len(l.objRows))
	for _, o := range l.objRows {
		v := func(col string) string { return strings.TrimSpace(cell(SheetObjectives, col, o.row)) }
		det := evidence.Determination{Justification: v("F"), Method: v("E"), Assessor: v("H")}
		if s := v("D"); s != "" {
			det.Status = saStatusValue(s)
			if det.Status == "" {
				at(SheetObjectives, saRef("D", o.row), "expected met, not_met or not_applicable, got %q", saTrunc(s))
			}
		}
		if det.Method != "" && !slices.Contains(evidence.Methods, det.Method) {
			at(SheetObjectives, saRef("E", o.row), "expected examine, interview or test, got %q", saTrunc(det.Method))
		}
		for _, a := range strings.Split(v("G"), ";") {
			if a = strings.TrimSpace(a); a == "" {
				continue
			}
			if _, ok := artifacts[a]; !ok {
				at(SheetObjectives, saRef("G", o.row), "unknown artifact %q: list it on the Artifacts sheet", saTrunc(a))
			}
			det.Artifacts = append(det.Artifacts, a)
		}
		if d := v("I"); d != "" {
			det.Date = parseDate(SheetObjectives, saRef("I", o.row), d)
		}
		if v("D") == "" {
			if det.Method != "" || det.Justification != "" || len(det.Artifacts) > 0 || det.Assessor != "" || det.Date != nil {
				at(SheetObjectives, saRef("D", o.row), "required: a determination for objective %s, which has other columns filled", o.id)
			}
			continue
		}
		ev.Objectives[o.id] = det
	}
	if len(ev.Objectives) == 0 {
		ev.Objectives = nil
	}

	// Facts.
	facts := &evidence.Facts{}
	modules := make([]evidence.CryptoModule, saCryptoModuleRows)
	hasFacts := false
	for i, kr := range l.factRows {
		ff := saFactFields()[i]
		c := saRef("C", kr.row)
		v := strings.TrimSpace(get(SheetFacts, c))
		if v == "" {
			continue
		}
		var val reflect.Value
		switch kr.typ {
		case "boolean":
			switch strings.ToUpper(v) {
			case "TRUE":
				val = reflect.ValueOf(true)
			case "FALSE":
				val = reflect.ValueOf(false)
			default:
				at(SheetFacts, c, "expected TRUE or FALSE, got %q", saTrunc(v))
				continue
			}
		case "integer":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				at(SheetFacts, c, "expected a whole number, 0 or more, got %q", saTrunc(v))
				continue
			}
			val = reflect.ValueOf(n)
		case "number":
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || x < 0 {
				at(SheetFacts, c, "expected a number, 0 or more, got %q", saTrunc(v))
				continue
			}
			val = reflect.ValueOf(x)
		case "date":
			d := parseDate(SheetFacts, c, v)
			if d == nil {
				continue
			}
			val = reflect.ValueOf(*d)
		case "enum":
			if allowed := saFactEnums[ff.enumKey()]; !slices.Contains(allowed, v) {
				at(SheetFacts, c, "expected one of %s, got %q", strings.Join(allowed, ", "), saTrunc(v))
				continue
			}
			val = reflect.ValueOf(v)
		default:
			val = reflect.ValueOf(v)
		}
		if ff.module > 0 {
			m := &modules[ff.module-1]
			switch ff.field {
			case "name":
				m.Name = v
			case "cmvp_certificate":
				m.CMVPCertificate = v
			case "status":
				m.Status = v
			case "usage":
				m.Usage = v
			}
			continue
		}
		saSetFact(facts, ff.index, val)
		hasFacts = true
	}
	for i, m := range modules {
		if m == (evidence.CryptoModule{}) {
			continue
		}
		if m.Name == "" {
			at(SheetFacts, saRef("C", l.factRows[0].row+saIndexOfModuleName(i+1)), "required: the name of crypto module %d", i+1)
		}
		if facts.Crypto == nil {
			facts.Crypto = &evidence.CryptoFacts{}
		}
		facts.Crypto.Modules = append(facts.Crypto.Modules, m)
		hasFacts = true
	}
	if hasFacts {
		ev.Facts = facts
	}
	if len(errs) == 1 {
		return nil, errs[0]
	}
	if len(errs) > 0 {
		return nil, errs
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(r, 0, size)); err != nil {
		return nil, fail("", "%v", err)
	}
	ev.Sources = []evidence.Source{{File: name, SHA256: hex.EncodeToString(h.Sum(nil))}}
	return ev, nil
}

// xlOpenWorkbook opens a workbook that is read back, within bounds: the
// file's size, no encrypted or legacy .xls file, a zip archive with a
// bounded number of parts and a bounded declared uncompressed size (no
// zip bomb). fail builds the error for the file.
func xlOpenWorkbook(r io.ReaderAt, size int64, fail func(field, format string, args ...any) error) (*excelize.File, error) {
	zr, err := xlOpenZip(r, size, fail)
	if err != nil {
		return nil, err
	}
	return xlOpenChecked(zr, r, size, fail)
}

// xlOpenZip checks a workbook's bounds (see xlOpenWorkbook) and opens
// it as a zip archive.
func xlOpenZip(r io.ReaderAt, size int64, fail func(field, format string, args ...any) error) (*zip.Reader, error) {
	if size > MaxWorkbookBytes {
		return nil, fail("", "file is %d bytes, over the %d-byte limit", size, MaxWorkbookBytes)
	}
	var magic [8]byte
	if n, _ := r.ReadAt(magic[:], 0); n == 8 && bytes.Equal(magic[:], []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		return nil, fail("", "the workbook is password-protected (encrypted) or an old .xls file: remove the password and save it as .xlsx")
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fail("", "not an xlsx workbook (not a zip archive): %v", err)
	}
	if len(zr.File) > saMaxZipEntries {
		return nil, fail("", "the workbook has %d parts, over the limit of %d", len(zr.File), saMaxZipEntries)
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if zf.UncompressedSize64 > saMaxUnzipXMLBytes || total > saMaxUnzipBytes {
			return nil, fail("", "the workbook expands to more than %d bytes (%s declares %d): refusing a possible zip bomb",
				saMaxUnzipBytes, zf.Name, zf.UncompressedSize64)
		}
	}
	return zr, nil
}

// xlOpenChecked opens, with excelize, a workbook whose bounds
// xlOpenZip has checked (zr is its archive), after checking that no
// part is damaged.
func xlOpenChecked(zr *zip.Reader, r io.ReaderAt, size int64, fail func(field, format string, args ...any) error) (*excelize.File, error) {
	if name, err := xlCheckParts(zr, nil); err != nil {
		return nil, fail("", "the workbook is damaged: its part %s cannot be read (%v): open it and save it again", name, err)
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		UnzipSizeLimit: saMaxUnzipBytes, UnzipXMLSizeLimit: saMaxUnzipXMLBytes,
	})
	if err != nil {
		return nil, fail("", "cannot read the workbook: %v", err)
	}
	return f, nil
}

// xlCheckParts inflates every part of a workbook but those in done
// (parts already inflated whole): each must inflate to its declared size
// and match its checksum, or its name and the error are returned.
// excelize reads a damaged part as far as it inflates, without an error,
// so that a sheet cut short would lose its last rows.
func xlCheckParts(zr *zip.Reader, done map[string]bool) (string, error) {
	for _, zf := range zr.File {
		if done[zf.Name] {
			continue
		}
		rc, err := zf.Open()
		if err == nil {
			_, err = io.Copy(io.Discard, rc)
			rc.Close()
		}
		if err != nil {
			return zf.Name, err
		}
	}
	return "", nil
}

// saReadSheets reads the named sheets of a filled workbook (a
// self-assessment or a site checklist) as text, each cell formatted as
// it shows; missing words the error for a sheet that is not there. The
// plain workbooks that the templates become are read by xlFastSheets;
// the others by excelize, which gives the same values.
func saReadSheets(r io.ReaderAt, size int64, names []string, fail func(field, format string, args ...any) error,
	missing func(sheet string) error) (map[string][][]string, error) {
	zr, err := xlOpenZip(r, size, fail)
	if err != nil {
		return nil, err
	}
	if sheets, ok := xlFastSheets(zr, names, saMaxSheetRows); ok {
		return sheets, nil
	}
	f, err := xlOpenChecked(zr, r, size, fail)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sheets := make(map[string][][]string, len(names))
	for _, s := range names {
		if idx, err := f.GetSheetIndex(s); err != nil || idx < 0 {
			return nil, missing(s)
		}
		rows, err := saReadRows(f, s)
		if err != nil {
			return nil, fail(s, "%v", err)
		}
		sheets[s] = rows
	}
	return sheets, nil
}

// indexOfModuleName is the offset, from the first fact row, of crypto
// module m's name row.
func saIndexOfModuleName(m int) int {
	for i, f := range saFactFields() {
		if f.module == m && f.field == "name" {
			return i
		}
	}
	return 0
}

// setFact sets the fact at the struct path index, allocating the
// sections on the way.
func saSetFact(facts *evidence.Facts, index []int, val reflect.Value) {
	v := reflect.ValueOf(facts).Elem()
	for i, x := range index {
		fv := v.Field(x)
		if i == len(index)-1 {
			p := reflect.New(fv.Type().Elem())
			p.Elem().Set(val)
			fv.Set(p)
			return
		}
		if fv.IsNil() {
			fv.Set(reflect.New(fv.Type().Elem()))
		}
		v = fv.Elem()
	}
}

// saReadRows reads a sheet's cells, bounding the number of rows.
func saReadRows(f *excelize.File, sheet string) ([][]string, error) {
	rows, err := xlReadRows(f, sheet, saMaxSheetRows, false)
	var tooMany *tooManyRowsError
	if errors.As(err, &tooMany) {
		return nil, fmt.Errorf("%w: rows must not be added", err)
	}
	return rows, err
}

// statusValue maps a determination, in either language, to its value.
func saStatusValue(s string) string {
	for _, labels := range saStatusLabels {
		if i := slices.Index(labels, s); i >= 0 {
			return saStatusValues[i]
		}
	}
	return ""
}

func saIsHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// trunc shortens a value quoted in an error.
func saTrunc(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
