package server

import (
	"crypto/ed25519"
	"errors"
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/chain"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/internal/store"
)

// getSupplyChain checks a prime's registered supply chain as
// "mamori supply-chain check" does, from the verdicts this service
// signed: for each of the prime's contracts, whether every subcontractor
// it flows down to, at every tier, has a current conformant verdict,
// with the blockers, supplier summaries and alerts. Only summary figures
// cross from a supplier: the report carries no findings or evidence.
//
// The registry declares who a contract flows down to, so every declared
// subcontractor receives the protected information of a contract with
// the special clause, with the clause flowed down. The requirement is
// the DSG's: a final status (fully conformant) from an assessment an
// auditor verified.
func (s *Server) getSupplyChain(w http.ResponseWriter, r *http.Request, p *principal) error {
	ctx := r.Context()
	prime := r.PathValue("prime")
	if p.Role == store.RolePrime && p.Org != prime {
		return errNotFound
	}
	po, err := s.st.GetOrganization(ctx, prime)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	} else if err != nil {
		return err
	}
	all, err := s.st.ListContracts(ctx)
	if err != nil {
		return err
	}
	c := &chain.Chain{Schema: chain.Schema, Prime: chain.Organization{ID: po.ID, Name: po.Name}, File: "registry"}
	companies := map[string]bool{}
	for _, sc := range all {
		if sc.PrimeOrgID != prime {
			continue
		}
		ct := chain.Contract{
			ID: sc.ID, Title: sc.ID, SpecialClause: sc.SpecialClause, DesignationReference: sc.DesignationRef,
			Requirement: chain.Requirement{Status: engine.CMMCFinal, SiteCheck: true},
		}
		for _, sub := range sc.Subcontractors {
			parent := sc.Parents[sub]
			if parent == "" {
				parent = prime
			}
			ct.Parties = append(ct.Parties, chain.Party{Company: sub, Parent: parent, FlowDown: true})
			ct.Flows = append(ct.Flows, chain.Flow{From: parent, To: sub, Protected: sc.SpecialClause})
			companies[sub] = true
		}
		c.Contracts = append(c.Contracts, ct)
	}
	pub := s.cfg.Key.Public().(ed25519.PublicKey)
	var supplied []chain.Supplied
	for _, id := range slices.Sorted(maps.Keys(companies)) {
		o, err := s.st.GetOrganization(ctx, id)
		if err != nil {
			return err
		}
		co := chain.Company{ID: o.ID, Name: o.Name}
		sites, err := s.st.ListSites(ctx, id)
		if err != nil {
			return err
		}
		for _, st := range sites {
			co.Sites = append(co.Sites, chain.Site{ID: st.ID, Name: st.Name})
		}
		if sp, err := s.st.ActiveSuspension(ctx, id); err == nil {
			t := sp.Since.UTC()
			co.Suspension = &chain.Suspension{Reason: sp.Reason, Since: evidence.Date{Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}}
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		c.Companies = append(c.Companies, co)
		vs, err := s.st.ListVerdicts(ctx, id)
		if err != nil {
			return err
		}
		for _, v := range vs {
			supplied = append(supplied, chain.VerifyVerdict("verdict "+v.ID, v.EnvelopeJSON, []ed25519.PublicKey{pub}))
		}
	}
	rep, err := chain.Check(c, supplied, s.today())
	if err != nil {
		return inputProblem(err)
	}
	return writeJSON(w, http.StatusOK, rep)
}
