-- Demo data for Poly (Polycom), loaded after sql/demo.sql (defaults, users 201-203, Yealink phones).
--
-- One phone per Poly model family, each the first device of a user of its own:
--   00:04:f2:00:00:50  VVX450 (family VVX, 12 line keys + 3 expansion modules)  user 341
--   64:16:7f:00:00:50  E350   (family EdgeE, 8 line keys)                        user 342
-- Both get the common rich key set at phone level; the VVX450 also gets VLANs, pictures, a custom
-- ring tone, a firmware file, an LDAP base that needs quoting, and SIP over TLS. User 341's name
-- holds every character the XML writer must escape.

BEGIN;

INSERT INTO nethprov.users (extension, display_name) VALUES
    ('341', 'Rossi & Figli <Sales> "HQ"'),
    ('342', 'Marta Colombo');

INSERT INTO nethprov.phones (mac, model) VALUES
    ('00:04:f2:00:00:50', 'VVX450'),
    ('64:16:7f:00:00:50', 'E350');

INSERT INTO nethprov.devices (phone_id, user_extension, position)
SELECT p.id, d.user_extension, 1
FROM (VALUES ('00:04:f2:00:00:50'::macaddr, '341'),
             ('64:16:7f:00:00:50', '342')) AS d (mac, user_extension)
JOIN nethprov.phones AS p ON p.mac = d.mac;

-- The rich key set, the same on every golden phone (each model writes the keys it has).
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, k.name, k.value
FROM nethprov.phones AS p
CROSS JOIN nethprov_demo.rich_keys AS k
WHERE p.mac IN ('00:04:f2:00:00:50', '64:16:7f:00:00:50')
ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;

-- The other phone-level values, on the VVX450 of user 341.
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, s.name, s.value
FROM nethprov.phones AS p
CROSS JOIN (VALUES
    ('vlan_id_phone', '20'),
    ('vlan_id_pcport', '30'),
    ('background_file', 'wall.png'),
    ('screensaver_file', 'saver.png'),
    ('ringtone', '-1'),
    ('ringtone_file', 'ring.wav'),
    ('firmware_file', '3111-48840-001.sip.ld'),
    ('ldap_base', 'ou=Rossi "HQ",dc=example,dc=com'),
    ('account_encryption_1', '1')
) AS s (name, value)
WHERE p.mac = '00:04:f2:00:00:50'
ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;

COMMIT;
