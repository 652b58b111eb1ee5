package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// The entries written before migration 0007 bind a record by its
// payload digest and the IDs in their subject only. They are still
// checked that way: every record they ledgered must exist with that
// digest and those IDs.

// A recordCheck reads the records of one kind that has a table of its
// own (a gate decision is kept in its entry: see checkKeptRecord): for
// each, its ID, the subject fields its ledger entry must carry (in the
// order of fields) and its payload digest.
type recordCheck struct {
	idField string   // the subject field that holds the record's ID
	fields  []string // the subject fields compared with the record
	// table is the record's table, columns the columns of fields, and
	// digestColumn the column the payload digest is of.
	table        string
	columns      []string
	digestColumn string
	query        string
	scan         func(sc interface{ Scan(...any) error }) (id string, values []string, digest string, err error)
}

var recordChecks = map[string]recordCheck{
	KindSubmission: {"evidence", []string{"org"}, "evidence", []string{"org_id"}, "content", `SELECT sha256, org_id, content FROM evidence`,
		func(sc interface{ Scan(...any) error }) (string, []string, string, error) {
			var id, org string
			var content []byte
			err := sc.Scan(&id, &org, &content)
			// The content must still hash to the address it was ledgered under.
			return id, []string{org}, sha256Hex(content), err
		}},
	KindVerdict: {"verdict", []string{"org", "site"}, "verdicts", []string{"org_id", "site_id"}, "verdict_json", `SELECT id, org_id, site_id, verdict_json, verdict_encoding FROM verdicts`,
		func(sc interface{ Scan(...any) error }) (string, []string, string, error) {
			var id, org, site, encoding string
			var body []byte
			if err := sc.Scan(&id, &org, &site, &body, &encoding); err != nil {
				return id, nil, "", err
			}
			// The JSON must still hash to what was ledgered; a block that
			// no longer decodes is as altered as JSON that no longer
			// matches, and is reported as such.
			if b, err := decodeVerdictJSON(encoding, body); err == nil {
				body = b
			}
			return id, []string{org, site}, sha256Hex(body), nil
		}},
	KindSiteCheck: {"site_check", []string{"site", "kind", "result"}, "site_checks", []string{"site_id", "kind", "result"}, "checklist_sha256", `SELECT id, site_id, kind, result, checklist_sha256 FROM site_checks`,
		func(sc interface{ Scan(...any) error }) (string, []string, string, error) {
			var id, site, kind, result, digest string
			err := sc.Scan(&id, &site, &kind, &result, &digest)
			return id, []string{site, kind, result}, digest, err
		}},
	KindSuspension: {"suspension", []string{"org", "by"}, "suspensions", []string{"org_id", "suspended_by"}, "reason", `SELECT id, org_id, suspended_by, reason FROM suspensions`,
		func(sc interface{ Scan(...any) error }) (string, []string, string, error) {
			var id, org, by, reason string
			err := sc.Scan(&id, &org, &by, &reason)
			return id, []string{org, by}, sha256Hex([]byte(reason)), err
		}},
}

// subjectFields splits a ledger subject ("verdict:v_1 org:sato site:")
// into its fields.
func subjectFields(subject string) map[string]string {
	f := map[string]string{}
	for _, part := range strings.Fields(subject) {
		if k, v, ok := strings.Cut(part, ":"); ok {
			f[k] = v
		}
	}
	return f
}

// ledgeredRecord is what an entry says of the record it ledgered, kept
// small: a busy gate ledgers millions of decisions, and verification
// holds one of these for each.
type ledgeredRecord struct {
	seq  int64
	mask uint8    // which of the check's fields the subject carries
	fp   [32]byte // recordPrint of those fields and the payload digest
	seen bool     // the record was found
}

// recordPrint digests the fields of rc that mask selects, and digest.
func recordPrint(rc recordCheck, mask uint8, values []string, digest string) [32]byte {
	h := sha256.New()
	for i, name := range rc.fields {
		if mask&(1<<i) != 0 {
			h.Write([]byte(name))
			h.Write([]byte{0})
			h.Write([]byte(values[i]))
			h.Write([]byte{0})
		}
	}
	h.Write([]byte(digest))
	var fp [32]byte
	h.Sum(fp[:0])
	return fp
}

// ledgeredRecords indexes entries by the record they ledgered
// (kind, NUL, ID).
type ledgeredRecords map[string][]ledgeredRecord

func (l ledgeredRecords) add(e LedgerEntry) {
	rc := recordChecks[e.Kind]
	subj := subjectFields(e.Subject)
	var mask uint8
	values := make([]string, len(rc.fields))
	for i, name := range rc.fields {
		if v, ok := subj[name]; ok {
			mask |= 1 << i
			values[i] = v
		}
	}
	key := e.Kind + "\x00" + subj[rc.idField]
	l[key] = append(l[key], ledgeredRecord{seq: e.Seq, mask: mask, fp: recordPrint(rc, mask, values, e.PayloadSHA256)})
}

// verifyLegacyRecords checks the records against the legacy entries
// that ledgered them: every record they ledgered must exist with the
// digest and IDs its entry recorded. It returns the problem of the
// earliest entry. (A row no entry recorded is found by the row records.)
func verifyLegacyRecords(ctx context.Context, tx *sql.Tx, ledgered ledgeredRecords) (*LedgerProblem, error) {
	if len(ledgered) == 0 {
		return nil, nil
	}
	// The earliest entry whose record does not match it, and the record.
	var bad struct {
		seq            int64
		kind, id       string
		values         []string
		digest         string
		missing, found bool
	}
	for _, kind := range slices.Sorted(maps.Keys(recordChecks)) {
		rc := recordChecks[kind]
		rows, err := tx.QueryContext(ctx, rc.query)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			id, values, digest, err := rc.scan(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			entries := ledgered[kind+"\x00"+id]
			for i := range entries {
				e := &entries[i]
				e.seen = true
				if recordPrint(rc, e.mask, values, digest) != e.fp && (!bad.found || e.seq < bad.seq) {
					bad.seq, bad.kind, bad.id, bad.values, bad.digest, bad.missing, bad.found = e.seq, kind, id, values, digest, false, true
				}
			}
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, err
		}
		rows.Close()
	}
	for key, entries := range ledgered {
		for _, e := range entries {
			if !e.seen && (!bad.found || e.seq < bad.seq) {
				kind, id, _ := strings.Cut(key, "\x00")
				bad.seq, bad.kind, bad.id, bad.missing, bad.found = e.seq, kind, id, true, true
			}
		}
	}
	if !bad.found {
		return nil, nil
	}
	rc := recordChecks[bad.kind]
	if bad.missing {
		return ledgerProblem(bad.seq, ProblemRecordMissing, rc.table, bad.id, "",
			fmt.Sprintf("the %s %s that this entry records is gone", bad.kind, bad.id),
			fmt.Sprintf("このエントリが記録した %s %s がありません", rc.table, bad.id)), nil
	}
	// Say what differs: the entry is read again, as only its print was
	// kept.
	var subject, digest string
	if err := tx.QueryRowContext(ctx, `SELECT subject, payload_sha256 FROM ledger WHERE seq = ?`, bad.seq).Scan(&subject, &digest); err != nil {
		return nil, err
	}
	p := ledgerProblem(bad.seq, ProblemRecordAltered, rc.table, bad.id, rc.digestColumn,
		fmt.Sprintf("the %s %s no longer has the digest this entry recorded", bad.kind, bad.id),
		fmt.Sprintf("%s %s の %s がこのエントリの記録したダイジェストと一致しません", rc.table, bad.id, rc.digestColumn))
	if digest == bad.digest {
		want := subjectFields(subject)
		for i, name := range rc.fields {
			if got, ok := want[name]; ok && got != bad.values[i] {
				p.Column = rc.columns[i]
				p.Detail = fmt.Sprintf("the %s %s has %s %q, the entry recorded %q", bad.kind, bad.id, name, bad.values[i], got)
				p.DetailJA = fmt.Sprintf("%s %s の %s は %q ですが、エントリは %q と記録しています", rc.table, bad.id, rc.columns[i], bad.values[i], got)
				break
			}
		}
	}
	return p, nil
}
