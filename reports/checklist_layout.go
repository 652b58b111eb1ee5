package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/mamori-dev/mamori/engine"
)

// The pre-onboarding site checklist (事前現地確認チェックリスト).
//
// The items are data (controls/dsg-site-checklist.yaml, engine.ChecklistSchema).
// WriteSiteChecklist renders a printable form pre-filled with what the
// evidence claims for each item; an auditor fills in the results on
// site, and ReadSiteChecklist reads the form back; engine.ApplySiteChecks
// turns one or more auditors' results into verified evidence.
//
// This file holds the layout that the writer (checklist_write.go) and
// the reader (checklist_read.go) share.

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
