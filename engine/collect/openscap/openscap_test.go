package openscap_test

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/collect"
	"github.com/mamori-dev/mamori/engine/collect/openscap"
)

func importFile(t testing.TB, path string) *openscap.Result {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	res, err := openscap.Import(path, f)
	require.NoError(t, err)
	return res
}

// referencedRules reads, independently of the importer, every Rule of a
// results file that carries an SP 800-171 reference.
func referencedRules(t *testing.T, path string) map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	d := xml.NewDecoder(zr)
	out := map[string][]string{}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Rule" {
			continue
		}
		var r struct {
			ID   string `xml:"id,attr"`
			Refs []struct {
				Href string `xml:"href,attr"`
				Text string `xml:",chardata"`
			} `xml:"reference"`
		}
		require.NoError(t, d.DecodeElement(&r, &se))
		for _, ref := range r.Refs {
			if strings.HasSuffix(ref.Href, "NIST.SP.800-171.pdf") {
				out[r.ID] = append(out[r.ID], ref.Text)
			}
		}
	}
	return out
}

// TestRealScan imports the results of a real scan of a Debian 12 system
// (testdata/README.md says how they were made), as XCCDF results and as
// ARF: every SP 800-171-referenced rule is mapped to its requirements.
func TestRealScan(t *testing.T) {
	for _, path := range []string{"testdata/bookworm-results-xccdf.xml.gz", "testdata/bookworm-results-arf.xml.gz"} {
		t.Run(path, func(t *testing.T) {
			res := importFile(t, path)
			rep := res.Report
			assert.Equal(t, "scap-bookworm", rep.Subject.ID)
			assert.Equal(t, "oscap", rep.Source.Tool)
			assert.Equal(t, "1.3.7", rep.Source.ToolVersion)
			assert.Contains(t, rep.Source.Content, "DEBIAN-12 0.1.76")
			assert.Equal(t, time.Date(2026, 12, 7, 15, 59, 58, 0, time.UTC), rep.Collected)
			require.Len(t, rep.Inputs, 1)
			assert.Len(t, rep.Inputs[0].SHA256, 64)

			assert.Equal(t, 591, res.Counts.RuleResults)
			assert.Equal(t, 138, res.Counts.Referenced)
			assert.Equal(t, 138, res.Counts.Checks)
			assert.Equal(t, 9, res.Counts.Facts)
			assert.Equal(t, map[string]int{"pass": 150, "fail": 198, "notapplicable": 60, "error": 3, "notchecked": 1, "notselected": 179}, res.Counts.ByResult)

			refs := referencedRules(t, path)
			require.Len(t, refs, 138)
			checks := map[string]collect.Check{}
			for _, c := range rep.Checks {
				checks[c.Rule] = c
			}
			for id, want := range refs {
				c, ok := checks[id]
				if assert.True(t, ok, "rule %s is not mapped", id) {
					assert.ElementsMatch(t, want, c.Requirements, "%s", id)
				}
			}

			got := map[string]string{}
			for _, o := range rep.Observations {
				got[o.Fact+" "+string(o.Bound)] = o.Value.String()
			}
			assert.Equal(t, map[string]string{
				"access.lockout.duration_minutes less_than":    "15",
				"access.lockout.threshold more_than":           "5",
				"access.logon_banner ":                         "false",
				"access.privileged_functions_logged ":          "false",
				"access.session_termination_minutes more_than": "10",
				"identity.password.history less_than":          "5",
				"identity.password.min_length at_least":        "12",
				"identity.password.stored_hashed ":             "true",
			}, got)
		})
	}
}

func TestFactRulesAreFacts(t *testing.T) {
	for rule, fact := range openscap.FactRules() {
		_, ok := collect.KindOf(fact)
		assert.True(t, ok, "%s: %s", rule, fact)
	}
}

// results builds a small XCCDF 1.2 results document in the form oscap
// writes (see the real scan in testdata): a Benchmark with Rules and one
// TestResult.
func results(rules, ruleResults, setValues string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_org.ssgproject.content_benchmark_DEBIAN-12" resolved="1">
  <Group id="xccdf_org.ssgproject.content_group_g">
` + rules + `
  </Group>
  <TestResult id="xccdf_org.open-scap_testresult_p" start-time="2026-11-20T09:00:00+09:00" end-time="2026-11-20T09:01:00+09:00" version="0.1.76" test-system="cpe:/a:redhat:openscap:1.3.7">
    <benchmark href="ssg-debian12-ds.xml" id="xccdf_org.ssgproject.content_benchmark_DEBIAN-12"/>
    <profile idref="xccdf_org.ssgproject.content_profile_standard"/>
    <target>srv-01</target>
    <target-facts>
      <fact name="urn:xccdf:fact:scanner:name" type="string">OpenSCAP</fact>
    </target-facts>
` + setValues + ruleResults + `
  </TestResult>
</Benchmark>
`
}

const ruleDeny = `<Rule id="xccdf_org.ssgproject.content_rule_accounts_passwords_pam_faillock_deny" severity="medium" selected="false">
  <title>Lock Accounts After Failed Password Attempts</title>
  <reference href="http://nvlpubs.nist.gov/nistpubs/SpecialPublications/NIST.SP.800-171.pdf">3.1.8</reference>
  <reference href="https://www.cisecurity.org/controls/">1</reference>
</Rule>`

const ruleBanner = `<Rule id="xccdf_org.ssgproject.content_rule_sshd_enable_warning_banner" severity="medium">
  <title>Enable SSH Warning Banner</title>
  <reference href="http://nvlpubs.nist.gov/nistpubs/SpecialPublications/NIST.SP.800-171.pdf">3.1.9</reference>
</Rule>`

const setDeny = `<set-value idref="xccdf_org.ssgproject.content_value_var_accounts_passwords_pam_faillock_deny">5</set-value>`

func rr(rule, result string) string {
	return `<rule-result idref="xccdf_org.ssgproject.content_rule_` + rule + `" role="full" severity="medium"><result>` + result + `</result></rule-result>`
}

func TestImportFacts(t *testing.T) {
	tests := []struct {
		name   string
		doc    string
		fact   string
		value  collect.Value
		bound  collect.Bound
		checks int
	}{
		{"deny pass", results(ruleDeny, rr("accounts_passwords_pam_faillock_deny", "pass"), setDeny),
			"access.lockout.threshold", collect.Int(5), collect.AtMost, 1},
		{"deny fail", results(ruleDeny, rr("accounts_passwords_pam_faillock_deny", "fail"), setDeny),
			"access.lockout.threshold", collect.Int(5), collect.MoreThan, 1},
		{"banner pass", results(ruleBanner, rr("sshd_enable_warning_banner", "pass"), ""),
			"access.logon_banner", collect.Bool(true), "", 1},
		{"banner fail", results(ruleBanner, rr("sshd_enable_warning_banner", "fail"), ""),
			"access.logon_banner", collect.Bool(false), "", 1},
		{"not applicable establishes nothing", results(ruleBanner, rr("sshd_enable_warning_banner", "notapplicable"), ""),
			"", collect.Value{}, "", 1},
		{"deny without its limit establishes nothing", results(ruleDeny, rr("accounts_passwords_pam_faillock_deny", "pass"), ""),
			"", collect.Value{}, "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := openscap.Import("results.xml", strings.NewReader(tt.doc))
			require.NoError(t, err)
			rep := res.Report
			assert.Equal(t, "srv-01", rep.Subject.ID)
			assert.Equal(t, time.Date(2026, 11, 20, 0, 1, 0, 0, time.UTC), rep.Collected)
			assert.Len(t, rep.Checks, tt.checks)
			if tt.fact == "" {
				assert.Empty(t, rep.Observations)
				return
			}
			require.Len(t, rep.Observations, 1)
			o := rep.Observations[0]
			assert.Equal(t, tt.fact, o.Fact)
			assert.Equal(t, tt.value, o.Value)
			assert.Equal(t, tt.bound, o.Bound)
			assert.Equal(t, "results.xml", o.Basis[0].Input)
		})
	}
}

func TestImportBadInput(t *testing.T) {
	good := results(ruleDeny, rr("accounts_passwords_pam_faillock_deny", "pass"), setDeny)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(good))
	zw.Close()
	truncatedGz := gz.Bytes()[:gz.Len()/2]
	tests := []struct{ name, in, want string }{
		{"empty", "", "r.xml: no XML element"},
		{"not xml", "hello", "r.xml: no XML element"},
		{"doctype", `<?xml version="1.0"?>` + "\n" + `<!DOCTYPE Benchmark [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + "\n" + `<Benchmark/>`, "r.xml:2: XML declaration <!DOCTYPE ...>: a DOCTYPE or DTD is not accepted"},
		{"entity", strings.Replace(good, "<target>srv-01", "<target>&x;", 1), "invalid character entity &x;"},
		{"latin-1", strings.Replace(good, `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1), "expected UTF-8"},
		{"xccdf 1.1", strings.Replace(good, "xccdf/1.2", "xccdf/1.1", 1), "r.xml:2: Benchmark: XCCDF 1.1: expected XCCDF 1.2"},
		{"other document", `<html/>`, "expected an XCCDF 1.2 Benchmark with a TestResult"},
		{"no test result", results(ruleDeny, "", "")[:strings.Index(results(ruleDeny, "", ""), "<TestResult")] + "</Benchmark>", "TestResult: no TestResult"},
		{"two test results", strings.Replace(good, "</Benchmark>", good[strings.Index(good, "<TestResult"):strings.Index(good, "</Benchmark>")]+"</Benchmark>", 1), "TestResult: 2 TestResults"},
		{"unknown result", strings.Replace(good, "<result>pass", "<result>passed", 1), `unknown result "passed"`},
		{"rule not defined", strings.Replace(good, "pam_faillock_deny\" role", "pam_faillock_denied\" role", 1), "has a result but no Rule definition"},
		{"bad reference", strings.Replace(good, ">3.1.8<", ">3.1.8(a)<", 1), `r.xml:4: Rule/reference: rule xccdf_org.ssgproject.content_rule_accounts_passwords_pam_faillock_deny: SP 800-171 reference "3.1.8(a)": expected a Rev 2 requirement ID`},
		{"bad time", strings.Replace(good, `end-time="2026-11-20T09:01:00+09:00"`, `end-time="yesterday"`, 1), `TestResult/@end-time: expected a date and time (RFC 3339), got "yesterday"`},
		{"no target", strings.Replace(good, "<target>srv-01</target>", "", 1), "TestResult/target: no target"},
		{"unclosed", good[:len(good)/2], "r.xml:"},
		{"truncated gzip", string(truncatedGz), "r.xml: gzip: unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := openscap.Import("r.xml", strings.NewReader(tt.in))
			require.Error(t, err)
			assert.Nil(t, res)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestSP800171Reference(t *testing.T) {
	for href, want := range map[string]bool{
		"http://nvlpubs.nist.gov/nistpubs/SpecialPublications/NIST.SP.800-171.pdf":    true,
		"https://nvlpubs.nist.gov/nistpubs/SpecialPublications/NIST.SP.800-171r2.pdf": true,
		"https://nvlpubs.nist.gov/nistpubs/SpecialPublications/NIST.SP.800-171r3.pdf": false,
		"https://nvlpubs.nist.gov/nistpubs/SpecialPublications/NIST.SP.800-171A.pdf":  false,
		"http://nvlpubs.nist.gov/nistpubs/SpecialPublications/NIST.SP.800-53r4.pdf":   false,
	} {
		assert.Equal(t, want, openscap.IsSP800171Reference(href), href)
	}
}

func FuzzImport(f *testing.F) {
	f.Add([]byte(results(ruleDeny, rr("accounts_passwords_pam_faillock_deny", "pass"), setDeny)))
	f.Add([]byte(results(ruleBanner+ruleDeny, rr("sshd_enable_warning_banner", "fail")+rr("accounts_passwords_pam_faillock_deny", "fail"), setDeny)))
	f.Add([]byte(`<asset-report-collection xmlns="http://scap.nist.gov/schema/asset-reporting-format/1.1"/>`))
	f.Add([]byte(`<!DOCTYPE x><x/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := openscap.Import("fuzz.xml", bytes.NewReader(data))
		if err != nil {
			assert.Nil(t, res)
			assert.True(t, strings.HasPrefix(err.Error(), "fuzz.xml"), "error names the file: %v", err)
			return
		}
		require.NoError(t, res.Report.Validate())
	})
}

func BenchmarkImportXCCDF(b *testing.B) {
	data, err := os.ReadFile("testdata/bookworm-results-xccdf.xml.gz")
	require.NoError(b, err)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := openscap.Import("r.xml.gz", bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
