-- Demo data for NethPhone (brand "nethesis"), loaded after sql/demo.sql (defaults, users 201-203,
-- the Yealink phones).
--
-- 1. One golden phone per NethPhone model (each model is a family of its own), MACs
--    e0:e6:56:00:21:NN, each the first device of a user of its own (315-318):
--    NP-X5, NP-X3, NP-X210, NP-V61.
-- 2. The same rich key set at phone level on each of them (each model writes the keys it has).
-- 3. The NP-X5 of user 315 ('Rossi & Figli <Sales> "HQ"') also gets VLANs, pictures, a custom ring
--    tone, a firmware file (its v1 image: with it set, the phone stops checking the firmware
--    lists), an LDAP base that must survive intact, and SIP over TLS. The NP-X3 keeps no
--    firmware_file, so its configuration turns the firmware-list check on.

BEGIN;

-- Golden phones, each the first device of a user of its own, with the rich key set (sql/demo.sql).
SELECT nethprov_demo.golden('e0:e6:56:00:21:01', 'NP-X5', '315', 'Rossi & Figli <Sales> "HQ"');  -- characters every file format must keep intact
SELECT nethprov_demo.golden('e0:e6:56:00:21:02', 'NP-X3', '316', 'Ivo Marino');
SELECT nethprov_demo.golden('e0:e6:56:00:21:03', 'NP-X210', '317', 'Laura Greco');
SELECT nethprov_demo.golden('e0:e6:56:00:21:04', 'NP-V61', '318', 'Marco Bruno');

-- The other phone-level values, on the NP-X5 of user 315.
SELECT nethprov_demo.phone_settings('e0:e6:56:00:21:01', jsonb_build_object(
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
