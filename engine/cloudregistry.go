package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// The cloud registry: the list of assessed cloud services that an
// operator (the Ministry, a prime) supplies for checking the cloud
// services that evidence declares. It is a copy, in a documented form,
// of official lists: ISMAP's クラウドサービスリスト and ISMAP-LIU
// クラウドサービスリスト (https://www.ismap.go.jp/), and the FedRAMP
// Marketplace (https://marketplace.fedramp.gov/). mamori never ships or
// fetches an official list; docs/cloud-registry.md says how to make
// the file from them.

// CloudRegistrySchema identifies a cloud registry document.
const CloudRegistrySchema = "cloud-registry/v1"

// Registration schemes of a registry entry.
const (
	SchemeISMAP    = "ismap"
	SchemeISMAPLIU = "ismap-liu"
	SchemeFedRAMP  = "fedramp"
)

// CloudSchemes lists the registration schemes.
var CloudSchemes = []string{SchemeISMAP, SchemeISMAPLIU, SchemeFedRAMP}

// CloudRegistry is a list of registered cloud services as of a date.
type CloudRegistry struct {
	Schema string `yaml:"mamori" json:"mamori"`
	// Name says which list this is (and, for a sample, that it is one).
	Name string `yaml:"name" json:"name"`
	// AsOf is the date of the list as a whole: the day it was taken from
	// the official lists.
	AsOf evidence.Date `yaml:"as_of" json:"as_of"`
	// Source says where the entries were taken from.
	Source string `yaml:"source,omitempty" json:"source,omitempty"`
	// Sample marks a list made up for examples and tests: every output
	// that names it says it is not an official list.
	Sample   bool                 `yaml:"sample,omitempty" json:"sample,omitempty"`
	Services []CloudRegistryEntry `yaml:"services" json:"services"`

	// File and SHA256 identify the file the registry was read from.
	File   string `yaml:"-" json:"-"`
	SHA256 string `yaml:"-" json:"-"`

	byNumber map[string][]int
}

// CloudRegistryEntry is one registered cloud service.
type CloudRegistryEntry struct {
	Scheme string `yaml:"scheme" json:"scheme"`
	// Registration is the ISMAP registration number (登録番号) or the
	// FedRAMP package ID.
	Registration string `yaml:"registration" json:"registration"`
	Service      string `yaml:"service" json:"service"`
	Provider     string `yaml:"provider" json:"provider"`
	// Level is the FedRAMP impact level; empty for ISMAP.
	Level string `yaml:"level,omitempty" json:"level,omitempty"`
	// ValidFrom and ValidUntil bound the registration's validity
	// (有効期間); either may be open.
	ValidFrom  *evidence.Date `yaml:"valid_from,omitempty" json:"valid_from,omitempty"`
	ValidUntil *evidence.Date `yaml:"valid_until,omitempty" json:"valid_until,omitempty"`
}

// ReadCloudRegistry reads a registry file: CSV (a name ending .csv)
// through encoding/csv, YAML or JSON through the evidence readers.
func ReadCloudRegistry(file string) (*CloudRegistry, error) {
	b, err := evidence.ReadFile(file, evidence.MaxInputBytes)
	if err != nil {
		var ie *evidence.InputError
		if errors.As(err, &ie) {
			return nil, err
		}
		return nil, &evidence.InputError{File: file, Msg: err.Error()}
	}
	return ParseCloudRegistry(file, b)
}

// ParseCloudRegistry reads a registry strictly and checks its entries.
// Errors are *evidence.InputError or evidence.InputErrors naming
// file:line, the field and what was expected.
func ParseCloudRegistry(file string, data []byte) (*CloudRegistry, error) {
	var (
		reg   *CloudRegistry
		lines map[string]int
		err   error
	)
	if strings.EqualFold(filepath.Ext(file), ".csv") {
		reg, lines, err = parseRegistryCSV(file, data)
	} else {
		reg = &CloudRegistry{}
		lines, err = evidence.DecodeDocument(file, data, CloudRegistrySchema, reg)
	}
	if err != nil {
		return nil, err
	}
	if err := reg.check(file, lines); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	reg.File, reg.SHA256 = file, hex.EncodeToString(sum[:])
	return reg, nil
}

// check validates the registry and indexes it by registration number.
func (r *CloudRegistry) check(file string, lines map[string]int) error {
	var errs evidence.InputErrors
	at := func(field, format string, args ...any) {
		line := lines[field]
		for p := field; line == 0 && p != ""; {
			i := strings.LastIndexAny(p, ".[")
			if i < 0 {
				break
			}
			p = p[:i]
			line = lines[p]
		}
		errs = append(errs, &evidence.InputError{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(r.Name) == "" {
		at("name", "required: which list this is (for example ISMAP クラウドサービスリスト)")
	}
	if r.AsOf.IsZero() {
		at("as_of", "required: the date of the list as a whole (YYYY-MM-DD)")
	}
	if len(r.Services) == 0 {
		at("services", "required: at least one registered service")
	}
	r.byNumber = map[string][]int{}
	for i := range r.Services {
		e := &r.Services[i]
		f := fmt.Sprintf("services[%d]", i)
		e.Registration = strings.TrimSpace(e.Registration)
		if !slices.Contains(CloudSchemes, e.Scheme) {
			at(f+".scheme", "expected one of %s, got %q", strings.Join(CloudSchemes, ", "), e.Scheme)
		}
		if e.Registration == "" {
			at(f+".registration", "required: the ISMAP registration number or FedRAMP package ID")
		}
		if strings.TrimSpace(e.Service) == "" {
			at(f+".service", "required: the service's name as the list gives it")
		}
		if strings.TrimSpace(e.Provider) == "" {
			at(f+".provider", "required: the provider's name as the list gives it")
		}
		switch {
		case e.Scheme == SchemeFedRAMP && !slices.Contains(evidence.FedRAMPLevels, e.Level):
			at(f+".level", "expected the FedRAMP impact level, one of %s, got %q", strings.Join(evidence.FedRAMPLevels, ", "), e.Level)
		case e.Scheme != SchemeFedRAMP && e.Level != "":
			at(f+".level", "only FedRAMP entries have a level; leave it empty for %s", e.Scheme)
		}
		if e.ValidFrom != nil && e.ValidUntil != nil && e.ValidUntil.Before(e.ValidFrom.Time) {
			at(f+".valid_until", "%s is before valid_from %s", e.ValidUntil, e.ValidFrom)
		}
		if e.Registration == "" {
			continue
		}
		key := registryKey(e.Registration)
		for _, j := range r.byNumber[key] {
			if r.Services[j].Scheme == e.Scheme {
				at(f+".registration", "duplicate registration %q (already services[%d])", e.Registration, j)
			}
		}
		r.byNumber[key] = append(r.byNumber[key], i)
	}
	if len(errs) == 1 {
		return errs[0]
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// registryKey normalises a registration number for lookup: case and
// surrounding space do not distinguish registrations.
func registryKey(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// lookup returns the entries with the registration number among the
// schemes given.
func (r *CloudRegistry) lookup(number string, schemes ...string) []*CloudRegistryEntry {
	var out []*CloudRegistryEntry
	for _, i := range r.byNumber[registryKey(number)] {
		if slices.Contains(schemes, r.Services[i].Scheme) {
			out = append(out, &r.Services[i])
		}
	}
	return out
}

// The CSV form of a registry (docs/cloud-registry.md): a preamble of
// key,value rows, the first of which is mamori,cloud-registry/v1; then
// a header row naming the columns, starting with scheme; then one row
// per registered service. Lines starting with # are comments.
var (
	registryPreamble = []string{"mamori", "name", "as_of", "source", "sample"}
	registryColumns  = []string{"scheme", "registration", "service", "provider", "level", "valid_from", "valid_until"}
	registryRequired = []string{"scheme", "registration", "service", "provider"}
)

func parseRegistryCSV(file string, data []byte) (*CloudRegistry, map[string]int, error) {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, &evidence.InputError{File: file, Msg: "empty document"}
	}
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:invalidUTF8At(data)], []byte{'\n'})
		return nil, nil, &evidence.InputError{File: file, Line: line,
			Msg: "not UTF-8: save the file as CSV UTF-8 (in Excel, \"CSV UTF-8 (コンマ区切り)\")"}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1 // the preamble has two cells, the table more
	cr.Comment = '#'
	reg := &CloudRegistry{}
	lines := map[string]int{}
	var errs evidence.InputErrors
	fail := func(line int, field, format string, args ...any) {
		errs = append(errs, &evidence.InputError{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	var header []string
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, &evidence.InputError{File: file, Line: pe.Line, Msg: "invalid CSV: " + pe.Err.Error()}
			}
			return nil, nil, &evidence.InputError{File: file, Msg: "invalid CSV: " + err.Error()}
		}
		line, _ := cr.FieldPos(0)
		rec = trimTrailingEmpty(rec)
		if len(rec) == 0 {
			continue // a row of empty cells, as spreadsheets write between blocks
		}
		key := strings.TrimSpace(rec[0])
		switch {
		case header == nil && len(seen) == 0 && key != "mamori":
			return nil, nil, &evidence.InputError{File: file, Line: line, Field: "mamori",
				Msg: fmt.Sprintf("expected the first row to be mamori,%s to mark the document, got %q", CloudRegistrySchema, strings.Join(rec, ","))}
		case header == nil && key == "scheme":
			header = make([]string, len(rec))
			cols := map[string]bool{}
			for i, h := range rec {
				h = strings.TrimSpace(h)
				switch {
				case !slices.Contains(registryColumns, h):
					fail(line, "", "column %s: unknown column %q: expected %s", csvColumn(i), h, strings.Join(registryColumns, ", "))
				case cols[h]:
					fail(line, "", "column %s: column %q given twice", csvColumn(i), h)
				}
				cols[h] = true
				header[i] = h
			}
			for _, h := range registryRequired {
				if !cols[h] {
					fail(line, "", "the header row lacks the column %q", h)
				}
			}
			lines["services"] = line
		case header == nil:
			if !slices.Contains(registryPreamble, key) {
				fail(line, key, "unknown key %q: expected %s, then the header row starting with scheme", key, strings.Join(registryPreamble, ", "))
				continue
			}
			if prev, dup := seen[key]; dup {
				fail(line, key, "already given on line %d", prev)
				continue
			}
			seen[key] = line
			lines[key] = line
			if len(rec) > 2 {
				fail(line, key, "column %s: expected one value after %q, got %q", csvColumn(2), key, rec[2])
				continue
			}
			val := ""
			if len(rec) == 2 {
				val = strings.TrimSpace(rec[1])
			}
			if err := setPreamble(reg, key, val); err != nil {
				fail(line, key, "%v", err)
			}
		default:
			i := len(reg.Services)
			f := fmt.Sprintf("services[%d]", i)
			lines[f] = line
			var e CloudRegistryEntry
			for c, v := range rec {
				v = strings.TrimSpace(v)
				if c >= len(header) {
					if v != "" {
						fail(line, f, "column %s: a value beyond the %d columns of the header row: %q", csvColumn(c), len(header), v)
					}
					continue
				}
				lines[f+"."+header[c]] = line
				if err := setColumn(&e, header[c], v); err != nil {
					fail(line, f+"."+header[c], "column %s: %v", csvColumn(c), err)
				}
			}
			reg.Services = append(reg.Services, e)
		}
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	if header == nil {
		return nil, nil, &evidence.InputError{File: file, Field: "services",
			Msg: "no header row: after the mamori, name and as_of rows, expected a row naming the columns (" + strings.Join(registryColumns, ",") + ")"}
	}
	return reg, lines, nil
}

func setPreamble(reg *CloudRegistry, key, val string) error {
	switch key {
	case "mamori":
		if val != CloudRegistrySchema {
			return fmt.Errorf("expected %q to mark the document, got %q", CloudRegistrySchema, val)
		}
		reg.Schema = val
	case "name":
		reg.Name = val
	case "source":
		reg.Source = val
	case "as_of":
		d, err := evidence.ParseDate(val)
		if err != nil {
			return err
		}
		reg.AsOf = d
	case "sample":
		if val != "true" && val != "false" {
			return fmt.Errorf("expected true or false, got %q", val)
		}
		reg.Sample = val == "true"
	}
	return nil
}

func setColumn(e *CloudRegistryEntry, col, val string) error {
	date := func(dst **evidence.Date) error {
		if val == "" {
			return nil
		}
		d, err := evidence.ParseDate(val)
		if err != nil {
			return err
		}
		*dst = &d
		return nil
	}
	switch col {
	case "scheme":
		e.Scheme = val
	case "registration":
		e.Registration = val
	case "service":
		e.Service = val
	case "provider":
		e.Provider = val
	case "level":
		e.Level = val
	case "valid_from":
		return date(&e.ValidFrom)
	case "valid_until":
		return date(&e.ValidUntil)
	}
	return nil
}

// csvColumn names the i'th cell (from 0) of a row as a spreadsheet
// does (A, B, ... Z, AA), since registries are edited in one.
func csvColumn(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// trimTrailingEmpty drops the empty cells at the end of a row, which
// spreadsheet programs add to make every row as wide as the widest.
func trimTrailingEmpty(rec []string) []string {
	n := len(rec)
	for n > 0 && strings.TrimSpace(rec[n-1]) == "" {
		n--
	}
	return rec[:n]
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}
