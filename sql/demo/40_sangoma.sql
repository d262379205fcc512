-- Demo data for Sangoma, loaded after sql/demo.sql (defaults, users 201-203, Yealink phones).
--
-- One golden phone per S-series family, MACs 00:50:58:0F:00:40 (F = 1..5), each the first device of
-- a user of its own (331-335):
--   S2xx S206 (2 line keys)             331 'Rossi & Figli <Sales> "HQ"' (escaping test)
--   S3xx S305 (4 line keys)             332
--   S4xx S406 (25 line keys)            333
--   S5xx S505 (35 line keys, 6 x 40 expansion keys, pictures)   334, also: VLANs, pictures, a
--        custom ring tone, a firmware file, an LDAP base that needs quoting, SIP over TLS
--   S7xx S700 (45 line keys, 6 x 40 expansion keys)            335
-- Every golden phone gets the same rich key set at phone level.

BEGIN;

INSERT INTO nethprov.users (extension, display_name) VALUES
    ('331', 'Rossi & Figli <Sales> "HQ"'),               -- characters every file format must escape
    ('332', 'Sara Conti'),
    ('333', 'Tommaso Ricci'),
    ('334', 'Ugo Marino'),
    ('335', 'Vera Greco');

INSERT INTO nethprov.phones (mac, model) VALUES
    ('00:50:58:01:00:40', 'S206'),
    ('00:50:58:02:00:40', 'S305'),
    ('00:50:58:03:00:40', 'S406'),
    ('00:50:58:04:00:40', 'S505'),
    ('00:50:58:05:00:40', 'S700');

INSERT INTO nethprov.devices (phone_id, user_extension, position)
SELECT p.id, d.user_extension, 1
FROM (VALUES ('00:50:58:01:00:40'::macaddr, '331'),
             ('00:50:58:02:00:40', '332'),
             ('00:50:58:03:00:40', '333'),
             ('00:50:58:04:00:40', '334'),
             ('00:50:58:05:00:40', '335')) AS d (mac, user_extension)
JOIN nethprov.phones AS p ON p.mac = d.mac;

-- The rich key set, the same on every golden phone (each model writes the keys it has).
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, k.name, k.value
FROM nethprov.phones AS p
CROSS JOIN nethprov_demo.rich_keys AS k
WHERE p.mac IN ('00:50:58:01:00:40', '00:50:58:02:00:40', '00:50:58:03:00:40', '00:50:58:04:00:40',
                '00:50:58:05:00:40')
ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;

-- The other phone-level values, on the S505.
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
    ('firmware_file', 'S505-2.0.4.6.52.rom'),
    ('ldap_base', 'ou=Rossi "HQ",dc=example,dc=com'),
    ('account_encryption_1', '1')
) AS s (name, value)
WHERE p.mac = '00:50:58:04:00:40'
ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;

COMMIT;
