package i18n

import (
	"regexp"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var verbRE = regexp.MustCompile(`%(?:\[\d+\])?[-+# 0]*\d*(?:\.\d+)?(?:\[\d+\])?[a-zA-Z%]`)

// TestCatalogue holds every message to both languages and to the same
// format verbs in each, so a Japanese message never loses an argument.
func TestCatalogue(t *testing.T) {
	c, err := catalogue()
	require.NoError(t, err)
	require.NotEmpty(t, c)
	for k, m := range c {
		en, ja := verbRE.FindAllString(m.EN, -1), verbRE.FindAllString(m.JA, -1)
		slices.Sort(en)
		slices.Sort(ja)
		assert.Equal(t, en, ja, "%s: format verbs differ between en and ja", k)
	}
}

func TestLoadRefuses(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"one language": {"messages/a.yaml": {Data: []byte("x:\n  en: X\n")}},
		"defined twice": {
			"messages/a.yaml": {Data: []byte("x: {en: X, ja: エックス}\n")},
			"messages/b.yaml": {Data: []byte("x: {en: X, ja: エックス}\n")},
		},
		"unknown field": {"messages/a.yaml": {Data: []byte("x: {en: X, ja: エックス, fr: X}\n")}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := load(fsys)
			assert.Error(t, err)
		})
	}
}

func TestFromEnv(t *testing.T) {
	for _, tc := range []struct{ lcAll, lcMessages, lang, want string }{
		{"", "", "ja_JP.UTF-8", JA},
		{"", "", "en_US.UTF-8", EN},
		{"", "", "", EN},
		{"C", "", "ja_JP.UTF-8", EN},
		{"ja_JP.UTF-8", "", "en_US.UTF-8", JA},
		{"", "ja_JP.UTF-8", "en_US.UTF-8", JA},
	} {
		t.Setenv("LC_ALL", tc.lcAll)
		t.Setenv("LC_MESSAGES", tc.lcMessages)
		t.Setenv("LANG", tc.lang)
		assert.Equal(t, tc.want, FromEnv(), "%+v", tc)
	}
}

func TestT(t *testing.T) {
	assert.Equal(t, "日本語", T(JA, "lang.name"))
	assert.Equal(t, "English", T(EN, "lang.name"))
	assert.Equal(t, "no.such.key", T(JA, "no.such.key"))
}

func TestCode(t *testing.T) {
	assert.Equal(t, "条件付き", Code(JA, "cmmc", "conditional"))
	assert.Equal(t, "Conditional", Code(EN, "cmmc", "conditional"))
	assert.Equal(t, "brand_new", Code(JA, "cmmc", "brand_new"))
	assert.Equal(t, "", Code(JA, "cmmc", ""))
	assert.True(t, Valid(JA))
	assert.False(t, Valid("fr"))
}
