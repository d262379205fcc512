-- Demo data for Sangoma, loaded after sql/demo.sql (defaults, users 201-203, Yealink phones).
--
-- One golden phone per S-series family, MACs 00:50:58:0F:00:40 (F = 1..5), each the first device of
-- a user of its own (331-335):
--   S2xx S206 (2 line keys)             331 'Rossi & Figli <Sales> "HQ"' (escaping test)
--   S3xx S305 (4 line keys)             332
--   S4xx S406 (25 line keys)            333
--   S5xx S505 (35 line keys, 6 x 40 expansion keys, pictures)   334, also: VLANs, pictures, a
--        custom ring tone, a firmware file, an LDAP base that needs quoting, SIP over TLS
--   S7xx S700 (45 line keys, 6 x 40 expansion keys)            335
-- Every golden phone gets the same rich key set at phone level.

BEGIN;

-- Golden phones, each the first device of a user of its own, with the rich key set (sql/demo.sql).
SELECT nethprov_demo.golden('00:50:58:01:00:40', 'S206', '331', 'Rossi & Figli <Sales> "HQ"');  -- characters every file format must escape
SELECT nethprov_demo.golden('00:50:58:02:00:40', 'S305', '332', 'Sara Conti');
SELECT nethprov_demo.golden('00:50:58:03:00:40', 'S406', '333', 'Tommaso Ricci');
SELECT nethprov_demo.golden('00:50:58:04:00:40', 'S505', '334', 'Ugo Marino');
SELECT nethprov_demo.golden('00:50:58:05:00:40', 'S700', '335', 'Vera Greco');

-- The other phone-level values, on the S505.
SELECT nethprov_demo.phone_settings('00:50:58:04:00:40', jsonb_build_object(
    'vlan_id_phone', '20',
    'vlan_id_pcport', '30',
    'background_file', 'wall.png',
    'screensaver_file', 'saver.png',
    'ringtone_file', 'ring.wav',
    'ringtone', '-1',
    'firmware_file', 'S505-2.0.4.6.52.rom',
    'ldap_base', 'ou=Rossi "HQ",dc=example,dc=com',
    'account_encryption_1', '1'));

COMMIT;
