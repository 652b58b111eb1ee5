package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// TestCheckCloud works out each status of a declared cloud service, the
// effect of its finding on 3.1.20 and the objectives whose claims it
// leaves unverified.
func TestCheckCloud(t *testing.T) {
	reg, err := ParseCloudRegistry("reg.yaml", []byte(`mamori: cloud-registry/v1
name: 試験用登録簿
as_of: 2026-09-01
services:
  - {scheme: ismap, registration: C99-0101-1, service: 信州ビジネスメール, provider: 信州クラウドサービス株式会社, valid_from: 2025-10-01, valid_until: 2027-01-31}
  - {scheme: ismap, registration: C99-0207-1, service: やまびこファイル便, provider: 株式会社やまびこネット, valid_until: 2026-07-31}
  - {scheme: ismap, registration: C99-0400-1, service: 新サービス, provider: 新事業者, valid_from: 2026-11-01}
  - {scheme: ismap-liu, registration: L99-0015-1, service: かんたん日程調整, provider: 株式会社サンプルソフト}
  - {scheme: fedramp, registration: FR1, service: Example Secure Collaboration, provider: Example Cloud Inc., level: moderate}
  - {scheme: fedramp, registration: FR2, service: Example Log Analytics, provider: Example Cloud Inc., level: low}
`))
	require.NoError(t, err)
	date, err := evidence.ParseDate("2026-10-01")
	require.NoError(t, err)
	mail := evidence.CloudService{ID: "mail", Service: "信州ビジネスメール", Provider: "信州クラウドサービス株式会社",
		Holds: []string{evidence.HoldsStored, evidence.HoldsTransmitted}, ISMAP: "C99-0101-1"}
	with := func(f func(*evidence.CloudService)) evidence.CloudService {
		s := mail
		f(&s)
		return s
	}
	both := []string{cloudUseVerified, cloudTransitObj, cloudAtRestObj}
	tests := []struct {
		name    string
		service evidence.CloudService
		reg     *CloudRegistry
		maxAge  int
		status  string
		// effect is that of the 3.1.20 finding ("" for none).
		effect     string
		unverified []string
		reqs       []string
		codes      []string
	}{
		{name: "registered", service: mail, reg: reg, status: CloudRegistered},
		{name: "registered, written another way", reg: reg, status: CloudRegistered,
			service: with(func(s *evidence.CloudService) { s.ISMAP, s.Service = " c99-0101-1", "信州 ビジネスメール" })},
		{name: "registered on ISMAP-LIU", reg: reg, status: CloudRegistered,
			service: with(func(s *evidence.CloudService) {
				s.Service, s.Provider, s.ISMAP = "かんたん日程調整", "株式会社サンプルソフト", "L99-0015-1"
			})},
		{name: "FedRAMP Moderate", reg: reg, status: CloudRegistered,
			service: with(func(s *evidence.CloudService) {
				s.Service, s.Provider, s.ISMAP = "Ｅｘａｍｐｌｅ Secure Collaboration", "example cloud inc.", ""
				s.FedRAMP = &evidence.FedRAMPAuthorization{PackageID: "FR1", Level: "moderate"}
			})},
		{name: "no registration", reg: reg, status: CloudNoRegistration, effect: EffectNotMet,
			service: with(func(s *evidence.CloudService) { s.ISMAP = "" }), unverified: both[1:],
			reqs: []string{"3.1.20", "3.13.8", "3.13.16"}, codes: []string{"3.1.20.cloud.no_registration", "3.13.8.cloud.no_registration", "3.13.16.cloud.no_registration"}},
		{name: "no registration, processing only", reg: nil, status: CloudNoRegistration, effect: EffectNotMet,
			service: with(func(s *evidence.CloudService) { s.ISMAP, s.Holds = "", []string{evidence.HoldsProcessed} }),
			reqs:    []string{"3.1.20"}, codes: []string{"3.1.20.cloud.no_registration"}},
		{name: "security protection data only", reg: reg, status: CloudNotRequired,
			service: with(func(s *evidence.CloudService) { s.ISMAP, s.Holds = "", []string{evidence.HoldsSecurityProtectionData} })},
		{name: "security protection data, registration lapsed", reg: reg, status: CloudLapsed, effect: EffectWarning,
			service: with(func(s *evidence.CloudService) {
				s.Service, s.Provider, s.ISMAP = "やまびこファイル便", "株式会社やまびこネット", "C99-0207-1"
				s.Holds = []string{evidence.HoldsSecurityProtectionData}
			}),
			reqs: []string{"3.1.20"}, codes: []string{"3.1.20.cloud.lapsed"}},
		{name: "not on the registry", reg: reg, status: CloudNotRegistered, effect: EffectNotMet,
			service: with(func(s *evidence.CloudService) { s.ISMAP = "C99-0312-1" }), unverified: both[1:],
			reqs: []string{"3.1.20", "3.13.8", "3.13.16"}, codes: []string{"3.1.20.cloud.not_registered", "3.13.8.cloud.not_registered", "3.13.16.cloud.not_registered"}},
		{name: "valid only after the assessment", reg: reg, status: CloudNotRegistered, effect: EffectNotMet,
			service: with(func(s *evidence.CloudService) {
				s.Service, s.Provider, s.ISMAP, s.Holds = "新サービス", "新事業者", "C99-0400-1", []string{evidence.HoldsProcessed}
			}),
			reqs: []string{"3.1.20"}, codes: []string{"3.1.20.cloud.not_registered"}},
		{name: "an ISMAP number is not a FedRAMP package", reg: reg, status: CloudNotRegistered, effect: EffectNotMet,
			service: with(func(s *evidence.CloudService) {
				s.ISMAP, s.FedRAMP, s.Holds = "", &evidence.FedRAMPAuthorization{PackageID: "C99-0101-1", Level: "moderate"}, []string{evidence.HoldsProcessed}
			}),
			reqs: []string{"3.1.20"}, codes: []string{"3.1.20.cloud.not_registered"}},
		{name: "lapsed", reg: reg, status: CloudLapsed, effect: EffectNotMet,
			service: with(func(s *evidence.CloudService) {
				s.Service, s.Provider, s.ISMAP, s.Holds = "やまびこファイル便", "株式会社やまびこネット", "C99-0207-1", []string{evidence.HoldsStored}
			}),
			unverified: []string{cloudAtRestObj}, reqs: []string{"3.1.20", "3.13.16"}, codes: []string{"3.1.20.cloud.lapsed", "3.13.16.cloud.lapsed"}},
		{name: "lapsed, on a stale registry", reg: reg, maxAge: 20, status: CloudLapsed, effect: EffectUnverified,
			service: with(func(s *evidence.CloudService) {
				s.Service, s.Provider, s.ISMAP, s.Holds = "やまびこファイル便", "株式会社やまびこネット", "C99-0207-1", []string{evidence.HoldsProcessed}
			}),
			unverified: []string{cloudUseVerified}, reqs: []string{"3.1.20"}, codes: []string{"3.1.20.cloud.registry_stale", "3.1.20.cloud.lapsed"}},
		{name: "registered, on a stale registry", reg: reg, maxAge: 20, status: CloudRegistered, service: mail,
			codes: []string{"3.1.20.cloud.registry_stale"}},
		{name: "no registration, on a stale registry", reg: reg, maxAge: 20, status: CloudNoRegistration, effect: EffectNotMet,
			service: with(func(s *evidence.CloudService) { s.ISMAP, s.Holds = "", []string{evidence.HoldsProcessed} }),
			reqs:    []string{"3.1.20"}, codes: []string{"3.1.20.cloud.registry_stale", "3.1.20.cloud.no_registration"}},
		{name: "another service's number", reg: reg, status: CloudMismatch, effect: EffectUnverified,
			service: with(func(s *evidence.CloudService) { s.Service = "信州ファイル共有" }), unverified: both,
			reqs: []string{"3.1.20", "3.13.8", "3.13.16"}, codes: []string{"3.1.20.cloud.mismatch", "3.13.8.cloud.mismatch", "3.13.16.cloud.mismatch"}},
		{name: "another provider", reg: reg, status: CloudMismatch, effect: EffectUnverified,
			service: with(func(s *evidence.CloudService) {
				s.Provider, s.Holds = "信州クラウド株式会社", []string{evidence.HoldsProcessed}
			}),
			unverified: []string{cloudUseVerified}, reqs: []string{"3.1.20"}, codes: []string{"3.1.20.cloud.mismatch"}},
		{name: "FedRAMP Low on the registry", reg: reg, status: CloudBelowModerate, effect: EffectNotMet,
			service: with(func(s *evidence.CloudService) {
				s.Service, s.Provider, s.ISMAP, s.Holds = "Example Log Analytics", "Example Cloud Inc.", "", []string{evidence.HoldsProcessed}
				s.FedRAMP = &evidence.FedRAMPAuthorization{PackageID: "FR2", Level: "moderate"}
			}),
			reqs: []string{"3.1.20"}, codes: []string{"3.1.20.cloud.below_moderate"}},
		{name: "FedRAMP LI-SaaS declared, no registry", reg: nil, status: CloudBelowModerate, effect: EffectNotMet,
			service: with(func(s *evidence.CloudService) {
				s.ISMAP, s.Holds = "", []string{evidence.HoldsProcessed}
				s.FedRAMP = &evidence.FedRAMPAuthorization{PackageID: "FR3", Level: "li-saas"}
			}),
			reqs: []string{"3.1.20"}, codes: []string{"3.1.20.cloud.below_moderate"}},
		{name: "FedRAMP Moderate equivalency", reg: reg, status: CloudEquivalency, effect: EffectUnverified,
			service: with(func(s *evidence.CloudService) {
				s.ISMAP, s.Holds = "", []string{evidence.HoldsProcessed}
				s.FedRAMP = &evidence.FedRAMPAuthorization{Level: "moderate", Equivalency: "BOE"}
			}),
			unverified: []string{cloudUseVerified}, reqs: []string{"3.1.20"}, codes: []string{"3.1.20.cloud.equivalency"}},
		{name: "not checked", reg: nil, status: CloudNotChecked, effect: EffectUnverified, service: mail, unverified: both,
			reqs: []string{"3.1.20", "3.13.8", "3.13.16"}, codes: []string{"3.1.20.cloud.not_checked", "3.13.8.cloud.not_checked", "3.13.16.cloud.not_checked"}},
		{name: "security protection data, not checked", reg: nil, status: CloudNotChecked,
			service: with(func(s *evidence.CloudService) { s.Holds = []string{evidence.HoldsSecurityProtectionData} })},
		{name: "the best of two registrations", reg: reg, status: CloudRegistered,
			service: with(func(s *evidence.CloudService) {
				s.Service, s.Provider, s.ISMAP = "Example Secure Collaboration", "Example Cloud Inc.", "C99-0999-1"
				s.FedRAMP = &evidence.FedRAMPAuthorization{PackageID: "FR1", Level: "moderate"}
			})},
		{name: "the best of two failing registrations", reg: reg, status: CloudLapsed, effect: EffectNotMet,
			service: with(func(s *evidence.CloudService) {
				s.Service, s.Provider, s.ISMAP, s.Holds = "やまびこファイル便", "株式会社やまびこネット", "C99-0207-1", []string{evidence.HoldsProcessed}
				s.FedRAMP = &evidence.FedRAMPAuthorization{PackageID: "FR9", Level: "moderate"}
			}),
			reqs: []string{"3.1.20"}, codes: []string{"3.1.20.cloud.lapsed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			maxAge := tt.maxAge
			if maxAge == 0 {
				maxAge = DefaultCloudRegistryMaxAge
			}
			c, findings, unverified := checkCloud([]evidence.CloudService{tt.service}, tt.reg, date, maxAge)
			require.NotNil(t, c)
			require.Len(t, c.Services, 1)
			r := c.Services[0]
			assert.Equal(t, tt.status, r.Status, "status")
			assert.Equal(t, tt.reqs, r.Requirements, "requirements affected")
			assert.NotEmpty(t, r.Message.EN)
			assert.NotEmpty(t, r.Message.JA)
			var codes []string
			effect := ""
			for _, f := range findings {
				codes = append(codes, f.Code)
				assert.NotEmpty(t, f.Message.EN, f.Code)
				assert.NotEmpty(t, f.Message.JA, f.Code)
				if f.Code == "3.1.20.cloud."+r.Status {
					effect = f.Effect
					if f.Effect != EffectWarning {
						assert.Equal(t, []string{cloudUseVerified}, f.Objectives)
					}
				}
			}
			assert.Equal(t, tt.codes, codes, "findings")
			assert.Equal(t, tt.effect, effect, "effect of the 3.1.20 finding")
			assert.ElementsMatch(t, tt.unverified, unverified, "objectives left unverified")
			if tt.reg == nil {
				assert.Nil(t, c.Registry)
			} else {
				assert.Equal(t, "2026-09-01", c.Registry.AsOf.String())
				assert.Equal(t, 30, c.Registry.AgeDays)
				assert.Equal(t, maxAge < 30, c.Registry.Stale)
			}
		})
	}
	c, findings, unverified := checkCloud(nil, reg, date, 90)
	assert.Nil(t, c, "no services, no cloud section")
	assert.Empty(t, findings)
	assert.Empty(t, unverified)
}

// TestCloudMessagesNameASample checks that every message naming a sample
// registry says it is not an official list, in both languages.
func TestCloudMessagesNameASample(t *testing.T) {
	reg, err := ReadCloudRegistry("../examples/cloud-registry.sample.yaml")
	require.NoError(t, err)
	date, err := evidence.ParseDate("2027-06-01") // the sample is stale by then
	require.NoError(t, err)
	services := []evidence.CloudService{
		{ID: "a", Service: "x", Provider: "y", Holds: []string{"stored"}, ISMAP: "C99-0312-1"},
		{ID: "b", Service: "信州ビジネスメール", Provider: "信州クラウドサービス株式会社", Holds: []string{"stored"}, ISMAP: "C99-0101-1"},
	}
	c, findings, _ := checkCloud(services, reg, date, 90)
	require.True(t, c.Registry.Sample)
	assert.Contains(t, c.Registry.Label(LangEN), "SAMPLE, not an official list")
	assert.Contains(t, c.Registry.Label(LangJA), "サンプル。公式の一覧ではない")
	n := 0
	for _, f := range findings {
		if f.Code == "3.1.20.cloud.registry_stale" || f.Code == "3.1.20.cloud.not_registered" {
			n++
			assert.Contains(t, f.Message.EN, "SAMPLE, not an official list", f.Code)
			assert.Contains(t, f.Message.JA, "サンプル。公式の一覧ではない", f.Code)
		}
	}
	assert.Equal(t, 2, n)
	for _, s := range c.Services {
		for _, x := range s.Registrations {
			assert.Contains(t, x.Message.EN, "SAMPLE, not an official list", s.ID)
			assert.Contains(t, x.Message.JA, "サンプル。公式の一覧ではない", s.ID)
		}
	}
}
