-- Demo data for the Snom brand: one phone per model family (D1xx, D3xx, D7xx, D8xx), each
-- the first device of a user of its own, all with the same rich key set.
--
-- Loaded after sql/demo.sql (defaults, users 201-203) by scripts/common.sh np_db_demo:
--     psql -v ON_ERROR_STOP=1 -f sql/demo/10_snom.sql
-- Its phones are the golden configs of tests/golden/snom/.

BEGIN;

INSERT INTO nethprov.users (extension, display_name) VALUES
    ('301', 'Carla Snom'),
    ('302', 'Dario Snom'),
    ('303', 'Rossi & Figli <Sales> "HQ"'),                -- characters the XML must escape
    ('304', 'Elena Snom');

-- MACs in Snom's 00:04:13, outside every Gigaset P sub-range; brand detected from the MAC
INSERT INTO nethprov.phones (mac, model) VALUES
    ('00:04:13:00:10:01', 'D120'),
    ('00:04:13:00:10:02', 'D385'),
    ('00:04:13:00:10:03', 'D785'),
    ('00:04:13:00:10:04', 'D865');

INSERT INTO nethprov.devices (phone_id, user_extension, position)
SELECT p.id, d.user_extension, 1
FROM (VALUES ('00:04:13:00:10:01'::macaddr, '301'),
             ('00:04:13:00:10:02'::macaddr, '302'),
             ('00:04:13:00:10:03'::macaddr, '303'),
             ('00:04:13:00:10:04'::macaddr, '304')) AS d (mac, user_extension)
JOIN nethprov.phones AS p ON p.mac = d.mac;

-- The same keys on every phone: every line key type once (1..20), every soft key type once
-- (1..11), three expansion keys. Each model renders them up to its own key counts.
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, k.name, k.value
FROM nethprov.phones AS p
CROSS JOIN nethprov_demo.rich_keys AS k
WHERE p.mac IN ('00:04:13:00:10:01', '00:04:13:00:10:02', '00:04:13:00:10:03', '00:04:13:00:10:04');

-- The D785 of "Rossi & Figli": VLANs, pictures, its own ring tone and firmware, an LDAP base
-- that needs escaping, and TLS + SRTP.
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, s.name, s.value
FROM (VALUES
    ('vlan_id_phone', '20'),
    ('vlan_id_pcport', '30'),
    ('background_file', 'wall.png'),
    ('screensaver_file', 'saver.png'),
    ('ringtone_file', 'ring.wav'),
    ('ringtone', '-1'),
    ('firmware_file', 'snomD785-10.1.184.15-SIP-r.bin'),
    ('ldap_base', 'ou=Rossi "HQ",dc=example,dc=com'),
    ('account_encryption_1', '1')
) AS s (name, value)
JOIN nethprov.phones AS p ON p.mac = '00:04:13:00:10:03';

COMMIT;
