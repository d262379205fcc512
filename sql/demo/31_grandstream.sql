-- Demo data for Grandstream, loaded after sql/demo.sql (which defines the defaults and users
-- 201-203) in a session of its own.
--
-- One phone per model family, each the first device of a user of its own:
--   00:0b:82:00:00:31  GXP2170  (family GXP21xx: 48 VPKs, 3 soft keys, 4 x 40 expansion keys) - user 323
--   c0:74:ad:00:00:31  GRP2614  (family GRP26xx: 16 VPKs + 24 MPKs, 2 soft keys)              - user 324
--   ec:74:d7:00:00:31  WP820    (family WP8xx: Wi-Fi, no programmable keys)                   - user 325
-- All get the common rich key set at phone level; the GXP2170 also gets VLANs, pictures, a
-- custom ring tone, a firmware file, an LDAP base that needs quoting and SIP over TLS, and its
-- user's name holds the characters every file format must escape.

BEGIN;

-- Golden phones, each the first device of a user of its own, with the rich key set (sql/demo.sql).
SELECT nethprov_demo.golden('00:0b:82:00:00:31', 'GXP2170', '323', 'Rossi & Figli <Sales> "HQ"');
SELECT nethprov_demo.golden('c0:74:ad:00:00:31', 'GRP2614', '324', 'Ivo Sala');
SELECT nethprov_demo.golden('ec:74:d7:00:00:31', 'WP820', '325', 'Luca Testa');

-- The other phone-level values, on the GXP2170. Its firmware file carries the image name the
-- phone asks for (see templates/grandstream/README.md).
SELECT nethprov_demo.phone_settings('00:0b:82:00:00:31', jsonb_build_object(
    'vlan_id_phone', '20',
    'vlan_id_pcport', '30',
    'background_file', 'wall.png',
    'screensaver_file', 'saver.png',
    'ringtone', '-1',
    'ringtone_file', 'ring.wav',
    'firmware_file', 'gxp2170fw.bin',
    'ldap_base', 'ou=Rossi "HQ",dc=example,dc=com',
    'account_encryption_1', '1'));

COMMIT;
