-- Migration 006: the redirect services' state (rps_status, rps_record, rps_is_registered,
-- rps_set_check_code, rps_report) and token rotation (phone_rotate_token).
BEGIN;
SELECT plan(34);
\ir _fixture.sql

SELECT has_table('nethprov', 'rps_status', 'table rps_status exists');
SELECT has_view('nethprov', 'rps_report', 'view rps_report exists');
SELECT columns_are('nethprov', 'rps_status',
    ARRAY['phone_id', 'service', 'state', 'message', 'url_sha256', 'check_code', 'updated'],
    'rps_status has the documented columns (no URL: it holds tok1)');
SELECT has_function('nethprov', 'rps_record', ARRAY['macaddr', 'text', 'text', 'text', 'text'], 'rps_record(macaddr, text, text, text, text)');
SELECT has_function('nethprov', 'rps_is_registered', ARRAY['macaddr', 'text'], 'rps_is_registered(macaddr, text)');
SELECT has_function('nethprov', 'rps_set_check_code', ARRAY['macaddr', 'text'], 'rps_set_check_code(macaddr, text)');
SELECT has_function('nethprov', 'phone_rotate_token', ARRAY['macaddr', 'text'], 'phone_rotate_token(macaddr, text)');
SELECT ok(obj_description('nethprov.rps_status'::regclass) IS NOT NULL, 'rps_status is commented');
SELECT ok(obj_description('nethprov.phone_rotate_token(macaddr, text)'::regprocedure) IS NOT NULL, 'phone_rotate_token is commented');

INSERT INTO nethprov.phones (mac, model) VALUES ('02:aa:00:00:86:01', 'A1'), ('02:aa:00:00:86:02', 'A1');

-- rps_record / rps_is_registered
SELECT is(nethprov.rps_is_registered('02:aa:00:00:86:01', 'https://pbx/p/t1/'), false, 'rps_is_registered: no row is false');
SELECT lives_ok($$SELECT nethprov.rps_record('02:aa:00:00:86:01', 'yealink', 'registered', 'OK', 'https://pbx/p/t1/')$$,
    'rps_record: a registration');
SELECT is((SELECT url_sha256 FROM nethprov.rps_status s JOIN nethprov.phones p ON p.id = s.phone_id
           WHERE p.mac = '02:aa:00:00:86:01'),
          encode(sha256('https://pbx/p/t1/'::bytea), 'hex'), '... only the SHA-256 of the URL is kept');
SELECT is(nethprov.rps_is_registered('02:aa:00:00:86:01', 'https://pbx/p/t1/'), true, 'rps_is_registered: same URL');
SELECT is(nethprov.rps_is_registered('02:aa:00:00:86:01', 'https://pbx/p/t2/'), false, 'rps_is_registered: another URL');
SELECT is(nethprov.rps_is_registered('02:aa:00:00:86:02', 'https://pbx/p/t1/'), false, 'rps_is_registered: another phone');
SELECT lives_ok($$SELECT nethprov.rps_record('02:aa:00:00:86:01', 'yealink', 'failed', 'owned by another account', NULL)$$,
    'rps_record: a failure replaces the row');
SELECT results_eq($$SELECT service, state, message, url_sha256 FROM nethprov.rps_status s JOIN nethprov.phones p ON p.id = s.phone_id
                    WHERE p.mac = '02:aa:00:00:86:01'$$,
    $$VALUES ('yealink', 'failed', 'owned by another account', NULL::text)$$, '... state, message, no URL hash');
SELECT is(nethprov.rps_is_registered('02:aa:00:00:86:01', 'https://pbx/p/t1/'), false, '... and the phone is not registered any more');
SELECT throws_ok($$SELECT nethprov.rps_record('02:aa:00:00:86:01', 'yealink', 'registered', 'OK', NULL)$$, '22004',
    'rps_record: a registration of phone 02:aa:00:00:86:01 needs the URL registered', 'rps_record: registered needs the URL');
SELECT throws_ok($$SELECT nethprov.rps_record('02:aa:00:00:86:01', 'yealink', 'done', NULL, NULL)$$, '23514', NULL,
    'rps_record: unknown state');
SELECT throws_ok($$SELECT nethprov.rps_record('02:aa:00:00:86:09', 'yealink', 'failed', NULL, NULL)$$, 'P0002',
    'phone 02:aa:00:00:86:09 not found', 'rps_record: unknown phone');

-- check codes
SELECT lives_ok($$SELECT nethprov.rps_set_check_code('02:aa:00:00:86:02', ' ab12 ')$$, 'rps_set_check_code');
SELECT results_eq($$SELECT service, state, check_code FROM nethprov.rps_report WHERE mac = '02:aa:00:00:86:02'$$,
    $$VALUES ('acme', 'pending', 'AB12')$$, '... upper case, a pending row named after the brand');
SELECT lives_ok($$SELECT nethprov.rps_record('02:aa:00:00:86:02', 'gigaset', 'registered', 'OK', 'u')$$, 'rps_record after a check code');
SELECT is((SELECT check_code FROM nethprov.rps_report WHERE mac = '02:aa:00:00:86:02'), 'AB12', '... keeps the check code');
SELECT throws_ok($$SELECT nethprov.rps_set_check_code('02:aa:00:00:86:02', 'AB-1')$$, '22023',
    'invalid MAC-ID check code "AB-1" for phone 02:aa:00:00:86:02: 4 letters or digits, as printed after the MAC on the label',
    'rps_set_check_code: malformed');

-- the row goes with the phone
SELECT lives_ok($$SELECT nethprov.phone_remove('02:aa:00:00:86:02')$$, 'phone_remove');
SELECT is((SELECT count(*)::int FROM nethprov.rps_report WHERE mac = '02:aa:00:00:86:02'), 0, '... removes its RPS state');

-- phone_rotate_token
CREATE TEMP TABLE t_before AS SELECT tok1, tok2 FROM nethprov.phones WHERE mac = '02:aa:00:00:86:01';
CREATE TEMP TABLE t_new AS SELECT nethprov.phone_rotate_token('02:aa:00:00:86:01', 'tok1') AS tok;
SELECT is((SELECT tok FROM t_new), (SELECT tok1 FROM nethprov.phones WHERE mac = '02:aa:00:00:86:01'),
    'phone_rotate_token tok1 returns the new tok1');
SELECT ok((SELECT p.tok1 <> b.tok1 AND p.tok2 = b.tok2 AND p.tok1 ~ '^[0-9a-f]{40}$'
           FROM nethprov.phones p, t_before b WHERE p.mac = '02:aa:00:00:86:01'), '... a new 40-hex tok1, tok2 unchanged');
SELECT lives_ok($$SELECT nethprov.phone_rotate_token('02:aa:00:00:86:01', 'tok2')$$, 'phone_rotate_token tok2');
SELECT ok((SELECT p.tok2 <> b.tok2 FROM nethprov.phones p, t_before b WHERE p.mac = '02:aa:00:00:86:01'), '... a new tok2');
UPDATE nethprov.phones SET tok1 = NULL WHERE mac = '02:aa:00:00:86:01';
SELECT isnt(nethprov.phone_rotate_token('02:aa:00:00:86:01', 'tok1'), NULL, 'phone_rotate_token: a retired tok1 is issued again');
SELECT throws_ok($$SELECT nethprov.phone_rotate_token('02:aa:00:00:86:01', 'tok3')$$, '22023',
    'phone_rotate_token: "tok3" is not a token: tok1 or tok2', 'phone_rotate_token: neither tok1 nor tok2');

SELECT * FROM finish();
ROLLBACK;
