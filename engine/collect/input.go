package collect

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// InputError is an error in an input: the file, the line or element, the
// field and what was expected. It is the evidence reader's error, so
// that every bad input, evidence or export, reads the same way.
type InputError = evidence.InputError

// Errorf returns an InputError.
func Errorf(file string, line int, field, format string, args ...any) *InputError {
	return &InputError{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// PlaceErrorf returns an InputError at an element or JSON path.
func PlaceErrorf(file, place, field, format string, args ...any) *InputError {
	return &InputError{File: file, Place: place, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Size limits. Exports are small, except OpenSCAP's: an ARF file of a
// Debian 12 scan with 410 rules is 14 MB.
const (
	// MaxExport bounds one JSON, CSV or INF export.
	MaxExport = 16 << 20
	// MaxXML bounds one XCCDF or ARF file, after decompression.
	MaxXML = 256 << 20
)

// Raw is one input read whole: its name, bytes (decompressed, if it was
// gzip) and the Input record (whose digest is of the bytes as given).
type Raw struct {
	Input Input
	Data  []byte
}

// ReadInput reads r whole, up to limit bytes, as the input named name,
// and records its SHA-256 and size. Gzip input (by its magic number) is
// decompressed, up to limit; the digest is of the bytes as given.
func ReadInput(name, kind string, r io.Reader, limit int64) (*Raw, error) {
	h := sha256.New()
	data, err := io.ReadAll(io.LimitReader(io.TeeReader(r, h), limit+1))
	if err != nil {
		return nil, Errorf(name, 0, "", "read: %v", err)
	}
	if int64(len(data)) > limit {
		return nil, Errorf(name, 0, "", "larger than the limit of %d bytes", limit)
	}
	raw := &Raw{Input: Input{Name: name, Kind: kind, SHA256: hex.EncodeToString(h.Sum(nil)), Size: int64(len(data))}}
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, Errorf(name, 0, "", "gzip: %v", err)
		}
		plain, err := io.ReadAll(io.LimitReader(zr, limit+1))
		if err != nil {
			return nil, Errorf(name, 0, "", "gzip: %v", err)
		}
		if int64(len(plain)) > limit {
			return nil, Errorf(name, 0, "", "larger than the limit of %d bytes once decompressed", limit)
		}
		data = plain
	}
	raw.Data = data
	return raw, nil
}

// ReadFile reads the file name within fsys as ReadInput does, refusing
// anything but a regular file.
func ReadFile(fsys fs.FS, name string, limit int64) (*Raw, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, Errorf(name, 0, "", "open: %v", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, Errorf(name, 0, "", "%v", err)
	}
	if !st.Mode().IsRegular() {
		return nil, Errorf(name, 0, "", "not a regular file")
	}
	return ReadInput(name, "file", f, limit)
}

// DecodeText returns the text of a Windows export: UTF-16 LE or BE with
// a byte order mark (secedit writes UTF-16 LE), UTF-8 with or without a
// BOM. Anything else (UTF-16 without a BOM, invalid UTF-8, NUL
// characters) is an error.
func DecodeText(name string, b []byte) (string, error) {
	var enc transform.Transformer
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		enc = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		enc = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
	}
	if enc != nil {
		if len(b)%2 != 0 {
			return "", Errorf(name, 0, "", "UTF-16 text with an odd number of bytes")
		}
		out, _, err := transform.Bytes(enc, b)
		if err != nil {
			return "", Errorf(name, 0, "", "UTF-16: %v", err)
		}
		b = out
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		return "", Errorf(name, 0, "", "expected UTF-8 or UTF-16 with a byte order mark")
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		line := 1 + bytes.Count(b[:i], []byte("\n"))
		return "", Errorf(name, line, "", "NUL character: expected text (UTF-16 without a byte order mark?)")
	}
	// U+FFFD from the UTF-16 decoder marks an unpaired surrogate.
	if enc != nil {
		if i := bytes.IndexRune(b, utf8.RuneError); i >= 0 {
			line := 1 + bytes.Count(b[:i], []byte("\n"))
			return "", Errorf(name, line, "", "invalid UTF-16")
		}
	}
	return string(b), nil
}

// DecodeJSON decodes one JSON value from data into v strictly: unknown
// fields are errors (when strict), trailing data is an error, and the
// error names the line and the field. A UTF-8 BOM or UTF-16 with a BOM
// (what PowerShell's Out-File writes) is accepted.
func DecodeJSON(name string, data []byte, v any, strict bool) error {
	text, err := DecodeText(name, data)
	if err != nil {
		return err
	}
	d := json.NewDecoder(strings.NewReader(text))
	if strict {
		d.DisallowUnknownFields()
	}
	if err := d.Decode(v); err != nil {
		return jsonError(name, text, d, err)
	}
	if _, err := d.Token(); err != io.EOF {
		return Errorf(name, lineAt(text, int(d.InputOffset())), "", "unexpected data after the JSON value")
	}
	return nil
}

func jsonError(name, text string, d *json.Decoder, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return Errorf(name, lineAt(text, int(se.Offset)), "", "JSON syntax: %v", se)
	case errors.As(err, &te):
		return Errorf(name, lineAt(text, int(te.Offset)), te.Field, "expected %s, got JSON %s", te.Type, te.Value)
	case errors.Is(err, io.EOF):
		return Errorf(name, 0, "", "empty: expected a JSON value")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return Errorf(name, lineAt(text, len(text)), "", "JSON cut short")
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		// encoding/json reports an unknown field after the value that
		// holds it: the line is that of the key's first occurrence.
		off := int(d.InputOffset())
		if m := regexp.MustCompile(regexp.QuoteMeta(f) + `\s*:`).FindStringIndex(text); m != nil {
			off = m[0]
		}
		return Errorf(name, lineAt(text, off), strings.Trim(f, `"`), "unknown field")
	}
	return Errorf(name, lineAt(text, int(d.InputOffset())), "", "%s", strings.TrimPrefix(msg, "json: "))
}

func lineAt(text string, off int) int {
	if off > len(text) {
		off = len(text)
	}
	if off < 0 {
		off = 0
	}
	return 1 + strings.Count(text[:off], "\n")
}

// NewXMLDecoder returns an encoding/xml decoder for untrusted XML: it
// reads UTF-8 only, and Token fails on a DOCTYPE (no DTD, so no entity
// can be declared; encoding/xml never fetches external entities, and
// undeclared entities are errors).
func NewXMLDecoder(name string, data []byte) *XMLDecoder {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = func(charset string, input io.Reader) (io.Reader, error) {
		if strings.EqualFold(charset, "utf-8") || strings.EqualFold(charset, "us-ascii") {
			return input, nil
		}
		return nil, fmt.Errorf("encoding %q: expected UTF-8", charset)
	}
	return &XMLDecoder{Decoder: d, name: name}
}

// XMLDecoder wraps an xml.Decoder: Token rejects a DOCTYPE and names the
// line of any error.
type XMLDecoder struct {
	*xml.Decoder
	name string
}

// Token returns the next token, failing on a DOCTYPE.
func (d *XMLDecoder) Token() (xml.Token, error) {
	t, err := d.Decoder.Token()
	if err != nil {
		if err == io.EOF {
			return nil, err
		}
		return nil, d.Errorf("", "XML: %v", err)
	}
	if dir, ok := t.(xml.Directive); ok {
		kw, _, _ := strings.Cut(strings.TrimSpace(string(dir)), " ")
		return nil, d.Errorf("", "XML declaration <!%s ...>: a DOCTYPE or DTD is not accepted", kw)
	}
	return t, nil
}

// Errorf returns an InputError at the decoder's current line.
func (d *XMLDecoder) Errorf(field, format string, args ...any) *InputError {
	line, _ := d.InputPos()
	return Errorf(d.name, line, field, format, args...)
}
