package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/oscal/export"
	"github.com/mamori-dev/mamori/internal/store"
)

// getVerdictOSCAL serves a stored verdict as OSCAL assessment results,
// scoped as the verdict itself: in full (findings, observations, risks,
// evidence) to whoever may see the organisation's detail, as a summary
// (organisation, site, score, CMMC status and dates, conformance) to a
// prime whose contract declares the organisation, else a 404. The
// document is made from the verdict as stored and signed, not from a
// new assessment, and its UUIDs derive from the signed digest.
func (s *Server) getVerdictOSCAL(w http.ResponseWriter, r *http.Request, p *principal) error {
	ctx := r.Context()
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		lang = engine.LangEN
	}
	if lang != engine.LangJA && lang != engine.LangEN {
		return badRequest("lang: expected en or ja, got %q", lang)
	}
	sv, err := s.st.GetVerdict(ctx, r.PathValue("id"))
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return errNotFound
		}
		return err
	}
	full, err := s.verdictScope(ctx, p, &sv)
	if err != nil {
		return err
	}

	var v engine.Verdict
	if err := json.Unmarshal(sv.VerdictJSON, &v); err != nil {
		return fmt.Errorf("stored verdict %s: %w", sv.ID, err)
	}
	cat, ok := s.cfg.Catalogs.Get(v.Catalog.ID)
	if !ok || cat.Version != v.Catalog.Version {
		return newProblem(http.StatusConflict, "conflict", "Conflict",
			fmt.Sprintf("the verdict was assessed against catalogue %s %q, which this server no longer has; submit the evidence again", v.Catalog.ID, v.Catalog.Version))
	}
	sum := sha256.Sum256(sv.VerdictJSON)
	in := export.Input{Verdict: &v, Catalog: cat, VerdictSHA256: hex.EncodeToString(sum[:]), Lang: lang}
	var doc *export.AssessmentResultsDocument
	if full {
		parts, err := s.storedEvidence(ctx, &sv)
		if err != nil {
			return err
		}
		if in.Evidence, err = s.rebuild(parts); err != nil {
			return err
		}
		doc, err = export.NewAssessmentResults(in)
		if err != nil {
			return err
		}
	} else if doc, err = export.NewAssessmentResultsSummary(in); err != nil {
		return err
	}
	// Encoded before the headers go out, so that a failure is still a
	// problem+json answer.
	var buf bytes.Buffer
	if err := export.WriteJSON(&buf, doc); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="assessment-results-%s.json"`, sv.ID))
	_, err = w.Write(buf.Bytes())
	return err
}

// verdictScope says how much of a stored verdict the caller may see:
// all of it (full) for its own organisation (company), an assigned
// site's (auditor) or any (admin); its summary for a prime whose
// contract declares the organisation; else errNotFound, as for a
// verdict that does not exist.
func (s *Server) verdictScope(ctx context.Context, p *principal, sv *store.Verdict) (full bool, err error) {
	if full, err = s.canSeeOrgDetail(ctx, p, sv.OrgID, sv.SiteID); err != nil || full {
		return full, err
	}
	if p.Role == store.RolePrime {
		ok, err := s.primeCovers(ctx, p.Org, sv.OrgID)
		if err != nil {
			return false, err
		}
		if ok {
			return false, nil
		}
	}
	return false, errNotFound
}
