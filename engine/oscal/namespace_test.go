package oscal

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine"
)

// mamoriCatalog is a small catalog as mamori writes one (see
// engine/oscal/export), with room for one more control property.
func mamoriCatalog(extraProp string) []byte {
	return []byte(`{"catalog": {
  "uuid": "00000000-0000-5000-8000-000000000000",
  "metadata": {"title": "Tiny", "last-modified": "2020-02-21T00:00:00Z", "version": "1", "oscal-version": "1.1.3",
    "props": [
      {"name": "catalog-id", "ns": "https://mamori.dev/ns/oscal", "value": "tiny-r2"},
      {"name": "translated-title", "ns": "https://mamori.dev/ns/oscal", "class": "ja", "value": "小さな目録"},
      {"name": "translation", "ns": "https://mamori.dev/ns/oscal", "class": "ja", "value": "unofficial"},
      {"name": "translation-note", "ns": "https://mamori.dev/ns/oscal", "class": "ja", "value": "our own"}]},
  "groups": [{"id": "fam-3.1", "title": "Access Control",
    "props": [{"name": "label", "value": "3.1"}, {"name": "abbrev", "ns": "https://mamori.dev/ns/oscal", "value": "AC"}],
    "parts": [{"name": "alternate-language", "ns": "https://mamori.dev/ns/oscal", "class": "ja", "title": "アクセス制御"}],
    "controls": [{"id": "req-3.1.1", "title": "3.1.1",
      "props": [{"name": "label", "value": "3.1.1"},
        {"name": "dod-points", "ns": "https://mamori.dev/ns/oscal", "value": "5"},
        {"name": "cmmc-poam", "ns": "https://mamori.dev/ns/oscal", "value": "never"}` + extraProp + `],
      "parts": [
        {"id": "smt-3.1.1", "name": "statement", "prose": "Limit access.",
          "parts": [{"name": "alternate-language", "ns": "https://mamori.dev/ns/oscal", "class": "ja", "prose": "アクセスを制限する。"}]},
        {"id": "obj-3.1.1_all", "name": "assessment-objective", "parts": [
          {"id": "obj-3.1.1.b", "name": "assessment-objective", "props": [{"name": "label", "value": "3.1.1[b]"}], "prose": "second."},
          {"id": "obj-3.1.1.a", "name": "assessment-objective", "props": [{"name": "label", "value": "3.1.1[a]"}], "prose": "first."}]},
        {"name": "mapping", "ns": "https://mamori.dev/ns/oscal", "prose": "as cited",
          "props": [{"name": "catalog", "ns": "https://mamori.dev/ns/oscal", "value": "sp800-53"},
            {"name": "target", "ns": "https://mamori.dev/ns/oscal", "value": "AC-2"},
            {"name": "relation", "ns": "https://mamori.dev/ns/oscal", "value": "derived-from"}]}]}]}]}}`)
}

func TestImportMamoriNamespace(t *testing.T) {
	got, err := Import(mamoriCatalog(""), "tiny.json", Options{})
	require.NoError(t, err)
	want := &engine.Catalog{
		ID: "tiny-r2", Title: engine.Text{EN: "Tiny", JA: "小さな目録"}, Version: "1", Published: "",
		Source:       "NIST OSCAL catalog tiny.json",
		Translations: []engine.Translation{{Lang: "ja", Status: "unofficial", Note: "our own"}},
		Families: []engine.Family{{
			ID: "3.1", Abbrev: "AC", Title: engine.Text{EN: "Access Control", JA: "アクセス制御"},
			Requirements: []engine.Requirement{{
				ID:   "3.1.1",
				Text: engine.Text{EN: "Limit access.", JA: "アクセスを制限する。"},
				// In the order written, not sorted.
				Objectives: []engine.Objective{
					{ID: "3.1.1[b]", Text: engine.Text{EN: "second."}},
					{ID: "3.1.1[a]", Text: engine.Text{EN: "first."}},
				},
				Scoring:  &engine.Scoring{Points: 5, POAM: "never"},
				Mappings: []engine.Mapping{{Catalog: "sp800-53", ID: "AC-2", Relation: "derived-from", Note: "as cited"}},
			}},
		}},
	}
	assert.Equal(t, want, got)

	// --id still names the catalogue.
	got, err = Import(mamoriCatalog(""), "tiny.json", Options{ID: "other"})
	require.NoError(t, err)
	assert.Equal(t, "other", got.ID)
}

func TestImportMamoriNamespaceBadValues(t *testing.T) {
	for _, tt := range []struct{ prop, want string }{
		{`, {"name": "dod-partial-points", "ns": "https://mamori.dev/ns/oscal", "value": "three"}`,
			`control req-3.1.1: property dod-partial-points: expected a whole number, found "three"`},
		{`, {"name": "far-52.204-21", "ns": "https://mamori.dev/ns/oscal", "value": "yes"}`,
			`control req-3.1.1: property far-52.204-21: expected true or false, found "yes"`},
	} {
		_, err := Import(mamoriCatalog(tt.prop), "tiny.json", Options{})
		require.Error(t, err)
		assert.Equal(t, "import tiny.json: "+tt.want, err.Error())
	}
}
