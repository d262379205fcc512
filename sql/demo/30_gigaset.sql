-- Demo data for Gigaset Maxwell, loaded after sql/demo.sql (which defines the defaults and users
-- 201-203) in a session of its own.
--
-- One phone per model family, each the first device of a user of its own:
--   7c:2f:80:00:00:30  Maxwell3      (family Maxwell: 8 function keys, 2 soft keys) - user 321
--   00:21:04:00:00:30  MaxwellBasic  (family MaxwellBasic: no function keys)        - user 322
-- Both get the common rich key set at phone level; the Maxwell 3 also gets VLANs, pictures, a
-- custom ring tone, a firmware file, an LDAP base that needs quoting and SIP over TLS, and its
-- user's name holds the characters every file format must escape.

BEGIN;

INSERT INTO nethprov.users (extension, display_name) VALUES
    ('321', 'Rossi & Figli <Sales> "HQ"'),
    ('322', 'Gina Ferri');

INSERT INTO nethprov.phones (mac, model) VALUES
    ('7c:2f:80:00:00:30', 'Maxwell3'),
    ('00:21:04:00:00:30', 'MaxwellBasic');

INSERT INTO nethprov.devices (phone_id, user_extension, position)
SELECT p.id, d.user_extension, 1
FROM (VALUES ('7c:2f:80:00:00:30'::macaddr, '321'),
             ('00:21:04:00:00:30', '322')) AS d (mac, user_extension)
JOIN nethprov.phones AS p ON p.mac = d.mac;

-- The rich key set, the same on every golden phone (each model writes the keys it has).
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, k.name, k.value
FROM nethprov.phones AS p
CROSS JOIN nethprov_demo.rich_keys AS k
WHERE p.mac IN ('7c:2f:80:00:00:30', '00:21:04:00:00:30')
ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;

-- The other phone-level values, on the Maxwell 3.
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, s.name, s.value
FROM nethprov.phones AS p
CROSS JOIN (VALUES
    ('vlan_id_phone', '20'),
    ('vlan_id_pcport', '30'),
    ('background_file', 'wall.png'),
    ('screensaver_file', 'saver.png'),
    ('ringtone', '-1'),
    ('ringtone_file', 'ring.wav'),
    ('firmware_file', 'maxwell3-2.22.4.bin'),
    ('ldap_base', 'ou=Rossi "HQ",dc=example,dc=com'),
    ('account_encryption_1', '1')
) AS s (name, value)
WHERE p.mac = '7c:2f:80:00:00:30'
ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;

COMMIT;
