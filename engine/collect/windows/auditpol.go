package windows

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/mamori-dev/mamori/engine/collect"
)

// auditpolHeader is the header of auditpol /get /r.
var auditpolHeader = []string{"Machine Name", "Policy Target", "Subcategory", "Subcategory GUID", "Inclusion Setting", "Exclusion Setting"}

// Inclusion settings, as English and Japanese Windows print them.
var inclusion = map[string][2]bool{ // success, failure
	"No Auditing":         {false, false},
	"Success":             {true, false},
	"Failure":             {false, true},
	"Success and Failure": {true, true},
	"監査なし":                {false, false},
	"成功":                  {true, false},
	"失敗":                  {false, true},
	"成功および失敗":             {true, true},
}

// Subcategory GUIDs read (the same in every language).
const (
	guidSensitivePrivilegeUse = "{0CCE9228-69AE-11D9-BED3-505054503030}"
	guidLogon                 = "{0CCE9215-69AE-11D9-BED3-505054503030}"
)

var errEOF = io.EOF

var guidRe = regexp.MustCompile(`^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$`)

func auditpol(raw *collect.Raw, computer string) ([]collect.Observation, []string, error) {
	name := raw.Input.Name
	text, err := collect.DecodeText(name, raw.Data)
	if err != nil {
		return nil, nil, err
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = len(auditpolHeader)
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		return nil, nil, csvError(name, err)
	}
	// The header is English on every Windows we know of; check it where
	// it is, so that another export is not read as audit policy.
	if header[0] != "" && header[0] < "\x80" && !equalFold(header, auditpolHeader) {
		return nil, nil, collect.Errorf(name, 1, "header", "expected %q (auditpol /get /category:* /r), got %q", strings.Join(auditpolHeader, ","), strings.Join(header, ","))
	}
	type sub struct {
		name     string
		success  bool
		failure  bool
		line     int
		settings string
	}
	subs := map[string]sub{}
	anyOn := false
	for {
		rec, err := r.Read()
		if errors.Is(err, errEOF) {
			break
		}
		if err != nil {
			return nil, nil, csvError(name, err)
		}
		line, _ := r.FieldPos(0)
		guid := strings.ToUpper(strings.TrimSpace(rec[3]))
		if !guidRe.MatchString(guid) {
			return nil, nil, collect.Errorf(name, line, "Subcategory GUID", "expected a GUID such as %s, got %q", guidLogon, rec[3])
		}
		set, ok := inclusion[strings.TrimSpace(rec[4])]
		if !ok {
			return nil, nil, collect.Errorf(name, line, "Inclusion Setting", "expected No Auditing, Success, Failure or Success and Failure, got %q", rec[4])
		}
		if _, dup := subs[guid]; dup {
			return nil, nil, collect.Errorf(name, line, "Subcategory GUID", "%s given twice", guid)
		}
		if m := strings.TrimSpace(rec[0]); m != "" && computer != "" && !strings.EqualFold(m, computer) {
			return nil, nil, collect.Errorf(name, line, "Machine Name", "%q is not this host's computer name %q (host.json)", m, computer)
		}
		subs[guid] = sub{name: rec[2], success: set[0], failure: set[1], line: line, settings: rec[4]}
		anyOn = anyOn || set[0] || set[1]
	}
	if len(subs) == 0 {
		return nil, nil, collect.Errorf(name, 0, "", "no subcategories: expected the output of auditpol /get /category:* /r")
	}
	var obs []collect.Observation
	var notes []string
	// Logging is on when any subcategory audits something.
	basis := []collect.Basis{{Input: name, Setting: "Inclusion Setting", Value: fmt.Sprintf("%d subcategories", len(subs))}}
	if s, ok := subs[guidLogon]; ok {
		basis = []collect.Basis{{Input: name, Line: s.line, Setting: strings.TrimSpace(s.name), Value: s.settings}}
	}
	obs = append(obs, collect.Observation{Fact: "audit.logging_enabled", Value: collect.Bool(anyOn), Basis: basis})
	if s, ok := subs[guidSensitivePrivilegeUse]; ok {
		obs = append(obs, collect.Observation{Fact: "access.privileged_functions_logged", Value: collect.Bool(s.success),
			Basis: []collect.Basis{{Input: name, Line: s.line, Setting: strings.TrimSpace(s.name), Value: s.settings}}})
	} else {
		notes = append(notes, name+": no Sensitive Privilege Use subcategory: privileged functions logging not established")
	}
	return obs, notes, nil
}

func equalFold(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(strings.TrimSpace(a[i]), b[i]) {
			return false
		}
	}
	return true
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return collect.Errorf(name, pe.Line, "", "expected %d columns (%s)", len(auditpolHeader), strings.Join(auditpolHeader, ","))
		}
		// A quoted field may run over several lines: name the line the
		// record starts on.
		return collect.Errorf(name, pe.StartLine, "", "CSV: %v", pe.Err)
	}
	if errors.Is(err, errEOF) {
		return collect.Errorf(name, 0, "", "empty: expected the output of auditpol /get /category:* /r")
	}
	return collect.Errorf(name, 0, "", "CSV: %v", err)
}
