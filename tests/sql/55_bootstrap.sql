-- bootstrap_lookup: the token-less bootstrap request (migration 005).
BEGIN;
SELECT plan(24);
\ir _fixture.sql

INSERT INTO nethprov.phones (mac, model) VALUES ('02:aa:00:00:55:01', 'A1'), ('02:aa:00:00:55:02', 'A2');
INSERT INTO nethprov.phones (mac) VALUES ('02:aa:00:00:55:03');   -- model pending
INSERT INTO nethprov.devices (phone_id, user_extension)
SELECT id, '8802' FROM nethprov.phones WHERE mac = '02:aa:00:00:55:01';
CREATE TEMP TABLE t AS
SELECT mac, tok1 AS t1, tok2 AS t2 FROM nethprov.phones WHERE mac::text LIKE '02:aa:00:00:55:%';

-- The interface: what it returns is all a bootstrap file can ever contain.
SELECT has_function('nethprov', 'bootstrap_lookup', ARRAY['text'], 'bootstrap_lookup(text)');
SELECT is_definer('nethprov', 'bootstrap_lookup', ARRAY['text'], 'bootstrap_lookup is SECURITY DEFINER');
SELECT is((SELECT array_agg(n ORDER BY o)
           FROM pg_proc AS f, unnest(f.proargnames, f.proargmodes::text[]) WITH ORDINALITY AS a (n, m, o)
           WHERE f.oid = 'nethprov.bootstrap_lookup(text)'::regprocedure AND m = 't'),
          ARRAY['mac', 'brand', 'model', 'tok1']::text[], 'it returns mac, brand, model, tok1 and nothing else');
SELECT isnt((SELECT obj_description('nethprov.bootstrap_lookup(text)'::regprocedure, 'pg_proc')), NULL,
            'bootstrap_lookup has a comment');

-- A phone waiting for its first provisioning
SELECT is((SELECT count(*)::int FROM nethprov.bootstrap_lookup('02aa00005501')), 1, 'known phone with tok1: one row');
SELECT is((SELECT mac || ' ' || brand || ' ' || model FROM nethprov.bootstrap_lookup('02aa00005501')),
          '02aa00005501 acme A1', 'mac as 12 lowercase hex digits, brand, model');
SELECT is((SELECT tok1 FROM nethprov.bootstrap_lookup('02aa00005501')),
          (SELECT t1 FROM t WHERE mac = '02:aa:00:00:55:01'), 'its tok1');
SELECT is((SELECT tok1 FROM nethprov.bootstrap_lookup('02AA00005501')),
          (SELECT t1 FROM t WHERE mac = '02:aa:00:00:55:01'), 'the MAC may be upper case');
SELECT is((SELECT tok1 FROM nethprov.bootstrap_lookup('02aa00005502')),
          (SELECT t1 FROM t WHERE mac = '02:aa:00:00:55:02'), 'each phone gets its own tok1');
SELECT is((SELECT coalesce(model, '(pending)') FROM nethprov.bootstrap_lookup('02aa00005503')), '(pending)',
          'a phone whose model is pending: model NULL');

-- Refusals: zero rows, never an error
SELECT is_empty($$SELECT * FROM nethprov.bootstrap_lookup('02aa000055ff')$$, 'unknown MAC: no rows');
SELECT is_empty($$SELECT * FROM nethprov.bootstrap_lookup('02:aa:00:00:55:01')$$, 'MAC not as 12 hex digits: no rows');
SELECT is_empty($$SELECT * FROM nethprov.bootstrap_lookup('02aa0000550g')$$, '12 characters, not all hex: no rows');
SELECT is_empty($$SELECT * FROM nethprov.bootstrap_lookup('02aa0000550')$$, '11 hex digits: no rows');
SELECT is_empty($$SELECT * FROM nethprov.bootstrap_lookup(NULL)$$, 'NULL: no rows');
SELECT is_empty($$SELECT * FROM nethprov.bootstrap_lookup((SELECT t1 FROM t WHERE mac = '02:aa:00:00:55:01'))$$,
                'a token is not a MAC: no rows');

-- It changes nothing
SELECT is((SELECT tok1 FROM nethprov.phones WHERE mac = '02:aa:00:00:55:01'), (SELECT t1 FROM t WHERE mac = '02:aa:00:00:55:01'),
          'bootstrap_lookup keeps tok1');
SELECT is((SELECT provisioned_at FROM nethprov.phones WHERE mac = '02:aa:00:00:55:01'), NULL,
          'bootstrap_lookup does not mark the phone provisioned');

-- The first use of tok2 ends the bootstrap; a new tok1 (phone_new_tok1) opens it again
SELECT cmp_ok((SELECT count(*)::int FROM nethprov.provision_lookup((SELECT t2 FROM t WHERE mac = '02:aa:00:00:55:01'), '02aa00005501')),
              '>', 0, 'the phone fetches its config with tok2');
SELECT is_empty($$SELECT * FROM nethprov.bootstrap_lookup('02aa00005501')$$, 'provisioned phone (tok1 retired): no rows');
SELECT matches(nethprov.phone_new_tok1('02:aa:00:00:55:01'), '^[0-9a-f]{40}$', 'phone_new_tok1 issues a new tok1');
SELECT is((SELECT tok1 FROM nethprov.bootstrap_lookup('02aa00005501')),
          (SELECT tok1 FROM nethprov.phones WHERE mac = '02:aa:00:00:55:01'), 'after phone_new_tok1: the new tok1');

-- The web server's role (as scripts/common.sh makes nethprov_web): USAGE on the schema, no table privilege
CREATE ROLE np_test_bootstrap_web NOLOGIN;
GRANT USAGE ON SCHEMA nethprov TO np_test_bootstrap_web;
SET LOCAL ROLE np_test_bootstrap_web;
SELECT is((SELECT mac FROM nethprov.bootstrap_lookup('02aa00005502')), '02aa00005502',
          'the web role may call bootstrap_lookup');
SELECT throws_ok($$SELECT tok1 FROM nethprov.phones$$, '42501', NULL, 'the web role cannot read phones');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
