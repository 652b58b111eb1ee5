package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/engine/i18n"
	"github.com/mamori-dev/mamori/reports"
)

// readEvidence reads an evidence set: self-assessment workbooks (.xlsx,
// made by "mamori template self-assessment") through reports, and YAML
// or JSON files and directories through evidence.Read, merged into
// one set. Directories are searched for YAML and JSON only: a workbook
// is read when it is named.
func (g *globalOptions) readEvidence(paths ...string) (*evidence.Evidence, error) {
	var parts []*evidence.Evidence
	var others []string
	for _, p := range paths {
		if !strings.EqualFold(filepath.Ext(p), ".xlsx") {
			others = append(others, p)
			continue
		}
		cat, err := g.catalog()
		if err != nil {
			return nil, err
		}
		ev, err := readWorkbook(p, cat, g.lang)
		if err != nil {
			return nil, err
		}
		parts = append(parts, ev)
	}
	if len(others) > 0 {
		ev, err := evidence.Read(others...)
		if err != nil {
			return nil, err
		}
		parts = append(parts, ev)
	}
	return evidence.Merge(parts...)
}

// catalog loads the default catalogue once, for reading workbooks.
func (g *globalOptions) catalog() (*engine.Catalog, error) {
	g.catOnce.Do(func() {
		g.cat, g.catErr = engine.LoadCatalog(g.controlsFS(), engine.DefaultCatalog)
	})
	return g.cat, g.catErr
}

// readWorkbook reads one self-assessment workbook.
func readWorkbook(path string, cat *engine.Catalog, lang string) (*evidence.Evidence, error) {
	return readWorkbookFile(path, lang, func(r io.ReaderAt, size int64) (*evidence.Evidence, error) {
		return reports.ReadSelfAssessment(r, size, path, cat)
	})
}

// readWorkbookFile opens a workbook, which must be a regular file, and
// hands it to read with its size. Its own errors are in lang.
func readWorkbookFile[T any](path, lang string, read func(io.ReaderAt, int64) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		return zero, &evidence.InputError{File: path, Msg: err.Error()}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return zero, &evidence.InputError{File: path, Msg: err.Error()}
	}
	if !st.Mode().IsRegular() {
		return zero, &evidence.InputError{File: path, Msg: i18n.T(lang, "cli.not_regular_file")}
	}
	return read(f, st.Size())
}
