// Package oscal imports NIST OSCAL catalogs (JSON or XML) into mamori
// catalogues.
//
// Both formats are read into one intermediate model that mirrors the
// OSCAL JSON schema (see model.go); a single conversion then turns that
// model into an engine.Catalog, so a catalog behaves the same whichever
// format it came in. The conversion knows the shapes of the NIST
// SP 800-53 Rev 5 resolved baseline catalogs and the SP 800-171 Rev 3
// catalog (with its SP 800-171A assessment objectives), including the
// v1.0.0 quirk where a requirement's statement sits in a nested
// "security_requirement" control.
//
// The package reads only the bytes it is given; it does no file or
// network I/O.
package oscal

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/mamori-dev/mamori/engine"
)

// Limits on the input that Import accepts.
const (
	// MaxSize is the largest input, in bytes, that Import reads.
	MaxSize = 64 << 20
	// MaxDepth is the deepest JSON or XML nesting that Import reads.
	MaxDepth = 200
)

// DefaultMappingCatalog is the catalogue that SP 800-53 source-control
// links map to when Options.MappingCatalog is empty.
const DefaultMappingCatalog = "nist-sp800-53-r5"

// Options tune an import.
type Options struct {
	// ID is the catalogue ID to assign. If empty, one is derived from
	// the metadata title (lower case, words joined by dashes).
	ID string
	// MappingCatalog is the catalogue ID that source-control links map
	// to (for example "nist-sp800-53-r5-moderate"). Empty means
	// DefaultMappingCatalog.
	MappingCatalog string
}

// Import reads an OSCAL catalog in JSON or XML (told apart by the first
// non-space byte) and returns it as a catalogue. name is the file name
// the data came from; errors name it, and its base name goes into the
// catalogue's Source.
func Import(data []byte, name string, opts Options) (*engine.Catalog, error) {
	cat, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", name, err)
	}
	c, err := convert(cat, name, opts)
	if err == nil {
		err = applyNamespace(cat, c, opts) // a catalog mamori wrote
	}
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", name, err)
	}
	return c, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// parse bounds the input, detects its format and reads it into the
// intermediate model.
func parse(data []byte) (*catalog, error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("input is %d bytes, over the %d MiB limit", len(data), MaxSize>>20)
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	body := bytes.TrimLeft(data, " \t\r\n")
	if len(body) == 0 {
		return nil, errors.New("empty input: expected an OSCAL catalog in JSON or XML")
	}
	switch body[0] {
	case '{':
		return readJSON(body)
	case '<':
		return readXML(body)
	}
	r, _ := utf8.DecodeRune(body)
	return nil, fmt.Errorf("not an OSCAL catalog: expected JSON (starting with '{') or XML (starting with '<'), found %q", r)
}
