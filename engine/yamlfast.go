package engine

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// fastTree builds the node tree of a YAML document written in the plain
// block style that evidence files use, several times faster than the
// YAML parser: block mappings and sequences, single-line plain and
// double-quoted scalars, one-line flow sequences of such scalars,
// literal and folded scalars of evenly indented lines, and comments.
// It declines (ok false) anything else, such as single-quoted scalars,
// escapes, flow mappings, anchors, tags, tabs, multi-line plain or
// quoted scalars, empty values, several documents or a syntax error;
// parseTree then uses the YAML parser, which reads everything and
// explains errors. A tree it returns is the one the YAML parser
// builds, node for node (kind, style, tag, value, line and column;
// comments are left out): TestFastTreeMatchesParser and
// FuzzFastTree hold it to that.
func fastTree(data []byte) (*yaml.Node, bool) {
	lines, raw, ok := fastLines(data)
	if !ok || len(lines) == 0 {
		return nil, false
	}
	p := &fastParser{lines: lines, raw: raw}
	first := lines[0]
	root, ok := p.block(first.indent)
	if !ok || p.i != len(lines) {
		return nil, false
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Line: root.Line, Column: root.Column, Content: []*yaml.Node{root}}, true
}

// fastLine is a line with content: its number, its indentation in
// spaces, and the text after it.
type fastLine struct {
	n        int
	indent   int
	text     string
	trailing bool // the line ended in spaces, trimmed from text
}

// fastLines splits data into lines with content, leaving out blank and
// comment lines, and returns every line as well (the last one empty when
// data ends in a line break). It declines text the subset does not
// cover anywhere: a byte order mark, tabs, carriage returns, characters
// that YAML does not allow, invalid UTF-8, and document markers and
// directives.
func fastLines(data []byte) ([]fastLine, []string, bool) {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n') || c == 0x7f {
				return nil, nil, false
			}
			i++
			continue
		}
		if c >= 0xE3 && c <= 0xEC && i+2 < len(data) && data[i+1]&0xC0 == 0x80 && data[i+2]&0xC0 == 0x80 {
			i += 3 // U+3000 to U+CFFF (kana and kanji among them): all printable
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if !yamlPrintable(r) {
			return nil, nil, false
		}
		i += size
	}
	raw := strings.Split(string(data), "\n")
	lines := make([]fastLine, 0, len(raw))
	for i, line := range raw {
		text := strings.TrimLeft(line, " ")
		if text == "" || text[0] == '#' {
			continue
		}
		if strings.HasPrefix(line, "---") || strings.HasPrefix(line, "...") || line[0] == '%' {
			return nil, nil, false
		}
		trimmed := strings.TrimRight(text, " ")
		lines = append(lines, fastLine{n: i + 1, indent: len(line) - len(text), text: trimmed, trailing: len(trimmed) < len(text)})
	}
	return lines, raw, true
}

// yamlPrintable reports whether YAML allows r (beyond ASCII) in a
// document as an ordinary character: the byte order mark and the
// characters the YAML parser takes for line breaks (NEL, LS, PS) are
// declined too.
func yamlPrintable(r rune) bool {
	switch {
	case r == utf8.RuneError, r == 0x2028, r == 0x2029:
		return false
	case r >= 0xA0 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return r != 0xFEFF
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

type fastParser struct {
	lines []fastLine
	raw   []string // every line of the document
	i     int
	nodes []yaml.Node // allocated a block at a time
}

// node returns a new node set to v.
func (p *fastParser) node(v yaml.Node) *yaml.Node {
	if len(p.nodes) == 0 {
		p.nodes = make([]yaml.Node, 256)
	}
	n := &p.nodes[0]
	p.nodes = p.nodes[1:]
	*n = v
	return n
}

// block parses the mapping or sequence whose entries are at indent.
func (p *fastParser) block(indent int) (*yaml.Node, bool) {
	if seqItem(p.lines[p.i].text) {
		return p.sequence(indent)
	}
	return p.mapping(indent)
}

func (p *fastParser) mapping(indent int) (*yaml.Node, bool) {
	l := p.lines[p.i]
	m := p.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: l.n, Column: indent + 1})
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < indent {
			break
		}
		if l.indent > indent || seqItem(l.text) {
			return nil, false
		}
		key, at, ok := splitKey(l.text)
		if !ok {
			return nil, false
		}
		k, ok := p.plainScalar(key, l.n, indent+1)
		if !ok {
			return nil, false
		}
		p.i++
		var v *yaml.Node
		if rest := l.text[at:]; rest == "" {
			v, ok = p.nested(indent, true)
		} else {
			v, ok = p.inline(rest, l.n, indent+1+utf8.RuneCountInString(l.text[:at]), indent)
		}
		if !ok {
			return nil, false
		}
		m.Content = append(m.Content, k, v)
	}
	return m, true
}

func (p *fastParser) sequence(indent int) (*yaml.Node, bool) {
	l := p.lines[p.i]
	s := p.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: l.n, Column: indent + 1})
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < indent || (l.indent == indent && !seqItem(l.text)) {
			break
		}
		if l.indent > indent {
			return nil, false
		}
		after := l.text[1:]
		rest := strings.TrimLeft(after, " ")
		at := indent + 1 + len(after) - len(rest) // the item's offset on the line
		var item *yaml.Node
		ok := true
		switch {
		case rest == "" || rest[0] == '#':
			p.i++
			item, ok = p.nested(indent, false)
		case rest[0] != '"' && rest[0] != '[' && isKey(rest):
			// A mapping that starts on the item's line: its entries are
			// indented to where its first key starts.
			p.lines[p.i] = fastLine{n: l.n, indent: at, text: rest}
			item, ok = p.mapping(at)
		default:
			p.i++
			item, ok = p.inline(rest, l.n, at+1, indent)
		}
		if !ok {
			return nil, false
		}
		s.Content = append(s.Content, item)
	}
	return s, true
}

// nested parses the block that is the value of a key or sequence item
// at indent with nothing after it on its line: one indented further or,
// for a key, a sequence at the key's own indent.
func (p *fastParser) nested(indent int, key bool) (*yaml.Node, bool) {
	if p.i == len(p.lines) {
		return nil, false // an empty value
	}
	l := p.lines[p.i]
	switch {
	case l.indent > indent:
		return p.block(l.indent)
	case key && l.indent == indent && seqItem(l.text):
		return p.sequence(indent)
	}
	return nil, false
}

// inline parses a value written on its key's or item's line, at column
// col: a scalar or flow sequence, after which no line may be indented
// past its parent's indent, or the header of a block scalar, whose
// lines those are.
func (p *fastParser) inline(s string, line, col, indent int) (*yaml.Node, bool) {
	switch s {
	case "|", "|-", ">", ">-":
		return p.blockScalar(s, line, col, indent)
	}
	if p.i < len(p.lines) && p.lines[p.i].indent > indent {
		return nil, false // a continuation, or an error
	}
	switch s[0] {
	case '"':
		end := strings.IndexByte(s[1:], '"') + 1
		if end == 0 || strings.IndexByte(s[:end], '\\') >= 0 || !endsValue(s[end+1:]) {
			return nil, false
		}
		return p.node(yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Tag: "!!str", Value: s[1:end], Line: line, Column: col}), true
	case '[':
		end := strings.IndexByte(s, ']')
		if end < 0 || !endsValue(s[end+1:]) {
			return nil, false
		}
		seq := p.node(yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Tag: "!!seq", Line: line, Column: col})
		inner := s[1:end]
		if strings.TrimLeft(inner, " ") == "" {
			return seq, true
		}
		for off := 1; ; {
			item, rest, more := strings.Cut(inner, ",")
			v := strings.Trim(item, " ")
			lead := len(item) - len(strings.TrimLeft(item, " "))
			at := col + utf8.RuneCountInString(s[:off+lead])
			var n *yaml.Node
			ok := true
			if q := strings.TrimPrefix(v, `"`); len(q) < len(v) {
				// A double-quoted item: no escapes, quotes or commas.
				q, ok = strings.CutSuffix(q, `"`)
				if !ok || strings.ContainsAny(q, `"\`) {
					return nil, false
				}
				n = p.node(yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Tag: "!!str", Value: q, Line: line, Column: at})
			} else if !flowPlain(v) {
				return nil, false
			} else if n, ok = p.plainScalar(v, line, at); !ok {
				return nil, false
			}
			seq.Content = append(seq.Content, n)
			if !more {
				return seq, true
			}
			off += len(item) + 1
			inner = rest
		}
	}
	v := s
	if i := strings.Index(s, " #"); i >= 0 {
		v = strings.TrimRight(s[:i], " ")
	}
	if strings.Contains(v, ": ") || strings.HasSuffix(v, ":") {
		return nil, false
	}
	return p.plainScalar(v, line, col)
}

// flowPlain reports whether v is a plain item the subset takes in a
// flow sequence: letters, digits, spaces and "-_./+" (identifiers such
// as KD-03), no character that means something in a flow.
func flowPlain(v string) bool {
	if v == "" {
		return false
	}
	for _, r := range v {
		if r < utf8.RuneSelf && !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune(" -_./+", r)) {
			return false
		}
	}
	return true
}

// blockScalar parses a literal (|) or folded (>) scalar, clipped or
// stripped (-), whose header is at col on line and whose parent is at
// indent. The subset takes only lines at one indentation, with no
// trailing spaces, starting on the next line, and no blank or comment
// line among them or right after them: a blank line is content and
// more indentation changes the folding, and a line starting with "#"
// there would be text, not a comment.
func (p *fastParser) blockScalar(header string, line, col, indent int) (*yaml.Node, bool) {
	if p.i == len(p.lines) {
		return nil, false
	}
	ci, last := p.lines[p.i].indent, line
	if ci <= indent {
		return nil, false
	}
	var b strings.Builder
	for ; p.i < len(p.lines) && p.lines[p.i].indent > indent; p.i++ {
		l := p.lines[p.i]
		if l.indent != ci || l.n != last+1 || l.trailing {
			return nil, false
		}
		if b.Len() > 0 {
			if header[0] == '>' {
				b.WriteByte(' ')
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(l.text)
		last = l.n
	}
	// What follows is the next line with content, or the end of a
	// document that ends in a line break.
	next := len(p.raw)
	if p.i < len(p.lines) {
		next = p.lines[p.i].n
	} else if p.raw[len(p.raw)-1] != "" {
		return nil, false
	}
	for _, r := range p.raw[last : next-1] {
		if r != "" {
			return nil, false
		}
	}
	if len(header) == 1 { // clipped: the final line break is kept
		b.WriteByte('\n')
	}
	style := yaml.LiteralStyle
	if header[0] == '>' {
		style = yaml.FoldedStyle
	}
	return p.node(yaml.Node{Kind: yaml.ScalarNode, Style: style, Tag: "!!str", Value: b.String(), Line: line, Column: col}), true
}

// endsValue reports whether what follows a quoted scalar or a flow
// sequence on its line is nothing, or a comment after a space.
func endsValue(s string) bool {
	t := strings.TrimLeft(s, " ")
	return s == "" || (len(t) < len(s) && strings.HasPrefix(t, "#"))
}

// plainScalar makes the node of a plain scalar, tagged as the YAML
// parser resolves it. It declines a scalar that starts with an
// indicator, as the subset does not need to tell them apart, and the
// merge key "<<", which the parser tags apart.
func (p *fastParser) plainScalar(v string, line, col int) (*yaml.Node, bool) {
	if v == "" || v == "<<" || strings.IndexByte("-?:,[]{}#&*!|>'\"%@`", v[0]) >= 0 {
		return nil, false
	}
	n := p.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Line: line, Column: col})
	if mayResolve(v) {
		n.Tag = ""
		n.Tag = n.ShortTag()
	}
	return n, true
}

// mayResolve reports whether the parser might resolve a plain scalar to
// something other than a string. Its null, boolean, number, timestamp
// and merge values all start with one of "+-.0123456789yYnNtTfFoO~" (its
// resolve table) and are written with ASCII letters, digits and
// "_+-.:~ " only; anything else is a string, without the parser's
// attempts at parsing it.
func mayResolve(v string) bool {
	if strings.IndexByte("+-.0123456789yYnNtTfFoO~", v[0]) < 0 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("_+-.:~ ", c) >= 0) {
			return false
		}
	}
	return true
}

// splitKey splits "key: value" into the key and the offset of the value
// (the line's length when there is none, or only a comment).
func splitKey(text string) (key string, at int, ok bool) {
	i := strings.Index(text, ": ")
	switch {
	case i < 0 && strings.HasSuffix(text, ":"):
		return text[:len(text)-1], len(text), keyText(text[:len(text)-1])
	case i < 0:
		return "", 0, false
	}
	key, rest := text[:i], strings.TrimLeft(text[i+2:], " ")
	if rest == "" || rest[0] == '#' {
		return key, len(text), keyText(key)
	}
	return key, len(text) - len(rest), keyText(key)
}

// isKey reports whether a sequence item's text starts a mapping.
func isKey(text string) bool {
	_, _, ok := splitKey(text)
	return ok
}

// keyText reports whether k can be a key here. The YAML parser takes a
// key only within 1,024 characters of its colon; a longer one (in
// bytes, so in characters too) is declined.
func keyText(k string) bool {
	return k != "" && len(k) <= 1000 && !strings.HasSuffix(k, " ") && !strings.Contains(k, " #")
}

// seqItem reports whether a line's text is a block sequence item.
func seqItem(text string) bool {
	return text == "-" || strings.HasPrefix(text, "- ")
}
