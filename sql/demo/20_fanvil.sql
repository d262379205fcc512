-- Demo data for Fanvil, loaded after sql/demo.sql (defaults, users 201-203, the Yealink phones).
--
-- 1. One golden phone per Fanvil family, MACs 0c:38:3e:00:20:NN / 00:a8:59:00:20:NN / 00:a8:5a:00:20:NN,
--    each the first device of a user of its own (311-314):
--    X5U (X series), V67 (V series), H5 (H series), W611W (W series).
-- 2. The same rich key set at phone level on each of them (each model writes the keys it has).
-- 3. The X5U of user 311 ('Rossi & Figli <Sales> "HQ"') also gets VLANs, pictures, a custom ring
--    tone, a firmware file, an LDAP base that needs no escaping in text but must survive intact, and
--    SIP over TLS.

BEGIN;

INSERT INTO nethprov.users (extension, display_name) VALUES
    ('311', 'Rossi & Figli <Sales> "HQ"'),               -- characters every file format must keep intact
    ('312', 'Franco Neri'),
    ('313', 'Giulia Conti'),
    ('314', 'Hotel Reception');

INSERT INTO nethprov.phones (mac, model) VALUES
    ('0c:38:3e:00:20:01', 'X5U'),
    ('0c:38:3e:00:20:02', 'V67'),
    ('00:a8:59:00:20:03', 'H5'),
    ('00:a8:5a:00:20:04', 'W611W');

INSERT INTO nethprov.devices (phone_id, user_extension, position)
SELECT p.id, d.user_extension, 1
FROM (VALUES ('0c:38:3e:00:20:01'::macaddr, '311'),
             ('0c:38:3e:00:20:02', '312'),
             ('00:a8:59:00:20:03', '313'),
             ('00:a8:5a:00:20:04', '314')) AS d (mac, user_extension)
JOIN nethprov.phones AS p ON p.mac = d.mac;

-- The rich key set, the same on every golden phone.
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, k.name, k.value
FROM nethprov.phones AS p
CROSS JOIN nethprov_demo.rich_keys AS k
WHERE p.mac IN ('0c:38:3e:00:20:01', '0c:38:3e:00:20:02', '00:a8:59:00:20:03', '00:a8:5a:00:20:04')
ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;

-- The other phone-level values, on the X5U of user 311.
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
    ('firmware_file', 'x5u-6906-P0.18.23.142-2.4.13.1-3681T2024-12-23-20.03.57.z'),
    ('ldap_base', 'ou=Rossi "HQ",dc=example,dc=com'),
    ('account_encryption_1', '1')
) AS s (name, value)
WHERE p.mac = '0c:38:3e:00:20:01'
ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;

COMMIT;
