-- import_phones at scale (migration 004): one plan for every assignment, file order kept,
-- positions left free by earlier devices filled first, device-extension clashes spelled out;
-- the tokens check made once per statement.
BEGIN;
SELECT plan(9);
\ir _fixture.sql

-- A user whose positions 1 and 3 are taken: three more phones take 2, 4 and 5, in file order.
SELECT nethprov.user_add('8870', 'Seventy');
SELECT nethprov.phone_add(('02:aa:00:00:87:0' || i)::macaddr, 'A1') FROM generate_series(1, 3) AS i;
SELECT * FROM nethprov.assign('02:aa:00:00:87:01', '8870');
SELECT * FROM nethprov.assign('02:aa:00:00:87:02', '8870');
SELECT * FROM nethprov.assign('02:aa:00:00:87:03', '8870');
SELECT nethprov.unassign('02:aa:00:00:87:02');
SELECT results_eq($$SELECT status FROM nethprov.import_phones('[
        {"mac": "02:aa:00:00:87:13", "extension": "8870"},
        {"mac": "02:aa:00:00:87:11", "extension": "8870"},
        {"mac": "02:aa:00:00:87:12", "extension": "8870"}]')$$,
    ARRAY['added', 'added', 'added'], 'import: three more phones for a user with two');
SELECT results_eq($$SELECT p.mac::text, d.position::int, d.extension FROM nethprov.devices AS d
                    JOIN nethprov.phones AS p ON p.id = d.phone_id WHERE d.user_extension = '8870' ORDER BY d.position$$,
    $$VALUES ('02:aa:00:00:87:01', 1, '8870'), ('02:aa:00:00:87:13', 2, '918870'), ('02:aa:00:00:87:03', 3, '928870'),
             ('02:aa:00:00:87:11', 4, '938870'), ('02:aa:00:00:87:12', 5, '948870')$$,
    '... the free positions, lowest first, in file order');
SELECT is((SELECT count(DISTINCT d.sip_password)::int FROM nethprov.devices AS d WHERE d.user_extension = '8870'), 5,
    '... each device has its own SIP password');

-- User 8871's second device would be 918871, which is user 918871's own extension.
SELECT nethprov.user_add('918871', 'Clash');
SELECT nethprov.phone_add('02:aa:00:00:87:20', 'A1');
SELECT * FROM nethprov.assign('02:aa:00:00:87:20', '918871');
SELECT results_eq($$SELECT status, message FROM nethprov.import_phones('[
        {"mac": "02:aa:00:00:87:21", "extension": "8871", "display_name": "Seventy-one"},
        {"mac": "02:aa:00:00:87:22", "extension": "8871"}]', true)$$,
    $$VALUES ('added', NULL::text),
             ('conflict', 'device extension 918871 of user 8871 is already used by user 918871: cannot assign phone 02:aa:00:00:87:22 (the phone was added, not assigned)')$$,
    'import: a device extension that is another user''s is a conflict that says so');
SELECT is((SELECT count(*)::int FROM nethprov.devices WHERE user_extension = '8871'), 1, '... the other phone is assigned');

-- Two phones of one file for a user with one free position: the first in the file gets it.
SELECT nethprov.user_add('8872', 'Seventy-two');
SELECT nethprov.phone_add(('02:aa:00:00:87:3' || i)::macaddr, 'A1') FROM generate_series(1, 7) AS i;
SELECT count(*) FROM generate_series(1, 7) AS i, nethprov.assign(('02:aa:00:00:87:3' || i)::macaddr, '8872');
SELECT results_eq($$SELECT status, code FROM nethprov.import_run('[
        {"mac": "02:aa:00:00:87:41", "extension": "8872"},
        {"mac": "02:aa:00:00:87:42", "extension": "8872"}]', true)$$,
    $$VALUES ('added', NULL::text), ('conflict', '23514')$$, 'import: the last free position goes to the first row');
SELECT is((SELECT p.mac::text FROM nethprov.devices d JOIN nethprov.phones p ON p.id = d.phone_id
           WHERE d.user_extension = '8872' AND d.position = 8), '02:aa:00:00:87:41', '... position 8');

-- Tokens: no phone's tok1 may be another's tok2, also among the rows of one statement.
SELECT throws_ok($$INSERT INTO nethprov.phones (mac, tok1, tok2) VALUES
        ('02:aa:00:00:87:51', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'),
        ('02:aa:00:00:87:52', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'cccccccccccccccccccccccccccccccccccccccc')$$,
    '23505', NULL, 'tokens: crossed within one INSERT');
SELECT lives_ok($$INSERT INTO nethprov.phones (mac) SELECT ('02:aa:00:00:88:' || lpad(to_hex(i), 2, '0'))::macaddr
                  FROM generate_series(1, 200) AS i$$, 'tokens: 200 phones with fresh tokens in one INSERT');

SELECT * FROM finish();
ROLLBACK;
