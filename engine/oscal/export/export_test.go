package export_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/oscal"
	"github.com/mamori-dev/mamori/engine/oscal/export"
)

// exported are the documents of one example.
type exported struct {
	ar, summary, poam []byte
}

func exportExample(t *testing.T, a assessed, lang string) exported {
	t.Helper()
	ar, err := export.NewAssessmentResults(a.input(lang))
	require.NoError(t, err)
	sum, err := export.NewAssessmentResultsSummary(a.input(lang))
	require.NoError(t, err)
	out := exported{ar: encode(t, ar), summary: encode(t, sum)}
	poam, err := export.NewPOAM(a.input(lang))
	if !errors.Is(err, export.ErrNoPOAMItems) {
		require.NoError(t, err)
		out.poam = encode(t, poam)
	}
	return out
}

func catalogJSON(t *testing.T, c *engine.Catalog) []byte {
	t.Helper()
	doc, err := export.NewCatalog(c)
	require.NoError(t, err)
	return encode(t, doc)
}

// TestValid checks every document against NIST's OSCAL 1.1.3 JSON schema
// and its references: UUIDs, back-matter resources, and the controls and
// objectives of the catalog the documents name.
func TestValid(t *testing.T) {
	cats := catalogs(t)
	catDocs := map[string][]byte{}
	for _, c := range cats.All() {
		t.Run("catalog/"+c.ID, func(t *testing.T) {
			b := catalogJSON(t, c)
			catDocs[c.ID] = b
			require.NoError(t, validate(t, b))
			assert.Empty(t, checkRefs(b, nil))
		})
	}
	for _, dir := range examples(t) {
		a := assess(t, dir)
		for _, lang := range []string{engine.LangEN, engine.LangJA} {
			docs := exportExample(t, a, lang)
			for name, b := range map[string][]byte{"assessment-results": docs.ar, "summary": docs.summary, "poam": docs.poam} {
				if b == nil {
					continue
				}
				t.Run(a.name+"/"+lang+"/"+name, func(t *testing.T) {
					require.NoError(t, validate(t, b))
					assert.Empty(t, checkRefs(b, catDocs[a.v.Catalog.ID]))
				})
			}
		}
	}
}

// TestGolden compares each example's documents, and the default
// catalogue's, with the golden files (go test -update rewrites them).
func TestGolden(t *testing.T) {
	c, ok := catalogs(t).Get(engine.DefaultCatalog)
	require.True(t, ok)
	golden(t, engine.DefaultCatalog+".catalog.json", catalogJSON(t, c))
	for _, dir := range examples(t) {
		a := assess(t, dir)
		docs := exportExample(t, a, engine.LangEN)
		golden(t, a.name+".assessment-results.json", docs.ar)
		if docs.poam != nil {
			golden(t, a.name+".poam.json", docs.poam)
		}
	}
}

// TestStable checks that exporting one verdict twice gives the same
// bytes, and that a change to the verdict changes the documents.
func TestStable(t *testing.T) {
	a := assess(t, examples(t)[0])
	first := exportExample(t, a, engine.LangEN)
	again := exportExample(t, assess(t, examples(t)[0]), engine.LangEN)
	assert.Equal(t, first, again, "a re-export of the same verdict is identical")

	changed := *a.v
	changed.Results = append([]engine.ReqResult(nil), a.v.Results...)
	changed.Results[0].Status = "not_met"
	b := a
	b.v = &changed
	other := exportExample(t, b, engine.LangEN)
	assert.NotEqual(t, first.ar, other.ar)
	assert.NotEqual(t, first.summary, other.summary)
	assert.NotEqual(t, docUUID(t, first.ar), docUUID(t, other.ar), "another verdict, another document UUID")
}

func docUUID(t *testing.T, b []byte) string {
	t.Helper()
	var doc export.AssessmentResultsDocument
	require.NoError(t, json.Unmarshal(b, &doc))
	return doc.AssessmentResults.UUID
}

// readBack is what a reader of the assessment results finds: the score,
// the CMMC status and the status of every requirement.
type readBack struct {
	score, cmmc string
	closeout    string
	reqs        map[string]string
}

// readResults reads assessment results back through the package's
// types, refusing members they do not declare.
func readResults(t *testing.T, b []byte) readBack {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var doc export.AssessmentResultsDocument
	require.NoError(t, dec.Decode(&doc))
	require.Len(t, doc.AssessmentResults.Results, 1)
	res := doc.AssessmentResults.Results[0]
	out := readBack{reqs: map[string]string{}}
	for _, p := range res.Props {
		if p.NS != export.NS {
			continue
		}
		switch p.Name {
		case "dod-score":
			out.score = p.Value
		case "cmmc-status":
			out.cmmc = p.Value
		case "cmmc-closeout-due":
			out.closeout = p.Value
		}
	}
	for _, f := range res.Findings {
		var req, obj, status string
		for _, p := range f.Props {
			switch p.Name {
			case "requirement":
				req = p.Value
			case "objective":
				obj = p.Value
			case "status":
				status = p.Value
			}
		}
		if obj == "" {
			assert.Equal(t, export.RequirementObjectiveID(req), f.Target.TargetID)
			sat := status == "met" || status == "not_applicable"
			assert.Equal(t, sat, f.Target.Status.State == "satisfied", "%s: %s is %s", req, status, f.Target.Status.State)
			out.reqs[req] = status
		}
	}
	return out
}

// TestReadBack reads every example's assessment results back and finds
// the verdict's score, CMMC status and per-requirement results.
func TestReadBack(t *testing.T) {
	for _, dir := range examples(t) {
		a := assess(t, dir)
		t.Run(a.name, func(t *testing.T) {
			got := readResults(t, exportExample(t, a, engine.LangEN).ar)
			want := readBack{score: "NO_SCORE", cmmc: a.v.CMMC.Status, reqs: map[string]string{}}
			if a.v.DoD.Score != nil {
				want.score = strconv.Itoa(*a.v.DoD.Score)
			}
			if d := a.v.CMMC.CloseoutDue; d != nil {
				want.closeout = d.String()
			}
			for _, r := range a.v.Results {
				want.reqs[r.ID] = r.Status
			}
			assert.Equal(t, want, got)
		})
	}
}

// TestCatalogRoundTrip imports each exported catalogue and finds the
// catalogue it was made from.
func TestCatalogRoundTrip(t *testing.T) {
	for _, c := range catalogs(t).All() {
		t.Run(c.ID, func(t *testing.T) {
			b := catalogJSON(t, c)
			got, err := oscal.Import(b, c.ID+".json", oscal.Options{})
			require.NoError(t, err)
			assert.Equal(t, yamlOf(t, c), yamlOf(t, got))
		})
	}
}

func yamlOf(t *testing.T, c *engine.Catalog) string {
	t.Helper()
	b, err := yaml.Marshal(c)
	require.NoError(t, err)
	return string(b)
}

// TestValidateFiles validates documents a user exported: set
// OSCAL_FILES to their paths (relative to the repository root, or
// absolute), separated by spaces, and OSCAL_CATALOG to the catalog they
// refer to, made by "mamori catalog export --format oscal".
func TestValidateFiles(t *testing.T) {
	files := strings.Fields(os.Getenv("OSCAL_FILES"))
	if len(files) == 0 {
		t.Skip("set OSCAL_FILES to the OSCAL JSON files to validate")
	}
	var cat []byte
	if f := os.Getenv("OSCAL_CATALOG"); f != "" {
		var err error
		cat, err = os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, validate(t, cat), f)
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			require.NoError(t, validate(t, b))
			assert.Empty(t, checkRefs(b, cat))
		})
	}
}

// TestUUIDNamespace pins the namespace docs/oscal.md gives: every UUID
// in mamori's documents derives from it.
func TestUUIDNamespace(t *testing.T) {
	assert.Equal(t, "8448349b-dd91-5f84-9515-f9e10441f067", export.UUIDNamespace.String())
	assert.Equal(t, "req-3.1.1", export.ControlID("3.1.1"))
	assert.Equal(t, "obj-3.1.1.a", export.ObjectiveID("3.1.1[a]"))
	assert.Equal(t, "obj-3.1.1_all", export.RequirementObjectiveID("3.1.1"))
	assert.Equal(t, "req-AC-2_3", export.ControlID("AC-2(3)"))
	assert.Equal(t, "obj-CA-07.01", export.ObjectiveID("CA-07[01]"))
}

// TestSummary checks what a prime receives: the headline of the result,
// the organisation and its site, and nothing from the evidence.
func TestSummary(t *testing.T) {
	a := assess(t, examples(t)[0])
	doc, err := export.NewAssessmentResultsSummary(a.input(engine.LangEN))
	require.NoError(t, err)
	ar := doc.AssessmentResults
	res := ar.Results[0]
	assert.Empty(t, res.Findings)
	assert.Empty(t, res.Observations)
	assert.Empty(t, res.Risks)
	assert.Nil(t, res.LocalDefinitions)
	assert.Len(t, ar.Metadata.Parties, 1, "the assessed organisation only, no assessor")
	assert.Len(t, ar.BackMatter.Resources, 2, "the assessment and the catalogue, no evidence file or artifact")
	names := map[string]bool{}
	for _, p := range res.Props {
		names[p.Name] = true
	}
	for _, n := range []string{"dod-score", "cmmc-status", "cmmc-closeout-due", "conformance", "coverage", "ready"} {
		assert.True(t, names[n], n)
	}
	// Which requirements block or sit on the POA&M are findings.
	for _, n := range []string{"cmmc-poam-requirement", "cmmc-blocking", "cmmc-blocking-requirement"} {
		assert.False(t, names[n], n)
	}
	// The organisation and site as a signed verdict's statement names
	// them: no address, scope, identifiers or supply-chain position.
	assert.Empty(t, ar.Metadata.Parties[0].ExternalIDs)
	assert.Nil(t, ar.Metadata.Locations[0].Address)
	assert.Empty(t, ar.Metadata.Locations[0].Remarks)
	full, err := export.NewAssessmentResults(a.input(engine.LangEN))
	require.NoError(t, err)
	assert.NotEqual(t, full.AssessmentResults.UUID, ar.UUID)
	assert.Equal(t, full.AssessmentResults.Metadata.Props, ar.Metadata.Props, "the same verdict")
}

// TestNoPOAMItems checks that a verdict without gaps or POA&M items
// gives no POA&M (OSCAL requires an item), and a verdict without
// per-requirement results no document.
func TestNoPOAMItems(t *testing.T) {
	a := assess(t, examples(t)[0])
	v := *a.v
	v.Gaps = nil
	ev := *a.ev
	ev.POAM = nil
	_, err := export.NewPOAM(export.Input{Verdict: &v, Evidence: &ev, Catalog: a.cat})
	assert.ErrorIs(t, err, export.ErrNoPOAMItems)

	v.Results = nil
	_, err = export.NewAssessmentResults(export.Input{Verdict: &v, Catalog: a.cat})
	assert.ErrorContains(t, err, "no per-requirement results")
}

// BenchmarkExport measures each example's documents and the default
// catalogue, reporting their sizes:
// go test ./engine/oscal/export -run XXX -bench . -benchmem
func BenchmarkExport(b *testing.B) {
	cat, ok := catalogs(b).Get(engine.DefaultCatalog)
	require.True(b, ok)
	b.Run("catalog", func(b *testing.B) {
		var n int
		for b.Loop() {
			doc, err := export.NewCatalog(cat)
			require.NoError(b, err)
			n = len(encode(b, doc))
		}
		b.ReportMetric(float64(n), "bytes/doc")
	})
	for _, dir := range examples(b) {
		a := assess(b, dir)
		for _, kind := range []string{"assessment-results", "poam"} {
			b.Run(a.name+"/"+kind, func(b *testing.B) {
				var n int
				for b.Loop() {
					var doc any
					var err error
					if kind == "poam" {
						doc, err = export.NewPOAM(a.input(engine.LangEN))
					} else {
						doc, err = export.NewAssessmentResults(a.input(engine.LangEN))
					}
					require.NoError(b, err)
					n = len(encode(b, doc))
				}
				b.ReportMetric(float64(n), "bytes/doc")
			})
		}
	}
}
