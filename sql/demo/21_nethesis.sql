-- Demo data for NethPhone (brand "nethesis"), loaded after sql/demo.sql (defaults, users 201-203,
-- the Yealink phones).
--
-- 1. One golden phone per NethPhone model (each model is a family of its own), MACs
--    e0:e6:56:00:21:NN, each the first device of a user of its own (315-318):
--    NP-X5, NP-X3, NP-X210, NP-V61.
-- 2. The same rich key set at phone level on each of them (each model writes the keys it has).
-- 3. The NP-X5 of user 315 ('Rossi & Figli <Sales> "HQ"') also gets VLANs, pictures, a custom ring
--    tone, a firmware file (its v1 image: with it set, the phone stops checking the firmware
--    lists), an LDAP base that must survive intact, and SIP over TLS. The NP-X3 keeps no
--    firmware_file, so its configuration turns the firmware-list check on.

BEGIN;

INSERT INTO nethprov.users (extension, display_name) VALUES
    ('315', 'Rossi & Figli <Sales> "HQ"'),               -- characters every file format must keep intact
    ('316', 'Ivo Marino'),
    ('317', 'Laura Greco'),
    ('318', 'Marco Bruno');

INSERT INTO nethprov.phones (mac, model) VALUES
    ('e0:e6:56:00:21:01', 'NP-X5'),
    ('e0:e6:56:00:21:02', 'NP-X3'),
    ('e0:e6:56:00:21:03', 'NP-X210'),
    ('e0:e6:56:00:21:04', 'NP-V61');

INSERT INTO nethprov.devices (phone_id, user_extension, position)
SELECT p.id, d.user_extension, 1
FROM (VALUES ('e0:e6:56:00:21:01'::macaddr, '315'),
             ('e0:e6:56:00:21:02', '316'),
             ('e0:e6:56:00:21:03', '317'),
             ('e0:e6:56:00:21:04', '318')) AS d (mac, user_extension)
JOIN nethprov.phones AS p ON p.mac = d.mac;

-- The rich key set, the same on every golden phone.
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, k.name, k.value
FROM nethprov.phones AS p
CROSS JOIN nethprov_demo.rich_keys AS k
WHERE p.mac IN ('e0:e6:56:00:21:01', 'e0:e6:56:00:21:02', 'e0:e6:56:00:21:03', 'e0:e6:56:00:21:04')
ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;

-- The other phone-level values, on the NP-X5 of user 315.
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
WHERE p.mac = 'e0:e6:56:00:21:01'
ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;

COMMIT;
