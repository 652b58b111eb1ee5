package reports

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
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
