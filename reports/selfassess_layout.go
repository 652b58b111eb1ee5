package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

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
//
// This file holds the layout that the writer (selfassess_write.go) and
// the reader (selfassess_read.go) share.

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

const (
	// artifactRows is the number of empty rows on the Artifacts sheet.
	saArtifactRows = 300
	// cryptoModuleRows is the number of crypto module slots on Facts.
	saCryptoModuleRows = 6
)

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
		"facility.entry_control":                  {"biometric", "badge", "keypad", "key", "guard", "none"},
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
