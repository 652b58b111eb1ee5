package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// maxSheetRows bounds the rows read from any sheet.
const saMaxSheetRows = 5000

// ReadSelfAssessment reads a filled self-assessment workbook into
// evidence. name is used in errors, which are *evidence.InputError (or
// evidence.InputErrors) naming the sheet and cell.
func ReadSelfAssessment(r io.ReaderAt, size int64, name string, cat *engine.Catalog) (*evidence.Evidence, error) {
	fail := func(field, format string, args ...any) error {
		return &evidence.InputError{File: name, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	wb, err := xlRead(r, size, []string{saSheetIntegrity, SheetOrganisation, SheetObjectives, SheetArtifacts, SheetFacts},
		saMaxSheetRows, "rows must not be added", fail, func(s string) error {
			return fail(s, "sheet %s is missing: this is not a mamori self-assessment workbook, or a sheet was renamed or deleted", s)
		})
	if err != nil {
		return nil, err
	}
	sheets := wb.rows
	// cell is the value in a sheet's column, given by its letter, and
	// row; get the one at a reference such as B2.
	cell := func(sheet, col string, r int) string { return wb.value(sheet, int(col[0]-'A'+1), r) }
	get := func(sheet, cellRef string) string {
		c, r, err := excelize.CellNameToCoordinates(cellRef)
		if err != nil {
			return ""
		}
		return wb.value(sheet, c, r)
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
	today := time.Now()
	parseDate := func(sheet, cellRef, v string) *evidence.Date {
		if v == "" {
			return nil
		}
		// A date typed in Excel is stored as a serial day number; one
		// typed as text must be YYYY-MM-DD.
		d, ok := wb.serialDate(v)
		if !ok {
			var err error
			if d, err = evidence.ParseDate(v); err != nil {
				at(sheet, cellRef, "expected a date YYYY-MM-DD, got %q", v)
				return nil
			}
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
			// A boolean cell stores 1 or 0; TRUE and FALSE typed as text
			// are read too.
			switch strings.ToUpper(v) {
			case "TRUE", "1":
				val = reflect.ValueOf(true)
			case "FALSE", "0":
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
