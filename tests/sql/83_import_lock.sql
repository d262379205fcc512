-- Migration 008: an import holds the import lock until its transaction ends, so two imports run
-- one after the other (tests/integration/test_import.py runs two at once); the import is the same.
BEGIN;
SELECT plan(5);
\ir _fixture.sql

SELECT is((SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()), 0,
    'no import lock before an import');
SELECT results_eq($$SELECT status FROM nethprov.import_phones('[{"mac": "02:aa:00:00:83:01", "model": "A1"}]')$$,
    ARRAY['added'], 'import: a phone added');
SELECT results_eq($$SELECT mode, granted FROM pg_locks
                    WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND classid = 28272 AND objid = 1$$,
    $$VALUES ('ExclusiveLock'::text, true)$$, '... holding the import lock (28272, 1) until the transaction ends');
SELECT is(nethprov.phone_add('02:aa:00:00:83:01', 'A1'), 'unchanged', 'phone_add goes through the same lock');
SELECT has_function('nethprov', 'import_run_unlocked', ARRAY['jsonb', 'boolean'], 'the lock-free import is kept under its own name');

SELECT * FROM finish();
ROLLBACK;
