package collect_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/collect"
)

const digest = "0000000000000000000000000000000000000000000000000000000000000000"

func validReport() *collect.Report {
	return &collect.Report{
		Schema:    collect.SchemaV1,
		Source:    collect.Source{Kind: "linux", Tool: "mamori collect linux"},
		Subject:   collect.Subject{Kind: collect.SubjectHost, ID: "srv-01"},
		Collected: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC),
		Inputs:    []collect.Input{{Name: "etc/security/faillock.conf", Kind: "file", SHA256: digest, Size: 10}},
		Observations: []collect.Observation{{
			Fact: "access.lockout.threshold", Value: collect.Int(5),
			Basis: []collect.Basis{{Input: "etc/security/faillock.conf", Line: 32, Setting: "deny", Value: "5"}},
		}},
		Checks: []collect.Check{{Rule: "r1", Requirements: []string{"3.1.8"}, Result: collect.ResultPass}},
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*collect.Report)
		want   string
	}{
		{"valid", func(*collect.Report) {}, ""},
		{"schema", func(r *collect.Report) { r.Schema = "collect/v2" }, `mamori: expected "collect/v1"`},
		{"subject kind", func(r *collect.Report) { r.Subject.Kind = "pc" }, "subject.kind"},
		{"subject id", func(r *collect.Report) { r.Subject.ID = " " }, "subject.id: required"},
		{"no time", func(r *collect.Report) { r.Collected = time.Time{} }, "collected: required"},
		{"no inputs", func(r *collect.Report) { r.Inputs = nil }, "inputs: at least one"},
		{"bad digest", func(r *collect.Report) { r.Inputs[0].SHA256 = "ABC" }, "inputs[0].sha256"},
		{"wrong type", func(r *collect.Report) { r.Observations[0].Value = collect.Bool(true) }, "access.lockout.threshold is integer, got boolean"},
		{"negative", func(r *collect.Report) { r.Observations[0].Value = collect.Int(-1) }, "not below 0"},
		{"enum", func(r *collect.Report) {
			r.Observations[0] = collect.Observation{Fact: "media.removable_media", Value: collect.String("sometimes"),
				Basis: r.Observations[0].Basis}
		}, `expected one of [unrestricted controlled blocked], got "sometimes"`},
		{"bound on bool", func(r *collect.Report) {
			r.Observations[0] = collect.Observation{Fact: "access.logon_banner", Value: collect.Bool(true), Bound: collect.AtMost,
				Basis: r.Observations[0].Basis}
		}, "only integer facts take a bound"},
		{"no basis", func(r *collect.Report) { r.Observations[0].Basis = nil }, "rests on nothing"},
		{"basis input", func(r *collect.Report) { r.Observations[0].Basis[0].Input = "etc/shadow" }, `"etc/shadow" is not among the inputs`},
		{"result", func(r *collect.Report) { r.Checks[0].Result = "passed" }, `unknown result "passed"`},
		{"requirement", func(r *collect.Report) { r.Checks[0].Requirements = []string{"3.15.1"} }, `"3.15.1" is not an SP 800-171 Rev 2 requirement ID`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validReport()
			tt.modify(r)
			err := r.Validate()
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tt.want)
		})
	}
}

func TestReportJSONRoundTrip(t *testing.T) {
	r := validReport()
	r.Observations = append(r.Observations, collect.Observation{Fact: "media.removable_media", Value: collect.String("blocked"),
		Basis: r.Observations[0].Basis})
	var buf bytes.Buffer
	require.NoError(t, collect.WriteReport(&buf, r))
	got, err := collect.ReadReport("host.json", &buf)
	require.NoError(t, err)
	assert.Equal(t, r, got)
}

func TestReadReportBadInput(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, collect.WriteReport(&buf, validReport()))
	good := buf.String()
	tests := []struct{ name, in, want string }{
		{"empty", "", "host.json: empty"},
		{"syntax", "{\n\"mamori\": \"collect/v1\",\n}", "host.json:3: JSON syntax"},
		{"unknown field", strings.Replace(good, `"collected"`, `"collected_at": 1, "collected"`, 1), "host.json:11: collected_at: unknown field"},
		{"wrong type", strings.Replace(good, `"value": 5`, `"value": "5"`, 1), "access.lockout.threshold is integer, got string"},
		{"fraction", strings.Replace(good, `"value": 5`, `"value": 5.5`, 1), "access.lockout.threshold is integer, got number"},
		{"object value", strings.Replace(good, `"value": 5`, `"value": {}`, 1), "expected a boolean, number or string"},
		{"trailing", good + "{}", "unexpected data after the JSON value"},
		{"size", `{"mamori":"` + strings.Repeat("x", collect.MaxExport) + `"}`, "larger than the limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := collect.ReadReport("host.json", strings.NewReader(tt.in))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestDecodeText(t *testing.T) {
	utf16le := []byte{0xff, 0xfe, 'A', 0, '=', 0, 0x42, 0x30, '\n', 0}
	utf16be := []byte{0xfe, 0xff, 0, 'A', 0, '=', 0x30, 0x42, 0, '\n'}
	tests := []struct {
		name string
		in   []byte
		want string
		err  string
	}{
		{"utf-16 le", utf16le, "A=あ\n", ""},
		{"utf-16 be", utf16be, "A=あ\n", ""},
		{"utf-8 bom", []byte("\xef\xbb\xbfA=1"), "A=1", ""},
		{"utf-8", []byte("A=1"), "A=1", ""},
		{"odd", []byte{0xff, 0xfe, 'A'}, "", "odd number of bytes"},
		{"no bom", []byte{'A', 0, '=', 0}, "", "NUL character"},
		{"latin-1", []byte("A=\xe9"), "", "expected UTF-8 or UTF-16"},
		{"lone surrogate", []byte{0xff, 0xfe, 0x00, 0xd8, 'A', 0}, "", "invalid UTF-16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := collect.DecodeText("x.inf", tt.in)
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestXMLDecoderRejectsDoctype(t *testing.T) {
	for _, in := range []string{
		`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>`,
		`<!DOCTYPE x><x/>`,
	} {
		d := collect.NewXMLDecoder("r.xml", []byte(in))
		var err error
		for err == nil {
			_, err = d.Token()
		}
		require.ErrorContains(t, err, "a DOCTYPE or DTD is not accepted")
	}
	d := collect.NewXMLDecoder("r.xml", []byte(`<?xml version="1.0" encoding="ISO-8859-1"?><x/>`))
	var err error
	for err == nil {
		_, err = d.Token()
	}
	require.ErrorContains(t, err, "expected UTF-8")
}
