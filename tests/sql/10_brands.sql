-- Random helpers, brand detection, sync_brand.
BEGIN;
SELECT plan(31);
\ir _fixture.sql

-- new_token / new_secret
SELECT matches(nethprov.new_token(), '^[0-9a-f]{40}$', 'new_token() is 40 lowercase hex digits');
SELECT isnt(nethprov.new_token(), nethprov.new_token(), 'new_token() differs every call');
SELECT matches(nethprov.new_secret(), '^[a-z2-7]{32}$', 'new_secret() is 32 characters [a-z2-7]');
SELECT is((SELECT count(DISTINCT nethprov.new_secret())::int FROM generate_series(1, 50)), 50,
          'new_secret() does not repeat');
SELECT is((SELECT count(DISTINCT c)::int
           FROM regexp_split_to_table((SELECT string_agg(nethprov.new_secret(), '') FROM generate_series(1, 20)), '') AS c),
          32, 'new_secret() uses the whole 32-character alphabet');
SELECT is(nethprov.mac_to_bigint('00:00:00:00:01:00'), 256::bigint, 'mac_to_bigint');
SELECT is(nethprov.mac_to_bigint('ff:ff:ff:ff:ff:ff'), 281474976710655::bigint, 'mac_to_bigint of the largest MAC');

-- detect_brand: the narrowest range wins
SELECT is(nethprov.detect_brand('02:aa:00:00:00:01'), 'acme', 'MAC in the wide range: acme');
SELECT is(nethprov.detect_brand('02:aa:12:34:56:78'), 'acmeoem', 'MAC in the narrower sub-range: acmeoem');
SELECT is(nethprov.detect_brand('02:aa:12:00:00:00'), 'acmeoem', 'range bounds are inclusive (lo)');
SELECT is(nethprov.detect_brand('02:aa:12:ff:ff:ff'), 'acmeoem', 'range bounds are inclusive (hi)');
SELECT is(nethprov.detect_brand('02:aa:13:00:00:00'), 'acme', 'just past the sub-range: acme again');
SELECT is(nethprov.detect_brand('02:ab:00:00:00:00'), NULL, 'no range: NULL');

-- sync_brand
SELECT is((SELECT display_name FROM nethprov.brands WHERE name = 'acme'), 'Acme Phones', 'brand inserted');
SELECT is((SELECT caps FROM nethprov.models WHERE brand = 'acme' AND name = 'A1'),
          '{"cap_linekey_count": "6", "cap_softkey_count": "4"}'::jsonb, 'model caps stored');
SELECT is((SELECT family FROM nethprov.models WHERE brand = 'acme' AND name = 'A1'), 'A', 'model family stored');
SELECT is((SELECT caps FROM nethprov.models WHERE brand = 'acme' AND name = 'A2'), '{}'::jsonb,
          'caps default to {}');
SELECT lives_ok($$SELECT nethprov.sync_brand('acme', 'ACME Inc.', ARRAY['02aa00000000-02aa0fffffff', '02bb00000000-02bbffffffff'],
                    '[{"name": "A1", "family": "A1x", "caps": {"cap_linekey_count": "8"}}, {"name": "A3"}]')$$,
                'sync_brand runs again on the same brand');
SELECT is((SELECT display_name FROM nethprov.brands WHERE name = 'acme'), 'ACME Inc.', 'display name updated');
SELECT results_eq($$SELECT lo::text || '-' || hi::text FROM nethprov.mac_ranges WHERE brand = 'acme' ORDER BY lo$$,
                  ARRAY['02:aa:00:00:00:00-02:aa:0f:ff:ff:ff', '02:bb:00:00:00:00-02:bb:ff:ff:ff:ff'],
                  'MAC ranges replaced');
SELECT is(nethprov.detect_brand('02:aa:20:00:00:00'), NULL, 'a MAC of the dropped range has no brand any more');
SELECT is((SELECT caps ->> 'cap_linekey_count' FROM nethprov.models WHERE brand = 'acme' AND name = 'A1'), '8',
          'model caps updated');
SELECT results_eq($$SELECT name FROM nethprov.models WHERE brand = 'acme' ORDER BY name$$,
                  ARRAY['A1', 'A2', 'A3'], 'models not listed any more are kept, new ones added');
SELECT throws_ok($$SELECT nethprov.sync_brand('acme', 'x', ARRAY['02aa00000000:02aaffffffff'], '[]')$$, '22023',
    'invalid MAC range "02aa00000000:02aaffffffff" for brand "acme": expected two MACs of 12 hex digits, e.g. 001565000000-001565ffffff',
    'malformed range refused');
SELECT throws_ok($$SELECT nethprov.sync_brand('acme', 'x', ARRAY['02aaffffffff-02aa00000000'], '[]')$$, '22023',
    'invalid MAC range "02aaffffffff-02aa00000000" for brand "acme": the first MAC is greater than the second',
    'reversed range refused');
SELECT throws_ok($$SELECT nethprov.sync_brand('Acme', 'x', '{}', '[]')$$, '22023',
    'invalid brand name "Acme": lowercase letters and digits, starting with a letter', 'bad brand name refused');
SELECT throws_ok($$SELECT nethprov.sync_brand('acme', 'x', '{}', '[{"name": "bad name"}]')$$, '22023', NULL,
    'bad model name refused');
SELECT throws_ok($$SELECT nethprov.sync_brand('acme', 'x', '{}', '[{"name": "A9", "caps": {"linekeys": "2"}}]')$$, '22023',
    'invalid capability "linekeys" of model "A9" of brand "acme": names start with cap_', 'capability without cap_ refused');
SELECT throws_ok($$INSERT INTO nethprov.mac_ranges VALUES ('acme', '02:cc:00:00:00:01', '02:cc:00:00:00:00')$$, '23514',
    NULL, 'a DBA cannot insert a range with lo > hi');
SELECT throws_ok($$INSERT INTO nethprov.brands VALUES ('9lives', 'x')$$, '23514', NULL,
    'a DBA cannot insert a malformed brand name');
SELECT throws_ok($$INSERT INTO nethprov.models (brand, name) VALUES ('acme', '-x')$$, '23514', NULL,
    'a DBA cannot insert a malformed model name');

SELECT * FROM finish();
ROLLBACK;
