package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/engine"
)

// exampleExpectation is examples/<name>/expected.yaml: the documented
// result of assessing the example.
type exampleExpectation struct {
	Kind        string `yaml:"mamori"`
	ExitCode    int    `yaml:"exit_code"`
	Score       *int   `yaml:"score"`
	CMMC        string `yaml:"cmmc"`
	Conformance struct {
		Implemented    int `yaml:"implemented"`
		NotImplemented int `yaml:"not_implemented"`
		NotApplicable  int `yaml:"not_applicable"`
		NotAssessed    int `yaml:"not_assessed"`
	} `yaml:"conformance"`
	CoveragePercent float64  `yaml:"coverage_percent"`
	Ready           bool     `yaml:"ready"`
	Contradicted    []string `yaml:"contradicted"`
	// Facts, when present, documents what the facts collected from
	// machines show: how many claims they corroborate, and which hosts
	// the findings on collected facts name, in the verdict and in the
	// gap report.
	Facts *factsExpectation `yaml:"facts"`
	// SupplyChain, when present, makes the example a supply chain to
	// check with "supply-chain check" rather than evidence to assess.
	SupplyChain *supplyChainExpectation `yaml:"supply_chain"`
	// Service, when present, makes the example a registry for the
	// verdict service, checked by serving the other examples.
	Service *serviceExpectation `yaml:"service"`
	// CloudRegistry is the registry the example is assessed against
	// (--cloud-registry, relative to the example); Cloud is each cloud
	// service's outcome by ID, and CloudFindings the codes of the
	// findings they give, in the verdict and in the gap report.
	CloudRegistry string            `yaml:"cloud_registry"`
	Cloud         map[string]string `yaml:"cloud"`
	CloudFindings []string          `yaml:"cloud_findings"`
}

// factsExpectation is the part of expected.yaml about collected facts.
type factsExpectation struct {
	Corroborated struct {
		Collected int `yaml:"collected"`
		Partial   int `yaml:"partial"`
		Declared  int `yaml:"declared"`
	} `yaml:"corroborated"`
	Unverified int `yaml:"unverified"`
	// Hosts maps finding codes to the hosts they name.
	Hosts map[string][]string `yaml:"hosts"`
	// Disagreements are the facts whose sources disagree.
	Disagreements []string `yaml:"disagreements"`
	// GapReport are texts the gap report must show (English).
	GapReport []string `yaml:"gap_report"`
}

// checkFactsExample checks what the verdict and the gap report say of the
// facts collected from machines.
func checkFactsExample(t *testing.T, dir string, v *engine.Verdict, exit int, want *factsExpectation) {
	t.Helper()
	c := v.Coverage
	assert.Equal(t, want.Corroborated.Collected, c.CorroboratedCollected, "claims corroborated by collected facts")
	assert.Equal(t, want.Corroborated.Partial, c.CorroboratedPartial, "claims corroborated partly by collected facts")
	assert.Equal(t, want.Corroborated.Declared, c.CorroboratedDeclared, "claims corroborated by declared facts")
	assert.Equal(t, want.Unverified, c.Unverified, "unverified claims")
	hosts := map[string][]string{}
	var disagree []string
	for _, f := range v.Findings {
		if f.Effect == engine.EffectDisagreement {
			disagree = append(disagree, f.Fact)
			continue
		}
		for _, s := range f.Sources {
			if s.Kind == "collected" {
				hosts[f.Code] = append(hosts[f.Code], s.Subjects...)
			}
		}
	}
	assert.Equal(t, want.Hosts, hosts, "hosts named by findings on collected facts")
	assert.Equal(t, want.Disagreements, disagree, "facts whose sources disagree")

	out := filepath.Join(t.TempDir(), "gap.xlsx")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"report", "gap", dir, "-o", out}, &streams{In: &bytes.Buffer{}, Out: &stdout, Err: &stderr})
	require.Equal(t, exit, code, "report gap exits as assess does: %s", stderr.String())
	f, err := excelize.OpenFile(out)
	require.NoError(t, err)
	defer f.Close()
	var cells strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		require.NoError(t, err)
		for _, r := range rows {
			cells.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	for _, text := range want.GapReport {
		assert.Contains(t, cells.String(), text, "the gap report shows it")
	}
}

// TestExamples assesses every directory in examples/ through the CLI and
// checks the result its expected.yaml documents.
func TestExamples(t *testing.T) {
	dirs, err := filepath.Glob("../../examples/*")
	require.NoError(t, err)
	n := 0
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		n++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, "expected.yaml"))
			require.NoError(t, err, "every example documents its expected result in expected.yaml")
			var want exampleExpectation
			dec := yaml.NewDecoder(bytes.NewReader(b))
			dec.KnownFields(true)
			require.NoError(t, dec.Decode(&want))
			require.Equal(t, "example/v1", want.Kind, "expected.yaml is marked mamori: example/v1")
			if want.SupplyChain != nil {
				checkSupplyChainExample(t, dir, want.ExitCode, want.SupplyChain)
				return
			}
			if want.Service != nil {
				checkServiceExample(t, dir, want.Service)
				return
			}

			var cloudArgs []string
			if want.CloudRegistry != "" {
				cloudArgs = []string{"--cloud-registry", filepath.Join(dir, want.CloudRegistry)}
			}
			var out, errOut bytes.Buffer
			code := run(context.Background(), append([]string{"assess", dir, "--format", "json"}, cloudArgs...), &streams{In: &bytes.Buffer{}, Out: &out, Err: &errOut})
			require.Equal(t, want.ExitCode, code, "exit code; stderr: %s", errOut.String())
			var v engine.Verdict
			require.NoError(t, json.Unmarshal(out.Bytes(), &v))
			if want.Score == nil {
				assert.Nil(t, v.DoD.Score, "score")
			} else if assert.NotNil(t, v.DoD.Score, "score") {
				assert.Equal(t, *want.Score, *v.DoD.Score, "score")
			}
			assert.Equal(t, want.CMMC, v.CMMC.Status, "CMMC status")
			c := v.Conformance
			assert.Equal(t, want.Conformance.Implemented, c.Implemented, "実施済")
			assert.Equal(t, want.Conformance.NotImplemented, c.NotImplemented, "未実施")
			assert.Equal(t, want.Conformance.NotApplicable, c.NotApplicable, "該当なし")
			assert.Equal(t, want.Conformance.NotAssessed, c.NotAssessed, "未評価")
			assert.InDelta(t, want.CoveragePercent, v.Coverage.Percent, 0.05, "coverage")
			assert.Equal(t, want.Ready, v.Ready, "ready")
			var contradicted []string
			for _, f := range v.Findings {
				if f.Contradiction && !slices.Contains(contradicted, f.Requirement) {
					contradicted = append(contradicted, f.Requirement)
				}
			}
			if want.Contradicted == nil {
				want.Contradicted = []string{}
			}
			if contradicted == nil {
				contradicted = []string{}
			}
			assert.Equal(t, want.Contradicted, contradicted, "requirements with contradicted claims")
			checkCloudExample(t, dir, &want, &v, cloudArgs)
			if want.Facts != nil {
				checkFactsExample(t, dir, &v, want.ExitCode, want.Facts)
			}

			// The table renders in both languages without error.
			for _, lang := range []string{"en", "ja"} {
				out.Reset()
				code := run(context.Background(), []string{"assess", dir, "--lang", lang}, &streams{In: &bytes.Buffer{}, Out: &out, Err: &errOut})
				assert.Equal(t, want.ExitCode, code)
				assert.Contains(t, out.String(), v.Organization.Name)
			}
		})
	}
	assert.GreaterOrEqual(t, n, 3, "want at least three examples")
}

// checkCloudExample checks an example's cloud services: their outcomes
// and findings in the verdict, and the same in the gap report's cloud
// sheet and requirement rows.
func checkCloudExample(t *testing.T, dir string, want *exampleExpectation, v *engine.Verdict, cloudArgs []string) {
	t.Helper()
	var findings []string
	for _, f := range v.Findings {
		if strings.Contains(f.Code, ".cloud.") {
			findings = append(findings, f.Code)
		}
	}
	assert.Equal(t, want.CloudFindings, findings, "cloud findings")
	if want.Cloud == nil {
		assert.Nil(t, v.Cloud, "no cloud services")
		return
	}
	require.NotNil(t, v.Cloud, "cloud services")
	got := map[string]string{}
	for _, s := range v.Cloud.Services {
		got[s.ID] = s.Status
	}
	assert.Equal(t, want.Cloud, got, "cloud services")

	gap := filepath.Join(t.TempDir(), "gap.xlsx")
	var out, errOut bytes.Buffer
	code := run(context.Background(), append([]string{"report", "gap", dir, "-o", gap}, cloudArgs...), &streams{In: &bytes.Buffer{}, Out: &out, Err: &errOut})
	require.Equal(t, want.ExitCode, code, "report gap: %s", errOut.String())
	f, err := excelize.OpenFile(gap)
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("Cloud services")
	require.NoError(t, err, "the gap report has a cloud sheet")
	sheet := map[string]string{}
	for _, row := range rows[1:] {
		if len(row) > 7 && row[0] != "" {
			sheet[row[0]] = row[7]
		}
	}
	for id, status := range want.Cloud {
		assert.Equal(t, engine.CloudStatusLabels[status].EN, sheet[id], "gap report: %s", id)
	}
	reqs, err := f.GetRows("Requirements")
	require.NoError(t, err)
	for _, code := range want.CloudFindings {
		req := code[:strings.Index(code, ".cloud.")]
		found := false
		for _, row := range reqs[1:] {
			if len(row) > 11 && row[1] == req && strings.Contains(row[11], "cloud service") {
				found = true
			}
		}
		assert.True(t, found, "gap report: the finding %s on %s's row", code, req)
	}
}
