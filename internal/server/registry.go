package server

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/internal/store"
)

// RegistrySchema marks a registry document.
const RegistrySchema = "registry/v1"

// Registry is what the admin role registers: organisations with their
// sites, contracts, and auditor assignments. "mamori admin import" reads
// it from YAML; POST /v1/registry takes it as JSON.
type Registry struct {
	Schema        string             `yaml:"mamori" json:"mamori"`
	Organizations []RegistryOrg      `yaml:"organizations" json:"organizations"`
	Contracts     []RegistryContract `yaml:"contracts" json:"contracts"`
	Auditors      []RegistryAuditor  `yaml:"auditors" json:"auditors"`

	// lines locates fields in the file it was read from.
	lines map[string]int
}

// RegistryOrg is an organisation and its handling facilities.
type RegistryOrg struct {
	ID              string         `yaml:"id" json:"id"`
	Name            string         `yaml:"name" json:"name"`
	CorporateNumber string         `yaml:"corporate_number" json:"corporate_number,omitempty"`
	CAGE            string         `yaml:"cage" json:"cage,omitempty"`
	Sites           []RegistrySite `yaml:"sites" json:"sites,omitempty"`
}

// RegistrySite is a handling facility (取扱施設).
type RegistrySite struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
}

// RegistryContract is a contract carrying 保護すべき情報: the prime, the
// subcontractors it flows down to, whether the information-security
// special clause applies, and the 情報セキュリティ指定書 reference.
type RegistryContract struct {
	ID                   string   `yaml:"id" json:"id"`
	Prime                string   `yaml:"prime" json:"prime"`
	SpecialClause        bool     `yaml:"special_clause" json:"special_clause"`
	DesignationReference string   `yaml:"designation_reference" json:"designation_reference,omitempty"`
	Subcontractors       []string `yaml:"subcontractors" json:"subcontractors,omitempty"`
	// Parents gives the tiers below the first: a subcontractor that
	// receives the information from another subcontractor rather than
	// from the prime, mapped to that subcontractor.
	Parents map[string]string `yaml:"parents" json:"parents,omitempty"`
}

// RegistryAuditor assigns sites to an auditor (the subject of its
// tokens).
type RegistryAuditor struct {
	Subject string   `yaml:"subject" json:"subject"`
	Sites   []string `yaml:"sites" json:"sites"`
}

// ImportResult counts what a registration created and what was already
// there, identical.
type ImportResult struct {
	Created   map[string]int `json:"created"`
	Unchanged map[string]int `json:"unchanged"`
}

// ParseRegistry reads a registry document (YAML or JSON) strictly.
func ParseRegistry(name string, data []byte) (*Registry, error) {
	var reg Registry
	lines, err := evidence.DecodeDocument(name, data, RegistrySchema, &reg)
	if err != nil {
		return nil, err
	}
	reg.lines = lines
	return &reg, nil
}

// errConflict marks a record that exists with different content.
var errConflict = errors.New("exists with different content")

// ConflictError lists the records of a registry that exist with
// different content; nothing was written.
type ConflictError struct{ evidence.InputErrors }

func (e *ConflictError) Unwrap() error { return errConflict }

// ApplyRegistry validates the whole registry against itself and the
// store, then creates what is missing. A record that already exists
// identically is left alone, so importing the same file twice is safe; one
// that exists with different content is an error, and nothing is
// written when validation fails.
func ApplyRegistry(ctx context.Context, st store.Store, file string, reg *Registry) (*ImportResult, error) {
	var errs evidence.InputErrors
	fail := func(field, format string, args ...any) {
		errs = append(errs, &evidence.InputError{File: file, Line: reg.lines[field], Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	orgs := map[string]bool{}
	sites := map[string]string{}
	for i, o := range reg.Organizations {
		f := fmt.Sprintf("organizations[%d]", i)
		switch {
		case !validID(o.ID):
			fail(f+".id", "expected an ID of letters, digits, '.', '_' or '-' (at most 128), got %q", o.ID)
		case orgs[o.ID]:
			fail(f+".id", "duplicate organisation %q", o.ID)
		}
		if strings.TrimSpace(o.Name) == "" {
			fail(f+".name", "required")
		}
		orgs[o.ID] = true
		for j, s := range o.Sites {
			sf := fmt.Sprintf("%s.sites[%d]", f, j)
			switch {
			case !validID(s.ID):
				fail(sf+".id", "expected an ID of letters, digits, '.', '_' or '-' (at most 128), got %q", s.ID)
			case sites[s.ID] != "":
				fail(sf+".id", "duplicate site %q", s.ID)
			}
			if strings.TrimSpace(s.Name) == "" {
				fail(sf+".name", "required")
			}
			sites[s.ID] = o.ID
		}
	}
	orgKnown := func(id string) bool {
		if orgs[id] {
			return true
		}
		_, err := st.GetOrganization(ctx, id)
		return err == nil
	}
	siteKnown := func(id string) bool {
		if sites[id] != "" {
			return true
		}
		_, err := st.GetSite(ctx, id)
		return err == nil
	}
	contracts := map[string]bool{}
	for i, c := range reg.Contracts {
		f := fmt.Sprintf("contracts[%d]", i)
		switch {
		case !validID(c.ID):
			fail(f+".id", "expected an ID of letters, digits, '.', '_' or '-' (at most 128), got %q", c.ID)
		case contracts[c.ID]:
			fail(f+".id", "duplicate contract %q", c.ID)
		}
		contracts[c.ID] = true
		if !orgKnown(c.Prime) {
			fail(f+".prime", "organisation %q is not registered", c.Prime)
		}
		seen := map[string]bool{}
		for j, sub := range c.Subcontractors {
			sf := fmt.Sprintf("%s.subcontractors[%d]", f, j)
			switch {
			case sub == c.Prime:
				fail(sf, "%q is the prime of the contract", sub)
			case seen[sub]:
				fail(sf, "duplicate subcontractor %q", sub)
			case !orgKnown(sub):
				fail(sf, "organisation %q is not registered", sub)
			}
			seen[sub] = true
		}
		for _, sub := range slices.Sorted(maps.Keys(c.Parents)) {
			pf := fmt.Sprintf("%s.parents.%s", f, sub)
			parent := c.Parents[sub]
			switch {
			case !seen[sub]:
				fail(pf, "%q is not a subcontractor of the contract", sub)
			case !seen[parent]:
				fail(pf, "parent %q is not a subcontractor of the contract (tier-1 subcontractors need no parent)", parent)
			default:
				// Follow the parents up: they must reach the prime.
				at, hops := sub, 0
				for c.Parents[at] != "" && hops <= len(c.Parents) {
					at, hops = c.Parents[at], hops+1
				}
				if hops > len(c.Parents) {
					fail(pf, "the parents of %q form a cycle", sub)
				}
			}
		}
	}
	for i, a := range reg.Auditors {
		f := fmt.Sprintf("auditors[%d]", i)
		if strings.TrimSpace(a.Subject) == "" {
			fail(f+".subject", "required")
		}
		for j, s := range a.Sites {
			if !siteKnown(s) {
				fail(fmt.Sprintf("%s.sites[%d]", f, j), "site %q is not registered", s)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	// Records that exist must be the same: find any conflict before
	// writing anything.
	for i, o := range reg.Organizations {
		if got, err := st.GetOrganization(ctx, o.ID); err == nil &&
			(got.Name != o.Name || got.CorporateNumber != o.CorporateNumber || got.CAGE != o.CAGE) {
			fail(fmt.Sprintf("organizations[%d]", i), "organisation %q: %v", o.ID, errConflict)
		}
		for j, s := range o.Sites {
			if got, err := st.GetSite(ctx, s.ID); err == nil && (got.OrgID != o.ID || got.Name != s.Name) {
				fail(fmt.Sprintf("organizations[%d].sites[%d]", i, j), "site %q: %v", s.ID, errConflict)
			}
		}
	}
	for i, c := range reg.Contracts {
		subs := slices.Clone(c.Subcontractors)
		slices.Sort(subs)
		if got, err := st.GetContract(ctx, c.ID); err == nil && (got.PrimeOrgID != c.Prime || got.SpecialClause != c.SpecialClause ||
			got.DesignationRef != c.DesignationReference || !slices.Equal(got.Subcontractors, subs) || !maps.Equal(got.Parents, c.Parents)) {
			fail(fmt.Sprintf("contracts[%d]", i), "contract %q: %v", c.ID, errConflict)
		}
	}
	if len(errs) > 0 {
		return nil, &ConflictError{errs}
	}

	res := &ImportResult{Created: map[string]int{}, Unchanged: map[string]int{}}
	count := func(kind string, created bool) {
		if created {
			res.Created[kind]++
		} else {
			res.Unchanged[kind]++
		}
	}
	for _, o := range reg.Organizations {
		created, err := ensure(func() error {
			_, err := st.CreateOrganization(ctx, store.Organization{ID: o.ID, Name: o.Name, CorporateNumber: o.CorporateNumber, CAGE: o.CAGE})
			return err
		}, func() (bool, error) {
			got, err := st.GetOrganization(ctx, o.ID)
			return got.Name == o.Name && got.CorporateNumber == o.CorporateNumber && got.CAGE == o.CAGE, err
		})
		if err != nil {
			return res, fmt.Errorf("organisation %q: %w", o.ID, err)
		}
		count("organizations", created)
		for _, s := range o.Sites {
			created, err := ensure(func() error {
				_, err := st.CreateSite(ctx, store.Site{ID: s.ID, OrgID: o.ID, Name: s.Name})
				return err
			}, func() (bool, error) {
				got, err := st.GetSite(ctx, s.ID)
				return got.OrgID == o.ID && got.Name == s.Name, err
			})
			if err != nil {
				return res, fmt.Errorf("site %q: %w", s.ID, err)
			}
			count("sites", created)
		}
	}
	for _, c := range reg.Contracts {
		subs := slices.Clone(c.Subcontractors)
		slices.Sort(subs)
		created, err := ensure(func() error {
			_, err := st.CreateContract(ctx, store.Contract{ID: c.ID, PrimeOrgID: c.Prime, SpecialClause: c.SpecialClause,
				DesignationRef: c.DesignationReference, Subcontractors: subs, Parents: c.Parents})
			return err
		}, func() (bool, error) {
			got, err := st.GetContract(ctx, c.ID)
			return got.PrimeOrgID == c.Prime && got.SpecialClause == c.SpecialClause &&
				got.DesignationRef == c.DesignationReference && slices.Equal(got.Subcontractors, subs) && maps.Equal(got.Parents, c.Parents), err
		})
		if err != nil {
			return res, fmt.Errorf("contract %q: %w", c.ID, err)
		}
		count("contracts", created)
	}
	for _, a := range reg.Auditors {
		for _, s := range a.Sites {
			ok, err := st.AuditorAssigned(ctx, a.Subject, s)
			if err != nil {
				return res, err
			}
			if !ok {
				if err := st.AssignAuditor(ctx, a.Subject, s); err != nil {
					return res, fmt.Errorf("assign %q to site %q: %w", a.Subject, s, err)
				}
			}
			count("auditor_assignments", !ok)
		}
	}
	return res, nil
}

// ensure creates a record, or confirms that an existing one is the same.
func ensure(create func() error, same func() (bool, error)) (created bool, err error) {
	err = create()
	if err == nil {
		return true, nil
	}
	if !errors.Is(err, store.ErrExists) {
		return false, err
	}
	ok, err := same()
	if err != nil {
		return false, err
	}
	if !ok {
		return false, errConflict
	}
	return false, nil
}

func validID(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
