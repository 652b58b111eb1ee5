package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// TestSiteCheckMarksOnlyItsObjectives: an auditor's site checklist makes
// auditor-verified determinations of the objectives its items cover and
// of no others. The assessment keeps its kind, assessor and date, the
// verdict counts who determined what, and a self-assessment with a
// site check is not auditor-verified, so the membership gate still asks
// for an auditor's assessment.
func TestSiteCheckMarksOnlyItsObjectives(t *testing.T) {
	e := testEngine(t)
	ctx := context.Background()
	ev, err := evidence.Read(filepath.Join("..", "examples", "sato-machining"))
	require.NoError(t, err)
	b, err := controls.FS.ReadFile(engine.DefaultChecklist)
	require.NoError(t, err)
	cl, err := engine.ParseChecklist("controls/"+engine.DefaultChecklist, b, e.Catalog())
	require.NoError(t, err)

	// Every item passed, as one filled checklist of the physical items.
	sc := &engine.SiteCheck{Checklist: cl, Site: "suwa-honsha", Organization: ev.Organization.ID,
		Auditor: evidence.Assessor{Name: "監査 一郎", Organization: "防衛装備庁"}, Date: ev.Assessment.Date,
		Source: evidence.Source{File: "checklist.xlsx", SHA256: "00"}}
	covered := map[string]bool{}
	for _, it := range cl.Items {
		sc.Results = append(sc.Results, engine.ItemResult{Item: it.ID, Result: engine.ItemPass})
		for _, o := range it.Objectives {
			covered[o] = true
		}
	}
	require.NotEmpty(t, covered)

	before, err := e.Assess(ctx, ev)
	require.NoError(t, err)
	checked, conflicts, err := engine.ApplySiteChecks(ev, sc)
	require.NoError(t, err)
	assert.Empty(t, conflicts)
	assert.Equal(t, ev.Assessment, checked.Assessment, "the assessment keeps its kind, assessor and date")

	v, err := e.Assess(ctx, checked)
	require.NoError(t, err)
	assert.False(t, v.AuditorVerified, "a site check of some objectives does not verify the whole assessment")
	assert.Equal(t, evidence.AssessmentSelf, v.Assessment.Type)
	assert.Equal(t, ev.Assessment.Assessor.Name, v.Assessment.Assessor.Name)
	by := v.Coverage.DeterminedBy
	assert.Equal(t, len(covered), by.Auditor)
	assert.Zero(t, by.Prime)
	assert.Equal(t, v.Coverage.Determined, by.Self+by.Auditor)
	assert.Equal(t, engine.DeterminedBy{Self: before.Coverage.Determined}, before.Coverage.DeterminedBy)
	for _, r := range v.Results {
		for _, o := range r.Objectives {
			if o.Provenance == nil {
				continue
			}
			want := evidence.AssessmentSelf
			if covered[o.ID] {
				want = evidence.AssessmentAuditor
			}
			assert.Equal(t, want, o.Provenance.AssessorType, o.ID)
		}
	}

	// The gates read auditor_verified: still not verified.
	in := engine.GateInputFromVerdict(v, "v-sato")
	in.Now = gateDate(t, "2026-11-01")
	in.Site.PreSiteCheck, in.Site.FinalSiteCheck = engine.SiteCheckPass, engine.SiteCheckPass
	d, err := e.Gate(ctx, engine.GateMembership, in)
	require.NoError(t, err)
	assert.Contains(t, gateCodes(d), "membership.not_auditor_verified")

	// An auditor who determined every determined objective verifies it.
	all := *checked
	all.Objectives = map[string]evidence.Determination{}
	for id, det := range checked.Objectives {
		det.AssessorType = evidence.AssessmentAuditor
		all.Objectives[id] = det
	}
	v, err = e.Assess(ctx, &all)
	require.NoError(t, err)
	assert.True(t, v.AuditorVerified)
	assert.Equal(t, engine.DeterminedBy{Auditor: v.Coverage.Determined}, v.Coverage.DeterminedBy)
}

// TestAssessorTypeNotInEvidence: only a site check marks an objective as
// an auditor's; evidence cannot claim it.
func TestAssessorTypeNotInEvidence(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "ev.yaml")
	require.NoError(t, os.WriteFile(f, []byte(`mamori: evidence/v1
organization: {id: x, name: X}
assessment: {type: self, date: 2026-10-01, assessor: {name: A}}
objectives:
  "3.10.1[a]": {status: met, assessor_type: auditor}
`), 0o600))
	_, err := evidence.Read(f)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "assessor_type")
}
