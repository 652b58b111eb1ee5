package reports

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/chain"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// Limits on a supply-chain workbook read back.
const (
	// ccMaxRows bounds the rows read from a sheet.
	ccMaxRows = 50000
	// ccMaxCell bounds a cell's length, in characters.
	ccMaxCell = 1000
	// ccMaxErrors bounds the problems reported at once.
	ccMaxErrors = 20
)

// ReadChainWorkbook reads a supply-chain declaration workbook, laid out
// as WriteChainTemplate writes it, into a chain and validates it as
// chain.Parse does. name is the file's name, for messages and for
// resolving the trusted key files. Problems are *evidence.InputError (or
// evidence.InputErrors) naming the sheet and cell (Parties!B3) in Field.
func ReadChainWorkbook(r io.ReaderAt, size int64, name string) (*chain.Chain, error) {
	fail := func(field, format string, args ...any) error {
		return &evidence.InputError{File: name, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	wb, err := xlRead(r, size, []string{ccSheetMeta, SheetChain, SheetCompanies, SheetContracts, SheetParties, SheetFlows},
		ccMaxRows, "", fail, func(s string) error {
			return fail(s, "sheet %s is missing: this is not a mamori supply-chain workbook (mamori template supply-chain), or a sheet was renamed or deleted", s)
		})
	if err != nil {
		return nil, err
	}
	rd := &ccReader{name: name, wb: wb, cells: map[string]string{
		"mamori": ccSheetMeta, "prime": SheetChain, "keys": SheetChain, "as_of": SheetChain,
		"companies": SheetCompanies, "contracts": SheetContracts,
	}}
	meta, metaField := xlMeta(wb.rows[ccSheetMeta], ccSheetMeta)
	if meta["kind"] != ChainWorkbookKind {
		return nil, fail(metaField("kind"), "expected a %s workbook, got %q", ChainWorkbookKind, saTrunc(meta["kind"]))
	}
	if meta["schema"] != chain.Schema {
		return nil, fail(metaField("schema"), "expected %q, got %q: fill in a new template (mamori template supply-chain)", chain.Schema, saTrunc(meta["schema"]))
	}
	rd.lang = meta["lang"]
	if rd.lang != engine.LangJA && rd.lang != engine.LangEN {
		return nil, fail(metaField("lang"), "expected ja or en, got %q", saTrunc(rd.lang))
	}
	rd.cells["mamori"] = metaField("schema")
	if err := rd.headers(); err != nil {
		return nil, err
	}

	c := &chain.Chain{Schema: chain.Schema, File: name}
	rd.chainSheet(c)
	rd.companies(c)
	rd.contracts(c)
	rd.parties(c)
	rd.flows(c)
	if len(rd.errs) == 1 {
		return nil, rd.errs[0]
	}
	if len(rd.errs) > 0 {
		return nil, rd.errs
	}
	if err := c.ValidateAt(rd.cells); err != nil {
		return nil, err
	}
	return c, nil
}

// ccReader reads the sheets of a supply-chain workbook, recording where
// each element was read (cells, by path) and the problems found.
type ccReader struct {
	name  string
	lang  string
	wb    *xlSheets
	cells map[string]string
	errs  evidence.InputErrors
	// contractAt maps a contract ID to its first position.
	contractAt map[string]int
}

func (rd *ccReader) at(ref, format string, args ...any) {
	if len(rd.errs) < ccMaxErrors {
		rd.errs = append(rd.errs, &evidence.InputError{File: rd.name, Field: ref, Msg: fmt.Sprintf(format, args...)})
	}
}

// value is a cell's stored value, trimmed, and its reference; a value
// over ccMaxCell characters is a problem and reads as empty.
func (rd *ccReader) value(sheet string, col, row int) (string, string) {
	ref := sheet + "!" + xlCell(col, row)
	v := strings.TrimSpace(rd.wb.value(sheet, col, row))
	if n := utf8.RuneCountInString(v); n > ccMaxCell {
		rd.at(ref, "the value is %d characters long, over the limit of %d", n, ccMaxCell)
		return "", ref
	}
	return v, ref
}

// headers checks that each sheet's header row is the template's, so
// that no column was moved, inserted or deleted.
func (rd *ccReader) headers() error {
	check := func(sheet string, col int, ja, en string) error {
		want := saTr(rd.lang, ja, en)
		if got, ref := rd.value(sheet, col, 1); got != want {
			return &evidence.InputError{File: rd.name, Field: ref,
				Msg: fmt.Sprintf("the header was changed (expected %q, got %q): columns must not be moved, inserted or deleted", want, saTrunc(got))}
		}
		return nil
	}
	for i, h := range ccChainHeaders {
		if err := check(SheetChain, i+1, h[0], h[1]); err != nil {
			return err
		}
	}
	for _, s := range ccListSheets {
		for i, c := range s.cols {
			if err := check(s.name, i+1, c.ja, c.en); err != nil {
				return err
			}
		}
	}
	if len(rd.errs) > 0 {
		return rd.errs
	}
	return nil
}

// rows calls fn for each list row of s that is not empty, with its
// values by column.
func (rd *ccReader) rows(s ccSheet, fn func(row int, v []string, ref []string)) {
	for row := 2; row <= len(rd.wb.rows[s.name]); row++ {
		v, ref := make([]string, len(s.cols)), make([]string, len(s.cols))
		empty := true
		for i := range s.cols {
			v[i], ref[i] = rd.value(s.name, i+1, row)
			empty = empty && v[i] == ""
		}
		if !empty {
			fn(row, v, ref)
		}
	}
}

// record notes the cell of each column of the element at path.
func (rd *ccReader) record(path string, s ccSheet, ref []string) {
	rd.cells[path] = ref[0]
	for i, c := range s.cols {
		rd.cells[path+"."+c.field] = ref[i]
	}
}

func (rd *ccReader) chainSheet(c *chain.Chain) {
	seen := map[string]string{}
	for row := 2; row <= len(rd.wb.rows[SheetChain]); row++ {
		key, keyRef := rd.value(SheetChain, 2, row)
		v, ref := rd.value(SheetChain, 3, row)
		switch {
		case key == "" && v == "":
			continue
		case key == "":
			rd.at(keyRef, "a value without a key: rows must not be edited")
			continue
		case key == "keys":
			if v != "" {
				rd.cells[fmt.Sprintf("keys[%d]", len(c.Keys))] = ref
				c.Keys = append(c.Keys, v)
			}
			continue
		}
		if first, dup := seen[key]; dup {
			rd.at(keyRef, "duplicate key %q (first at %s)", saTrunc(key), first)
			continue
		}
		seen[key] = keyRef
		rd.cells[key] = ref
		switch key {
		case "prime.id":
			c.Prime.ID = v
		case "prime.name":
			c.Prime.Name = v
		case "prime.name_en":
			c.Prime.NameEN = v
		case "as_of":
			c.AsOf = rd.date(ref, v)
		default:
			rd.at(keyRef, "unknown key %q: expected one of prime.id, prime.name, prime.name_en, as_of, keys", saTrunc(key))
		}
	}
}

func (rd *ccReader) companies(c *chain.Chain) {
	rd.rows(ccCompanies, func(row int, v, ref []string) {
		path := fmt.Sprintf("companies[%d]", len(c.Companies))
		rd.record(path, ccCompanies, ref)
		co := chain.Company{ID: v[0], Name: v[1], NameEN: v[2]}
		for _, s := range ccSplit(v[3]) {
			id, name, _ := strings.Cut(strings.ReplaceAll(s, "：", ":"), ":")
			co.Sites = append(co.Sites, chain.Site{ID: strings.TrimSpace(id), Name: strings.TrimSpace(name)})
		}
		if v[4] != "" || v[5] != "" {
			co.Suspension = &chain.Suspension{Reason: v[5]}
			if d := rd.date(ref[4], v[4]); d != nil {
				co.Suspension.Since = *d
			} else if v[4] == "" {
				rd.at(ref[4], "required: the date of the suspension (YYYY-MM-DD), since a reason is given")
			}
		}
		c.Companies = append(c.Companies, co)
	})
}

func (rd *ccReader) contracts(c *chain.Chain) {
	rd.contractAt = map[string]int{}
	rd.rows(ccContracts, func(row int, v, ref []string) {
		i := len(c.Contracts)
		rd.record(fmt.Sprintf("contracts[%d]", i), ccContracts, ref)
		k := chain.Contract{ID: v[0], Title: v[1], DesignationReference: v[3]}
		k.SpecialClause = rd.yesNo(ref[2], v[2], true)
		q := &k.Requirement
		q.Status = v[4]
		if s := strings.ToLower(v[4]); slices.Contains(ccStatuses, s) {
			q.Status = s
		} else if v[4] != "" {
			rd.at(ref[4], "expected final or conditional, got %q", saTrunc(v[4]))
		}
		q.ConditionalUntil = rd.date(ref[5], v[5])
		q.MinScore = rd.integer(ref[6], v[6])
		q.SiteCheck = rd.yesNo(ref[7], v[7], false)
		if n := rd.integer(ref[8], v[8]); n != nil {
			q.MaxAgeDays = *n
		}
		if _, dup := rd.contractAt[k.ID]; !dup && k.ID != "" {
			rd.contractAt[k.ID] = i
		}
		c.Contracts = append(c.Contracts, k)
	})
}

// contract finds the contract a Parties or Flows row names.
func (rd *ccReader) contract(c *chain.Chain, ref, id string) (*chain.Contract, int) {
	if id == "" {
		rd.at(ref, "required: the contract ID, from the Contracts sheet")
		return nil, 0
	}
	i, ok := rd.contractAt[id]
	if !ok {
		rd.at(ref, "unknown contract %q: expected one of the contracts on the Contracts sheet", saTrunc(id))
		return nil, 0
	}
	return &c.Contracts[i], i
}

func (rd *ccReader) parties(c *chain.Chain) {
	rd.rows(ccParties, func(row int, v, ref []string) {
		k, i := rd.contract(c, ref[0], v[0])
		flowDown := rd.yesNo(ref[3], v[3], true)
		if k == nil {
			return
		}
		rd.record(fmt.Sprintf("contracts[%d].parties[%d]", i, len(k.Parties)), ccParties, ref)
		k.Parties = append(k.Parties, chain.Party{Company: v[1], Parent: v[2], FlowDown: flowDown, Sites: ccSplit(v[4])})
	})
}

func (rd *ccReader) flows(c *chain.Chain) {
	rd.rows(ccFlows, func(row int, v, ref []string) {
		k, i := rd.contract(c, ref[0], v[0])
		protected := rd.yesNo(ref[3], v[3], true)
		if k == nil {
			return
		}
		rd.record(fmt.Sprintf("contracts[%d].flows[%d]", i, len(k.Flows)), ccFlows, ref)
		k.Flows = append(k.Flows, chain.Flow{From: v[1], To: v[2], Protected: protected, Description: v[4]})
	})
}

// yesNo reads a yes/no cell (in either language, or TRUE/FALSE); an
// empty cell is no unless required.
func (rd *ccReader) yesNo(ref, v string, required bool) bool {
	switch s := strings.ToLower(v); {
	case slices.Contains(ccYesValues, s):
		return true
	case slices.Contains(ccNoValues, s):
		return false
	case s == "" && !required:
		return false
	case s == "":
		rd.at(ref, "required: %s or %s", ccYes[rd.lang], ccNo[rd.lang])
	default:
		rd.at(ref, "expected %s or %s, got %q", ccYes[rd.lang], ccNo[rd.lang], saTrunc(v))
	}
	return false
}

// date reads a date cell: a date Excel stores (a serial day number), or
// text as YYYY-MM-DD or YYYY/M/D. Empty is nil.
func (rd *ccReader) date(ref, v string) *evidence.Date {
	if v == "" {
		return nil
	}
	if d, ok := rd.wb.serialDate(v); ok {
		return &d
	}
	if _, err := strconv.ParseFloat(v, 64); err != nil {
		s, _, _ := strings.Cut(v, "T") // a cell of date type holds an ISO 8601 instant
		if d, err := evidence.ParseDate(s); err == nil {
			return &d
		}
		if t, err := time.Parse("2006/1/2", s); err == nil {
			return &evidence.Date{Time: t}
		}
	}
	rd.at(ref, "expected a date YYYY-MM-DD, got %q", saTrunc(v))
	return nil
}

// integer reads a whole-number cell; empty is nil.
func (rd *ccReader) integer(ref, v string) *int {
	if v == "" {
		return nil
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || x != math.Trunc(x) || math.Abs(x) > 1e9 {
		rd.at(ref, "expected a whole number, got %q", saTrunc(v))
		return nil
	}
	n := int(x)
	return &n
}

// ccSplit splits a ;-separated cell (either width of semicolon), trimmed,
// dropping empty parts.
func ccSplit(s string) []string {
	var out []string
	for p := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ';' || r == '；' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
