-- 0005: an organisation's tier and prime are not its own. A company can
-- supply several primes, at a different tier under each, so both belong
-- to the contracts, whose flow-down (contract_subcontractors.parent)
-- records them. No request or registry file could set these two columns.
ALTER TABLE organizations DROP COLUMN tier;
ALTER TABLE organizations DROP COLUMN prime;
