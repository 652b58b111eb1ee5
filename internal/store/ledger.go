package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
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

// appendRow appends an entry that keeps a row's record in tx and moves
// the head.
func (s *SQLite) appendRow(ctx context.Context, tx *sql.Tx, kind, subject string, r rowRecord) error {
	lb := s.newLedgerBatch(tx, 1)
	if err := lb.addRow(ctx, kind, subject, r); err != nil {
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

// flush inserts the entries added so far; the batch goes on from the
// last.
func (lb *ledgerBatch) flush(ctx context.Context) error {
	if err := lb.s.insertEntries(ctx, lb.tx, lb.pending); err != nil {
		return fmt.Errorf("append ledger entries: %w", err)
	}
	lb.pending = lb.pending[:0]
	return nil
}

// finish inserts the entries and moves the head to the last.
func (lb *ledgerBatch) finish(ctx context.Context) error {
	if !lb.loaded {
		return nil
	}
	if err := lb.flush(ctx); err != nil {
		return err
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

// LedgerHashes reads the hash chain in order, in one read transaction.
func (s *SQLite) LedgerHashes(ctx context.Context, after, upTo int64, fn func(seq int64, prevHash, hash string) error) error {
	if upTo <= 0 {
		upTo = math.MaxInt64
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("read ledger: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT seq, prev_hash, hash FROM ledger WHERE seq > ? AND seq <= ? ORDER BY seq`, after, upTo)
	if err != nil {
		return fmt.Errorf("read ledger: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var prev, hash string
		if err := rows.Scan(&seq, &prev, &hash); err != nil {
			return fmt.Errorf("read ledger: %w", err)
		}
		if err := fn(seq, prev, hash); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read ledger: %w", err)
	}
	return nil
}

// ledgerFormatSubject is the subject of the entry after which every
// entry that changes a row keeps the row (migration 0007).
const ledgerFormatSubject = "records:rows version:2"

// adoptRows is migration 0007's step: it appends the ledger_format entry,
// then an adopted entry for each row of every recorded table, as the row
// is. From then on a row must match the last entry that recorded it; what
// it was before the migration is bound only as far as the entries that
// ledgered it then (a verdict's digest, a site check's result) say.
func adoptRows(ctx context.Context, s *SQLite, tx *sql.Tx) error {
	lb := s.newLedgerBatch(tx, rowsPerInsert)
	if err := lb.add(ctx, KindLedgerFormat, ledgerFormatSubject, sha256Hex([]byte(ledgerFormatSubject))); err != nil {
		return err
	}
	for _, t := range recordedTables {
		rows, err := tx.QueryContext(ctx, t.selectRows())
		if err != nil {
			return fmt.Errorf("adopt %s: %w", t.Name, err)
		}
		for rows.Next() {
			r, err := t.scanRecord(rows)
			if err == nil {
				err = lb.addRow(ctx, KindAdopted, "table:"+t.Name+" key:"+keyString(r.Key), r)
			}
			if err == nil && len(lb.pending) >= 8*rowsPerInsert {
				err = lb.flush(ctx)
			}
			if err != nil {
				rows.Close()
				return fmt.Errorf("adopt %s: %w", t.Name, err)
			}
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return fmt.Errorf("adopt %s: %w", t.Name, err)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("adopt %s: %w", t.Name, err)
		}
	}
	return lb.finish(ctx)
}
