-- 0003: the tier structure of a contract's flow-down. parent is the
-- organisation a subcontractor receives the contract's information from;
-- '' means the prime (tier 1).
ALTER TABLE contract_subcontractors ADD COLUMN parent TEXT NOT NULL DEFAULT '';
