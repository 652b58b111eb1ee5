package export

import (
	"fmt"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// The words mamori writes into the documents, in both languages. Text
// from the evidence (justifications, POA&M items) and from the
// catalogue keeps its own language.

type phrase struct{ en, ja string }

func (p phrase) in(lang string) string {
	if lang == engine.LangJA {
		return p.ja
	}
	return p.en
}

var statusWords = map[string]phrase{
	evidence.StatusMet:           {"met", engine.JPImplemented},
	evidence.StatusNotMet:        {"not met", engine.JPNotImplemented},
	evidence.StatusNotApplicable: {"not applicable", engine.JPNotApplicable},
	evidence.StatusNotAssessed:   {"not assessed", engine.JPNotAssessed},
}

var basisWords = map[string]phrase{
	engine.BasisObjectives:   {"every objective is met or not applicable", "全評価目標を満たす（又は該当なし）"},
	engine.BasisEnduring:     {"an enduring exception described in the SSP", "SSPに記載された恒久的例外"},
	engine.BasisTemporary:    {"a temporary deficiency under an operational plan of action", "運用上の行動計画による一時的不備"},
	engine.BasisNotPermitted: {"the capability is not permitted and a policy prevents it", "当該機能を許可しておらず、有効化を防ぐ方針がある"},
	engine.BasisAdjudication: {"a DoD CIO adjudication recorded in the SSP", "SSPに記録されたDoD CIOの裁定"},
}

var cmmcWords = map[string]phrase{
	engine.CMMCFinal:       {"Final Level 2", "レベル2（最終）"},
	engine.CMMCConditional: {"Conditional Level 2", "レベル2（条件付き）"},
	engine.CMMCNone:        {"no Level 2 status", "レベル2のステータスなし"},
}

var methodWords = map[string]phrase{
	"examine":   {"examine", "文書確認"},
	"interview": {"interview", "インタビュー"},
	"test":      {"test", "テスト"},
}

func word(m map[string]phrase, key, lang string) string {
	if p, ok := m[key]; ok {
		return p.in(lang)
	}
	return key
}

// tr picks the English or the Japanese text.
func tr(lang, en, ja string) string {
	if lang == engine.LangJA {
		return ja
	}
	return en
}

// trf formats the English or the Japanese text.
func trf(lang, en, ja string, args ...any) string {
	return fmt.Sprintf(tr(lang, en, ja), args...)
}
