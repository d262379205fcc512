-- Demo data for Poly (Polycom), loaded after sql/demo.sql (defaults, users 201-203, Yealink phones).
--
-- One phone per Poly model family, each the first device of a user of its own:
--   00:04:f2:00:00:50  VVX450 (family VVX, 12 line keys + 3 expansion modules)  user 341
--   64:16:7f:00:00:50  E350   (family EdgeE, 8 line keys)                        user 342
-- Both get the common rich key set at phone level; the VVX450 also gets VLANs, pictures, a custom
-- ring tone, a firmware file, an LDAP base that needs quoting, and SIP over TLS. User 341's name
-- holds every character the XML writer must escape.

BEGIN;

-- Golden phones, each the first device of a user of its own, with the rich key set (sql/demo.sql).
SELECT nethprov_demo.golden('00:04:f2:00:00:50', 'VVX450', '341', 'Rossi & Figli <Sales> "HQ"');
SELECT nethprov_demo.golden('64:16:7f:00:00:50', 'E350', '342', 'Marta Colombo');

-- The other phone-level values, on the VVX450 of user 341.
SELECT nethprov_demo.phone_settings('00:04:f2:00:00:50', jsonb_build_object(
    'vlan_id_phone', '20',
    'vlan_id_pcport', '30',
    'background_file', 'wall.png',
    'screensaver_file', 'saver.png',
    'ringtone', '-1',
    'ringtone_file', 'ring.wav',
    'firmware_file', '3111-48840-001.sip.ld',
    'ldap_base', 'ou=Rossi "HQ",dc=example,dc=com',
    'account_encryption_1', '1'));

COMMIT;
