package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/s2"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DefaultMaxEvidence is the default evidence size limit (10 MiB).
const DefaultMaxEvidence = 10 << 20

//go:embed migrations/*.sql
var migrationsFS embed.FS

// Options configure a SQLite store.
type Options struct {
	// MaxEvidence limits the size of one evidence blob; 0 means
	// DefaultMaxEvidence.
	MaxEvidence int64
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// CheckpointPages, when positive, is the WAL size in pages at which a
	// commit copies the WAL back into the database (SQLite's default is
	// 1,000). A busy server sets it lower: many short checkpoints keep the
	// commits' latency even, where fewer long ones stall them.
	CheckpointPages int
}

// SQLite is the embedded store.
type SQLite struct {
	db   *sql.DB
	opts Options
	// wmu serialises write transactions within the process; the
	// immediate transaction lock does so across processes.
	wmu sync.Mutex
	// stmts caches prepared statements by query, so that busy writes do
	// not parse their SQL each time.
	stmts sync.Map
	// schema is the schema version this code knows, which Open brought
	// the database to.
	schema int
}

// Hot statements, prepared once when the store opens.
const (
	sqlLedgerTail = `SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1`
	sqlLedgerHead = `INSERT INTO ledger_head (id, seq, hash) VALUES (1, ?, ?)
		ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`
	sqlInsertEvidence = `INSERT INTO evidence (sha256, org_id, media_type, size, content, submitted_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`
	sqlInsertVerdict = `INSERT INTO verdicts (id, org_id, site_id, catalog_id, catalog_version, policy_digest,
		evidence_digests, assessor, created_at, valid_until, verdict_json, verdict_encoding, envelope_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
)

func (s *SQLite) prepare(ctx context.Context) error {
	qs := []string{sqlLedgerTail, sqlLedgerHead, sqlInsertEvidence, sqlInsertVerdict}
	for n := 1; n <= rowsPerInsert; n++ {
		qs = append(qs, insertQuery(n))
	}
	for _, q := range qs {
		st, err := s.db.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		s.stmts.Store(q, st)
	}
	return nil
}

// txStmt returns the statement for query bound to tx: the one prepared
// at open when there is one (so busy writes do not parse their SQL each
// time), else one prepared in tx. It never asks the pool for another
// connection while tx holds one.
func (s *SQLite) txStmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	if v, ok := s.stmts.Load(query); ok {
		return tx.StmtContext(ctx, v.(*sql.Stmt)), nil
	}
	return tx.PrepareContext(ctx, query)
}

// stmt returns the statement prepared for query, preparing it on first
// use: the store's queries are constants, so the cache stays small, and
// reads do not parse their SQL each time.
func (s *SQLite) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if v, ok := s.stmts.Load(query); ok {
		return v.(*sql.Stmt), nil
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if v, loaded := s.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		return v.(*sql.Stmt), nil
	}
	return st, nil
}

// queryRow is db.QueryRowContext through the prepared statement.
func (s *SQLite) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := s.stmt(ctx, query)
	if err != nil {
		return s.db.QueryRowContext(ctx, query, args...) // which reports the error
	}
	return st.QueryRowContext(ctx, args...)
}

// query is db.QueryContext through the prepared statement.
func (s *SQLite) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

var _ Store = (*SQLite)(nil)

// DSN returns the modernc.org/sqlite data source name for file: WAL,
// a busy timeout, foreign keys, and synchronous=FULL so that a
// committed transaction survives a crash.
func DSN(file string) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Set("_txlock", "immediate")
	return "file:" + file + "?" + q.Encode()
}

// Open opens (creating if need be) the SQLite database in file and
// applies pending migrations.
func Open(ctx context.Context, file string, opts Options) (*SQLite, error) {
	if opts.MaxEvidence <= 0 {
		opts.MaxEvidence = DefaultMaxEvidence
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	dsn := DSN(file)
	if opts.CheckpointPages > 0 {
		dsn += "&_pragma=" + url.QueryEscape("wal_autocheckpoint("+strconv.Itoa(opts.CheckpointPages)+")")
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", file, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", file, err)
	}
	// Keep connections open: opening one runs the pragmas and maps the
	// WAL index, which costs more than the queries a gate makes.
	conns := max(8, 4*runtime.GOMAXPROCS(0))
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	s := &SQLite{db: db, opts: opts}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", file, err)
	}
	if err := s.prepare(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", file, err)
	}
	return s, nil
}

// Close closes the database.
func (s *SQLite) Close() error {
	s.stmts.Range(func(_, v any) bool { v.(*sql.Stmt).Close(); return true })
	return s.db.Close()
}

// DB returns the underlying database, for tests and reporting queries.
func (s *SQLite) DB() *sql.DB { return s.db }

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) {
	ents, err := fs.ReadDir(migrationsFS, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range ents {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a version number", e.Name())
		}
		b, err := migrationsFS.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.name, i+1)
		}
	}
	return ms, nil
}

// SchemaVersion is the latest schema version this code knows.
func SchemaVersion() int {
	ms, err := loadMigrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

func (s *SQLite) migrate(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	for {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("begin migration: %w", err)
		}
		var cur int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&cur); err != nil {
			tx.Rollback()
			return fmt.Errorf("read schema version: %w", err)
		}
		if cur > len(ms) {
			tx.Rollback()
			return fmt.Errorf("%w: version %d, this mamori knows up to %d", ErrSchemaTooNew, cur, len(ms))
		}
		if cur == len(ms) {
			s.schema = cur
			return tx.Rollback()
		}
		m := ms[cur]
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("apply migration %s: %w", m.name, err)
		}
		if step := migrationSteps[m.version]; step != nil {
			if err := step(ctx, s, tx); err != nil {
				tx.Rollback()
				return fmt.Errorf("apply migration %s: %w", m.name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, fmtTime(s.opts.Now())); err != nil {
			tx.Rollback()
			return fmt.Errorf("record migration %s: %w", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("commit migration %s: %w", m.name, err)
		}
	}
}

// migrationSteps are the parts of migrations that SQL alone cannot do,
// run after the migration's SQL in its transaction.
var migrationSteps = map[int]func(context.Context, *SQLite, *sql.Tx) error{
	7: adoptRows,
}

// write runs fn in a write transaction.
func (s *SQLite) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Times are stored as RFC 3339 text in UTC with nanoseconds, which sort
// as strings; the zero time is "".
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(timeLayout, s)
}

func (s *SQLite) now(t time.Time) time.Time {
	if t.IsZero() {
		return s.opts.Now().UTC()
	}
	return t.UTC()
}

func newID(prefix string) string {
	var b [12]byte
	rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// mapErr turns a constraint violation into ErrExists or ErrInvalid.
func mapErr(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE:
			return fmt.Errorf("%w: %v", ErrExists, err)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("%w: refers to an unknown record: %v", ErrInvalid, err)
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL, sqlite3.SQLITE_CONSTRAINT_TRIGGER:
			return fmt.Errorf("%w: %v", ErrInvalid, err)
		}
	}
	return err
}

func notFound(err error, what, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("get %s %q: %w", what, id, ErrNotFound)
	}
	return fmt.Errorf("get %s %q: %w", what, id, err)
}

func required(what string, fields ...string) error {
	for i := 0; i+1 < len(fields); i += 2 {
		if strings.TrimSpace(fields[i+1]) == "" {
			return fmt.Errorf("%s: %w: %s is required", what, ErrInvalid, fields[i])
		}
	}
	return nil
}

// Organisations.

func (s *SQLite) CreateOrganization(ctx context.Context, o Organization) (Organization, error) {
	if err := required("create organization", "id", o.ID, "name", o.Name); err != nil {
		return o, err
	}
	o.CreatedAt = s.now(o.CreatedAt)
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO organizations (id, name, corporate_number, cage, created_at)
			VALUES (?, ?, ?, ?, ?)`, o.ID, o.Name, o.CorporateNumber, o.CAGE, fmtTime(o.CreatedAt)); err != nil {
			return mapErr(err)
		}
		return s.appendRow(ctx, tx, KindOrganization, "organization:"+o.ID,
			tOrganizations.record(o.ID, o.Name, o.CorporateNumber, o.CAGE, fmtTime(o.CreatedAt)))
	})
	if err != nil {
		return o, fmt.Errorf("create organization %q: %w", o.ID, err)
	}
	return o, nil
}

const orgCols = `id, name, corporate_number, cage, created_at`

func scanOrg(sc interface{ Scan(...any) error }) (Organization, error) {
	var o Organization
	var created string
	if err := sc.Scan(&o.ID, &o.Name, &o.CorporateNumber, &o.CAGE, &created); err != nil {
		return o, err
	}
	var err error
	o.CreatedAt, err = parseTime(created)
	return o, err
}

func (s *SQLite) GetOrganization(ctx context.Context, id string) (Organization, error) {
	o, err := scanOrg(s.queryRow(ctx, `SELECT `+orgCols+` FROM organizations WHERE id = ?`, id))
	if err != nil {
		return o, notFound(err, "organization", id)
	}
	return o, nil
}

func (s *SQLite) ListOrganizations(ctx context.Context) ([]Organization, error) {
	rows, err := s.query(ctx, `SELECT `+orgCols+` FROM organizations ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list organizations: %w", err)
	}
	return collect(rows, "list organizations", scanOrg)
}

func collect[T any](rows *sql.Rows, what string, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// Sites.

func (s *SQLite) CreateSite(ctx context.Context, st Site) (Site, error) {
	if err := required("create site", "id", st.ID, "org", st.OrgID, "name", st.Name); err != nil {
		return st, err
	}
	st.CreatedAt = s.now(st.CreatedAt)
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sites (id, org_id, name, created_at) VALUES (?, ?, ?, ?)`,
			st.ID, st.OrgID, st.Name, fmtTime(st.CreatedAt)); err != nil {
			return mapErr(err)
		}
		return s.appendRow(ctx, tx, KindSite, "site:"+st.ID+" org:"+st.OrgID,
			tSites.record(st.ID, st.OrgID, st.Name, fmtTime(st.CreatedAt)))
	})
	if err != nil {
		return st, fmt.Errorf("create site %q: %w", st.ID, err)
	}
	return st, nil
}

func scanSite(sc interface{ Scan(...any) error }) (Site, error) {
	var st Site
	var created string
	if err := sc.Scan(&st.ID, &st.OrgID, &st.Name, &created); err != nil {
		return st, err
	}
	var err error
	st.CreatedAt, err = parseTime(created)
	return st, err
}

func (s *SQLite) GetSite(ctx context.Context, id string) (Site, error) {
	st, err := scanSite(s.queryRow(ctx, `SELECT id, org_id, name, created_at FROM sites WHERE id = ?`, id))
	if err != nil {
		return st, notFound(err, "site", id)
	}
	return st, nil
}

func (s *SQLite) ListSites(ctx context.Context, orgID string) ([]Site, error) {
	rows, err := s.query(ctx, `SELECT id, org_id, name, created_at FROM sites WHERE org_id = ? ORDER BY id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("list sites: %w", err)
	}
	return collect(rows, "list sites", scanSite)
}

// Contracts.

func (s *SQLite) CreateContract(ctx context.Context, c Contract) (Contract, error) {
	if err := required("create contract", "id", c.ID, "prime", c.PrimeOrgID); err != nil {
		return c, err
	}
	c.CreatedAt = s.now(c.CreatedAt)
	subs := append([]string{}, c.Subcontractors...)
	sort.Strings(subs)
	c.Subcontractors = subs
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO contracts (id, prime_org_id, special_clause, designation_reference, created_at)
			VALUES (?, ?, ?, ?, ?)`, c.ID, c.PrimeOrgID, c.SpecialClause, c.DesignationRef, fmtTime(c.CreatedAt)); err != nil {
			return mapErr(err)
		}
		lb := s.newLedgerBatch(tx, 1+len(subs))
		if err := lb.addRow(ctx, KindContract, "contract:"+c.ID+" prime:"+c.PrimeOrgID,
			tContracts.record(c.ID, c.PrimeOrgID, c.SpecialClause, c.DesignationRef, fmtTime(c.CreatedAt))); err != nil {
			return err
		}
		for _, sub := range subs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO contract_subcontractors (contract_id, org_id, parent) VALUES (?, ?, ?)`,
				c.ID, sub, c.Parents[sub]); err != nil {
				return fmt.Errorf("add subcontractor %q: %w", sub, mapErr(err))
			}
			if err := lb.addRow(ctx, KindContractParty, "contract:"+c.ID+" org:"+sub+" parent:"+c.Parents[sub],
				tContractParties.record(c.ID, sub, c.Parents[sub])); err != nil {
				return err
			}
		}
		return lb.finish(ctx)
	})
	if err != nil {
		return c, fmt.Errorf("create contract %q: %w", c.ID, err)
	}
	return c, nil
}

func (s *SQLite) contractSubs(ctx context.Context, c *Contract) error {
	rows, err := s.query(ctx, `SELECT org_id, parent FROM contract_subcontractors WHERE contract_id = ? ORDER BY org_id`, c.ID)
	if err != nil {
		return err
	}
	type sub struct{ org, parent string }
	subs, err := collect(rows, "list subcontractors", func(sc interface{ Scan(...any) error }) (sub, error) {
		var v sub
		return v, sc.Scan(&v.org, &v.parent)
	})
	if err != nil {
		return err
	}
	c.Subcontractors = make([]string, len(subs))
	c.Parents = nil
	for i, v := range subs {
		c.Subcontractors[i] = v.org
		if v.parent != "" {
			if c.Parents == nil {
				c.Parents = map[string]string{}
			}
			c.Parents[v.org] = v.parent
		}
	}
	return nil
}

func scanContract(sc interface{ Scan(...any) error }) (Contract, error) {
	var c Contract
	var created string
	if err := sc.Scan(&c.ID, &c.PrimeOrgID, &c.SpecialClause, &c.DesignationRef, &created); err != nil {
		return c, err
	}
	var err error
	c.CreatedAt, err = parseTime(created)
	return c, err
}

const contractCols = `id, prime_org_id, special_clause, designation_reference, created_at`

func (s *SQLite) GetContract(ctx context.Context, id string) (Contract, error) {
	c, err := scanContract(s.queryRow(ctx, `SELECT `+contractCols+` FROM contracts WHERE id = ?`, id))
	if err != nil {
		return c, notFound(err, "contract", id)
	}
	if err = s.contractSubs(ctx, &c); err != nil {
		return c, fmt.Errorf("get contract %q: %w", id, err)
	}
	return c, nil
}

func (s *SQLite) ListContracts(ctx context.Context) ([]Contract, error) {
	rows, err := s.query(ctx, `SELECT `+contractCols+` FROM contracts ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list contracts: %w", err)
	}
	cs, err := collect(rows, "list contracts", scanContract)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		if err = s.contractSubs(ctx, &cs[i]); err != nil {
			return nil, fmt.Errorf("list contracts: %w", err)
		}
	}
	return cs, nil
}

// Auditor assignments.

func (s *SQLite) AssignAuditor(ctx context.Context, subject, siteID string) error {
	if err := required("assign auditor", "subject", subject, "site", siteID); err != nil {
		return err
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		at := fmtTime(s.opts.Now())
		res, err := tx.ExecContext(ctx, `INSERT INTO auditor_assignments (subject, site_id, created_at) VALUES (?, ?, ?)
			ON CONFLICT DO NOTHING`, subject, siteID, at)
		if err != nil {
			return mapErr(err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // already assigned: nothing changed
		}
		return s.appendRow(ctx, tx, KindAuditorAssigned, "site:"+siteID+" auditor:"+subject,
			tAuditorAssignments.record(subject, siteID, at))
	})
	if err != nil {
		return fmt.Errorf("assign auditor %q to site %q: %w", subject, siteID, err)
	}
	return nil
}

func (s *SQLite) AuditorSites(ctx context.Context, subject string) ([]string, error) {
	rows, err := s.query(ctx, `SELECT site_id FROM auditor_assignments WHERE subject = ? ORDER BY site_id`, subject)
	if err != nil {
		return nil, fmt.Errorf("list auditor sites: %w", err)
	}
	return collect(rows, "list auditor sites", func(sc interface{ Scan(...any) error }) (string, error) {
		var v string
		return v, sc.Scan(&v)
	})
}

func (s *SQLite) AuditorAssigned(ctx context.Context, subject, siteID string) (bool, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM auditor_assignments WHERE subject = ? AND site_id = ?`, subject, siteID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check auditor assignment: %w", err)
	}
	return n > 0, nil
}

// Evidence.

func (s *SQLite) PutEvidence(ctx context.Context, e Evidence) (Evidence, bool, error) {
	if err := s.prepEvidence(&e); err != nil {
		return e, false, fmt.Errorf("put evidence: %w", err)
	}
	created := false
	err := s.write(ctx, func(tx *sql.Tx) error {
		lb := s.newLedgerBatch(tx, 1)
		var err error
		if created, err = s.putEvidenceTx(ctx, tx, lb, e); err != nil {
			return err
		}
		return lb.finish(ctx)
	})
	if err != nil {
		return e, false, fmt.Errorf("put evidence: %w", err)
	}
	if !created {
		got, err := s.GetEvidence(ctx, e.SHA256)
		return got, false, err
	}
	return e, true, nil
}

// prepEvidence checks an evidence record and fills in its digest, size
// and time.
func (s *SQLite) prepEvidence(e *Evidence) error {
	if err := required("put evidence", "org", e.OrgID); err != nil {
		return err
	}
	if int64(len(e.Content)) > s.opts.MaxEvidence {
		return fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(e.Content), s.opts.MaxEvidence)
	}
	if len(e.Content) == 0 {
		return fmt.Errorf("%w: empty content", ErrInvalid)
	}
	e.SHA256 = sha256Hex(e.Content)
	e.Size = int64(len(e.Content))
	e.CreatedAt = s.now(e.CreatedAt)
	return nil
}

// putEvidenceTx stores content once and ledgers a new submission.
func (s *SQLite) putEvidenceTx(ctx context.Context, tx *sql.Tx, lb *ledgerBatch, e Evidence) (bool, error) {
	ins, err := s.txStmt(ctx, tx, sqlInsertEvidence)
	if err != nil {
		return false, mapErr(err)
	}
	defer ins.Close()
	res, err := ins.ExecContext(ctx, e.SHA256, e.OrgID, e.MediaType, e.Size, e.Content, e.SubmittedBy, fmtTime(e.CreatedAt))
	if err != nil {
		return false, mapErr(err)
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return false, err
	}
	return true, lb.addRow(ctx, KindSubmission, "org:"+e.OrgID+" evidence:"+e.SHA256,
		tEvidence.record(e.SHA256, e.OrgID, e.MediaType, e.Size, sha256Value(e.SHA256), e.SubmittedBy, fmtTime(e.CreatedAt)))
}

// CreateSubmission stores a submission's evidence and the verdict made
// from it in one transaction: either all of it is durable or none.
func (s *SQLite) CreateSubmission(ctx context.Context, evs []Evidence, v Verdict) (Verdict, error) {
	for i := range evs {
		if err := s.prepEvidence(&evs[i]); err != nil {
			return v, fmt.Errorf("create submission: %w", err)
		}
	}
	v.EvidenceDigests = make([]string, len(evs))
	for i, e := range evs {
		v.EvidenceDigests[i] = e.SHA256
	}
	ins, err := s.prepVerdict(&v)
	if err != nil {
		return v, err
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		lb := s.newLedgerBatch(tx, len(evs)+1)
		for _, e := range evs {
			if _, err := s.putEvidenceTx(ctx, tx, lb, e); err != nil {
				return err
			}
		}
		if err := ins(ctx, tx, lb); err != nil {
			return err
		}
		return lb.finish(ctx)
	})
	if err != nil {
		return v, fmt.Errorf("create submission for %q: %w", v.OrgID, err)
	}
	return v, nil
}

func (s *SQLite) GetEvidence(ctx context.Context, digest string) (Evidence, error) {
	var e Evidence
	var created string
	err := s.queryRow(ctx, `SELECT sha256, org_id, media_type, size, content, submitted_by, created_at
		FROM evidence WHERE sha256 = ?`, digest).Scan(&e.SHA256, &e.OrgID, &e.MediaType, &e.Size, &e.Content, &e.SubmittedBy, &created)
	if err != nil {
		return e, notFound(err, "evidence", digest)
	}
	e.CreatedAt, err = parseTime(created)
	return e, err
}

// Verdicts.

func (s *SQLite) CreateVerdict(ctx context.Context, v Verdict) (Verdict, error) {
	if !json.Valid(v.VerdictJSON) {
		return v, fmt.Errorf("create verdict: %w: verdict JSON is malformed", ErrInvalid)
	}
	ins, err := s.prepVerdict(&v)
	if err != nil {
		return v, err
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		lb := s.newLedgerBatch(tx, 1)
		if err := ins(ctx, tx, lb); err != nil {
			return err
		}
		return lb.finish(ctx)
	})
	if err != nil {
		return v, fmt.Errorf("create verdict %q: %w", v.ID, err)
	}
	return v, nil
}

// prepVerdict checks a verdict, fills in its ID and time, and returns
// the function that inserts it in a transaction.
func (s *SQLite) prepVerdict(v *Verdict) (func(context.Context, *sql.Tx, *ledgerBatch) error, error) {
	if v.ID == "" {
		v.ID = newID("v_")
	}
	if err := required("create verdict", "org", v.OrgID, "catalog id", v.CatalogID, "policy digest", v.PolicyDigest); err != nil {
		return nil, err
	}
	if len(v.VerdictJSON) == 0 || v.VerdictJSON[0] != '{' {
		return nil, fmt.Errorf("create verdict: %w: verdict JSON is missing or not an object", ErrInvalid)
	}
	if len(v.EnvelopeJSON) > 0 && !json.Valid(v.EnvelopeJSON) {
		return nil, fmt.Errorf("create verdict: %w: envelope JSON is malformed", ErrInvalid)
	}
	v.CreatedAt = s.now(v.CreatedAt)
	if v.EvidenceDigests == nil {
		v.EvidenceDigests = []string{}
	}
	digests, err := json.Marshal(v.EvidenceDigests)
	if err != nil {
		return nil, fmt.Errorf("create verdict: %w", err)
	}
	envelope := v.EnvelopeJSON
	if envelope == nil {
		envelope = []byte{}
	}
	// Hashed and compressed before the transaction, which holds the
	// write lock.
	digest := v.SHA256
	if digest == "" {
		digest = sha256Hex(v.VerdictJSON)
	}
	body := s2.Encode(nil, v.VerdictJSON)
	rec := tVerdicts.record(v.ID, v.OrgID, v.SiteID, v.CatalogID, v.CatalogVersion, v.PolicyDigest, string(digests),
		v.Assessor, fmtTime(v.CreatedAt), fmtTime(v.ValidUntil), sha256Value(digest), encodingS2, envelope)
	return func(ctx context.Context, tx *sql.Tx, lb *ledgerBatch) error {
		ins, err := s.txStmt(ctx, tx, sqlInsertVerdict)
		if err != nil {
			return mapErr(err)
		}
		defer ins.Close()
		if _, err := ins.ExecContext(ctx, v.ID, v.OrgID, v.SiteID, v.CatalogID, v.CatalogVersion, v.PolicyDigest, string(digests),
			v.Assessor, fmtTime(v.CreatedAt), fmtTime(v.ValidUntil), body, encodingS2, envelope); err != nil {
			return mapErr(err)
		}
		return lb.addRow(ctx, KindVerdict, "verdict:"+v.ID+" org:"+v.OrgID+" site:"+v.SiteID, rec)
	}, nil
}

const verdictCols = `id, org_id, site_id, catalog_id, catalog_version, policy_digest, evidence_digests, assessor,
	created_at, valid_until, verdict_json, verdict_encoding, envelope_json`

func scanVerdict(sc interface{ Scan(...any) error }) (Verdict, error) {
	var v Verdict
	var digests, created, until, encoding string
	var body []byte
	if err := sc.Scan(&v.ID, &v.OrgID, &v.SiteID, &v.CatalogID, &v.CatalogVersion, &v.PolicyDigest, &digests, &v.Assessor,
		&created, &until, &body, &encoding, &v.EnvelopeJSON); err != nil {
		return v, err
	}
	var err error
	if v.VerdictJSON, err = decodeVerdictJSON(encoding, body); err != nil {
		return v, fmt.Errorf("verdict %s: %w", v.ID, err)
	}
	if err := json.Unmarshal([]byte(digests), &v.EvidenceDigests); err != nil {
		return v, fmt.Errorf("decode evidence digests: %w", err)
	}
	if v.CreatedAt, err = parseTime(created); err != nil {
		return v, err
	}
	v.ValidUntil, err = parseTime(until)
	return v, err
}

// How verdicts.verdict_json holds a verdict's JSON (migration 0006):
// encodingS2 is an S2 block; the verdicts stored before it are as they
// are ("").
const encodingS2 = "s2"

// maxVerdictJSON bounds the size a stored verdict's JSON may decode to,
// so that a damaged or forged block cannot make a reader allocate
// without limit. A verdict on the whole catalogue is about 330 KB.
const maxVerdictJSON = 256 << 20

// decodeVerdictJSON returns the JSON that verdict_json holds in encoding.
func decodeVerdictJSON(encoding string, body []byte) ([]byte, error) {
	switch encoding {
	case "":
		return body, nil
	case encodingS2:
		n, err := s2.DecodedLen(body)
		if err != nil {
			return nil, fmt.Errorf("stored verdict JSON is damaged: %w", err)
		}
		if n > maxVerdictJSON {
			return nil, fmt.Errorf("stored verdict JSON is damaged: it would decode to %d bytes, over the limit of %d", n, maxVerdictJSON)
		}
		b, err := s2.Decode(make([]byte, n), body)
		if err != nil {
			return nil, fmt.Errorf("stored verdict JSON is damaged: %w", err)
		}
		return b, nil
	default:
		return nil, fmt.Errorf("stored verdict JSON has an unknown encoding %q", encoding)
	}
}

func (s *SQLite) GetVerdict(ctx context.Context, id string) (Verdict, error) {
	v, err := scanVerdict(s.queryRow(ctx, `SELECT `+verdictCols+` FROM verdicts WHERE id = ?`, id))
	if err != nil {
		return v, notFound(err, "verdict", id)
	}
	return v, nil
}

func (s *SQLite) CurrentVerdict(ctx context.Context, orgID, siteID string) (Verdict, error) {
	v, err := scanVerdict(s.queryRow(ctx, `SELECT `+verdictCols+` FROM verdicts
		WHERE org_id = ? AND site_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`, orgID, siteID))
	if err != nil {
		return v, notFound(err, "current verdict", orgID+"/"+siteID)
	}
	return v, nil
}

func (s *SQLite) ListVerdicts(ctx context.Context, orgID string) ([]Verdict, error) {
	rows, err := s.query(ctx, `SELECT `+verdictCols+` FROM verdicts WHERE org_id = ?
		ORDER BY created_at DESC, rowid DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("list verdicts: %w", err)
	}
	return collect(rows, "list verdicts", scanVerdict)
}

// Site checks.

func (s *SQLite) AddSiteCheck(ctx context.Context, c SiteCheck) (SiteCheck, error) {
	if c.ID == "" {
		c.ID = newID("sc_")
	}
	if err := required("add site check", "site", c.SiteID, "kind", c.Kind, "result", c.Result,
		"auditor", c.Auditor, "checklist digest", c.ChecklistSHA256); err != nil {
		return c, err
	}
	if c.Date.IsZero() {
		return c, fmt.Errorf("add site check: %w: date is required", ErrInvalid)
	}
	c.CreatedAt = s.now(c.CreatedAt)
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO site_checks (id, site_id, kind, result, auditor, date, checklist_sha256, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, c.SiteID, c.Kind, c.Result, c.Auditor, fmtTime(c.Date),
			c.ChecklistSHA256, fmtTime(c.CreatedAt)); err != nil {
			return mapErr(err)
		}
		return s.appendRow(ctx, tx, KindSiteCheck, "site_check:"+c.ID+" site:"+c.SiteID+" kind:"+c.Kind+" result:"+c.Result,
			tSiteChecks.record(c.ID, c.SiteID, c.Kind, c.Result, c.Auditor, fmtTime(c.Date), c.ChecklistSHA256, fmtTime(c.CreatedAt)))
	})
	if err != nil {
		return c, fmt.Errorf("add site check: %w", err)
	}
	return c, nil
}

func (s *SQLite) ListSiteChecks(ctx context.Context, siteID string) ([]SiteCheck, error) {
	rows, err := s.query(ctx, `SELECT id, site_id, kind, result, auditor, date, checklist_sha256, created_at
		FROM site_checks WHERE site_id = ? ORDER BY date DESC, created_at DESC, rowid DESC`, siteID)
	if err != nil {
		return nil, fmt.Errorf("list site checks: %w", err)
	}
	return collect(rows, "list site checks", func(sc interface{ Scan(...any) error }) (SiteCheck, error) {
		var c SiteCheck
		var date, created string
		if err := sc.Scan(&c.ID, &c.SiteID, &c.Kind, &c.Result, &c.Auditor, &date, &c.ChecklistSHA256, &created); err != nil {
			return c, err
		}
		var err error
		if c.Date, err = parseTime(date); err != nil {
			return c, err
		}
		c.CreatedAt, err = parseTime(created)
		return c, err
	})
}

// Suspensions.

func (s *SQLite) Suspend(ctx context.Context, sp Suspension) (Suspension, error) {
	if sp.ID == "" {
		sp.ID = newID("susp_")
	}
	if err := required("suspend", "org", sp.OrgID, "reason", sp.Reason, "by", sp.By); err != nil {
		return sp, err
	}
	sp.Since = s.now(sp.Since)
	sp.LiftedAt, sp.LiftedBy = time.Time{}, ""
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO suspensions (id, org_id, reason, since, suspended_by) VALUES (?, ?, ?, ?, ?)`,
			sp.ID, sp.OrgID, sp.Reason, fmtTime(sp.Since), sp.By); err != nil {
			return mapErr(err)
		}
		return s.appendRow(ctx, tx, KindSuspension, "suspension:"+sp.ID+" org:"+sp.OrgID+" by:"+sp.By,
			tSuspensions.record(sp.ID, sp.OrgID, sp.Reason, fmtTime(sp.Since), sp.By, "", ""))
	})
	if err != nil {
		return sp, fmt.Errorf("suspend %q: %w", sp.OrgID, err)
	}
	return sp, nil
}

func (s *SQLite) LiftSuspension(ctx context.Context, orgID, by string, at time.Time) error {
	if err := required("lift suspension", "org", orgID, "by", by); err != nil {
		return err
	}
	at = s.now(at)
	err := s.write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM suspensions WHERE org_id = ? AND lifted_at = '' ORDER BY since`, orgID)
		if err != nil {
			return err
		}
		ids, err := collect(rows, "list active suspensions", func(sc interface{ Scan(...any) error }) (string, error) {
			var v string
			return v, sc.Scan(&v)
		})
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return ErrNotFound
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE suspensions SET lifted_at = ?, lifted_by = ? WHERE id = ?`,
				fmtTime(at), by, id); err != nil {
				return err
			}
			rec, err := tSuspensions.readRecord(ctx, tx, id)
			if err != nil {
				return err
			}
			if err := s.appendRow(ctx, tx, KindSuspensionLifted, "suspension:"+id+" org:"+orgID+" by:"+by, rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("lift suspension of %q: %w", orgID, err)
	}
	return nil
}

func scanSuspension(sc interface{ Scan(...any) error }) (Suspension, error) {
	var sp Suspension
	var since, lifted string
	if err := sc.Scan(&sp.ID, &sp.OrgID, &sp.Reason, &since, &sp.By, &lifted, &sp.LiftedBy); err != nil {
		return sp, err
	}
	var err error
	if sp.Since, err = parseTime(since); err != nil {
		return sp, err
	}
	sp.LiftedAt, err = parseTime(lifted)
	return sp, err
}

const suspensionCols = `id, org_id, reason, since, suspended_by, lifted_at, lifted_by`

func (s *SQLite) ActiveSuspension(ctx context.Context, orgID string) (Suspension, error) {
	sp, err := scanSuspension(s.queryRow(ctx, `SELECT `+suspensionCols+` FROM suspensions
		WHERE org_id = ? AND lifted_at = '' ORDER BY since DESC LIMIT 1`, orgID))
	if err != nil {
		return sp, notFound(err, "active suspension", orgID)
	}
	return sp, nil
}

func (s *SQLite) ListSuspensions(ctx context.Context, orgID string) ([]Suspension, error) {
	rows, err := s.query(ctx, `SELECT `+suspensionCols+` FROM suspensions WHERE org_id = ? ORDER BY since DESC, rowid DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("list suspensions: %w", err)
	}
	return collect(rows, "list suspensions", scanSuspension)
}

// Gate decisions.

func (s *SQLite) RecordGateDecisions(ctx context.Context, ds ...GateDecision) error {
	for i := range ds {
		d := &ds[i]
		if d.ID == "" {
			d.ID = newID("g_")
		}
		if err := required("record gate decision", "gate", d.Gate, "org", d.OrgID, "decision", d.Decision); err != nil {
			return err
		}
		if len(d.Signed) == 0 {
			return fmt.Errorf("record gate decision: %w: signed is required", ErrInvalid)
		}
		if d.Gate != GateMembership && d.Gate != GateExchange {
			return fmt.Errorf("record gate decision: %w: gate %q, want %s or %s", ErrInvalid, d.Gate, GateMembership, GateExchange)
		}
		if d.Decision != DecisionAllow && d.Decision != DecisionDeny {
			return fmt.Errorf("record gate decision: %w: decision %q, want %s or %s", ErrInvalid, d.Decision, DecisionAllow, DecisionDeny)
		}
	}
	// The entry is the record: it holds the signed decision.
	err := s.write(ctx, func(tx *sql.Tx) error {
		lb := s.newLedgerBatch(tx, len(ds))
		for _, d := range ds {
			subject := "gate:" + d.Gate + " decision:" + d.ID + " org:" + d.OrgID + " site:" + d.SiteID +
				" contract:" + d.ContractID + " verdict:" + d.VerdictID + " outcome:" + d.Decision
			if err := lb.addRecord(ctx, KindGateDecision, subject, sha256Hex(d.Signed), d.Signed); err != nil {
				return err
			}
		}
		return lb.finish(ctx)
	})
	if err != nil {
		return fmt.Errorf("record gate decisions: %w", err)
	}
	return nil
}

// Tokens.

// TokenPrefix starts every raw bearer token.
const TokenPrefix = "mamori_"

// HashToken is the stored form of a raw token.
func HashToken(raw string) string { return sha256Hex([]byte(raw)) }

func (s *SQLite) CreateToken(ctx context.Context, t Token) (Token, string, error) {
	if err := required("create token", "subject", t.Subject, "role", t.Role); err != nil {
		return t, "", err
	}
	switch t.Role {
	case RoleCompany, RolePrime:
		if t.OrgID == "" {
			return t, "", fmt.Errorf("create token: %w: role %s needs an organisation", ErrInvalid, t.Role)
		}
	case RoleAuditor, RoleGate, RoleAdmin:
	default:
		return t, "", fmt.Errorf("create token: %w: unknown role %q", ErrInvalid, t.Role)
	}
	if t.ID == "" {
		t.ID = newID("tok_")
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return t, "", fmt.Errorf("create token: %w", err)
	}
	raw := TokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	hash := HashToken(raw)
	t.CreatedAt = s.now(t.CreatedAt)
	t.RevokedAt = time.Time{}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO tokens (id, hash, subject, role, org_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			t.ID, hash, t.Subject, t.Role, t.OrgID, fmtTime(t.CreatedAt)); err != nil {
			return mapErr(err)
		}
		return s.appendRow(ctx, tx, KindTokenCreated, "token:"+t.ID+" subject:"+t.Subject+" role:"+t.Role+" org:"+t.OrgID,
			tTokens.record(t.ID, hash, t.Subject, t.Role, t.OrgID, fmtTime(t.CreatedAt), ""))
	})
	if err != nil {
		return t, "", fmt.Errorf("create token: %w", err)
	}
	return t, raw, nil
}

const tokenCols = `id, subject, role, org_id, created_at, revoked_at`

func scanToken(sc interface{ Scan(...any) error }) (Token, error) {
	var t Token
	var created, revoked string
	if err := sc.Scan(&t.ID, &t.Subject, &t.Role, &t.OrgID, &created, &revoked); err != nil {
		return t, err
	}
	var err error
	if t.CreatedAt, err = parseTime(created); err != nil {
		return t, err
	}
	t.RevokedAt, err = parseTime(revoked)
	return t, err
}

func (s *SQLite) LookupToken(ctx context.Context, raw string) (Token, error) {
	t, err := scanToken(s.queryRow(ctx, `SELECT `+tokenCols+` FROM tokens WHERE hash = ? AND revoked_at = ''`,
		HashToken(raw)))
	if err != nil {
		// Never echo the raw token.
		return t, notFound(err, "token", "…")
	}
	return t, nil
}

func (s *SQLite) RevokeToken(ctx context.Context, id string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		var subject, role, org string
		err := tx.QueryRowContext(ctx, `SELECT subject, role, org_id FROM tokens WHERE id = ? AND revoked_at = ''`, id).
			Scan(&subject, &role, &org)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked_at = ? WHERE id = ?`, fmtTime(s.opts.Now()), id); err != nil {
			return err
		}
		rec, err := tTokens.readRecord(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.appendRow(ctx, tx, KindTokenRevoked, "token:"+id+" subject:"+subject+" role:"+role+" org:"+org, rec)
	})
	if err != nil {
		return fmt.Errorf("revoke token %q: %w", id, err)
	}
	return nil
}

func (s *SQLite) ListTokens(ctx context.Context) ([]Token, error) {
	rows, err := s.query(ctx, `SELECT `+tokenCols+` FROM tokens ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	return collect(rows, "list tokens", scanToken)
}

// Generation returns a counter that moves forward whenever a record that
// gates and token checks read changes (organisations, sites, contracts,
// auditor assignments, verdicts, site checks, suspensions, tokens), by
// this process or another. Caches compare it to know when to drop.
//
// It fails with ErrSchemaTooNew once a newer mamori has migrated the
// database under this one, so that a server still running notices
// before it reads or writes with the old schema in mind.
func (s *SQLite) Generation(ctx context.Context) (int64, error) {
	var n int64
	var version int
	if err := s.queryRow(ctx, `SELECT n, (SELECT COALESCE(MAX(version), 0) FROM schema_migrations)
		FROM generation WHERE id = 1`).Scan(&n, &version); err != nil {
		return 0, fmt.Errorf("read generation: %w", err)
	}
	if version > s.schema {
		return 0, fmt.Errorf("%w: version %d, this mamori knows up to %d", ErrSchemaTooNew, version, s.schema)
	}
	return n, nil
}

// Ping checks that the database answers.
func (s *SQLite) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }
