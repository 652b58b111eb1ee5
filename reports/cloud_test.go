package reports_test

import (
	"bytes"
	"context"
	"strings"
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

// cloudVerdict assesses kobayashi-electronics with two cloud services
// declared, against reg (nil: no registry).
func cloudVerdict(t *testing.T, fx *gapFixture, lang string, reg *engine.CloudRegistry) *reports.GapReport {
	t.Helper()
	r := fx.report(t, "kobayashi-electronics", lang)
	ev := r.Evidence
	ev.CloudServices = []evidence.CloudService{
		{ID: "cad", Service: "Example Secure Collaboration", Provider: "Example Cloud Inc.", Holds: []string{"stored", "processed"},
			FedRAMP: &evidence.FedRAMPAuthorization{PackageID: "FR9900000001", Level: "moderate"}},
		{ID: "share", Service: "やまびこファイル便", Provider: "株式会社やまびこネット", Holds: []string{"transmitted"}, ISMAP: "C99-0207-1"},
	}
	eng, err := engine.New(context.Background(), engine.Options{Controls: controls.FS, Policies: policies.FS, CloudRegistry: reg,
		Now: func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	v, err := eng.Assess(context.Background(), ev)
	require.NoError(t, err)
	r.Verdict = v
	return r
}

// TestCloudTable renders the cloud section of the table: without a
// registry every service holding protected information says it was not
// checked; a stale sample registry says both that it is a sample and
// that it is too old.
func TestCloudTable(t *testing.T) {
	fx := newGapFixture(t)
	tests := []struct {
		name, lang string
		reg        *engine.CloudRegistry
		want       []string
	}{
		{"no registry", engine.LangEN, nil, []string{
			"Cloud services in scope (2)",
			"  no registry given (--cloud-registry): services holding protected information are not checked",
			"  cad    not checked  [3.1.20 3.13.16] Example Secure Collaboration (Example Cloud Inc.) FEDRAMP FR…",
			"  share  not checked  [3.1.20 3.13.8] やまびこファイル便 (株式会社やまびこネット) ISMAP C99-0207-1",
		}},
		{"no registry, in Japanese", engine.LangJA, nil, []string{
			"評価対象範囲のクラウドサービス (2)",
			"  登録簿の指定なし（--cloud-registry）: 保護すべき情報を扱うサービスは確認されていない",
			"  cad    未確認  [3.1.20 3.13.16] Example Secure Collaboration (Example Cloud Inc.) FEDRAMP FR99000…",
		}},
		{"a stale sample", engine.LangEN, staleSample(t), []string{
			`  registry "mamori 例題用サンプル登録簿" (a SAMPLE, not an official list) of 2026-01-01 (273 days old at the assessment)`,
			"  older than 90 days: absent or lapsed counts as unverified",
			"  cad    registered  Example Secure Collaboration (Example Cloud Inc.) FEDRAMP FR9900000001",
			"  share  lapsed      [3.1.20 3.13.8] やまびこファイル便 (株式会社やまびこネット) ISMAP C99-0207-1",
		}},
		{"a stale sample, in Japanese", engine.LangJA, staleSample(t), []string{
			"  登録簿 「mamori 例題用サンプル登録簿」（サンプル。公式の一覧ではない）（2026-01-01 時点、評価日の273日前）",
			"  90日より古いため、未登録・失効は裏付けなしとして扱う",
			"  share  失効      [3.1.20 3.13.8] やまびこファイル便 (株式会社やまびこネット) ISMAP C99-0207-1",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cloudVerdict(t, fx, tt.lang, tt.reg)
			var buf bytes.Buffer
			require.NoError(t, reports.NewText(reports.FormatTable, tt.lang, r.Catalog).Write(&buf, r.Verdict))
			lines := strings.Split(buf.String(), "\n")
			for _, w := range tt.want {
				assert.Contains(t, lines, w)
			}
		})
	}
}

// TestCloudSheet checks the gap report's cloud sheet: a row per service
// coloured by outcome, and the registry below, marked as a sample.
func TestCloudSheet(t *testing.T) {
	fx := newGapFixture(t)
	f := gapRender(t, cloudVerdict(t, fx, engine.LangJA, staleSample(t)))
	assert.Equal(t, []string{"概要", "要件", "評価目標", "POA&M", "SP 800-53", "クラウドサービス"}, f.GetSheetList())
	rows, err := f.GetRows("クラウドサービス")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(rows), 3)
	assert.Equal(t, []string{"cad", "Example Secure Collaboration", "Example Cloud Inc.", "保存\n処理", "", "FEDRAMP FR9900000001",
		"FEDRAMP FR9900000001\nExample Secure Collaboration / Example Cloud Inc.\nmoderate\n有効期間 2024-02-14〜定めなし", "登録あり"}, rows[1][:8])
	assert.Equal(t, "失効", rows[2][7])
	assert.Equal(t, "3.1.20\n3.13.8", rows[2][8])
	assert.Contains(t, rows[2][9], "裏付けなし", "a lapse on a stale list is unverified")
	for c, want := range map[string]string{"H2": "status-met", "H3": "status-not-assessed"} {
		id, err := f.GetCellStyle("クラウドサービス", c)
		require.NoError(t, err)
		assert.Equal(t, want, gapStyleClass(t, f, id), c)
	}
	all := gapDumpCells(t, f)
	assert.Regexp(t, `クラウドサービス!A5\t登録簿\tlabel\nクラウドサービス!B5\t「mamori 例題用サンプル登録簿」（サンプル。公式の一覧ではない）\twrap`, all)
	assert.Contains(t, all, "273日（上限90日）: 上限を超えて古いため、未登録・失効は裏付けなしとして扱う")
	assert.Contains(t, all, "概要!B", "the summary names the registry")
	assert.Regexp(t, `概要!B\d+\t2件: 登録あり 1, 失効 1\\n「mamori 例題用サンプル登録簿」（サンプル。公式の一覧ではない）（2026-01-01 時点）で確認`, all)

	// Without cloud services there is no cloud sheet.
	f = gapRender(t, fx.report(t, "kobayashi-electronics", engine.LangEN))
	assert.NotContains(t, f.GetSheetList(), "Cloud services")
}

// staleSample is the examples' sample registry dated 2026-01-01, 273
// days before kobayashi-electronics' assessment.
func staleSample(t *testing.T) *engine.CloudRegistry {
	t.Helper()
	reg, err := engine.ReadCloudRegistry("../examples/cloud-registry.sample.yaml")
	require.NoError(t, err)
	reg.AsOf, err = evidence.ParseDate("2026-01-01")
	require.NoError(t, err)
	return reg
}
