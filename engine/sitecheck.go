package engine

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// Site checks: the pre-onboarding site checklist (事前現地確認チェックリスト)
// and auditors' results against it.
//
// The items are data (controls/dsg-site-checklist.yaml, ChecklistSchema),
// provisional until the Ministry's official list replaces them. An
// auditor records a result per item on site (reports renders the form
// and reads it back); ApplySiteChecks turns one or more auditors'
// results into verified determinations.

// ChecklistSchema identifies a checklist document.
const ChecklistSchema = "checklist/v1"

// DefaultChecklist is the embedded checklist's path in controls.FS.
const DefaultChecklist = "dsg-site-checklist.yaml"

// Results of a site-check item.
const (
	ItemPass          = "pass"
	ItemFail          = "fail"
	ItemNotApplicable = "not_applicable"
	ItemNotChecked    = "not_checked"
)

// Checklist is a versioned list of site-check items.
type Checklist struct {
	Schema  string          `yaml:"mamori"`
	ID      string          `yaml:"id"`
	Version string          `yaml:"version"`
	Catalog string          `yaml:"catalog,omitempty"`
	Title   Text            `yaml:"title"`
	Notice  Text            `yaml:"notice"`
	Items   []ChecklistItem `yaml:"items"`

	// File is where the checklist was read from.
	File string `yaml:"-"`
}

// ChecklistItem is one thing the auditor checks on site.
type ChecklistItem struct {
	ID           string   `yaml:"id"`
	Area         string   `yaml:"area"`
	Text         Text     `yaml:"text"`
	Requirements []string `yaml:"requirements"`
	Objectives   []string `yaml:"objectives"`
	Method       string   `yaml:"method"`
	Artifact     Text     `yaml:"artifact"`
	Facts        []string `yaml:"facts,omitempty"`
}

// ParseChecklist reads a checklist (YAML or JSON) strictly and checks
// its items against cat. Errors are *evidence.InputError or
// evidence.InputErrors naming name:line.
func ParseChecklist(name string, data []byte, cat *Catalog) (*Checklist, error) {
	var cl Checklist
	lines, err := evidence.DecodeDocument(name, data, ChecklistSchema, &cl)
	if err != nil {
		return nil, err
	}
	var errs evidence.InputErrors
	at := func(line int, field, format string, args ...any) {
		errs = append(errs, &evidence.InputError{File: name, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	if cl.ID == "" {
		at(0, "id", "required")
	}
	if cl.Version == "" {
		at(0, "version", "required")
	}
	if cl.Title.JA == "" && cl.Title.EN == "" {
		at(0, "title", "required")
	}
	if cl.Catalog != "" && cl.Catalog != cat.ID {
		at(0, "catalog", "the checklist is for catalogue %s, not %s", cl.Catalog, cat.ID)
	}
	if len(cl.Items) == 0 {
		at(0, "items", "required: at least one item")
	}
	seen := map[string]int{}
	for i, it := range cl.Items {
		line := lines[fmt.Sprintf("items[%d]", i)]
		f := fmt.Sprintf("items[%d]", i)
		switch {
		case it.ID == "":
			at(line, f+".id", "required")
		case seen[it.ID] != 0:
			at(line, f+".id", "duplicate item %s (already on line %d)", it.ID, seen[it.ID])
		default:
			seen[it.ID] = max(line, 1)
		}
		if it.Text.JA == "" && it.Text.EN == "" {
			at(line, f+".text", "required")
		}
		if !slices.Contains(evidence.Methods, it.Method) {
			at(line, f+".method", "expected examine, interview or test, got %q", it.Method)
		}
		if len(it.Objectives) == 0 {
			at(line, f+".objectives", "required: the objectives the item verifies")
		}
		for _, r := range it.Requirements {
			if _, ok := cat.Requirement(r); !ok {
				at(line, f+".requirements", "unknown requirement %s in %s", r, cat.ID)
			}
		}
		for _, o := range it.Objectives {
			if _, ok := cat.Objective(o); !ok {
				at(line, f+".objectives", "unknown objective %s in %s", o, cat.ID)
				continue
			}
			if req, _, _ := strings.Cut(o, "["); !slices.Contains(it.Requirements, req) {
				at(line, f+".objectives", "objective %s belongs to requirement %s, which the item does not list", o, req)
			}
		}
		for _, p := range it.Facts {
			if !evidence.FactPaths()[p] {
				at(line, f+".facts", "unknown fact %s", p)
			}
		}
	}
	if len(errs) == 1 {
		return nil, errs[0]
	}
	if len(errs) > 0 {
		return nil, errs
	}
	cl.File = name
	return &cl, nil
}

// SiteCheck is one auditor's filled checklist.
type SiteCheck struct {
	Checklist    *Checklist
	Site         string
	Organization string
	Auditor      evidence.Assessor
	// Date is the sign-off date; zero when no result was entered.
	Date    evidence.Date
	Results []ItemResult
	Source  evidence.Source
	// SiteField and OrganizationField say where the site and the
	// organisation were read (a workbook's sheet!cell), for errors.
	SiteField, OrganizationField string
}

// ItemResult is the auditor's result for one item.
type ItemResult struct {
	Item    string
	Result  string // pass, fail, not_applicable or not_checked
	Remarks string
	Photos  string
	// Cell is where the result was read (Checklist!H9).
	Cell string
}

// Conflict is an objective on which site-check results disagree; the
// strictest counts (fail over pass over not applicable).
type Conflict struct {
	Objective string
	Results   []ConflictResult
	// Chosen is the result that counts.
	Chosen string
}

// ConflictResult is one auditor's result behind a conflict.
type ConflictResult struct {
	Auditor string
	File    string
	Item    string
	Result  string
}

func (c Conflict) String() string {
	parts := make([]string, len(c.Results))
	for i, r := range c.Results {
		parts[i] = fmt.Sprintf("%s %s by %s (%s)", r.Item, r.Result, r.Auditor, r.File)
	}
	return fmt.Sprintf("%s: results disagree: %s; the strictest, %s, counts", c.Objective, strings.Join(parts, "; "), c.Chosen)
}

var itemStrictness = map[string]int{ItemNotApplicable: 1, ItemPass: 2, ItemFail: 3}

var itemStatus = map[string]string{
	ItemPass: evidence.StatusMet, ItemFail: evidence.StatusNotMet, ItemNotApplicable: evidence.StatusNotApplicable,
}

// ApplySiteChecks returns a copy of ev in which every objective linked
// to a checked item takes the auditors' determination: pass is met,
// fail not met, not applicable not applicable (not checked leaves it
// as it was), with the auditor, the item's method and the sign-off date
// recorded, and the objective marked as determined by an auditor. Only
// those objectives are: the assessment keeps its kind, assessor and
// date, and the verdict counts who determined what (it is
// auditor-verified only when auditors determined every objective that
// has a determination). Where results for an objective disagree the
// strictest counts and the conflict is returned. All checks must be for
// the same site.
func ApplySiteChecks(ev *evidence.Evidence, checks ...*SiteCheck) (*evidence.Evidence, []Conflict, error) {
	type entry struct {
		sc   *SiteCheck
		item *ChecklistItem
		res  ItemResult
	}
	site := ev.Assessment.Site
	byObj := map[string][]entry{}
	var order []string
	for _, sc := range checks {
		if site == "" {
			site = sc.Site
		}
		if sc.Site != "" && sc.Site != site {
			return nil, nil, &evidence.InputError{File: sc.Source.File, Field: sc.SiteField,
				Msg: fmt.Sprintf("the checklist is for site %s, not %s", sc.Site, site)}
		}
		if sc.Organization != "" && ev.Organization.ID != "" && sc.Organization != ev.Organization.ID {
			return nil, nil, &evidence.InputError{File: sc.Source.File, Field: sc.OrganizationField,
				Msg: fmt.Sprintf("the checklist is for organisation %s, not %s", sc.Organization, ev.Organization.ID)}
		}
		items := map[string]*ChecklistItem{}
		for i := range sc.Checklist.Items {
			items[sc.Checklist.Items[i].ID] = &sc.Checklist.Items[i]
		}
		for _, r := range sc.Results {
			it := items[r.Item]
			if it == nil || itemStrictness[r.Result] == 0 {
				continue
			}
			for _, o := range it.Objectives {
				if _, ok := byObj[o]; !ok {
					order = append(order, o)
				}
				byObj[o] = append(byObj[o], entry{sc, it, r})
			}
		}
	}
	if len(byObj) == 0 {
		return ev, nil, nil
	}
	out := *ev
	out.Objectives = maps.Clone(ev.Objectives)
	if out.Objectives == nil {
		out.Objectives = map[string]evidence.Determination{}
	}
	out.Sources = slices.Clone(ev.Sources)
	var conflicts []Conflict
	for _, sc := range checks {
		out.Sources = append(out.Sources, sc.Source)
	}
	for _, o := range order {
		es := byObj[o]
		best := es[0]
		differ := false
		for _, e := range es[1:] {
			if e.res.Result != best.res.Result {
				differ = true
			}
			if itemStrictness[e.res.Result] > itemStrictness[best.res.Result] {
				best = e
			}
		}
		if differ {
			c := Conflict{Objective: o, Chosen: best.res.Result}
			for _, e := range es {
				c.Results = append(c.Results, ConflictResult{Auditor: e.sc.Auditor.Name, File: e.sc.Source.File, Item: e.item.ID, Result: e.res.Result})
			}
			conflicts = append(conflicts, c)
		}
		prev := ev.Objectives[o]
		d := best.sc.Date
		just := fmt.Sprintf("site check %s %s (%s %s)", best.item.ID, best.res.Result, best.sc.Checklist.ID, best.sc.Checklist.Version)
		if best.res.Remarks != "" {
			just += ": " + best.res.Remarks
		}
		if best.res.Photos != "" {
			just += " [photos: " + best.res.Photos + "]"
		}
		out.Objectives[o] = evidence.Determination{
			Status: itemStatus[best.res.Result], Method: best.item.Method, Assessor: best.sc.Auditor.Name, Date: &d,
			Justification: just, Artifacts: prev.Artifacts, AssessorType: evidence.AssessmentAuditor,
		}
	}
	if out.Assessment.Site == "" {
		out.Assessment.Site = site
	}
	return &out, conflicts, nil
}
