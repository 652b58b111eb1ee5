package reports

import (
	"fmt"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/mamori-dev/mamori/engine"
)

// cloudTextLabels are the cloud section's words in each language.
var cloudTextLabels = map[string]map[string]string{
	engine.LangEN: {
		"title":      "Cloud services in scope",
		"registry":   "registry %s of %s (%d days old at the assessment)",
		"stale":      "older than %d days: absent or lapsed counts as unverified",
		"noregistry": "no registry given (--cloud-registry): services holding protected information are not checked",
	},
	engine.LangJA: {
		"title":      "評価対象範囲のクラウドサービス",
		"registry":   "登録簿 %s（%s 時点、評価日の%d日前）",
		"stale":      "%d日より古いため、未登録・失効は裏付けなしとして扱う",
		"noregistry": "登録簿の指定なし（--cloud-registry）: 保護すべき情報を扱うサービスは確認されていない",
	},
}

// cloudTable writes the cloud services section of the table: the
// registry (marked when it is a sample), then one line per service with
// its outcome and the requirements it bears on.
func (t *Text) cloudTable(b *strings.Builder, c *engine.CloudCheck) {
	if c == nil {
		return
	}
	l := cloudTextLabels[t.lang]
	fmt.Fprintf(b, "\n%s (%d)\n", l["title"], len(c.Services))
	if r := c.Registry; r != nil {
		fmt.Fprintf(b, "  "+l["registry"]+"\n", r.Label(t.lang), r.AsOf, r.AgeDays)
		if r.Stale {
			fmt.Fprintf(b, "  "+l["stale"]+"\n", r.MaxAgeDays)
		}
	} else {
		fmt.Fprintf(b, "  %s\n", l["noregistry"])
	}
	idW, stW := 0, 0
	for _, s := range c.Services {
		idW = max(idW, runewidth.StringWidth(s.ID))
		stW = max(stW, runewidth.StringWidth(engine.CloudStatusLabels[s.Status].In(t.lang)))
	}
	idW, stW = min(idW, 16), min(stW, 30)
	for _, s := range c.Services {
		var parts []string
		if len(s.Requirements) > 0 {
			parts = append(parts, "["+strings.Join(s.Requirements, " ")+"]")
		}
		parts = append(parts, s.Service+" ("+s.Provider+")")
		for _, x := range s.Registrations {
			parts = append(parts, strings.ToUpper(x.Scheme)+" "+x.Registration)
		}
		fmt.Fprintf(b, "  %s  %s  %s\n", runewidth.FillRight(runewidth.Truncate(s.ID, idW, "…"), idW),
			runewidth.FillRight(engine.CloudStatusLabels[s.Status].In(t.lang), stW), t.truncate(strings.Join(parts, " "), t.width-idW-stW-6))
	}
}
