-- 0004: a gate decision is kept in its ledger entry. The signed decision
-- moves from the gate_decisions table to the entry's record column, so
-- that a busy gate writes one row per decision, not two rows and a key
-- index entry. record is NULL for the other kinds, whose records have
-- tables of their own; it is not part of the entry's hash, which binds
-- it through payload_sha256 (its SHA-256).
ALTER TABLE ledger ADD COLUMN record BLOB;

-- A gate decision entry's subject reads "gate:G decision:ID org:O ...".
UPDATE ledger SET record = (
	SELECT signed FROM gate_decisions
	WHERE id = substr(ledger.subject, instr(ledger.subject, ' decision:') + 10,
		instr(ledger.subject, ' org:') - instr(ledger.subject, ' decision:') - 10)
)
WHERE kind = 'gate_decision';

DROP TABLE gate_decisions;
