-- The administration interface of 002_admin: phones, import, users, assign, settings.
BEGIN;
SELECT plan(73);
\ir _fixture.sql

-- phone_add / phone_remove
SELECT is(nethprov.phone_add('02:aa:00:00:80:01', 'A1'), 'added', 'phone_add: added');
SELECT is((SELECT brand || '/' || model FROM nethprov.phones WHERE mac = '02:aa:00:00:80:01'), 'acme/A1', '... brand from the MAC');
SELECT is(nethprov.phone_add('02:aa:00:00:80:01', 'A1'), 'unchanged', 'phone_add: same model again is unchanged');
SELECT is(nethprov.phone_add('02:aa:00:00:80:01'), 'unchanged', 'phone_add: no model is unchanged');
SELECT throws_ok($$SELECT nethprov.phone_add('02:aa:00:00:80:01', 'A2')$$, '23505',
    'phone 02:aa:00:00:80:01 is already registered as acme A1', 'phone_add: another model is a conflict');
SELECT is((SELECT model FROM nethprov.phones WHERE mac = '02:aa:00:00:80:01'), 'A1', '... and the model is kept');
SELECT throws_ok($$SELECT nethprov.phone_add('02:aa:00:00:80:02', 'X6U')$$, '22023',
    'model "X6U" is not a acme model (acme models: A1, A2)', 'phone_add: not a model of the brand');
SELECT throws_ok($$SELECT nethprov.phone_add('02:aa:12:00:80:02', 'A1')$$, '22023',
    'model "A1" is not a acmeoem model (acmeoem models: S1)', 'phone_add: model of the other brand refused');
SELECT throws_ok($$SELECT nethprov.phone_add('02:ab:00:00:80:02')$$, '23502',
    'no brand is known for MAC address 02:ab:00:00:80:02', 'phone_add: unknown vendor');
SELECT throws_ok($$SELECT nethprov.phone_add('03:aa:00:00:80:02')$$, '22023',
    'MAC address 03:aa:00:00:80:02 is a multicast address (odd first byte): not a phone''s address', 'phone_add: multicast');
SELECT throws_ok($$SELECT nethprov.phone_add('ff:ff:ff:ff:ff:ff')$$, '22023',
    'MAC address ff:ff:ff:ff:ff:ff is the broadcast address: not a phone''s address', 'phone_add: broadcast');
SELECT throws_ok($$SELECT nethprov.phone_add('00:00:00:00:00:00')$$, '22023',
    'MAC address 00:00:00:00:00:00 is all zeros: not a phone''s address', 'phone_add: zero');
SELECT is(nethprov.phone_add('02:aa:00:00:80:03'), 'added', 'phone_add: pending model');
SELECT is(nethprov.phone_add('02:aa:00:00:80:03', 'A2'), 'updated', 'phone_add: a pending model can be given');
SELECT is((SELECT model FROM nethprov.phones WHERE mac = '02:aa:00:00:80:03'), 'A2', '... and is stored');
SELECT lives_ok($$SELECT nethprov.phone_remove('02:aa:00:00:80:03')$$, 'phone_remove');
SELECT is((SELECT count(*)::int FROM nethprov.phones WHERE mac = '02:aa:00:00:80:03'), 0, '... the phone is gone');
SELECT throws_ok($$SELECT nethprov.phone_remove('02:aa:00:00:80:03')$$, 'P0002', 'phone 02:aa:00:00:80:03 not found',
    'phone_remove: unknown phone');

-- users
SELECT is(nethprov.user_add('8810', 'Ten'), 'added', 'user_add: added');
SELECT is(nethprov.user_add('8810', 'Ten'), 'unchanged', 'user_add: unchanged');
SELECT is(nethprov.user_add('8810', 'Ten Bis'), 'updated', 'user_add: renamed');
SELECT is((SELECT display_name FROM nethprov.users WHERE extension = '8810'), 'Ten Bis', '... name stored');
SELECT throws_ok($$SELECT nethprov.user_add('8x', 'X')$$, '22023', 'invalid extension "8x": 2 to 6 digits', 'user_add: bad extension');
SELECT throws_ok($$SELECT nethprov.user_add('8811', ' ')$$, '22023', 'invalid display name for user 8811: it is empty',
    'user_add: blank name');
SELECT throws_ok($$SELECT nethprov.user_add('8811', E'A\nB')$$, '22023',
    'invalid display name for user 8811: control characters (CR, LF, ...) are not allowed', 'user_add: control characters');

-- assign: numbering, 8-device limit, moves
INSERT INTO nethprov.phones (mac, model) SELECT ('02:aa:00:00:81:0' || i)::macaddr, 'A1' FROM generate_series(1, 9) AS i;
SELECT results_eq($$SELECT a.device_extension, a.device_position::int, a.moved_from
                    FROM generate_series(1, 8) AS i, nethprov.assign(('02:aa:00:00:81:0' || i)::macaddr, '8810') AS a$$,
    $$VALUES ('8810', 1, NULL::text), ('918810', 2, NULL), ('928810', 3, NULL), ('938810', 4, NULL),
             ('948810', 5, NULL), ('958810', 6, NULL), ('968810', 7, NULL), ('978810', 8, NULL)$$,
    'assign: 8810, then 918810 ... 978810');
SELECT throws_ok($$SELECT * FROM nethprov.assign('02:aa:00:00:81:09', '8810')$$, '23514',
    'user 8810 already has 8 devices (8810, 918810, 928810, 938810, 948810, 958810, 968810, 978810): cannot assign phone 02:aa:00:00:81:09',
    'assign: the 9th device is refused');
SELECT results_eq($$SELECT device_extension, device_position::int, moved_from FROM nethprov.assign('02:aa:00:00:81:03', '8810')$$,
    $$VALUES ('928810', 3, NULL::text)$$, 'assign: to the same user is a no-op');
SELECT results_eq($$SELECT device_extension, device_position::int, moved_from FROM nethprov.assign('02:aa:00:00:81:03', '8801')$$,
    $$VALUES ('8801', 1, '8810')$$, 'assign: moves a phone between users');
SELECT results_eq($$SELECT device_extension, device_position::int, moved_from FROM nethprov.assign('02:aa:00:00:81:09', '8810')$$,
    $$VALUES ('928810', 3, NULL::text)$$, 'assign: the freed position is reused');
SELECT throws_ok($$SELECT * FROM nethprov.assign('02:aa:00:00:81:0a', '8810')$$, 'P0002', 'phone 02:aa:00:00:81:0a not found',
    'assign: unknown phone');
SELECT throws_ok($$SELECT * FROM nethprov.assign('02:aa:00:00:81:01', '8899')$$, 'P0002', 'user 8899 not found',
    'assign: unknown user');
SELECT is(nethprov.unassign('02:aa:00:00:81:03'), '8801', 'unassign returns the user');
SELECT is(nethprov.unassign('02:aa:00:00:81:03'), NULL, 'unassign of an unassigned phone: NULL');
SELECT throws_ok($$SELECT nethprov.unassign('02:aa:00:00:81:0a')$$, 'P0002', 'phone 02:aa:00:00:81:0a not found',
    'unassign: unknown phone');
SELECT throws_ok($$SELECT nethprov.user_remove('8810')$$, '2BP01', 'user 8810 has 8 devices: unassign them or use force',
    'user_remove: a user with devices needs force');
SELECT is(nethprov.user_remove('8810', true), 8, 'user_remove with force: devices unassigned');
SELECT is((SELECT count(*)::int FROM nethprov.phones WHERE mac BETWEEN '02:aa:00:00:81:01' AND '02:aa:00:00:81:09'), 9,
    '... phones kept');
SELECT is(nethprov.user_remove('8802'), 0, 'user_remove: a user without devices');
SELECT throws_ok($$SELECT nethprov.user_remove('8802')$$, 'P0002', 'user 8802 not found', 'user_remove: unknown user');

-- phones_report
SELECT nethprov.phone_add('02:aa:00:00:80:04');
SELECT * FROM nethprov.assign('02:aa:00:00:80:01', '8801');
SELECT results_eq($$SELECT mac::text, model, user_extension, display_name, device_extension, stage FROM nethprov.phones_report
                    WHERE mac IN ('02:aa:00:00:80:01', '02:aa:00:00:80:04', '02:aa:00:00:81:01') ORDER BY mac$$,
    $$VALUES ('02:aa:00:00:80:01', 'A1', '8801', 'Test User One', '8801', 'waiting'),
             ('02:aa:00:00:80:04', NULL, NULL, NULL, NULL, 'pending model'),
             ('02:aa:00:00:81:01', 'A1', NULL, NULL, NULL, 'waiting')$$, 'phones_report');

-- import_phones
CREATE TEMP TABLE imp AS SELECT $$[
    {"line": 2, "mac": "02-AA-00-00-82-01", "model": "A1", "extension": "8820", "display_name": "Twenty"},
    {"line": 3, "mac": "02aa00008202", "model": null, "extension": "8820", "display_name": "Other name"},
    {"line": 4, "mac": "02aa.0000.8203", "model": "A2"},
    {"line": 5, "mac": " 02:aa:00:00:80:01 ", "model": "A1", "extension": "8820"}
]$$::jsonb AS j;
SELECT results_eq($$SELECT line, mac, status, message FROM nethprov.import_phones((SELECT j FROM imp))$$,
    $$VALUES (2, '02:aa:00:00:82:01', 'added', NULL::text), (3, '02:aa:00:00:82:02', 'added', NULL),
             (4, '02:aa:00:00:82:03', 'added', NULL), (5, '02:aa:00:00:80:01', 'updated', 'moved from user 8801')$$,
    'import: added, assigned, moved');
SELECT results_eq($$SELECT p.mac::text, d.extension FROM nethprov.phones p JOIN nethprov.devices d ON d.phone_id = p.id
                    WHERE d.user_extension = '8820' ORDER BY d.position$$,
    $$VALUES ('02:aa:00:00:82:01', '8820'), ('02:aa:00:00:82:02', '918820'), ('02:aa:00:00:80:01', '928820')$$,
    'import: the user was created and got the phones in order');
SELECT is((SELECT display_name FROM nethprov.users WHERE extension = '8820'), 'Twenty', 'import: the first display name is used');
SELECT results_eq($$SELECT status FROM nethprov.import_phones((SELECT j FROM imp))$$,
    ARRAY['unchanged', 'unchanged', 'unchanged', 'unchanged'], 'import: idempotent');

CREATE TEMP TABLE bad AS SELECT $$[
    {"line": 1, "mac": "02:aa:00:00:83:01", "model": "A1", "extension": "8830", "display_name": "Thirty"},
    {"line": 2, "mac": "not-a-mac"},
    {"line": 3, "mac": "03:aa:00:00:83:03"},
    {"line": 4, "mac": "02:ab:00:00:83:04"},
    {"line": 5, "mac": "02:aa:00:00:83:05", "model": "Z9"},
    {"line": 6, "mac": "02:AA:00:00:83:01"},
    {"line": 7, "mac": "02:aa:00:00:82:03", "model": "A1"},
    {"line": 8, "mac": "02:aa:00:00:83:08", "extension": "8831"},
    {"line": 9, "mac": "02:aa:00:00:83:09", "extension": "1"},
    {"line": 10, "mac": "02:aa:00:00:82:01", "model": "A1", "extension": "8830"},
    {"line": 11},
    "junk"
]$$::jsonb AS j;
SELECT results_eq($$SELECT line, status, message FROM nethprov.import_phones((SELECT j FROM bad))$$,
    $$VALUES (1, 'added', NULL::text),
             (2, 'rejected', 'invalid MAC address "not-a-mac"'),
             (3, 'rejected', 'MAC address 03:aa:00:00:83:03 is a multicast address (odd first byte): not a phone''s address'),
             (4, 'rejected', 'no brand is known for MAC address 02:ab:00:00:83:04'),
             (5, 'rejected', 'model "Z9" is not a acme model (acme models: A1, A2)'),
             (6, 'conflict', 'MAC address 02:aa:00:00:83:01 is also on line 1 of this import'),
             (7, 'conflict', 'phone 02:aa:00:00:82:03 is already registered as acme A2'),
             (8, 'rejected', 'user 8831 does not exist: give its display name to create it'),
             (9, 'rejected', 'invalid extension "1": 2 to 6 digits'),
             (10, 'updated', 'moved from user 8820'),
             (11, 'rejected', 'the MAC address is missing'),
             (12, 'rejected', 'not a JSON object: "junk"')$$,
    'import: every kind of problem is reported');
SELECT is((SELECT count(*)::int FROM nethprov.phones WHERE mac = '02:aa:00:00:83:01'), 0, 'import: all or nothing by default');
SELECT is((SELECT count(*)::int FROM nethprov.users WHERE extension = '8830'), 0, '... no user created');
SELECT is((SELECT user_extension FROM nethprov.devices d JOIN nethprov.phones p ON p.id = d.phone_id
           WHERE p.mac = '02:aa:00:00:82:01'), '8820', '... no phone moved');
SELECT is((SELECT count(*)::int FROM nethprov.import_phones((SELECT j FROM bad), true) WHERE status IN ('added', 'updated')), 2,
    'import partial: the good rows are written');
SELECT is((SELECT user_extension FROM nethprov.devices d JOIN nethprov.phones p ON p.id = d.phone_id
           WHERE p.mac = '02:aa:00:00:83:01'), '8830', '... phone added and assigned');
SELECT results_eq($$SELECT p.mac::text, d.extension FROM nethprov.phones p JOIN nethprov.devices d ON d.phone_id = p.id
                    WHERE d.user_extension = '8830' ORDER BY d.position$$,
    $$VALUES ('02:aa:00:00:83:01', '8830'), ('02:aa:00:00:82:01', '918830')$$, '... phone moved');
SELECT throws_ok($$SELECT * FROM nethprov.import_phones('{}')$$, '22023', NULL, 'import: not an array');

-- import: the 9th device of a user is a conflict, and undoes the import
SELECT results_eq($$SELECT status FROM nethprov.import_phones(
        (SELECT jsonb_agg(jsonb_build_object('mac', '02:aa:00:00:84:0' || i, 'extension', '8840', 'display_name', 'Forty')
                          ORDER BY i) FROM generate_series(1, 9) AS i))$$,
    ARRAY['added', 'added', 'added', 'added', 'added', 'added', 'added', 'added', 'conflict'], 'import: 9th device conflict');
SELECT is((SELECT count(*)::int FROM nethprov.phones WHERE mac BETWEEN '02:aa:00:00:84:01' AND '02:aa:00:00:84:09'), 0,
    '... nothing written');

-- settings
SELECT lives_ok($$SELECT nethprov.setting_set('default', NULL, 'language', 'it')$$, 'setting_set default');
SELECT is(nethprov.setting_get('default', NULL, 'language'), 'it', 'setting_get default');
SELECT lives_ok($$SELECT nethprov.setting_set('model', 'acme/A1', 'language', 'de')$$, 'setting_set model');
SELECT is(nethprov.setting_get('model', 'acme/A1', 'language'), 'de', 'setting_get model');
SELECT lives_ok($$SELECT nethprov.setting_set('phone', '02aa00008001', 'linekey_type_1', 'blf')$$, 'setting_set phone');
SELECT is(nethprov.setting_get('phone', '02:aa:00:00:80:01', 'linekey_type_1'), 'blf', 'setting_get phone');
SELECT nethprov.setting_set('phone', '02:aa:00:00:80:01', 'linekey_type_1', '');
SELECT is((SELECT count(*)::int FROM nethprov.settings_phone s JOIN nethprov.phones p ON p.id = s.phone_id
           WHERE p.mac = '02:aa:00:00:80:01' AND s.name = 'linekey_type_1'), 0, 'an empty value deletes the setting');
SELECT nethprov.setting_set('model', 'acme/A1', 'language', '-');
SELECT is(nethprov.setting_get('model', 'acme/A1', 'language'), NULL, '"-" clears the setting');
SELECT throws_ok($$SELECT nethprov.setting_set('default', NULL, 'language', 'xx')$$, '22023', NULL, 'setting_set: bad value');
SELECT throws_ok($$SELECT nethprov.setting_set('default', NULL, 'nonsense', '')$$, '42704', NULL, 'setting_set: unknown name');
SELECT throws_ok($$SELECT nethprov.setting_set('model', 'acme/Z9', 'language', 'it')$$, 'P0002', 'model acme/Z9 not found',
    'setting_set: unknown model');
SELECT throws_ok($$SELECT nethprov.setting_set('phone', '02:aa:00:00:8f:01', 'language', 'it')$$, 'P0002',
    'phone 02:aa:00:00:8f:01 not found', 'setting_set: unknown phone');
SELECT throws_ok($$SELECT nethprov.setting_set('brand', 'acme', 'language', 'it')$$, '22023',
    'invalid settings level "brand": default, model or phone', 'setting_set: unknown level');
SELECT is(nethprov.settings_set('model', 'acme/A1', '{"language": "fr", "time_format": "24"}'), 2, 'settings_set: 2 changed');
SELECT is(nethprov.settings_set('model', 'acme/A1', '{"language": "fr", "time_format": "12"}'), 1, 'settings_set: 1 changed');
SELECT throws_ok($$SELECT nethprov.settings_set('model', 'acme/A1', '{"language": "en", "time_format": "25"}')$$, '22023',
    'invalid value "25" for setting "time_format": allowed values are 12, 24', 'settings_set: one bad value');
SELECT is(nethprov.setting_get('model', 'acme/A1', 'language'), 'fr', '... and nothing changed');
SELECT is(nethprov.settings_set('model', 'acme/A1', '{"language": null, "time_format": "-"}'), 2, 'settings_set: clearing');

SELECT * FROM finish();
ROLLBACK;
