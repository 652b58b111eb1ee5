// Command csfmap derives controls/gen/csf/nist-csf-sp800-53.yaml, the
// tables that tie SP 800-53 Rev 5 controls to Cybersecurity Framework
// subcategories, from three NIST publications:
//
//   - the Cybersecurity Framework 1.1 to SP 800-53 Rev 5 mapping published
//     with SP 800-53 Rev 5 (csf-pf-to-sp800-53r5-mappings.xlsx, sheet
//     "CSF to SP 800-53r5");
//   - NIST's CSF 2.0 informative reference to SP 800-53 Rev 5.2.0 in the
//     Online Informative References catalogue (OLIR 186,
//     Cybersecurity_Framework_v2-0_Concept_Crosswalk_800-53_5_2_0_draft.xlsx,
//     sheet "Relationships");
//   - the CSF 2.0 core as NIST's Cybersecurity and Privacy Reference Tool
//     exports it (document CSF_2_0_0), whose withdrawn CSF 1.1 elements
//     say where each went in CSF 2.0.
//
// The files are not in the repository. Each is checked against the
// SHA-256 it was derived from, so the derived tables are reproducible:
//
//	go run ./gen/csfmap -csf11 FILE -csf20 FILE -core FILE [-o gen/csf/nist-csf-sp800-53.yaml]
//
// The catalogue generator (controls/gen) reads the derived file; it never
// reads the NIST files.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"
)

// source is one NIST publication the tables come from.
type source struct {
	Title     string `yaml:"title"`
	Publisher string `yaml:"publisher"`
	URL       string `yaml:"url"`
	File      string `yaml:"file"`
	SHA256    string `yaml:"sha256"`
	Part      string `yaml:"part"`
}

var sources = map[string]source{
	"csf_1_1": {
		Title:     "Cybersecurity Framework Version 1.1 to NIST SP 800-53 Revision 5 mapping (with the Privacy Framework mapping)",
		Publisher: "NIST, supplemental material of SP 800-53 Rev. 5 (update 1)",
		URL:       "https://csrc.nist.gov/files/pubs/sp/800/53/r5/upd1/final/docs/csf-pf-to-sp800-53r5-mappings.xlsx",
		File:      "csf-pf-to-sp800-53r5-mappings.xlsx",
		SHA256:    "8b09e8c5bd11dcfa494d2f5beec2d32d98df934285c0214712d020abefc162f1",
		Part:      `sheet "CSF to SP 800-53r5": columns Subcategory and "NIST SP 800-53, Revision 5 Control"`,
	},
	"csf_2_0": {
		Title:     "Cybersecurity Framework v2.0 Concept Crosswalk to SP 800-53 Rev. 5.2.0 (CSF 2.0 informative reference, OLIR 186)",
		Publisher: "NIST, Online Informative References (OLIR) program",
		URL:       "https://csrc.nist.gov/csrc/media/projects/olir/documents/submissions/Cybersecurity_Framework_v2-0_Concept_Crosswalk_800-53_5_2_0_draft.xlsx",
		File:      "Cybersecurity_Framework_v2-0_Concept_Crosswalk_800-53_5_2_0_draft.xlsx",
		SHA256:    "5521fa73ace64d8a3014a7b1e971f0f20d32df5ff5e174632723bda09e7e908f",
		Part:      `sheet "Relationships": columns Focal Document Element (CSF 2.0) and Reference Document Element (SP 800-53)`,
	},
	"csf_2_0_core": {
		Title:     "NIST Cybersecurity Framework 2.0 core, CPRT export of document CSF_2_0_0 (2024-04-24)",
		Publisher: "NIST, Cybersecurity and Privacy Reference Tool",
		URL:       "https://csrc.nist.gov/extensions/nudp/services/json/nudp/framework/version/CSF_2_0_0/export/json?element=all",
		File:      "cprt_CSF_2_0_0_04-24-2024.json",
		SHA256:    "7d4bb7306cc026ab5cbb155f978c1c0c436ca4150f5d6a7cf92fd9f55e7d20c7",
		Part:      "the withdrawn CSF 1.1 subcategories and their incorporated_into and moved_to relationships",
	},
}

// tables is the derived file.
type tables struct {
	Sources map[string]source `yaml:"sources"`
	Notes   []string          `yaml:"notes"`
	// CSF11 maps an SP 800-53 Rev 5 control to the CSF 1.1 subcategories
	// whose informative references name it.
	CSF11 flowMap `yaml:"csf_1_1"`
	// CSF11Policy lists the CSF 1.1 subcategories that reference the
	// policy and procedures control (-1) of every family.
	CSF11Policy []string `yaml:"csf_1_1_policy_controls"`
	// CSF20 maps an SP 800-53 control to the CSF 2.0 subcategories (and
	// the few categories, such as RS.MA) that OLIR 186 relates it to;
	// CSF20Families does the same for whole families.
	CSF20         flowMap `yaml:"csf_2_0"`
	CSF20Families flowMap `yaml:"csf_2_0_families"`
	// CSF11To20 maps each CSF 1.1 subcategory to where CSF 2.0 keeps it:
	// itself (renumbered), or the subcategories it was incorporated into
	// or moved to.
	CSF11To20 flowMap `yaml:"csf_1_1_to_2_0"`

	subcats11 map[string]bool // the CSF 1.1 subcategories
}

func main() {
	csf11 := flag.String("csf11", "", "NIST csf-pf-to-sp800-53r5-mappings.xlsx")
	csf20 := flag.String("csf20", "", "NIST OLIR 186 CSF 2.0 to SP 800-53 Rev 5.2.0 crosswalk (.xlsx)")
	core := flag.String("core", "", "NIST CPRT export of CSF_2_0_0 (.json)")
	out := flag.String("o", "gen/csf/nist-csf-sp800-53.yaml", "output file")
	flag.Parse()
	if *csf11 == "" || *csf20 == "" || *core == "" {
		fmt.Fprintln(os.Stderr, "csfmap: -csf11, -csf20 and -core are required")
		os.Exit(2)
	}
	if err := run(*csf11, *csf20, *core, *out); err != nil {
		fmt.Fprintln(os.Stderr, "csfmap:", err)
		os.Exit(1)
	}
}

func run(csf11, csf20, core, out string) error {
	t := tables{Sources: sources, CSF11: map[string][]string{}, CSF20: map[string][]string{},
		CSF20Families: map[string][]string{}, CSF11To20: map[string][]string{}, subcats11: map[string]bool{}}
	t.Notes = []string{
		"Control IDs are SP 800-53 Rev. 5 labels without zero padding (AC-2(3)); OLIR 186 writes AC-02(03).",
		"A CSF subcategory's function is the two letters before the dot: GV govern, ID identify, PR protect, DE detect, RS respond, RC recover.",
		"csf_1_1_to_2_0 keeps a CSF 1.1 subcategory that CSF 2.0 carries forward under its renumbered ID (ID.AM-1 is ID.AM-01).",
	}
	b, err := readChecked(csf11, "csf_1_1")
	if err != nil {
		return err
	}
	if err := readCSF11(b, &t); err != nil {
		return fmt.Errorf("%s: %w", csf11, err)
	}
	if b, err = readChecked(csf20, "csf_2_0"); err != nil {
		return err
	}
	if err := readCSF20(b, &t); err != nil {
		return fmt.Errorf("%s: %w", csf20, err)
	}
	if b, err = readChecked(core, "csf_2_0_core"); err != nil {
		return err
	}
	if err := readCore(b, &t); err != nil {
		return fmt.Errorf("%s: %w", core, err)
	}
	for _, m := range []flowMap{t.CSF11, t.CSF20, t.CSF20Families, t.CSF11To20} {
		for k, v := range m {
			sort.Strings(v)
			m[k] = slices.Compact(v)
		}
	}
	sort.Strings(t.CSF11Policy)
	var buf bytes.Buffer
	buf.WriteString("# SP 800-53 Rev. 5 controls and NIST Cybersecurity Framework subcategories, derived from\n")
	buf.WriteString("# NIST's published mappings (see sources) by `go run ./gen/csfmap`. Do not edit: rerun it.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&t); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// flowMap is written one key a line, its list in flow style, keys in
// natural order (AC-2 before AC-10).
type flowMap map[string][]string

// MarshalYAML implements yaml.Marshaler.
func (m flowMap) MarshalYAML() (any, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return naturalLess(keys[i], keys[j]) })
	n := &yaml.Node{Kind: yaml.MappingNode}
	for _, k := range keys {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, v := range m[k] {
			seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: v})
		}
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, seq)
	}
	return n, nil
}

var numRE = regexp.MustCompile(`\d+|\D+`)

// naturalLess orders strings with their runs of digits compared as
// numbers.
func naturalLess(a, b string) bool {
	pa, pb := numRE.FindAllString(a, -1), numRE.FindAllString(b, -1)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if pa[i] == pb[i] {
			continue
		}
		var na, nb int
		if _, err := fmt.Sscan(pa[i], &na); err == nil {
			if _, err := fmt.Sscan(pb[i], &nb); err == nil && na != nb {
				return na < nb
			}
		}
		return pa[i] < pb[i]
	}
	return len(pa) < len(pb)
}

func readChecked(path, key string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	if got, want := hex.EncodeToString(sum[:]), sources[key].SHA256; got != want {
		return nil, fmt.Errorf("%s: SHA-256 %s, want %s (%s)", path, got, want, sources[key].File)
	}
	return b, nil
}

var (
	subcat11RE  = regexp.MustCompile(`^([A-Z]{2})\.([A-Z]{2})-(\d+):`)
	element20RE = regexp.MustCompile(`^[A-Z]{2}\.[A-Z]{2}(-\d{2})?$`) // a category or subcategory
	controlRE   = regexp.MustCompile(`^([A-Z]{2})-0*(\d+)(?:\s*\(0*(\d+)\))?$`)
	familyRE    = regexp.MustCompile(`^[A-Z]{2}$`)
)

// control normalises an SP 800-53 control ID: "AC-02(03)" is AC-2(3).
func control(s string) (string, bool) {
	switch m := controlRE.FindStringSubmatch(strings.TrimSpace(s)); {
	case m == nil:
		return "", false
	case m[3] == "":
		return m[1] + "-" + m[2], true
	default:
		return fmt.Sprintf("%s-%s(%s)", m[1], m[2], m[3]), true
	}
}

func rows(b []byte, sheet string) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.GetRows(sheet)
}

func readCSF11(b []byte, t *tables) error {
	rs, err := rows(b, "CSF to SP 800-53r5")
	if err != nil {
		return err
	}
	n := 0
	for i, r := range rs {
		if len(r) < 3 {
			continue
		}
		m := subcat11RE.FindStringSubmatch(strings.TrimSpace(r[2]))
		if m == nil {
			continue
		}
		sub := m[1] + "." + m[2] + "-" + m[3]
		t.subcats11[sub] = true
		n++
		if len(r) < 4 {
			continue
		}
		for _, x := range strings.FieldsFunc(r[3], func(c rune) bool { return c == ',' || c == '\n' || c == ';' }) {
			x = strings.TrimSpace(x)
			switch {
			case x == "":
			case strings.Contains(x, "-1 controls"):
				t.CSF11Policy = append(t.CSF11Policy, sub)
			default:
				id, ok := control(x)
				if !ok {
					return fmt.Errorf("row %d (%s): %q is not an SP 800-53 control", i+1, sub, x)
				}
				t.CSF11[id] = append(t.CSF11[id], sub)
			}
		}
	}
	if n != 108 {
		return fmt.Errorf("%d CSF 1.1 subcategories, want 108", n)
	}
	return nil
}

func readCSF20(b []byte, t *tables) error {
	rs, err := rows(b, "Relationships")
	if err != nil {
		return err
	}
	subs := map[string]bool{}
	for i, r := range rs {
		if i == 0 || len(r) < 3 || strings.TrimSpace(r[2]) == "" {
			continue
		}
		sub := strings.TrimSpace(r[0])
		if !element20RE.MatchString(sub) {
			return fmt.Errorf("row %d: %q is not a CSF 2.0 category or subcategory", i+1, sub)
		}
		subs[sub] = true
		for _, x := range strings.FieldsFunc(r[2], func(c rune) bool { return c == ',' || c == '\n' || c == ';' }) {
			x = strings.TrimSpace(x)
			if familyRE.MatchString(x) {
				t.CSF20Families[x] = append(t.CSF20Families[x], sub)
				continue
			}
			id, ok := control(x)
			if !ok {
				return fmt.Errorf("row %d (%s): %q is not an SP 800-53 control", i+1, sub, x)
			}
			t.CSF20[id] = append(t.CSF20[id], sub)
		}
	}
	if len(subs) < 100 || len(subs) > 106+22 {
		return fmt.Errorf("%d CSF 2.0 elements with references, want at most 128", len(subs))
	}
	return nil
}

type cprtExport struct {
	Response struct {
		Elements struct {
			Elements []struct {
				Type string `json:"element_type"`
				ID   string `json:"element_identifier"`
			} `json:"elements"`
			Relationships []struct {
				Source string `json:"source_element_identifier"`
				Dest   string `json:"dest_element_identifier"`
				Rel    string `json:"relationship_identifier"`
			} `json:"relationships"`
		} `json:"elements"`
	} `json:"response"`
}

var renumberedRE = regexp.MustCompile(`-0(\d)$`)

func readCore(b []byte, t *tables) error {
	var x cprtExport
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	e := x.Response.Elements
	withdrawn := map[string]string{} // element -> its withdraw_reason
	for _, r := range e.Relationships {
		if r.Rel == "projection" && strings.HasPrefix(r.Dest, "WR-") {
			withdrawn[r.Source] = r.Dest
		}
	}
	targets := map[string][]string{}
	for _, r := range e.Relationships {
		if r.Rel == "incorporated_into" || r.Rel == "moved_to" {
			targets[r.Source] = append(targets[r.Source], r.Dest)
		}
	}
	active := 0
	for _, el := range e.Elements {
		if el.Type != "subcategory" {
			continue
		}
		// CSF 2.0 numbers subcategories with two digits; CSF 1.1 did not.
		old := renumberedRE.ReplaceAllString(el.ID, "-$1")
		wr, gone := withdrawn[el.ID]
		if !gone {
			active++
		}
		if !t.subcats11[old] {
			continue // new in CSF 2.0
		}
		switch {
		case !gone:
			t.CSF11To20[old] = []string{el.ID}
		case len(targets[wr]) > 0:
			t.CSF11To20[old] = append(t.CSF11To20[old], targets[wr]...)
		default:
			return fmt.Errorf("withdrawn subcategory %s names no successor", el.ID)
		}
	}
	if active != 106 {
		return fmt.Errorf("%d active CSF 2.0 subcategories, want 106", active)
	}
	if len(t.CSF11To20) != len(t.subcats11) {
		return fmt.Errorf("%d of the %d CSF 1.1 subcategories found in CSF 2.0", len(t.CSF11To20), len(t.subcats11))
	}
	return nil
}
