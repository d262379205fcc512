-- Demo data for the Snom brand: one phone per model family (D1xx, D3xx, D7xx, D8xx), each
-- the first device of a user of its own, all with the same rich key set.
--
-- Loaded after sql/demo.sql (defaults, users 201-203) by scripts/common.sh np_db_demo:
--     psql -v ON_ERROR_STOP=1 -f sql/demo/10_snom.sql
-- Its phones are the golden configs of tests/golden/snom/.

BEGIN;

-- Golden phones, each the first device of a user of its own, with the rich key set (sql/demo.sql).
SELECT nethprov_demo.golden('00:04:13:00:10:01', 'D120', '301', 'Carla Snom');
SELECT nethprov_demo.golden('00:04:13:00:10:02', 'D385', '302', 'Dario Snom');
SELECT nethprov_demo.golden('00:04:13:00:10:03', 'D785', '303', 'Rossi & Figli <Sales> "HQ"');  -- characters the XML must escape
SELECT nethprov_demo.golden('00:04:13:00:10:04', 'D865', '304', 'Elena Snom');

-- The D785 of "Rossi & Figli": VLANs, pictures, its own ring tone and firmware, an LDAP base
-- that needs escaping, and TLS + SRTP.
SELECT nethprov_demo.phone_settings('00:04:13:00:10:03', jsonb_build_object(
    'vlan_id_phone', '20',
    'vlan_id_pcport', '30',
    'background_file', 'wall.png',
    'screensaver_file', 'saver.png',
    'ringtone_file', 'ring.wav',
    'ringtone', '-1',
    'firmware_file', 'snomD785-10.1.184.15-SIP-r.bin',
    'ldap_base', 'ou=Rossi "HQ",dc=example,dc=com',
    'account_encryption_1', '1'));

COMMIT;
