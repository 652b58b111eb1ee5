package reports

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	kflate "github.com/klauspost/compress/flate"
)

// A workbook read back (a self-assessment or a site checklist) is
// mostly XML, and reading it through excelize (encoding/xml, then each
// cell's number format parsed again) took three quarters of a workbook
// submission's CPU. xlFastSheets reads the plain workbooks that mamori's
// templates become once filled in (and saved by a spreadsheet
// application), and gives the rows that excelize's Rows and Columns
// give, values formatted as excelize formats them.
// Anything else it declines, and the caller reads the workbook with
// excelize, which also words the errors:
//   - an unusual package: two parts of one name, a workbook other than
//     xl/workbook.xml, shared strings or styles elsewhere than at their
//     usual paths (or named twice), a sheet not named exactly, a part's
//     root element not the one excelize reads (in its namespace), a 1904
//     date system;
//   - a damaged part, read or not: one that does not inflate to its
//     declared size or does not match its checksum (the caller then
//     refuses the workbook, naming the part);
//   - XML with a byte-order mark, another encoding, CDATA, comments,
//     processing instructions, carriage returns, invalid UTF-8 or control
//     characters anywhere, names other than plain ASCII ones, end tags
//     that do not match, an entity other than the five predefined ones
//     and character references, or a namespace prefix on the sheet's
//     elements;
//   - rich or phonetic inline strings, an item, run or inline string
//     with two texts, cell types other than shared and inline strings,
//     formula strings, numbers and booleans, and the _xHHHH_ escapes (a
//     formula's cached value is read, as excelize reads it: no formula
//     is evaluated);
//   - rows or cells out of order, more rows than the limit, a value
//     beyond the column limit;
//   - a styled value whose number format is not General, text (@) or a
//     yyyy-mm-dd date, a date that is not a whole serial day after
//     1900-03-01, or a styled number under General that is not a whole
//     number of at most 11 digits.
//
// The TestFastSheets tests hold it to excelize over the workbooks
// mamori writes, filled, over two saved by LibreOffice and over a table
// of cell kinds and number formats; FuzzFastSheets over mutated rows and
// shared strings.
func xlFastSheets(zr *zip.Reader, names []string, maxRows int) (map[string][][]string, bool) {
	zr.RegisterDecompressor(zip.Deflate, xfInflater)
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		if files[f.Name] != nil {
			return nil, false // two parts of one name
		}
		files[f.Name] = f
	}
	// The parts are read into pooled buffers, which go back when the
	// sheets are read: what is kept of a part is copied out of it.
	var held []*[]byte
	defer func() {
		for _, b := range held {
			xfPartPool.Put(b)
		}
	}()
	done := make(map[string]bool, len(names)+8)
	read := func(name string) ([]byte, bool) {
		f := files[name]
		if f == nil {
			return nil, false
		}
		done[name] = true
		rc, err := f.Open()
		if err != nil {
			return nil, false
		}
		defer rc.Close()
		// The declared sizes were bounded by the caller. The part must
		// inflate to exactly its declared size, and the zip checks its
		// checksum at the end.
		size := int(f.UncompressedSize64)
		var b []byte
		if size <= xfPooledPart {
			p := xfPartPool.Get().(*[]byte)
			held = append(held, p)
			if cap(*p) < size {
				*p = make([]byte, size, max(size, xfPooledPart/16))
			}
			b = (*p)[:size]
		} else {
			b = make([]byte, size)
		}
		if _, err := io.ReadFull(rc, b); err != nil {
			return nil, false
		}
		var one [1]byte
		if n, err := rc.Read(one[:]); n != 0 || err != io.EOF {
			return nil, false
		}
		return b, true
	}

	// The package's relationships name the workbook.
	pkgXML, ok := read("_rels/.rels")
	if !ok {
		return nil, false
	}
	pkgRels, ok := xfRels(pkgXML)
	if !ok {
		return nil, false
	}
	if target, found, ok := xfRelTarget(pkgRels, "/officeDocument"); !found || !ok || strings.TrimPrefix(target, "/") != "xl/workbook.xml" {
		return nil, false
	}
	wb, ok1 := read("xl/workbook.xml")
	wbXML, ok2 := read("xl/_rels/workbook.xml.rels")
	if !ok1 || !ok2 {
		return nil, false
	}
	wbRels, ok := xfRels(wbXML)
	if !ok {
		return nil, false
	}
	sheetPaths, ok := xfSheetPaths(wb, wbRels)
	if !ok {
		return nil, false
	}
	for _, kind := range []string{"/sharedStrings", "/styles"} {
		if t, found, ok := xfRelTarget(wbRels, kind); !ok || (found && xfPartPath(t) != "xl"+kind+".xml") {
			return nil, false
		}
	}

	// The shared strings and the styles may be absent (read as none).
	optional := func(name string) ([]byte, bool) {
		if files[name] == nil {
			return nil, true
		}
		return read(name)
	}
	sstXML, ok1 := optional("xl/sharedStrings.xml")
	stylesXML, ok2 := optional("xl/styles.xml")
	if !ok1 || !ok2 {
		return nil, false
	}
	sst, ok1 := xfSharedStrings(sstXML)
	fmts, ok2 := xfStyles(stylesXML)
	if !ok1 || !ok2 {
		return nil, false
	}
	// A workbook with formulas has a calculation chain, which excelize
	// reads when it opens the workbook and refuses if it is malformed.
	if files["xl/calcChain.xml"] != nil {
		b, ok := read("xl/calcChain.xml")
		if !ok || !xfEachStart(b, "calcChain", func(_, _, _ []byte) bool { return true }) {
			return nil, false
		}
	}

	out := make(map[string][][]string, len(names))
	for _, name := range names {
		p, found := sheetPaths[name]
		if !found {
			return nil, false
		}
		b, found := read(p)
		if !found {
			return nil, false
		}
		rows, ok := xfSheetRows(b, sst, fmts, maxRows)
		if !ok {
			return nil, false
		}
		out[name] = rows
	}
	// The parts not read must be whole too: a damaged workbook is
	// refused, whichever reader reads it.
	if _, err := xlCheckParts(zr, done); err != nil {
		return nil, false
	}
	return out, true
}

// xfPartPool holds the buffers that parts are read into, up to
// xfPooledPart bytes; larger parts get buffers of their own.
var xfPartPool = sync.Pool{New: func() any { return new([]byte) }}

const xfPooledPart = 4 << 20

// xfInflater inflates the parts that xlFastSheets reads with
// klauspost/compress's decoder, which takes about a fifth fewer
// instructions than the standard library's over a filled
// self-assessment, where inflating was half of the read. The decoders
// are pooled, as archive/zip pools its own.
func xfInflater(r io.Reader) io.ReadCloser {
	if f, ok := xfInflaters.Get().(*xfInflate); ok {
		f.dec.(kflate.Resetter).Reset(r, nil)
		f.closed = false
		return f
	}
	return &xfInflate{dec: kflate.NewReader(r)}
}

var xfInflaters sync.Pool

type xfInflate struct {
	dec    io.ReadCloser
	closed bool
}

func (f *xfInflate) Read(p []byte) (int, error) {
	if f.closed {
		return 0, errors.New("inflate: read after close")
	}
	return f.dec.Read(p)
}

// Close returns the decoder to the pool, once.
func (f *xfInflate) Close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	err := f.dec.Close()
	xfInflaters.Put(f)
	return err
}

// xfNumFmt is what a cell style's number format does to a value.
type xfNumFmt uint8

const (
	xfGeneral xfNumFmt = iota // General: strings as they are, whole numbers as they are
	xfText                    // @: strings as they are
	xfDate                    // yyyy-mm-dd
	xfOther                   // anything else: declined
)

// xfScanner walks an XML part tag by tag.
type xfScanner struct {
	b   []byte
	i   int
	bad bool
	// open holds the names of the elements open, so that an end tag
	// that does not match fails as encoding/xml fails it.
	open [][]byte
}

// closed reports whether every element opened was closed.
func (s *xfScanner) closed() bool { return len(s.open) == 0 }

// parent is the name of the element that holds the start tag just
// returned (nil for the root).
func (s *xfScanner) parent(self bool) []byte {
	n := len(s.open)
	if !self {
		n-- // the tag's own element is open
	}
	if n <= 0 {
		return nil
	}
	return s.open[n-1]
}

// xfToken kinds.
const (
	tokStart = iota + 1
	tokEnd
	tokText
	tokEOF
)

// next returns the next token: a start tag (its name, its raw
// attributes and whether it closes itself), an end tag, or the text up
// to the next tag (raw, entities not yet replaced).
func (s *xfScanner) next() (kind int, name, attrs []byte, self bool) {
	if s.i >= len(s.b) {
		return tokEOF, nil, nil, false
	}
	if s.b[s.i] != '<' {
		j := bytes.IndexByte(s.b[s.i:], '<')
		if j < 0 {
			j = len(s.b) - s.i
		}
		text := s.b[s.i : s.i+j]
		s.i += j
		return tokText, text, nil, false
	}
	rest := s.b[s.i+1:]
	if len(rest) == 0 {
		s.bad = true
		return tokEOF, nil, nil, false
	}
	switch rest[0] {
	case '/':
		j := bytes.IndexByte(rest, '>')
		if j < 0 {
			s.bad = true
			return tokEOF, nil, nil, false
		}
		s.i += 1 + j + 1
		name := rest[1:j]
		for len(name) > 0 && xfSpace(name[len(name)-1]) {
			name = name[:len(name)-1]
		}
		if !xfName(name) || len(s.open) == 0 || !bytes.Equal(s.open[len(s.open)-1], name) {
			s.bad = true
			return tokEOF, nil, nil, false
		}
		s.open = s.open[:len(s.open)-1]
		return tokEnd, name, nil, false
	case '!', '?':
		s.bad = true // comments, CDATA, declarations, instructions
		return tokEOF, nil, nil, false
	}
	// The name runs to a space, a slash or the tag's end; the attributes
	// to the first > outside quotes.
	n := 0
	for n < len(rest) && rest[n] != ' ' && rest[n] != '\t' && rest[n] != '\n' && rest[n] != '/' && rest[n] != '>' {
		n++
	}
	if !xfName(rest[:n]) {
		s.bad = true
		return tokEOF, nil, nil, false
	}
	// Most often the first > ends the tag: no single quotes before it,
	// and the double quotes before it paired.
	if j := bytes.IndexByte(rest[n:], '>'); j >= 0 {
		a := rest[n : n+j]
		if bytes.IndexByte(a, '\'') < 0 && bytes.Count(a, []byte{'"'})%2 == 0 {
			if len(a) > 0 && a[len(a)-1] == '/' {
				a, self = a[:len(a)-1], true
			}
			s.i += 1 + n + j + 1
			return s.start(rest[:n], a, self)
		}
	}
	quote := byte(0)
	for j := n; j < len(rest); j++ {
		c := rest[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			a := rest[n:j]
			if len(a) > 0 && a[len(a)-1] == '/' {
				a, self = a[:len(a)-1], true
			}
			s.i += 1 + j + 1
			return s.start(rest[:n], a, self)
		}
	}
	s.bad = true
	return tokEOF, nil, nil, false
}

// start returns a start tag, after checking its attributes (a cell's
// and a row's are checked as they are read) and opening its element.
func (s *xfScanner) start(name, attrs []byte, self bool) (int, []byte, []byte, bool) {
	if string(name) != "c" && string(name) != "row" && !xfAttrsRaw(attrs, nil, nil) {
		s.bad = true
		return tokEOF, nil, nil, false
	}
	if !self {
		s.open = append(s.open, name)
	}
	return tokStart, name, attrs, self
}

// xfAttr returns an attribute's value, entities replaced. ok is false
// when the attributes cannot be read.
func xfAttr(attrs []byte, key string) (val string, found, ok bool) {
	raw, found, ok := xfAttrRaw(attrs, key)
	if !found || !ok {
		return "", found, ok
	}
	val, ok = xfUnescape(raw)
	return val, true, ok
}

// xfAttrRaw returns an attribute's value as written.
func xfAttrRaw(attrs []byte, key string) (raw []byte, found, ok bool) {
	var v [1][]byte
	if !xfAttrsRaw(attrs, []string{key}, v[:]) {
		return nil, false, false
	}
	return v[0], v[0] != nil, true
}

// xfAttrsRaw reads the values of the attributes named by keys, as
// written, in one pass; an absent attribute's value is nil (a present
// empty one is empty, not nil).
func xfAttrsRaw(attrs []byte, keys []string, vals [][]byte) bool {
	i := 0
	for {
		for i < len(attrs) && xfSpace(attrs[i]) {
			i++
		}
		if i == len(attrs) {
			return true
		}
		start := i
		for i < len(attrs) && attrs[i] != '=' && !xfSpace(attrs[i]) {
			i++
		}
		name := attrs[start:i]
		if !xfName(name) {
			return false
		}
		for i < len(attrs) && xfSpace(attrs[i]) {
			i++
		}
		if len(name) == 0 || i == len(attrs) || attrs[i] != '=' {
			return false
		}
		i++
		for i < len(attrs) && xfSpace(attrs[i]) {
			i++
		}
		if i == len(attrs) || (attrs[i] != '"' && attrs[i] != '\'') {
			return false
		}
		end := bytes.IndexByte(attrs[i+1:], attrs[i])
		if end < 0 {
			return false
		}
		v := attrs[i+1 : i+1+end : i+1+end]
		i += 1 + end + 1
		// encoding/xml refuses a < in a value, and an entity it does
		// not know.
		if bytes.IndexByte(v, '<') >= 0 {
			return false
		}
		if bytes.IndexByte(v, '&') >= 0 {
			if _, ok := xfUnescapeAppend(nil, v); !ok {
				return false
			}
		}
		for k, key := range keys {
			if len(name) == len(key) && name[0] == key[0] && string(name) == key {
				vals[k] = v
			}
		}
	}
}

func xfSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// xfName reports whether b is an element or attribute name of ASCII
// letters, digits, _, :, . and - that does not start with a digit, . or
// -: the names OOXML uses. encoding/xml refuses some other names, so
// they are declined.
func xfName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == ':':
		case i > 0 && (c >= '0' && c <= '9' || c == '.' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// xfBlank reports whether text is only spaces, tabs and newlines.
func xfBlank(text []byte) bool {
	for _, c := range text {
		if !xfSpace(c) {
			return false
		}
	}
	return true
}

// xfUnescape replaces the predefined entities and character references,
// as encoding/xml does; it declines what encoding/xml would read
// differently or refuse (carriage returns, which it normalises, other
// entities, invalid characters).
func xfUnescape(raw []byte) (string, bool) {
	if bytes.IndexByte(raw, '&') < 0 {
		return string(raw), true
	}
	b, ok := xfUnescapeAppend(make([]byte, 0, len(raw)), raw)
	return string(b), ok
}

// xfTextOK reports whether text is valid UTF-8 without control
// characters other than tabs and newlines. xfPrologue checks every
// part with it.
func xfTextOK(raw []byte) bool {
	ctl := func(b []byte) bool {
		for _, c := range b {
			if c < 0x20 && c != '\t' && c != '\n' {
				return true
			}
		}
		return false
	}
	// Eight bytes at a time: x - 0x20 in each byte sets the high bit of
	// every byte under 0x20 (and at worst of some bytes after one), and
	// &^x leaves out the bytes that had it set. Only the words that may
	// hold one are looked at byte by byte.
	i := 0
	for ; i+8 <= len(raw); i += 8 {
		x := binary.LittleEndian.Uint64(raw[i:])
		if (x-0x2020202020202020)&^x&0x8080808080808080 != 0 && ctl(raw[i:i+8]) {
			return false
		}
	}
	return !ctl(raw[i:]) && utf8.Valid(raw)
}

// xfUnescapeAppend appends raw to dst with its entities replaced (see
// xfUnescape).
func xfUnescapeAppend(dst, raw []byte) ([]byte, bool) {
	for len(raw) > 0 {
		amp := bytes.IndexByte(raw, '&')
		if amp < 0 {
			return append(dst, raw...), true
		}
		dst = append(dst, raw[:amp]...)
		raw = raw[amp+1:]
		semi := bytes.IndexByte(raw, ';')
		if semi <= 0 || semi > 10 {
			return dst, false
		}
		ent := raw[:semi]
		raw = raw[semi+1:]
		switch string(ent) {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "apos":
			dst = append(dst, '\'')
		case "quot":
			dst = append(dst, '"')
		default:
			if len(ent) < 2 || ent[0] != '#' {
				return dst, false
			}
			var n uint64
			var err error
			if ent[1] == 'x' {
				n, err = strconv.ParseUint(string(ent[2:]), 16, 32)
			} else {
				n, err = strconv.ParseUint(string(ent[1:]), 10, 32)
			}
			r := rune(n)
			if err != nil || !xfCharOK(r) {
				return dst, false
			}
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst, true
}

// xfCharOK reports whether r is a character XML 1.0 allows (and one
// that encoding/xml reads back as itself: not a carriage return).
func xfCharOK(r rune) bool {
	return r == '\t' || r == '\n' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// xfPrologue skips an XML declaration that names UTF-8 (or none), and
// the whitespace after it; it declines a byte-order mark and other
// encodings.
func xfPrologue(b []byte) (*xfScanner, bool) {
	if bytes.HasPrefix(b, []byte("<?xml")) {
		end := bytes.Index(b, []byte("?>"))
		if end < 0 {
			return nil, false
		}
		decl := b[len("<?xml"):end]
		if enc, found, ok := xfAttr(decl, "encoding"); !ok || !xfTextOK(decl) || (found && !strings.EqualFold(enc, "utf-8")) {
			return nil, false
		}
		b = b[end+2:]
	}
	// The line break after the declaration is CR LF in Excel's parts.
	b = bytes.TrimLeft(b, " \t\r\n")
	// Text, attribute values and names alike: encoding/xml refuses
	// invalid UTF-8 and control characters wherever they are, and
	// normalises carriage returns (declined).
	if !xfTextOK(b) {
		return nil, false
	}
	return &xfScanner{b: b}, true
}

// xfEachStart calls fn with each start tag of an XML part whose root
// element is root, with the name of the element that holds it, until fn
// returns false or the root ends; it returns false when the part cannot
// be read, its root is another, or fn declined it. (excelize reads these
// parts with encoding/xml's Unmarshal, which reads the first element
// and refuses one of another name.)
func xfEachStart(b []byte, root string, fn func(name, parent, attrs []byte) bool) bool {
	s, ok := xfPrologue(b)
	if !ok {
		return false
	}
	for first := true; ; {
		k, name, attrs, self := s.next()
		switch {
		case s.bad || k == tokEOF:
			return false
		case k == tokStart && first:
			if !xfRoot(name, attrs, root) || !fn(name, nil, attrs) {
				return false
			}
			if self {
				return true
			}
			first = false
		case k == tokStart:
			if !fn(name, s.parent(self), attrs) {
				return false
			}
		case k == tokEnd && s.closed():
			return true
		}
	}
}

// xfNamespaces are the namespaces of the parts' roots, which
// excelize's types name: Unmarshal refuses a root in another.
var xfNamespaces = map[string]string{
	"Relationships": "http://schemas.openxmlformats.org/package/2006/relationships",
	"workbook":      "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
	"styleSheet":    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
	"sst":           "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
	"calcChain":     "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
}

// xfRoot reports whether a part's root element is root, in its
// namespace.
func xfRoot(name, attrs []byte, root string) bool {
	ns, _, ok := xfAttr(attrs, "xmlns")
	return ok && string(name) == root && ns == xfNamespaces[root]
}

// xfRel is a relationship: its type and its target.
type xfRel struct{ typ, target string }

// xfRels reads a relationships part, by ID; it declines external
// targets.
func xfRels(b []byte) (map[string]xfRel, bool) {
	rels := map[string]xfRel{}
	ok := xfEachStart(b, "Relationships", func(name, parent, attrs []byte) bool {
		if string(name) != "Relationship" || string(parent) != "Relationships" {
			return true
		}
		id, _, ok1 := xfAttr(attrs, "Id")
		typ, _, ok2 := xfAttr(attrs, "Type")
		target, _, ok3 := xfAttr(attrs, "Target")
		mode, _, ok4 := xfAttr(attrs, "TargetMode")
		rels[id] = xfRel{typ, target}
		return ok1 && ok2 && ok3 && ok4 && mode == ""
	})
	return rels, ok
}

// xfRelTarget returns the target of the relationships whose type ends
// with kind; ok is false when two of them name different targets (the
// map's order must not choose one).
func xfRelTarget(rels map[string]xfRel, kind string) (target string, found, ok bool) {
	for _, r := range rels {
		if !strings.HasSuffix(r.typ, kind) {
			continue
		}
		if found && r.target != target {
			return "", true, false
		}
		target, found = r.target, true
	}
	return target, found, true
}

// xfPartPath resolves a relationship target of the workbook to a path
// in the archive.
func xfPartPath(target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Join("xl", target)
}

// xfSheetPaths maps the workbook's sheet names to their parts.
func xfSheetPaths(wb []byte, rels map[string]xfRel) (map[string]string, bool) {
	paths := map[string]string{}
	ok := xfEachStart(wb, "workbook", func(name, parent, attrs []byte) bool {
		switch {
		case parent == nil:
			// The sheets' r:id is read by its prefix: the prefix must be
			// the relationships namespace's.
			ns, _, ok := xfAttr(attrs, "xmlns:r")
			return ok && ns == "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
		case string(name) == "workbookPr" && string(parent) == "workbook":
			v, found, ok := xfAttr(attrs, "date1904")
			return ok && (!found || v == "0" || v == "false")
		case string(name) == "sheet" && string(parent) == "sheets":
			sheet, _, ok1 := xfAttr(attrs, "name")
			id, _, ok2 := xfAttr(attrs, "r:id")
			r, found := rels[id]
			if !ok1 || !ok2 || !found {
				return false
			}
			paths[sheet] = xfPartPath(r.target)
		}
		return true
	})
	return paths, ok
}

// xfSharedStrings reads the shared strings: each item's text, then its
// runs' texts; phonetic runs and run properties are skipped.
func xfSharedStrings(b []byte) ([]string, bool) {
	if b == nil {
		return nil, true // no part: no shared strings
	}
	s, ok := xfPrologue(b)
	if !ok {
		return nil, false
	}
	// The items' texts are kept in one string: all (a pooled buffer)
	// holds them one after another, ends where each ends.
	pooled := xfPartPool.Get().(*[]byte)
	all := (*pooled)[:0]
	defer func() {
		if cap(all) <= xfPooledPart {
			*pooled = all[:0]
		}
		xfPartPool.Put(pooled)
	}()
	var ends []int
	var item []byte
	strs := func() []string {
		text := string(all)
		out := make([]string, len(ends))
		from := 0
		for i, e := range ends {
			out[i], from = text[from:e], e
		}
		return out
	}
	// skip: the depth of the elements whose text is skipped (rPh, rPr);
	// inT: inside a t of the item or of a run. excelize keeps the last t
	// of an item or of a run, and puts the item's before its runs', so
	// an item or a run with two, or an item's t after a run, is
	// declined: itemTs and runTs count them.
	skip, inSI, inR, inT, itemTs, runTs, runs := 0, false, false, false, 0, 0, 0
	for first := true; ; first = false {
		k, name, attrs, self := s.next()
		if s.bad || (first && (k != tokStart || !xfRoot(name, attrs, "sst"))) {
			return nil, false // excelize's Unmarshal wants an sst first
		}
		switch k {
		case tokEOF:
			return nil, false
		case tokStart:
			switch {
			case string(name) == "sst" && first:
				if self {
					return nil, true
				}
				if c, found, ok := xfAttr(attrs, "uniqueCount"); ok && found {
					if n, err := strconv.Atoi(c); err == nil && n >= 0 && n <= saMaxSharedStrings {
						ends = make([]int, 0, n)
					}
				}
			case skip > 0:
				if !self {
					skip++
				}
			case string(name) == "si" && !inSI && string(s.parent(self)) == "sst":
				if self {
					ends = append(ends, len(all))
					continue
				}
				if text, found := s.plainItem(); found {
					if item, ok = xfUnescapeAppend(item[:0], text); !ok || bytes.Contains(item, []byte("_x")) {
						return nil, false
					}
					all = append(all, item...)
					ends = append(ends, len(all))
					continue
				}
				inSI, itemTs, runs, item = true, 0, 0, item[:0]
			case string(name) == "t" && inSI && !inT:
				if inR {
					runTs++
				} else {
					itemTs++
				}
				if runTs > 1 || itemTs > 1 || (!inR && runs > 0) {
					return nil, false
				}
				inT = !self
			case string(name) == "r" && inSI && !inR && !inT:
				runs++
				inR, runTs = !self, 0
			case (string(name) == "rPh" || string(name) == "rPr" || string(name) == "phoneticPr") && inSI && !inT:
				if !self {
					skip = 1
				}
			default:
				return nil, false
			}
		case tokEnd:
			switch {
			case skip > 0:
				skip--
			case string(name) == "t" && inT:
				inT = false
			case string(name) == "r" && inR:
				inR = false
			case string(name) == "si" && inSI:
				if bytes.Contains(item, []byte("_x")) {
					return nil, false
				}
				all = append(all, item...)
				ends = append(ends, len(all))
				inSI = false
			case s.closed():
				return strs(), true // the sst ended; Unmarshal reads no further
			}
		case tokText:
			if inT && skip == 0 {
				if item, ok = xfUnescapeAppend(item, name); !ok {
					return nil, false
				}
			}
		}
	}
}

// plainItem reads the rest of a shared string item whose start tag was
// just returned when it is one text alone, <t>text</t></si> or <t
// xml:space="preserve">text</t></si> (most items are), and closes the
// item; otherwise it reads nothing.
func (s *xfScanner) plainItem() (text []byte, found bool) {
	rest := s.b[s.i:]
	var n int
	switch {
	case bytes.HasPrefix(rest, []byte("<t>")):
		n = len("<t>")
	case bytes.HasPrefix(rest, []byte(`<t xml:space="preserve">`)):
		n = len(`<t xml:space="preserve">`)
	default:
		return nil, false
	}
	end := bytes.IndexByte(rest[n:], '<')
	if end < 0 || !bytes.HasPrefix(rest[n+end:], []byte("</t></si>")) {
		return nil, false
	}
	s.i += n + end + len("</t></si>")
	s.open = s.open[:len(s.open)-1] // the item's
	return rest[n : n+end], true
}

// saMaxSharedStrings bounds the capacity taken from a declared count.
const saMaxSharedStrings = 1 << 20

// xfStyles reads what each cell style's number format does.
func xfStyles(b []byte) ([]xfNumFmt, bool) {
	if b == nil {
		return nil, true // no part: no styles
	}
	custom := map[int]xfNumFmt{}
	var xfs []xfNumFmt
	ok := xfEachStart(b, "styleSheet", func(name, parent, attrs []byte) bool {
		switch {
		case string(name) == "numFmt" && string(parent) == "numFmts":
			id, _, ok1 := xfAttr(attrs, "numFmtId")
			code, _, ok2 := xfAttr(attrs, "formatCode")
			_, has16, ok3 := xfAttr(attrs, "x16r2:formatCode16")
			n, err := strconv.Atoi(id)
			if !ok1 || !ok2 || !ok3 || has16 || err != nil {
				return false
			}
			// LibreOffice saves General and @ as custom formats too.
			switch code {
			case "General":
				custom[n] = xfGeneral
			case "@":
				custom[n] = xfText
			case "yyyy-mm-dd", `yyyy\-mm\-dd`:
				custom[n] = xfDate
			default:
				custom[n] = xfOther
			}
		case string(name) == "xf" && string(parent) == "cellXfs":
			id, found, ok := xfAttr(attrs, "numFmtId")
			if !ok {
				return false
			}
			f := xfGeneral
			if found {
				n, err := strconv.Atoi(id)
				if err != nil {
					return false
				}
				switch c, isCustom := custom[n]; {
				case isCustom:
					f = c
				case n == 0:
					f = xfGeneral
				case n == 49:
					f = xfText
				default:
					f = xfOther
				}
			}
			xfs = append(xfs, f)
		}
		return true
	})
	return xfs, ok
}

// xfCell is a cell as read: its style, type and value text.
type xfCell struct {
	style    int
	typ      string
	v        []byte // the v element's raw text
	hasV     bool
	hasF     bool // a formula: its cached value is read, as excelize reads it
	inline   []byte
	inlineOK bool // an is element
	inlineT  bool // a t in it
}

// xfSheetRows reads a sheet's rows as xlReadRows reads them with
// excelize: a row for every row up to the last row element (rows without
// an element are empty), each row's values up to its last one that is
// not empty.
func xfSheetRows(b []byte, sst []string, fmts []xfNumFmt, maxRows int) ([][]string, bool) {
	s, ok := xfPrologue(b)
	if !ok {
		return nil, false
	}
	// Everything before the sheet's data is skipped.
	for {
		k, name, _, self := s.next()
		if s.bad || k == tokEOF {
			return nil, false
		}
		if k == tokStart && string(name) == "sheetData" {
			if self {
				return nil, true
			}
			break
		}
		if k == tokStart && (string(name) == "row" || string(name) == "c") {
			return nil, false // excelize would read it as a row or a cell
		}
	}
	var rows [][]string
	// The rows' values share one array: a row is the values appended
	// from its start.
	cells := make([]string, 0, 1024)
	start := 0
	var c xfCell
	inRow, inCell, inV, inF, inIS, inT := false, false, false, false, false, false
	rowNum, col := 0, 0
	// cell starts a cell from its start tag's attributes.
	cell := func(ref, st, typ []byte) bool {
		c.style, c.typ, c.v, c.hasV, c.hasF, c.inlineOK, c.inlineT = 0, "", c.v[:0], false, false, false, false
		c.inline = c.inline[:0]
		next := col + 1
		if ref != nil {
			cc, rr, ok := xfCellRef(ref)
			if !ok || rr != rowNum || cc <= col {
				return false
			}
			next = cc
		}
		col = next
		if st != nil {
			v, ok := xfUint(st)
			if !ok || v >= len(fmts) {
				return false
			}
			c.style = v
		}
		c.typ = xfCellType(typ)
		return true
	}
	for {
		// Nearly every cell's start tag is in one plain form, read here
		// without the scanner's general checks.
		if inRow && !inCell {
			if ref, st, typ, self, found := s.cellTag(); found {
				if !cell(ref, st, typ) {
					return nil, false
				}
				if !self && !s.valueOnly(&c) {
					inCell = true
					continue
				}
				if cells, ok = xfAppend(cells, start, &c, col, sst, fmts); !ok {
					return nil, false
				}
				continue
			}
		}
		k, name, attrs, self := s.next()
		if s.bad || k == tokEOF {
			return nil, false
		}
		switch k {
		case tokText:
			switch {
			case inV:
				c.v = append(c.v, name...)
			case inF: // the formula itself is not read
			case inT:
				if c.inline, ok = xfUnescapeAppend(c.inline, name); !ok {
					return nil, false
				}
			case !xfBlank(name):
				return nil, false
			}
		case tokStart:
			switch {
			case string(name) == "row" && !inRow:
				r, found, ok := xfAttrRaw(attrs, "r")
				if !ok {
					return nil, false
				}
				next := rowNum + 1
				if found {
					v, ok := xfUint(r)
					if !ok || v <= rowNum {
						return nil, false
					}
					next = v
				}
				if next > maxRows {
					return nil, false
				}
				for rowNum < next-1 {
					rows = append(rows, nil)
					rowNum++
				}
				rowNum, col, start = next, 0, len(cells)
				if self {
					rows = append(rows, nil)
				} else {
					inRow = true
				}
			case string(name) == "c" && inRow && !inCell:
				var a [3][]byte // r, s, t
				if !xfAttrsRaw(attrs, xfCellAttrs, a[:]) || !cell(a[0], a[1], a[2]) {
					return nil, false
				}
				switch {
				case self:
				case s.valueOnly(&c):
					// The cell's value and end tag are read.
				default:
					inCell = true
					continue
				}
				if cells, ok = xfAppend(cells, start, &c, col, sst, fmts); !ok {
					return nil, false
				}
			case string(name) == "v" && inCell && !inV && !inF && !inIS && !c.hasV:
				c.hasV = true
				inV = !self
			case string(name) == "f" && inCell && !inV && !inF && !inIS && !c.hasF:
				c.hasF = true
				inF = !self
			case string(name) == "is" && inCell && !inV && !inF && !inIS && !c.inlineOK:
				c.inlineOK = true
				inIS = !self
			case string(name) == "t" && inIS && !inT && !c.inlineT:
				// A second t would be the one excelize keeps: declined.
				c.inlineT = true
				inT = !self
			default:
				return nil, false
			}
		case tokEnd:
			switch {
			case string(name) == "v" && inV:
				inV = false
			case string(name) == "f" && inF:
				inF = false
			case string(name) == "t" && inT:
				inT = false
			case string(name) == "is" && inIS && !inT:
				inIS = false
			case string(name) == "c" && inCell && !inV && !inF && !inIS:
				inCell = false
				if cells, ok = xfAppend(cells, start, &c, col, sst, fmts); !ok {
					return nil, false
				}
			case string(name) == "row" && inRow && !inCell:
				inRow = false
				var row []string
				if len(cells) > start {
					row = cells[start:len(cells):len(cells)]
				}
				rows = append(rows, row)
			case string(name) == "sheetData" && !inRow:
				return rows, true
			default:
				return nil, false
			}
		}
	}
}

// valueOnly reads the rest of a cell whose start tag was just returned
// when it is a value alone, <v>text</v></c> (most cells are), and
// closes the cell; otherwise it reads nothing.
func (s *xfScanner) valueOnly(c *xfCell) bool {
	rest := s.b[s.i:]
	if !bytes.HasPrefix(rest, []byte("<v>")) {
		return false
	}
	end := bytes.IndexByte(rest[3:], '<')
	if end < 0 || !bytes.HasPrefix(rest[3+end:], []byte("</v></c>")) {
		return false
	}
	c.v, c.hasV = append(c.v[:0], rest[3:3+end]...), true
	s.i += 3 + end + len("</v></c>")
	s.open = s.open[:len(s.open)-1] // the cell's
	return true
}

// cellTag reads a cell's start tag when it is in the form that
// excelize, Excel and LibreOffice give nearly every cell: <c r="B3"
// s="2" t="s"> or <c r="B3" s="2"/>, the style and the type optional,
// the attributes in that order and separated by one space. Their values
// are then letters and digits, which need none of the checks that
// xfAttrsRaw makes. For any other form it reads nothing and found is
// false.
func (s *xfScanner) cellTag() (ref, st, typ []byte, self, found bool) {
	b := s.b[s.i:]
	if !bytes.HasPrefix(b, []byte(`<c r="`)) {
		return nil, nil, nil, false, false
	}
	i := len(`<c r="`)
	ref, i = xfAlnum(b, i)
	if i >= len(b) || b[i] != '"' {
		return nil, nil, nil, false, false
	}
	i++
	if bytes.HasPrefix(b[i:], []byte(` s="`)) {
		if st, i = xfAlnum(b, i+len(` s="`)); i >= len(b) || b[i] != '"' {
			return nil, nil, nil, false, false
		}
		i++
	}
	if bytes.HasPrefix(b[i:], []byte(` t="`)) {
		if typ, i = xfAlnum(b, i+len(` t="`)); i >= len(b) || b[i] != '"' {
			return nil, nil, nil, false, false
		}
		i++
	}
	switch {
	case bytes.HasPrefix(b[i:], []byte("/>")):
		s.i += i + 2
		return ref, st, typ, true, true
	case i < len(b) && b[i] == '>':
		s.i += i + 1
		s.open = append(s.open, xfCellName)
		return ref, st, typ, false, true
	}
	return nil, nil, nil, false, false
}

var xfCellName = []byte("c")

// xfAlnum returns the ASCII letters and digits of b from i, and the
// index after them.
func xfAlnum(b []byte, i int) ([]byte, int) {
	j := i
	for j < len(b) && (b[j] >= '0' && b[j] <= '9' || b[j] >= 'A' && b[j] <= 'Z' || b[j] >= 'a' && b[j] <= 'z') {
		j++
	}
	return b[i:j:j], j
}

// xfCellAttrs are the attributes of a cell that are read.
var xfCellAttrs = []string{"r", "s", "t"}

// xfCellRef splits a reference like AB12 into its column and row
// numbers.
func xfCellRef(ref []byte) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
		if i > 3 {
			return 0, 0, false
		}
	}
	if i == 0 {
		return 0, 0, false
	}
	row, ok = xfUint(ref[i:])
	return col, row, ok && row > 0
}

// xfUint reads a decimal number of at most 9 digits, without a sign or
// leading zeros.
func xfUint(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 || (b[0] == '0' && len(b) > 1) {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// xfCellType returns a cell's type attribute as one of the known
// strings, without allocating.
func xfCellType(t []byte) string {
	for _, k := range []string{"", "s", "n", "b", "str", "inlineStr"} {
		if string(t) == k {
			return k
		}
	}
	return "?"
}

// xfAppend appends a cell's value to its row (the cells from start),
// after empty values up to its column, unless it is empty and not a
// formula's.
func xfAppend(cells []string, start int, c *xfCell, col int, sst []string, fmts []xfNumFmt) ([]string, bool) {
	v, ok := xfValue(c, sst, fmts)
	if !ok || (v == "" && !c.hasF) {
		return cells, ok
	}
	if col > xlMaxCols {
		return cells, false // excelize's reading words the error
	}
	for len(cells)-start < col-1 {
		cells = append(cells, "")
	}
	return append(cells, v), true
}

// xfValue is a cell's value as excelize formats it.
func xfValue(c *xfCell, sst []string, fmts []xfNumFmt) (string, bool) {
	f := xfGeneral
	if c.style > 0 {
		f = fmts[c.style]
	}
	str := func(v string) (string, bool) {
		return v, c.style == 0 || f == xfGeneral || f == xfText || f == xfDate
	}
	if c.typ == "s" {
		if len(c.v) == 0 {
			return str("")
		}
		i, ok := xfUint(c.v)
		if !ok || i >= len(sst) {
			return "", false
		}
		return str(sst[i])
	}
	var raw string
	if c.hasV {
		var ok bool
		if raw, ok = xfUnescape(c.v); !ok {
			return "", false
		}
	}
	switch c.typ {
	case "inlineStr":
		if !c.inlineOK {
			return str(raw)
		}
		if bytes.Contains(c.inline, []byte("_x")) {
			return "", false
		}
		return str(string(c.inline))
	case "str":
		return raw, true
	case "b":
		switch raw {
		case "1":
			return "TRUE", true
		case "0":
			return "FALSE", true
		}
		return "", false
	case "", "n":
		if raw == "" {
			return str("")
		}
		if strings.Contains(raw, "_") {
			return "", false
		}
		x, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return "", false
		}
		v := strconv.FormatFloat(x, 'f', -1, 64)
		if len(v)-strings.Count(v, ".") > 15 {
			v = strconv.FormatFloat(x, 'G', 15, 64)
		}
		if c.style == 0 {
			return v, true
		}
		switch f {
		case xfGeneral:
			return v, xfWhole(v, 11)
		case xfDate:
			// Whole days after the 1900 system's false leap day, up to
			// 9999-12-31.
			if !xfWhole(v, 7) {
				return "", false
			}
			n, _ := strconv.Atoi(v)
			if n < 61 || n > 2958465 {
				return "", false
			}
			return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n).Format("2006-01-02"), true
		}
	}
	return "", false
}

// xfWhole reports whether v is a whole number of at most max digits,
// without a sign or leading zeros.
func xfWhole(v string, max int) bool {
	if v == "" || len(v) > max || (v[0] == '0' && v != "0") {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}
