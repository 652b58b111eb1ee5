package oscal

import (
	"regexp"
	"strings"
)

// maxInsertDepth bounds parameter insertion inside selection choices, so
// that parameters that insert each other cannot loop.
const maxInsertDepth = 8

var (
	// insertRE matches a parameter insertion placeholder, with any space
	// before a following punctuation mark (NIST's prose often has
	// "{{ insert: param, x }} ; and").
	insertRE = regexp.MustCompile(`\{\{\s*insert:\s*([\w-]+)\s*,\s*([^\s}]+)\s*\}\}(?:[ \t]+([;,.:)]))?`)
	// mdLinkRE matches a Markdown link in OSCAL JSON prose, such as
	// "[AU-02](#au-2)", with any space before a following punctuation
	// mark ("[CA-3](#ca-3) .").
	mdLinkRE = regexp.MustCompile(`\[([^\[\]]*)\]\([^()\s]*\)(?:[ \t]+([;,.:)]))?`)
	// paraRE splits prose into paragraphs at blank lines.
	paraRE = regexp.MustCompile(`\n[ \t\r]*\n`)
	// orgDefinedRE matches labels that already say who defines the value
	// ("organization-defined …", "organizationally-defined …").
	orgDefinedRE = regexp.MustCompile(`(?i)^organi[sz]ation(al|ally)?[- ]defined\b`)
)

// plain renders a label (markup-line): Markdown links reduced to their
// text, white space collapsed.
func plain(s string) string {
	return collapse(mdLinkRE.ReplaceAllString(s, "$1$2"))
}

// collapse trims s and replaces each run of white space in it with one
// space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// renderer turns OSCAL prose into readable text, replacing parameter
// placeholders the way NIST prints them.
type renderer struct {
	params map[string]*param
}

// prose renders multi-paragraph prose: each paragraph's white space is
// collapsed and paragraphs are separated by a blank line.
func (r *renderer) prose(s string) string {
	return r.text(s, 0)
}

// text renders prose at the given insertion depth.
func (r *renderer) text(s string, depth int) string {
	if s == "" {
		return ""
	}
	var paras []string
	for _, p := range paraRE.Split(s, -1) {
		p = mdLinkRE.ReplaceAllString(p, "$1$2")
		p = insertRE.ReplaceAllStringFunc(p, func(m string) string {
			sub := insertRE.FindStringSubmatch(m)
			return r.insert(sub[1], sub[2], depth) + sub[3]
		})
		if p = collapse(p); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}

// insert renders one insertion placeholder.
func (r *renderer) insert(kind, id string, depth int) string {
	p := r.params[id]
	if kind != "param" || p == nil {
		return "[" + id + "]"
	}
	if p.Select != nil {
		if depth >= maxInsertDepth {
			return "[Selection]"
		}
		return r.selection(p.Select, depth+1)
	}
	return "[Assignment: " + assignment(p) + "]"
}

// selection renders a select as "[Selection: a; b]" or, when any number
// may be chosen, "[Selection (one or more): a; b]".
func (r *renderer) selection(s *selection, depth int) string {
	head := "Selection"
	if s.HowMany == "one-or-more" {
		head = "Selection (one or more)"
	}
	choices := make([]string, len(s.Choice))
	for i, c := range s.Choice {
		choices[i] = r.text(c, depth)
	}
	return "[" + head + ": " + strings.Join(choices, "; ") + "]"
}

// assignment is the text of an assignment placeholder: the parameter's
// printed label, prefixed with "organization-defined" unless it already
// says who defines it (aggregating SP 800-53 parameters carry the full
// phrase in their label).
func assignment(p *param) string {
	l := printedLabel(p)
	if l == "" {
		return "organization-defined " + p.ID
	}
	if !orgDefinedRE.MatchString(l) {
		l = "organization-defined " + l
	}
	return l
}

// printedLabel is the label NIST prints in an assignment: the usage text
// (SP 800-171 Rev 3), else the SP 800-53 alt-label, else the label.
func printedLabel(p *param) string {
	for _, l := range []string{p.Usage, propValue(p.Props, "alt-label"), p.Label} {
		if l = plain(l); l != "" {
			return l
		}
	}
	return ""
}

// paramLabel is a parameter's label for Parameter.Label: its rendered
// selection, else its label, usage or alt-label.
func (r *renderer) paramLabel(p *param) string {
	if p.Select != nil {
		return r.selection(p.Select, 1)
	}
	for _, l := range []string{p.Label, p.Usage, propValue(p.Props, "alt-label")} {
		if l = plain(l); l != "" {
			return l
		}
	}
	return ""
}

// statement renders a statement part as readable text: its own prose,
// then one line per item with its label ("a. ...", "1. ..."), nested
// items indented by two spaces per level.
func (r *renderer) statement(p *part) string {
	var lines []string
	if t := r.prose(p.Prose); t != "" {
		lines = append(lines, t)
	}
	r.items(p.Parts, 0, &lines)
	return strings.Join(lines, "\n")
}

func (r *renderer) items(parts []part, level int, lines *[]string) {
	indent := strings.Repeat("  ", level)
	for i := range parts {
		it := &parts[i]
		if it.Name != "item" {
			continue
		}
		text := r.prose(it.Prose)
		if label := itemLabel(chooseLabel(it.Props)); label != "" {
			text = strings.TrimSpace(label + " " + text)
		}
		text = strings.ReplaceAll(text, "\n\n", "\n"+indent+"  ")
		*lines = append(*lines, indent+text)
		r.items(it.Parts, level+1, lines)
	}
}

// itemLabel returns the label of a statement item as NIST prints it.
// Labels that are already printable ("a.", "1.", "(a)") are kept;
// SP 800-171 Rev 3 labels such as "SR-03.01.01.a" or "SR-03.01.01.a.01"
// become their last segment, "a." or "1.".
func itemLabel(l string) string {
	if l == "" || strings.HasSuffix(l, ".") || strings.HasSuffix(l, ")") {
		return l
	}
	i := strings.LastIndexByte(l, '.')
	if i < 0 {
		return l
	}
	seg := l[i+1:]
	if isDigits(seg) {
		seg = strings.TrimLeft(seg, "0")
		if seg == "" {
			seg = "0"
		}
	}
	return seg + "."
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isLetters(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// chooseLabel picks the label prop to use as an identifier: one without
// a class first (SP 800-53 "AC-2(1)"), then any that is not
// "zero-padded", then any.
func chooseLabel(props []prop) string {
	var other, padded string
	for _, p := range props {
		if p.Name != "label" {
			continue
		}
		switch {
		case p.Class == "":
			return p.Value
		case p.Class != "zero-padded" && other == "":
			other = p.Value
		case padded == "":
			padded = p.Value
		}
	}
	if other != "" {
		return other
	}
	return padded
}
