-- 0002: a generation counter that every change to what the gates and
-- the token checks read moves forward, so that a server can cache those
-- records and drop its cache when another process (mamori admin import,
-- mamori token) writes to the same database.

CREATE TABLE generation (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  INTEGER NOT NULL
);
INSERT INTO generation (id, n) VALUES (1, 0);

CREATE TRIGGER organizations_gen_insert AFTER INSERT ON organizations
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER organizations_gen_update AFTER UPDATE ON organizations
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER organizations_gen_delete AFTER DELETE ON organizations
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER sites_gen_insert AFTER INSERT ON sites
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER sites_gen_update AFTER UPDATE ON sites
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER sites_gen_delete AFTER DELETE ON sites
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER contracts_gen_insert AFTER INSERT ON contracts
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER contracts_gen_update AFTER UPDATE ON contracts
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER contracts_gen_delete AFTER DELETE ON contracts
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER contract_subcontractors_gen_insert AFTER INSERT ON contract_subcontractors
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER contract_subcontractors_gen_update AFTER UPDATE ON contract_subcontractors
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER contract_subcontractors_gen_delete AFTER DELETE ON contract_subcontractors
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER auditor_assignments_gen_insert AFTER INSERT ON auditor_assignments
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER auditor_assignments_gen_update AFTER UPDATE ON auditor_assignments
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER auditor_assignments_gen_delete AFTER DELETE ON auditor_assignments
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER verdicts_gen_insert AFTER INSERT ON verdicts
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER verdicts_gen_update AFTER UPDATE ON verdicts
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER verdicts_gen_delete AFTER DELETE ON verdicts
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER site_checks_gen_insert AFTER INSERT ON site_checks
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER site_checks_gen_update AFTER UPDATE ON site_checks
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER site_checks_gen_delete AFTER DELETE ON site_checks
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER suspensions_gen_insert AFTER INSERT ON suspensions
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER suspensions_gen_update AFTER UPDATE ON suspensions
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER suspensions_gen_delete AFTER DELETE ON suspensions
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER tokens_gen_insert AFTER INSERT ON tokens
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER tokens_gen_update AFTER UPDATE ON tokens
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER tokens_gen_delete AFTER DELETE ON tokens
BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
