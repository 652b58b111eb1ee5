package reports

import (
	"fmt"
	"strings"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// gapCloudLabels are the cloud sheet's words in each language.
var gapCloudLabels = map[string]map[string]string{
	engine.LangEN: {
		"s.cloud": "Cloud services", "cloud": "Cloud services in scope",
		"c.service": "Service", "c.provider": "Provider", "c.holds": "Holds", "c.region": "Region",
		"c.declared": "Declared registration", "c.listed": "On the registry", "c.reqs": "Requirements affected",
		"c.finding": "Finding", "c.registry": "Registry", "c.asof": "Date of the list", "c.age": "Age at the assessment",
		"c.age.fmt": "%d days (at most %d)", "c.stale": "older than allowed: absent or lapsed counts as unverified",
		"c.file": "File", "c.source": "Source", "c.none": "No registry was given (--cloud-registry): services holding protected information are not checked.",
		"c.valid": "valid %s to %s", "c.open": "open",
		"c.summary": "%d in scope: %s", "c.summary.reg": "checked against %s of %s",
		"h.stored": "stored", "h.processed": "processed", "h.transmitted": "transmitted", "h.security_protection_data": "security protection data only",
	},
	engine.LangJA: {
		"s.cloud": "クラウドサービス", "cloud": "評価対象範囲のクラウドサービス",
		"c.service": "サービス", "c.provider": "事業者", "c.holds": "扱う情報", "c.region": "リージョン",
		"c.declared": "申告された登録", "c.listed": "登録簿の記載", "c.reqs": "関係する要件",
		"c.finding": "指摘事項", "c.registry": "登録簿", "c.asof": "一覧の日付", "c.age": "評価日における経過日数",
		"c.age.fmt": "%d日（上限%d日）", "c.stale": "上限を超えて古いため、未登録・失効は裏付けなしとして扱う",
		"c.file": "ファイル", "c.source": "出典", "c.none": "登録簿の指定なし（--cloud-registry）: 保護すべき情報を扱うサービスは確認されていない。",
		"c.valid": "有効期間 %s〜%s", "c.open": "定めなし",
		"c.summary": "%d件: %s", "c.summary.reg": "%s（%s 時点）で確認",
		"h.stored": "保存", "h.processed": "処理", "h.transmitted": "送信", "h.security_protection_data": "セキュリティ保護データのみ",
	},
}

// cloudStatusClass is the determination whose colour a cloud status
// takes: registered green, not required grey, unconfirmed yellow, not
// verified red.
func cloudStatusClass(s engine.CloudServiceResult) string {
	degraded := false
	for _, x := range s.Registrations {
		degraded = degraded || (x.Status == s.Status && x.Degraded)
	}
	switch {
	case s.Status == engine.CloudRegistered:
		return evidence.StatusMet
	case s.Status == engine.CloudNotRequired:
		return evidence.StatusNotApplicable
	case !s.Protected, degraded, s.Status == engine.CloudNotChecked, s.Status == engine.CloudMismatch, s.Status == engine.CloudEquivalency:
		return evidence.StatusNotAssessed
	}
	return evidence.StatusNotMet
}

// cloudSummary is the summary sheet's line about the cloud services:
// how many, by outcome, and the registry checked against.
func (g *gapWriter) cloudSummary() string {
	c := g.v.Cloud
	if c == nil {
		return ""
	}
	var order []string
	count := map[string]int{}
	for _, s := range c.Services {
		if count[s.Status] == 0 {
			order = append(order, s.Status)
		}
		count[s.Status]++
	}
	var parts []string
	for _, st := range order {
		parts = append(parts, fmt.Sprintf("%s %d", engine.CloudStatusLabels[st].In(g.lang), count[st]))
	}
	out := fmt.Sprintf(g.l("c.summary"), len(c.Services), strings.Join(parts, ", "))
	if r := c.Registry; r != nil {
		return out + "\n" + fmt.Sprintf(g.l("c.summary.reg"), r.Label(g.lang), r.AsOf)
	}
	return out + "\n" + g.l("c.none")
}

// cloudSheet lists the declared cloud services with what they hold, the
// registration each declares, what the registry says of it and the
// outcome, then the registry checked against.
func (g *gapWriter) cloudSheet() error {
	c := g.v.Cloud
	if c == nil {
		return nil
	}
	s := g.cloud
	heads := []string{g.l("id"), g.l("c.service"), g.l("c.provider"), g.l("c.holds"), g.l("c.region"), g.l("c.declared"),
		g.l("c.listed"), g.l("status"), g.l("c.reqs"), g.l("c.finding")}
	if err := g.table(s, heads, []float64{13, 24, 22, 16, 14, 20, 34, 16, 13, 50}, len(c.Services)); err != nil {
		return err
	}
	for i, sv := range c.Services {
		row := i + 2
		var holds, declared, listed []string
		for _, h := range sv.Holds {
			holds = append(holds, g.l("h."+h))
		}
		for _, x := range sv.Registrations {
			d := strings.ToUpper(x.Scheme) + " " + x.Registration
			if x.Level != "" && x.Entry == nil {
				d += " (" + x.Level + ")"
			}
			declared = append(declared, d)
			if e := x.Entry; e != nil {
				line := strings.ToUpper(e.Scheme) + " " + e.Registration + "\n" + e.Service + " / " + e.Provider
				if e.Level != "" {
					line += "\n" + e.Level
				}
				from, until := g.l("c.open"), g.l("c.open")
				if e.ValidFrom != nil {
					from = e.ValidFrom.String()
				}
				if e.ValidUntil != nil {
					until = e.ValidUntil.String()
				}
				listed = append(listed, line+"\n"+fmt.Sprintf(g.l("c.valid"), from, until))
			}
		}
		cells := []struct {
			s     string
			style int
		}{
			{sv.ID, g.st.plain}, {sv.Service, g.st.wrap}, {sv.Provider, g.st.wrap}, {strings.Join(holds, "\n"), g.st.wrap},
			{sv.Region, g.st.wrap}, {strings.Join(declared, "\n"), g.st.wrap}, {strings.Join(listed, "\n\n"), g.st.wrap},
			{engine.CloudStatusLabels[sv.Status].In(g.lang), g.statusStyle(cloudStatusClass(sv))},
			{strings.Join(sv.Requirements, "\n"), g.st.wrap}, {sv.Message.In(g.lang), g.st.wrap},
		}
		for col, c := range cells {
			if err := g.str(s, col+1, row, c.s, c.style); err != nil {
				return err
			}
		}
	}
	row := len(c.Services) + 3
	kv := func(k, v string) error {
		if err := g.str(s, 1, row, g.l(k), g.st.label); err != nil {
			return err
		}
		if err := g.str(s, 2, row, v, g.st.wrap); err != nil {
			return err
		}
		if err := g.f.MergeCell(s, xlCell(2, row), xlCell(7, row)); err != nil {
			return err
		}
		row++
		return nil
	}
	r := c.Registry
	if r == nil {
		return kv("c.registry", g.l("c.none"))
	}
	age := fmt.Sprintf(g.l("c.age.fmt"), r.AgeDays, r.MaxAgeDays)
	if r.Stale {
		age += ": " + g.l("c.stale")
	}
	for _, p := range []struct{ k, v string }{
		{"c.registry", r.Label(g.lang)}, {"c.asof", r.AsOf.String()}, {"c.age", age},
		{"c.source", r.Source}, {"c.file", r.File + "\nSHA-256 " + r.SHA256},
	} {
		if p.v == "" {
			continue
		}
		if err := kv(p.k, p.v); err != nil {
			return err
		}
	}
	return nil
}
