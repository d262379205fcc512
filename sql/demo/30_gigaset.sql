-- Demo data for Gigaset Maxwell, loaded after sql/demo.sql (which defines the defaults and users
-- 201-203) in a session of its own.
--
-- One phone per model family, each the first device of a user of its own:
--   7c:2f:80:00:00:30  Maxwell3      (family Maxwell: 8 function keys, 2 soft keys) - user 321
--   00:21:04:00:00:30  MaxwellBasic  (family MaxwellBasic: no function keys)        - user 322
-- Both get the common rich key set at phone level; the Maxwell 3 also gets VLANs, pictures, a
-- custom ring tone, a firmware file, an LDAP base that needs quoting and SIP over TLS, and its
-- user's name holds the characters every file format must escape.

BEGIN;

-- Golden phones, each the first device of a user of its own, with the rich key set (sql/demo.sql).
SELECT nethprov_demo.golden('7c:2f:80:00:00:30', 'Maxwell3', '321', 'Rossi & Figli <Sales> "HQ"');
SELECT nethprov_demo.golden('00:21:04:00:00:30', 'MaxwellBasic', '322', 'Gina Ferri');

-- The other phone-level values, on the Maxwell 3.
SELECT nethprov_demo.phone_settings('7c:2f:80:00:00:30', jsonb_build_object(
    'vlan_id_phone', '20',
    'vlan_id_pcport', '30',
    'background_file', 'wall.png',
    'screensaver_file', 'saver.png',
    'ringtone', '-1',
    'ringtone_file', 'ring.wav',
    'firmware_file', 'maxwell3-2.22.4.bin',
    'ldap_base', 'ou=Rossi "HQ",dc=example,dc=com',
    'account_encryption_1', '1'));

COMMIT;
