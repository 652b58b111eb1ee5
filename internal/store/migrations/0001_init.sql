-- 0001: the verdict service's records and the hash-chained ledger.

CREATE TABLE organizations (
	id               TEXT PRIMARY KEY,
	name             TEXT NOT NULL,
	corporate_number TEXT NOT NULL DEFAULT '',
	cage             TEXT NOT NULL DEFAULT '',
	tier             INTEGER,
	prime            TEXT NOT NULL DEFAULT '',
	created_at       TEXT NOT NULL
);

CREATE TABLE sites (
	id         TEXT PRIMARY KEY,
	org_id     TEXT NOT NULL REFERENCES organizations(id),
	name       TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX sites_org ON sites(org_id);

CREATE TABLE contracts (
	id                    TEXT PRIMARY KEY,
	prime_org_id          TEXT NOT NULL REFERENCES organizations(id),
	special_clause        INTEGER NOT NULL,
	designation_reference TEXT NOT NULL DEFAULT '',
	created_at            TEXT NOT NULL
);

CREATE TABLE contract_subcontractors (
	contract_id TEXT NOT NULL REFERENCES contracts(id),
	org_id      TEXT NOT NULL REFERENCES organizations(id),
	PRIMARY KEY (contract_id, org_id)
);
CREATE INDEX contract_subcontractors_org ON contract_subcontractors(org_id);

CREATE TABLE auditor_assignments (
	subject    TEXT NOT NULL,
	site_id    TEXT NOT NULL REFERENCES sites(id),
	created_at TEXT NOT NULL,
	PRIMARY KEY (subject, site_id)
);

-- Evidence blobs are immutable and addressed by their SHA-256.
CREATE TABLE evidence (
	sha256       TEXT PRIMARY KEY,
	org_id       TEXT NOT NULL REFERENCES organizations(id),
	media_type   TEXT NOT NULL DEFAULT '',
	size         INTEGER NOT NULL,
	content      BLOB NOT NULL,
	submitted_by TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL
);
CREATE TRIGGER evidence_immutable BEFORE UPDATE ON evidence
BEGIN SELECT RAISE(ABORT, 'evidence is immutable'); END;

CREATE TABLE verdicts (
	id               TEXT PRIMARY KEY,
	org_id           TEXT NOT NULL REFERENCES organizations(id),
	site_id          TEXT NOT NULL DEFAULT '',
	catalog_id       TEXT NOT NULL,
	catalog_version  TEXT NOT NULL,
	policy_digest    TEXT NOT NULL,
	evidence_digests TEXT NOT NULL,
	assessor         TEXT NOT NULL,
	created_at       TEXT NOT NULL,
	valid_until      TEXT NOT NULL DEFAULT '',
	verdict_json     BLOB NOT NULL,
	envelope_json    BLOB NOT NULL
);
CREATE INDEX verdicts_current ON verdicts(org_id, site_id, created_at);

CREATE TABLE site_checks (
	id                TEXT PRIMARY KEY,
	site_id           TEXT NOT NULL REFERENCES sites(id),
	kind              TEXT NOT NULL CHECK (kind IN ('pre', 'final')),
	result            TEXT NOT NULL CHECK (result IN ('pass', 'fail')),
	auditor           TEXT NOT NULL,
	date              TEXT NOT NULL,
	checklist_sha256  TEXT NOT NULL,
	created_at        TEXT NOT NULL
);
CREATE INDEX site_checks_site ON site_checks(site_id, kind, date);

CREATE TABLE suspensions (
	id        TEXT PRIMARY KEY,
	org_id    TEXT NOT NULL REFERENCES organizations(id),
	reason    TEXT NOT NULL,
	since     TEXT NOT NULL,
	suspended_by TEXT NOT NULL,
	lifted_at TEXT NOT NULL DEFAULT '',
	lifted_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX suspensions_org ON suspensions(org_id, lifted_at);

CREATE TABLE gate_decisions (
	id          TEXT PRIMARY KEY,
	gate        TEXT NOT NULL CHECK (gate IN ('membership', 'exchange')),
	org_id      TEXT NOT NULL,
	site_id     TEXT NOT NULL DEFAULT '',
	contract_id TEXT NOT NULL DEFAULT '',
	decision    TEXT NOT NULL CHECK (decision IN ('allow', 'deny')),
	verdict_id  TEXT NOT NULL DEFAULT '',
	reasons     TEXT NOT NULL,
	signed      BLOB NOT NULL,
	created_at  TEXT NOT NULL
);

-- API tokens: only the SHA-256 of the raw token is kept.
CREATE TABLE tokens (
	id         TEXT PRIMARY KEY,
	hash       TEXT NOT NULL UNIQUE,
	subject    TEXT NOT NULL,
	role       TEXT NOT NULL CHECK (role IN ('company', 'auditor', 'prime', 'gate', 'admin')),
	org_id     TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	revoked_at TEXT NOT NULL DEFAULT ''
);

-- The ledger: hash-chained, append-only. ledger_head repeats the last
-- entry so that a truncated tail shows.
CREATE TABLE ledger (
	seq            INTEGER PRIMARY KEY,
	time           TEXT NOT NULL,
	kind           TEXT NOT NULL,
	subject        TEXT NOT NULL,
	payload_sha256 TEXT NOT NULL,
	prev_hash      TEXT NOT NULL,
	hash           TEXT NOT NULL
);

CREATE TABLE ledger_head (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	seq  INTEGER NOT NULL,
	hash TEXT NOT NULL
);
