package oscal

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Namespace is the XML namespace of OSCAL documents.
const Namespace = "http://csrc.nist.gov/ns/oscal/1.0"

// xnode is an XML element, or (with an empty name) a run of text, in a
// generic tree that keeps mixed content in document order.
type xnode struct {
	name  string // local name; empty for text
	attrs []xml.Attr
	kids  []*xnode
	text  string
}

// attr returns the value of the attribute with the given local name.
func (n *xnode) attr(name string) string {
	for _, a := range n.attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// elems returns the child elements with the given local name.
func (n *xnode) elems(name string) []*xnode {
	var out []*xnode
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// elem returns the first child element with the given local name, or nil.
func (n *xnode) elem(name string) *xnode {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// readXML reads an OSCAL catalog in XML.
func readXML(data []byte) (*catalog, error) {
	root, ns, err := parseXMLTree(data)
	if err != nil {
		return nil, err
	}
	if root.name != "catalog" {
		return nil, notCatalog([]string{root.name}, "<catalog> root element")
	}
	if ns != Namespace && ns != "" {
		return nil, fmt.Errorf("not an OSCAL catalog: <catalog> is in namespace %q, expected %q", ns, Namespace)
	}
	return xmlCatalog(root), nil
}

// parseXMLTree reads an XML document into an xnode tree, bounding its
// depth. It returns the root element and the root's namespace.
func parseXMLTree(data []byte) (*xnode, string, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []*xnode
	var root *xnode
	var rootNS string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, "", fmt.Errorf("invalid XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= MaxDepth {
				line, _ := dec.InputPos()
				return nil, "", fmt.Errorf("XML nested deeper than %d levels at line %d", MaxDepth, line)
			}
			n := &xnode{name: t.Name.Local, attrs: t.Attr}
			if len(stack) == 0 {
				if root != nil {
					return nil, "", errors.New("invalid XML: more than one root element")
				}
				root, rootNS = n, t.Name.Space
			} else {
				parent := stack[len(stack)-1]
				parent.kids = append(parent.kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.kids = append(parent.kids, &xnode{text: string(t)})
			}
		}
	}
	if root == nil {
		return nil, "", errors.New("invalid XML: no root element")
	}
	if len(stack) > 0 {
		return nil, "", fmt.Errorf("invalid XML: unexpected end of input inside <%s>", stack[len(stack)-1].name)
	}
	return root, rootNS, nil
}

// xmlCatalog maps a <catalog> element onto the model.
func xmlCatalog(n *xnode) *catalog {
	c := &catalog{UUID: n.attr("uuid")}
	if m := n.elem("metadata"); m != nil {
		c.Metadata = metadata{
			Title:        inlineText(m.elem("title")),
			Published:    inlineText(m.elem("published")),
			LastModified: inlineText(m.elem("last-modified")),
			Version:      inlineText(m.elem("version")),
			Props:        xmlProps(m),
		}
	}
	c.Params = xmlParams(n)
	c.Controls = xmlControls(n)
	c.Groups = xmlGroups(n)
	if bm := n.elem("back-matter"); bm != nil {
		c.BackMatter = &backMatter{}
		for _, r := range bm.elems("resource") {
			c.BackMatter.Resources = append(c.BackMatter.Resources,
				resource{UUID: r.attr("uuid"), Title: inlineText(r.elem("title"))})
		}
	}
	return c
}

func xmlGroups(n *xnode) []group {
	var out []group
	for _, g := range n.elems("group") {
		out = append(out, group{
			ID:       g.attr("id"),
			Class:    g.attr("class"),
			Title:    inlineText(g.elem("title")),
			Params:   xmlParams(g),
			Props:    xmlProps(g),
			Parts:    xmlParts(g),
			Groups:   xmlGroups(g),
			Controls: xmlControls(g),
		})
	}
	return out
}

func xmlControls(n *xnode) []control {
	var out []control
	for _, c := range n.elems("control") {
		out = append(out, control{
			ID:       c.attr("id"),
			Class:    c.attr("class"),
			Title:    inlineText(c.elem("title")),
			Params:   xmlParams(c),
			Props:    xmlProps(c),
			Links:    xmlLinks(c),
			Parts:    xmlParts(c),
			Controls: xmlControls(c),
		})
	}
	return out
}

func xmlParams(n *xnode) []param {
	var out []param
	for _, p := range n.elems("param") {
		prm := param{
			ID:    p.attr("id"),
			Class: p.attr("class"),
			Props: xmlProps(p),
			Label: inlineText(p.elem("label")),
			Usage: blockText(p.elem("usage")),
		}
		for _, g := range p.elems("guideline") {
			prm.Guidelines = append(prm.Guidelines, guideline{Prose: blockText(g)})
		}
		for _, v := range p.elems("value") {
			prm.Values = append(prm.Values, inlineText(v))
		}
		if s := p.elem("select"); s != nil {
			prm.Select = &selection{HowMany: s.attr("how-many")}
			for _, ch := range s.elems("choice") {
				prm.Select.Choice = append(prm.Select.Choice, inlineText(ch))
			}
		}
		out = append(out, prm)
	}
	return out
}

func xmlParts(n *xnode) []part {
	var out []part
	for _, p := range n.elems("part") {
		out = append(out, part{
			ID:    p.attr("id"),
			Name:  p.attr("name"),
			NS:    p.attr("ns"),
			Class: p.attr("class"),
			Title: inlineText(p.elem("title")),
			Props: xmlProps(p),
			Prose: blockText(p),
			Parts: xmlParts(p),
			Links: xmlLinks(p),
		})
	}
	return out
}

func xmlProps(n *xnode) []prop {
	var out []prop
	for _, p := range n.elems("prop") {
		out = append(out, prop{Name: p.attr("name"), NS: p.attr("ns"), Value: p.attr("value"), Class: p.attr("class")})
	}
	return out
}

func xmlLinks(n *xnode) []link {
	var out []link
	for _, l := range n.elems("link") {
		out = append(out, link{Href: l.attr("href"), Rel: l.attr("rel"), Text: inlineText(l)})
	}
	return out
}

// blockElements are the OSCAL markup-multiline elements that make
// paragraphs of prose.
var blockElements = map[string]bool{
	"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"pre": true, "li": true, "tr": true,
}

// containerElements hold block elements (lists, tables, quotes).
var containerElements = map[string]bool{
	"ul": true, "ol": true, "table": true, "thead": true, "tbody": true, "blockquote": true,
}

// blockText renders the markup-multiline prose that n holds directly
// (its paragraphs, lists and tables, not its child parts) as paragraphs
// separated by a blank line.
func blockText(n *xnode) string {
	if n == nil {
		return ""
	}
	var paras []string
	var walk func(n *xnode)
	walk = func(n *xnode) {
		for _, k := range n.kids {
			switch {
			case blockElements[k.name]:
				if t := inlineText(k); t != "" {
					paras = append(paras, t)
				}
			case containerElements[k.name]:
				walk(k)
			}
		}
	}
	walk(n)
	return strings.Join(paras, "\n\n")
}

// inlineText renders markup-line content: text with inline markup
// flattened, inserts as "{{ insert: TYPE, ID }}" placeholders, and runs
// of white space collapsed.
func inlineText(n *xnode) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	writeInline(&b, n)
	return collapse(b.String())
}

func writeInline(b *strings.Builder, n *xnode) {
	for _, k := range n.kids {
		switch k.name {
		case "":
			b.WriteString(k.text)
		case "insert":
			fmt.Fprintf(b, "{{ insert: %s, %s }}", k.attr("type"), k.attr("id-ref"))
		case "q":
			b.WriteByte('"')
			writeInline(b, k)
			b.WriteByte('"')
		case "br":
			b.WriteByte(' ')
		default: // em, strong, b, i, a, code, sub, sup, span, td, th ...
			writeInline(b, k)
			if k.name == "td" || k.name == "th" {
				b.WriteByte(' ')
			}
		}
	}
}
