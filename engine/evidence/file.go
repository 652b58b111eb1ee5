package evidence

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// MaxInputBytes bounds every user file mamori reads.
const MaxInputBytes = 10 << 20

// ReadFile reads a user's file, refusing one over limit bytes: its size
// is checked as it is read, so a device or pipe named as a file cannot
// run memory out.
func ReadFile(name string, limit int64) ([]byte, error) {
	return ReadFileFS(osFS{}, name, limit)
}

type osFS struct{}

func (osFS) Open(name string) (fs.File, error) { return os.Open(name) }

// ReadFileFS reads a file from fsys, refusing files over limit bytes.
func ReadFileFS(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := int64(512)
	if st, err := f.Stat(); err == nil && st.Size() > limit {
		return nil, &InputError{File: name, Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit", st.Size(), limit)}
	} else if err == nil && st.Size() > 0 {
		size = st.Size() + 1 // +1 to see the end without a second read
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	if int64(len(b)) > limit {
		return nil, &InputError{File: name, Msg: fmt.Sprintf("file is over the %d-byte limit", limit)}
	}
	return b, nil
}

// Format is the notation a document is written in.
type Format int

// Formats of documents. Each is read by one library: JSON by
// encoding/json, YAML by yaml.v3.
const (
	FormatYAML Format = iota
	FormatJSON
)

func (f Format) String() string {
	if f == FormatJSON {
		return "JSON"
	}
	return "YAML"
}

// FormatOf tells a document's format from its file name: .json is JSON,
// .yaml and .yml are YAML. A name with another extension is JSON if its
// first character (after white space and a byte order mark) is "{", and
// YAML otherwise.
func FormatOf(name string, data []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return FormatJSON
	case ".yaml", ".yml":
		return FormatYAML
	}
	b := bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n")
	if len(b) > 0 && b[0] == '{' {
		return FormatJSON
	}
	return FormatYAML
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}
