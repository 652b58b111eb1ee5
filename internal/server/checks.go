package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"mime"
	"net/http"
	"strings"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/reports"
)

// siteCheckResponse is a stored site check and, when the organisation
// had a verdict, the verdict made with the check's results applied.
type siteCheckResponse struct {
	Check   store.SiteCheck  `json:"check"`
	Verdict *verdictResponse `json:"verdict"`
}

// postSiteCheck takes an auditor's filled site checklist (the workbook
// made by "mamori checklist site"). The check passes when every item
// was checked and none failed. The results are then applied to the
// site's current evidence, as "mamori assess --site-visit" does, and the
// resulting auditor-verified verdict is stored.
func (s *Server) postSiteCheck(w http.ResponseWriter, r *http.Request, p *principal) error {
	ctx := r.Context()
	siteID := r.PathValue("site")
	site, err := s.siteInScope(ctx, p, siteID)
	if err != nil {
		return err
	}
	kind := r.URL.Query().Get("kind")
	if kind != store.CheckPre && kind != store.CheckFinal {
		return badRequest("kind: expected pre or final, got %q", kind)
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != mediaXLSX && mt != "application/octet-stream" {
		return newProblem(http.StatusUnsupportedMediaType, "unsupported-media-type", "Unsupported media type",
			"send the filled checklist workbook as "+mediaXLSX)
	}
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	part := evidencePart{media: mediaChecklist, data: body}
	sc, err := reports.ReadSiteChecklist(bytes.NewReader(body), int64(len(body)), part.name(), s.cfg.Checklist)
	if err != nil {
		return inputProblem(err)
	}
	if sc.Site != "" && sc.Site != siteID {
		return unprocessable("the checklist is for site %q, not %q", sc.Site, siteID)
	}
	if sc.Organization != "" && sc.Organization != site.OrgID {
		return unprocessable("the checklist is for organisation %q, not the site's", sc.Organization)
	}
	result := store.CheckPass
	var unchecked []string
	for _, res := range sc.Results {
		switch res.Result {
		case engine.ItemFail:
			result = store.CheckFail
		case engine.ItemNotChecked:
			unchecked = append(unchecked, res.Item+" ("+res.Cell+")")
		}
	}
	if len(unchecked) > 0 {
		return unprocessable("every item must have a result; not checked: %s", strings.Join(unchecked, ", "))
	}
	if sc.Date.IsZero() {
		return unprocessable("the sign-off date is missing")
	}
	// Apply the results to the site's current evidence first: if that
	// fails nothing is stored. The new verdict is stored before the check,
	// so a crash between the two leaves the site unchecked (the gates
	// deny), never checked without its verdict.
	var resp siteCheckResponse
	base, err := s.st.CurrentVerdict(ctx, site.OrgID, siteID)
	if errors.Is(err, store.ErrNotFound) {
		base, err = s.st.CurrentVerdict(ctx, site.OrgID, "")
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return err
	default:
		parts, err := s.storedEvidence(ctx, &base)
		if err != nil {
			return err
		}
		parts = append(parts, part)
		ev, err := s.rebuild(parts)
		if err != nil {
			return err
		}
		if ev.Assessment.Site == "" {
			ev.Assessment.Site = siteID
		}
		sv, err := s.assessAndStore(ctx, p, ev, parts)
		if err != nil {
			return err
		}
		if resp.Verdict, err = s.verdictView(sv, true); err != nil {
			return err
		}
	}
	sum := sha256.Sum256(body)
	if resp.Verdict == nil {
		// No verdict to apply it to: keep the checklist as evidence.
		if _, _, err := s.st.PutEvidence(ctx, store.Evidence{OrgID: site.OrgID, MediaType: mediaChecklist, Content: body, SubmittedBy: p.Subject}); err != nil {
			return err
		}
	}
	resp.Check, err = s.st.AddSiteCheck(ctx, store.SiteCheck{SiteID: siteID, Kind: kind, Result: result, Auditor: p.Subject,
		Date: sc.Date.Time, ChecklistSHA256: hex.EncodeToString(sum[:])})
	if err != nil {
		return err
	}
	s.invalidate(ctx)
	return writeJSON(w, http.StatusCreated, resp)
}

func (s *Server) listSiteChecks(w http.ResponseWriter, r *http.Request, p *principal) error {
	ctx := r.Context()
	siteID := r.PathValue("site")
	if _, err := s.siteInScope(ctx, p, siteID); err != nil {
		return err
	}
	checks, err := s.st.ListSiteChecks(ctx, siteID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"site": siteID, "checks": checks})
}

// siteInScope returns the site if the caller may act on it: any site
// for admin, its own organisation's for a company, an assigned one for
// an auditor; else errNotFound, as for a site that does not exist.
func (s *Server) siteInScope(ctx context.Context, p *principal, siteID string) (store.Site, error) {
	site, err := s.st.GetSite(ctx, siteID)
	if errors.Is(err, store.ErrNotFound) {
		return site, errNotFound
	} else if err != nil {
		return site, err
	}
	ok := p.Role == store.RoleAdmin || (p.Role == store.RoleCompany && p.Org == site.OrgID)
	if p.Role == store.RoleAuditor {
		if ok, err = s.st.AuditorAssigned(ctx, p.Subject, siteID); err != nil {
			return site, err
		}
	}
	if !ok {
		return site, errNotFound
	}
	return site, nil
}
