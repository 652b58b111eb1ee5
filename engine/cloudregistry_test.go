package engine_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine"
)

const registryYAML = `mamori: cloud-registry/v1
name: ISMAP クラウドサービスリスト
as_of: 2026-10-01
services:
  - scheme: ismap
    registration: C99-0101-1
    service: 信州ビジネスメール
    provider: 信州クラウドサービス株式会社
    valid_from: 2025-10-01
    valid_until: 2027-01-31
`

const registryCSV = "mamori,cloud-registry/v1\n" +
	"name,ISMAP クラウドサービスリスト\n" +
	"as_of,2026-10-01\n" +
	"scheme,registration,service,provider,level,valid_from,valid_until\n" +
	"ismap,C99-0101-1,信州ビジネスメール,信州クラウドサービス株式会社,,2025-10-01,2027-01-31\n"

// TestParseCloudRegistry reads good registries in each format.
func TestParseCloudRegistry(t *testing.T) {
	excel := "\ufeff# exported from a spreadsheet\r\n" +
		"mamori,cloud-registry/v1,,,,,\r\n" +
		"name,FedRAMP Marketplace,,,,,\r\n" +
		"as_of,2026-10-01,,,,,\r\n" +
		"sample,false,,,,,\r\n" +
		",,,,,,\r\n" +
		"scheme,registration,service,provider,level,valid_from,valid_until\r\n" +
		"fedramp,FR1,\"Example, Secure\",Example Inc.,moderate,2024-02-14,\r\n"
	tests := []struct {
		name, file, data string
		want             engine.CloudRegistryEntry
	}{
		{name: "yaml", file: "reg.yaml", data: registryYAML,
			want: engine.CloudRegistryEntry{Scheme: "ismap", Registration: "C99-0101-1", Service: "信州ビジネスメール", Provider: "信州クラウドサービス株式会社"}},
		{name: "json", file: "reg.json", data: `{"mamori": "cloud-registry/v1", "name": "n", "as_of": "2026-10-01",
  "services": [{"scheme": "ismap", "registration": "C99-0101-1", "service": "信州ビジネスメール", "provider": "信州クラウドサービス株式会社"}]}`,
			want: engine.CloudRegistryEntry{Scheme: "ismap", Registration: "C99-0101-1", Service: "信州ビジネスメール", Provider: "信州クラウドサービス株式会社"}},
		{name: "csv", file: "reg.csv", data: registryCSV,
			want: engine.CloudRegistryEntry{Scheme: "ismap", Registration: "C99-0101-1", Service: "信州ビジネスメール", Provider: "信州クラウドサービス株式会社"}},
		{name: "csv from a spreadsheet", file: "REG.CSV", data: excel,
			want: engine.CloudRegistryEntry{Scheme: "fedramp", Registration: "FR1", Service: "Example, Secure", Provider: "Example Inc.", Level: "moderate"}},
		{name: "csv with columns in another order", file: "reg.csv",
			data: "mamori,cloud-registry/v1\nname,n\nas_of,2026-10-01\nscheme,provider,service,registration\nismap, P ,S, C1 \n",
			want: engine.CloudRegistryEntry{Scheme: "ismap", Registration: "C1", Service: "S", Provider: "P"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, err := engine.ParseCloudRegistry(tt.file, []byte(tt.data))
			require.NoError(t, err)
			require.Len(t, reg.Services, 1)
			got := reg.Services[0]
			got.ValidFrom, got.ValidUntil = nil, nil
			assert.Equal(t, tt.want, got)
			assert.Equal(t, "2026-10-01", reg.AsOf.String())
			assert.Equal(t, tt.file, reg.File)
			assert.Len(t, reg.SHA256, 64)
		})
	}
	reg, err := engine.ParseCloudRegistry("reg.csv", []byte(registryCSV))
	require.NoError(t, err)
	assert.Equal(t, "2025-10-01", reg.Services[0].ValidFrom.String())
	assert.Equal(t, "2027-01-31", reg.Services[0].ValidUntil.String())
	assert.False(t, reg.Sample)
}

// TestParseCloudRegistryErrors feeds bad registries: each is refused
// with the file, the line, the field and what was expected.
func TestParseCloudRegistryErrors(t *testing.T) {
	yamlWith := func(old, new string) string { return strings.Replace(registryYAML, old, new, 1) }
	csvWith := func(old, new string) string { return strings.Replace(registryCSV, old, new, 1) }
	tests := []struct {
		name, file, data string
		want             []string
	}{
		// YAML and JSON, through the evidence readers.
		{"another kind", "r.yaml", yamlWith("cloud-registry/v1", "evidence/v1"),
			[]string{`r.yaml:1: mamori: expected "cloud-registry/v1" to mark the document, got "evidence/v1"`}},
		{"no date", "r.yaml", yamlWith("as_of: 2026-10-01\n", ""),
			[]string{"r.yaml: as_of: required: the date of the list as a whole (YYYY-MM-DD)"}},
		{"bad date", "r.yaml", yamlWith("as_of: 2026-10-01", "as_of: 2026/10/01"),
			[]string{`r.yaml:3: as_of: invalid date "2026/10/01": expected YYYY-MM-DD`}},
		{"no name", "r.yaml", yamlWith("name: ISMAP クラウドサービスリスト\n", ""),
			[]string{"r.yaml: name: required: which list this is (for example ISMAP クラウドサービスリスト)"}},
		{"no services", "r.yaml", strings.SplitAfter(registryYAML, "as_of: 2026-10-01\n")[0],
			[]string{"r.yaml: services: required: at least one registered service"}},
		{"unknown field", "r.yaml", yamlWith("    valid_from:", "    expires:"),
			[]string{`r.yaml:9: services[0].expires: unknown field "expires"`}},
		{"bad scheme", "r.yaml", yamlWith("scheme: ismap", "scheme: ISMAP"),
			[]string{`r.yaml:5: services[0].scheme: expected one of ismap, ismap-liu, fedramp, got "ISMAP"`}},
		{"blank registration", "r.yaml", yamlWith("registration: C99-0101-1", `registration: " "`),
			[]string{"r.yaml:6: services[0].registration: required: the ISMAP registration number or FedRAMP package ID"}},
		{"no provider", "r.yaml", yamlWith("    provider: 信州クラウドサービス株式会社\n", ""),
			[]string{"r.yaml:5: services[0].provider: required: the provider's name as the list gives it"}},
		{"ismap with a level", "r.yaml", yamlWith("    valid_from:", "    level: moderate\n    valid_from:"),
			[]string{"r.yaml:9: services[0].level: only FedRAMP entries have a level; leave it empty for ismap"}},
		{"fedramp without a level", "r.yaml", yamlWith("scheme: ismap", "scheme: fedramp"),
			[]string{`r.yaml:5: services[0].level: expected the FedRAMP impact level, one of li-saas, low, moderate, high, got ""`}},
		{"validity backwards", "r.yaml", yamlWith("valid_until: 2027-01-31", "valid_until: 2025-01-31"),
			[]string{"r.yaml:10: services[0].valid_until: 2025-01-31 is before valid_from 2025-10-01"}},
		{"duplicate registration", "r.yaml", registryYAML + "  - {scheme: ismap, registration: c99-0101-1, service: x, provider: y}\n",
			[]string{`r.yaml:11: services[1].registration: duplicate registration "c99-0101-1" (already services[0])`}},
		{"json duplicate key", "r.json", `{"mamori": "cloud-registry/v1", "name": "a", "name": "b"}`,
			[]string{`r.json:1: name: duplicate key "name" (first at line 1)`}},

		// CSV, through encoding/csv.
		{"empty", "r.csv", " \n", []string{"r.csv: empty document"}},
		{"no marker", "r.csv", strings.TrimPrefix(registryCSV, "mamori,cloud-registry/v1\n"),
			[]string{`r.csv:1: mamori: expected the first row to be mamori,cloud-registry/v1 to mark the document, got "name,ISMAP クラウドサービスリスト"`}},
		{"another version", "r.csv", csvWith("cloud-registry/v1", "cloud-registry/v2"),
			[]string{`r.csv:1: mamori: expected "cloud-registry/v1" to mark the document, got "cloud-registry/v2"`}},
		{"unknown key", "r.csv", csvWith("as_of,", "date,"),
			[]string{`r.csv:3: date: unknown key "date": expected mamori, name, as_of, source, sample, then the header row starting with scheme`}},
		{"key twice", "r.csv", csvWith("as_of,2026-10-01\n", "as_of,2026-10-01\nname,again\n"),
			[]string{"r.csv:4: name: already given on line 2"}},
		{"two values", "r.csv", csvWith("as_of,2026-10-01", "as_of,2026-10-01,2026-11-01"),
			[]string{`r.csv:3: as_of: column C: expected one value after "as_of", got "2026-11-01"`}},
		{"bad list date", "r.csv", csvWith("as_of,2026-10-01", "as_of,2026/10/01"),
			[]string{`r.csv:3: as_of: invalid date "2026/10/01": expected YYYY-MM-DD`}},
		{"bad sample", "r.csv", csvWith("as_of,", "sample,yes\nas_of,"),
			[]string{`r.csv:3: sample: expected true or false, got "yes"`}},
		{"unknown column", "r.csv", csvWith("valid_until\n", "expires\n"),
			[]string{`r.csv:4: column G: unknown column "expires": expected scheme, registration, service, provider, level, valid_from, valid_until`}},
		{"missing column", "r.csv", "mamori,cloud-registry/v1\nname,n\nas_of,2026-10-01\nscheme,registration,service\nismap,C1,S\n",
			[]string{`r.csv:4: the header row lacks the column "provider"`}},
		{"column twice", "r.csv", csvWith("level,valid_from", "level,level"),
			[]string{`r.csv:4: column F: column "level" given twice`}},
		{"no header", "r.csv", strings.SplitAfter(registryCSV, "as_of,2026-10-01\n")[0],
			[]string{"r.csv: services: no header row: after the mamori, name and as_of rows, expected a row naming the columns (scheme,registration,service,provider,level,valid_from,valid_until)"}},
		{"bad validity date", "r.csv", csvWith("2027-01-31", "31/01/2027"),
			[]string{`r.csv:5: services[0].valid_until: column G: invalid date "31/01/2027": expected YYYY-MM-DD`}},
		{"value beyond the header", "r.csv", csvWith("2027-01-31", "2027-01-31,extra"),
			[]string{`r.csv:5: services[0]: column H: a value beyond the 7 columns of the header row: "extra"`}},
		{"bad scheme in a row", "r.csv", csvWith("\nismap,", "\nISMAP,"),
			[]string{`r.csv:5: services[0].scheme: expected one of ismap, ismap-liu, fedramp, got "ISMAP"`}},
		{"stray quote", "r.csv", csvWith("信州ビジネスメール", `信州"ビジネス`),
			[]string{`r.csv:5: invalid CSV: bare " in non-quoted-field`}},
		{"not UTF-8", "r.csv", csvWith("信州ビジネスメール", "\x90\x4d\x8f\x42"),
			[]string{`r.csv:5: not UTF-8: save the file as CSV UTF-8 (in Excel, "CSV UTF-8 (コンマ区切り)")`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, err := engine.ParseCloudRegistry(tt.file, []byte(tt.data))
			require.Error(t, err)
			assert.Nil(t, reg)
			assert.Equal(t, strings.Join(tt.want, "\n"), err.Error())
		})
	}
}

// TestReadCloudRegistrySamples reads the sample registries the examples
// use: both formats hold the same list, marked as a sample.
func TestReadCloudRegistrySamples(t *testing.T) {
	y, err := engine.ReadCloudRegistry("../examples/cloud-registry.sample.yaml")
	require.NoError(t, err)
	c, err := engine.ReadCloudRegistry("../examples/cloud-registry.sample.csv")
	require.NoError(t, err)
	assert.True(t, y.Sample, "the sample is marked as one")
	assert.Equal(t, y.Name, c.Name)
	assert.Equal(t, y.AsOf, c.AsOf)
	assert.Equal(t, y.Source, c.Source)
	assert.Equal(t, y.Sample, c.Sample)
	assert.Equal(t, y.Services, c.Services)

	_, err = engine.ReadCloudRegistry("no-such-registry.csv")
	assert.ErrorContains(t, err, "no-such-registry.csv: open no-such-registry.csv: no such file or directory")
	dir := t.TempDir()
	big := dir + "/big.yaml"
	require.NoError(t, os.WriteFile(big, make([]byte, 11<<20), 0o600))
	_, err = engine.ReadCloudRegistry(big)
	assert.ErrorContains(t, err, "over the 10485760-byte limit")
}

// FuzzParseCloudRegistry feeds registries, the samples and what the
// fuzzer makes of them, to both readers: every input gives a registry or
// an error naming the file, never a panic.
//
//	go test ./engine -run - -fuzz FuzzParseCloudRegistry -fuzztime 2m
func FuzzParseCloudRegistry(f *testing.F) {
	for _, file := range []string{"../examples/cloud-registry.sample.yaml", "../examples/cloud-registry.sample.csv"} {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(registryCSV))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"fuzz.csv", "fuzz.yaml"} {
			reg, err := engine.ParseCloudRegistry(name, data)
			if err == nil {
				if reg == nil || len(reg.Services) == 0 || reg.AsOf.IsZero() {
					t.Fatalf("%s: a registry without services or date and no error", name)
				}
				continue
			}
			if !strings.HasPrefix(err.Error(), name) {
				t.Fatalf("error does not name %s: %v", name, err)
			}
		}
	})
}
