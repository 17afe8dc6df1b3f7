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
# PostgreSQL, from migration 0004: the same chain check once per statement, not once per row. A
# per-row trigger updated the one head row for every event, and within a transaction each update
# leaves a row version the next lookup walks past. This one sees the statement's rows in a
# transition table: they must be contiguous links (lag() over sequence) starting at the head,
# which is then moved once to the last. It runs after the rows are in but before the statement
# ends, so a refusal still undoes the whole INSERT.
CHAIN_BULK = {
    "postgresql": [
        """CREATE OR REPLACE FUNCTION audit_chain_append_rows() RETURNS trigger AS $$
           DECLARE head_sequence bigint; head_hash varchar(64);
             last_sequence bigint; last_hash varchar(64); broken boolean;
           BEGIN
             SELECT sequence, hash INTO head_sequence, head_hash
               FROM audit_auditchainhead WHERE id = 1 FOR UPDATE;
             SELECT bool_or(r.sequence IS NULL
                            OR r.sequence IS DISTINCT FROM
                               coalesce(r.before_sequence, head_sequence) + 1
                            OR r.previous_hash IS DISTINCT FROM
                               coalesce(r.before_hash, head_hash)
                            OR (r.before_sequence IS NULL AND r.position > 1))
               INTO broken
               FROM (SELECT sequence, previous_hash,
                            lag(sequence) OVER w AS before_sequence,
                            lag(hash) OVER w AS before_hash,
                            row_number() OVER w AS position
                       FROM new_rows WINDOW w AS (ORDER BY sequence NULLS FIRST)) r;
             IF broken IS NULL THEN  -- no rows
               RETURN NULL;
             END IF;
             IF broken OR head_sequence IS NULL THEN
               RAISE EXCEPTION 'an audit event must extend the chain head';
             END IF;
             SELECT sequence, hash INTO last_sequence, last_hash
               FROM new_rows ORDER BY sequence DESC LIMIT 1;
             UPDATE audit_auditchainhead SET sequence = last_sequence, hash = last_hash
               WHERE id = 1;
             RETURN NULL;
           END; $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER audit_chain_append_rows AFTER INSERT ON audit_auditevent
           REFERENCING NEW TABLE AS new_rows
           FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_append_rows()""",
    ],
}
DROP_CHAIN_BULK = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_chain_append_rows ON audit_auditevent",
        "DROP FUNCTION IF EXISTS audit_chain_append_rows()",
    ],
}
