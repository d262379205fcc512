-- Demo data for Akuvox, loaded after sql/demo.sql (defaults, users 201-203, Yealink phones).
--
-- One golden phone per Akuvox family, each the first device of a user of its own (336-338):
--   SP-R5x SPR50P (1 line key)   0c:11:05:01:00:41   336 'Rossi & Figli <Sales> "HQ"' (escaping test)
--   SP-R6x SPR63G (8 line keys)  0c:11:05:02:00:41   337, also: VLANs, a custom ring tone, a firmware
--          file, an LDAP base that needs quoting, SIP over TLS (no Akuvox model shows pictures)
--   WP4xx  WP480  (8 line keys)  9c:75:14:03:00:41   338
-- Every golden phone gets the same rich key set at phone level.

BEGIN;

-- Golden phones, each the first device of a user of its own, with the rich key set (sql/demo.sql).
SELECT nethprov_demo.golden('0c:11:05:01:00:41', 'SPR50P', '336', 'Rossi & Figli <Sales> "HQ"');  -- characters every file format must escape
SELECT nethprov_demo.golden('0c:11:05:02:00:41', 'SPR63G', '337', 'Walter Costa');
SELECT nethprov_demo.golden('9c:75:14:03:00:41', 'WP480', '338', 'Zoe Fontana');

-- The other phone-level values, on the SPR63G (the pictures are there too: no Akuvox model
-- shows them, so they must not appear in its file).
SELECT nethprov_demo.phone_settings('0c:11:05:02:00:41', jsonb_build_object(
    'vlan_id_phone', '20',
    'vlan_id_pcport', '30',
    'background_file', 'wall.png',
    'screensaver_file', 'saver.png',
    'ringtone_file', 'ring.wav',
    'ringtone', '-1',
    'firmware_file', 'SP-R63G-63.30.2.14.rom',
    'ldap_base', 'ou=Rossi "HQ",dc=example,dc=com',
    'account_encryption_1', '1'));

COMMIT;
