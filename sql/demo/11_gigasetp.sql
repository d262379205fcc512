-- Demo data for the Gigaset Pro P-series brand (gigasetp): one phone per model family (P7xx,
-- P8xx), each the first device of a user of its own, all with the same rich key set.
--
-- Loaded after sql/demo.sql (defaults, users 201-203) by scripts/common.sh np_db_demo:
--     psql -v ON_ERROR_STOP=1 -f sql/demo/11_gigasetp.sql
-- Its phones are the golden configs of tests/golden/gigasetp/.

BEGIN;

INSERT INTO nethprov.users (extension, display_name) VALUES
    ('305', 'Fabio Gigaset'),
    ('306', 'Rossi & Figli <Sales> "HQ"');                -- characters the XML must escape

-- MACs inside Gigaset P sub-ranges of Snom's 00:04:13 (P710: 00:04:13:E5, P850: 00:04:13:E3);
-- the brand is detected from the MAC, the narrowest range winning over Snom's OUI
INSERT INTO nethprov.phones (mac, model) VALUES
    ('00:04:13:e5:11:01', 'P710'),
    ('00:04:13:e3:11:02', 'P850');

INSERT INTO nethprov.devices (phone_id, user_extension, position)
SELECT p.id, d.user_extension, 1
FROM (VALUES ('00:04:13:e5:11:01'::macaddr, '305'),
             ('00:04:13:e3:11:02'::macaddr, '306')) AS d (mac, user_extension)
JOIN nethprov.phones AS p ON p.mac = d.mac;

-- The same keys on every phone: every line key type once (1..20), every soft key type once
-- (1..11), three expansion keys. Each model renders them up to its own key counts.
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, k.name, k.value
FROM nethprov.phones AS p
CROSS JOIN (VALUES
    ('linekey_type_1', 'blf'),              ('linekey_value_1', '201'),        ('linekey_label_1', 'Alice'),
    ('linekey_type_2', 'speed_dial'),       ('linekey_value_2', '0612345678'), ('linekey_label_2', 'Mobile'),
    ('linekey_type_3', 'line'),                                                ('linekey_label_3', 'Line'),
    ('linekey_type_4', 'dnd'),
    ('linekey_type_5', 'forward'),          ('linekey_value_5', '0698765432'),
    ('linekey_type_6', 'transfer'),         ('linekey_value_6', '202'),
    ('linekey_type_7', 'hold'),
    ('linekey_type_8', 'conference'),
    ('linekey_type_9', 'direct_pickup'),    ('linekey_value_9', '201'),
    ('linekey_type_10', 'group_pickup'),
    ('linekey_type_11', 'dtmf'),            ('linekey_value_11', '1234'),
    ('linekey_type_12', 'recall'),
    ('linekey_type_13', 'record'),
    ('linekey_type_14', 'url'),             ('linekey_value_14', 'https://intranet.example.com/'),
                                            ('linekey_label_14', 'Intranet'),
    ('linekey_type_15', 'voice_mail'),
    ('linekey_type_16', 'ldap'),
    ('linekey_type_17', 'multicast_paging'), ('linekey_value_17', '224.0.1.75:5000'),
    ('linekey_type_18', 'phone_lock'),
    ('linekey_type_19', 'prefix'),          ('linekey_value_19', '9'),
    ('linekey_type_20', 'queuetoggle'),     ('linekey_value_20', '401'),
    ('softkey_type_1', 'forward'),
    ('softkey_type_2', 'dnd'),
    ('softkey_type_3', 'recall'),
    ('softkey_type_4', 'pick_up'),
    ('softkey_type_5', 'speed_dial'),       ('softkey_value_5', '0612345678'),
    ('softkey_type_6', 'group_pickup'),
    ('softkey_type_7', 'history'),
    ('softkey_type_8', 'menu'),
    ('softkey_type_9', 'status'),
    ('softkey_type_10', 'ldap'),
    ('softkey_type_11', 'prefix'),          ('softkey_value_11', '0'),
    ('expkey_type_1', 'blf'),               ('expkey_value_1', '202'),         ('expkey_label_1', 'Bruno'),
    ('expkey_type_2', 'speed_dial'),        ('expkey_value_2', '0311111111'),  ('expkey_label_2', 'Office'),
    ('expkey_type_3', 'dnd')
) AS k (name, value)
WHERE p.mac IN ('00:04:13:e5:11:01', '00:04:13:e3:11:02');

-- The P850 of "Rossi & Figli": VLANs, pictures, its own ring tone and firmware, an LDAP base
-- that needs escaping, and TLS + SRTP.
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, s.name, s.value
FROM (VALUES
    ('vlan_id_phone', '20'),
    ('vlan_id_pcport', '30'),
    ('background_file', 'wall.png'),
    ('screensaver_file', 'saver.png'),
    ('ringtone_file', 'ring.wav'),
    ('ringtone', '-1'),
    ('firmware_file', 'gigasetP850-10.1.198.9-SIP-r.bin'),
    ('ldap_base', 'ou=Rossi "HQ",dc=example,dc=com'),
    ('account_encryption_1', '1')
) AS s (name, value)
JOIN nethprov.phones AS p ON p.mac = '00:04:13:e3:11:02';

COMMIT;
