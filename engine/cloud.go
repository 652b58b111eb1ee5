package engine

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// Cloud services in scope.
//
// DFARS 252.204-7012(b)(2)(ii)(D), which the Ministry's material on the
// standard cites, requires a contractor that uses an external cloud
// service to store, process or transmit covered defense information to
// ensure the service meets security requirements equivalent to the
// FedRAMP Moderate baseline; the DoD CIO memorandum "FedRAMP Moderate
// Equivalency for Cloud Service Provider's Cloud Service Offerings"
// (21 December 2023) reads that as FedRAMP Moderate (or High)
// authorisation, or a FedRAMP-recognised 3PAO's assessment against the
// whole baseline. Japan's register of assessed cloud services is ISMAP
// (https://www.ismap.go.jp/). Each declared service is checked against
// the registry the operator supplies (cloudregistry.go), and what it
// finds is tied to the SP 800-171 Rev 2 requirements it bears on:
//
//   - 3.1.20[d], "the use of external systems is verified": 3.1.20's
//     discussion names the use of external systems for the processing,
//     storage or transmission of CUI, including cloud services, and says
//     that verification can come from independent third-party
//     assessments; an ISMAP registration or FedRAMP authorisation is such
//     an assessment. Rev 3 makes it explicit (03.01.20.c.01: use to
//     process, store or transmit CUI only after verifying that the
//     external system meets the security requirements). A registration
//     that the registry shows is absent, lapsed or below the Moderate
//     baseline, or no registration at all, shows the use was not
//     verified: 3.1.20[d] is not met. A registration the registry cannot
//     confirm (no registry, another name or provider, an equivalency the
//     auditor must examine) leaves a claim of met unverified.
//   - 3.13.16[a] (CUI at rest, from SP 800-53 SC-28) for a service that
//     stores, and 3.13.8[c] (CUI in transmission, from SC-8 and SC-8(1))
//     for one that transmits: the FedRAMP Moderate baseline includes
//     SC-28 and SC-8, so the assessment is what shows that the provider
//     protects the information it holds. Without a confirmed
//     registration, a claim that these are met is unverified, not
//     contradicted: the provider may protect the data all the same, and
//     the organisation may encrypt it before it reaches the service.

// Cloud service statuses (CloudServiceResult.Status, and each
// registration's).
const (
	// CloudRegistered: on the registry, valid at the assessment date,
	// under the declared name and provider, at the Moderate baseline or
	// above for FedRAMP.
	CloudRegistered = "registered"
	// CloudNotRequired: the service holds security protection data only
	// and declares no registration.
	CloudNotRequired = "not_required"
	// CloudNoRegistration: the service holds protected information and
	// declares neither an ISMAP registration nor a FedRAMP authorisation.
	CloudNoRegistration = "no_registration"
	// CloudNotRegistered: the declared registration is not on the
	// registry, or starts after the assessment date.
	CloudNotRegistered = "not_registered"
	// CloudLapsed: the registration's validity ended before the
	// assessment date.
	CloudLapsed = "lapsed"
	// CloudMismatch: the registration is on the registry under another
	// service name or provider.
	CloudMismatch = "mismatch"
	// CloudBelowModerate: a FedRAMP authorisation below the Moderate
	// baseline (Low, LI-SaaS).
	CloudBelowModerate = "below_moderate"
	// CloudEquivalency: FedRAMP Moderate equivalency resting on a body of
	// evidence that the auditor examines; no registry lists it.
	CloudEquivalency = "equivalency"
	// CloudNotChecked: no registry was supplied.
	CloudNotChecked = "not_checked"
)

// CloudStatusLabels name the statuses in each language.
var CloudStatusLabels = map[string]Text{
	CloudRegistered:     {EN: "registered", JA: "登録あり"},
	CloudNotRequired:    {EN: "not required", JA: "登録不要"},
	CloudNoRegistration: {EN: "no registration", JA: "登録の申告なし"},
	CloudNotRegistered:  {EN: "not registered", JA: "未登録"},
	CloudLapsed:         {EN: "lapsed", JA: "失効"},
	CloudMismatch:       {EN: "registered under another name", JA: "登録名が不一致"},
	CloudBelowModerate:  {EN: "below FedRAMP Moderate", JA: "FedRAMP Moderate 未満"},
	CloudEquivalency:    {EN: "equivalency to examine", JA: "同等性（要確認）"},
	CloudNotChecked:     {EN: "not checked", JA: "未確認"},
}

// cloudRank orders statuses from best to worst; a service with several
// registrations takes its best.
var cloudRank = []string{CloudRegistered, CloudNotRequired, CloudEquivalency, CloudMismatch, CloudNotChecked,
	CloudLapsed, CloudBelowModerate, CloudNotRegistered, CloudNoRegistration}

// Requirements and objectives the cloud checks bear on.
const (
	CloudRequirement = "3.1.20"
	cloudUseVerified = "3.1.20[d]"
	cloudAtRest      = "3.13.16"
	cloudAtRestObj   = "3.13.16[a]"
	cloudTransit     = "3.13.8"
	cloudTransitObj  = "3.13.8[c]"
)

// CloudCheck is the verdict's account of the cloud services in scope.
type CloudCheck struct {
	// Registry is the registry checked against; nil when none was
	// supplied.
	Registry *CloudRegistryRef    `json:"registry,omitempty" yaml:"registry,omitempty"`
	Services []CloudServiceResult `json:"services" yaml:"services"`
}

// CloudRegistryRef identifies the registry a verdict was checked
// against.
type CloudRegistryRef struct {
	File   string        `json:"file" yaml:"file"`
	SHA256 string        `json:"sha256" yaml:"sha256"`
	Name   string        `json:"name" yaml:"name"`
	Source string        `json:"source,omitempty" yaml:"source,omitempty"`
	AsOf   evidence.Date `json:"as_of" yaml:"as_of"`
	// Sample marks a registry made up for examples: not an official list.
	Sample bool `json:"sample,omitempty" yaml:"sample,omitempty"`
	// AgeDays is the list's age at the assessment date; Stale is set when
	// it exceeds MaxAgeDays (cloud_registry_max_age_days).
	AgeDays    int  `json:"age_days" yaml:"age_days"`
	MaxAgeDays int  `json:"max_age_days" yaml:"max_age_days"`
	Stale      bool `json:"stale,omitempty" yaml:"stale,omitempty"`
}

// CloudServiceResult is the outcome for one declared service.
type CloudServiceResult struct {
	ID       string   `json:"id" yaml:"id"`
	Service  string   `json:"service" yaml:"service"`
	Provider string   `json:"provider" yaml:"provider"`
	Holds    []string `json:"holds" yaml:"holds"`
	Region   string   `json:"region,omitempty" yaml:"region,omitempty"`
	// Protected is set when the service stores, processes or transmits
	// protected information.
	Protected bool   `json:"protected" yaml:"protected"`
	Status    string `json:"status" yaml:"status"`
	// Registrations are the declared registrations with their outcomes.
	Registrations []CloudRegistrationResult `json:"registrations,omitempty" yaml:"registrations,omitempty"`
	// Requirements are those the outcome bears on (with a finding each).
	Requirements []string `json:"requirements,omitempty" yaml:"requirements,omitempty"`
	Message      Text     `json:"message" yaml:"message"`
}

// CloudRegistrationResult is one declared registration and what the
// registry says of it.
type CloudRegistrationResult struct {
	// Scheme is ismap (for an ISMAP or ISMAP-LIU number, until the
	// registry says which), ismap-liu or fedramp.
	Scheme       string `json:"scheme" yaml:"scheme"`
	Registration string `json:"registration,omitempty" yaml:"registration,omitempty"`
	// Level is the FedRAMP level: the registry's when it lists the
	// package, else the declared one.
	Level  string `json:"level,omitempty" yaml:"level,omitempty"`
	Status string `json:"status" yaml:"status"`
	// Entry is the registry's entry for the registration, if any.
	Entry *CloudRegistryEntry `json:"entry,omitempty" yaml:"entry,omitempty"`
	// Degraded is set when the registry is stale and the outcome rests
	// on it: a negative outcome counts as unverified, not as not met.
	Degraded bool `json:"degraded,omitempty" yaml:"degraded,omitempty"`
	Message  Text `json:"message" yaml:"message"`
}

// DefaultCloudRegistryMaxAge is the oldest a registry may be, in days
// at the assessment date, when the parameters do not say.
const DefaultCloudRegistryMaxAge = 90

// checkCloud checks the declared services against reg (nil: none was
// supplied) at the assessment date. It returns the verdict's cloud
// section (nil when no service is declared), the findings, and the
// objectives whose claims of met it leaves unverified.
func checkCloud(services []evidence.CloudService, reg *CloudRegistry, date evidence.Date, maxAge int) (*CloudCheck, []Finding, []string) {
	if len(services) == 0 {
		return nil, nil, nil
	}
	c := &CloudCheck{}
	var findings []Finding
	var unverified []string
	stale := false
	if reg != nil {
		age := reg.AsOf.DaysUntil(date)
		stale = age > maxAge
		c.Registry = &CloudRegistryRef{File: reg.File, SHA256: reg.SHA256, Name: reg.Name, Source: reg.Source, AsOf: reg.AsOf,
			Sample: reg.Sample, AgeDays: age, MaxAgeDays: maxAge, Stale: stale}
		if stale {
			findings = append(findings, Finding{Requirement: CloudRequirement, Code: CloudRequirement + ".cloud.registry_stale",
				Effect: EffectWarning, Value: reg.File,
				Message: Text{
					EN: fmt.Sprintf("the cloud registry %s is dated %s, %d days before the assessment (at most %d): what it shows as absent or lapsed counts as unverified until a current list is used", registryLabel(reg, LangEN), reg.AsOf, age, maxAge),
					JA: fmt.Sprintf("クラウドサービスの登録簿 %s は %s 時点のもので、評価日の%d日前である（上限%d日）。最新の一覧で確認するまで、未登録・失効は裏付けなしとして扱う", registryLabel(reg, LangJA), reg.AsOf, age, maxAge),
				}})
		}
	}
	for _, s := range services {
		r := checkService(s, reg, date, stale)
		fs, unv := cloudFindings(s, &r)
		findings = append(findings, fs...)
		unverified = append(unverified, unv...)
		c.Services = append(c.Services, r)
	}
	return c, findings, unverified
}

// registryLabel names a registry in messages, marking a sample.
func registryLabel(reg *CloudRegistry, lang string) string {
	return (&CloudRegistryRef{Name: reg.Name, Sample: reg.Sample}).Label(lang)
}

// Label names the registry in lang, marking a sample as not an official
// list.
func (r *CloudRegistryRef) Label(lang string) string {
	switch {
	case lang == LangJA && r.Sample:
		return "「" + r.Name + "」（サンプル。公式の一覧ではない）"
	case lang == LangJA:
		return "「" + r.Name + "」"
	case r.Sample:
		return fmt.Sprintf("%q (a SAMPLE, not an official list)", r.Name)
	}
	return fmt.Sprintf("%q", r.Name)
}

// checkService works out one service's outcome.
func checkService(s evidence.CloudService, reg *CloudRegistry, date evidence.Date, stale bool) CloudServiceResult {
	r := CloudServiceResult{ID: s.ID, Service: s.Service, Provider: s.Provider, Holds: s.Holds, Region: s.Region,
		Protected: s.HoldsProtected()}
	if s.ISMAP != "" {
		r.Registrations = append(r.Registrations, checkRegistration(s, SchemeISMAP, s.ISMAP, "", reg, date, stale))
	}
	if f := s.FedRAMP; f != nil {
		switch {
		case f.PackageID != "":
			r.Registrations = append(r.Registrations, checkRegistration(s, SchemeFedRAMP, f.PackageID, f.Level, reg, date, stale))
		case f.Equivalency != "":
			x := CloudRegistrationResult{Scheme: SchemeFedRAMP, Level: f.Level, Status: CloudEquivalency, Message: Text{
				EN: fmt.Sprintf("FedRAMP Moderate equivalency rests on the body of evidence %s, which the auditor examines (DoD CIO memorandum of 21 December 2023); no registry lists it", f.Equivalency),
				JA: fmt.Sprintf("FedRAMP Moderate 同等性は証跡 %s（第三者評価機関による評価）に基づく。登録簿では確認できないため、監査員が確認する（DoD CIO 2023年12月21日付覚書）", f.Equivalency),
			}}
			if belowModerate(f.Level) {
				x.Status, x.Message = CloudBelowModerate, belowModerateMessage(f.Level, false)
			}
			r.Registrations = append(r.Registrations, x)
		}
	}
	if len(r.Registrations) == 0 {
		if r.Protected {
			r.Status = CloudNoRegistration
			r.Message = Text{
				EN: "holds protected information but declares neither an ISMAP registration nor a FedRAMP authorisation",
				JA: "保護すべき情報を扱うが、ISMAP登録もFedRAMP認可も申告されていない",
			}
		} else {
			r.Status = CloudNotRequired
			r.Message = Text{
				EN: "holds security protection data only: no registration is required",
				JA: "セキュリティ保護データのみを扱うため、登録は必須ではない",
			}
		}
		return r
	}
	best := r.Registrations[0]
	for _, x := range r.Registrations[1:] {
		if slices.Index(cloudRank, x.Status) < slices.Index(cloudRank, best.Status) {
			best = x
		}
	}
	r.Status, r.Message = best.Status, best.Message
	if best.Degraded {
		r.Message.EN += "; the registry is too old to rely on for this, so it counts as unverified"
		r.Message.JA += "。登録簿が古いため、裏付けなしとして扱う"
	}
	return r
}

// checkRegistration checks one declared registration: an ISMAP or
// ISMAP-LIU number, or a FedRAMP package ID with its declared level.
func checkRegistration(s evidence.CloudService, scheme, number, level string, reg *CloudRegistry, date evidence.Date, stale bool) CloudRegistrationResult {
	x := CloudRegistrationResult{Scheme: scheme, Registration: number, Level: level}
	label := map[string]string{SchemeISMAP: "ISMAP", SchemeFedRAMP: "FedRAMP"}[scheme]
	if scheme == SchemeFedRAMP && belowModerate(level) {
		x.Status, x.Message = CloudBelowModerate, belowModerateMessage(level, false)
		return x
	}
	if reg == nil {
		x.Status = CloudNotChecked
		x.Message = Text{
			EN: fmt.Sprintf("%s %s was not checked: no cloud registry was supplied (--cloud-registry)", label, number),
			JA: fmt.Sprintf("%s %s は確認されていない（クラウドサービスの登録簿が指定されていない: --cloud-registry）", label, number),
		}
		return x
	}
	schemes := []string{SchemeFedRAMP}
	if scheme == SchemeISMAP {
		schemes = []string{SchemeISMAP, SchemeISMAPLIU}
	}
	entries := reg.lookup(number, schemes...)
	list := registryLabel(reg, LangEN)
	listJA := registryLabel(reg, LangJA)
	if len(entries) == 0 {
		x.Status, x.Degraded = CloudNotRegistered, stale
		x.Message = Text{
			EN: fmt.Sprintf("%s %s is not on %s of %s", label, number, list, reg.AsOf),
			JA: fmt.Sprintf("%s %s は %s（%s 時点）に掲載されていない", label, number, listJA, reg.AsOf),
		}
		return x
	}
	e := entries[0]
	x.Entry, x.Scheme = e, e.Scheme
	if e.Scheme == SchemeFedRAMP {
		x.Level = e.Level
	}
	switch {
	case e.ValidFrom != nil && e.ValidFrom.After(date.Time):
		x.Status, x.Degraded = CloudNotRegistered, stale
		x.Message = Text{
			EN: fmt.Sprintf("%s %s is valid only from %s, after the assessment date", label, number, e.ValidFrom),
			JA: fmt.Sprintf("%s %s の有効期間は %s からであり、評価日より後である", label, number, e.ValidFrom),
		}
	case e.ValidUntil != nil && e.ValidUntil.Before(date.Time):
		x.Status, x.Degraded = CloudLapsed, stale
		x.Message = Text{
			EN: fmt.Sprintf("%s %s lapsed on %s, before the assessment date (%s of %s)", label, number, e.ValidUntil, list, reg.AsOf),
			JA: fmt.Sprintf("%s %s の有効期限は %s で、評価日より前に失効している（%s、%s 時点）", label, number, e.ValidUntil, listJA, reg.AsOf),
		}
	case e.Scheme == SchemeFedRAMP && belowModerate(e.Level):
		x.Status, x.Degraded, x.Message = CloudBelowModerate, stale, belowModerateMessage(e.Level, true)
	case !sameName(e.Service, s.Service) || !sameName(e.Provider, s.Provider):
		x.Status = CloudMismatch
		x.Message = Text{
			EN: fmt.Sprintf("%s %s is registered as %q by %q, not %q by %q", label, number, e.Service, e.Provider, s.Service, s.Provider),
			JA: fmt.Sprintf("%s %s の登録は「%s」（%s）であり、申告の「%s」（%s）と一致しない", label, number, e.Service, e.Provider, s.Service, s.Provider),
		}
	default:
		x.Status = CloudRegistered
		var until, untilJA string
		if e.ValidUntil != nil {
			until, untilJA = ", valid until "+e.ValidUntil.String(), "、有効期限 "+e.ValidUntil.String()
		}
		x.Message = Text{
			EN: fmt.Sprintf("%s %s is on %s of %s%s", schemeLabel(e.Scheme), number, list, reg.AsOf, until),
			JA: fmt.Sprintf("%s %s は %s（%s 時点）に掲載されている%s", schemeLabel(e.Scheme), number, listJA, reg.AsOf, untilJA),
		}
	}
	return x
}

func schemeLabel(s string) string {
	return map[string]string{SchemeISMAP: "ISMAP", SchemeISMAPLIU: "ISMAP-LIU", SchemeFedRAMP: "FedRAMP"}[s]
}

func belowModerate(level string) bool {
	return level == evidence.FedRAMPLow || level == evidence.FedRAMPLISaaS
}

func belowModerateMessage(level string, listed bool) Text {
	src, srcJA := "declared", "申告"
	if listed {
		src, srcJA = "listed", "登録簿"
	}
	return Text{
		EN: fmt.Sprintf("the FedRAMP authorisation is %s at %s, below the Moderate baseline that DFARS 252.204-7012(b)(2)(ii)(D) requires", src, level),
		JA: fmt.Sprintf("FedRAMP認可の水準は%sでは %s であり、DFARS 252.204-7012(b)(2)(ii)(D) が求める Moderate ベースラインに満たない", srcJA, level),
	}
}

// sameName compares names as a person would: ignoring case, the width
// of letters and digits (ＡＢＣ is ABC), and spaces.
func sameName(a, b string) bool { return nameKey(a) == nameKey(b) }

func nameKey(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// cloudFindings turns a service's outcome into findings, and lists the
// objectives whose claims of met it leaves unverified.
func cloudFindings(s evidence.CloudService, r *CloudServiceResult) ([]Finding, []string) {
	degraded := false
	for _, x := range r.Registrations {
		if x.Status == r.Status && x.Degraded {
			degraded = true
		}
	}
	name := fmt.Sprintf("%s (%s)", s.ID, s.Service)
	if !r.Protected {
		// Security protection data only: a registration that does not
		// hold is worth saying, but nothing requires one.
		switch r.Status {
		case CloudRegistered, CloudNotRequired, CloudNotChecked, CloudEquivalency:
			return nil, nil
		}
		r.Requirements = []string{CloudRequirement}
		return []Finding{{Requirement: CloudRequirement, Code: CloudRequirement + ".cloud." + r.Status, Effect: EffectWarning,
			Value: s.ID, Message: Text{
				EN: fmt.Sprintf("cloud service %s, holding security protection data only: %s", name, r.Message.EN),
				JA: fmt.Sprintf("クラウドサービス %s（セキュリティ保護データのみ）: %s", name, r.Message.JA),
			}}}, nil
	}
	if r.Status == CloudRegistered {
		return nil, nil
	}
	effect := EffectUnverified
	switch r.Status {
	case CloudNoRegistration, CloudNotRegistered, CloudLapsed, CloudBelowModerate:
		if !degraded {
			effect = EffectNotMet
		}
	}
	var out []Finding
	var unverified []string
	f := Finding{Requirement: CloudRequirement, Objectives: []string{cloudUseVerified}, Code: CloudRequirement + ".cloud." + r.Status,
		Effect: effect, Value: s.ID}
	if effect == EffectNotMet {
		f.Message = Text{
			EN: fmt.Sprintf("cloud service %s holds protected information, and its use is not verified: %s", name, r.Message.EN),
			JA: fmt.Sprintf("クラウドサービス %s は保護すべき情報を扱うが、その利用が検証されていない: %s", name, r.Message.JA),
		}
	} else {
		unverified = append(unverified, cloudUseVerified)
		f.Message = Text{
			EN: fmt.Sprintf("cloud service %s holds protected information, and its assessment is not confirmed: %s", name, r.Message.EN),
			JA: fmt.Sprintf("クラウドサービス %s は保護すべき情報を扱うが、その評価が確認できない: %s", name, r.Message.JA),
		}
	}
	out = append(out, f)
	r.Requirements = []string{CloudRequirement}
	for _, x := range []struct {
		holds, req, obj, en, ja string
	}{
		{evidence.HoldsTransmitted, cloudTransit, cloudTransitObj, "in transmission", "送信中"},
		{evidence.HoldsStored, cloudAtRest, cloudAtRestObj, "at rest", "保存時"},
	} {
		if !slices.Contains(s.Holds, x.holds) {
			continue
		}
		r.Requirements = append(r.Requirements, x.req)
		unverified = append(unverified, x.obj)
		out = append(out, Finding{Requirement: x.req, Objectives: []string{x.obj}, Code: x.req + ".cloud." + r.Status,
			Effect: EffectUnverified, Value: s.ID, Message: Text{
				EN: fmt.Sprintf("protection of protected information %s in cloud service %s rests on the provider, whose assessment is not confirmed (%s)", x.en, name, CloudStatusLabels[r.Status].EN),
				JA: fmt.Sprintf("クラウドサービス %s における%sの保護すべき情報の保護は事業者に依存するが、その評価が確認できない（%s）", name, x.ja, CloudStatusLabels[r.Status].JA),
			}})
	}
	return out, unverified
}

// checkCloudServices checks the declared services' form: IDs, names,
// what they hold, and FedRAMP details; artifact references resolve.
func checkCloudServices(services []evidence.CloudService, arts map[string]bool, at func(field, format string, args ...any)) {
	ids := map[string]bool{}
	for i, s := range services {
		f := fmt.Sprintf("cloud_services[%d]", i)
		switch {
		case strings.TrimSpace(s.ID) == "":
			at(f+".id", "required: an ID for the service")
		case ids[s.ID]:
			at(f+".id", "duplicate cloud service %q", s.ID)
		}
		ids[s.ID] = true
		if strings.TrimSpace(s.Service) == "" {
			at(f+".service", "required: the service's name, as its provider and the ISMAP or FedRAMP list give it")
		}
		if strings.TrimSpace(s.Provider) == "" {
			at(f+".provider", "required: the provider's name (クラウドサービス事業者)")
		}
		if len(s.Holds) == 0 {
			at(f+".holds", "required: what the service holds, one or more of %s", strings.Join(evidence.CloudHolds, ", "))
		}
		for j, h := range s.Holds {
			switch {
			case !slices.Contains(evidence.CloudHolds, h):
				at(fmt.Sprintf("%s.holds[%d]", f, j), "expected one of %s, got %q", strings.Join(evidence.CloudHolds, ", "), h)
			case slices.Index(s.Holds, h) < j:
				at(fmt.Sprintf("%s.holds[%d]", f, j), "%q is listed twice", h)
			}
		}
		if s.ISMAP != "" && strings.TrimSpace(s.ISMAP) == "" {
			at(f+".ismap", "expected the ISMAP registration number (登録番号), got blanks")
		}
		if fr := s.FedRAMP; fr != nil {
			if !slices.Contains(evidence.FedRAMPLevels, fr.Level) {
				at(f+".fedramp.level", "expected the impact level, one of %s, got %q", strings.Join(evidence.FedRAMPLevels, ", "), fr.Level)
			}
			switch {
			case fr.PackageID == "" && fr.Equivalency == "":
				at(f+".fedramp", "required: package_id (the FedRAMP Marketplace package ID) or equivalency (the artifact holding the body of evidence)")
			case fr.PackageID != "" && fr.Equivalency != "":
				at(f+".fedramp.equivalency", "give package_id for an authorised service or equivalency for one assessed as equivalent, not both")
			case fr.Equivalency != "" && !arts[fr.Equivalency]:
				at(f+".fedramp.equivalency", "unknown artifact %q (declare it under artifacts)", fr.Equivalency)
			}
		}
		for _, ref := range s.Artifacts {
			if !arts[ref] {
				at(f+".artifacts", "unknown artifact %q (declare it under artifacts)", ref)
			}
		}
	}
}
