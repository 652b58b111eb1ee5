package collect_test

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/collect"
	"github.com/mamori-dev/mamori/engine/collect/linux"
	"github.com/mamori-dev/mamori/engine/collect/windows"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// TestDocument: the reports of three Windows hosts and a Linux host
// become a facts document that the evidence reader accepts, in YAML and
// JSON, with each fact at the value that holds on every host and each
// host's value kept.
func TestDocument(t *testing.T) {
	reps, err := windows.ImportHosts(os.DirFS("windows/testdata"), "hosts")
	require.NoError(t, err)
	root, err := os.OpenRoot("linux/testdata/hardened")
	require.NoError(t, err)
	defer root.Close()
	lx, err := linux.Collect(linux.Options{Root: root.FS(), Now: func() time.Time { return time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC) }})
	require.NoError(t, err)
	reps = append(reps, lx)

	doc, err := collect.Document(reps)
	require.NoError(t, err)
	require.Len(t, doc.Provenance.Sources, 4)
	assert.Equal(t, "CAM-02/windows", doc.Provenance.Sources[0].ID)
	assert.Equal(t, "db-01/linux", doc.Provenance.Sources[3].ID)
	assert.Equal(t, false, *doc.Facts.Crypto.FullDiskEncryption, "BitLocker is off on PC-07")
	assert.Equal(t, 0, *doc.Facts.Access.Lockout.Threshold, "no lockout on PC-07")
	fde := doc.Provenance.Facts["crypto.full_disk_encryption"].Collected
	require.Len(t, fde, 3)
	assert.Equal(t, evidence.Sighting{Source: "PC-07/windows", Value: false,
		Basis: []string{"hosts/PC-07/bitlocker.json: C: = OperatingSystem, FullyDecrypted, protection Off"}}, fde[1])

	for _, format := range []evidence.Format{evidence.FormatYAML, evidence.FormatJSON} {
		var b bytes.Buffer
		require.NoError(t, doc.Encode(&b, format, "written by a test"))
		name := "facts.yaml"
		if format == evidence.FormatJSON {
			name = "facts.json"
		}
		ev, err := evidence.Parse(name, b.Bytes())
		require.NoError(t, err, "%s", b.String())
		ev, err = evidence.Merge(ev)
		require.NoError(t, err)
		for _, r := range ev.FactRecords() {
			assert.Empty(t, r.Declared, r.Path)
			assert.NotEmpty(t, r.Collected, r.Path)
			if r.Path == "crypto.full_disk_encryption" {
				assert.Equal(t, false, r.Value)
				assert.Len(t, r.Subjects, 3)
			}
		}
	}
}
