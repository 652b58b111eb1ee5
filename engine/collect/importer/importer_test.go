package importer_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/collect"
	"github.com/mamori-dev/mamori/engine/collect/importer"
	"github.com/mamori-dev/mamori/engine/collect/linux"
)

// testFS gathers the other packages' test data under one root.
func testFS(t testing.TB) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	add := func(src, dst string) {
		b, err := os.ReadFile(src)
		require.NoError(t, err)
		m[dst] = &fstest.MapFile{Data: b}
	}
	add("../openscap/testdata/bookworm-results-arf.xml.gz", "scan/arf.xml.gz")
	add("../m365/testdata/ScubaResults.json", "m365/ScubaResults.json")
	for _, n := range []string{"tenant.json", "userRegistrationDetails-1.json", "userRegistrationDetails-2.json", "conditionalAccessPolicies-1.json", "securityDefaults.json"} {
		add("../m365/testdata/tenant/"+n, "m365/graph/"+n)
	}
	for _, h := range []string{"PC-01", "PC-07", "CAM-02"} {
		entries, err := os.ReadDir("../windows/testdata/hosts/" + h)
		require.NoError(t, err)
		for _, e := range entries {
			add("../windows/testdata/hosts/"+h+"/"+e.Name(), "windows/"+h+"/"+e.Name())
		}
	}
	r, err := os.OpenRoot("../linux/testdata/hardened")
	require.NoError(t, err)
	defer r.Close()
	rep, err := linux.Collect(linux.Options{Root: r.FS(), Now: func() time.Time { return time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, collect.WriteReport(&buf, rep))
	m["linux/db-01.json"] = &fstest.MapFile{Data: buf.Bytes()}
	return m
}

func TestImportAuto(t *testing.T) {
	fsys := testFS(t)
	reps, err := importer.Import(fsys, importer.KindAuto, "scan/arf.xml.gz", "windows", "m365/graph", "m365/ScubaResults.json", "linux/db-01.json")
	require.NoError(t, err)
	var got []string
	for _, r := range reps {
		got = append(got, r.Source.Kind+" "+r.Subject.ID)
	}
	assert.Equal(t, []string{"openscap scap-bookworm", "windows CAM-02", "windows PC-01", "windows PC-07",
		"m365 3f6c1d2e-8a4b-4c9d-9e0f-1a2b3c4d5e6f", "scubagear 3f6c1d2e-8a4b-4c9d-9e0f-1a2b3c4d5e6f", "linux db-01"}, got)
}

func TestImportErrors(t *testing.T) {
	fsys := testFS(t)
	for _, tt := range []struct {
		kind  string
		paths []string
		want  string
	}{
		{"nessus", []string{"scan/arf.xml.gz"}, `unknown kind "nessus"`},
		{importer.KindAuto, nil, "no files to import"},
		{importer.KindAuto, []string{"m365"}, "m365: not a Windows host's folder"},
		{importer.KindScubaGear, []string{"scan/arf.xml.gz"}, "scan/arf.xml.gz:1: JSON syntax"},
		{importer.KindOpenSCAP, []string{"missing.xml"}, "missing.xml: open:"},
	} {
		reps, err := importer.Import(fsys, tt.kind, tt.paths...)
		require.Error(t, err)
		assert.Nil(t, reps)
		assert.Contains(t, err.Error(), tt.want)
	}
}

// BenchmarkImportThousandHosts imports 1,000 Windows hosts' exports (the
// three fixture hosts, renamed), written to a directory as an
// administrator's share would hold them, and aggregates them with an
// OpenSCAP scan, a collected Linux host and the tenant's exports.
func BenchmarkImportThousandHosts(b *testing.B) {
	src := testFS(b).(fstest.MapFS)
	dir := b.TempDir()
	write := func(name string, data []byte) {
		p := path.Join(dir, name)
		require.NoError(b, os.MkdirAll(path.Dir(p), 0o755))
		require.NoError(b, os.WriteFile(p, data, 0o644))
	}
	for k, v := range src {
		if !strings.HasPrefix(k, "windows/") {
			write(k, v.Data)
		}
	}
	hosts := []string{"PC-01", "PC-07", "CAM-02"}
	for i := range 1000 {
		h := hosts[i%3]
		name := fmt.Sprintf("PC-%04d", i)
		for k, v := range src {
			if !strings.HasPrefix(k, "windows/"+h+"/") {
				continue
			}
			data := v.Data
			base := path.Base(k)
			if base == "host.json" || base == "auditpol.csv" {
				data = bytes.ReplaceAll(data, []byte(h), []byte(name))
				if base == "auditpol.csv" && h == "CAM-02" {
					data = utf16Replace(data, h, name)
				}
			}
			write("hosts/"+name+"/"+base, data)
		}
	}
	fsys := os.DirFS(dir)
	b.ResetTimer()
	for b.Loop() {
		reps, err := importer.Import(fsys, importer.KindAuto, "hosts", "scan/arf.xml.gz", "linux/db-01.json", "m365/graph", "m365/ScubaResults.json")
		if err != nil {
			b.Fatal(err)
		}
		if len(reps) != 1004 {
			b.Fatalf("%d reports", len(reps))
		}
		agg := collect.Aggregate(reps, nil)
		if f := agg.Fact("crypto.full_disk_encryption"); f == nil || len(f.Failing(collect.Bool(true))) == 0 {
			b.Fatal("no failing hosts")
		}
	}
}

func utf16Replace(data []byte, from, to string) []byte {
	enc := func(s string) []byte {
		var out []byte
		for _, r := range s {
			out = append(out, byte(r), byte(r>>8))
		}
		return out
	}
	return bytes.ReplaceAll(data, enc(from), enc(to))
}
