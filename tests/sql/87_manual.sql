-- 007_manual: a brand's <manual> data (set_brand_manual) and the URL an admin types into a phone's
-- web UI (phone_manual).
BEGIN;
SELECT plan(28);
\ir _fixture.sql

SELECT has_function('nethprov', 'set_brand_manual', ARRAY['text', 'text', 'text', 'text', 'boolean'],
    'set_brand_manual(text, text, text, text, boolean)');
SELECT has_function('nethprov', 'phone_manual', ARRAY['macaddr', 'text'], 'phone_manual(macaddr, text)');
SELECT columns_are('nethprov', 'brands',
    ARRAY['name', 'display_name', 'manual_where', 'manual_disable', 'manual_file', 'manual_noscheme'],
    'brands: the manual columns');

-- set_brand_manual
SELECT lives_ok($$SELECT nethprov.set_brand_manual('acme', 'Setup > Provisioning > URL', 'Auto DHCP', '{MAC}.xml', false)$$,
    'set_brand_manual: where, disable and a file');
SELECT row_eq($$SELECT manual_where, manual_disable, manual_file, manual_noscheme FROM nethprov.brands WHERE name = 'acme'$$,
    ROW('Setup > Provisioning > URL'::text, 'Auto DHCP'::text, '{MAC}.xml'::text, false), '... stored');
SELECT lives_ok($$SELECT nethprov.set_brand_manual('acmeoem', 'Config > Path', 'Option 66 override', NULL, true)$$,
    'set_brand_manual: noscheme without a file');
SELECT throws_ok($$SELECT nethprov.set_brand_manual('nosuch', 'a', 'b', NULL, false)$$, 'P0002',
    'brand "nosuch" not found', 'set_brand_manual: unknown brand');
SELECT throws_ok($$SELECT nethprov.set_brand_manual('acme', 'a', NULL, NULL, false)$$, '22023',
    'manual data of brand "acme": where and disable go together, and file and noscheme need them',
    'set_brand_manual: where without disable');
SELECT throws_ok($$SELECT nethprov.set_brand_manual('acme', NULL, NULL, '{mac}.cfg', false)$$, '22023',
    'manual data of brand "acme": where and disable go together, and file and noscheme need them',
    'set_brand_manual: a file without text');
SELECT throws_ok($$SELECT nethprov.set_brand_manual('acme', E'a\nb', 'c', NULL, false)$$, '22023',
    'manual data of brand "acme": where and disable are one line of text each, not empty',
    'set_brand_manual: a line break');
SELECT throws_ok($$SELECT nethprov.set_brand_manual('acme', 'a', ' ', NULL, false)$$, '22023',
    'manual data of brand "acme": where and disable are one line of text each, not empty',
    'set_brand_manual: blank text');
SELECT throws_ok($$SELECT nethprov.set_brand_manual('acme', 'a', 'b', '../{mac}.cfg', false)$$, '22023',
    'invalid manual file "../{mac}.cfg" of brand "acme": letters, digits, . _ - and at most one {mac} or {MAC}',
    'set_brand_manual: a path in the file');
SELECT throws_ok($$SELECT nethprov.set_brand_manual('acme', 'a', 'b', '{mac}{mac}.cfg', false)$$, '22023',
    'invalid manual file "{mac}{mac}.cfg" of brand "acme": letters, digits, . _ - and at most one {mac} or {MAC}',
    'set_brand_manual: two {mac}');
SELECT throws_ok($$UPDATE nethprov.brands SET manual_disable = NULL WHERE name = 'acme'$$, '23514', NULL,
    'the table refuses where without disable');
SELECT row_eq($$SELECT manual_where, manual_file FROM nethprov.brands WHERE name = 'acme'$$,
    ROW('Setup > Provisioning > URL'::text, '{MAC}.xml'::text), 'refused calls change nothing');

-- phone_manual: tok1 with the file, the MAC in the file's case
SELECT is(nethprov.phone_add('02:aa:00:00:87:01', 'A1'), 'added', 'a phone of acme');
SELECT is((SELECT url FROM nethprov.phone_manual('02:aa:00:00:87:01', 'https://pbx.example.com/p/')),
    'https://pbx.example.com/p/' || (SELECT tok1 FROM nethprov.phones WHERE mac = '02:aa:00:00:87:01')
        || '/02AA00008701.xml',
    'phone_manual: the tok1 URL, one trailing slash trimmed, with the file in upper case');
SELECT row_eq($$SELECT kind, where_to_type, disable FROM nethprov.phone_manual('02:aa:00:00:87:01', 'https://pbx.example.com/p')$$,
    ROW('tok1'::text, 'Setup > Provisioning > URL'::text, 'Auto DHCP'::text), '... kind tok1, where and what to disable');
SELECT lives_ok($$SELECT nethprov.set_brand_manual('acme', 'Setup > Provisioning > URL', 'Auto DHCP', 'cfg{mac}.xml', false)$$,
    'a lower-case {mac}');
SELECT is((SELECT url FROM nethprov.phone_manual('02:aa:00:00:87:01', 'http://10.0.0.1/p')),
    'http://10.0.0.1/p/' || (SELECT tok1 FROM nethprov.phones WHERE mac = '02:aa:00:00:87:01') || '/cfg02aa00008701.xml',
    'phone_manual: the MAC in lower case');

-- once tok1 is retired, the permanent tok2 URL
UPDATE nethprov.phones SET tok1 = NULL WHERE mac = '02:aa:00:00:87:01';
SELECT is((SELECT kind || ' ' || url FROM nethprov.phone_manual('02:aa:00:00:87:01', 'http://10.0.0.1/p')),
    'tok2 http://10.0.0.1/p/' || (SELECT tok2 FROM nethprov.phones WHERE mac = '02:aa:00:00:87:01') || '/cfg02aa00008701.xml',
    'phone_manual: tok2 once tok1 is retired');

-- noscheme without a file: no scheme, no trailing slash
SELECT is(nethprov.phone_add('02:aa:12:00:87:02', 'S1'), 'added', 'a phone of acmeoem');
SELECT is((SELECT url FROM nethprov.phone_manual('02:aa:12:00:87:02', 'https://pbx.example.com:8443/p/')),
    'pbx.example.com:8443/p/' || (SELECT tok1 FROM nethprov.phones WHERE mac = '02:aa:12:00:87:02'),
    'phone_manual: noscheme, no file');

-- a brand without <manual>: the token's directory, no text
SELECT lives_ok($$SELECT nethprov.set_brand_manual('acmeoem', NULL, NULL, NULL, false)$$, 'set_brand_manual: cleared');
SELECT row_eq($$SELECT manual_where, manual_disable, manual_file, manual_noscheme FROM nethprov.brands WHERE name = 'acmeoem'$$,
    ROW(NULL::text, NULL::text, NULL::text, false), '... all of it');
SELECT row_eq($$SELECT url, where_to_type, disable FROM nethprov.phone_manual('02:aa:12:00:87:02', 'https://pbx.example.com/p')$$,
    ROW('https://pbx.example.com/p/' || (SELECT tok1 FROM nethprov.phones WHERE mac = '02:aa:12:00:87:02') || '/',
        NULL::text, NULL::text),
    'phone_manual: no manual data, the directory URL and NULL text');

SELECT throws_ok($$SELECT * FROM nethprov.phone_manual('02:aa:00:00:87:99', 'https://pbx.example.com/p')$$, 'P0002',
    'phone 02:aa:00:00:87:99 not found', 'phone_manual: unknown phone');
SELECT ok(obj_description('nethprov.phone_manual(macaddr, text)'::regprocedure, 'pg_proc') IS NOT NULL,
    'phone_manual has a comment');

SELECT * FROM finish();
ROLLBACK;
