// Package importer is what `mamori facts import KIND FILE...` runs: it
// reads exports of any supported kind, detecting the kind when asked, and
// returns one report per host or tenant, or nothing and the first error.
package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/mamori-dev/mamori/engine/collect"
	"github.com/mamori-dev/mamori/engine/collect/m365"
	"github.com/mamori-dev/mamori/engine/collect/openscap"
	"github.com/mamori-dev/mamori/engine/collect/windows"
)

// Kinds of export.
const (
	// KindAuto detects the kind of each path.
	KindAuto = "auto"
	// KindOpenSCAP: an XCCDF 1.2 results or ARF file (.xml, .xml.gz).
	KindOpenSCAP = "openscap"
	// KindWindows: a host's folder, or a folder of host folders.
	KindWindows = "windows"
	// KindM365: a tenant's folder made by m365.GraphScript.
	KindM365 = "m365"
	// KindScubaGear: a ScubaResults.json.
	KindScubaGear = "scubagear"
	// KindLinux: a report written by `mamori collect linux` (host.json).
	KindLinux = "linux"
)

// Kinds lists the kinds, for help texts and completion.
var Kinds = []string{KindOpenSCAP, KindWindows, KindM365, KindScubaGear, KindLinux}

// Import reads each path (a file or a folder within fsys) as kind, or
// detects its kind with KindAuto. Reports come in the order of the
// paths; nothing is returned on error.
func Import(fsys fs.FS, kind string, paths ...string) ([]*collect.Report, error) {
	if kind != KindAuto && !slices.Contains(Kinds, kind) {
		return nil, fmt.Errorf("unknown kind %q: expected one of %s or %s", kind, strings.Join(Kinds, ", "), KindAuto)
	}
	if len(paths) == 0 {
		return nil, errors.New("no files to import")
	}
	var out []*collect.Report
	for _, p := range paths {
		k := kind
		if k == KindAuto {
			var err error
			if k, err = Detect(fsys, p); err != nil {
				return nil, err
			}
		}
		reps, err := importOne(fsys, k, p)
		if err != nil {
			return nil, err
		}
		out = append(out, reps...)
	}
	return out, nil
}

func importOne(fsys fs.FS, kind, p string) ([]*collect.Report, error) {
	open := func() (fs.File, error) {
		f, err := fsys.Open(p)
		if err != nil {
			return nil, collect.Errorf(p, 0, "", "open: %v", err)
		}
		return f, nil
	}
	switch kind {
	case KindOpenSCAP:
		f, err := open()
		if err != nil {
			return nil, err
		}
		defer f.Close()
		res, err := openscap.Import(p, f)
		if err != nil {
			return nil, err
		}
		return []*collect.Report{res.Report}, nil
	case KindScubaGear:
		f, err := open()
		if err != nil {
			return nil, err
		}
		defer f.Close()
		rep, err := m365.ImportScuba(p, f)
		if err != nil {
			return nil, err
		}
		return []*collect.Report{rep}, nil
	case KindLinux:
		f, err := open()
		if err != nil {
			return nil, err
		}
		defer f.Close()
		rep, err := collect.ReadReport(p, f)
		if err != nil {
			return nil, err
		}
		return []*collect.Report{rep}, nil
	case KindM365:
		rep, err := m365.ImportGraph(fsys, p)
		if err != nil {
			return nil, err
		}
		return []*collect.Report{rep}, nil
	case KindWindows:
		if _, err := fs.Stat(fsys, path.Join(p, windows.FileHost)); err == nil {
			rep, err := windows.ImportFolder(fsys, p)
			if err != nil {
				return nil, err
			}
			return []*collect.Report{rep}, nil
		}
		return windows.ImportHosts(fsys, p)
	}
	return nil, fmt.Errorf("unknown kind %q", kind)
}

// Detect tells the kind of a path: a folder by the files it holds, a
// file by its first bytes.
func Detect(fsys fs.FS, p string) (string, error) {
	st, err := fs.Stat(fsys, p)
	if err != nil {
		return "", collect.Errorf(p, 0, "", "%v", err)
	}
	if st.IsDir() {
		has := func(name string) bool { _, err := fs.Stat(fsys, path.Join(p, name)); return err == nil }
		switch {
		case has(windows.FileHost):
			return KindWindows, nil
		case has(m365.FileTenant):
			return KindM365, nil
		}
		entries, err := fs.ReadDir(fsys, p)
		if err == nil && len(entries) > 0 && entries[0].IsDir() {
			if _, err := fs.Stat(fsys, path.Join(p, entries[0].Name(), windows.FileHost)); err == nil {
				return KindWindows, nil
			}
		}
		return "", collect.Errorf(p, 0, "", "not a Windows host's folder (host.json), a folder of them, or a tenant's folder (tenant.json)")
	}
	f, err := fsys.Open(p)
	if err != nil {
		return "", collect.Errorf(p, 0, "", "open: %v", err)
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := f.Read(head)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return KindOpenSCAP, nil
	case bytes.Contains(head, []byte("<")) && (bytes.Contains(head, []byte("xccdf")) || bytes.Contains(head, []byte("asset-report-collection"))):
		return KindOpenSCAP, nil
	case bytes.Contains(head, []byte(`"mamori"`)) && bytes.Contains(head, []byte(collect.SchemaV1)):
		return KindLinux, nil
	case bytes.Contains(head, []byte(`"MetaData"`)):
		return KindScubaGear, nil
	}
	return "", collect.Errorf(p, 0, "", "kind not recognised: expected OpenSCAP results (XML), ScubaResults.json or a collector's report; give the kind")
}
