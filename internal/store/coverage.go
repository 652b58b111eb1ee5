package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Coverage is how audit verify holds a table to the ledger. Every table
// of the schema is declared in Tables (TestEveryTableCovered lists the
// schema's tables and columns and fails on any that is not), so that a
// new table that decides a gate or an access cannot be added without
// saying how it is bound to the ledger.
type Coverage string

const (
	// CoverAppendOnly: the store only inserts rows (triggers refuse an
	// update or a delete), and the entry that inserted a row keeps the
	// row as its record. A row is checked column by column against it.
	CoverAppendOnly Coverage = "append-only"
	// CoverLastChange: the store changes rows in place; each change is
	// an entry that keeps the row as it became, and the row is checked
	// column by column against the last of them.
	CoverLastChange Coverage = "last-change"
	// CoverChain: the ledger itself, checked as a hash chain, and its
	// head, checked against the last entry.
	CoverChain Coverage = "chain"
	// CoverNothing: the table decides no gate and no access.
	CoverNothing Coverage = "decides-nothing"
)

// columnForm is how a row record keeps a column.
type columnForm uint8

const (
	asIs columnForm = iota
	// digest keeps the value's SHA-256: for content the ledger must not
	// hold (evidence, reasons) or that is large.
	digest
	// verdictDigest keeps the SHA-256 of the verdict's JSON, decoded as
	// the row's verdict_encoding says (migration 0006): what the signed
	// statement binds.
	verdictDigest
)

type columnSpec struct {
	Name string
	form columnForm
}

// TableSpec declares how one table of the schema is covered.
type TableSpec struct {
	Name     string
	Coverage Coverage
	// Key are the columns that identify a row.
	Key []string
	// Columns are every column of the table, in the order records read
	// them; empty for the tables the ledger does not record.
	Columns []columnSpec
	// Kinds are the ledger entry kinds that record its rows.
	Kinds []string
	// Why says, for the tables whose rows are not records, how they are
	// checked or why they decide nothing.
	Why string
}

func cols(names ...string) []columnSpec {
	out := make([]columnSpec, len(names))
	for i, n := range names {
		out[i] = columnSpec{Name: n}
		if base, form, ok := strings.Cut(n, "#"); ok {
			out[i].Name = base
			switch form {
			case "sha256":
				out[i].form = digest
			case "verdict":
				out[i].form = verdictDigest
			default:
				panic("unknown column form " + form)
			}
		}
	}
	return out
}

// The tables whose rows are records, in the order audit verify reads
// them.
var (
	tOrganizations = &TableSpec{Name: "organizations", Coverage: CoverAppendOnly, Key: []string{"id"},
		Columns: cols("id", "name", "corporate_number", "cage", "created_at"), Kinds: []string{KindOrganization}}
	tSites = &TableSpec{Name: "sites", Coverage: CoverAppendOnly, Key: []string{"id"},
		Columns: cols("id", "org_id", "name", "created_at"), Kinds: []string{KindSite}}
	tContracts = &TableSpec{Name: "contracts", Coverage: CoverAppendOnly, Key: []string{"id"},
		Columns: cols("id", "prime_org_id", "special_clause", "designation_reference", "created_at"), Kinds: []string{KindContract}}
	tContractParties = &TableSpec{Name: "contract_subcontractors", Coverage: CoverAppendOnly, Key: []string{"contract_id", "org_id"},
		Columns: cols("contract_id", "org_id", "parent"), Kinds: []string{KindContractParty}}
	tAuditorAssignments = &TableSpec{Name: "auditor_assignments", Coverage: CoverAppendOnly, Key: []string{"subject", "site_id"},
		Columns: cols("subject", "site_id", "created_at"), Kinds: []string{KindAuditorAssigned}}
	tEvidence = &TableSpec{Name: "evidence", Coverage: CoverAppendOnly, Key: []string{"sha256"},
		Columns: cols("sha256", "org_id", "media_type", "size", "content#sha256", "submitted_by", "created_at"), Kinds: []string{KindSubmission}}
	tVerdicts = &TableSpec{Name: "verdicts", Coverage: CoverAppendOnly, Key: []string{"id"},
		Columns: cols("id", "org_id", "site_id", "catalog_id", "catalog_version", "policy_digest", "evidence_digests",
			"assessor", "created_at", "valid_until", "verdict_json#verdict", "verdict_encoding", "envelope_json#sha256"),
		Kinds: []string{KindVerdict}}
	tSiteChecks = &TableSpec{Name: "site_checks", Coverage: CoverAppendOnly, Key: []string{"id"},
		Columns: cols("id", "site_id", "kind", "result", "auditor", "date", "checklist_sha256", "created_at"), Kinds: []string{KindSiteCheck}}
	tSuspensions = &TableSpec{Name: "suspensions", Coverage: CoverLastChange, Key: []string{"id"},
		Columns: cols("id", "org_id", "reason#sha256", "since", "suspended_by", "lifted_at", "lifted_by"),
		Kinds:   []string{KindSuspension, KindSuspensionLifted}}
	// The token's hash is kept as its own SHA-256: the ledger gives
	// nothing to look a token up by, yet a hash swapped for one whose
	// token an insider holds shows.
	tTokens = &TableSpec{Name: "tokens", Coverage: CoverLastChange, Key: []string{"id"},
		Columns: cols("id", "hash#sha256", "subject", "role", "org_id", "created_at", "revoked_at"),
		Kinds:   []string{KindTokenCreated, KindTokenRevoked}}
)

// recordedTables are the tables whose rows are ledger records.
var recordedTables = []*TableSpec{tOrganizations, tSites, tContracts, tContractParties, tAuditorAssignments,
	tEvidence, tVerdicts, tSiteChecks, tSuspensions, tTokens}

// Tables lists every table of the schema and how audit verify covers
// it.
func Tables() []TableSpec {
	out := make([]TableSpec, 0, len(recordedTables)+4)
	for _, t := range recordedTables {
		out = append(out, *t)
	}
	return append(out,
		TableSpec{Name: "ledger", Coverage: CoverChain, Key: []string{"seq"},
			Why: "each entry's hash over its content and the entry before; a gate decision is kept in its entry, which binds its digest"},
		TableSpec{Name: "ledger_head", Coverage: CoverChain, Key: []string{"id"},
			Why: "repeats the last entry, so that a truncated tail shows; a tail removed with the head moved back shows only against a checkpoint"},
		TableSpec{Name: "generation", Coverage: CoverNothing, Key: []string{"id"},
			Why: "a counter that moves when records change, so that caches are dropped: a change makes a server read again, never decide otherwise"},
		TableSpec{Name: "schema_migrations", Coverage: CoverNothing, Key: []string{"version"},
			Why: "the migrations applied: a change makes mamori apply a migration again or refuse the database, never change a record"},
	)
}

// tableSpec returns the recorded table named name, or nil.
func tableSpec(name string) *TableSpec {
	for _, t := range recordedTables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// sha256Value is a column value given by its SHA-256 (hex) where the
// writer already has it (an evidence file's address, a verdict's
// digest), so that a record is not hashed twice.
type sha256Value string

// canonValue writes a column value as records keep it, whatever type the
// driver scans it into.
func canonValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case time.Time:
		return fmtTime(x)
	case sha256Value:
		return string(x)
	}
	return fmt.Sprint(v)
}

// rowRecord is a row as a ledger entry keeps it: its table, its key and
// every column, some as their SHA-256. Its JSON (encoding/json, whose
// map keys are sorted) is the entry's record, and the entry's
// payload_sha256 is the SHA-256 of that JSON.
type rowRecord struct {
	Table   string            `json:"table"`
	Key     []string          `json:"key"`
	Columns map[string]string `json:"columns"`
}

// record builds the record of a row from its column values, in the
// order of t.Columns. A digest column's value is hashed unless it is a
// sha256Value.
func (t *TableSpec) record(values ...any) rowRecord {
	if len(values) != len(t.Columns) {
		panic(fmt.Sprintf("record of %s: %d values for %d columns", t.Name, len(values), len(t.Columns)))
	}
	r := rowRecord{Table: t.Name, Key: make([]string, 0, len(t.Key)), Columns: make(map[string]string, len(values))}
	for i, c := range t.Columns {
		var s string
		switch sv, given := values[i].(sha256Value); {
		case c.form == asIs:
			s = canonValue(values[i])
		case given:
			s = "sha256:" + string(sv)
		default:
			s = "sha256:" + sha256Hex([]byte(canonValue(values[i])))
		}
		r.Columns[c.Name] = s
	}
	for _, k := range t.Key {
		r.Key = append(r.Key, r.Columns[k])
	}
	return r
}

// encode returns the record's JSON.
func (r rowRecord) encode() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		panic(err) // strings only
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// keyString joins a record's key for messages and indexes.
func keyString(key []string) string { return strings.Join(key, "/") }

// decodeRecord parses an entry's row record.
func decodeRecord(b []byte) (rowRecord, error) {
	var r rowRecord
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return r, err
	}
	if r.Table == "" || len(r.Key) == 0 || r.Columns == nil {
		return r, fmt.Errorf("not a row record")
	}
	return r, nil
}

// selectRows is the query that reads every row of t in key order.
func (t *TableSpec) selectRows() string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return "SELECT " + strings.Join(names, ", ") + " FROM " + t.Name + " ORDER BY " + strings.Join(t.Key, ", ")
}

// selectRow is the query that reads one row of t by its key.
func (t *TableSpec) selectRow() string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	where := make([]string, len(t.Key))
	for i, k := range t.Key {
		where[i] = k + " = ?"
	}
	return "SELECT " + strings.Join(names, ", ") + " FROM " + t.Name + " WHERE " + strings.Join(where, " AND ")
}

// scanRecord reads the current row into a record, with a verdict's
// JSON decoded before it is hashed.
func (t *TableSpec) scanRecord(sc interface{ Scan(...any) error }) (rowRecord, error) {
	vals := make([]any, len(t.Columns))
	ptrs := make([]any, len(t.Columns))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := sc.Scan(ptrs...); err != nil {
		return rowRecord{}, err
	}
	for i, c := range t.Columns {
		if c.form != verdictDigest {
			continue
		}
		enc := ""
		for j, o := range t.Columns {
			if o.Name == "verdict_encoding" {
				enc = canonValue(vals[j])
			}
		}
		raw := []byte(canonValue(vals[i]))
		if b, err := decodeVerdictJSON(enc, raw); err == nil {
			vals[i] = sha256Value(sha256Hex(b))
		} else {
			// A block that no longer decodes: its raw digest, which no
			// record holds.
			vals[i] = sha256Value("undecodable:" + sha256Hex(raw))
		}
	}
	return t.record(vals...), nil
}

// readRecord reads the row of t with the given key in tx as a record.
func (t *TableSpec) readRecord(ctx context.Context, tx *sql.Tx, key ...any) (rowRecord, error) {
	return t.scanRecord(tx.QueryRowContext(ctx, t.selectRow(), key...))
}

// firstDifference names the first column, in the table's order, whose
// value in got differs from want's, with the two values as a person
// reads them (a digest column's as its digest).
func (t *TableSpec) firstDifference(got, want rowRecord) (column, gotV, wantV string) {
	for _, c := range t.Columns {
		if got.Columns[c.Name] != want.Columns[c.Name] {
			return c.Name, got.Columns[c.Name], want.Columns[c.Name]
		}
	}
	return "", "", ""
}

// addRow appends an entry that keeps a row's record.
func (lb *ledgerBatch) addRow(ctx context.Context, kind, subject string, r rowRecord) error {
	b := r.encode()
	return lb.addRecord(ctx, kind, subject, sha256Hex(b), b)
}
