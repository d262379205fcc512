-- Demo data for Akuvox, loaded after sql/demo.sql (defaults, users 201-203, Yealink phones).
--
-- One golden phone per Akuvox family, each the first device of a user of its own (336-338):
--   SP-R5x SPR50P (1 line key)   0c:11:05:01:00:41   336 'Rossi & Figli <Sales> "HQ"' (escaping test)
--   SP-R6x SPR63G (8 line keys)  0c:11:05:02:00:41   337, also: VLANs, a custom ring tone, a firmware
--          file, an LDAP base that needs quoting, SIP over TLS (no Akuvox model shows pictures)
--   WP4xx  WP480  (8 line keys)  9c:75:14:03:00:41   338
-- Every golden phone gets the same rich key set at phone level.

BEGIN;

INSERT INTO nethprov.users (extension, display_name) VALUES
    ('336', 'Rossi & Figli <Sales> "HQ"'),               -- characters every file format must escape
    ('337', 'Walter Costa'),
    ('338', 'Zoe Fontana');

INSERT INTO nethprov.phones (mac, model) VALUES
    ('0c:11:05:01:00:41', 'SPR50P'),
    ('0c:11:05:02:00:41', 'SPR63G'),
    ('9c:75:14:03:00:41', 'WP480');

INSERT INTO nethprov.devices (phone_id, user_extension, position)
SELECT p.id, d.user_extension, 1
FROM (VALUES ('0c:11:05:01:00:41'::macaddr, '336'),
             ('0c:11:05:02:00:41', '337'),
             ('9c:75:14:03:00:41', '338')) AS d (mac, user_extension)
JOIN nethprov.phones AS p ON p.mac = d.mac;

-- The rich key set, the same on every golden phone (each model writes the keys it has).
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, k.name, k.value
FROM nethprov.phones AS p
CROSS JOIN nethprov_demo.rich_keys AS k
WHERE p.mac IN ('0c:11:05:01:00:41', '0c:11:05:02:00:41', '9c:75:14:03:00:41')
ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;

-- The other phone-level values, on the SPR63G (the pictures are there too: no Akuvox model
-- shows them, so they must not appear in its file).
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, s.name, s.value
FROM nethprov.phones AS p
CROSS JOIN (VALUES
    ('vlan_id_phone', '20'),
    ('vlan_id_pcport', '30'),
    ('background_file', 'wall.png'),
    ('screensaver_file', 'saver.png'),
    ('ringtone_file', 'ring.wav'),
    ('ringtone', '-1'),
    ('firmware_file', 'SP-R63G-63.30.2.14.rom'),
    ('ldap_base', 'ou=Rossi "HQ",dc=example,dc=com'),
    ('account_encryption_1', '1')
) AS s (name, value)
WHERE p.mac = '0c:11:05:02:00:41'
ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;

COMMIT;
