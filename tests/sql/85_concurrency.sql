-- Two sessions racing for the same user's devices (dblink opens the second and third sessions).
-- What they work on must be committed for them to see it, so this file commits its own data
-- through a "setup" session and removes it at the end; its names (brand racetest, MACs
-- 02:ab:..., user 8850) are used by no other test.
BEGIN;
SELECT plan(9);
CREATE EXTENSION IF NOT EXISTS dblink;

CREATE TEMP TABLE race_conn AS
SELECT format('host=%s port=%s dbname=%s user=%s application_name=racetest',
              split_part(current_setting('unix_socket_directories'), ',', 1), current_setting('port'),
              current_database(), current_user) AS s;

SELECT dblink_connect('setup', (SELECT s FROM race_conn));
-- Also run first: a run that died half-way leaves its data behind.
CREATE FUNCTION pg_temp.race_cleanup() RETURNS text LANGUAGE sql AS $f$
    SELECT dblink_exec('setup', $q$
        DO $$
        BEGIN
            IF EXISTS (SELECT 1 FROM nethprov.users WHERE extension = '8850') THEN
                PERFORM nethprov.user_remove('8850', true);
            END IF;
            DELETE FROM nethprov.phones WHERE brand = 'racetest';
            DELETE FROM nethprov.models WHERE brand = 'racetest';
            DELETE FROM nethprov.mac_ranges WHERE brand = 'racetest';
            DELETE FROM nethprov.brands WHERE name = 'racetest';
        END
        $$ $q$)
$f$;
SELECT pg_temp.race_cleanup();
SELECT dblink_exec('setup', $q$
    DO $$
    BEGIN
        PERFORM nethprov.sync_brand('racetest', 'Race Test', ARRAY['02ab00000000-02abffffffff'], '[{"name": "R1"}]');
        PERFORM nethprov.user_add('8850', 'Race User');
        PERFORM nethprov.phone_add(('02:ab:00:00:00:0' || i)::macaddr, 'R1') FROM generate_series(1, 9) AS i;
        -- six devices: two slots left
        PERFORM nethprov.assign(('02:ab:00:00:00:0' || i)::macaddr, '8850') FROM generate_series(1, 6) AS i;
    END
    $$ $q$);

-- Case 1: the last two slots, taken at the same time, go to different extensions.
SELECT dblink_connect('a', (SELECT s FROM race_conn));
SELECT dblink_connect('b', (SELECT s FROM race_conn));
SELECT dblink_exec('a', 'BEGIN');
SELECT is((SELECT e FROM dblink('a', $$SELECT device_extension FROM nethprov.assign('02:ab:00:00:00:07', '8850')$$)
                   AS t(e text)), '968850', 'session A takes the 7th device, 968850, and keeps its transaction open');
SELECT dblink_send_query('b', $$SELECT device_extension FROM nethprov.assign('02:ab:00:00:00:08', '8850')$$);
SELECT pg_sleep(0.3);
SELECT is(dblink_is_busy('b'), 1, 'session B waits for A (the user row is locked)');
SELECT dblink_exec('a', 'COMMIT');
SELECT is((SELECT e FROM dblink_get_result('b') AS t(e text)), '978850',
          'once A commits, B gets the next free extension, 978850, not A''s');
SELECT is((SELECT count(*)::int FROM dblink_get_result('b') AS t(e text)), 0, '... and nothing more');

-- Case 2: one slot left and two sessions want it: exactly one gets it. B waits for A, and once A
-- has committed B is refused with 23514 (had B read the devices without waiting, both would win).
SELECT dblink_exec('setup', $x$DO $d$ BEGIN PERFORM nethprov.unassign('02:ab:00:00:00:08'); END $d$$x$);
SELECT dblink_exec('a', 'BEGIN');
SELECT is((SELECT e FROM dblink('a', $$SELECT device_extension FROM nethprov.assign('02:ab:00:00:00:08', '8850')$$)
                   AS t(e text)), '978850', 'session A takes the last slot, uncommitted');
SELECT dblink_send_query('b', $$SELECT device_extension FROM nethprov.assign('02:ab:00:00:00:09', '8850')$$);
SELECT pg_sleep(0.3);
SELECT is(dblink_is_busy('b'), 1, 'session B, wanting the same slot, waits');
SELECT dblink_exec('a', 'COMMIT');
SELECT throws_ok($$SELECT * FROM dblink_get_result('b') AS t(e text)$$, '23514', NULL,
                 'A committed: B is refused, the user has 8 devices (23514)');
SELECT dblink_get_result('b', false);

SELECT is((SELECT n FROM dblink('setup', $$SELECT count(*)::int FROM nethprov.devices WHERE user_extension = '8850'$$)
                   AS t(n int)), 8, 'the user ends with exactly 8 devices');
SELECT is((SELECT n FROM dblink('setup', $$SELECT count(DISTINCT extension)::int FROM nethprov.devices
                                          WHERE user_extension = '8850'$$) AS t(n int)), 8, '... all different');

SELECT pg_temp.race_cleanup();
SELECT dblink_disconnect('a');
SELECT dblink_disconnect('b');
SELECT dblink_disconnect('setup');

SELECT * FROM finish();
ROLLBACK;
