-- The merge of the four levels (phone_effective) and what is built on it:
-- effective_settings, phone_settings, phone_urls, phones_view.
BEGIN;
SELECT plan(32);
\ir _fixture.sql

-- Start from known defaults for the variables used here.
DELETE FROM nethprov.settings_default
WHERE name IN ('contrast', 'brightness', 'backlight_time', 'screensaver_time', 'ringtone', 'firmware_file',
               'account_display_name_1', 'account_extension_1', 'account_password_1', 'account_username_1',
               'account_dtmf_type_1', 'linekey_type_1', 'language', 'cftimeout', 'ntp_server');

INSERT INTO nethprov.phones (mac, model) VALUES ('02:aa:00:00:40:01', 'A1'),   -- assigned to 8801
                                                ('02:aa:00:00:40:02', 'A1'),   -- not assigned
                                                ('02:aa:00:00:40:03', NULL),   -- model pending
                                                ('02:aa:00:00:40:04', 'A2');   -- assigned to 8802, position 2
INSERT INTO nethprov.devices (phone_id, user_extension, position, sip_password)
SELECT id, '8801', 1, 'secret-of-8801-device' FROM nethprov.phones WHERE mac = '02:aa:00:00:40:01';
INSERT INTO nethprov.devices (phone_id, user_extension, position)
SELECT id, '8802', 2 FROM nethprov.phones WHERE mac = '02:aa:00:00:40:04';

INSERT INTO nethprov.settings_default (name, value) VALUES
    ('contrast', '1'), ('brightness', '1'), ('backlight_time', '3'), ('ringtone', '1'), ('firmware_file', ''),
    ('account_display_name_1', 'Default Name'), ('account_dtmf_type_1', 'inband'), ('screensaver_time', '-'),
    ('language', 'it'), ('cftimeout', '15');
INSERT INTO nethprov.settings_model (brand, model, name, value) VALUES
    ('acme', 'A1', 'contrast', '2'), ('acme', 'A1', 'brightness', '2'), ('acme', 'A1', 'backlight_time', '-'),
    ('acme', 'A1', 'ringtone', ''), ('acme', 'A1', 'account_display_name_1', 'Model Name'),
    ('acme', 'A1', 'account_password_1', 'model-level-password'), ('acme', 'A1', 'account_dtmf_type_1', 'sip_info'),
    ('acme', 'A1', 'screensaver_time', ''), ('acme', 'A1', 'language', 'en'),
    ('acme', 'A2', 'language', 'de');
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT p.id, s.name, s.value
FROM nethprov.phones AS p,
     (VALUES ('contrast', '3'), ('brightness', ''), ('backlight_time', '-'), ('account_display_name_1', ''),
             ('account_extension_1', '5555'), ('linekey_type_1', 'blf'), ('cftimeout', '-'),
             ('account_dtmf_type_1', '')) AS s (name, value)
WHERE p.mac IN ('02:aa:00:00:40:01', '02:aa:00:00:40:02');

CREATE TEMP TABLE eff1 AS
SELECT * FROM nethprov.phone_effective((SELECT id FROM nethprov.phones WHERE mac = '02:aa:00:00:40:01'));
CREATE TEMP TABLE eff2 AS
SELECT * FROM nethprov.phone_effective((SELECT id FROM nethprov.phones WHERE mac = '02:aa:00:00:40:02'));

-- phone > model > default
SELECT is((SELECT value || '@' || level FROM eff1 WHERE name = 'contrast'), '3@phone',
              'set at every level: the phone wins');
SELECT is((SELECT value || '@' || level FROM eff1 WHERE name = 'brightness'), '2@model',
              'phone "" inherits from the model');
SELECT is((SELECT value || '@' || level FROM eff1 WHERE name = 'backlight_time'), '3@default',
              'phone "-" and model "-" inherit from the default');
SELECT is((SELECT value || '@' || level FROM eff1 WHERE name = 'ringtone'), '1@default',
              'model "" inherits from the default');
SELECT is((SELECT value || '@' || level FROM eff1 WHERE name = 'cftimeout'), '15@default',
              'phone "-" inherits from the default');
SELECT is((SELECT value || '@' || level FROM eff1 WHERE name = 'language'), 'en@model',
              'model overrides default');
SELECT is_empty($$SELECT * FROM eff1 WHERE name IN ('firmware_file', 'screensaver_time')$$,
                'names set only to "" or "-" do not appear');
SELECT is((SELECT value || '@' || level FROM eff1 WHERE name = 'linekey_type_1'), 'blf@phone',
              'a name set only on the phone appears');

-- the device level, between model and phone
SELECT is((SELECT value || '@' || level FROM eff1 WHERE name = 'account_display_name_1'), 'Test User One@device', 'device overrides model and default; phone "" inherits it');
SELECT is((SELECT value || '@' || level FROM eff1 WHERE name = 'account_password_1'), 'secret-of-8801-device@device', 'account_password_1 is the device''s SIP password');
SELECT is((SELECT value || '@' || level FROM eff1 WHERE name = 'account_username_1'), '8801@device',
              'account_username_1 is the device extension');
SELECT is((SELECT value || '@' || level FROM eff1 WHERE name = 'account_extension_1'), '5555@phone',
              'the phone overrides the device');
SELECT is((SELECT value || '@' || level FROM eff1 WHERE name = 'account_dtmf_type_1'), 'sip_info@model',
              'a model value not synthesised by the device level survives it');
SELECT results_eq($$SELECT name, value, level FROM nethprov.phone_effective(
                        (SELECT id FROM nethprov.phones WHERE mac = '02:aa:00:00:40:04'))
                    WHERE name IN ('account_display_name_1', 'account_dtmf_type_1', 'account_extension_1',
                                   'account_password_1', 'account_username_1') ORDER BY name$$,
    $$VALUES ('account_display_name_1', 'Test <Two> & "Co"', 'device'), ('account_dtmf_type_1', 'inband', 'default'),
             ('account_extension_1', '918802', 'device'),
             ('account_password_1', (SELECT d.sip_password FROM nethprov.devices AS d JOIN nethprov.phones AS p
                                     ON p.id = d.phone_id WHERE p.mac = '02:aa:00:00:40:04'), 'device'),
             ('account_username_1', '918802', 'device')$$,
    'a second device registers as 9<1><main> with the user''s name');

-- without a device
SELECT is((SELECT value || '@' || level FROM eff2 WHERE name = 'account_display_name_1'), 'Model Name@model', 'unassigned phone: no device level');
SELECT is_empty($$SELECT * FROM eff2 WHERE name = 'account_username_1'$$, 'unassigned phone: no account_username_1');
SELECT is((SELECT value || '@' || level FROM eff2 WHERE name = 'account_password_1'), 'model-level-password@model', 'unassigned phone: model value kept');

-- pending model: defaults only (plus phone)
SELECT is((SELECT value || '@' || level FROM nethprov.phone_effective((SELECT id FROM nethprov.phones
                                                                  WHERE mac = '02:aa:00:00:40:03')) WHERE name = 'language'), 'it@default', 'a phone without model gets the defaults');
-- another model
SELECT is((SELECT value || '@' || level FROM nethprov.phone_effective((SELECT id FROM nethprov.phones
                                                                  WHERE mac = '02:aa:00:00:40:04')) WHERE name = 'language'), 'de@model', 'each model has its own level');

-- shape of the result
SELECT is((SELECT array_agg(name) FROM nethprov.phone_effective((SELECT id FROM nethprov.phones WHERE mac = '02:aa:00:00:40:01'))),
          (SELECT array_agg(name ORDER BY name COLLATE "C") FROM eff1), 'rows are ordered by name');
SELECT is((SELECT count(*)::int FROM eff1), (SELECT count(DISTINCT name)::int FROM eff1), 'one row per name');
SELECT is_empty($$SELECT * FROM eff1 WHERE level NOT IN ('default', 'model', 'device', 'phone') OR value IN ('', '-')$$,
                'only the four levels, never an inheriting value');
SELECT is_empty($$SELECT * FROM nethprov.phone_effective(-1)$$, 'no rows for an unknown phone');
SELECT ok((SELECT adminpw.value <> '' FROM eff1 AS adminpw WHERE adminpw.name = 'adminpw'),
          'the generated adminpw reaches the phones');

-- effective_settings, phone_settings: the same rows
SELECT set_eq($$SELECT name, value, level FROM nethprov.effective_settings WHERE mac = '02:aa:00:00:40:01'$$,
              $$SELECT name, value, level FROM eff1$$, 'effective_settings = phone_effective');
SELECT ok((SELECT secret FROM nethprov.effective_settings WHERE mac = '02:aa:00:00:40:01' AND name = 'account_password_1'),
          'effective_settings flags secrets');
SELECT results_eq($$SELECT * FROM nethprov.phone_settings('02:aa:00:00:40:01')$$, $$SELECT * FROM eff1$$,
                  'phone_settings = phone_effective');
SELECT throws_ok($$SELECT * FROM nethprov.phone_settings('02:aa:00:00:40:99')$$, 'P0002',
                 'phone 02:aa:00:00:40:99 not found', 'phone_settings of an unknown phone');

-- phone_urls
SELECT results_eq($$SELECT kind, url FROM nethprov.phone_urls('02:aa:00:00:40:01', 'https://pbx.example.com/provisioning/')$$,
    $$SELECT 'tok1', 'https://pbx.example.com/provisioning/' || tok1 || '/' FROM nethprov.phones WHERE mac = '02:aa:00:00:40:01'
      UNION ALL
      SELECT 'tok2', 'https://pbx.example.com/provisioning/' || tok2 || '/' FROM nethprov.phones WHERE mac = '02:aa:00:00:40:01'$$,
    'phone_urls: tok1 then tok2, one trailing slash trimmed from the base');
UPDATE nethprov.phones SET tok1 = NULL WHERE mac = '02:aa:00:00:40:01';
SELECT results_eq($$SELECT kind, token, url FROM nethprov.phone_urls('02:aa:00:00:40:01', 'http://10.0.0.1/prov')$$,
    $$SELECT 'tok2', tok2, 'http://10.0.0.1/prov/' || tok2 || '/' FROM nethprov.phones WHERE mac = '02:aa:00:00:40:01'$$,
    'phone_urls: a retired tok1 is omitted');
SELECT throws_ok($$SELECT * FROM nethprov.phone_urls('02:aa:00:00:40:99', 'http://x')$$, 'P0002',
                 'phone 02:aa:00:00:40:99 not found', 'phone_urls of an unknown phone');

-- phones_view
SELECT results_eq($$SELECT mac, brand, model, user_extension, display_name, device_extension, position::int, provisioned
                    FROM nethprov.phones_view WHERE mac BETWEEN '02:aa:00:00:40:01' AND '02:aa:00:00:40:04' ORDER BY mac$$,
    $$VALUES ('02:aa:00:00:40:01'::macaddr, 'acme', 'A1', '8801', 'Test User One', '8801', 1, false),
             ('02:aa:00:00:40:02', 'acme', 'A1', NULL, NULL, NULL, NULL, false),
             ('02:aa:00:00:40:03', 'acme', NULL, NULL, NULL, NULL, NULL, false),
             ('02:aa:00:00:40:04', 'acme', 'A2', '8802', 'Test <Two> & "Co"', '918802', 2, false)$$,
    'phones_view');

SELECT * FROM finish();
ROLLBACK;
