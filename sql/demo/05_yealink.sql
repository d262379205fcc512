-- Demo data for Yealink, loaded after sql/demo.sql (which defines the defaults, users 201-203 and the
-- ten Yealink demo phones 00:15:65:00:00:01 ... :0a).
--
-- 1. The golden Yealink phones of sql/demo.sql get the common rich key set at phone level:
--    00:15:65:00:00:02 (T31G, T3x), 24:9a:d8:00:00:05 (T54W, T5x), c4:fc:22:00:00:07 (VP59),
--    80:5e:0c:00:00:08 (AX83H, AX8x). 00:15:65:00:00:01 (T46U, T4x) keeps the keys sql/demo.sql
--    gives it: other tests count them.
-- 2. One new phone for each family without a golden config: T1x, T2x (T27G: EXP20 with page keys),
--    T7x, T8x, MACs 00:15:65:00:05:NN, each the first device of a user of its own (351-354).
-- 3. 24:9a:d8:00:00:05 also gets VLANs, pictures, a custom ring tone, a firmware file, an LDAP base
--    that needs quoting, and SIP over TLS.

BEGIN;

INSERT INTO nethprov.users (extension, display_name) VALUES
    ('351', 'Rossi & Figli <Sales> "HQ"'),               -- characters every file format must escape
    ('352', 'Carla Verdi'),
    ('353', 'Dario Neri'),
    ('354', 'Elena Gallo');

INSERT INTO nethprov.phones (mac, model) VALUES
    ('00:15:65:00:05:01', 'T19P_E2'),
    ('00:15:65:00:05:02', 'T27G'),
    ('00:15:65:00:05:03', 'T74U'),
    ('00:15:65:00:05:04', 'T88W');

INSERT INTO nethprov.devices (phone_id, user_extension, position)
SELECT p.id, d.user_extension, 1
FROM (VALUES ('00:15:65:00:05:01'::macaddr, '351'),
             ('00:15:65:00:05:02', '352'),
             ('00:15:65:00:05:03', '353'),
             ('00:15:65:00:05:04', '354')) AS d (mac, user_extension)
JOIN nethprov.phones AS p ON p.mac = d.mac;

-- The rich key set, the same on every golden phone (each model writes the keys it has).
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, k.name, k.value
FROM nethprov.phones AS p
CROSS JOIN nethprov_demo.rich_keys AS k
WHERE p.mac IN ('00:15:65:00:00:02', '24:9a:d8:00:00:05', 'c4:fc:22:00:00:07', '80:5e:0c:00:00:08',
                '00:15:65:00:05:01', '00:15:65:00:05:02', '00:15:65:00:05:03', '00:15:65:00:05:04')
ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;

-- The other phone-level values, on the T54W of user 203 ('Rossi & Figli <Sales> "HQ"').
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
    ('firmware_file', 'T54W-96.86.0.70.rom'),
    ('ldap_base', 'ou=Rossi "HQ",dc=example,dc=com'),
    ('account_encryption_1', '1')
) AS s (name, value)
WHERE p.mac = '24:9a:d8:00:00:05'
ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;

COMMIT;
