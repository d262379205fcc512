-- provision_lookup: the query of every provisioning request.
BEGIN;
SELECT plan(40);
\ir _fixture.sql

INSERT INTO nethprov.phones (mac, model) VALUES ('02:aa:00:00:50:01', 'A1'), ('02:aa:00:00:50:02', 'A2');
INSERT INTO nethprov.devices (phone_id, user_extension)
SELECT id, '8802' FROM nethprov.phones WHERE mac = '02:aa:00:00:50:01';
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT id, 'linekey_label_1', 'Line <1> & "co"' FROM nethprov.phones WHERE mac = '02:aa:00:00:50:01';
CREATE TEMP TABLE t AS
SELECT mac, tok1 AS t1, tok2 AS t2 FROM nethprov.phones WHERE mac IN ('02:aa:00:00:50:01', '02:aa:00:00:50:02');

-- First access with tok1
CREATE TEMP TABLE r1 AS
SELECT * FROM nethprov.provision_lookup((SELECT t1 FROM t WHERE mac = '02:aa:00:00:50:01'), '02aa00005001');
SELECT cmp_ok((SELECT count(*)::int FROM r1), '>', 1, 'tok1 with the right MAC: one row per stored setting');
SELECT is((SELECT count(DISTINCT (via, mac, brand, model, tok1, tok2))::int FROM r1), 1, 'every row names the same phone');
SELECT is((SELECT DISTINCT via FROM r1), 1::smallint, 'tok1: via = 1');
SELECT is((SELECT DISTINCT mac FROM r1), '02aa00005001', 'mac is 12 lowercase hex digits');
SELECT is((SELECT DISTINCT brand || '/' || model FROM r1), 'acme/A1', 'brand and model');
SELECT is((SELECT DISTINCT tok1 FROM r1), (SELECT t1 FROM t WHERE mac = '02:aa:00:00:50:01'), 'tok1 returned');
SELECT is((SELECT DISTINCT tok2 FROM r1), (SELECT t2 FROM t WHERE mac = '02:aa:00:00:50:01'), 'tok2 returned');
-- The caller's merge, written out: per name the highest level whose value does not inherit.
SELECT results_eq($$SELECT DISTINCT ON (name) name, value, level FROM r1
                    WHERE value NOT IN ('', '-')
                    ORDER BY name, array_position(ARRAY['default', 'model', 'device', 'phone'], level) DESC$$,
                  $$SELECT * FROM nethprov.phone_settings('02:aa:00:00:50:01')$$,
                  'merging the rows by the rule gives phone_effective');
SELECT is((SELECT value FROM r1 WHERE name = 'linekey_label_1' AND level = 'phone'), 'Line <1> & "co"',
          'values come back verbatim');
SELECT is((SELECT value FROM r1 WHERE name = 'account_display_name_1'), 'Test <Two> & "Co"',
          'device level included');
SELECT isnt((SELECT tok1 FROM nethprov.phones WHERE mac = '02:aa:00:00:50:01'), NULL, 'using tok1 keeps tok1');
SELECT is((SELECT provisioned_at FROM nethprov.phones WHERE mac = '02:aa:00:00:50:01'), NULL,
          'using tok1 does not mark the phone provisioned');

-- Refusals: zero rows, no error
SELECT is_empty($$SELECT * FROM nethprov.provision_lookup((SELECT t1 FROM t WHERE mac = '02:aa:00:00:50:01'), '02aa00005002')$$,
                'right token, wrong MAC: no rows');
SELECT is_empty($$SELECT * FROM nethprov.provision_lookup((SELECT t2 FROM t WHERE mac = '02:aa:00:00:50:02'), '02aa00005001')$$,
                'another phone''s token: no rows');
SELECT is_empty($$SELECT * FROM nethprov.provision_lookup(repeat('0', 40), NULL)$$, 'unknown token: no rows');
SELECT is_empty($$SELECT * FROM nethprov.provision_lookup('../../etc/passwd', NULL)$$, 'malformed token: no rows');
SELECT is_empty($$SELECT * FROM nethprov.provision_lookup('../../../../../../../etc/passwd%00aaaaaa', NULL)$$,
                'long malformed token: no rows');
SELECT is_empty($$SELECT * FROM nethprov.provision_lookup((SELECT t1 FROM t WHERE mac = '02:aa:00:00:50:01'), '02aa0000500g')$$,
                'MAC of 12 characters that are not all hex: no rows, no error');
SELECT is_empty($$SELECT * FROM nethprov.provision_lookup(NULL, NULL)$$, 'NULL token: no rows');
SELECT is_empty($$SELECT * FROM nethprov.provision_lookup((SELECT t1 FROM t WHERE mac = '02:aa:00:00:50:01'), '02:aa:00:00:50:01')$$,
                'MAC not written as 12 hex digits: no rows');
SELECT cmp_ok((SELECT count(*)::int FROM nethprov.provision_lookup((SELECT t1 FROM t WHERE mac = '02:aa:00:00:50:01'), '02AA00005001')),
          '>', 0, 'the MAC may be upper case');
SELECT is((SELECT DISTINCT mac FROM nethprov.provision_lookup((SELECT t1 FROM t WHERE mac = '02:aa:00:00:50:02'), NULL)),
          '02aa00005002', 'NULL MAC: the token alone identifies the phone');
SELECT is((SELECT count(*)::int FROM nethprov.provision_lookup((SELECT t1 FROM t WHERE mac = '02:aa:00:00:50:02'), NULL)
           WHERE level = 'device'), 0, 'unassigned phone: no device level');

-- First use of tok2 retires tok1
CREATE TEMP TABLE r2 AS
SELECT * FROM nethprov.provision_lookup((SELECT t2 FROM t WHERE mac = '02:aa:00:00:50:01'), '02aa00005001');
SELECT is((SELECT DISTINCT via FROM r2), 2::smallint, 'tok2: via = 2');
SELECT is((SELECT DISTINCT tok1 FROM r2), NULL, 'the rows returned show tok1 retired');
SELECT is((SELECT tok1 FROM nethprov.phones WHERE mac = '02:aa:00:00:50:01'), NULL, 'tok1 is retired in the table');
SELECT isnt((SELECT provisioned_at FROM nethprov.phones WHERE mac = '02:aa:00:00:50:01'), NULL, 'provisioned_at is set');
SELECT is((SELECT provisioned FROM nethprov.phones_view WHERE mac = '02:aa:00:00:50:01'), true, 'phones_view shows it');
SELECT is_empty($$SELECT * FROM nethprov.provision_lookup((SELECT t1 FROM t WHERE mac = '02:aa:00:00:50:01'), NULL)$$,
                'the retired tok1 no longer works');
SELECT is((SELECT DISTINCT via FROM nethprov.provision_lookup((SELECT t2 FROM t WHERE mac = '02:aa:00:00:50:01'), NULL)), 2::smallint,
          'tok2 keeps working');
SELECT is((SELECT tok1 FROM nethprov.phones WHERE mac = '02:aa:00:00:50:02'), (SELECT t1 FROM t WHERE mac = '02:aa:00:00:50:02'),
          'the other phone''s tok1 is untouched');

-- A new first-access token (e.g. re-registration with a redirection service)
SELECT matches(nethprov.phone_new_tok1('02:aa:00:00:50:01'), '^[0-9a-f]{40}$', 'phone_new_tok1 returns a new token');
SELECT is((SELECT DISTINCT via FROM nethprov.provision_lookup((SELECT tok1 FROM nethprov.phones WHERE mac = '02:aa:00:00:50:01'),
                                                     '02aa00005001')), 1::smallint, 'the new tok1 works');

-- The default level can be left out while the caller's copy is current
CREATE TEMP TABLE g AS SELECT gen FROM nethprov.defaults_generation;
SELECT is((SELECT DISTINCT defaults_gen FROM nethprov.provision_lookup((SELECT t2 FROM t WHERE mac = '02:aa:00:00:50:01'), NULL)),
          (SELECT gen FROM g), 'rows carry the current defaults generation');
SELECT cmp_ok((SELECT count(*)::int FROM nethprov.provision_lookup((SELECT t2 FROM t WHERE mac = '02:aa:00:00:50:01'), NULL, NULL)
               WHERE level = 'default'), '>', 0, 'no generation given: the default rows come');
SELECT is((SELECT count(*)::int FROM nethprov.provision_lookup((SELECT t2 FROM t WHERE mac = '02:aa:00:00:50:01'), NULL,
                                                              (SELECT gen FROM g)) WHERE level = 'default'),
          0, 'current generation given: no default rows');
SELECT cmp_ok((SELECT count(*)::int FROM nethprov.provision_lookup((SELECT t2 FROM t WHERE mac = '02:aa:00:00:50:01'), NULL,
                                                                  (SELECT gen FROM g)) WHERE level = 'device'),
              '>', 0, 'current generation given: the other levels still come');
UPDATE nethprov.settings_default SET value = 'en' WHERE name = 'language';
INSERT INTO nethprov.settings_default (name, value) VALUES ('language', 'en') ON CONFLICT (name) DO UPDATE SET value = 'en';
SELECT cmp_ok((SELECT gen FROM nethprov.defaults_generation), '>', (SELECT gen FROM g),
              'a write to settings_default starts a new generation');
SELECT cmp_ok((SELECT count(*)::int FROM nethprov.provision_lookup((SELECT t2 FROM t WHERE mac = '02:aa:00:00:50:01'), NULL,
                                                                  (SELECT gen FROM g)) WHERE level = 'default'),
              '>', 0, 'an old generation given: the default rows come again');
CREATE TEMP TABLE g2 AS SELECT gen FROM nethprov.defaults_generation;
INSERT INTO nethprov.settings_model (brand, model, name, value) VALUES ('acme', 'A1', 'language', 'it');
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT id, 'language', 'de' FROM nethprov.phones WHERE mac = '02:aa:00:00:50:01';
SELECT is((SELECT gen FROM nethprov.defaults_generation), (SELECT gen FROM g2),
          'writes to other levels keep the generation');

SELECT * FROM finish();
ROLLBACK;
