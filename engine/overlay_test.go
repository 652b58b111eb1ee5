package engine_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine"
)

// overlayCatalog is a two-family catalogue in the shape the OSCAL
// importer gives the SP 800-53 baseline.
const overlayCatalog = `id: tiny-53
title: {en: Tiny}
version: "1"
families:
  - id: AC
    title: {en: Access Control}
    requirements:
      - id: AC-2
        title: {en: Account Management}
        text:
          en: |-
            a. Define [Assignment: organization-defined account types];
              1. Notify [Selection (one or more): managers; owners] as in AC-3;
            b. Review accounts.
        discussion:
          en: |-
            Accounts are managed. See AC-3.

            Reviews are periodic.
        objectives: [{id: AC-02a., text: {en: x}}]
      - id: AC-3
        title: {en: Access Enforcement}
        text: {en: "Enforce approved authorizations."}
        objectives: [{id: AC-3, text: {en: x}}]
  - id: AT
    title: {en: Awareness and Training}
    requirements:
      - id: AT-2
        title: {en: Literacy Training and Awareness}
        text: {en: "Provide [Selection: basic; advanced] training."}
        discussion: {en: "Training helps."}
        objectives: [{id: AT-2, text: {en: x}}]
`

const goodAC = `# Japanese text.
controls:
  - id: AC-2
    title: アカウント管理
    statement: |-
      a. ［割当て：組織が定めるアカウントの種類］を定める。
        1. AC-3のとおり、［選択（一つ以上）：管理者；所有者］に通知する。
      b. アカウントをレビューする。
    discussion: |-
      アカウントを管理する。AC-3を参照。

      レビューは定期的に行う。
  - id: AC-3
    title: アクセス制御の実施
    statement: 承認された認可を強制する。
`

func loadTiny(t *testing.T) *engine.Catalog {
	t.Helper()
	c, err := engine.LoadCatalog(fstest.MapFS{"tiny-53.yaml": {Data: []byte(overlayCatalog)}}, "tiny-53")
	require.NoError(t, err)
	return c
}

func TestOverlayApply(t *testing.T) {
	c := loadTiny(t)
	ov, err := engine.ReadOverlay(fstest.MapFS{
		"ac.yaml":      {Data: []byte(goodAC)},
		"catalog.yaml": {Data: []byte("title: 小さなカタログ\nfamilies: {AT: 意識向上及び訓練}\nnotes: {en: Notes., ja: 注記。}\ntranslation: mamori project translation\n")},
		"README.md":    {Data: []byte("not read")},
	})
	require.NoError(t, err)
	require.Len(t, ov.Controls, 2)
	assert.Equal(t, "ac.yaml", ov.Controls[1].File)
	assert.Equal(t, 13, ov.Controls[1].Line)
	require.NoError(t, ov.Apply(c))

	r, _ := c.Requirement("AC-2")
	assert.Equal(t, "アカウント管理", r.Title.JA)
	assert.Equal(t, "Account Management", r.Title.EN, "the English stays")
	assert.True(t, strings.HasPrefix(r.Text.JA, "a. ［割当て："))
	assert.Equal(t, "アカウントを管理する。AC-3を参照。\n\nレビューは定期的に行う。", r.Discussion.In(engine.LangJA))
	r, _ = c.Requirement("AT-2")
	assert.Equal(t, "Provide [Selection: basic; advanced] training.", r.Text.In(engine.LangJA), "no Japanese: English")
	assert.Equal(t, "小さなカタログ", c.Title.JA)
	assert.Equal(t, engine.Text{EN: "Awareness and Training", JA: "意識向上及び訓練"}, c.Families[1].Title)
	assert.Equal(t, engine.Text{EN: "Notes.", JA: "注記。"}, c.Notes)
	assert.Equal(t, []engine.Translation{{Lang: "ja", Status: "unofficial", Note: "mamori project translation"}}, c.Translations)

	// An empty directory is an empty overlay, and changes nothing.
	empty, err := engine.ReadOverlay(fstest.MapFS{})
	require.NoError(t, err)
	c = loadTiny(t)
	require.NoError(t, empty.Apply(c))
	assert.Empty(t, c.Translations)
}

func TestOverlayErrors(t *testing.T) {
	// Each case reads files (most are a good ac.yaml with one change).
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"malformed YAML", map[string]string{"ac.yaml": "controls:\n  - id: AC-2\n    title: [unclosed\n"}, []string{"ac.yaml:"}},
		{"unknown field", map[string]string{"ac.yaml": "controls:\n  - id: AC-3\n    titel: x\n"}, []string{`ac.yaml:3: controls[0].titel: unknown field "titel"`}},
		{"duplicate key", map[string]string{"ac.yaml": "controls:\n  - id: AC-3\n    id: AC-2\n"}, []string{"ac.yaml:3:", "already"}},
		{"unknown control", map[string]string{"ac.yaml": strings.Replace(goodAC, "id: AC-3", "id: AC-99", 1)},
			[]string{`ac.yaml:13: id: unknown control "AC-99" in tiny-53`}},
		{"wrong family file", map[string]string{"at.yaml": goodAC}, []string{"at.yaml:3: AC-2: belongs in ac.yaml (family AC)", "at.yaml:13: AC-3: belongs in ac.yaml"}},
		{"given twice", map[string]string{"ac.yaml": goodAC + "  - id: AC-3\n    title: x\n    statement: 承認された認可を強制する。\n"},
			[]string{"ac.yaml:16: AC-3: given twice (also at ac.yaml:13)"}},
		{"missing title", map[string]string{"ac.yaml": strings.Replace(goodAC, "title: アクセス制御の実施", "title: ''", 1)},
			[]string{"ac.yaml:13: AC-3.title: missing"}},
		{"missing statement item", map[string]string{"ac.yaml": strings.Replace(goodAC, "      b. アカウントをレビューする。\n", "", 1)},
			[]string{"ac.yaml:3: AC-2.statement: 2 lines, want 3 as in the English (a. 1. b.)"}},
		{"wrong label", map[string]string{"ac.yaml": strings.Replace(goodAC, "  1. AC-3", "  (a) AC-3", 1)},
			[]string{`AC-2.statement: line 2: item "  (a)", want "  1." as in the English`}},
		{"wrong nesting", map[string]string{"ac.yaml": strings.Replace(goodAC, "      b. ", "        b. ", 1)},
			[]string{`AC-2.statement: line 3: item "  b.", want "b." as in the English`}},
		{"parameter dropped", map[string]string{"ac.yaml": strings.Replace(goodAC, "［割当て：組織が定めるアカウントの種類］", "アカウントの種類", 1)},
			[]string{`AC-2.statement: line 1 ("a."): 0 "［割当て：", want 1 as the English has "[Assignment:"`}},
		{"selection kind", map[string]string{"ac.yaml": strings.Replace(goodAC, "［選択（一つ以上）：", "［選択：", 1)},
			[]string{`line 2 ("  1."): 0 "［選択（一つ以上）：", want 1`, `line 2 ("  1."): 1 "［選択：", want 0`}},
		{"control reference dropped", map[string]string{"ac.yaml": strings.Replace(goodAC, "AC-3を参照。", "", 1)},
			[]string{"AC-2.discussion: paragraph 1: control references none, want AC-3 as in the English"}},
		{"paragraph merged", map[string]string{"ac.yaml": strings.Replace(goodAC, "\n\n      レビュー", "レビュー", 1)},
			[]string{"AC-2.discussion: 1 paragraphs, want 2 as in the English"}},
		{"discussion missing", map[string]string{"at.yaml": "controls:\n  - id: AT-2\n    title: 訓練\n    statement: ［選択：基礎；上級］訓練を提供する。\n"},
			[]string{"at.yaml:2: AT-2.discussion: missing"}},
		{"discussion the English lacks", map[string]string{"ac.yaml": strings.Replace(goodAC, "    statement: 承認された認可を強制する。\n", "    statement: 承認された認可を強制する。\n    discussion: 余計。\n", 1)},
			[]string{"AC-3.discussion: the English has no discussion"}},
		{"catalogue title missing", map[string]string{"catalog.yaml": "notes: {en: x}\n"}, []string{"catalog.yaml: title: missing"}},
		{"unknown family", map[string]string{"catalog.yaml": "title: x\nfamilies: {XX: 不明}\n"}, []string{`catalog.yaml: families.XX: unknown family "XX" in tiny-53`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for n, s := range tt.files {
				fsys[n] = &fstest.MapFile{Data: []byte(s)}
			}
			c := loadTiny(t)
			ov, err := engine.ReadOverlay(fsys)
			if err == nil {
				err = ov.Apply(c)
			}
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			for _, r := range c.Requirements() {
				assert.Empty(t, r.Title.JA+r.Text.JA+r.Discussion.JA, "%s: nothing applied on error", r.ID)
			}
			assert.Empty(t, c.Translations)
			assert.Empty(t, c.Title.JA+c.Families[0].Title.JA+c.Families[1].Title.JA)
		})
	}
}
