package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// GenesisHash is the prev_hash of the first ledger entry.
var GenesisHash = strings.Repeat("0", 64)

// LedgerEntry is one entry of the hash-chained audit log. Subject holds
// IDs only, never evidence content; PayloadSHA256 is the digest of what
// the entry records.
type LedgerEntry struct {
	Seq           int64  `json:"seq"`
	Time          string `json:"time"`
	Kind          string `json:"kind"`
	Subject       string `json:"subject"`
	PayloadSHA256 string `json:"payload_sha256"`
	PrevHash      string `json:"prev_hash"`
	Hash          string `json:"-"`
	// Record is the record itself for the kinds kept in the ledger (a
	// signed gate decision); it is not hashed, as PayloadSHA256 binds it.
	Record []byte `json:"-"`
}

// appendCanonical appends the entry as hashed: fixed field order, no
// hash. It is the JSON encoding/json writes for the entry, which every
// ledger ever written was hashed over, written by hand for the usual
// entry, whose strings need no escaping (TestLedgerCanonical).
func (e *LedgerEntry) appendCanonical(b []byte) []byte {
	if !jsonPlain(e.Time) || !jsonPlain(e.Kind) || !jsonPlain(e.Subject) ||
		!jsonPlain(e.PayloadSHA256) || !jsonPlain(e.PrevHash) {
		c := *e // a copy, so that only this path moves an entry to the heap
		j, err := json.Marshal(&c)
		if err != nil {
			panic(err) // strings and an int cannot fail
		}
		return append(b, j...)
	}
	str := func(key, v string) {
		b = append(b, `,"`...)
		b = append(b, key...)
		b = append(b, `":"`...)
		b = append(b, v...)
		b = append(b, '"')
	}
	b = append(b, `{"seq":`...)
	b = strconv.AppendInt(b, e.Seq, 10)
	str("time", e.Time)
	str("kind", e.Kind)
	str("subject", e.Subject)
	str("payload_sha256", e.PayloadSHA256)
	str("prev_hash", e.PrevHash)
	return append(b, '}')
}

// jsonPlain reports whether encoding/json writes s as it is between
// quotes: printable ASCII with nothing it escapes, HTML characters
// included. (engine/attest has the same test for its envelopes; the
// store does not depend on the engine.)
func jsonPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// ComputeHash returns SHA-256(prev_hash || canonical entry), hex.
func (e LedgerEntry) ComputeHash() string {
	var buf [512]byte
	b := buf[:0]
	if prev, err := hex.DecodeString(e.PrevHash); err == nil {
		b = append(b, prev...)
	} else {
		b = append(b, e.PrevHash...)
	}
	sum := sha256.Sum256(e.appendCanonical(b))
	return hex.EncodeToString(sum[:])
}

// Ledger problems.
const (
	ProblemAltered   = "altered"   // an entry's hash does not match its content
	ProblemDeleted   = "deleted"   // a sequence number is missing
	ProblemRelinked  = "relinked"  // prev_hash does not match the previous entry
	ProblemTruncated = "truncated" // entries after the last are missing
	ProblemHead      = "head"      // the head record is missing or disagrees
	// Records checked against the entries that ledgered them:
	ProblemRecordAltered = "record_altered" // a record no longer matches its entry's digest or IDs
	ProblemRecordMissing = "record_missing" // a ledgered record was deleted
	ProblemUnledgered    = "unledgered"     // a record was added outside the store, with no entry
)

// LedgerProblem is the first problem found in the ledger.
type LedgerProblem struct {
	Seq    int64  `json:"seq"`
	Kind   string `json:"kind"`
	Detail string `json:"detail"`
}

func (p *LedgerProblem) String() string {
	return fmt.Sprintf("entry %d: %s: %s", p.Seq, p.Kind, p.Detail)
}

// LedgerReport is the result of verifying the ledger.
type LedgerReport struct {
	Entries int64          `json:"entries"`
	LastSeq int64          `json:"last_seq"`
	Problem *LedgerProblem `json:"problem,omitempty"`
}

// OK reports whether the ledger verified.
func (r LedgerReport) OK() bool { return r.Problem == nil }

// appendLedger appends an entry in tx and moves the head.
func (s *SQLite) appendLedger(ctx context.Context, tx *sql.Tx, kind, subject, payloadDigest string) error {
	lb := s.newLedgerBatch(tx, 1)
	if err := lb.add(ctx, kind, subject, payloadDigest); err != nil {
		return err
	}
	return lb.finish(ctx)
}

// ledgerBatch appends several entries in one transaction: it reads the
// tail once, chains the entries in memory, and at the end inserts them
// with multi-row statements and moves the head once.
type ledgerBatch struct {
	s       *SQLite
	tx      *sql.Tx
	seq     int64
	prev    string
	loaded  bool
	time    string
	pending []LedgerEntry
}

// newLedgerBatch starts a batch of about n entries.
func (s *SQLite) newLedgerBatch(tx *sql.Tx, n int) *ledgerBatch {
	return &ledgerBatch{s: s, tx: tx, pending: make([]LedgerEntry, 0, n)}
}

func (lb *ledgerBatch) add(ctx context.Context, kind, subject, payloadDigest string) error {
	return lb.addRecord(ctx, kind, subject, payloadDigest, nil)
}

// addRecord appends an entry that holds its record (whose digest is
// payloadDigest).
func (lb *ledgerBatch) addRecord(ctx context.Context, kind, subject, payloadDigest string, record []byte) error {
	if !lb.loaded {
		tail, err := lb.s.txStmt(ctx, lb.tx, sqlLedgerTail)
		if err != nil {
			return fmt.Errorf("read ledger tail: %w", err)
		}
		err = tail.QueryRowContext(ctx).Scan(&lb.seq, &lb.prev)
		tail.Close()
		if errors.Is(err, sql.ErrNoRows) {
			lb.seq, lb.prev = 0, GenesisHash
		} else if err != nil {
			return fmt.Errorf("read ledger tail: %w", err)
		}
		lb.time = fmtTime(lb.s.opts.Now())
		lb.loaded = true
	}
	e := LedgerEntry{
		Seq:           lb.seq + 1,
		Time:          lb.time,
		Kind:          kind,
		Subject:       subject,
		PayloadSHA256: payloadDigest,
		PrevHash:      lb.prev,
		Record:        record,
	}
	e.Hash = e.ComputeHash()
	lb.pending = append(lb.pending, e)
	lb.seq, lb.prev = e.Seq, e.Hash
	return nil
}

// finish inserts the entries and moves the head to the last.
func (lb *ledgerBatch) finish(ctx context.Context) error {
	if !lb.loaded {
		return nil
	}
	if err := lb.s.insertEntries(ctx, lb.tx, lb.pending); err != nil {
		return fmt.Errorf("append ledger entries: %w", err)
	}
	head, err := lb.s.txStmt(ctx, lb.tx, sqlLedgerHead)
	if err != nil {
		return fmt.Errorf("move ledger head: %w", err)
	}
	defer head.Close()
	if _, err := head.ExecContext(ctx, lb.seq, lb.prev); err != nil {
		return fmt.Errorf("move ledger head: %w", err)
	}
	return nil
}

// rowsPerInsert bounds a multi-row INSERT.
const rowsPerInsert = 64

// insertLedger starts the multi-row INSERT of ledger entries, with
// ledgerCols values per row.
const (
	insertLedger = `INSERT INTO ledger (seq, time, kind, subject, payload_sha256, prev_hash, hash, record) VALUES `
	ledgerCols   = 8
)

// insertQuery is the INSERT of n ledger entries.
func insertQuery(n int) string {
	one := "(" + strings.Repeat("?, ", ledgerCols-1) + "?)"
	return insertLedger + strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
}

// insertEntries inserts entries with multi-row INSERT statements
// (prepared when the store opened, for every row count up to
// rowsPerInsert).
func (s *SQLite) insertEntries(ctx context.Context, tx *sql.Tx, es []LedgerEntry) error {
	args := make([]any, 0, ledgerCols*min(len(es), rowsPerInsert))
	for start := 0; start < len(es); start += rowsPerInsert {
		end := min(len(es), start+rowsPerInsert)
		args = args[:0]
		for i := range es[start:end] {
			e := &es[start+i]
			var record any // NULL for the kinds whose records have tables of their own
			if e.Record != nil {
				record = e.Record
			}
			args = append(args, e.Seq, e.Time, e.Kind, e.Subject, e.PayloadSHA256, e.PrevHash, e.Hash, record)
		}
		stmt, err := s.txStmt(ctx, tx, insertQuery(end-start))
		if err != nil {
			return mapErr(err)
		}
		_, err = stmt.ExecContext(ctx, args...)
		stmt.Close()
		if err != nil {
			return mapErr(err)
		}
	}
	return nil
}

// LedgerEntries returns the ledger in order, for inspection and tests.
func (s *SQLite) LedgerEntries(ctx context.Context) ([]LedgerEntry, error) {
	rows, err := s.query(ctx, `SELECT seq, time, kind, subject, payload_sha256, prev_hash, hash, record FROM ledger ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("read ledger: %w", err)
	}
	return collect(rows, "read ledger", func(sc interface{ Scan(...any) error }) (LedgerEntry, error) {
		var e LedgerEntry
		err := sc.Scan(&e.Seq, &e.Time, &e.Kind, &e.Subject, &e.PayloadSHA256, &e.PrevHash, &e.Hash, &e.Record)
		return e, err
	})
}

// VerifyLedger walks the chain from the first entry and reports the
// first altered entry (its hash does not match), deleted entry (a gap
// in seq or a prev_hash that does not match) or truncated tail (the
// head records a later entry than the last). An error means the ledger
// could not be read; a broken chain is a report with a Problem.
func (s *SQLite) VerifyLedger(ctx context.Context) (LedgerReport, error) {
	var rep LedgerReport
	// One read transaction, so that the walk and the head agree.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return rep, fmt.Errorf("verify ledger: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT seq, time, kind, subject, payload_sha256, prev_hash, hash, record FROM ledger ORDER BY seq`)
	if err != nil {
		return rep, fmt.Errorf("verify ledger: %w", err)
	}
	defer rows.Close()
	want, prev := int64(1), GenesisHash
	ledgered := ledgeredRecords{}
	// The first entry whose own record (a gate decision) does not match it.
	var kept *LedgerProblem
	for rows.Next() {
		var e LedgerEntry
		var record sql.RawBytes
		if err := rows.Scan(&e.Seq, &e.Time, &e.Kind, &e.Subject, &e.PayloadSHA256, &e.PrevHash, &e.Hash, &record); err != nil {
			return rep, fmt.Errorf("verify ledger: %w", err)
		}
		rep.Entries++
		if _, ok := recordChecks[e.Kind]; ok {
			ledgered.add(e)
		}
		if kept == nil {
			kept = checkKeptRecord(e, record)
		}
		if rep.Problem != nil {
			continue // count the rest
		}
		switch {
		case e.Seq != want:
			if e.Seq > want {
				detail := fmt.Sprintf("entry %d is missing (next present is %d)", want, e.Seq)
				if e.Seq > want+1 {
					detail = fmt.Sprintf("entries %d to %d are missing", want, e.Seq-1)
				}
				rep.Problem = &LedgerProblem{Seq: want, Kind: ProblemDeleted, Detail: detail}
			} else {
				rep.Problem = &LedgerProblem{Seq: e.Seq, Kind: ProblemDeleted, Detail: fmt.Sprintf("sequence goes back from %d", want-1)}
			}
		case e.PrevHash != prev:
			rep.Problem = &LedgerProblem{Seq: e.Seq, Kind: ProblemRelinked,
				Detail: "prev_hash does not match the previous entry's hash: an entry before it was deleted or altered"}
		case e.ComputeHash() != e.Hash:
			rep.Problem = &LedgerProblem{Seq: e.Seq, Kind: ProblemAltered, Detail: "hash does not match the entry's content"}
		}
		rep.LastSeq = e.Seq
		want, prev = e.Seq+1, e.Hash
	}
	if err := rows.Err(); err != nil {
		return rep, fmt.Errorf("verify ledger: %w", err)
	}
	rows.Close()
	if rep.Problem != nil {
		return rep, nil
	}
	var headSeq int64
	var headHash string
	err = tx.QueryRowContext(ctx, `SELECT seq, hash FROM ledger_head WHERE id = 1`).Scan(&headSeq, &headHash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if rep.Entries > 0 {
			rep.Problem = &LedgerProblem{Seq: rep.LastSeq, Kind: ProblemHead, Detail: "the ledger head record is missing"}
		}
	case err != nil:
		return rep, fmt.Errorf("verify ledger: read head: %w", err)
	case headSeq > rep.LastSeq:
		detail := fmt.Sprintf("the head records entry %d but the last entry is %d: the tail was deleted", headSeq, rep.LastSeq)
		rep.Problem = &LedgerProblem{Seq: rep.LastSeq + 1, Kind: ProblemTruncated, Detail: detail}
	case headSeq < rep.LastSeq:
		rep.Problem = &LedgerProblem{Seq: headSeq + 1, Kind: ProblemHead,
			Detail: fmt.Sprintf("the head records entry %d but entries run to %d: entries were added outside the store", headSeq, rep.LastSeq)}
	case headHash != prev:
		rep.Problem = &LedgerProblem{Seq: headSeq, Kind: ProblemHead, Detail: "the head's hash does not match the last entry"}
	}
	if rep.Problem == nil {
		p, err := verifyRecords(ctx, tx, ledgered)
		if err != nil {
			return rep, fmt.Errorf("verify ledger: %w", err)
		}
		if kept != nil && (p == nil || p.Kind == ProblemUnledgered || kept.Seq < p.Seq) {
			p = kept
		}
		rep.Problem = p
	}
	return rep, nil
}

// checkKeptRecord checks the record kept in an entry (a signed gate
// decision) against the digest the entry recorded; the entries of
// other kinds keep none.
func checkKeptRecord(e LedgerEntry, record []byte) *LedgerProblem {
	// Named only for a problem: subjectFields allocates, and every entry
	// passes here.
	what := func() string { return e.Kind + " " + subjectFields(e.Subject)["decision"] }
	switch {
	case e.Kind != KindGateDecision && record != nil:
		return &LedgerProblem{Seq: e.Seq, Kind: ProblemRecordAltered,
			Detail: "the " + e.Kind + " entry holds a record, which only gate decisions keep"}
	case e.Kind != KindGateDecision:
		return nil
	case record == nil:
		return &LedgerProblem{Seq: e.Seq, Kind: ProblemRecordMissing, Detail: "the " + what() + " that this entry records is gone"}
	case sha256Hex(record) != e.PayloadSHA256:
		return &LedgerProblem{Seq: e.Seq, Kind: ProblemRecordAltered, Detail: "the " + what() + " no longer has the digest this entry recorded"}
	}
	return nil
}

// A recordCheck reads the records of one kind that has a table of its
// own (a gate decision is kept in its entry: see checkKeptRecord): for
// each, its ID, the subject fields its ledger entry must carry (in the
// order of fields) and its payload digest.
type recordCheck struct {
	idField string   // the subject field that holds the record's ID
	fields  []string // the subject fields compared with the record
	query   string
	scan    func(sc interface{ Scan(...any) error }) (id string, values []string, digest string, err error)
}

var recordChecks = map[string]recordCheck{
	KindSubmission: {"evidence", []string{"org"}, `SELECT sha256, org_id, content FROM evidence`,
		func(sc interface{ Scan(...any) error }) (string, []string, string, error) {
			var id, org string
			var content []byte
			err := sc.Scan(&id, &org, &content)
			// The content must still hash to the address it was ledgered under.
			return id, []string{org}, sha256Hex(content), err
		}},
	KindVerdict: {"verdict", []string{"org", "site"}, `SELECT id, org_id, site_id, verdict_json, verdict_encoding FROM verdicts`,
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
	KindSiteCheck: {"site_check", []string{"site", "kind", "result"}, `SELECT id, site_id, kind, result, checklist_sha256 FROM site_checks`,
		func(sc interface{ Scan(...any) error }) (string, []string, string, error) {
			var id, site, kind, result, digest string
			err := sc.Scan(&id, &site, &kind, &result, &digest)
			return id, []string{site, kind, result}, digest, err
		}},
	KindSuspension: {"suspension", []string{"org", "by"}, `SELECT id, org_id, suspended_by, reason FROM suspensions`,
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

// verifyRecords checks the records against the entries that ledgered
// them: every ledgered record must exist with the digest and IDs its
// entry recorded, and every record must have been ledgered. It returns
// the problem of the earliest entry, or else the first unledgered
// record.
func verifyRecords(ctx context.Context, tx *sql.Tx, ledgered ledgeredRecords) (*LedgerProblem, error) {
	var unledgered *LedgerProblem
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
			if len(entries) == 0 && unledgered == nil {
				unledgered = &LedgerProblem{Kind: ProblemUnledgered,
					Detail: fmt.Sprintf("%s %s has no ledger entry: it was added outside the store", kind, id)}
			}
			for i := range entries {
				e := &entries[i]
				e.seen = true
				if recordPrint(rc, e.mask, values, digest) != e.fp && (!bad.found || e.seq < bad.seq) {
					bad.seq, bad.kind, bad.id, bad.values, bad.digest, bad.missing, bad.found = e.seq, kind, id, values, digest, false, true
				}
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	for key, entries := range ledgered {
		for _, e := range entries {
			if !e.seen && (!bad.found || e.seq < bad.seq) {
				kind, id, _ := strings.Cut(key, "\x00")
				bad.seq, bad.kind, bad.id, bad.missing, bad.found = e.seq, kind, id, true, true
			}
		}
	}
	switch {
	case !bad.found:
		return unledgered, nil
	case bad.missing:
		return &LedgerProblem{Seq: bad.seq, Kind: ProblemRecordMissing,
			Detail: fmt.Sprintf("the %s %s that this entry records is gone", bad.kind, bad.id)}, nil
	}
	// Say what differs: the entry is read again, as only its print was
	// kept.
	var subject, digest string
	if err := tx.QueryRowContext(ctx, `SELECT subject, payload_sha256 FROM ledger WHERE seq = ?`, bad.seq).Scan(&subject, &digest); err != nil {
		return nil, err
	}
	p := &LedgerProblem{Seq: bad.seq, Kind: ProblemRecordAltered,
		Detail: fmt.Sprintf("the %s %s no longer has the digest this entry recorded", bad.kind, bad.id)}
	if digest == bad.digest {
		want := subjectFields(subject)
		for i, name := range recordChecks[bad.kind].fields {
			if got, ok := want[name]; ok && got != bad.values[i] {
				p.Detail = fmt.Sprintf("the %s %s has %s %q, the entry recorded %q", bad.kind, bad.id, name, bad.values[i], got)
				break
			}
		}
	}
	return p, nil
}
