package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// The pre-onboarding site checklist (事前現地確認チェックリスト).
//
// The items are data (controls/dsg-site-checklist.yaml, engine.ChecklistSchema).
// WriteSiteChecklist renders a printable form pre-filled with what the
// evidence claims for each item; an auditor fills in the results on
// site, and ReadSiteChecklist reads the form back. ApplySiteChecks turns
// one or more auditors' results into verified evidence.

// SiteChecklistSchema identifies the generated checklist workbook.
const SiteChecklistSchema = "mamori-site-checklist/v1"

// Sheet names of the checklist workbook.
const (
	SheetChecklist   = "Checklist"
	scSheetIntegrity = "_mamori"
)

var (
	scResultValues = []string{engine.ItemPass, engine.ItemFail, engine.ItemNotApplicable, engine.ItemNotChecked}
	scResultLabels = map[string][]string{
		engine.LangJA: {"適合", "不適合", "該当なし", "未確認"},
		engine.LangEN: {"pass", "fail", "not applicable", "not checked"},
	}
)

// scAreas labels the areas of the embedded checklist; another
// checklist's areas are shown as written.
var scAreas = map[string]engine.Text{
	"boundary":             {JA: "管理区域・入室管理", EN: "Boundary and entry control"},
	"locks":                {JA: "施錠・鍵管理", EN: "Locks and key custody"},
	"entry_records":        {JA: "入退室記録", EN: "Entry and exit records"},
	"visitors":             {JA: "来訪者", EN: "Visitors"},
	"terminals":            {JA: "端末配置・画面", EN: "Terminals and screens"},
	"media":                {JA: "媒体の保管・廃棄", EN: "Media storage and disposal"},
	"layout":               {JA: "配置図・申請との一致", EN: "Layout matches the application"},
	"line":                 {JA: "回線・ONU・ルータ", EN: "Line, ONU and router"},
	"registered_terminals": {JA: "登録端末", EN: "Registered terminals"},
	"administrator":        {JA: "保護システム管理者", EN: "Protection-system administrator"},
	"handlers":             {JA: "取扱者の指名・教育", EN: "Handler designation and training"},
}

// scLayout places the form: the header block, the item rows and the
// sign-off block. The reader checks a workbook against it.
type scLayout struct {
	headerRow int
	firstItem int
	lastItem  int
	signOff   int // the sign-off heading row
}

const (
	scColID = iota + 1
	scColArea
	scColText
	scColRefs
	scColMethod
	scColArtifact
	scColClaim
	scColResult
	scColRemarks
	scColPhotos
	scCols = scColPhotos
)

var scHeaders = [][2]string{
	{"項目", "Item"}, {"区分", "Area"}, {"確認事項", "Check"}, {"対応要件・評価目標", "Requirements / objectives"},
	{"方法", "Method"}, {"確認する証跡", "Artifacts to inspect"}, {"申告内容", "What the evidence claims"},
	{"確認結果", "Result"}, {"備考", "Remarks"}, {"写真番号", "Photos"},
}

var scSignOff = [][2]string{
	{"確認者氏名", "Auditor name"}, {"所属", "Organisation"}, {"確認日（YYYY-MM-DD）", "Date (YYYY-MM-DD)"}, {"署名", "Signature"},
}

func scNewLayout(cl *engine.Checklist) scLayout {
	l := scLayout{headerRow: 8, firstItem: 9}
	l.lastItem = l.firstItem + len(cl.Items) - 1
	l.signOff = l.lastItem + 2
	return l
}

func (l scLayout) signRow(i int) int { return l.signOff + 1 + i }

func scItemsHash(cl *engine.Checklist, lang string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\n", cl.ID, cl.Version, lang)
	for _, it := range cl.Items {
		fmt.Fprintf(h, "%s\x00%s\x00%s\n", it.ID, it.Text.In(lang), strings.Join(it.Objectives, ","))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// WriteSiteChecklist writes the site checklist form for site (a site
// ID, or "" for the evidence's assessed site), pre-filled per item with
// the evidence's determinations of the linked objectives, the
// contradictions v found, and the artifacts to inspect. v may be nil.
func WriteSiteChecklist(w io.Writer, cl *engine.Checklist, ev *evidence.Evidence, v *engine.Verdict, site string, lang string) error {
	if lang != engine.LangEN {
		lang = engine.LangJA
	}
	tr := func(ja, en string) string { return saTr(lang, ja, en) }
	b, err := newXLSXBook()
	if err != nil {
		return err
	}
	defer b.f.Close()
	f := b.f
	const sh = SheetChecklist
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	if _, err := f.NewSheet(scSheetIntegrity); err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd"
	dateStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: xlsxFont, Size: xlsxFontSize},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{xlFillInput}}, CustomNumFmt: &dateFmt,
		Border:    []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1}, {Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "top"}, Protection: &excelize.Protection{Locked: false}})
	if err != nil {
		return err
	}
	var errs []error
	try := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	l := scNewLayout(cl)

	// Who and where.
	org := engine.NameIn(lang, ev.Organization.Name, ev.Organization.NameEN)
	if site == "" {
		site = ev.Assessment.Site
	}
	siteText := site
	for _, s := range ev.Sites {
		if s.ID == site || site == "" && len(ev.Sites) == 1 {
			siteText = strings.TrimSpace(s.ID + " " + s.Name + " " + s.Address)
			site = s.ID
		}
	}
	kind := map[string]string{
		evidence.AssessmentSelf: tr("自己申告", "self-assessed"), evidence.AssessmentPrime: tr("元請確認", "prime-assessed"),
		evidence.AssessmentAuditor: tr("監査人確認", "auditor-verified"),
	}[ev.Assessment.Type]
	if kind == "" {
		kind = ev.Assessment.Type
	}

	try(b.setWidths(sh, []float64{9, 13, 40, 16, 8, 28, 28, 11, 22, 10}))
	try(b.str(sh, 1, 1, cl.Title.In(lang), b.st.title))
	try(f.MergeCell(sh, "A2", xlCell(scCols, 2)))
	try(b.str(sh, 1, 2, cl.Notice.In(lang), b.st.flag))
	info := [][2]string{
		{tr("組織", "Organisation"), org},
		{tr("取扱施設", "Site"), siteText},
		{tr("評価（申告）", "Assessment (claimed)"), strings.TrimSpace(fmt.Sprintf("%s %s %s", kind, ev.Assessment.Assessor.Name, ev.Assessment.Date))},
		{tr("チェックリスト", "Checklist"), cl.ID + " " + cl.Version},
	}
	for i, kv := range info {
		r := 3 + i
		try(f.MergeCell(sh, xlCell(1, r), xlCell(2, r)))
		try(f.MergeCell(sh, xlCell(3, r), xlCell(scCols, r)))
		try(b.str(sh, 1, r, kv[0], b.st.label))
		try(f.SetCellStyle(sh, xlCell(2, r), xlCell(2, r), b.st.label))
		try(b.str(sh, 3, r, kv[1], b.st.wrap))
		try(f.SetCellStyle(sh, xlCell(4, r), xlCell(scCols, r), b.st.wrap))
	}
	try(b.str(sh, 1, 7, tr("確認結果欄は一覧から選択（適合／不適合／該当なし／未確認）。結果を記入した場合は、下の確認者欄に氏名と日付を記入すること。「機械で裏付け済」の評価目標は機器から収集した事実が裏付けているため、それ以外を優先して確認すること。",
		"Choose each result from the list (pass / fail / not applicable / not checked). When any result is entered, fill in the auditor's name and the date below. Objectives marked \"Machines corroborate\" are corroborated by facts collected from the machines: check the others first."), b.st.plain))

	for i, h := range scHeaders {
		try(b.str(sh, i+1, l.headerRow, tr(h[0], h[1]), b.st.header))
	}
	try(f.SetRowHeight(sh, l.headerRow, 30))

	// Index the verdict's contradictions by objective and requirement,
	// and the reported facts that leave a claim unverified (a fact that
	// is absent is not shown: the checklist lists the facts it expects).
	contra := map[string][]string{}
	unsupported := map[string][]string{}
	if v != nil {
		for _, fd := range v.Findings {
			idx := contra
			switch {
			case fd.Contradiction:
			case fd.Effect == engine.EffectUnverified && fd.Fact != "" && scFactValue(ev.Facts, fd.Fact) != "":
				idx = unsupported
			default:
				continue
			}
			msg := fd.Describe(lang)
			if len(fd.Objectives) == 0 {
				idx[fd.Requirement] = append(idx[fd.Requirement], msg)
			}
			for _, o := range fd.Objectives {
				idx[o] = append(idx[o], msg)
			}
		}
	}
	// What corroborates each claim, and every fact with its sources.
	corroboration := map[string]string{}
	facts := map[string]*engine.FactSummary{}
	if v != nil {
		for _, r := range v.Results {
			for _, o := range r.Objectives {
				corroboration[o.ID] = o.Corroboration
			}
		}
		for i := range v.Facts {
			facts[v.Facts[i].Fact] = &v.Facts[i]
		}
	}
	arts := map[string]evidence.Artifact{}
	for _, a := range ev.Artifacts {
		arts[a.ID] = a
	}
	stLabel := map[string]string{
		evidence.StatusMet: tr("実施済", "met"), evidence.StatusNotMet: tr("未実施", "not met"),
		evidence.StatusNotApplicable: tr("該当なし", "N/A"), evidence.StatusNotAssessed: tr("未評価", "not assessed"),
	}
	for i, it := range cl.Items {
		r := l.firstItem + i
		area := it.Area
		if t, ok := scAreas[it.Area]; ok {
			area = t.In(lang)
		}
		// The claim: counts by status over the linked objectives.
		counts := map[string]int{}
		var artIDs []string
		var msgs, unverified []string
		for _, o := range it.Objectives {
			d, ok := ev.Objectives[o]
			st := d.Status
			if !ok || st == "" {
				st = evidence.StatusNotAssessed
			}
			counts[st]++
			for _, a := range d.Artifacts {
				if !slices.Contains(artIDs, a) {
					artIDs = append(artIDs, a)
				}
			}
			for _, m := range contra[o] {
				if !slices.Contains(msgs, m) {
					msgs = append(msgs, m)
				}
			}
			for _, m := range unsupported[o] {
				if !slices.Contains(unverified, m) {
					unverified = append(unverified, m)
				}
			}
		}
		for _, req := range it.Requirements {
			for _, m := range contra[req] {
				if !slices.Contains(msgs, m) {
					msgs = append(msgs, m)
				}
			}
		}
		var parts []string
		for _, st := range []string{evidence.StatusMet, evidence.StatusNotMet, evidence.StatusNotApplicable, evidence.StatusNotAssessed} {
			if counts[st] > 0 {
				parts = append(parts, fmt.Sprintf("%s %d/%d", stLabel[st], counts[st], len(it.Objectives)))
			}
		}
		claim := strings.Join(parts, tr("、", ", ")) + tr("（"+kind+"）", " ("+kind+")")
		var byMachines, inPart []string
		for _, o := range it.Objectives {
			switch corroboration[o] {
			case engine.CorroborationCollected:
				byMachines = append(byMachines, o)
			case engine.CorroborationPartial:
				inPart = append(inPart, o)
			}
		}
		if len(byMachines) > 0 {
			claim += "\n" + tr("機械で裏付け済: ", "Machines corroborate: ") + strings.Join(byMachines, " ")
		}
		if len(inPart) > 0 {
			claim += "\n" + tr("機械で一部裏付け: ", "Machines corroborate in part: ") + strings.Join(inPart, " ")
		}
		for _, p := range it.Facts {
			if s := facts[p]; s != nil {
				claim += "\n" + s.Text().In(lang)
			} else if fv := scFactValue(ev.Facts, p); fv != "" {
				claim += "\n" + p + " = " + fv
			}
		}
		claimStyle := b.st.wrap
		for _, m := range msgs {
			claim += "\n" + tr("矛盾: ", "Contradiction: ") + m
			claimStyle = b.st.flag
		}
		for _, m := range unverified {
			claim += "\n" + tr("裏付けなし: ", "Unverified: ") + m
		}
		artifact := it.Artifact.In(lang)
		for _, id := range artIDs {
			a, ok := arts[id]
			line := id
			if ok {
				line = id + ": " + a.Title
				if a.Version != "" {
					line += " " + a.Version
				}
				if a.Date != nil {
					line += " (" + a.Date.String() + ")"
				}
			}
			artifact += "\n" + line
		}
		refs := strings.Join(it.Requirements, ", ") + "\n" + strings.Join(it.Objectives, " ")

		try(b.str(sh, scColID, r, it.ID, b.st.label))
		try(b.str(sh, scColArea, r, area, b.st.wrap))
		try(b.str(sh, scColText, r, it.Text.In(lang), b.st.wrap))
		try(b.str(sh, scColRefs, r, refs, b.st.wrap))
		try(b.str(sh, scColMethod, r, it.Method, b.st.plain))
		try(b.str(sh, scColArtifact, r, artifact, b.st.wrap))
		try(b.str(sh, scColClaim, r, claim, claimStyle))
		try(f.SetCellStyle(sh, xlCell(scColResult, r), xlCell(scColPhotos, r), b.st.input))
	}

	// Results: a drop-down, and fills that follow the value.
	dv := excelize.NewDataValidation(true)
	dv.Sqref = xlCell(scColResult, l.firstItem) + ":" + xlCell(scColResult, l.lastItem)
	try(dv.SetDropList(scResultLabels[lang]))
	dv.SetError(excelize.DataValidationErrorStyleStop, tr("確認結果", "Result"), strings.Join(scResultLabels[lang], ", "))
	try(f.AddDataValidation(sh, dv))
	resultStatus := map[string]string{engine.ItemPass: "met", engine.ItemFail: "not_met", engine.ItemNotApplicable: "not_applicable", engine.ItemNotChecked: "not_assessed"}
	try(b.statusFormat(sh, dv.Sqref, func(s string) string {
		for k, st := range resultStatus {
			if st == s {
				return scResultLabels[lang][slices.Index(scResultValues, k)]
			}
		}
		return s
	}))

	// Sign-off.
	try(b.str(sh, 1, l.signOff, tr("確認者（署名欄）", "Auditor sign-off"), b.st.header))
	try(f.MergeCell(sh, xlCell(1, l.signOff), xlCell(4, l.signOff)))
	for i, s := range scSignOff {
		r := l.signRow(i)
		try(f.MergeCell(sh, xlCell(1, r), xlCell(2, r)))
		try(f.MergeCell(sh, xlCell(3, r), xlCell(4, r)))
		try(b.str(sh, 1, r, tr(s[0], s[1]), b.st.label))
		try(f.SetCellStyle(sh, xlCell(2, r), xlCell(2, r), b.st.label))
		st := b.st.input
		if i == 2 {
			st = dateStyle
		}
		try(f.SetCellStyle(sh, xlCell(3, r), xlCell(4, r), st))
	}
	dd := excelize.NewDataValidation(true)
	dd.Sqref = xlCell(3, l.signRow(2))
	try(dd.SetRange(36526, 73415, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween))
	dd.SetError(excelize.DataValidationErrorStyleStop, tr("確認日", "Date"), "YYYY-MM-DD")
	try(f.AddDataValidation(sh, dd))

	// Freeze the header, repeat it on every page, print on A4.
	try(f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: l.headerRow, TopLeftCell: xlCell(1, l.firstItem), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: xlCell(scColResult, l.firstItem), ActiveCell: xlCell(scColResult, l.firstItem), Pane: "bottomLeft"}}}))
	try(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sh,
		RefersTo: fmt.Sprintf("%s!$%d:$%d", xlSheetRef(sh), l.headerRow, l.headerRow)}))
	marking := "取扱注意"
	headerOrg := org
	if site != "" {
		headerOrg += " / " + site
	}
	try(b.printSetup(sh, headerOrg, marking, cl.Title.In(lang), tr("&P / &N ページ", "Page &P of &N")))
	try(f.ProtectSheet(sh, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true}))

	// The record that the reader checks.
	meta := [][2]string{
		{"schema", SiteChecklistSchema}, {"checklist", cl.ID}, {"checklist_version", cl.Version}, {"lang", lang},
		{"site", site}, {"organization", ev.Organization.ID}, {"items_sha256", scItemsHash(cl, lang)},
	}
	for i, kv := range meta {
		try(f.SetCellStr(scSheetIntegrity, xlCell(1, i+1), kv[0]))
		try(f.SetCellStr(scSheetIntegrity, xlCell(2, i+1), xlClean(kv[1])))
	}
	try(f.SetSheetVisible(scSheetIntegrity, false, true))
	try(f.SetDocProps(&excelize.DocProperties{Title: xlClean(cl.Title.In(lang)), Subject: xlClean(headerOrg),
		Creator: "mamori", Keywords: marking, Category: SiteChecklistSchema}))
	f.SetActiveSheet(0)
	// Item rows get the height of their longest wrapped text; the merged
	// rows above and the sign-off labels are measured against one column,
	// so they are set afterwards.
	try(b.fitRows())
	try(f.SetRowHeight(sh, 1, 22))
	try(f.SetRowHeight(sh, 2, 42))
	for r := 3; r <= 7; r++ {
		try(f.SetRowHeight(sh, r, 16))
	}
	for i := range scSignOff {
		try(f.SetRowHeight(sh, l.signRow(i), 18))
	}
	try(f.SetRowHeight(sh, l.signRow(3), 36))
	if err := errors.Join(errs...); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// ReadSiteChecklist reads a checklist form filled by an auditor. name is
// used in errors, which are *evidence.InputError (or evidence.InputErrors)
// naming the sheet and cell.
func ReadSiteChecklist(r io.ReaderAt, size int64, name string, cl *engine.Checklist) (*engine.SiteCheck, error) {
	fail := func(field, format string, args ...any) error {
		return &evidence.InputError{File: name, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	sheets, err := saReadSheets(r, size, []string{scSheetIntegrity, SheetChecklist}, fail, func(s string) error {
		return fail(s, "sheet %s is missing: this is not a mamori site checklist, or a sheet was renamed or deleted", s)
	})
	if err != nil {
		return nil, err
	}
	get := func(sheet string, col, row int) string {
		rows := sheets[sheet]
		if row > len(rows) || col > len(rows[row-1]) {
			return ""
		}
		return strings.TrimSpace(rows[row-1][col-1])
	}
	meta, metaField := xlMeta(sheets[scSheetIntegrity], scSheetIntegrity)
	if meta["schema"] != SiteChecklistSchema {
		return nil, fail(metaField("schema"), "expected a %s workbook, got %q", SiteChecklistSchema, saTrunc(meta["schema"]))
	}
	if meta["checklist"] != cl.ID || meta["checklist_version"] != cl.Version {
		return nil, fail(metaField("checklist_version"), "the form was made from checklist %s version %s, not %s version %s",
			saTrunc(meta["checklist"]), saTrunc(meta["checklist_version"]), cl.ID, cl.Version)
	}
	lang := meta["lang"]
	if lang != engine.LangJA && lang != engine.LangEN {
		return nil, fail(metaField("lang"), "expected ja or en, got %q", saTrunc(lang))
	}
	l := scNewLayout(cl)
	const sh = SheetChecklist
	ref := func(col, row int) string { return sh + "!" + xlCell(col, row) }
	for i, h := range scHeaders {
		if got, want := get(sh, i+1, l.headerRow), saTr(lang, h[0], h[1]); got != want {
			return nil, fail(ref(i+1, l.headerRow), "the header was changed (expected %q, got %q): the form's structure must not be edited", want, saTrunc(got))
		}
	}
	for i, it := range cl.Items {
		if got := get(sh, scColID, l.firstItem+i); got != it.ID {
			return nil, fail(ref(scColID, l.firstItem+i), "the item ID was changed (expected %s, got %q): rows must not be edited, inserted or deleted", it.ID, saTrunc(got))
		}
	}
	if sum := scItemsHash(cl, lang); meta["items_sha256"] != sum {
		return nil, fail(metaField("items_sha256"), "the checklist hash does not match (got %q, computed %s)", saTrunc(meta["items_sha256"]), sum)
	}
	for i, s := range scSignOff {
		if got, want := get(sh, 1, l.signRow(i)), saTr(lang, s[0], s[1]); got != want {
			return nil, fail(ref(1, l.signRow(i)), "the sign-off block was moved or changed (expected %q, got %q)", want, saTrunc(got))
		}
	}

	sc := &engine.SiteCheck{Checklist: cl, Site: meta["site"], Organization: meta["organization"]}
	var errs evidence.InputErrors
	at := func(cell, format string, args ...any) {
		if len(errs) < 20 {
			errs = append(errs, &evidence.InputError{File: name, Field: cell, Msg: fmt.Sprintf(format, args...)})
		}
	}
	filled := false
	for i, it := range cl.Items {
		row := l.firstItem + i
		res := engine.ItemResult{Item: it.ID, Result: engine.ItemNotChecked, Cell: ref(scColResult, row),
			Remarks: get(sh, scColRemarks, row), Photos: get(sh, scColPhotos, row)}
		if v := get(sh, scColResult, row); v != "" {
			res.Result = scResultValue(v)
			if res.Result == "" {
				at(res.Cell, "expected one of %s, got %q", strings.Join(scResultLabels[lang], ", "), saTrunc(v))
				continue
			}
			if res.Result != engine.ItemNotChecked {
				filled = true
			}
		}
		sc.Results = append(sc.Results, res)
	}
	sc.Auditor.Name = get(sh, 3, l.signRow(0))
	sc.Auditor.Organization = get(sh, 3, l.signRow(1))
	if v := get(sh, 3, l.signRow(2)); v != "" {
		d, err := evidence.ParseDate(strings.ReplaceAll(v, "/", "-"))
		switch {
		case err != nil:
			at(ref(3, l.signRow(2)), "expected a date YYYY-MM-DD, got %q", saTrunc(v))
		case d.After(saNow()):
			at(ref(3, l.signRow(2)), "date %s is in the future", d)
		default:
			sc.Date = d
		}
	} else if filled {
		at(ref(3, l.signRow(2)), "required: the date of the site check, since results are entered")
	}
	if filled && sc.Auditor.Name == "" {
		at(ref(3, l.signRow(0)), "required: the auditor's name, since results are entered")
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
	sc.Source = evidence.Source{File: name, SHA256: hex.EncodeToString(h.Sum(nil))}
	return sc, nil
}

func scResultValue(s string) string {
	for _, labels := range scResultLabels {
		if i := slices.Index(labels, s); i >= 0 {
			return scResultValues[i]
		}
	}
	if slices.Contains(scResultValues, s) {
		return s
	}
	return ""
}

// scFactValue renders a fact's value, or "" when it is not given.
func scFactValue(facts *evidence.Facts, p string) string {
	v, ok := facts.Value(p)
	if !ok {
		return ""
	}
	if d, ok := v.(evidence.Date); ok {
		return d.String()
	}
	return fmt.Sprint(v)
}
