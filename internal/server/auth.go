package server

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/mamori-dev/mamori/internal/store"
)

// principal is the caller, from its bearer token.
type principal struct {
	TokenID string `json:"token_id"`
	Subject string `json:"subject"`
	Role    string `json:"role"`
	// Org is the organisation of a company or prime token.
	Org string `json:"org,omitempty"`
}

// authenticate finds the caller's token and checks its role against the
// endpoint's.
func (s *Server) authenticate(r *http.Request, roles []string) (*principal, error) {
	raw, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok || len(raw) > 256 {
		return nil, errUnauthenticated
	}
	p, err := s.cache.Load().token(r.Context(), s.st, raw)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, errUnauthenticated
		}
		return nil, err
	}
	if !slices.Contains(roles, p.Role) {
		return nil, errForbidden
	}
	if p.Role == store.RoleGate && s.cfg.GateClientCert && (r.TLS == nil || len(r.TLS.VerifiedChains) == 0) {
		return nil, newProblem(http.StatusUnauthorized, "client-certificate-required", "Client certificate required",
			"the gate role must present a TLS client certificate signed by the configured CA")
	}
	return p, nil
}

// bearerToken returns the token of an Authorization header in the
// Bearer scheme, whose name is case-insensitive (RFC 9110 §11.1, RFC 6750
// §2.1): "Bearer", "bearer" and "BEARER" are one scheme.
func bearerToken(h string) (string, bool) {
	scheme, rest, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	raw := strings.TrimSpace(rest)
	return raw, raw != ""
}

// Scope checks. Each returns errNotFound when the caller may not see
// the record, so that a record outside the caller's organisation looks
// exactly like one that does not exist.

// canSeeOrgDetail reports whether p may see the evidence-derived detail
// of org's verdict for site ("" for one covering the organisation): its
// own organisation (company), an assigned site, or an organisation with
// an assigned site for an organisation-wide verdict (auditor), or any
// (admin).
func (s *Server) canSeeOrgDetail(ctx context.Context, p *principal, org, site string) (bool, error) {
	switch p.Role {
	case store.RoleAdmin:
		return true, nil
	case store.RoleCompany:
		return p.Org == org, nil
	case store.RoleAuditor:
		if site != "" {
			return s.st.AuditorAssigned(ctx, p.Subject, site)
		}
		return s.auditorCoversOrg(ctx, p.Subject, org)
	}
	return false, nil
}

// auditorCoversOrg reports whether one of the organisation's sites is
// assigned to the auditor.
func (s *Server) auditorCoversOrg(ctx context.Context, subject, org string) (bool, error) {
	sites, err := s.st.AuditorSites(ctx, subject)
	if err != nil {
		return false, err
	}
	for _, id := range sites {
		site, err := s.st.GetSite(ctx, id)
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			return false, err
		}
		if site.OrgID == org {
			return true, nil
		}
	}
	return false, nil
}

// primeCovers reports whether org is a declared subcontractor on one of
// the prime's contracts.
func (s *Server) primeCovers(ctx context.Context, prime, org string) (bool, error) {
	if prime == "" {
		return false, nil
	}
	cs, err := s.st.ListContracts(ctx)
	if err != nil {
		return false, err
	}
	for _, c := range cs {
		if c.PrimeOrgID == prime && slices.Contains(c.Subcontractors, org) {
			return true, nil
		}
	}
	return false, nil
}
