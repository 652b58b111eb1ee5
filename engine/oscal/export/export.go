// Package export writes mamori's verdicts and catalogues as NIST OSCAL
// 1.1.3 JSON: assessment results and a plan of action and milestones
// (POA&M) from a verdict and its evidence, and an OSCAL catalog from a
// catalogue, which both documents refer to.
//
// Every UUID is a version 5 (name-based) UUID: a document's elements are
// named after the verdict's SHA-256 (or the catalogue's content) and
// what they stand for ("finding", "3.1.1"), so two exports of one verdict
// are byte-identical, and an element keeps its UUID from one document to
// the other (the POA&M's findings are the assessment results' findings).
// Dates are the verdict's calendar dates, written as midnight UTC; no
// clock is read. What OSCAL has no field for is carried in properties in
// oscal.MamoriNamespace, listed in docs/oscal.md.
//
// The documents are built from OSCAL's own models (model.go) and written
// by encoding/json; the package does no file or network I/O.
package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/google/uuid"
	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/engine/oscal"
)

// OSCALVersion is the OSCAL version of the documents written.
const OSCALVersion = "1.1.3"

// NS is the namespace of mamori's properties and parts.
const NS = oscal.MamoriNamespace

// UUIDNamespace is the namespace of every UUID mamori derives: the
// version 5 UUID of NS in the URL namespace of RFC 9562,
// 8448349b-dd91-5f84-9515-f9e10441f067.
var UUIDNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte(NS))

// Input is what the assessment results and the POA&M are made from.
type Input struct {
	// Verdict is the verdict to export, with its per-requirement detail.
	Verdict *engine.Verdict
	// Evidence is the evidence set the verdict assessed. It gives the
	// facts, the POA&M items, the scope and the exceptions; nil leaves
	// them out.
	Evidence *evidence.Evidence
	// Catalog is the catalogue the verdict was assessed against.
	Catalog *engine.Catalog
	// VerdictSHA256 is the hex SHA-256 of the verdict's compact JSON (as
	// engine.WriteVerdictJSON writes it without indent, less the final
	// newline): the digest a signed verdict binds. Empty computes it.
	VerdictSHA256 string
	// Lang is the language of the text mamori writes: en (the default)
	// or ja. Text from the evidence stays as it was written.
	Lang string
}

// VerdictSHA256 is the hex SHA-256 of v's compact JSON, as a signed
// verdict binds it.
func VerdictSHA256(v *engine.Verdict) (string, error) {
	var buf bytes.Buffer
	if err := engine.WriteVerdictJSON(&buf, v, ""); err != nil {
		return "", err
	}
	sum := sha256.Sum256(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return hex.EncodeToString(sum[:]), nil
}

// ErrNoPOAMItems is returned by NewPOAM when the evidence has no POA&M item
// and the verdict no gap: an OSCAL POA&M needs at least one item.
var ErrNoPOAMItems = errors.New("nothing to put on a POA&M: the evidence has no POA&M item and every requirement is implemented")

// WriteJSON writes doc as indented JSON followed by a newline, without
// HTML escaping.
func WriteJSON(w io.Writer, doc any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// WriteYAML writes doc in OSCAL's YAML form: the same tree as the JSON,
// in the same order, as block YAML.
func WriteYAML(w io.Writer, doc any) error {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, doc); err != nil {
		return err
	}
	// JSON is YAML: yaml.v3 reads it into nodes that keep the order and
	// the type of every value, and writes them back in block style.
	var root yaml.Node
	if err := yaml.Unmarshal(buf.Bytes(), &root); err != nil {
		return err
	}
	blockStyle(&root)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&root); err != nil {
		return err
	}
	return enc.Close()
}

// blockStyle clears the flow and quoting styles that JSON's syntax gave
// the nodes; the encoder quotes a string again where YAML needs it.
func blockStyle(n *yaml.Node) {
	n.Style = 0
	for _, k := range n.Content {
		blockStyle(k)
	}
}

// ids derives the UUIDs of one document family (one verdict, or one
// catalogue).
type ids struct{ ns uuid.UUID }

// of is the UUID of the element of the given kind named by key.
func (x ids) of(kind string, key ...string) string {
	return uuid.NewSHA1(x.ns, []byte(kind+"\x00"+strings.Join(key, "\x00"))).String()
}

// verdictIDs are the UUIDs of the documents made from one verdict.
func verdictIDs(sha string) ids {
	return ids{uuid.NewSHA1(UUIDNamespace, []byte("verdict\x00"+sha))}
}

// Identifiers of catalogue elements in OSCAL documents. OSCAL ids are
// tokens: they start with a letter or an underscore and hold letters,
// digits, '.', '-' and '_'. mamori's IDs ("3.1.1", "3.1.1[a]",
// "AC-2(3)") become "req-3.1.1", "obj-3.1.1.a" and "req-AC-2_3".

// ControlID is the OSCAL control id of a requirement.
func ControlID(req string) string { return "req-" + token(req) }

// ObjectiveID is the OSCAL part id of an assessment objective.
func ObjectiveID(obj string) string { return "obj-" + token(obj) }

// RequirementObjectiveID is the OSCAL part id of a requirement's
// objective as a whole: the assessment-objective part that holds its
// objectives, which a requirement's finding targets.
func RequirementObjectiveID(req string) string { return "obj-" + token(req) + "_all" }

func statementID(req string) string { return "smt-" + token(req) }
func guidanceID(req string) string  { return "gdn-" + token(req) }
func groupID(fam string) string     { return "fam-" + token(fam) }

// token turns an ID into the tail of an OSCAL token: a bracket opens a
// '.' segment and a parenthesis a '_' one, closing them writes nothing,
// and any other character that a token cannot hold becomes '-'. The
// catalog export fails if two IDs of a catalogue become one token.
func token(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '[':
			b.WriteByte('.')
		case r == '(':
			b.WriteByte('_')
		case r == ']' || r == ')':
		case r == '.' || r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r):
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}

// dateTime writes a calendar date as midnight UTC.
func dateTime(d evidence.Date) string {
	return d.Format("2006-01-02") + "T00:00:00Z"
}

// nsProp is a property in mamori's namespace.
func nsProp(name, value string) Property {
	return Property{Name: name, NS: NS, Value: value}
}

// valueProp is a property in mamori's namespace whose value comes from
// a verdict or its evidence, on one line as OSCAL requires.
func valueProp(name, value string) Property {
	return nsProp(name, oneLine(value))
}

// propValueError says why a value cannot be an OSCAL property value,
// which holds one line without leading or trailing space.
func propValueError(v string) error {
	switch {
	case v == "":
		return errors.New("it is empty")
	case strings.ContainsAny(v, "\r\n"):
		return errors.New("it has a line break")
	case strings.TrimSpace(v) != v:
		return errors.New("it starts or ends with a space")
	}
	return nil
}

// textProp is a property holding text, or an error naming field when
// the text cannot be one.
func textProp(field, name, value, class string) (Property, error) {
	if err := propValueError(value); err != nil {
		return Property{}, fmt.Errorf("%s cannot be an OSCAL property: %w", field, err)
	}
	p := nsProp(name, value)
	p.Class = class
	return p, nil
}
