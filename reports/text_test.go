package reports_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/policies"
	"github.com/mamori-dev/mamori/reports"
)

var update = flag.Bool("update", false, "update golden files")

// TestTextGolden renders the examples' verdicts in every text format and
// language and compares them with testdata/<example>.<format>[.<lang>].
func TestTextGolden(t *testing.T) {
	// The examples' cloud services are checked against the sample
	// registry, as their expected results are.
	reg, err := engine.ReadCloudRegistry(filepath.Join("..", "examples", "cloud-registry.sample.yaml"))
	require.NoError(t, err)
	reg.File = filepath.Base(reg.File)
	eng, err := engine.New(context.Background(), engine.Options{Controls: controls.FS, Policies: policies.FS, CloudRegistry: reg,
		Now: func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	for _, ex := range []string{"sato-machining", "kobayashi-electronics", "tsubasa-heavy-komaki"} {
		ev, err := evidence.Read(filepath.Join("..", "examples", ex))
		require.NoError(t, err)
		// Golden files must not depend on where the repository is.
		for i := range ev.Sources {
			ev.Sources[i].File = filepath.Base(ev.Sources[i].File)
		}
		v, err := eng.Assess(context.Background(), ev)
		require.NoError(t, err)
		v.PolicyDigest = "sha256:0123456789abcdef" // changes with every policy edit
		cases := []struct{ format, lang, file string }{
			{reports.FormatTable, engine.LangEN, ex + ".table.en.txt"},
			{reports.FormatTable, engine.LangJA, ex + ".table.ja.txt"},
			{reports.FormatJSON, engine.LangEN, ex + ".json"},
		}
		for _, c := range cases {
			t.Run(c.file, func(t *testing.T) {
				var buf bytes.Buffer
				require.NoError(t, reports.NewText(c.format, c.lang, eng.Catalog()).Write(&buf, v))
				golden := filepath.Join("testdata", c.file)
				if *update {
					require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644))
				}
				want, err := os.ReadFile(golden)
				require.NoError(t, err, "run go test ./reports -update to create the golden files")
				assert.Equal(t, string(want), buf.String())
			})
		}
	}
}

// TestSummary checks the batch summary table, in each language.
func TestSummary(t *testing.T) {
	score := 97
	v := &engine.Verdict{Organization: evidence.Organization{Name: "試験株式会社"}, DoD: engine.DoDScore{Score: &score},
		CMMC: engine.CMMCStatus{Status: engine.CMMCNone}, Conformance: engine.Conformance{Implemented: 100, NotImplemented: 10, Total: 110}}
	rows := []reports.SummaryRow{{Path: "a/evidence", Verdict: v}, {Path: "b/evidence", Err: assert.AnError}}
	tests := []struct{ lang, want string }{
		{engine.LangEN, "" +
			"PATH        ORGANISATION      SCORE  CMMC  MET/NOT MET/N/A/NOT ASSESSED  DECISION\n" +
			"a/evidence  試験株式会社         97  None  100/10/0/0                    not ready\n" +
			"b/evidence  error: see below\n"},
		{engine.LangJA, "" +
			"パス        組織              スコア  CMMC  実施済/未実施/該当なし/未評価  判定\n" +
			"a/evidence  試験株式会社          97  なし  100/10/0/0                     未適合\n" +
			"b/evidence  エラー: 下記参照\n"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, reports.WriteSummary(&buf, tt.lang, rows))
			assert.Equal(t, tt.want, buf.String())
		})
	}
}
