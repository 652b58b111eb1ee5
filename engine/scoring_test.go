package engine_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/policies"
)

// testNow is the clock for tests: evidence dates must not be after it.
var testNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

var (
	engOnce sync.Once
	engVal  *engine.Engine
	engErr  error
)

func testEngine(t testing.TB) *engine.Engine {
	t.Helper()
	engOnce.Do(func() {
		engVal, engErr = engine.New(context.Background(), engine.Options{
			Controls: controls.FS, Policies: policies.FS, Now: func() time.Time { return testNow },
		})
	})
	require.NoError(t, engErr)
	return engVal
}

// scoringCase is one hand-computed scoring case: a base evidence set in
// which every objective is met and the SSP exists, changed as the case
// says, with the expected results worked out by hand from the DoD
// Assessment Methodology and 32 CFR 170.
type scoringCase struct {
	Description string `yaml:"description"`
	// Rule names the rules the case exercises: sections of the DoD
	// Assessment Methodology (v1.2.1) or of 32 CFR 170, or mamori's own.
	Rule string `yaml:"rule"`
	// Set changes determinations: keys are objective IDs or requirement
	// IDs (all their objectives), or "*" for every objective, applied
	// in key order; values are met, not_met,
	// not_applicable, or not_assessed (the determination is removed).
	Set map[string]string `yaml:"set"`
	// NoSSP removes the SSP reference.
	NoSSP bool `yaml:"no_ssp"`
	// SSPReviewed sets the SSP's review date.
	SSPReviewed string `yaml:"ssp_reviewed"`
	// Params override thresholds.
	Params map[string]any `yaml:"params"`
	// CloudRegistry is a registry file (relative to testdata) to check the
	// evidence's cloud services against.
	CloudRegistry string `yaml:"cloud_registry"`
	// Evidence is merged into the base: facts, poam, exceptions,
	// temporary deficiencies, adjudications, artifacts.
	Evidence evidence.Evidence `yaml:"evidence"`
	Want     struct {
		Score    *int     `yaml:"score"`
		NoScore  bool     `yaml:"no_score"`
		CMMC     string   `yaml:"cmmc"`
		Blocking []string `yaml:"blocking"`
		// BlockingCount replaces Blocking when the list is long.
		BlockingCount *int              `yaml:"blocking_count"`
		Deducted      map[string]int    `yaml:"deducted"`
		Status        map[string]string `yaml:"status"`
		// Objectives are objective statuses after the facts are applied.
		Objectives map[string]string `yaml:"objectives"`
		// JP is the Japanese conformance label of requirements
		// (実施済, 未実施, 該当なし, 未評価).
		JP           map[string]string `yaml:"jp"`
		Basis        map[string]string `yaml:"basis"`
		Contradicted []string          `yaml:"contradicted"`
		CloseoutDue  string            `yaml:"closeout_due"`
		Ready        bool              `yaml:"ready"`
		Stale        int               `yaml:"stale"`
		Coverage     *float64          `yaml:"coverage_percent"`
		// Findings are codes that must be among the findings.
		Findings []string `yaml:"findings"`
		// Unverified are objectives that must be flagged unverified
		// (claimed met, standing, but not corroborated); Verified are
		// objectives that must not be.
		Unverified []string `yaml:"unverified"`
		Verified   []string `yaml:"verified"`
	} `yaml:"want"`
}

const baseDate = "2026-10-01"

func baseEvidence(t testing.TB, cat *engine.Catalog) *evidence.Evidence {
	t.Helper()
	d, err := evidence.ParseDate(baseDate)
	require.NoError(t, err)
	reviewed := d.AddDays(-30)
	ev := &evidence.Evidence{
		Schema:       evidence.Schema,
		Organization: evidence.Organization{ID: "case-co", Name: "ケース株式会社"},
		Assessment: evidence.AssessmentInfo{Type: evidence.AssessmentSelf, Date: d,
			Assessor: evidence.Assessor{Name: "試験 太郎"}},
		SSP:        &evidence.Artifact{ID: "SSP", Title: "システムセキュリティ計画", Reviewed: &reviewed},
		Artifacts:  []evidence.Artifact{{ID: "POL", Title: "情報セキュリティ規程", Reviewed: &reviewed}},
		Objectives: map[string]evidence.Determination{},
		Sources:    []evidence.Source{{File: "base.yaml"}},
	}
	for _, r := range cat.Requirements() {
		for _, o := range r.Objectives {
			ev.Objectives[o.ID] = evidence.Determination{Status: evidence.StatusMet, Method: "examine", Artifacts: []string{"POL"}}
		}
	}
	return ev
}

func applyCase(t *testing.T, ev *evidence.Evidence, cat *engine.Catalog, c *scoringCase) {
	t.Helper()
	for _, id := range slices.Sorted(mapsKeys(c.Set)) {
		status := c.Set[id]
		ids := []string{id}
		if id == "*" {
			ids = nil
			for _, r := range cat.Requirements() {
				for _, o := range r.Objectives {
					ids = append(ids, o.ID)
				}
			}
		} else if r, ok := cat.Requirement(id); ok {
			ids = nil
			for _, o := range r.Objectives {
				ids = append(ids, o.ID)
			}
		} else if _, ok := cat.Objective(id); !ok {
			t.Fatalf("set: unknown ID %s", id)
		}
		for _, oid := range ids {
			if status == evidence.StatusNotAssessed {
				delete(ev.Objectives, oid)
				continue
			}
			d := ev.Objectives[oid]
			d.Status = status
			ev.Objectives[oid] = d
		}
	}
	if c.NoSSP {
		ev.SSP = nil
	}
	if c.SSPReviewed != "" {
		d, err := evidence.ParseDate(c.SSPReviewed)
		require.NoError(t, err)
		ev.SSP.Reviewed = &d
	}
	x := c.Evidence
	ev.Facts = x.Facts
	ev.POAM = x.POAM
	ev.EnduringExceptions = x.EnduringExceptions
	ev.TemporaryDeficiencies = x.TemporaryDeficiencies
	ev.Adjudications = x.Adjudications
	ev.CloudServices = x.CloudServices
	ev.Artifacts = append(ev.Artifacts, x.Artifacts...)
	for id, d := range x.Objectives {
		ev.Objectives[id] = d
	}
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestScoringCases runs the hand-computed cases in testdata/scoring.
func TestScoringCases(t *testing.T) {
	eng := testEngine(t)
	cat := eng.Catalog()
	files, err := filepath.Glob("testdata/scoring/*.yaml")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 25, "want at least 25 scoring cases")
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".yaml"), func(t *testing.T) {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			var c scoringCase
			dec := yaml.NewDecoder(strings.NewReader(string(b)))
			dec.KnownFields(true)
			require.NoError(t, dec.Decode(&c), f)
			require.NotEmpty(t, c.Description)
			e := eng
			if c.Params != nil || c.CloudRegistry != "" {
				var reg *engine.CloudRegistry
				if c.CloudRegistry != "" {
					reg, err = engine.ReadCloudRegistry(filepath.Join("testdata", c.CloudRegistry))
					require.NoError(t, err)
				}
				e, err = engine.New(context.Background(), engine.Options{Controls: controls.FS, Policies: policies.FS,
					Params: c.Params, CloudRegistry: reg, Now: func() time.Time { return testNow }})
				require.NoError(t, err)
			}
			ev := baseEvidence(t, cat)
			applyCase(t, ev, cat, &c)
			v, err := e.Assess(context.Background(), ev)
			require.NoError(t, err)

			w := c.Want
			if w.NoScore {
				assert.Nil(t, v.DoD.Score, "score: want NO_SCORE")
			} else if assert.NotNil(t, v.DoD.Score, "score: got NO_SCORE") && w.Score != nil {
				assert.Equal(t, *w.Score, *v.DoD.Score, "DoD score")
			}
			assert.Equal(t, w.CMMC, v.CMMC.Status, "CMMC status")
			var blocking []string
			for _, r := range v.CMMC.Blocking {
				blocking = append(blocking, strings.TrimSuffix(r.Code+":"+r.Requirement, ":"))
			}
			if w.BlockingCount != nil {
				assert.Len(t, blocking, *w.BlockingCount, "CMMC blocking reasons")
			} else {
				assert.ElementsMatch(t, w.Blocking, blocking, "CMMC blocking reasons")
			}
			got := map[string]engine.ReqResult{}
			deducted := map[string]int{}
			for _, r := range v.Results {
				got[r.ID] = r
				if r.Deducted > 0 {
					deducted[r.ID] = r.Deducted
				}
			}
			if w.Deducted == nil {
				w.Deducted = map[string]int{}
			}
			assert.Equal(t, w.Deducted, deducted, "deductions")
			for id, s := range w.Status {
				assert.Equal(t, s, got[id].Status, "status of %s", id)
			}
			for id, l := range w.JP {
				assert.Equal(t, l, got[id].JP, "Japanese label of %s", id)
			}
			for id, b := range w.Basis {
				assert.Equal(t, b, got[id].Basis, "basis of %s", id)
			}
			var contradicted []string
			for _, f := range v.Findings {
				if f.Contradiction && !slices.Contains(contradicted, f.Requirement) {
					contradicted = append(contradicted, f.Requirement)
				}
			}
			assert.ElementsMatch(t, w.Contradicted, contradicted, "contradicted requirements")
			if w.CloseoutDue != "" {
				if assert.NotNil(t, v.CMMC.CloseoutDue) {
					assert.Equal(t, w.CloseoutDue, v.CMMC.CloseoutDue.String())
				}
			}
			assert.Equal(t, w.Ready, v.Ready, "ready")
			var codes []string
			for _, f := range v.Findings {
				codes = append(codes, f.Code)
			}
			for _, c := range w.Findings {
				assert.Contains(t, codes, c, "findings")
			}
			flagged := map[string]bool{}
			objStatus := map[string]string{}
			for _, r := range v.Results {
				for _, o := range r.Objectives {
					objStatus[o.ID] = o.Status
					if o.Unverified {
						flagged[o.ID] = true
					}
				}
			}
			for id, st := range w.Objectives {
				assert.Equal(t, st, objStatus[id], "status of objective %s", id)
			}
			for _, o := range w.Unverified {
				assert.True(t, flagged[o], "%s should be flagged unverified", o)
			}
			for _, o := range w.Verified {
				assert.False(t, flagged[o], "%s should not be flagged unverified", o)
			}
			assert.Equal(t, w.Stale, v.Coverage.Stale, "stale determinations")
			if w.Coverage != nil {
				assert.InDelta(t, *w.Coverage, v.Coverage.Percent, 0.05, "coverage")
			}
		})
	}
}

// TestRoutingAndCacheKeepFindings checks that evaluating only the
// packages whose facts sections are present, and reusing findings for
// inputs seen before, gives exactly the findings of evaluating every
// package: on the examples, on each section failing alone, and on many
// random fact sets (each evaluated twice, the second time from the cache).
func TestRoutingAndCacheKeepFindings(t *testing.T) {
	eng := testEngine(t)
	deps := eng.DepsForTest()
	require.Len(t, deps, 110)
	for req, d := range deps {
		assert.False(t, d.Always, "%s: the analysis follows every input read", req)
	}
	assert.Contains(t, deps["3.13.11"].Facts, "crypto")
	assert.Equal(t, []string{"identity.replay_resistant"}, deps["3.5.4"].Facts)
	assert.True(t, deps["3.6.3"].Date, "3.6.3 ages the last exercise against the assessment date")
	assert.False(t, deps["3.5.4"].Date)

	var sets []*evidence.Evidence
	dirs := evidenceExamples(t)
	for _, d := range dirs {
		ev, err := evidence.Read(d)
		require.NoError(t, err)
		sets = append(sets, ev)
	}
	sets = append(sets, &evidence.Evidence{Facts: fullFacts()}, &evidence.Evidence{Facts: &evidence.Facts{}}, &evidence.Evidence{})
	failing := failingSections()
	first := len(sets) // the first set with a failing section
	for _, f := range failing {
		sets = append(sets, &evidence.Evidence{Facts: f})
	}
	r := rand.New(rand.NewPCG(7, 11))
	for range 300 {
		sets = append(sets, &evidence.Evidence{Facts: randomFacts(r)})
	}
	for i, ev := range sets {
		if ev.Assessment.Date.IsZero() {
			ev.Assessment.Date, _ = evidence.ParseDate(fmt.Sprintf("2026-%02d-01", 1+i%10))
		}
		all, err := eng.FindingsForTest(ev, false)
		require.NoError(t, err)
		for pass := range 2 {
			fast, err := eng.FindingsForTest(ev, true)
			require.NoError(t, err)
			assert.ElementsMatch(t, all, fast, "evidence set %d, pass %d", i, pass)
		}
		if i >= first && i < first+len(failing) {
			assert.NotEmpty(t, all, "evidence set %d: failing facts give findings", i)
		}
	}
}

// randomFacts draws every fact from a few values, present or absent.
func randomFacts(r *rand.Rand) *evidence.Facts {
	f := fullFacts()
	bad := failingSections()
	v := reflect.ValueOf(f).Elem()
	for i := 0; i < v.NumField(); i++ {
		switch r.IntN(4) {
		case 0:
			v.Field(i).SetZero() // section absent
		case 1:
			// the section from the failing set, if it has one
			b := reflect.ValueOf(bad[r.IntN(len(bad))]).Elem().Field(i)
			if !b.IsNil() {
				v.Field(i).Set(b)
			}
		}
	}
	return f
}

// TestAssessSummary checks that the summary verdict is the full verdict
// without its per-requirement results, its facts and unverified flags.
func TestAssessSummary(t *testing.T) {
	eng := testEngine(t)
	dirs := evidenceExamples(t)
	for _, d := range dirs {
		ev, err := evidence.Read(d)
		require.NoError(t, err)
		full, err := eng.Assess(context.Background(), ev)
		require.NoError(t, err)
		require.Len(t, full.Results, 110)
		sum, err := eng.AssessSummary(context.Background(), ev)
		require.NoError(t, err)
		full.Results, full.Facts = nil, nil
		kept := []engine.Finding{}
		for _, f := range full.Findings {
			if f.Effect != engine.EffectUnverified {
				kept = append(kept, f)
			}
		}
		full.Findings = kept
		if len(sum.Findings) == 0 {
			sum.Findings = []engine.Finding{}
		}
		assert.Equal(t, full, sum, d)
		assert.Equal(t, full.Coverage.Unverified, sum.Coverage.Unverified)
	}
}
