package controls_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
)

const sp80053 = "nist-sp800-53-r5-moderate"

// TestSP80053Japanese checks the Japanese text of the SP 800-53 controls
// (gen/ja/sp800-53, one file per family, translated a family at a time):
// every file present reads, names known controls that SP 800-171 Rev 2
// requirements derive from, and keeps each statement's items, parameters
// and paragraphs (engine.Overlay.Apply); and the embedded catalogue
// carries exactly that text, so it was regenerated after the last edit.
// It lists the controls still without Japanese.
func TestSP80053Japanese(t *testing.T) {
	ov, err := engine.ReadOverlay(os.DirFS("gen/ja/sp800-53"))
	require.NoError(t, err)
	embedded, err := engine.LoadCatalog(controls.FS, sp80053)
	require.NoError(t, err)
	bare, err := engine.LoadCatalog(controls.FS, sp80053)
	require.NoError(t, err)
	bare.Title.JA, bare.Notes, bare.Translations = "", engine.Text{}, nil
	for i := range bare.Families {
		bare.Families[i].Title.JA = ""
	}
	for _, r := range bare.Requirements() {
		r.Title.JA, r.Text.JA, r.Discussion.JA = "", "", ""
	}
	require.NoError(t, ov.Apply(bare))

	regen := "the embedded catalogue differs from gen/ja/sp800-53: run go generate ./controls"
	assert.Equal(t, embedded.Title, bare.Title, regen)
	assert.Equal(t, embedded.Notes, bare.Notes, regen)
	assert.Equal(t, embedded.Translations, bare.Translations, regen)
	for i := range embedded.Families {
		assert.Equal(t, embedded.Families[i].Title, bare.Families[i].Title, regen)
	}
	for _, r := range embedded.Requirements() {
		b, _ := bare.Requirement(r.ID)
		assert.Equal(t, []string{r.Title.JA, r.Text.JA, r.Discussion.JA}, []string{b.Title.JA, b.Text.JA, b.Discussion.JA}, "%s: %s", r.ID, regen)
	}

	mapped := mappedControls(t)
	assert.Len(t, mapped, 118, "SP 800-53 controls and enhancements that Rev 2 requirements derive from")
	for _, e := range ov.Controls {
		assert.Contains(t, mapped, e.ID, "%s:%d: %s is not a control that an SP 800-171 Rev 2 requirement derives from", e.File, e.Line, e.ID)
	}
	var missing []string
	for _, id := range mapped {
		if r, ok := embedded.Requirement(id); !ok || r.Text.JA == "" {
			missing = append(missing, id)
		}
	}
	t.Logf("Japanese text for %d of the %d controls that Rev 2 requirements derive from; without: %s",
		len(mapped)-len(missing), len(mapped), strings.Join(missing, " "))
}

// mappedControls are the SP 800-53 controls that SP 800-171 Rev 2
// requirements derive from, in catalogue order.
func mappedControls(t *testing.T) []string {
	t.Helper()
	cats, err := engine.LoadCatalogs(controls.FS)
	require.NoError(t, err)
	r2, _ := cats.Get(engine.DefaultCatalog)
	sp, _ := cats.Get(sp80053)
	var ids []string
	for _, r := range r2.Requirements() {
		for _, m := range r.Mappings {
			if m.Catalog == sp80053 && m.ID != "" && !slices.Contains(ids, m.ID) {
				ids = append(ids, m.ID)
			}
		}
	}
	sp.SortIDs(ids)
	return ids
}
