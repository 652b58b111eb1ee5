package reports_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/reports"
)

// The workbook readers under fuzzing: each input is read as it comes,
// and, when it is a zip archive, again with the checksums and sizes of
// its stored (uncompressed) parts made right, so that mutations of a
// stored part's XML reach excelize and the readers rather than stop at
// the checksum. The seeds are workbooks mamori writes, filled, saved
// with their parts deflated and stored, and damaged ones. For every
// input the reader must not panic, must give a result or an input error
// naming the file, must refuse a workbook whose package checks fail
// (packageFails), and must read a workbook it accepts the same way
// twice.
//
//	go test ./reports -run XXX -fuzz FuzzReadSelfAssessment -fuzztime 10m

func FuzzReadSelfAssessment(f *testing.F) {
	cat := saLoadCatalog(f)
	seeds := [][]byte{
		saSave(f, saFill(f, saTemplate(f, cat, engine.LangJA), saWorkbookEvidence(f, "kobayashi-electronics"), engine.LangJA)),
		saSave(f, saFill(f, saTemplate(f, cat, engine.LangEN), saWorkbookEvidence(f, "sato-machining"), engine.LangEN)),
		saTemplate(f, cat, engine.LangJA),
		readSaved(f, "self-assessment.libreoffice.xlsx"),
	}
	fuzzWorkbooks(f, seeds, "xl/worksheets/sheet3.xml", func(t *testing.T, data []byte) (any, error) {
		ev, err := reports.ReadSelfAssessment(bytes.NewReader(data), int64(len(data)), "sa.xlsx", cat)
		if err != nil {
			return nil, err
		}
		require.Len(t, ev.Sources, 1)
		sum := sha256.Sum256(data)
		assert.Equal(t, hex.EncodeToString(sum[:]), ev.Sources[0].SHA256)
		return ev, nil
	})
}

func FuzzReadSiteChecklist(f *testing.F) {
	s := newSCFixture(f)
	form := s.form(f, engine.LangJA)
	seeds := [][]byte{
		form,
		s.fill(f, form, scFill{results: map[string]string{"PSC-01": "適合", "PSC-07": "不適合"}, name: "監査 一郎", date: "2026-10-30"}),
		s.form(f, engine.LangEN),
		readSaved(f, "site-checklist.libreoffice.xlsx"),
	}
	fuzzWorkbooks(f, seeds, "xl/worksheets/sheet1.xml", func(_ *testing.T, data []byte) (any, error) {
		sc, err := reports.ReadSiteChecklist(bytes.NewReader(data), int64(len(data)), "sa.xlsx", s.cl)
		if err != nil {
			return nil, err
		}
		return sc, nil
	})
}

func FuzzReadChainWorkbook(f *testing.F) {
	tmpl := ccTemplate(f, engine.LangJA)
	seeds := [][]byte{
		ccFilledExample(f, engine.LangJA),
		ccFilledExample(f, engine.LangEN),
		ccBytes(f, tmpl),
	}
	fuzzWorkbooks(f, seeds, "xl/worksheets/sheet5.xml", func(_ *testing.T, data []byte) (any, error) {
		c, err := reports.ReadChainWorkbook(bytes.NewReader(data), int64(len(data)), "sa.xlsx")
		if err != nil {
			return nil, err
		}
		return c, nil
	})
}

func readSaved(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "saved", name))
	require.NoError(t, err)
	return b
}

// fuzzWorkbooks seeds f with the workbooks, each also with its parts
// stored, and damaged (sheet names a sheet's part, whose rows are
// damaged), and fuzzes read.
func fuzzWorkbooks(f *testing.F, workbooks [][]byte, sheet string, read func(t *testing.T, data []byte) (any, error)) {
	for _, wb := range workbooks {
		stored := storeParts(f, wb)
		f.Add(wb)
		f.Add(stored)
		for _, edit := range [][2]string{
			{`<c r="B3" `, `<c r="B3" xmlns:q="urn:q" q:r="K3" `},
			{`</sheetData>`, `</sheetData><row r="2"><c r="A2"><v>1</v></c></row>`},
			{`<row r="3"`, `<x></y><row r="3"`},
			{`<c r="B3" `, `<c r="B9" `},
			{`<row r="4"`, `<row r="3"`},
		} {
			if p := partOf(f, stored, sheet); strings.Contains(p, edit[0]) {
				f.Add(fixStored(storeParts(f, rezip(f, wb, func(name string, b []byte) []byte {
					if name == sheet {
						b = []byte(strings.Replace(string(b), edit[0], edit[1], 1))
					}
					return b
				}))))
			}
		}
		f.Add(rezip(f, wb, nil, zipPart{"xl/SHAREDSTRINGS.XML", []byte(partOf(f, wb, "xl/sharedStrings.xml"))}))
		f.Add(damagePart(f, wb, sheet, func(h *zip.FileHeader, raw []byte) []byte { h.CRC32 ^= 1; return raw }))
		f.Add(wb[:len(wb)/2])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(data []byte) {
			v, err := read(t, data)
			if err != nil {
				assert.Nil(t, v)
				var one *evidence.InputError
				var all evidence.InputErrors
				switch {
				case errors.As(err, &one):
					assert.Equal(t, "sa.xlsx", one.File)
				case errors.As(err, &all):
					require.NotEmpty(t, all)
					for _, e := range all {
						assert.Equal(t, "sa.xlsx", e.File)
					}
				default:
					t.Fatalf("%T is not an input error: %v", err, err)
				}
				return
			}
			require.NotNil(t, v)
			if why := packageFails(data); why != "" {
				t.Fatalf("read a workbook whose package checks fail: %s", why)
			}
			again, err := read(t, data)
			require.NoError(t, err)
			assert.Equal(t, v, again, "read again")
		}
		check(data)
		if fixed := fixStored(data); fixed != nil {
			check(fixed)
		}
	})
}

// packageFails says why a workbook's package must be refused, or
// returns "": the checks as a workbook's reader states them, written out
// apart from it.
func packageFails(data []byte) string {
	if len(data) > reports.MaxWorkbookBytes {
		return "too large"
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "not a zip archive"
	}
	if len(zr.File) > 1000 {
		return "too many parts"
	}
	seen := map[string]bool{}
	var total uint64
	for _, zf := range zr.File {
		k := strings.Map(func(r rune) rune {
			if r >= 'A' && r <= 'Z' {
				return r + 'a' - 'A'
			}
			if r == '\\' {
				return '/'
			}
			return r
		}, zf.Name)
		if seen[k] {
			return "two parts named " + zf.Name
		}
		seen[k] = true
		total += zf.UncompressedSize64
		if zf.UncompressedSize64 > 32<<20 || total > 64<<20 {
			return "expands too far"
		}
		if zf.UncompressedSize64 > 1<<20 && zf.UncompressedSize64 > 100*zf.CompressedSize64 {
			return "expands too many times over"
		}
	}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return zf.Name + " does not open"
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return zf.Name + " does not inflate or match its checksum"
		}
		// A part with a row element must be well-formed XML.
		d := xml.NewDecoder(bytes.NewReader(b))
		d.CharsetReader = func(string, io.Reader) (io.Reader, error) { return nil, errors.New("not UTF-8") }
		rows := false
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				if rows {
					return zf.Name + " is not well-formed"
				}
				break
			}
			if s, ok := tok.(xml.StartElement); ok && s.Name.Local == "row" {
				rows = true
			}
		}
	}
	return ""
}

// storeParts rewrites a workbook with its parts stored, not deflated.
func storeParts(t testing.TB, data []byte) []byte {
	t.Helper()
	return repack(t, data, func(zw *zip.Writer, zf *zip.File) {
		rc, err := zf.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Store})
		require.NoError(t, err)
		_, err = w.Write(b)
		require.NoError(t, err)
	})
}

// fixStored rewrites a zip archive with the checksum and sizes of each
// stored part made right for its data; nil when data is not a zip
// archive or has no stored part.
func fixStored(data []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(zr.File) > 1000 {
		return nil
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	stored := false
	for _, zf := range zr.File {
		rc, err := zf.OpenRaw()
		if err != nil {
			return nil
		}
		raw, err := io.ReadAll(rc)
		if err != nil {
			return nil
		}
		h := zf.FileHeader
		if h.Method == zip.Store {
			stored = true
			h.CRC32 = crc32.ChecksumIEEE(raw)
			h.UncompressedSize64 = uint64(len(raw))
		}
		h.CompressedSize64 = uint64(len(raw))
		w, err := zw.CreateRaw(&h)
		if err != nil {
			return nil
		}
		if _, err := w.Write(raw); err != nil {
			return nil
		}
	}
	if !stored || zw.Close() != nil {
		return nil
	}
	return buf.Bytes()
}
