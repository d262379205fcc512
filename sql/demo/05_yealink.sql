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

-- Golden phones, each the first device of a user of its own, with the rich key set (sql/demo.sql).
SELECT nethprov_demo.golden('00:15:65:00:05:01', 'T19P_E2', '351', 'Rossi & Figli <Sales> "HQ"');  -- characters every file format must escape
SELECT nethprov_demo.golden('00:15:65:00:05:02', 'T27G', '352', 'Carla Verdi');
SELECT nethprov_demo.golden('00:15:65:00:05:03', 'T74U', '353', 'Dario Neri');
SELECT nethprov_demo.golden('00:15:65:00:05:04', 'T88W', '354', 'Elena Gallo');

-- Phones of sql/demo.sql: the rich key set only.
SELECT nethprov_demo.rich_keys_on('00:15:65:00:00:02');
SELECT nethprov_demo.rich_keys_on('24:9a:d8:00:00:05');
SELECT nethprov_demo.rich_keys_on('c4:fc:22:00:00:07');
SELECT nethprov_demo.rich_keys_on('80:5e:0c:00:00:08');

-- The other phone-level values, on the T54W of user 203 ('Rossi & Figli <Sales> "HQ"').
SELECT nethprov_demo.phone_settings('24:9a:d8:00:00:05', jsonb_build_object(
    'vlan_id_phone', '20',
    'vlan_id_pcport', '30',
    'background_file', 'wall.png',
    'screensaver_file', 'saver.png',
    'ringtone', '-1',
    'ringtone_file', 'ring.wav',
    'firmware_file', 'T54W-96.86.0.70.rom',
    'ldap_base', 'ou=Rossi "HQ",dc=example,dc=com',
    'account_encryption_1', '1'));

COMMIT;
