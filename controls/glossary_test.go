package controls_test

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
)

// glossary is controls/glossary.yaml.
type glossary struct {
	Mamori  string            `yaml:"mamori"`
	Sources map[string]string `yaml:"sources"`
	Names   []string          `yaml:"names"`
	Terms   []term            `yaml:"terms"`
}

type term struct {
	EN       string   `yaml:"en"`
	JA       string   `yaml:"ja"`
	Match    string   `yaml:"match"`
	Exclude  string   `yaml:"exclude"`
	Rejected []string `yaml:"rejected"`
	Allow    []string `yaml:"allow"`
	Senses   []sense  `yaml:"senses"`
	Note     string   `yaml:"note"`
	Source   string   `yaml:"source"`

	match, exclude *regexp.Regexp
}

// sense is a second meaning of a term's English word: the texts that
// take its Japanese term instead, each with the reason.
type sense struct {
	JA    string            `yaml:"ja"`
	Note  string            `yaml:"note"`
	Texts map[string]string `yaml:"texts"`
}

// text is one translated text: an SP 800-171 requirement or objective,
// a title, an SP 800-53 statement item or discussion paragraph.
type text struct{ id, en, ja string }

func readGlossary(t *testing.T, data []byte) *glossary {
	t.Helper()
	var g glossary
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	require.NoError(t, dec.Decode(&g), "glossary.yaml")
	require.Equal(t, "glossary/v1", g.Mamori, "glossary.yaml declares mamori: glossary/v1, which keeps it out of the catalogue loader")
	seen := map[string]bool{}
	for i := range g.Terms {
		tm := &g.Terms[i]
		require.NotEmpty(t, tm.EN, "term %d has no English", i)
		require.NotEmpty(t, tm.JA, "%s: no Japanese", tm.EN)
		require.False(t, seen[tm.EN], "%s: listed twice", tm.EN)
		seen[tm.EN] = true
		var err error
		tm.match, err = regexp.Compile(tm.Match)
		require.NoError(t, err, "%s: match", tm.EN)
		require.NotEmpty(t, tm.Match, "%s: no match pattern", tm.EN)
		if tm.Exclude != "" {
			tm.exclude, err = regexp.Compile(tm.Exclude)
			require.NoError(t, err, "%s: exclude", tm.EN)
		}
		if tm.Source != "" {
			require.Contains(t, g.Sources, tm.Source, "%s: unknown source", tm.EN)
		}
		for _, s := range tm.Senses {
			require.NotEmpty(t, s.JA, "%s: a sense without Japanese", tm.EN)
			require.NotEmpty(t, s.Texts, "%s: sense %s lists no texts", tm.EN, s.JA)
			for id, why := range s.Texts {
				require.NotEmpty(t, why, "%s: %s takes %s without a reason", tm.EN, id, s.JA)
			}
		}
	}
	return &g
}

// checkGlossary returns every place where a translation departs from
// the glossary:
//
//   - wherever a term's English occurs in a text (after its exclusions),
//     the Japanese has the term's Japanese, or, for a text listed under
//     one of its senses, each listed sense's Japanese;
//   - a text listed under a sense exists and has the English term, so
//     the exceptions cannot outlive their reason;
//   - no Japanese text uses a rejected rendering (outside the longer
//     words the term allows);
//   - a proper name kept in English is in the Japanese as written (and
//     its words are not matched as terms).
func checkGlossary(g *glossary, texts []text) []string {
	var out []string
	texts = slices.Clone(texts)
	for i, tx := range texts {
		for _, n := range g.Names {
			if strings.Contains(tx.en, n) {
				if !strings.Contains(tx.ja, n) {
					out = append(out, fmt.Sprintf("%s: the name %q is not kept in 「%s」", tx.id, n, tx.ja))
				}
				texts[i].en = strings.ReplaceAll(texts[i].en, n, " ")
			}
		}
	}
	byID := map[string]text{}
	for _, tx := range texts {
		byID[tx.id] = tx
	}
	for _, tm := range g.Terms {
		has := func(en string) bool {
			if tm.exclude != nil {
				en = tm.exclude.ReplaceAllString(en, " ")
			}
			return tm.match.MatchString(en)
		}
		senses := map[string][]string{}
		for _, s := range tm.Senses {
			for id := range s.Texts {
				senses[id] = append(senses[id], s.JA)
				if tx, ok := byID[id]; !ok {
					out = append(out, fmt.Sprintf("%s: sense %s lists %s, which is not a translated text", tm.EN, s.JA, id))
				} else if !has(tx.en) {
					out = append(out, fmt.Sprintf("%s: sense %s lists %s, whose English does not have the term", tm.EN, s.JA, id))
				}
			}
		}
		for _, tx := range texts {
			if has(tx.en) {
				want := senses[tx.id]
				if want == nil {
					want = []string{tm.JA}
				}
				for _, w := range want {
					if !strings.Contains(tx.ja, w) {
						out = append(out, fmt.Sprintf("%s: %q is %s, not in 「%s」", tx.id, tm.EN, w, tx.ja))
					}
				}
			}
			ja := tx.ja
			for _, a := range tm.Allow {
				ja = strings.ReplaceAll(ja, a, "〓")
			}
			for _, r := range tm.Rejected {
				if strings.Contains(ja, r) {
					out = append(out, fmt.Sprintf("%s: %s is rejected for %q (use %s): 「%s」", tx.id, r, tm.EN, tm.JA, tx.ja))
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// translatedTexts collects every text with a Japanese translation in
// the catalogues, paired with its English.
func translatedTexts(cats *engine.Catalogs) []text {
	var out []text
	add := func(id string, t engine.Text) {
		if t.JA != "" {
			out = append(out, text{id, t.EN, t.JA})
		}
	}
	for _, c := range cats.All() {
		add("catalog "+c.ID+" title", c.Title)
		for _, f := range c.Families {
			add("family "+f.ID, f.Title)
		}
		for _, r := range c.Requirements() {
			for _, o := range r.Objectives {
				add(o.ID, o.Text)
			}
			if c.ID == engine.DefaultCatalog { // a Rev 2 requirement is one sentence, named by its ID
				add(r.ID, r.Text)
				continue
			}
			add(r.ID+" title", r.Title)
			out = append(out, statementTexts(r.ID, r.Text)...)
			out = append(out, discussionTexts(r.ID, r.Discussion)...)
		}
	}
	return out
}

var itemRE = regexp.MustCompile(`^( *)((?:[a-z]{1,2}|[0-9]{1,2})\.|\((?:[a-z]{1,2}|[0-9]{1,2})\))(?: |$)`)

// statementTexts splits an SP 800-53 statement into its items, named by
// their labels ("AC-2 statement a.1."); the translation keeps the
// English lines, which the overlay check enforces.
func statementTexts(id string, t engine.Text) []text {
	if t.JA == "" {
		return nil
	}
	el, jl := strings.Split(t.EN, "\n"), strings.Split(t.JA, "\n")
	if len(el) != len(jl) {
		return []text{{id + " statement", t.EN, t.JA}}
	}
	var out []text
	var path []string // labels by nesting level
	for i := range el {
		m := itemRE.FindStringSubmatch(el[i])
		if m == nil && len(out) > 0 && strings.HasPrefix(el[i], " ") { // a further paragraph of an item
			out[len(out)-1].en += "\n" + el[i]
			out[len(out)-1].ja += "\n" + jl[i]
			continue
		}
		name := id + " statement"
		if m != nil {
			level := len(m[1]) / 2
			path = append(path[:min(level, len(path))], m[2])
			name += " " + strings.Join(path, "")
		}
		out = append(out, text{name, el[i], jl[i]})
	}
	return out
}

// discussionTexts splits a discussion into paragraphs ("AC-2 discussion 2").
func discussionTexts(id string, t engine.Text) []text {
	if t.JA == "" {
		return nil
	}
	ep, jp := strings.Split(t.EN, "\n\n"), strings.Split(t.JA, "\n\n")
	if len(ep) != len(jp) {
		return []text{{id + " discussion", t.EN, t.JA}}
	}
	out := make([]text, len(ep))
	for i := range ep {
		out[i] = text{fmt.Sprintf("%s discussion %d", id, i+1), ep[i], jp[i]}
	}
	return out
}

// TestGlossary checks every Japanese text of the embedded catalogues
// against the glossary.
func TestGlossary(t *testing.T) {
	data, err := controls.FS.ReadFile("glossary.yaml")
	require.NoError(t, err)
	g := readGlossary(t, data)
	cats, err := engine.LoadCatalogs(controls.FS)
	require.NoError(t, err, "the glossary sits beside the catalogues without being read as one")
	texts := translatedTexts(cats)
	require.Greater(t, len(texts), 430, "the Rev 2 requirements, objectives and families at least")
	for _, p := range checkGlossary(g, texts) {
		t.Error(p)
	}
	used := 0
	for _, tm := range g.Terms {
		for _, tx := range texts {
			if tm.match.MatchString(tx.en) {
				used++
				break
			}
		}
	}
	t.Logf("%d terms, %d used in %d translated texts", len(g.Terms), used, len(texts))
}

// TestGlossaryCheck shows that the check fails on what it is for: a term
// translated another way, a rejected rendering, a sense listed for a
// text that no longer has the term or does not exist, a proper name not
// kept.
func TestGlossaryCheck(t *testing.T) {
	g := readGlossary(t, []byte(`mamori: glossary/v1
terms:
  - en: identify
    ja: 特定
    match: '(?i)\bidentif(y|ied)\b'
    senses:
      - ja: 識別
        note: the identity of a subject
        texts: {"3.5.1[a]": system users, "3.4.1": gone, "9.9.9": never was}
  - en: sanitize
    ja: 消去（サニタイズ）
    match: '(?i)\bsanitized?\b'
    rejected: [無害化]
  - en: device
    ja: 機器
    match: '(?i)\bdevices?\b'
    exclude: '(?i)storage devices?'
    rejected: [装置]
    allow: [記憶装置]
names: [Common Vulnerability Scoring System]
`))
	texts := []text{
		{"3.5.1[a]", "system users are identified.", "システムユーザーが識別されている。"},
		{"3.1.5[c]", "security functions are identified.", "セキュリティ機能が識別されている。"},
		{"3.13.5[a]", "publicly accessible system components are identified.", "一般にアクセス可能なシステム構成要素が特定されている。"},
		{"3.4.1", "a baseline configuration is established.", "ベースライン構成が確立されている。"},
		{"3.8.3[b]", "system media is sanitized before reuse.", "システム媒体が再利用の前に無害化されている。"},
		{"3.8.8", "portable storage devices with no owner are prohibited.", "所有者のない可搬型記憶装置は禁止されている。"},
		{"3.10.5[a]", "physical access devices are identified.", "物理的アクセス装置が特定されている。"},
		{"RA-5 discussion 2", "devices scored by the Common Vulnerability Scoring System (CVSS).", "CVSS（Common Vulnerability Scoring System）で評価した機器。"},
		{"RA-5 discussion 3", "devices scored by the Common Vulnerability Scoring System (CVSS).", "CVSSで評価した機器。"},
	}
	assert.Equal(t, []string{
		"3.1.5[c]: \"identify\" is 特定, not in 「セキュリティ機能が識別されている。」",
		"3.10.5[a]: \"device\" is 機器, not in 「物理的アクセス装置が特定されている。」",
		"3.10.5[a]: 装置 is rejected for \"device\" (use 機器): 「物理的アクセス装置が特定されている。」",
		"3.8.3[b]: \"sanitize\" is 消去（サニタイズ）, not in 「システム媒体が再利用の前に無害化されている。」",
		"3.8.3[b]: 無害化 is rejected for \"sanitize\" (use 消去（サニタイズ）): 「システム媒体が再利用の前に無害化されている。」",
		"RA-5 discussion 3: the name \"Common Vulnerability Scoring System\" is not kept in 「CVSSで評価した機器。」",
		"identify: sense 識別 lists 3.4.1, whose English does not have the term",
		"identify: sense 識別 lists 9.9.9, which is not a translated text",
	}, checkGlossary(g, texts))
}

// TestStatementTexts names SP 800-53 statement items by their labels.
func TestStatementTexts(t *testing.T) {
	got := statementTexts("AC-2", engine.Text{
		EN: "Lead:\na. One;\n  1. Two;\n    (a) Three;\n    More of three.\n  2. Four;\nb. Five.",
		JA: "導入：\na. 一\n  1. 二\n    (a) 三\n    三の続き\n  2. 四\nb. 五",
	})
	var ids []string
	for _, tx := range got {
		ids = append(ids, tx.id)
	}
	assert.Equal(t, []string{"AC-2 statement", "AC-2 statement a.", "AC-2 statement a.1.", "AC-2 statement a.1.(a)", "AC-2 statement a.2.", "AC-2 statement b."}, ids)
	assert.Equal(t, "    (a) Three;\n    More of three.", got[3].en)
	assert.True(t, slices.ContainsFunc(discussionTexts("AC-2", engine.Text{EN: "A.\n\nB.", JA: "甲。\n\n乙。"}), func(tx text) bool {
		return tx.id == "AC-2 discussion 2" && tx.ja == "乙。"
	}))
}
