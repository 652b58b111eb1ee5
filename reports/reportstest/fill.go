// Package reportstest fills mamori's workbooks as people fill them in
// Excel, for tests and load generators.
package reportstest

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/reports"
)

// JaStatus is each determination's label in a Japanese workbook.
var JaStatus = map[string]string{evidence.StatusMet: "実施済", evidence.StatusNotMet: "未実施", evidence.StatusNotApplicable: "該当なし"}

// WorkbookEvidence is the part of an evidence set that the
// self-assessment workbook carries (the rest, such as the sites, goes
// beside it).
func WorkbookEvidence(ev *evidence.Evidence) *evidence.Evidence {
	return &evidence.Evidence{
		Schema: ev.Schema, Organization: ev.Organization, Assessment: ev.Assessment, SSP: ev.SSP,
		Artifacts: ev.Artifacts, Objectives: ev.Objectives, Facts: ev.Facts,
	}
}

// FillSelfAssessment completes a self-assessment template (from
// reports.WriteSelfAssessmentTemplate) with ev's content, as a person
// would in Excel: text as text, facts as booleans and numbers. In
// English, the assessment date is typed as an Excel date (a number shown
// through the cell's yyyy-mm-dd format); in Japanese, as text.
func FillSelfAssessment(tmpl []byte, ev *evidence.Evidence, lang string) (*excelize.File, error) {
	f, err := excelize.OpenReader(bytes.NewReader(tmpl))
	if err != nil {
		return nil, err
	}
	var errs []error
	set := func(sheet, cell string, v any) {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			errs = append(errs, err)
		}
	}
	str := func(sheet, cell, v string) {
		if v != "" {
			set(sheet, cell, v)
		}
	}
	date := func(d *evidence.Date) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	rows := func(sheet string, col int) map[string]int {
		m, err := RowsByKey(f, sheet, col)
		if err != nil {
			errs = append(errs, err)
		}
		return m
	}
	org := rows(reports.SheetOrganisation, 1)
	o, a := ev.Organization, ev.Assessment
	for k, v := range map[string]string{
		"organization.id": o.ID, "organization.name": o.Name, "organization.name_en": o.NameEN,
		"organization.corporate_number": o.CorporateNumber, "organization.cage": o.CAGE, "organization.prime": o.Prime,
		"assessment.site": a.Site, "assessment.type": a.Type, "assessment.assessor.name": a.Assessor.Name,
		"assessment.assessor.organization": a.Assessor.Organization, "assessment.assessor.role": a.Assessor.Role,
	} {
		str(reports.SheetOrganisation, fmt.Sprintf("C%d", org[k]), v)
	}
	if lang == engine.LangEN {
		set(reports.SheetOrganisation, fmt.Sprintf("C%d", org["assessment.date"]), a.Date.Time)
	} else {
		str(reports.SheetOrganisation, fmt.Sprintf("C%d", org["assessment.date"]), a.Date.String())
	}
	if o.Tier != nil {
		set(reports.SheetOrganisation, fmt.Sprintf("C%d", org["organization.tier"]), *o.Tier)
	}
	if ev.SSP != nil {
		str(reports.SheetOrganisation, fmt.Sprintf("C%d", org["ssp"]), ev.SSP.ID)
	}
	for i, x := range ev.Artifacts {
		r := i + 2
		for col, v := range map[string]string{"A": x.ID, "B": x.Title, "C": x.Version, "D": date(x.Date), "E": date(x.Reviewed), "F": x.SHA256} {
			str(reports.SheetArtifacts, fmt.Sprintf("%s%d", col, r), v)
		}
	}
	objs := rows(reports.SheetObjectives, 1)
	for id, d := range ev.Objectives {
		r, ok := objs[id]
		if !ok {
			errs = append(errs, fmt.Errorf("objective %s has no row", id))
			continue
		}
		status := d.Status
		if lang == engine.LangJA {
			status = JaStatus[status]
		}
		for col, v := range map[string]string{"D": status, "E": d.Method, "F": d.Justification,
			"G": strings.Join(d.Artifacts, "; "), "H": d.Assessor, "I": date(d.Date)} {
			str(reports.SheetObjectives, fmt.Sprintf("%s%d", col, r), v)
		}
	}
	facts := rows(reports.SheetFacts, 0)
	flat, err := FlattenFacts(ev.Facts)
	if err != nil {
		errs = append(errs, err)
	}
	for k, v := range flat {
		r, ok := facts[k]
		if !ok {
			errs = append(errs, fmt.Errorf("fact %s has no row", k))
			continue
		}
		set(reports.SheetFacts, fmt.Sprintf("C%d", r), v)
	}
	if len(errs) > 0 {
		f.Close()
		return nil, fmt.Errorf("fill the self-assessment: %w", errs[0])
	}
	return f, nil
}

// RowsByKey maps the values of a sheet's column (0 is A) to their row
// numbers.
func RowsByKey(f *excelize.File, sheet string, col int) (map[string]int, error) {
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for i, r := range rows {
		if len(r) > col && r[col] != "" {
			out[r[col]] = i + 1
		}
	}
	return out, nil
}

// FlattenFacts turns the facts into key → value, as the Facts sheet
// names them.
func FlattenFacts(facts *evidence.Facts) (map[string]any, error) {
	b, err := yaml.Marshal(facts)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := yaml.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	out := map[string]any{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(prefix+k+".", e)
			}
		case []any:
			for i, e := range x {
				walk(strings.TrimSuffix(prefix, ".")+fmt.Sprintf("[%d].", i+1), e)
			}
		default:
			out[strings.TrimSuffix(prefix, ".")] = x
		}
	}
	walk("", m)
	return out, nil
}
