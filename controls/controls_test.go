package controls_test

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
)

// TestRev2TextIsNISTs compares the statement of every SP 800-171 Rev 2
// requirement with NIST's CPRT export of SP 800-171 Rev 2
// (testdata/sp800-171r2_requirements_nist-cprt.json). A statement follows
// CPRT word for word, or, for the two where CPRT's punctuation departs
// from the publication (3.3.2, 3.5.4), follows the publication: those
// say so in text_source and differ from CPRT in punctuation only.
func TestRev2TextIsNISTs(t *testing.T) {
	b, err := os.ReadFile("testdata/sp800-171r2_requirements_nist-cprt.json")
	require.NoError(t, err)
	var cprt struct {
		Requirements []struct{ ID, Text string } `json:"requirements"`
	}
	require.NoError(t, json.Unmarshal(b, &cprt))
	require.Len(t, cprt.Requirements, 110)

	c, err := engine.LoadCatalog(controls.FS, engine.DefaultCatalog)
	require.NoError(t, err)
	assert.Len(t, c.Requirements(), 110)
	assert.Contains(t, c.TextSources, "cprt")
	assert.Contains(t, c.TextSources, "sp800-171r2")

	var publication []string
	for _, n := range cprt.Requirements {
		r, ok := c.Requirement(n.ID)
		if !assert.True(t, ok, "%s is not in the catalogue", n.ID) {
			continue
		}
		switch r.TextSource {
		case "cprt":
			assert.Equal(t, n.Text, r.Text.EN, "%s differs from NIST's CPRT text", n.ID)
		case "sp800-171r2":
			publication = append(publication, n.ID)
			assert.NotEqual(t, n.Text, r.Text.EN, "%s is CPRT's text but names the publication", n.ID)
			assert.Equal(t, words(n.Text), words(r.Text.EN), "%s differs from CPRT in more than punctuation", n.ID)
		default:
			t.Errorf("%s: text source %q, want cprt or sp800-171r2", n.ID, r.TextSource)
		}
	}
	assert.Equal(t, []string{"3.3.2", "3.5.4"}, publication)

	r, _ := c.Requirement("3.7.1")
	assert.Equal(t, "Perform maintenance on organizational systems.", r.Text.EN)
}

var notWord = regexp.MustCompile(`[^\pL\pN]+`)

// words keeps letters and digits: two texts that differ only in commas,
// hyphens and spacing give the same words.
func words(s string) string { return notWord.ReplaceAllString(s, "") }
