-- Demo data for the Gigaset Pro P-series brand (gigasetp): one phone per model family (P7xx,
-- P8xx), each the first device of a user of its own, all with the same rich key set.
--
-- Loaded after sql/demo.sql (defaults, users 201-203) by scripts/common.sh np_db_demo:
--     psql -v ON_ERROR_STOP=1 -f sql/demo/11_gigasetp.sql
-- Its phones are the golden configs of tests/golden/gigasetp/.

BEGIN;

-- Golden phones, each the first device of a user of its own, with the rich key set (sql/demo.sql).
SELECT nethprov_demo.golden('00:04:13:e5:11:01', 'P710', '305', 'Fabio Gigaset');
SELECT nethprov_demo.golden('00:04:13:e3:11:02', 'P850', '306', 'Rossi & Figli <Sales> "HQ"');  -- characters the XML must escape

-- The P850 of "Rossi & Figli": VLANs, pictures, its own ring tone and firmware, an LDAP base
-- that needs escaping, and TLS + SRTP.
SELECT nethprov_demo.phone_settings('00:04:13:e3:11:02', jsonb_build_object(
    'vlan_id_phone', '20',
    'vlan_id_pcport', '30',
    'background_file', 'wall.png',
    'screensaver_file', 'saver.png',
    'ringtone_file', 'ring.wav',
    'ringtone', '-1',
    'firmware_file', 'gigasetP850-10.1.198.9-SIP-r.bin',
    'ldap_base', 'ou=Rossi "HQ",dc=example,dc=com',
    'account_encryption_1', '1'));

COMMIT;
