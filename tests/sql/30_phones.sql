-- Phones (MAC checks, brand detection, tokens) and devices (numbering, limits).
BEGIN;
SELECT plan(40);
\ir _fixture.sql

-- MAC addresses
SELECT throws_ok($$INSERT INTO nethprov.phones (mac, brand) VALUES ('03:aa:00:00:00:01', 'acme')$$, '23514',
    'new row for relation "phones" violates check constraint "phones_mac_not_multicast"', 'multicast MAC refused');
SELECT throws_ok($$INSERT INTO nethprov.phones (mac, brand) VALUES ('ff:ff:ff:ff:ff:ff', 'acme')$$, '23514',
    'new row for relation "phones" violates check constraint "phones_mac_not_broadcast"', 'broadcast MAC refused');
SELECT throws_ok($$INSERT INTO nethprov.phones (mac, brand) VALUES ('00:00:00:00:00:00', 'acme')$$, '23514',
    'new row for relation "phones" violates check constraint "phones_mac_not_zero"', 'all-zero MAC refused');
SELECT throws_ok($$INSERT INTO nethprov.phones (mac) VALUES ('02:ab:00:00:00:01')$$, '23502',
    'no brand is known for MAC address 02:ab:00:00:00:01', 'MAC of no known brand refused');

-- Brand detection on insert
INSERT INTO nethprov.phones (mac, model) VALUES ('02:aa:00:00:30:01', 'A1');
INSERT INTO nethprov.phones (mac) VALUES ('02:aa:12:00:30:02');
INSERT INTO nethprov.phones (mac, brand) VALUES ('02:aa:00:00:30:03', 'acmeoem');
SELECT is((SELECT brand FROM nethprov.phones WHERE mac = '02:aa:00:00:30:01'), 'acme', 'brand detected from the MAC');
SELECT is((SELECT brand FROM nethprov.phones WHERE mac = '02:aa:12:00:30:02'), 'acmeoem',
          'the narrowest range decides the brand');
SELECT is((SELECT brand FROM nethprov.phones WHERE mac = '02:aa:00:00:30:03'), 'acmeoem', 'an explicit brand is kept');
SELECT is((SELECT model FROM nethprov.phones WHERE mac = '02:aa:12:00:30:02'), NULL, 'model may be pending (NULL)');
SELECT throws_ok($$INSERT INTO nethprov.phones (mac, model) VALUES ('02:aa:00:00:30:04', 'S1')$$, '23503', NULL,
                 'a model of another brand is refused');
SELECT throws_ok($$INSERT INTO nethprov.phones (mac) VALUES ('02:aa:00:00:30:01')$$, '23505', NULL,
                 'the same MAC cannot be added twice');
SELECT is((SELECT updated FROM nethprov.phones WHERE mac = '02:aa:00:00:30:01'), NULL, 'updated is NULL on a new phone');
UPDATE nethprov.phones SET model = 'A2' WHERE mac = '02:aa:00:00:30:01';
SELECT isnt((SELECT updated FROM nethprov.phones WHERE mac = '02:aa:00:00:30:01'), NULL, 'updated is set by updates');
UPDATE nethprov.models SET name = 'A2-bis' WHERE brand = 'acme' AND name = 'A2';
SELECT is((SELECT model FROM nethprov.phones WHERE mac = '02:aa:00:00:30:01'), 'A2-bis', 'renaming a model follows to phones');

-- Tokens
SELECT ok((SELECT bool_and(tok1 ~ '^[0-9a-f]{40}$' AND tok2 ~ '^[0-9a-f]{40}$') FROM nethprov.phones
           WHERE mac BETWEEN '02:aa:00:00:30:00' AND '02:aa:12:00:30:ff'), 'new phones get two 40-hex-digit tokens');
SELECT ok((SELECT tok1 <> tok2 FROM nethprov.phones WHERE mac = '02:aa:00:00:30:01'), 'the two tokens differ');
SELECT throws_ok($$INSERT INTO nethprov.phones (mac, tok2) VALUES ('02:aa:00:00:30:05', 'Short.Token')$$, '23514',
    'new row for relation "phones" violates check constraint "phones_tok2_format"', 'malformed tok2 refused');
SELECT throws_ok($$INSERT INTO nethprov.phones (mac, tok1) VALUES ('02:aa:00:00:30:05', '../../../../etc/passwd/aaaaaaaaaaa')$$,
    '23514', 'new row for relation "phones" violates check constraint "phones_tok1_format"', 'malformed tok1 refused');
SELECT throws_ok($$INSERT INTO nethprov.phones (mac, tok1, tok2)
                   VALUES ('02:aa:00:00:30:05', 'abcdefghijklmnopqrstuvwxyz0123', 'abcdefghijklmnopqrstuvwxyz0123')$$,
    '23514', 'new row for relation "phones" violates check constraint "phones_tokens_differ"', 'tok1 = tok2 refused');
SELECT throws_ok($$INSERT INTO nethprov.phones (mac, tok1)
                   SELECT '02:aa:00:00:30:05', tok2 FROM nethprov.phones WHERE mac = '02:aa:00:00:30:01'$$,
    '23505', 'token of phone 02:aa:00:00:30:05 is already used by another phone',
    'a token cannot be another phone''s token in the other column');
SELECT lives_ok($$INSERT INTO nethprov.phones (mac, tok1) VALUES ('02:aa:00:00:30:05', NULL)$$, 'tok1 may be NULL');

-- Devices: numbering
INSERT INTO nethprov.phones (mac, model)
SELECT ('02:aa:00:00:31:0' || i)::macaddr, 'A1' FROM generate_series(1, 9) AS i;
INSERT INTO nethprov.devices (phone_id, user_extension, position)
SELECT id, '8801', right(mac::text, 1)::int FROM nethprov.phones
WHERE mac BETWEEN '02:aa:00:00:31:01' AND '02:aa:00:00:31:08';
SELECT results_eq($$SELECT position::int, extension FROM nethprov.devices WHERE user_extension = '8801' ORDER BY position$$,
    $$VALUES (1, '8801'), (2, '918801'), (3, '928801'), (4, '938801'), (5, '948801'), (6, '958801'), (7, '968801'), (8, '978801')$$,
    'device extensions: main, then 9<n><main>');
SELECT throws_ok($$INSERT INTO nethprov.devices (phone_id, user_extension)
                   SELECT id, '8801' FROM nethprov.phones WHERE mac = '02:aa:00:00:31:09'$$, '23514',
                 'user 8801 already has 8 devices', 'a 9th device is refused');
SELECT throws_ok($$INSERT INTO nethprov.devices (phone_id, user_extension, position)
                   SELECT id, '8801', 9 FROM nethprov.phones WHERE mac = '02:aa:00:00:31:09'$$, '23514',
    'new row for relation "devices" violates check constraint "devices_position_range"', 'position 9 is refused');
SELECT throws_ok($$INSERT INTO nethprov.devices (phone_id, user_extension, position)
                   SELECT id, '8802', 0 FROM nethprov.phones WHERE mac = '02:aa:00:00:31:09'$$, '23514', NULL,
                 'position 0 is refused');
SELECT throws_ok($$INSERT INTO nethprov.devices (phone_id, user_extension, position)
                   SELECT id, '8801', 3 FROM nethprov.phones WHERE mac = '02:aa:00:00:31:09'$$, '23505',
    'duplicate key value violates unique constraint "devices_user_position_key"', 'a taken position is refused');
SELECT throws_ok($$INSERT INTO nethprov.devices (phone_id, user_extension)
                   SELECT id, '8802' FROM nethprov.phones WHERE mac = '02:aa:00:00:31:01'$$, '23505', NULL,
                 'a phone belongs to one user only');
SELECT throws_ok($$UPDATE nethprov.devices SET extension = '1234' WHERE user_extension = '8801' AND position = 1$$,
                 '428C9', NULL, 'the device extension cannot be written');
DELETE FROM nethprov.devices WHERE user_extension = '8801' AND position IN (2, 5);
INSERT INTO nethprov.devices (phone_id, user_extension)
SELECT id, '8801' FROM nethprov.phones WHERE mac = '02:aa:00:00:31:09';
SELECT is((SELECT position::int FROM nethprov.devices AS d JOIN nethprov.phones AS p ON p.id = d.phone_id
           WHERE p.mac = '02:aa:00:00:31:09'), 2, 'without a position the lowest free one is taken');
SELECT matches((SELECT sip_password FROM nethprov.devices AS d JOIN nethprov.phones AS p ON p.id = d.phone_id
                WHERE p.mac = '02:aa:00:00:31:09'), '^[a-z2-7]{32}$', 'devices get a random SIP password');
SELECT throws_ok($$UPDATE nethprov.devices SET sip_password = 'short' WHERE user_extension = '8801' AND position = 1$$,
                 '23514', NULL, 'a weak SIP password is refused');

-- Users
SELECT throws_ok($$INSERT INTO nethprov.users VALUES ('1', 'One digit')$$, '23514', NULL, 'one-digit extension refused');
SELECT throws_ok($$INSERT INTO nethprov.users VALUES ('1234567', 'Seven')$$, '23514', NULL, 'seven-digit extension refused');
SELECT throws_ok($$INSERT INTO nethprov.users VALUES ('12a', 'Letters')$$, '23514', NULL, 'letters refused in extensions');
SELECT throws_ok($$INSERT INTO nethprov.users VALUES ('8899', E'Evil\r\nName')$$, '23514', NULL,
                 'control characters refused in user names');
INSERT INTO nethprov.users VALUES ('978801', 'Clash');
SELECT throws_ok($$INSERT INTO nethprov.devices (phone_id, user_extension, position)
                   SELECT id, '978801', 1 FROM nethprov.phones WHERE mac = '02:aa:00:00:30:05'$$, '23505',
    'duplicate key value violates unique constraint "devices_extension_key"',
    'two devices can never get the same extension');
UPDATE nethprov.users SET extension = '8803' WHERE extension = '8801';
SELECT results_eq($$SELECT extension FROM nethprov.devices WHERE user_extension = '8803' AND position IN (1, 2) ORDER BY position$$,
                  ARRAY['8803', '918803'], 'renumbering a user renumbers the devices');

-- Deleting
DELETE FROM nethprov.phones WHERE mac = '02:aa:00:00:31:01';
SELECT is((SELECT count(*)::int FROM nethprov.devices WHERE user_extension = '8803' AND position = 1), 0,
          'deleting a phone deletes its device');
DELETE FROM nethprov.users WHERE extension = '8803';
SELECT is((SELECT count(*)::int FROM nethprov.devices WHERE user_extension = '8803'), 0,
          'deleting a user unassigns the phones');
SELECT is((SELECT count(*)::int FROM nethprov.phones WHERE mac BETWEEN '02:aa:00:00:31:02' AND '02:aa:00:00:31:09'), 8,
          '... and keeps them');
SELECT throws_ok($$DELETE FROM nethprov.models WHERE brand = 'acme' AND name = 'A1'$$, '23503', NULL,
                 'a model in use cannot be deleted');

SELECT * FROM finish();
ROLLBACK;
