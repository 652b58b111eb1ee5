package main

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/reports"
)

// readEvidence reads an evidence set: self-assessment workbooks (.xlsx,
// made by "mamori template self-assessment") through reports, and YAML
// or JSON files and directories through engine.ReadEvidence, merged into
// one set. Directories are searched for YAML and JSON only: a workbook
// is read when it is named.
func (g *globalOptions) readEvidence(paths ...string) (*engine.Evidence, error) {
	var parts []*engine.Evidence
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
		ev, err := readWorkbook(p, cat)
		if err != nil {
			return nil, err
		}
		parts = append(parts, ev)
	}
	if len(others) > 0 {
		ev, err := engine.ReadEvidence(others...)
		if err != nil {
			return nil, err
		}
		parts = append(parts, ev)
	}
	return engine.MergeEvidence(parts...)
}

// catalog loads the default catalogue once, for reading workbooks.
func (g *globalOptions) catalog() (*engine.Catalog, error) {
	g.catOnce.Do(func() {
		g.cat, g.catErr = engine.LoadCatalog(g.controlsFS(), engine.DefaultCatalog)
	})
	return g.cat, g.catErr
}

// readWorkbook reads one self-assessment workbook.
func readWorkbook(path string, cat *engine.Catalog) (*engine.Evidence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &engine.InputError{File: path, Msg: err.Error()}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &engine.InputError{File: path, Msg: err.Error()}
	}
	if !st.Mode().IsRegular() {
		return nil, &engine.InputError{File: path, Msg: "not a regular file"}
	}
	return reports.ReadSelfAssessment(f, st.Size(), path, cat)
}
