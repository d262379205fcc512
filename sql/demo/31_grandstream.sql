-- Demo data for Grandstream, loaded after sql/demo.sql (which defines the defaults and users
-- 201-203) in a session of its own.
--
-- One phone per model family, each the first device of a user of its own:
--   00:0b:82:00:00:31  GXP2170  (family GXP21xx: 48 VPKs, 3 soft keys, 4 x 40 expansion keys) - user 323
--   c0:74:ad:00:00:31  GRP2614  (family GRP26xx: 16 VPKs + 24 MPKs, 2 soft keys)              - user 324
--   ec:74:d7:00:00:31  WP820    (family WP8xx: Wi-Fi, no programmable keys)                   - user 325
-- All get the common rich key set at phone level; the GXP2170 also gets VLANs, pictures, a
-- custom ring tone, a firmware file, an LDAP base that needs quoting and SIP over TLS, and its
-- user's name holds the characters every file format must escape.

BEGIN;

INSERT INTO nethprov.users (extension, display_name) VALUES
    ('323', 'Rossi & Figli <Sales> "HQ"'),
    ('324', 'Ivo Sala'),
    ('325', 'Luca Testa');

INSERT INTO nethprov.phones (mac, model) VALUES
    ('00:0b:82:00:00:31', 'GXP2170'),
    ('c0:74:ad:00:00:31', 'GRP2614'),
    ('ec:74:d7:00:00:31', 'WP820');

INSERT INTO nethprov.devices (phone_id, user_extension, position)
SELECT p.id, d.user_extension, 1
FROM (VALUES ('00:0b:82:00:00:31'::macaddr, '323'),
             ('c0:74:ad:00:00:31', '324'),
             ('ec:74:d7:00:00:31', '325')) AS d (mac, user_extension)
JOIN nethprov.phones AS p ON p.mac = d.mac;

-- The rich key set, the same on every golden phone (each model writes the keys it has).
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, k.name, k.value
FROM nethprov.phones AS p
CROSS JOIN nethprov_demo.rich_keys AS k
WHERE p.mac IN ('00:0b:82:00:00:31', 'c0:74:ad:00:00:31', 'ec:74:d7:00:00:31')
ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;

-- The other phone-level values, on the GXP2170. Its firmware file carries the image name the
-- phone asks for (see templates/grandstream/README.md).
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
    ('firmware_file', 'gxp2170fw.bin'),
    ('ldap_base', 'ou=Rossi "HQ",dc=example,dc=com'),
    ('account_encryption_1', '1')
) AS s (name, value)
WHERE p.mac = '00:0b:82:00:00:31'
ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;

COMMIT;
