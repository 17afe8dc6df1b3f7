"""The database triggers that guard the audit log, as SQL per database vendor.

Append-only (from migration 0002): UPDATE and DELETE of an event are refused. Chain (0003): an
insert must extend the chain head by exactly one link (sequence = head + 1 and previous_hash =
head's hash), and the same trigger moves the head forward, so a writer that skipped the lock, or
a row slipped in by hand without the head, is refused rather than forking the chain."""

APPEND_ONLY = {
    "sqlite": [
        """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
           BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
        """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
           BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    ],
    "postgresql": [
        """CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_auditevent
           FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()""",
    ],
}
DROP_APPEND_ONLY = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_event_no_update",
        "DROP TRIGGER IF EXISTS audit_event_no_delete",
    ],
    "postgresql": ["DROP TRIGGER IF EXISTS audit_event_no_update ON audit_auditevent"],
}
CHAIN = {
    "sqlite": [
        """CREATE TRIGGER audit_chain_link BEFORE INSERT ON audit_auditevent
           BEGIN SELECT RAISE(ABORT, 'an audit event must extend the chain head')
           WHERE NOT EXISTS (SELECT 1 FROM audit_auditchainhead h WHERE h.id = 1
                             AND NEW.sequence = h.sequence + 1 AND NEW.previous_hash = h.hash);
           END""",
        """CREATE TRIGGER audit_chain_advance AFTER INSERT ON audit_auditevent
           BEGIN UPDATE audit_auditchainhead SET sequence = NEW.sequence, hash = NEW.hash
           WHERE id = 1; END""",
    ],
    "postgresql": [
        """CREATE OR REPLACE FUNCTION audit_chain_append() RETURNS trigger AS $$
           DECLARE head_sequence bigint; head_hash varchar(64);
           BEGIN
             SELECT sequence, hash INTO head_sequence, head_hash
               FROM audit_auditchainhead WHERE id = 1 FOR UPDATE;
             IF head_sequence IS NULL OR NEW.sequence IS DISTINCT FROM head_sequence + 1
                OR NEW.previous_hash IS DISTINCT FROM head_hash THEN
               RAISE EXCEPTION 'an audit event must extend the chain head';
             END IF;
             UPDATE audit_auditchainhead SET sequence = NEW.sequence, hash = NEW.hash
               WHERE id = 1;
             RETURN NEW;
           END; $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER audit_chain_append BEFORE INSERT ON audit_auditevent
           FOR EACH ROW EXECUTE FUNCTION audit_chain_append()""",
    ],
}
DROP_CHAIN = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_chain_link",
        "DROP TRIGGER IF EXISTS audit_chain_advance",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_chain_append ON audit_auditevent",
        "DROP FUNCTION IF EXISTS audit_chain_append()",
    ],
}
