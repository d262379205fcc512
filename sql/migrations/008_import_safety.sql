-- 008: two imports at once.
--
-- Two overlapping imports running in parallel kept the data consistent, but both planned their
-- rows before either had written: the one that wrote second then failed on the phones' unique
-- MAC with a raw duplicate-key error instead of reporting its rows as unchanged. Every import
-- (import_phones, and phone_add, which goes through import_run too) now takes one transaction-
-- level advisory lock first, so imports run one after the other; each statement of the second
-- one, in READ COMMITTED, then sees what the first committed. The lock is held until the
-- transaction ends, so a caller that writes more after the import (nethprov import stores the
-- MAC-ID check codes) keeps it for that too.
--
-- The lock: pg_advisory_xact_lock(28272, 1), 28272 being 0x6e70, "np". Readers, the module and
-- the other commands never take it.
--
-- The import itself is unchanged: import_run of migration 004 (set-based, one statement per rule
-- over the whole batch) is renamed import_run_unlocked and import_run becomes the lock and a call
-- of it. A later migration that redefines the import replaces import_run_unlocked, not import_run.

ALTER FUNCTION nethprov.import_run(jsonb, boolean) RENAME TO import_run_unlocked;
COMMENT ON FUNCTION nethprov.import_run_unlocked(jsonb, boolean) IS
    'The import without its lock; call import_run (or import_phones), which takes it first';

CREATE FUNCTION nethprov.import_run(p_rows jsonb, p_partial boolean)
RETURNS TABLE (line integer, mac text, status text, message text, code text)
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock(28272, 1);
    RETURN QUERY SELECT * FROM nethprov.import_run_unlocked(p_rows, p_partial);
END
$$;
COMMENT ON FUNCTION nethprov.import_run(jsonb, boolean) IS
    'The implementation of import_phones (which see), with one more column: code, the SQLSTATE of a conflict or rejection (phone_add raises it). Takes the import lock, pg_advisory_xact_lock(28272, 1), until the transaction ends: imports run one at a time';
