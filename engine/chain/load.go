package chain

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// Requirement statuses.
const (
	StatusFinal       = engine.CMMCFinal
	StatusConditional = engine.CMMCConditional
)

// Load reads and validates a declared supply chain from a YAML (or
// JSON) file.
func Load(file string) (*Chain, error) {
	st, err := os.Stat(file)
	if err != nil {
		return nil, &evidence.InputError{File: file, Msg: err.Error()}
	}
	if !st.Mode().IsRegular() {
		return nil, &evidence.InputError{File: file, Msg: "not a regular file"}
	}
	if st.Size() > evidence.MaxInputBytes {
		return nil, &evidence.InputError{File: file, Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit", st.Size(), evidence.MaxInputBytes)}
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, &evidence.InputError{File: file, Msg: err.Error()}
	}
	return Parse(file, b)
}

// Parse decodes and validates a declared supply chain. Problems are
// evidence.InputErrors naming the file, line and field: unknown fields,
// bad dates, duplicate IDs, unknown companies, parents not on the
// contract, and cycles.
func Parse(file string, data []byte) (*Chain, error) {
	c := &Chain{}
	lines, err := evidence.DecodeDocument(file, data, Schema, c)
	if err != nil {
		return nil, err
	}
	c.File = file
	c.lines = lines
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// KeyFiles returns the chain's trusted key files, resolved against the
// chain file's directory.
func (c *Chain) KeyFiles() []string {
	out := make([]string, 0, len(c.Keys))
	for _, k := range c.Keys {
		if !filepath.IsAbs(k) {
			k = filepath.Join(filepath.Dir(c.File), k)
		}
		out = append(out, k)
	}
	return out
}

// index is the validated structure of a chain.
type index struct {
	companies map[string]int // company ID → position in Chain.Companies
	contracts []contractIndex
}

// contractIndex is one contract's tree: each party's tier and parent.
type contractIndex struct {
	parties map[string]*partyNode
	// receivers are the companies receiving protected information, in
	// the order of first declaration.
	receivers []string
	maxTier   int
}

type partyNode struct {
	party  *Party
	tier   int
	parent *partyNode // nil under the prime
}

// path returns the IDs from the prime to the party.
func (n *partyNode) path(prime string) []string {
	p := make([]string, n.tier+1)
	p[0] = prime
	for m := n; m != nil; m = m.parent {
		p[m.tier] = m.party.Company
	}
	return p
}

// Validate checks the chain's references and structure. Parse calls it;
// call it yourself on a chain built in code.
func (c *Chain) Validate() error {
	_, err := c.build()
	return err
}

// ValidateAt is Validate for a chain declared elsewhere than in a YAML
// file, such as a workbook: places maps each declared element's path
// (such as "contracts[0].parties[1].parent") to where it was declared,
// for example a sheet!cell. Each error names the place of its element,
// or of the nearest enclosing element that has one, in Field (with no
// line), and messages cite places instead of lines.
func (c *Chain) ValidateAt(places map[string]string) error {
	_, err := c.buildAt(func(field string) string {
		if p, ok := nearest(places, field); ok {
			return p
		}
		return field
	})
	return err
}

// build validates the chain and indexes it.
func (c *Chain) build() (*index, error) { return c.buildAt(nil) }

// buildAt is build, locating errors with place, or by line when place
// is nil.
func (c *Chain) buildAt(place func(field string) string) (*index, error) {
	var errs evidence.InputErrors
	at := func(field, format string, args ...any) {
		e := &evidence.InputError{File: c.File, Field: field, Msg: fmt.Sprintf(format, args...)}
		if place != nil {
			e.Field = place(field)
		} else {
			e.Line = c.line(field)
		}
		errs = append(errs, e)
	}
	// where names the place of an earlier declaration in a message.
	where := func(field string) string {
		if place != nil {
			return place(field)
		}
		return fmt.Sprintf("line %d", c.line(field))
	}
	if c.Schema != Schema {
		at("mamori", "expected %q to mark a supply chain, got %q", Schema, c.Schema)
	}
	if c.Prime.ID == "" {
		at("prime.id", "expected the prime's ID")
	}
	if c.Prime.Name == "" {
		at("prime.name", "expected the prime's name")
	}
	for i, k := range c.Keys {
		if strings.TrimSpace(k) == "" {
			at(fmt.Sprintf("keys[%d]", i), "expected a public key file")
		}
	}

	idx := &index{companies: make(map[string]int, len(c.Companies))}
	for i := range c.Companies {
		co := &c.Companies[i]
		f := fmt.Sprintf("companies[%d]", i)
		switch {
		case co.ID == "":
			at(f+".id", "expected a company ID")
		case co.ID == c.Prime.ID:
			at(f+".id", "company %q is the prime; list only the companies below it", co.ID)
		default:
			if j, dup := idx.companies[co.ID]; dup {
				at(f+".id", "duplicate company ID %q (first declared at %s)", co.ID, where(fmt.Sprintf("companies[%d].id", j)))
			} else {
				idx.companies[co.ID] = i
			}
		}
		if co.Name == "" {
			at(f+".name", "expected the company's name")
		}
		seen := map[string]bool{}
		for j, s := range co.Sites {
			sf := fmt.Sprintf("%s.sites[%d].id", f, j)
			switch {
			case s.ID == "":
				at(sf, "expected a site ID")
			case seen[s.ID]:
				at(sf, "duplicate site ID %q in company %q", s.ID, co.ID)
			}
			seen[s.ID] = true
		}
		if s := co.Suspension; s != nil {
			if s.Since.IsZero() {
				at(f+".suspension.since", "expected the date of the suspension (YYYY-MM-DD)")
			}
			if strings.TrimSpace(s.Reason) == "" {
				at(f+".suspension.reason", "expected the reason for the suspension")
			}
		}
	}

	contractIDs := map[string]int{}
	idx.contracts = make([]contractIndex, len(c.Contracts))
	for i := range c.Contracts {
		k := &c.Contracts[i]
		f := fmt.Sprintf("contracts[%d]", i)
		if k.ID == "" {
			at(f+".id", "expected a contract ID")
		} else if j, dup := contractIDs[k.ID]; dup {
			at(f+".id", "duplicate contract ID %q (first declared at %s)", k.ID, where(fmt.Sprintf("contracts[%d].id", j)))
		} else {
			contractIDs[k.ID] = i
		}
		if k.Title == "" {
			at(f+".title", "expected the contract's title")
		}
		if k.SpecialClause && strings.TrimSpace(k.DesignationReference) == "" {
			at(f+".designation_reference", "expected the 情報セキュリティ指定書 reference: the contract carries the special clause")
		}
		c.validateRequirement(&k.Requirement, f+".requirement", k.SpecialClause, at)
		idx.contracts[i] = c.buildContract(idx, i, at, where)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return idx, nil
}

func (c *Chain) validateRequirement(r *Requirement, f string, special bool, at func(string, string, ...any)) {
	switch r.Status {
	case StatusFinal, StatusConditional:
	case "":
		if special {
			at(f+".status", "expected the required status: final or conditional")
		}
	default:
		at(f+".status", "expected final or conditional, got %q", r.Status)
	}
	if r.ConditionalUntil != nil && r.Status != StatusConditional {
		at(f+".conditional_until", "applies only with status: conditional")
	}
	if r.MinScore != nil && (*r.MinScore < -203 || *r.MinScore > 110) {
		at(f+".min_score", "expected a DoD score from -203 to 110, got %d", *r.MinScore)
	}
	if r.MaxAgeDays < 0 {
		at(f+".max_age_days", "expected a positive number of days, got %d", r.MaxAgeDays)
	}
}

// buildContract checks contract i's parties and flows and works out each
// party's tier.
func (c *Chain) buildContract(idx *index, i int, at func(string, string, ...any), where func(string) string) contractIndex {
	k := &c.Contracts[i]
	f := fmt.Sprintf("contracts[%d]", i)
	ci := contractIndex{parties: make(map[string]*partyNode, len(k.Parties))}
	for j := range k.Parties {
		p := &k.Parties[j]
		pf := fmt.Sprintf("%s.parties[%d]", f, j)
		co, known := c.company(idx, p.Company)
		switch {
		case p.Company == "":
			at(pf+".company", "expected a company ID")
			continue
		case p.Company == c.Prime.ID:
			at(pf+".company", "the prime %q heads every contract; it is not a party", p.Company)
			continue
		case !known:
			at(pf+".company", "unknown company %q: expected one of the companies declared under companies", p.Company)
			continue
		}
		if prev, dup := ci.parties[p.Company]; dup {
			at(pf+".company", "duplicate party %q on contract %q (first at %s)", p.Company, k.ID, where(fmt.Sprintf("%s.parties[%d].company", f, slices.Index(partyPtrs(k), prev.party))))
			continue
		}
		for s, site := range p.Sites {
			if !slices.ContainsFunc(co.Sites, func(x Site) bool { return x.ID == site }) {
				at(fmt.Sprintf("%s.sites[%d]", pf, s), "unknown site %q of company %q", site, p.Company)
			}
		}
		ci.parties[p.Company] = &partyNode{party: p, tier: -1}
	}
	// Parents, then tiers: every party must reach the prime.
	for j := range k.Parties {
		p := &k.Parties[j]
		n := ci.parties[p.Company]
		if n == nil || n.party != p {
			continue
		}
		pf := fmt.Sprintf("%s.parties[%d].parent", f, j)
		switch par, ok := ci.parties[p.Parent]; {
		case p.Parent == "":
			at(pf, "expected the parent: the prime %q or another party's company", c.Prime.ID)
			n.tier = 0
		case p.Parent == c.Prime.ID:
		case ok:
			n.parent = par
		default:
			if _, known := idx.companies[p.Parent]; known {
				at(pf, "parent %q is not a party to contract %q", p.Parent, k.ID)
			} else {
				at(pf, "unknown company %q: expected the prime %q or another party's company", p.Parent, c.Prime.ID)
			}
			n.tier = 0 // reported; keep it out of the cycle check
		}
	}
	reported := map[*partyNode]bool{}
	for j := range k.Parties {
		n := ci.parties[k.Parties[j].Company]
		if n == nil || n.party != &k.Parties[j] {
			continue
		}
		if cyc := tierOf(n); cyc != nil {
			if reported[cyc[0]] {
				continue
			}
			names := make([]string, 0, len(cyc)+1)
			for _, m := range cyc {
				reported[m] = true
				names = append(names, m.party.Company)
			}
			names = append(names, cyc[0].party.Company)
			first := slices.Index(partyPtrs(k), cyc[0].party)
			at(fmt.Sprintf("%s.parties[%d].parent", f, first), "cycle in contract %q: %s; every party must descend from the prime %q",
				k.ID, strings.Join(names, " → "), c.Prime.ID)
		}
		if n.tier > ci.maxTier {
			ci.maxTier = n.tier
		}
	}

	received := map[string]bool{}
	for j, fl := range k.Flows {
		ff := fmt.Sprintf("%s.flows[%d]", f, j)
		end := func(field, id string) bool {
			switch _, on := ci.parties[id]; {
			case id == "":
				at(ff+"."+field, "expected the prime %q or a party's company", c.Prime.ID)
			case id == c.Prime.ID || on:
				return true
			default:
				if _, known := idx.companies[id]; known {
					at(ff+"."+field, "company %q is not a party to contract %q", id, k.ID)
				} else {
					at(ff+"."+field, "unknown company %q: expected the prime %q or a party's company", id, c.Prime.ID)
				}
			}
			return false
		}
		okFrom, okTo := end("from", fl.From), end("to", fl.To)
		if okFrom && okTo && fl.From == fl.To {
			at(ff+".to", "a flow from %q to itself", fl.To)
			continue
		}
		if fl.Protected && !k.SpecialClause {
			at(ff+".protected", "contract %q has no special clause (special_clause: false), so it cannot carry protected information", k.ID)
			continue
		}
		if okTo && fl.Protected && fl.To != c.Prime.ID && !received[fl.To] {
			received[fl.To] = true
			ci.receivers = append(ci.receivers, fl.To)
		}
	}
	return ci
}

// tierOf sets n's tier (and its ancestors') and returns the cycle n
// leads into, if any. A tier of -1 means not yet known; -2 means on the
// path being resolved.
func tierOf(n *partyNode) []*partyNode {
	var stack []*partyNode
	m := n
	for m != nil && m.tier < 0 {
		if m.tier == -2 {
			i := slices.Index(stack, m)
			cyc := slices.Clone(stack[i:])
			for _, s := range stack {
				s.tier = 0 // reported once; stop resolving
			}
			return cyc
		}
		m.tier = -2
		stack = append(stack, m)
		m = m.parent
	}
	base := 0
	if m != nil {
		base = m.tier
	}
	for i := len(stack) - 1; i >= 0; i-- {
		base++
		stack[i].tier = base
	}
	return nil
}

func partyPtrs(k *Contract) []*Party {
	out := make([]*Party, len(k.Parties))
	for i := range k.Parties {
		out[i] = &k.Parties[i]
	}
	return out
}

func (c *Chain) company(idx *index, id string) (*Company, bool) {
	i, ok := idx.companies[id]
	if !ok {
		return nil, false
	}
	return &c.Companies[i], true
}

// line returns the line of a field, or of its nearest enclosing field
// that has one.
func (c *Chain) line(field string) int {
	l, _ := nearest(c.lines, field)
	return l
}

// nearest looks field up in m, or else its nearest enclosing field
// ("contracts[0].parties" for "contracts[0].parties[1].parent").
func nearest[T any](m map[string]T, field string) (T, bool) {
	for field != "" {
		if v, ok := m[field]; ok {
			return v, true
		}
		i := strings.LastIndexAny(field, ".[")
		if i < 0 {
			break
		}
		field = field[:i]
	}
	var zero T
	return zero, false
}
