package engine

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// factView is an evidence set's facts with their sources, as a verdict
// shows them: for each fact, who declared it and which machines report
// it, counted against the in-scope hosts.
type factView struct {
	recs       []evidence.FactRecord
	sums       []FactSummary
	byPath     map[string]int
	assessment evidence.AssessmentInfo
	// inScope lists the in-scope hosts (scope.hosts, or every host a
	// machine source describes) and tenants, by subject kind.
	inScope map[string][]string
}

// viewFacts builds the view. maxAge is the review period in days: a
// collected source older than that at the assessment date is stale.
func viewFacts(ev *evidence.Evidence, maxAge int) *factView {
	fv := &factView{recs: ev.FactRecords(), assessment: ev.Assessment, inScope: map[string][]string{}}
	if ev.Scope != nil && len(ev.Scope.Hosts) > 0 {
		fv.inScope["host"] = ev.Scope.Hosts
	}
	for _, src := range ev.MachineSources() {
		k := src.SubjectKind()
		if k == "host" && ev.Scope != nil && len(ev.Scope.Hosts) > 0 {
			continue
		}
		if !slices.ContainsFunc(fv.inScope[k], func(s string) bool { return strings.EqualFold(s, src.Subject()) }) {
			fv.inScope[k] = append(fv.inScope[k], src.Subject())
		}
	}
	fv.byPath = make(map[string]int, len(fv.recs))
	fv.sums = make([]FactSummary, len(fv.recs))
	for i := range fv.recs {
		r := &fv.recs[i]
		fv.byPath[r.Path] = i
		fv.sums[i] = fv.summarise(r, ev.Assessment, maxAge)
	}
	return fv
}

func (fv *factView) record(path string) (*evidence.FactRecord, *FactSummary) {
	i, ok := fv.byPath[path]
	if !ok {
		return nil, nil
	}
	return &fv.recs[i], &fv.sums[i]
}

// summarise describes one fact's sources: each declaration, and the
// machines grouped by the tool that read them.
func (fv *factView) summarise(r *evidence.FactRecord, a evidence.AssessmentInfo, maxAge int) FactSummary {
	s := FactSummary{Fact: r.Path, Value: evidence.ShowValue(r.Value), Disagree: r.Disagree}
	for _, d := range r.Declared {
		s.Sources = appendSource(s.Sources, declaredSource(d, a))
	}
	groups := map[string]int{}
	weakest := map[int]evidence.Bounded{} // by source index
	for _, sv := range r.Subjects {
		if sv.Conflict {
			s.Conflicting = append(s.Conflicting, sv.Subject)
		}
		for _, i := range sv.Sightings {
			c := &r.Collected[i]
			key := c.Source.Importer + "\x00" + c.Source.Tool
			g, ok := groups[key]
			if !ok {
				g = len(s.Sources)
				groups[key] = g
				s.Sources = append(s.Sources, FactSource{Kind: evidence.SourceCollected, Importer: c.Source.Importer,
					Tool: c.Source.Tool, SubjectKind: sv.Kind, Value: showBounded(c.Value, c.Bound)})
				weakest[g] = evidence.Bounded{Value: c.Value, Bound: c.Bound}
			}
			fs := &s.Sources[g]
			if !slices.Contains(fs.Subjects, sv.Subject) {
				fs.Subjects = append(fs.Subjects, sv.Subject)
			}
			w := weakest[g]
			if v, b := evidence.Weaker(r.Path, w.Value, w.Bound, c.Value, c.Bound); !reflect.DeepEqual(v, w.Value) || b != w.Bound {
				weakest[g] = evidence.Bounded{Value: v, Bound: b}
				fs.Value = showBounded(v, b)
			}
			at := c.Source.Collected.UTC()
			if fs.CollectedFrom == nil || at.Before(*fs.CollectedFrom) {
				fs.CollectedFrom = &at
			}
			if fs.CollectedTo == nil || at.After(*fs.CollectedTo) {
				fs.CollectedTo = &at
			}
		}
	}
	for i := range s.Sources {
		fs := &s.Sources[i]
		if fs.Kind != evidence.SourceCollected {
			continue
		}
		fs.Reported = len(fs.Subjects)
		fs.Subjects = nil // the verdict names hosts where they fail, not where they pass
		fs.Stale = a.Date.Sub(fs.CollectedFrom.Truncate(24*time.Hour)) > time.Duration(maxAge)*24*time.Hour
	}
	if len(r.Subjects) > 0 {
		kind := r.Subjects[0].Kind
		cov := &FactCoverage{Subject: kind, InScope: len(fv.inScope[kind])}
		for _, subj := range fv.inScope[kind] {
			if slices.ContainsFunc(r.Subjects, func(sv evidence.SubjectValue) bool { return strings.EqualFold(sv.Subject, subj) }) {
				cov.Reported++
			} else {
				cov.Missing = append(cov.Missing, subj)
			}
		}
		s.Coverage = cov
	}
	return s
}

// collected reports whether a collected source gives the fact.
func (s *FactSummary) collected() bool {
	return slices.ContainsFunc(s.Sources, func(fs FactSource) bool { return fs.Kind == evidence.SourceCollected })
}

// stale returns the fact's stale collected sources.
func (s *FactSummary) stale() []FactSource {
	var out []FactSource
	for _, fs := range s.Sources {
		if fs.Stale {
			out = append(out, fs)
		}
	}
	return out
}

func declaredSource(d evidence.DeclaredValue, a evidence.AssessmentInfo) FactSource {
	fs := FactSource{Kind: evidence.SourceDeclared, Value: evidence.ShowValue(d.Value)}
	if d.Declaration != nil {
		date := d.Declaration.Date
		fs.By, fs.Role, fs.Date = d.Declaration.By, d.Declaration.Role, &date
	} else {
		date := a.Date
		fs.By, fs.Role, fs.Date, fs.Implicit = a.Assessor.Name, a.Assessor.Role, &date, true
	}
	return fs
}

// appendSource adds a declaration unless the same person declared the
// same value on the same date already (the same file read twice, or two
// files by one person).
func appendSource(list []FactSource, fs FactSource) []FactSource {
	for _, x := range list {
		if x.Kind == fs.Kind && x.By == fs.By && x.Value == fs.Value && x.Implicit == fs.Implicit && x.Date.Equal(fs.Date.Time) {
			return list
		}
	}
	return append(list, fs)
}

func showBounded(v any, bound string) string {
	s := evidence.ShowValue(v)
	switch bound {
	case evidence.BoundAtMost:
		return "≤ " + s
	case evidence.BoundAtLeast:
		return "≥ " + s
	case evidence.BoundMoreThan:
		return "> " + s
	case evidence.BoundLessThan:
		return "< " + s
	}
	return s
}

// Text says where a fact came from, in both languages: "declared by
// 佐藤 健一 (情報システム担当), 2026-09-20" or "collected on 20 hosts
// (secedit, auditpol, PowerShell; 2026-09-30)".
func (fs FactSource) Text() Text {
	if fs.Kind == evidence.SourceDeclared {
		who := fs.By
		if fs.Role != "" {
			who += " (" + fs.Role + ")"
		}
		if fs.Implicit {
			return Text{
				EN: fmt.Sprintf("declared in the evidence (assessor %s, %s)", who, fs.Date),
				JA: fmt.Sprintf("証跡で申告（評価者 %s、%s）", who, fs.Date),
			}
		}
		return Text{EN: fmt.Sprintf("declared by %s, %s", who, fs.Date), JA: fmt.Sprintf("申告: %s、%s", who, fs.Date)}
	}
	when := fs.CollectedFrom.Format(time.DateOnly)
	if to := fs.CollectedTo.Format(time.DateOnly); to != when {
		when += "–" + to
	}
	var onEN, onJA string
	if len(fs.Subjects) > 0 {
		onEN, onJA = "on "+listEN(fs.Subjects), listJA(fs.Subjects)+"で"
	} else {
		onEN, onJA = fmt.Sprintf("on %d %s", fs.Reported, plural(fs.SubjectKind, fs.Reported)), fmt.Sprintf("%d%sで", fs.Reported, counterJA(fs.SubjectKind))
	}
	staleEN, staleJA := "", ""
	if fs.Stale {
		staleEN, staleJA = ", out of date", "、見直し期限切れ"
	}
	return Text{
		EN: fmt.Sprintf("collected %s (%s; %s%s)", onEN, fs.Tool, when, staleEN),
		JA: fmt.Sprintf("%s収集（%s、%s%s）", onJA, fs.Tool, when, staleJA),
	}
}

// Text describes the fact's value and sources, with its coverage.
func (s *FactSummary) Text() Text {
	var en, ja []string
	for _, fs := range s.Sources {
		t := fs.Text()
		if len(s.Sources) > 1 && s.Disagree {
			t.EN, t.JA = fs.Value+": "+t.EN, fs.Value+": "+t.JA
		}
		en, ja = append(en, t.EN), append(ja, t.JA)
	}
	out := Text{EN: s.Fact + " = " + s.Value + " — " + strings.Join(en, "; "), JA: s.Fact + " = " + s.Value + " — " + strings.Join(ja, "。")}
	if c := s.Coverage; c != nil {
		out.EN += fmt.Sprintf("; %d of %d %s", c.Reported, c.InScope, plural(c.Subject, c.InScope))
		out.JA += fmt.Sprintf("。%d%s中%d%s", c.InScope, counterJA(c.Subject), c.Reported, counterJA(c.Subject))
		if len(c.Missing) > 0 {
			out.EN += ", not " + listEN(c.Missing)
			out.JA += "（" + listJA(c.Missing) + "は未報告）"
		}
	}
	return out
}

func plural(kind string, n int) string {
	if kind == "" {
		kind = "host"
	}
	if n == 1 {
		return kind
	}
	return kind + "s"
}

func counterJA(kind string) string {
	if kind == "tenant" {
		return "テナント"
	}
	return "台"
}

// listEN writes names as "A, B and C", at most ten of them.
func listEN(names []string) string {
	shown, more := names, 0
	if len(names) > 10 {
		shown, more = names[:10], len(names)-10
	}
	switch {
	case more > 0:
		return strings.Join(shown, ", ") + fmt.Sprintf(" and %d more", more)
	case len(shown) == 1:
		return shown[0]
	}
	return strings.Join(shown[:len(shown)-1], ", ") + " and " + shown[len(shown)-1]
}

// listJA writes names as "A、B、C", at most ten of them.
func listJA(names []string) string {
	if len(names) > 10 {
		return strings.Join(names[:10], "、") + fmt.Sprintf("ほか%d件", len(names)-10)
	}
	return strings.Join(names, "、")
}

// corroboration says what corroborates a claim whose groups of facts
// the evidence satisfies: "collected" when every group has a fact that
// machines report from every in-scope host (or tenant), "declared" when
// no group has a fact that machines report, "partial" otherwise; and the
// facts, in order.
func (fv *factView) corroboration(groups [][]string) (string, []string) {
	var by []string
	complete, none := true, true
	for _, g := range groups {
		full, some := false, false
		for _, p := range g {
			by = append(by, p)
			if _, s := fv.record(p); s != nil && s.collected() {
				some = true
				full = full || s.Coverage == nil || s.Coverage.Reported == s.Coverage.InScope
			}
		}
		complete = complete && full
		none = none && !some
	}
	switch {
	case complete:
		return CorroborationCollected, by
	case none:
		return CorroborationDeclared, by
	}
	return CorroborationPartial, by
}

// staleFact is a fact with its collected sources that are out of date.
type staleFact struct {
	fact    string
	sources []FactSource
}

// staleFacts returns those of the facts whose collected sources include
// one older than the review period.
func (fv *factView) staleFacts(paths []string) []staleFact {
	var out []staleFact
	for _, p := range paths {
		if _, s := fv.record(p); s != nil {
			if st := s.stale(); len(st) > 0 {
				out = append(out, staleFact{p, st})
			}
		}
	}
	return out
}

// staleFactFinding warns that a met claim rests on facts collected
// longer ago than the review period, as staleFinding does for artifacts.
func staleFactFinding(req, obj string, stale []staleFact, maxAge int) Finding {
	var en, ja []string
	for _, s := range stale {
		for _, fs := range s.sources {
			when := fs.CollectedFrom.Format(time.DateOnly)
			en = append(en, fmt.Sprintf("%s (%s, collected %s)", s.fact, fs.Tool, when))
			ja = append(ja, fmt.Sprintf("%s（%s、%s収集）", s.fact, fs.Tool, when))
		}
	}
	return Finding{
		Requirement: req, Objectives: []string{obj}, Code: req + ".fact.stale", Effect: EffectWarning,
		Message: Text{
			EN: fmt.Sprintf("%s rests on facts collected more than %d days before the assessment: %s", obj, maxAge, strings.Join(en, ", ")),
			JA: fmt.Sprintf("%s の根拠となる事実は評価日の%d日以上前に収集された: %s", obj, maxAge, strings.Join(ja, "、")),
		},
	}
}

// disagreements reports each fact whose sources give values that cannot
// all be true, with every source and its value, under the first
// requirement (in catalogue order) whose policy reads the fact. Neither
// source wins: the policies saw the weaker value, which the finding
// names.
func (e *Engine) disagreements(fv *factView) []Finding {
	var out []Finding
	for i := range fv.recs {
		r := &fv.recs[i]
		if !r.Disagree {
			continue
		}
		s := &fv.sums[i]
		f := Finding{Requirement: e.readerOf(r.Path), Code: "", Effect: EffectDisagreement, Fact: r.Path, Value: s.Value,
			Sources: s.Sources,
			Message: Text{
				EN: fmt.Sprintf("the sources of %s disagree: the policies use the weaker value, %s", r.Path, s.Value),
				JA: fmt.Sprintf("%s の出所が一致しない。ポリシーは弱い方の値 %s を用いる", r.Path, s.Value),
			},
		}
		f.Code = f.Requirement + "." + r.Path + ".disagreement"
		var en, ja []string
		for _, fs := range s.Sources {
			t := fs.Text()
			en, ja = append(en, fs.Value+" "+t.EN), append(ja, fs.Value+": "+t.JA)
		}
		if len(s.Conflicting) > 0 {
			en = append(en, "sources disagree on "+listEN(s.Conflicting))
			ja = append(ja, listJA(s.Conflicting)+"について収集元が一致しない")
		}
		f.Origin = &Text{EN: strings.Join(en, "; "), JA: strings.Join(ja, "。")}
		out = append(out, f)
	}
	return out
}

// readerOf is the first requirement, in catalogue order, whose policy
// reads the fact at path or whose claims it can corroborate.
func (e *Engine) readerOf(path string) string {
	parts := strings.Split(path, ".")
	reads := func(d *pkgDeps) bool {
		for _, p := range d.facts {
			n := min(len(p), len(parts))
			if slices.Equal(p[:n], parts[:n]) {
				return true
			}
		}
		return false
	}
	for _, req := range e.catalog.Requirements() {
		for i := range e.deps {
			if e.deps[i].req == req.ID && reads(&e.deps[i]) {
				return req.ID
			}
		}
		for _, o := range req.Objectives {
			for _, g := range e.corroboration[o.ID] {
				if slices.Contains(g, path) {
					return req.ID
				}
			}
		}
	}
	return ""
}
