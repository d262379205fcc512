-- The demo data of sql/demo.sql, when it is loaded (skipped otherwise).
BEGIN;
SELECT plan(14);
SELECT EXISTS (SELECT 1 FROM nethprov.phones WHERE mac = '00:15:65:00:00:01')
   AND EXISTS (SELECT 1 FROM nethprov.users WHERE extension = '203') AS demo_loaded \gset

\if :demo_loaded
SELECT is((SELECT count(*)::int FROM nethprov.phones WHERE brand = 'yealink' AND mac IN
              ('00:15:65:00:00:01', '00:15:65:00:00:02', '80:5e:c0:00:00:03', '00:15:65:00:00:04', '24:9a:d8:00:00:05',
               '44:db:d2:00:00:06', 'c4:fc:22:00:00:07', '80:5e:0c:00:00:08', '00:15:65:00:00:09', '00:15:65:00:00:0a')),
          10, 'ten Yealink phones, brand detected under several OUIs');
SELECT results_eq($$SELECT device_extension FROM nethprov.phones_view WHERE user_extension = '201' ORDER BY position$$,
                  ARRAY['201', '91201', '92201'], 'Alice has three devices: 201, 91201, 92201');
SELECT is((SELECT display_name FROM nethprov.users WHERE extension = '203'), 'Rossi & Figli <Sales> "HQ"',
          'user 203 has a name that needs escaping');
SELECT is((SELECT model FROM nethprov.phones WHERE mac = '00:15:65:00:00:09'), NULL, 'one phone has its model pending');
SELECT is((SELECT value || '@' || level FROM nethprov.phone_settings('00:15:65:00:00:01') WHERE name = 'language'),
          'en@model', 'phone "" language inherits the T46U model''s en');
SELECT is((SELECT value || '@' || level FROM nethprov.phone_settings('00:15:65:00:00:01') WHERE name = 'timezone'),
          'Europe/Rome@default', 'phone "-" timezone inherits the default');
SELECT is((SELECT value || '@' || level FROM nethprov.phone_settings('00:15:65:00:00:02') WHERE name = 'date_format'),
          'DD MM YY@default', 'model "-" inherits the default');
SELECT is((SELECT value || '@' || level FROM nethprov.phone_settings('00:15:65:00:00:02') WHERE name = 'account_extension_1'),
          '91201@device', 'Alice''s second phone registers as 91201');
SELECT is((SELECT value FROM nethprov.phone_settings('00:15:65:00:00:04') WHERE name = 'vlan_id_phone'), '100',
          'Bruno''s phone is on VLAN 100');
SELECT is((SELECT value || '@' || level FROM nethprov.phone_settings('80:5e:0c:00:00:08') WHERE name = 'account_display_name_1'),
          'Rossi & Figli - Lab@phone', 'a phone-level display name overrides the device');
SELECT is((SELECT count(*)::int FROM nethprov.phone_settings('00:15:65:00:00:01')
           WHERE name ~ '^(linekey|softkey|expkey)_type_'), 10, 'Alice''s desk phone has line, soft and expansion keys');
SELECT is((SELECT value FROM nethprov.phone_settings('00:15:65:00:00:01') WHERE name = 'cftimeouton'), '*52',
          'feature codes at the default level');
SELECT is_empty($$SELECT * FROM nethprov.settings_problems WHERE problem IS NOT NULL$$, 'every stored value is valid');
SELECT is((SELECT count(*)::int FROM nethprov.phones_view WHERE user_extension IS NULL AND mac::text LIKE '%:00:00:0_'), 3,
          'three demo phones are not assigned');
\else
SELECT skip('the demo data (sql/demo.sql) is not loaded', 14);
\endif

SELECT * FROM finish();
ROLLBACK;
