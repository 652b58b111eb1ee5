package server

import (
	"crypto/ed25519"
	"errors"
	"net/http"
	"strings"

	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/internal/store"
)

const maxAdminBody = 1 << 20

// register applies a registry from a request and answers 201 with the
// counts, 409 when a record exists with different content, and 422 with
// every fault located when it does not validate.
func (s *Server) register(w http.ResponseWriter, r *http.Request, reg *Registry) error {
	res, err := ApplyRegistry(r.Context(), s.st, "request", reg)
	s.invalidate(r.Context())
	var ce *ConflictError
	switch {
	case errors.As(err, &ce):
		p := newProblem(http.StatusConflict, "conflict", "Conflict", "records exist with different content; nothing was written")
		p.addFaults(ce.InputErrors)
		return p
	case errors.Is(err, errConflict) || errors.Is(err, store.ErrExists):
		return newProblem(http.StatusConflict, "conflict", "Conflict", err.Error())
	case err != nil:
		return inputProblem(err)
	}
	return writeJSON(w, http.StatusCreated, res)
}

func (s *Server) postRegistry(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var reg Registry
	if err := decodeJSON(w, r, s.cfg.MaxBody, &reg); err != nil {
		return err
	}
	if reg.Schema != RegistrySchema {
		return unprocessable("mamori: expected %q, got %q", RegistrySchema, reg.Schema)
	}
	return s.register(w, r, &reg)
}

func (s *Server) postOrganization(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var o RegistryOrg
	if err := decodeJSON(w, r, maxAdminBody, &o); err != nil {
		return err
	}
	return s.register(w, r, &Registry{Organizations: []RegistryOrg{o}})
}

func (s *Server) postSite(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var site RegistrySite
	if err := decodeJSON(w, r, maxAdminBody, &site); err != nil {
		return err
	}
	org, err := s.st.GetOrganization(r.Context(), r.PathValue("org"))
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	} else if err != nil {
		return err
	}
	reg := &Registry{Organizations: []RegistryOrg{{ID: org.ID, Name: org.Name, CorporateNumber: org.CorporateNumber,
		CAGE: org.CAGE, Sites: []RegistrySite{site}}}}
	return s.register(w, r, reg)
}

func (s *Server) postContract(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var c RegistryContract
	if err := decodeJSON(w, r, maxAdminBody, &c); err != nil {
		return err
	}
	return s.register(w, r, &Registry{Contracts: []RegistryContract{c}})
}

func (s *Server) putAuditorSite(w http.ResponseWriter, r *http.Request, _ *principal) error {
	return s.register(w, r, &Registry{Auditors: []RegistryAuditor{{Subject: r.PathValue("subject"), Sites: []string{r.PathValue("site")}}}})
}

func (s *Server) listOrganizations(w http.ResponseWriter, r *http.Request, _ *principal) error {
	orgs, err := s.st.ListOrganizations(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"organizations": orgs})
}

func (s *Server) getOrganization(w http.ResponseWriter, r *http.Request, p *principal) error {
	id := r.PathValue("org")
	if p.Role == store.RoleCompany && p.Org != id {
		return errNotFound
	}
	org, err := s.st.GetOrganization(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	} else if err != nil {
		return err
	}
	sites, err := s.st.ListSites(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"organization": org, "sites": sites})
}

func (s *Server) getContract(w http.ResponseWriter, r *http.Request, p *principal) error {
	c, err := s.st.GetContract(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && p.Role == store.RolePrime && c.PrimeOrgID != p.Org) {
		return errNotFound
	} else if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// suspensionRequest suspends an organisation, or records why a
// suspension was lifted.
type suspensionRequest struct {
	Reason string `json:"reason"`
}

// postSuspension suspends an organisation at once: the next gate
// decision for it is deny.
func (s *Server) postSuspension(w http.ResponseWriter, r *http.Request, p *principal) error {
	var req suspensionRequest
	if err := decodeJSON(w, r, maxAdminBody, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.Reason) == "" {
		return unprocessable("reason: required (for example the incident reference)")
	}
	org := r.PathValue("org")
	if _, err := s.st.GetOrganization(r.Context(), org); errors.Is(err, store.ErrNotFound) {
		return errNotFound
	} else if err != nil {
		return err
	}
	sp, err := s.st.Suspend(r.Context(), store.Suspension{OrgID: org, Reason: req.Reason, By: p.Subject, Since: s.now()})
	if err != nil {
		return err
	}
	s.invalidate(r.Context())
	return writeJSON(w, http.StatusCreated, sp)
}

// liftSuspension lifts the organisation's active suspensions; the
// lifting is in the ledger like the suspension.
func (s *Server) liftSuspension(w http.ResponseWriter, r *http.Request, p *principal) error {
	org := r.PathValue("org")
	if _, err := s.st.GetOrganization(r.Context(), org); errors.Is(err, store.ErrNotFound) {
		return errNotFound
	} else if err != nil {
		return err
	}
	err := s.st.LiftSuspension(r.Context(), org, p.Subject, s.now())
	if errors.Is(err, store.ErrNotFound) {
		return newProblem(http.StatusNotFound, "not-suspended", "Not suspended", "the organisation has no active suspension")
	} else if err != nil {
		return err
	}
	s.invalidate(r.Context())
	sps, err := s.st.ListSuspensions(r.Context(), org)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"org": org, "suspensions": sps})
}

func (s *Server) listSuspensions(w http.ResponseWriter, r *http.Request, _ *principal) error {
	org := r.PathValue("org")
	if _, err := s.st.GetOrganization(r.Context(), org); errors.Is(err, store.ErrNotFound) {
		return errNotFound
	} else if err != nil {
		return err
	}
	sps, err := s.st.ListSuspensions(r.Context(), org)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"org": org, "suspensions": sps})
}

// keyInfo is a verification key as served at /v1/keys.
type keyInfo struct {
	KeyID        string   `json:"keyid"`
	Algorithm    string   `json:"alg"`
	Status       string   `json:"status"` // active: signing now; retired: signed before
	PublicKeyPEM string   `json:"public_key_pem"`
	PayloadTypes []string `json:"payload_types"`
}

// keys serves the signing key's public key, then the retired ones.
func (s *Server) keys(w http.ResponseWriter, _ *http.Request, _ *principal) error {
	pubs := append([]ed25519.PublicKey{s.cfg.Key.Public().(ed25519.PublicKey)}, s.cfg.RetiredKeys...)
	keys := make([]keyInfo, 0, len(pubs))
	for i, pub := range pubs {
		pemBytes, err := attest.MarshalPublicKey(pub)
		if err != nil {
			return err
		}
		status := "active"
		if i > 0 {
			status = "retired"
		}
		keys = append(keys, keyInfo{
			KeyID: attest.KeyID(pub), Algorithm: "Ed25519", Status: status, PublicKeyPEM: string(pemBytes),
			PayloadTypes: []string{attest.PayloadType, attest.DecisionPayloadType},
		})
	}
	return writeJSON(w, http.StatusOK, map[string]any{"keys": keys})
}
