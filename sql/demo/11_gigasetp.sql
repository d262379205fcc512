-- Demo data for the Gigaset Pro P-series brand (gigasetp): one phone per model family (P7xx,
-- P8xx), each the first device of a user of its own, all with the same rich key set.
--
-- Loaded after sql/demo.sql (defaults, users 201-203) by scripts/common.sh np_db_demo:
--     psql -v ON_ERROR_STOP=1 -f sql/demo/11_gigasetp.sql
-- Its phones are the golden configs of tests/golden/gigasetp/.

BEGIN;

INSERT INTO nethprov.users (extension, display_name) VALUES
    ('305', 'Fabio Gigaset'),
    ('306', 'Rossi & Figli <Sales> "HQ"');                -- characters the XML must escape

-- MACs inside Gigaset P sub-ranges of Snom's 00:04:13 (P710: 00:04:13:E5, P850: 00:04:13:E3);
-- the brand is detected from the MAC, the narrowest range winning over Snom's OUI
INSERT INTO nethprov.phones (mac, model) VALUES
    ('00:04:13:e5:11:01', 'P710'),
    ('00:04:13:e3:11:02', 'P850');

INSERT INTO nethprov.devices (phone_id, user_extension, position)
SELECT p.id, d.user_extension, 1
FROM (VALUES ('00:04:13:e5:11:01'::macaddr, '305'),
             ('00:04:13:e3:11:02'::macaddr, '306')) AS d (mac, user_extension)
JOIN nethprov.phones AS p ON p.mac = d.mac;

-- The same keys on every phone: every line key type once (1..20), every soft key type once
-- (1..11), three expansion keys. Each model renders them up to its own key counts.
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, k.name, k.value
FROM nethprov.phones AS p
CROSS JOIN nethprov_demo.rich_keys AS k
WHERE p.mac IN ('00:04:13:e5:11:01', '00:04:13:e3:11:02');

-- The P850 of "Rossi & Figli": VLANs, pictures, its own ring tone and firmware, an LDAP base
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
    ('firmware_file', 'gigasetP850-10.1.198.9-SIP-r.bin'),
    ('ldap_base', 'ou=Rossi "HQ",dc=example,dc=com'),
    ('account_encryption_1', '1')
) AS s (name, value)
JOIN nethprov.phones AS p ON p.mac = '00:04:13:e3:11:02';

COMMIT;
