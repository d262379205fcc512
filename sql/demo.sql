-- Demo data for nethprov: a small office with three users and ten Yealink phones.
--
-- Load into a fresh database AFTER scripts/db-upgrade and after "nethprov sync"
-- has loaded the yealink brand and its models:
--     psql -v ON_ERROR_STOP=1 -f sql/demo.sql
-- Tokens and SIP passwords are random: list them with
--     SELECT * FROM nethprov.phone_urls('00:15:65:00:00:01', 'http://127.0.0.1/provisioning');

BEGIN;

-- Defaults: every phone of the office.
INSERT INTO nethprov.settings_default (name, value) VALUES
    ('hostname', '127.0.0.1'),
    ('sip_udp_port', '5060'),
    ('sip_tls_port', '5061'),
    ('language', 'it'),
    ('timezone', 'Europe/Rome'),
    ('tonezone', 'it'),
    ('ntp_server', 'pool.ntp.org'),
    ('date_format', 'DD MM YY'),
    ('time_format', '24'),
    ('provisioning_freq', 'everyday'),
    ('ringtone', '1'),
    ('backlight_time', '30'),
    ('screensaver_time', '600'),
    ('brightness', '5'),
    ('contrast', '5'),
    ('dss_transfer', 'attended'),
    ('call_waiting_tone', '1'),
    -- PBX feature codes
    ('cftimeouton', '*52'),
    ('cftimeoutoff', '*53'),
    ('cfbusyon', '*90'),
    ('cfbusyoff', '*91'),
    ('cfalwayson', '*72'),
    ('cfalwaysoff', '*73'),
    ('dndon', '*78'),
    ('dndoff', '*79'),
    ('dndtoggle', '*76'),
    ('call_waiting_on', '*70'),
    ('call_waiting_off', '*71'),
    ('pickup_direct', '**'),
    ('pickup_group', '*8'),
    ('queuetoggle', '*45'),
    ('voicemail', '*97'),
    ('cftimeout', '20'),
    ('account_voicemail_1', '*97'),
    ('account_dtmf_type_1', 'rfc4733'),
    ('account_dnd_allow_1', '1'),
    ('account_fwd_allow_1', '1'),
    -- Phone book on the PBX itself
    ('ldap_server', '127.0.0.1'),
    ('ldap_port', '389'),
    ('ldap_tls', 'none'),
    ('ldap_user', 'cn=phonebook,dc=phonebook,dc=nh'),
    ('ldap_password', 'demo-phonebook-secret'),
    ('ldap_base', 'dc=phonebook,dc=nh'),
    ('ldap_name_display', '%cn %o'),
    ('ldap_mainphone_number_attr', 'telephoneNumber'),
    ('ldap_mobilephone_number_attr', 'mobile'),
    ('ldap_otherphone_number_attr', 'homePhone'),
    ('ldap_name_attr', 'cn o'),
    ('ldap_number_filter', '(|(telephoneNumber=%)(mobile=%)(homePhone=%))'),
    ('ldap_name_filter', '(|(cn=%)(o=%))')
ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value;

-- Per model
INSERT INTO nethprov.settings_model (brand, model, name, value) VALUES
    ('yealink', 'T46U', 'language', 'en'),
    ('yealink', 'T57W', 'backlight_time', '60'),
    ('yealink', 'T58W', 'ringtone', '3'),
    ('yealink', 'VP59', 'screensaver_time', '1200'),
    ('yealink', 'T31G', 'date_format', '-');           -- "-": inherits the default

-- Users
INSERT INTO nethprov.users (extension, display_name) VALUES
    ('201', 'Alice Rossi'),
    ('202', 'Bruno Bianchi'),
    ('203', 'Rossi & Figli <Sales> "HQ"');               -- characters every file format must escape

-- Phones (brand detected from the MAC)
INSERT INTO nethprov.phones (mac, model) VALUES
    ('00:15:65:00:00:01', 'T46U'),
    ('00:15:65:00:00:02', 'T31G'),
    ('80:5e:c0:00:00:03', 'T57W'),
    ('00:15:65:00:00:04', 'T48U'),
    ('24:9a:d8:00:00:05', 'T54W'),
    ('44:db:d2:00:00:06', 'T43U'),
    ('c4:fc:22:00:00:07', 'VP59'),
    ('80:5e:0c:00:00:08', 'AX83H'),
    ('00:15:65:00:00:09', NULL),                          -- vendor known, model pending
    ('00:15:65:00:00:0a', 'T58W');

-- Devices: Alice has three phones (201, 91201, 92201), Bruno two, the shop two.
INSERT INTO nethprov.devices (phone_id, user_extension, position)
SELECT p.id, d.user_extension, d.position
FROM (VALUES ('00:15:65:00:00:01'::macaddr, '201', 1),
             ('00:15:65:00:00:02'::macaddr, '201', 2),
             ('80:5e:c0:00:00:03'::macaddr, '201', 3),
             ('00:15:65:00:00:04'::macaddr, '202', 1),
             ('44:db:d2:00:00:06'::macaddr, '202', 2),
             ('24:9a:d8:00:00:05'::macaddr, '203', 1),
             ('80:5e:0c:00:00:08'::macaddr, '203', 2)) AS d (mac, user_extension, position)
JOIN nethprov.phones AS p ON p.mac = d.mac;

-- Per phone
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, s.name, s.value
FROM (VALUES
    -- Alice's desk phone: keys, and two values that inherit
    ('00:15:65:00:00:01'::macaddr, 'linekey_type_1', 'line'),
    ('00:15:65:00:00:01', 'linekey_label_1', 'Alice'),
    ('00:15:65:00:00:01', 'linekey_type_2', 'blf'),
    ('00:15:65:00:00:01', 'linekey_value_2', '202'),
    ('00:15:65:00:00:01', 'linekey_label_2', 'Bruno'),
    ('00:15:65:00:00:01', 'linekey_type_3', 'blf'),
    ('00:15:65:00:00:01', 'linekey_value_3', '203'),
    ('00:15:65:00:00:01', 'linekey_label_3', 'Rossi & Figli <Sales>'),
    ('00:15:65:00:00:01', 'linekey_type_4', 'speed_dial'),
    ('00:15:65:00:00:01', 'linekey_value_4', '0612345678'),
    ('00:15:65:00:00:01', 'linekey_label_4', 'Head office'),
    ('00:15:65:00:00:01', 'linekey_type_5', 'dnd'),
    ('00:15:65:00:00:01', 'linekey_label_5', 'DND'),
    ('00:15:65:00:00:01', 'linekey_type_6', 'queuetoggle'),
    ('00:15:65:00:00:01', 'linekey_label_6', 'Queues'),
    ('00:15:65:00:00:01', 'softkey_type_1', 'history'),
    ('00:15:65:00:00:01', 'softkey_type_2', 'dnd'),
    ('00:15:65:00:00:01', 'softkey_type_3', 'speed_dial'),
    ('00:15:65:00:00:01', 'softkey_value_3', '*97'),
    ('00:15:65:00:00:01', 'softkey_label_3', 'Voicemail'),
    ('00:15:65:00:00:01', 'expkey_type_1', 'blf'),
    ('00:15:65:00:00:01', 'expkey_value_1', '201'),
    ('00:15:65:00:00:01', 'expkey_label_1', 'Alice "boss"'),
    ('00:15:65:00:00:01', 'language', ''),                -- empty: inherits the model's "en"
    ('00:15:65:00:00:01', 'timezone', '-'),               -- "-": inherits the default
    -- Bruno's phone sits on the voice VLAN
    ('00:15:65:00:00:04', 'vlan_id_phone', '100'),
    ('00:15:65:00:00:04', 'vlan_id_pcport', '0'),
    ('00:15:65:00:00:04', 'linekey_type_1', 'line'),
    ('00:15:65:00:00:04', 'linekey_type_2', 'group_pickup'),
    ('00:15:65:00:00:04', 'linekey_label_2', 'Pickup'),
    -- The shop's second phone shows a name of its own
    ('80:5e:0c:00:00:08', 'account_display_name_1', 'Rossi & Figli - Lab'),
    ('80:5e:0c:00:00:08', 'language', 'en'),
    -- The conference phone, not assigned yet
    ('c4:fc:22:00:00:07', 'language', 'de')
) AS s (mac, name, value)
JOIN nethprov.phones AS p ON p.mac = s.mac;

COMMIT;

-- The rich key set every brand's golden phones get at phone level (sql/demo/*.sql): every line and
-- expansion key type and every soft key type, so each golden config shows how its brand renders them.
CREATE SCHEMA IF NOT EXISTS nethprov_demo;
COMMENT ON SCHEMA nethprov_demo IS 'Demo data only: shared by the demo files of every brand';
CREATE TABLE IF NOT EXISTS nethprov_demo.rich_keys (name text PRIMARY KEY, value text NOT NULL);
INSERT INTO nethprov_demo.rich_keys (name, value) VALUES
    ('linekey_type_1', 'blf'),
    ('linekey_value_1', '201'),
    ('linekey_label_1', 'Alice'),
    ('linekey_type_2', 'speed_dial'),
    ('linekey_value_2', '0612345678'),
    ('linekey_label_2', 'Mobile'),
    ('linekey_type_3', 'line'),
    ('linekey_label_3', 'Line'),
    ('linekey_type_4', 'dnd'),
    ('linekey_type_5', 'forward'),
    ('linekey_value_5', '0698765432'),
    ('linekey_type_6', 'transfer'),
    ('linekey_value_6', '202'),
    ('linekey_type_7', 'hold'),
    ('linekey_type_8', 'conference'),
    ('linekey_type_9', 'direct_pickup'),
    ('linekey_value_9', '201'),
    ('linekey_type_10', 'group_pickup'),
    ('linekey_type_11', 'dtmf'),
    ('linekey_value_11', '1234'),
    ('linekey_type_12', 'recall'),
    ('linekey_type_13', 'record'),
    ('linekey_type_14', 'url'),
    ('linekey_value_14', 'https://intranet.example.com/'),
    ('linekey_label_14', 'Intranet'),
    ('linekey_type_15', 'voice_mail'),
    ('linekey_type_16', 'ldap'),
    ('linekey_type_17', 'multicast_paging'),
    ('linekey_value_17', '224.0.1.75:5000'),
    ('linekey_type_18', 'phone_lock'),
    ('linekey_type_19', 'prefix'),
    ('linekey_value_19', '9'),
    ('linekey_type_20', 'queuetoggle'),
    ('linekey_value_20', '401'),
    ('softkey_type_1', 'forward'),
    ('softkey_type_2', 'dnd'),
    ('softkey_type_3', 'recall'),
    ('softkey_type_4', 'pick_up'),
    ('softkey_type_5', 'speed_dial'),
    ('softkey_value_5', '0612345678'),
    ('softkey_type_6', 'group_pickup'),
    ('softkey_type_7', 'history'),
    ('softkey_type_8', 'menu'),
    ('softkey_type_9', 'status'),
    ('softkey_type_10', 'ldap'),
    ('softkey_type_11', 'prefix'),
    ('softkey_value_11', '0'),
    ('expkey_type_1', 'blf'),
    ('expkey_value_1', '202'),
    ('expkey_label_1', 'Bruno'),
    ('expkey_type_2', 'speed_dial'),
    ('expkey_value_2', '0311111111'),
    ('expkey_label_2', 'Office'),
    ('expkey_type_3', 'dnd')
ON CONFLICT (name) DO NOTHING;

-- What every brand's demo file (sql/demo/*.sql) does, in one place each.

-- A phone's settings at phone level (a JSON object of name: value).
CREATE OR REPLACE FUNCTION nethprov_demo.phone_settings(p_mac macaddr, p_settings jsonb) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO nethprov.settings_phone (phone_id, name, value)
    SELECT p.id, s.key, s.value FROM nethprov.phones AS p, jsonb_each_text(p_settings) AS s
    WHERE p.mac = p_mac
    ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;
$$;

-- The rich key set on a phone.
CREATE OR REPLACE FUNCTION nethprov_demo.rich_keys_on(p_mac macaddr) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO nethprov.settings_phone (phone_id, name, value)
    SELECT p.id, k.name, k.value FROM nethprov.phones AS p, nethprov_demo.rich_keys AS k
    WHERE p.mac = p_mac
    ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value;
$$;

-- A golden phone: the first device of a user of its own, with the rich key set.
CREATE OR REPLACE FUNCTION nethprov_demo.golden(p_mac macaddr, p_model text, p_extension text, p_name text)
RETURNS void
LANGUAGE sql AS $$
    INSERT INTO nethprov.users (extension, display_name) VALUES (p_extension, p_name);
    INSERT INTO nethprov.phones (mac, model) VALUES (p_mac, p_model);
    INSERT INTO nethprov.devices (phone_id, user_extension, position)
    SELECT p.id, p_extension, 1 FROM nethprov.phones AS p WHERE p.mac = p_mac;
    SELECT nethprov_demo.rich_keys_on(p_mac);
$$;
