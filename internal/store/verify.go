package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Ledger problems.
const (
	ProblemAltered   = "altered"   // an entry's hash does not match its content
	ProblemDeleted   = "deleted"   // a sequence number is missing
	ProblemRelinked  = "relinked"  // prev_hash does not match the previous entry
	ProblemTruncated = "truncated" // entries after the last are missing
	ProblemHead      = "head"      // the head record is missing or disagrees
	// Against checkpoints:
	ProblemRolledBack  = "rolled_back"  // the ledger has fewer entries than a checkpoint counted
	ProblemRewritten   = "rewritten"    // the ledger's first entries are not those a checkpoint counted
	ProblemOtherLedger = "other_ledger" // a checkpoint of another ledger
	// Records checked against the entries that ledgered them:
	ProblemRecordAltered = "record_altered" // a record no longer matches its entry's digest, IDs or columns
	ProblemRecordMissing = "record_missing" // a ledgered record was deleted
	ProblemUnledgered    = "unledgered"     // a record was added outside the store, with no entry
)

// LedgerProblem is the first problem found: the entry (Seq, 0 for a row
// that no entry recorded), and where the difference is: the table, the
// row's key and the column. Detail says it in English, DetailJA in
// Japanese.
type LedgerProblem struct {
	Seq      int64  `json:"seq"`
	Kind     string `json:"kind"`
	Table    string `json:"table"`
	Key      string `json:"key,omitempty"`
	Column   string `json:"column,omitempty"`
	Detail   string `json:"detail"`
	DetailJA string `json:"detail_ja"`
}

func (p *LedgerProblem) String() string {
	var b strings.Builder
	if p.Seq > 0 {
		fmt.Fprintf(&b, "entry %d: ", p.Seq)
	}
	fmt.Fprintf(&b, "%s: %s", p.Kind, p.Where())
	return b.String() + ": " + p.Detail
}

// Where names the table, key and column.
func (p *LedgerProblem) Where() string {
	w := p.Table
	if p.Key != "" {
		w += " " + p.Key
	}
	if p.Column != "" {
		w += " column " + p.Column
	}
	return w
}

func ledgerProblem(seq int64, kind, table, key, column, en, ja string) *LedgerProblem {
	return &LedgerProblem{Seq: seq, Kind: kind, Table: table, Key: key, Column: column, Detail: en, DetailJA: ja}
}

// entryProblem is a problem with a ledger entry itself.
func entryProblem(seq int64, kind, column, en, ja string) *LedgerProblem {
	return ledgerProblem(seq, kind, "ledger", strconv.FormatInt(seq, 10), column, en, ja)
}

// TableCheck is what verification read of one table.
type TableCheck struct {
	Table    string   `json:"table"`
	Coverage Coverage `json:"coverage"`
	Rows     int64    `json:"rows"`
	Why      string   `json:"why,omitempty"`
}

// CheckpointCheck is a checkpoint held against the ledger.
type CheckpointCheck struct {
	Checkpoint
	// OK is set when the ledger extends it.
	OK bool `json:"ok"`
}

// LedgerReport is the result of verifying the ledger: what was read,
// and the first problem.
type LedgerReport struct {
	Entries int64 `json:"entries"`
	LastSeq int64 `json:"last_seq"`
	// Kept counts the gate decisions kept in their entries; Adopted the
	// rows that existed when the ledger began to keep rows (migration
	// 0007), bound as they were then.
	Kept    int64 `json:"gate_decisions"`
	Adopted int64 `json:"adopted"`
	// Origin names the ledger, as its checkpoints do.
	Origin      string            `json:"origin,omitempty"`
	Tables      []TableCheck      `json:"tables"`
	Checkpoints []CheckpointCheck `json:"checkpoints,omitempty"`
	Problem     *LedgerProblem    `json:"problem,omitempty"`
}

// OK reports whether the ledger verified.
func (r LedgerReport) OK() bool { return r.Problem == nil }

// rowKinds are the entry kinds that keep a row as their record, with
// the tables they may record.
var rowKinds = func() map[string][]*TableSpec {
	m := map[string][]*TableSpec{KindAdopted: recordedTables}
	for _, t := range recordedTables {
		for _, k := range t.Kinds {
			m[k] = append(m[k], t)
		}
	}
	return m
}()

// rowState is the last entry that recorded a row: kept small, as
// verification holds one for every row.
type rowState struct {
	seq    int64
	digest [sha256.Size]byte
	seen   bool
}

// VerifyLedger checks the ledger and every row that decides a gate or an
// access against it, and against the checkpoints given (which the caller
// has verified with OpenCheckpoint).
//
// It walks the chain from the first entry and reports the first altered
// entry (its hash does not match), deleted entry (a gap in seq or a
// prev_hash that does not match) or truncated tail (the head records a
// later entry than the last); then a checkpoint the ledger no longer
// extends (rolled back, or rewritten); then each table's rows against
// the entries that recorded them, naming the table, key and column of
// the first difference (by entry) or the first row that no entry
// recorded. An error means the ledger could not be read; a problem found
// is a report with a Problem.
func (s *SQLite) VerifyLedger(ctx context.Context, cps ...Checkpoint) (LedgerReport, error) {
	var rep LedgerReport
	// One read transaction, so that the walk, the head and the rows
	// agree.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return rep, fmt.Errorf("verify ledger: %w", err)
	}
	defer tx.Rollback()
	w := newLedgerWalk(cps)
	rows, err := tx.QueryContext(ctx, `SELECT seq, time, kind, subject, payload_sha256, prev_hash, hash, record FROM ledger ORDER BY seq`)
	if err != nil {
		return rep, fmt.Errorf("verify ledger: %w", err)
	}
	for rows.Next() {
		var e LedgerEntry
		var record sql.RawBytes
		if err := rows.Scan(&e.Seq, &e.Time, &e.Kind, &e.Subject, &e.PayloadSHA256, &e.PrevHash, &e.Hash, &record); err != nil {
			rows.Close()
			return rep, fmt.Errorf("verify ledger: %w", err)
		}
		if err := w.entry(&e, record); err != nil {
			rows.Close()
			return rep, fmt.Errorf("verify ledger: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return rep, fmt.Errorf("verify ledger: %w", err)
	}
	rows.Close()
	rep = w.rep
	if rep.Problem == nil {
		var headSeq int64
		var headHash string
		err = tx.QueryRowContext(ctx, `SELECT seq, hash FROM ledger_head WHERE id = 1`).Scan(&headSeq, &headHash)
		if err != nil && err != sql.ErrNoRows {
			return rep, fmt.Errorf("verify ledger: read head: %w", err)
		}
		rep.Problem = checkHead(err == nil, headSeq, headHash, rep.LastSeq, w.prev, rep.Entries)
	}
	if rep.Problem == nil {
		rep.Problem = w.checkpointsProblem()
	}
	rep.Checkpoints = w.cps
	tables, p, err := w.verifyRows(ctx, tx)
	if err != nil {
		return rep, fmt.Errorf("verify ledger: %w", err)
	}
	rep.Tables = tables
	if rep.Problem == nil {
		rep.Problem = p
	}
	return rep, nil
}

// checkHead compares the head record with the last entry.
func checkHead(present bool, headSeq int64, headHash string, last int64, lastHash string, entries int64) *LedgerProblem {
	switch {
	case !present && entries > 0:
		return ledgerProblem(last, ProblemHead, "ledger_head", "1", "",
			"the ledger head record is missing", "台帳の先頭記録（ledger_head）がありません")
	case !present:
		return nil
	case headSeq > last:
		return ledgerProblem(last+1, ProblemTruncated, "ledger_head", "1", "seq",
			fmt.Sprintf("the head records entry %d but the last entry is %d: the tail was deleted", headSeq, last),
			fmt.Sprintf("先頭記録はエントリ %d を指していますが、最後のエントリは %d です。末尾が削除されています", headSeq, last))
	case headSeq < last:
		return ledgerProblem(headSeq+1, ProblemHead, "ledger_head", "1", "seq",
			fmt.Sprintf("the head records entry %d but entries run to %d: entries were added outside the store", headSeq, last),
			fmt.Sprintf("先頭記録はエントリ %d を指していますが、エントリは %d まであります。ストアの外で追加されています", headSeq, last))
	case headHash != lastHash:
		return ledgerProblem(headSeq, ProblemHead, "ledger_head", "1", "hash",
			"the head's hash does not match the last entry", "先頭記録のハッシュが最後のエントリと一致しません")
	}
	return nil
}

// ledgerWalk checks entries as they are read, in order.
type ledgerWalk struct {
	rep       LedgerReport
	want      int64
	prev      string
	firstHash string
	// rows keeps, for each recorded row (table, NUL, key), the last
	// entry that recorded it.
	rows map[string]*rowState
	// recordsFrom is the ledger_format entry, after which every entry
	// of a row kind must keep its row.
	recordsFrom int64
	// legacy indexes the entries written before that, which bind a
	// record by its digest and IDs only.
	legacy ledgeredRecords
	// entryProblem is the first entry whose own record does not match
	// it.
	entryProblem *LedgerProblem
	cps          []CheckpointCheck
	tree         *LedgerTree
	treeErr      error
}

func newLedgerWalk(cps []Checkpoint) *ledgerWalk {
	w := &ledgerWalk{want: 1, prev: GenesisHash, rows: map[string]*rowState{}, legacy: ledgeredRecords{}}
	for _, c := range cps {
		w.cps = append(w.cps, CheckpointCheck{Checkpoint: c})
	}
	if len(cps) > 0 {
		w.tree = &LedgerTree{}
	}
	return w
}

func (w *ledgerWalk) entry(e *LedgerEntry, record []byte) error {
	w.rep.Entries++
	if w.rep.Entries == 1 {
		w.firstHash = e.Hash
		w.rep.Origin = Origin(e.Hash)
	}
	switch e.Kind {
	case KindGateDecision:
		w.rep.Kept++
	case KindAdopted:
		w.rep.Adopted++
	case KindLedgerFormat:
		if w.recordsFrom == 0 {
			w.recordsFrom = e.Seq
		}
	}
	if w.entryProblem == nil {
		w.entryProblem = w.checkRecord(e, record)
	}
	if w.rep.Problem != nil {
		return nil // count the rest
	}
	switch {
	case e.Seq != w.want:
		if e.Seq > w.want {
			en := fmt.Sprintf("entry %d is missing (next present is %d)", w.want, e.Seq)
			ja := fmt.Sprintf("エントリ %d がありません（次にあるのは %d）", w.want, e.Seq)
			if e.Seq > w.want+1 {
				en = fmt.Sprintf("entries %d to %d are missing", w.want, e.Seq-1)
				ja = fmt.Sprintf("エントリ %d から %d がありません", w.want, e.Seq-1)
			}
			w.rep.Problem = entryProblem(w.want, ProblemDeleted, "seq", en, ja)
		} else {
			w.rep.Problem = entryProblem(e.Seq, ProblemDeleted, "seq",
				fmt.Sprintf("sequence goes back from %d", w.want-1), fmt.Sprintf("連番が %d から戻っています", w.want-1))
		}
	case e.PrevHash != w.prev:
		w.rep.Problem = entryProblem(e.Seq, ProblemRelinked, "prev_hash",
			"prev_hash does not match the previous entry's hash: an entry before it was deleted or altered",
			"prev_hash が前のエントリのハッシュと一致しません。前のエントリが削除または改ざんされています")
	case e.ComputeHash() != e.Hash:
		w.rep.Problem = entryProblem(e.Seq, ProblemAltered, "",
			"hash does not match the entry's content (time, kind, subject or payload_sha256)",
			"ハッシュがエントリの内容（time、kind、subject、payload_sha256）と一致しません")
	}
	w.rep.LastSeq = e.Seq
	w.want, w.prev = e.Seq+1, e.Hash
	if w.tree != nil && w.rep.Problem == nil && w.treeErr == nil {
		if w.treeErr = w.tree.Add(e.Hash); w.treeErr == nil {
			w.checkpointsAt()
		}
	}
	return nil
}

// checkpointsAt compares the tree with the checkpoints of its size.
func (w *ledgerWalk) checkpointsAt() {
	for i := range w.cps {
		c := &w.cps[i]
		if c.Size != w.tree.Size() {
			continue
		}
		root, err := w.tree.Root()
		c.OK = err == nil && root == c.Root && w.tree.Head() == c.Head && Origin(w.firstHash) == c.Origin
	}
}

// checkpointsProblem is the first checkpoint the ledger does not
// extend.
func (w *ledgerWalk) checkpointsProblem() *LedgerProblem {
	if w.treeErr != nil {
		return entryProblem(w.tree.Size()+1, ProblemAltered, "hash", w.treeErr.Error(), w.treeErr.Error())
	}
	for _, c := range w.cps {
		switch {
		case c.OK:
		case c.Origin != w.rep.Origin:
			return ledgerProblem(0, ProblemOtherLedger, "ledger", "1", "",
				fmt.Sprintf("the checkpoint of %s is of ledger %s, this is %s: another database, or the ledger was rewritten from its first entry",
					c.Time.UTC().Format("2006-01-02T15:04:05Z"), c.Origin, w.rep.Origin),
				fmt.Sprintf("%s のチェックポイントは台帳 %s のもので、この台帳は %s です。別のデータベースか、最初のエントリから書き換えられています",
					c.Time.UTC().Format("2006-01-02T15:04:05Z"), c.Origin, w.rep.Origin))
		case c.Size > w.rep.LastSeq:
			return ledgerProblem(w.rep.LastSeq+1, ProblemRolledBack, "ledger", strconv.FormatInt(w.rep.LastSeq+1, 10), "",
				fmt.Sprintf("the checkpoint of %s counted %d entries, the ledger has %d: entries %d to %d were removed (rolled back)",
					c.Time.UTC().Format("2006-01-02T15:04:05Z"), c.Size, w.rep.LastSeq, w.rep.LastSeq+1, c.Size),
				fmt.Sprintf("%s のチェックポイントは %d エントリを数えましたが、台帳には %d しかありません。エントリ %d から %d が削除（巻き戻し）されています",
					c.Time.UTC().Format("2006-01-02T15:04:05Z"), c.Size, w.rep.LastSeq, w.rep.LastSeq+1, c.Size))
		default:
			return ledgerProblem(c.Size, ProblemRewritten, "ledger", strconv.FormatInt(c.Size, 10), "hash",
				fmt.Sprintf("the ledger's first %d entries are not those the checkpoint of %s counted: its history was rewritten",
					c.Size, c.Time.UTC().Format("2006-01-02T15:04:05Z")),
				fmt.Sprintf("台帳の最初の %d エントリが %s のチェックポイントの数えたものと異なります。履歴が書き換えられています",
					c.Size, c.Time.UTC().Format("2006-01-02T15:04:05Z")))
		}
	}
	return nil
}

// checkRecord checks the record an entry keeps: a signed gate decision
// against the digest the entry recorded, a row record likewise (and
// indexes it), or the legacy entries' IDs and digests for later.
func (w *ledgerWalk) checkRecord(e *LedgerEntry, record []byte) *LedgerProblem {
	tables, isRow := rowKinds[e.Kind]
	switch {
	case e.Kind == KindGateDecision:
		return checkKeptRecord(e, record)
	case !isRow && record != nil:
		return entryProblem(e.Seq, ProblemRecordAltered, "record",
			"the "+e.Kind+" entry holds a record, which entries of its kind do not keep",
			e.Kind+" のエントリがレコードを保持していますが、この種類のエントリは保持しません")
	case !isRow:
		return nil
	case record == nil && w.recordsFrom > 0:
		return entryProblem(e.Seq, ProblemRecordMissing, "record",
			"the "+e.Kind+" entry keeps no record of the row it changed",
			e.Kind+" のエントリが変更した行のレコードを保持していません")
	case record == nil:
		if _, ok := recordChecks[e.Kind]; ok {
			w.legacy.add(*e)
		}
		return nil
	}
	sum := sha256.Sum256(record)
	if hex.EncodeToString(sum[:]) != e.PayloadSHA256 {
		return entryProblem(e.Seq, ProblemRecordAltered, "record",
			"the row record this entry keeps no longer has the digest the entry recorded",
			"このエントリが保持する行のレコードが、エントリの記録したダイジェストと一致しません")
	}
	r, err := decodeRecord(record)
	var t *TableSpec
	if err == nil {
		if t = tableSpec(r.Table); t == nil || !slices.Contains(tables, t) || len(r.Key) != len(t.Key) {
			err = fmt.Errorf("a %s entry cannot record a row of %q", e.Kind, r.Table)
		}
	}
	if err != nil {
		return entryProblem(e.Seq, ProblemRecordAltered, "record",
			"the row record this entry keeps cannot be read: "+err.Error(),
			"このエントリが保持する行のレコードを読めません: "+err.Error())
	}
	st := w.rows[t.Name+"\x00"+keyString(r.Key)]
	if st == nil {
		st = &rowState{}
		w.rows[t.Name+"\x00"+keyString(r.Key)] = st
	}
	st.seq, st.digest = e.Seq, sum
	return nil
}

// checkKeptRecord checks the signed gate decision kept in an entry
// against the digest the entry recorded.
func checkKeptRecord(e *LedgerEntry, record []byte) *LedgerProblem {
	id := func() string { return subjectFields(e.Subject)["decision"] }
	switch {
	case record == nil:
		return ledgerProblem(e.Seq, ProblemRecordMissing, "ledger", strconv.FormatInt(e.Seq, 10), "record",
			"the gate_decision "+id()+" that this entry records is gone",
			"このエントリが記録したゲート判定 "+id()+" がありません")
	case sha256Hex(record) != e.PayloadSHA256:
		return ledgerProblem(e.Seq, ProblemRecordAltered, "ledger", strconv.FormatInt(e.Seq, 10), "record",
			"the gate_decision "+id()+" no longer has the digest this entry recorded",
			"ゲート判定 "+id()+" がこのエントリの記録したダイジェストと一致しません")
	}
	return nil
}

// verifyRows reads every table and checks the recorded ones' rows
// against the entries that recorded them. It returns what it read and
// the problem of the earliest entry, else the first row no entry
// recorded.
func (w *ledgerWalk) verifyRows(ctx context.Context, tx *sql.Tx) ([]TableCheck, *LedgerProblem, error) {
	var checks []TableCheck
	// The earliest entry a row no longer matches, and the row.
	var bad struct {
		seq   int64
		table *TableSpec
		key   string
		row   rowRecord
		found bool
	}
	var unledgered *LedgerProblem
	for _, t := range Tables() {
		tc := TableCheck{Table: t.Name, Coverage: t.Coverage, Why: t.Why}
		spec := tableSpec(t.Name)
		if spec == nil {
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t.Name).Scan(&tc.Rows); err != nil {
				return nil, nil, err
			}
			checks = append(checks, tc)
			continue
		}
		rows, err := tx.QueryContext(ctx, spec.selectRows())
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			r, err := spec.scanRecord(rows)
			if err != nil {
				rows.Close()
				return nil, nil, err
			}
			tc.Rows++
			key := keyString(r.Key)
			st := w.rows[spec.Name+"\x00"+key]
			switch {
			case st == nil:
				if unledgered == nil {
					unledgered = ledgerProblem(0, ProblemUnledgered, spec.Name, key, "",
						fmt.Sprintf("%s %s has no ledger entry: it was added outside the store", spec.Name, key),
						fmt.Sprintf("%s %s に台帳のエントリがありません。ストアの外で追加されています", spec.Name, key))
				}
			case sha256.Sum256(r.encode()) != st.digest:
				st.seen = true
				if !bad.found || st.seq < bad.seq {
					bad.seq, bad.table, bad.key, bad.row, bad.found = st.seq, spec, key, r, true
				}
			default:
				st.seen = true
			}
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, nil, err
		}
		rows.Close()
		checks = append(checks, tc)
	}
	missing := ""
	for _, k := range slices.Sorted(maps.Keys(w.rows)) {
		if st := w.rows[k]; !st.seen && (!bad.found || st.seq < bad.seq) {
			bad.seq, bad.found, missing = st.seq, true, k
		}
	}
	legacy, err := verifyLegacyRecords(ctx, tx, w.legacy)
	if err != nil {
		return nil, nil, err
	}
	var p *LedgerProblem
	switch {
	case !bad.found:
	case missing != "":
		table, key, _ := strings.Cut(missing, "\x00")
		p = ledgerProblem(bad.seq, ProblemRecordMissing, table, key, "",
			fmt.Sprintf("%s %s, which this entry recorded, is gone", table, key),
			fmt.Sprintf("このエントリが記録した %s %s がありません", table, key))
	default:
		if p, err = w.describe(ctx, tx, bad.seq, bad.table, bad.key, bad.row); err != nil {
			return nil, nil, err
		}
	}
	for _, q := range []*LedgerProblem{w.entryProblem, legacy} {
		if q != nil && (p == nil || q.Seq < p.Seq) {
			p = q
		}
	}
	if p == nil {
		p = unledgered
	}
	return checks, p, nil
}

// describe names the first column in which a row differs from the
// record of entry seq: verification keeps only each record's digest,
// so the entry is read again.
func (w *ledgerWalk) describe(ctx context.Context, tx *sql.Tx, seq int64, t *TableSpec, key string, row rowRecord) (*LedgerProblem, error) {
	var record []byte
	if err := tx.QueryRowContext(ctx, `SELECT record FROM ledger WHERE seq = ?`, seq).Scan(&record); err != nil {
		return nil, err
	}
	want, err := decodeRecord(record)
	if err != nil {
		return nil, err
	}
	col, got, was := t.firstDifference(row, want)
	p := ledgerProblem(seq, ProblemRecordAltered, t.Name, key, col,
		fmt.Sprintf("%s %s has %s %q, the entry recorded %q", t.Name, key, col, got, was),
		fmt.Sprintf("%s %s の %s は %q ですが、エントリは %q と記録しています", t.Name, key, col, got, was))
	if strings.HasPrefix(got, "sha256:") || strings.HasPrefix(was, "sha256:") {
		p.Detail = fmt.Sprintf("%s %s: %s no longer has the value the entry recorded", t.Name, key, col)
		p.DetailJA = fmt.Sprintf("%s %s の %s がエントリの記録した値と一致しません", t.Name, key, col)
	}
	return p, nil
}
