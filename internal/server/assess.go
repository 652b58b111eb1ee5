package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/reports"
)

// Media types of stored evidence.
const (
	mediaJSON      = "application/json"
	mediaYAML      = "application/yaml"
	mediaXLSX      = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	mediaChecklist = "application/vnd.mamori.site-checklist+xlsx"
	maxParts       = 64
)

var mediaExt = map[string]string{mediaJSON: ".json", mediaYAML: ".yaml", mediaXLSX: ".xlsx", mediaChecklist: ".xlsx"}

// evidencePart is one evidence document of a submission.
type evidencePart struct {
	media string
	data  []byte
	// file is the name the submitter gave it (a multipart file name, or
	// "request.yaml" for a whole body); errors and the verdict's sources
	// use it.
	file string
}

// name is the part's name in errors and in the verdict: the name it was
// submitted under, else a name made from its digest.
func (p evidencePart) name() string {
	if p.file != "" {
		return p.file
	}
	sum := sha256.Sum256(p.data)
	return hex.EncodeToString(sum[:6]) + mediaExt[p.media]
}

// format is the notation of a JSON or YAML part, from its media type.
func (p evidencePart) format() evidence.Format {
	if p.media == mediaJSON {
		return evidence.FormatJSON
	}
	return evidence.FormatYAML
}

// partName is a submitted file's base name, made safe to print.
func partName(filename, media string) string {
	base := path.Base(strings.ReplaceAll(filename, "\\", "/"))
	clean := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, base)
	if clean == "" || clean == "." || clean == "/" || len(clean) > 128 {
		return "request" + mediaExt[media]
	}
	return clean
}

// mediaOf maps a request's content type (or a part's file name) to a
// stored media type.
func mediaOf(contentType, filename string) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case "application/json":
		return mediaJSON
	case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml":
		return mediaYAML
	case mediaXLSX:
		return mediaXLSX
	}
	switch strings.ToLower(path.Ext(filename)) {
	case ".json":
		return mediaJSON
	case ".yaml", ".yml":
		return mediaYAML
	case ".xlsx":
		return mediaXLSX
	}
	return ""
}

// readEvidenceParts reads a submission: one JSON, YAML or self-
// assessment workbook body, or several as multipart/form-data.
func (s *Server) readEvidenceParts(w http.ResponseWriter, r *http.Request) ([]evidencePart, error) {
	unsupported := newProblem(http.StatusUnsupportedMediaType, "unsupported-media-type", "Unsupported media type",
		"send application/json, application/yaml, a self-assessment workbook ("+mediaXLSX+"), or multipart/form-data with such files")
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return nil, unsupported
	}
	if mt != "multipart/form-data" {
		media := mediaOf(mt, "")
		if media == "" {
			return nil, unsupported
		}
		b, err := s.readBody(w, r)
		if err != nil {
			return nil, err
		}
		return []evidencePart{{media: media, data: b, file: "request" + mediaExt[media]}}, nil
	}
	if r.ContentLength > s.cfg.MaxBody {
		return nil, tooLarge(s.cfg.MaxBody)
	}
	mr := multipart.NewReader(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody), params["boundary"])
	var parts []evidencePart
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, tooLarge(s.cfg.MaxBody)
			}
			return nil, badRequest("reading multipart body: %v", err)
		}
		if len(parts) == maxParts {
			return nil, unprocessable("at most %d files per submission", maxParts)
		}
		media := mediaOf(p.Header.Get("Content-Type"), p.FileName())
		if media == "" {
			return nil, unprocessable("part %q: expected a .json, .yaml or .xlsx evidence file", p.FileName())
		}
		b, err := io.ReadAll(p)
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, tooLarge(s.cfg.MaxBody)
			}
			return nil, badRequest("reading part %q: %v", p.FileName(), err)
		}
		parts = append(parts, evidencePart{media: media, data: b, file: partName(p.FileName(), media)})
	}
	if len(parts) == 0 {
		return nil, unprocessable("no evidence files in the multipart body")
	}
	return parts, nil
}

// parseEvidence parses and merges evidence parts; site checklists among
// them are returned apart.
func (s *Server) parseEvidence(parts []evidencePart) (*evidence.Evidence, []*engine.SiteCheck, error) {
	var evs []*evidence.Evidence
	var checks []*engine.SiteCheck
	for _, p := range parts {
		switch p.media {
		case mediaXLSX:
			ev, err := reports.ReadSelfAssessment(bytes.NewReader(p.data), int64(len(p.data)), p.name(), s.eng.Catalog())
			if err != nil {
				return nil, nil, inputProblem(err)
			}
			evs = append(evs, ev)
		case mediaChecklist:
			sc, err := reports.ReadSiteChecklist(bytes.NewReader(p.data), int64(len(p.data)), p.name(), s.cfg.Checklist)
			if err != nil {
				return nil, nil, inputProblem(err)
			}
			checks = append(checks, sc)
		default:
			ev, err := evidence.ParseFormat(p.name(), p.data, p.format())
			if err != nil {
				return nil, nil, inputProblem(err)
			}
			evs = append(evs, ev)
		}
	}
	if len(evs) == 0 {
		return nil, nil, unprocessable("no evidence documents")
	}
	ev, err := evidence.Merge(evs...)
	if err != nil {
		return nil, nil, inputProblem(err)
	}
	return ev, checks, nil
}

// verdictResponse is a stored verdict as served. Verdict (the full
// verdict) is left out for a prime, which sees the summary only.
type verdictResponse struct {
	ID              string          `json:"id"`
	Org             string          `json:"org"`
	Site            string          `json:"site"`
	CatalogID       string          `json:"catalog_id"`
	CatalogVersion  string          `json:"catalog_version"`
	PolicyDigest    string          `json:"policy_digest,omitempty"`
	EvidenceDigests []string        `json:"evidence_digests,omitempty"`
	Assessor        string          `json:"assessor,omitempty"`
	CreatedAt       time.Time       `json:"created_at"`
	ValidUntil      time.Time       `json:"valid_until"`
	Summary         attest.Decision `json:"summary"`
	Verdict         json.RawMessage `json:"verdict,omitempty"`
	Signed          json.RawMessage `json:"signed"`
}

func (s *Server) verdictView(sv *store.Verdict, full bool) (*verdictResponse, error) {
	env, err := attest.ParseEnvelope(sv.EnvelopeJSON)
	if err != nil {
		return nil, fmt.Errorf("stored verdict %s: %w", sv.ID, err)
	}
	// The envelope was signed when the verdict was stored (perhaps with a
	// key since rotated); the ledger guards it. Serve what it states.
	payload, err := base64.StdEncoding.DecodeString(env.Payload)
	if err != nil {
		return nil, fmt.Errorf("stored verdict %s: %w", sv.ID, err)
	}
	var st attest.Statement
	if err := json.Unmarshal(payload, &st); err != nil {
		return nil, fmt.Errorf("stored verdict %s: %w", sv.ID, err)
	}
	vr := &verdictResponse{
		ID: sv.ID, Org: sv.OrgID, Site: sv.SiteID, CatalogID: sv.CatalogID, CatalogVersion: sv.CatalogVersion,
		CreatedAt: sv.CreatedAt, ValidUntil: sv.ValidUntil, Summary: st.Decision, Signed: sv.EnvelopeJSON,
	}
	if full {
		vr.PolicyDigest, vr.EvidenceDigests, vr.Assessor = sv.PolicyDigest, sv.EvidenceDigests, sv.Assessor
		vr.Verdict = sv.VerdictJSON
	}
	return vr, nil
}

// writeVerdict writes a verdict response, splicing the stored verdict
// JSON in as it is rather than re-encoding a few hundred kilobytes.
func writeVerdict(w http.ResponseWriter, status int, vr *verdictResponse) error {
	raw := vr.Verdict
	cp := *vr
	cp.Verdict = nil
	b, err := json.Marshal(&cp)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if len(raw) == 0 {
		_, err = w.Write(append(b, '\n'))
		return err
	}
	out := make([]byte, 0, len(b)+len(raw)+16)
	out = append(out, b[:len(b)-1]...)
	out = append(out, `,"verdict":`...)
	out = append(out, raw...)
	out = append(out, "}\n"...)
	_, err = w.Write(out)
	return err
}

func (s *Server) postAssessment(w http.ResponseWriter, r *http.Request, p *principal) error {
	ctx := r.Context()
	parts, err := s.readEvidenceParts(w, r)
	if err != nil {
		return err
	}
	ev, checks, err := s.parseEvidence(parts)
	if err != nil {
		return err
	}
	if len(checks) > 0 {
		return unprocessable("site checklists are uploaded to /v1/sites/{site}/checks, not submitted as evidence")
	}
	org := ev.Organization.ID
	switch p.Role {
	case store.RoleCompany:
		if org != p.Org {
			return newProblem(http.StatusForbidden, "forbidden", "Forbidden",
				"a company token may submit evidence for its own organisation only")
		}
		if ev.Assessment.Type == evidence.AssessmentAuditor {
			return newProblem(http.StatusForbidden, "forbidden", "Forbidden",
				"only an assigned auditor may submit an auditor's assessment (assessment.type: auditor)")
		}
	case store.RoleAuditor:
		ok := false
		if site := ev.Assessment.Site; site != "" {
			var err error
			if ok, err = s.st.AuditorAssigned(ctx, p.Subject, site); err != nil {
				return err
			}
		}
		if !ok {
			return newProblem(http.StatusForbidden, "forbidden", "Forbidden",
				"an auditor may submit evidence only for a site assigned to it, named in assessment.site")
		}
	}
	if _, err := s.st.GetOrganization(ctx, org); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return unprocessable("organization.id: organisation %q is not registered", org)
		}
		return err
	}
	if site := ev.Assessment.Site; site != "" {
		st, err := s.st.GetSite(ctx, site)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err != nil || st.OrgID != org {
			return unprocessable("assessment.site: site %q is not a registered site of organisation %q", site, org)
		}
	}
	sv, err := s.assessAndStore(ctx, p, ev, parts)
	if err != nil {
		return err
	}
	vr, err := s.verdictView(sv, true)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/verdicts/"+sv.ID)
	return writeVerdict(w, http.StatusCreated, vr)
}

// assessAndStore stores the evidence parts, assesses, signs and stores
// the verdict. Everything is committed before it returns.
func (s *Server) assessAndStore(ctx context.Context, p *principal, ev *evidence.Evidence, parts []evidencePart) (*store.Verdict, error) {
	v, err := s.eng.Assess(ctx, ev)
	if err != nil {
		return nil, inputProblem(err)
	}
	evs := make([]store.Evidence, len(parts))
	for i, part := range parts {
		evs[i] = store.Evidence{OrgID: v.Organization.ID, MediaType: part.media, Content: part.data, SubmittedBy: p.Subject}
	}
	// The stored verdict is compact JSON (the CLI indents its output);
	// the signed statement binds these bytes.
	var buf bytes.Buffer
	if err := engine.WriteVerdictJSON(&buf, v, ""); err != nil {
		return nil, err
	}
	full := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	now := s.now()
	stmt := attest.StatementFor(v, full, now, s.cfg.VerdictValidFor)
	env, err := attest.Sign(stmt, s.cfg.Key)
	if err != nil {
		return nil, err
	}
	envJSON, err := json.Marshal(env)
	if err != nil {
		return nil, err
	}
	site := v.Assessment.Site
	if site == "" && v.Site != nil {
		site = v.Site.ID
	}
	sv, err := s.st.CreateSubmission(ctx, evs, store.Verdict{
		OrgID: v.Organization.ID, SiteID: site, CatalogID: v.Catalog.ID, CatalogVersion: v.Catalog.Version,
		PolicyDigest: v.PolicyDigest, Assessor: p.Subject, CreatedAt: now,
		ValidUntil: stmt.ValidUntil, VerdictJSON: full, EnvelopeJSON: envJSON, SHA256: stmt.VerdictSHA256,
	})
	if err != nil {
		if errors.Is(err, store.ErrTooLarge) {
			return nil, tooLarge(s.cfg.MaxBody)
		}
		return nil, err
	}
	s.invalidate(ctx)
	return &sv, nil
}

func (s *Server) getVerdict(w http.ResponseWriter, r *http.Request, p *principal) error {
	sv, err := s.st.GetVerdict(r.Context(), r.PathValue("id"))
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return errNotFound
		}
		return err
	}
	return s.serveVerdict(w, r, p, &sv)
}

func (s *Server) getOrgVerdict(w http.ResponseWriter, r *http.Request, p *principal) error {
	sv, err := s.currentVerdict(r.Context(), r.PathValue("org"), r.URL.Query().Get("site"))
	if err != nil {
		return err
	}
	return s.serveVerdict(w, r, p, sv)
}

// serveVerdict writes a verdict the caller may see: in full for its
// own organisation (company), an assigned site's (auditor) or any
// (admin); as a summary for a prime's declared subcontractor; else 404.
func (s *Server) serveVerdict(w http.ResponseWriter, r *http.Request, p *principal, sv *store.Verdict) error {
	full, err := s.verdictScope(r.Context(), p, sv)
	if err != nil {
		return err
	}
	vr, err := s.verdictView(sv, full)
	if err != nil {
		return err
	}
	return writeVerdict(w, http.StatusOK, vr)
}

// currentVerdict is the organisation's latest verdict for the site, or
// for any site when site is "".
func (s *Server) currentVerdict(ctx context.Context, org, site string) (*store.Verdict, error) {
	if site != "" {
		sv, err := s.st.CurrentVerdict(ctx, org, site)
		if errors.Is(err, store.ErrNotFound) {
			return nil, errNotFound
		}
		return &sv, err
	}
	vs, err := s.st.ListVerdicts(ctx, org)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, errNotFound
	}
	return &vs[0], nil
}

// storedEvidence reads a verdict's evidence back: the evidence parts
// and any site checklists applied to them.
func (s *Server) storedEvidence(ctx context.Context, sv *store.Verdict) ([]evidencePart, error) {
	// The names the files were submitted under are the verdict's sources.
	var srcs struct {
		Evidence []evidence.Source `json:"evidence"`
	}
	if err := json.Unmarshal(sv.VerdictJSON, &srcs); err != nil {
		return nil, fmt.Errorf("verdict %s: %w", sv.ID, err)
	}
	names := map[string]string{}
	for _, src := range srcs.Evidence {
		names[src.SHA256] = src.File
	}
	parts := make([]evidencePart, 0, len(sv.EvidenceDigests))
	for _, d := range sv.EvidenceDigests {
		e, err := s.st.GetEvidence(ctx, d)
		if err != nil {
			return nil, fmt.Errorf("verdict %s: evidence %s: %w", sv.ID, d, err)
		}
		parts = append(parts, evidencePart{media: e.MediaType, data: e.Content, file: names[d]})
	}
	return parts, nil
}

// rebuild reads a verdict's stored parts back into evidence, with its
// site checklists applied.
func (s *Server) rebuild(parts []evidencePart) (*evidence.Evidence, error) {
	ev, checks, err := s.parseEvidence(parts)
	if err != nil {
		return nil, err
	}
	if len(checks) > 0 {
		if ev, _, err = engine.ApplySiteChecks(ev, checks...); err != nil {
			return nil, inputProblem(err)
		}
	}
	return ev, nil
}

// reassess rebuilds a verdict's evidence and assesses it again.
func (s *Server) reassess(ctx context.Context, parts []evidencePart) (*evidence.Evidence, *engine.Verdict, error) {
	ev, err := s.rebuild(parts)
	if err != nil {
		return nil, nil, err
	}
	v, err := s.eng.Assess(ctx, ev)
	if err != nil {
		return nil, nil, inputProblem(err)
	}
	return ev, v, nil
}

func (s *Server) getReport(w http.ResponseWriter, r *http.Request, p *principal) error {
	ctx := r.Context()
	org := r.PathValue("org")
	ok, err := s.canSeeOrgDetail(ctx, p, org, "")
	if err != nil {
		return err
	}
	if !ok {
		return errNotFound
	}
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		lang = engine.LangJA
	}
	if lang != engine.LangJA && lang != engine.LangEN {
		return badRequest("lang: expected ja or en, got %q", lang)
	}
	sv, err := s.currentVerdict(ctx, org, r.URL.Query().Get("site"))
	if err != nil {
		return err
	}
	if ok, err := s.canSeeOrgDetail(ctx, p, org, sv.SiteID); err != nil {
		return err
	} else if !ok {
		return errNotFound
	}
	parts, err := s.storedEvidence(ctx, sv)
	if err != nil {
		return err
	}
	ev, v, err := s.reassess(ctx, parts)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", mediaXLSX)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="gap-%s.xlsx"`, sv.ID))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	rep := &reports.GapReport{Verdict: v, Evidence: ev, Catalog: s.eng.Catalog(), Catalogs: s.cfg.Catalogs, Lang: lang}
	if err := rep.Write(w); err != nil {
		// The headers are out: the client sees a truncated body.
		s.log.Error("write gap report", "verdict", sv.ID, "err", err)
	}
	return nil
}
