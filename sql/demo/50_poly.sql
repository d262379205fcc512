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
CROSS JOIN (VALUES
    ('linekey_type_1', 'blf'),               ('linekey_value_1', '201'),         ('linekey_label_1', 'Alice'),
    ('linekey_type_2', 'speed_dial'),        ('linekey_value_2', '0612345678'),  ('linekey_label_2', 'Mobile'),
    ('linekey_type_3', 'line'),                                                  ('linekey_label_3', 'Line'),
    ('linekey_type_4', 'dnd'),
    ('linekey_type_5', 'forward'),           ('linekey_value_5', '0698765432'),
    ('linekey_type_6', 'transfer'),          ('linekey_value_6', '202'),
    ('linekey_type_7', 'hold'),
    ('linekey_type_8', 'conference'),
    ('linekey_type_9', 'direct_pickup'),     ('linekey_value_9', '201'),
    ('linekey_type_10', 'group_pickup'),
    ('linekey_type_11', 'dtmf'),             ('linekey_value_11', '1234'),
    ('linekey_type_12', 'recall'),
    ('linekey_type_13', 'record'),
    ('linekey_type_14', 'url'),              ('linekey_value_14', 'https://intranet.example.com/'),
                                             ('linekey_label_14', 'Intranet'),
    ('linekey_type_15', 'voice_mail'),
    ('linekey_type_16', 'ldap'),
    ('linekey_type_17', 'multicast_paging'), ('linekey_value_17', '224.0.1.75:5000'),
    ('linekey_type_18', 'phone_lock'),
    ('linekey_type_19', 'prefix'),           ('linekey_value_19', '9'),
    ('linekey_type_20', 'queuetoggle'),      ('linekey_value_20', '401'),
    ('softkey_type_1', 'forward'),
    ('softkey_type_2', 'dnd'),
    ('softkey_type_3', 'recall'),
    ('softkey_type_4', 'pick_up'),
    ('softkey_type_5', 'speed_dial'),        ('softkey_value_5', '0612345678'),
    ('softkey_type_6', 'group_pickup'),
    ('softkey_type_7', 'history'),
    ('softkey_type_8', 'menu'),
    ('softkey_type_9', 'status'),
    ('softkey_type_10', 'ldap'),
    ('softkey_type_11', 'prefix'),           ('softkey_value_11', '0'),
    ('expkey_type_1', 'blf'),                ('expkey_value_1', '202'),          ('expkey_label_1', 'Bruno'),
    ('expkey_type_2', 'speed_dial'),         ('expkey_value_2', '0311111111'),   ('expkey_label_2', 'Office'),
    ('expkey_type_3', 'dnd')
) AS k (name, value)
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
