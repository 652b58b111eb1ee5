-- 0007: every row that decides a gate or an access is bound to the
-- ledger. From here on each entry that changes a row keeps the row as it
-- became (its record, whose SHA-256 is the entry's payload_sha256), and
-- the rows that existed before are adopted as they are, one entry each
-- (store.adoptRows, run in this migration's transaction). The tables
-- whose rows the store only inserts refuse an update or a delete, and
-- the ledger refuses both: a mistake made by hand fails at once, and a
-- change made with the triggers dropped is found by "mamori audit
-- verify".

CREATE TRIGGER organizations_append_only_update BEFORE UPDATE ON organizations
BEGIN SELECT RAISE(ABORT, 'organizations are append-only'); END;
CREATE TRIGGER organizations_append_only_delete BEFORE DELETE ON organizations
BEGIN SELECT RAISE(ABORT, 'organizations are append-only'); END;
CREATE TRIGGER sites_append_only_update BEFORE UPDATE ON sites
BEGIN SELECT RAISE(ABORT, 'sites are append-only'); END;
CREATE TRIGGER sites_append_only_delete BEFORE DELETE ON sites
BEGIN SELECT RAISE(ABORT, 'sites are append-only'); END;
CREATE TRIGGER contracts_append_only_update BEFORE UPDATE ON contracts
BEGIN SELECT RAISE(ABORT, 'contracts are append-only'); END;
CREATE TRIGGER contracts_append_only_delete BEFORE DELETE ON contracts
BEGIN SELECT RAISE(ABORT, 'contracts are append-only'); END;
CREATE TRIGGER contract_subcontractors_append_only_update BEFORE UPDATE ON contract_subcontractors
BEGIN SELECT RAISE(ABORT, 'contract_subcontractors are append-only'); END;
CREATE TRIGGER contract_subcontractors_append_only_delete BEFORE DELETE ON contract_subcontractors
BEGIN SELECT RAISE(ABORT, 'contract_subcontractors are append-only'); END;
CREATE TRIGGER auditor_assignments_append_only_update BEFORE UPDATE ON auditor_assignments
BEGIN SELECT RAISE(ABORT, 'auditor_assignments are append-only'); END;
CREATE TRIGGER auditor_assignments_append_only_delete BEFORE DELETE ON auditor_assignments
BEGIN SELECT RAISE(ABORT, 'auditor_assignments are append-only'); END;
CREATE TRIGGER evidence_append_only_delete BEFORE DELETE ON evidence
BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;
CREATE TRIGGER verdicts_append_only_update BEFORE UPDATE ON verdicts
BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END;
CREATE TRIGGER verdicts_append_only_delete BEFORE DELETE ON verdicts
BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END;
CREATE TRIGGER site_checks_append_only_update BEFORE UPDATE ON site_checks
BEGIN SELECT RAISE(ABORT, 'site_checks are append-only'); END;
CREATE TRIGGER site_checks_append_only_delete BEFORE DELETE ON site_checks
BEGIN SELECT RAISE(ABORT, 'site_checks are append-only'); END;
-- Suspensions are lifted and tokens revoked in place, never deleted.
CREATE TRIGGER suspensions_append_only_delete BEFORE DELETE ON suspensions
BEGIN SELECT RAISE(ABORT, 'suspensions are lifted, never deleted'); END;
CREATE TRIGGER tokens_append_only_delete BEFORE DELETE ON tokens
BEGIN SELECT RAISE(ABORT, 'tokens are revoked, never deleted'); END;
CREATE TRIGGER ledger_append_only_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_append_only_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
