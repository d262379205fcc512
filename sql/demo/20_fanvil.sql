-- Demo data for Fanvil, loaded after sql/demo.sql (defaults, users 201-203, the Yealink phones).
--
-- 1. One golden phone per Fanvil family, MACs 0c:38:3e:00:20:NN / 00:a8:59:00:20:NN / 00:a8:5a:00:20:NN,
--    each the first device of a user of its own (311-314):
--    X5U (X series), V67 (V series), H5 (H series), W611W (W series).
-- 2. The same rich key set at phone level on each of them (each model writes the keys it has).
-- 3. The X5U of user 311 ('Rossi & Figli <Sales> "HQ"') also gets VLANs, pictures, a custom ring
--    tone, a firmware file, an LDAP base that needs no escaping in text but must survive intact, and
--    SIP over TLS.

BEGIN;

-- Golden phones, each the first device of a user of its own, with the rich key set (sql/demo.sql).
SELECT nethprov_demo.golden('0c:38:3e:00:20:01', 'X5U', '311', 'Rossi & Figli <Sales> "HQ"');  -- characters every file format must keep intact
SELECT nethprov_demo.golden('0c:38:3e:00:20:02', 'V67', '312', 'Franco Neri');
SELECT nethprov_demo.golden('00:a8:59:00:20:03', 'H5', '313', 'Giulia Conti');
SELECT nethprov_demo.golden('00:a8:5a:00:20:04', 'W611W', '314', 'Hotel Reception');

-- The other phone-level values, on the X5U of user 311.
SELECT nethprov_demo.phone_settings('0c:38:3e:00:20:01', jsonb_build_object(
    'vlan_id_phone', '20',
    'vlan_id_pcport', '30',
    'background_file', 'wall.png',
    'screensaver_file', 'saver.png',
    'ringtone_file', 'ring.wav',
    'ringtone', '-1',
    'firmware_file', 'x5u-6906-P0.18.23.142-2.4.13.1-3681T2024-12-23-20.03.57.z',
    'ldap_base', 'ou=Rossi "HQ",dc=example,dc=com',
    'account_encryption_1', '1'));

COMMIT;
