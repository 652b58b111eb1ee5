-- 0006: a verdict's JSON is stored compressed. verdict_encoding says how
-- verdict_json holds it: '' as it is (the verdicts stored before this
-- migration), 's2' as an S2 block (github.com/klauspost/compress/s2).
-- A submission's verdict is about 330 KB of JSON, which S2 makes about
-- 31 KB: each page written goes to the WAL and then to the database at
-- the next checkpoint, and the writes were a fifth of the server's CPU
-- time per submission. The ledger's digest is of the JSON itself.
ALTER TABLE verdicts ADD COLUMN verdict_encoding TEXT NOT NULL DEFAULT ''
	CHECK (verdict_encoding IN ('', 's2'));
