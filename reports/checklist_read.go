package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// ReadSiteChecklist reads a checklist form filled by an auditor. name is
// used in errors, which are *evidence.InputError (or evidence.InputErrors)
// naming the sheet and cell.
func ReadSiteChecklist(r io.ReaderAt, size int64, name string, cl *engine.Checklist) (*engine.SiteCheck, error) {
	fail := func(field, format string, args ...any) error {
		return &evidence.InputError{File: name, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	wb, err := xlRead(r, size, []string{scSheetIntegrity, SheetChecklist}, saMaxSheetRows, "rows must not be added", fail, func(s string) error {
		return fail(s, "sheet %s is missing: this is not a mamori site checklist, or a sheet was renamed or deleted", s)
	})
	if err != nil {
		return nil, err
	}
	get := func(sheet string, col, row int) string { return strings.TrimSpace(wb.value(sheet, col, row)) }
	meta, metaField := xlMeta(wb.rows[scSheetIntegrity], scSheetIntegrity)
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
		// A date typed in Excel is stored as a serial day number; one
		// typed as text is YYYY-MM-DD or YYYY/MM/DD.
		d, ok := wb.serialDate(v)
		var err error
		if !ok {
			d, err = evidence.ParseDate(strings.ReplaceAll(v, "/", "-"))
		}
		switch {
		case err != nil:
			at(ref(3, l.signRow(2)), "expected a date YYYY-MM-DD, got %q", saTrunc(v))
		case d.After(time.Now()):
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
