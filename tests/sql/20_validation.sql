-- The variable catalogue and the validation of settings (check_setting and the
-- triggers of the three settings tables).
BEGIN;
SELECT plan(59);
\ir _fixture.sql

-- Catalogue lookups
SELECT is(nethprov.variable_for('language'), 'language', 'plain variable');
SELECT is(nethprov.variable_for('linekey_type_27'), 'linekey_type', 'indexed variable NAME_N');
SELECT is(nethprov.variable_for('outbound_proxy2_port_1'), 'outbound_proxy2_port', 'indexed variable whose name has digits');
SELECT is(nethprov.variable_for('linekey_type'), NULL, 'an indexed variable needs its index');
SELECT is(nethprov.variable_for('linekey_type_0'), NULL, 'indexes start at 1');
SELECT is(nethprov.variable_for('linekey_type_01'), NULL, 'no leading zeros in indexes');
SELECT is(nethprov.variable_for('language_1'), NULL, 'a plain variable takes no index');
SELECT ok(nethprov.is_secret('account_password_1'), 'account_password_N is secret');
SELECT ok(NOT nethprov.is_secret('account_username_1'), 'account_username_N is not secret');
SELECT ok(NOT nethprov.is_secret('nonsense'), 'unknown names are not secret');
SELECT is_empty($$SELECT name FROM unnest(ARRAY['hostname', 'sip_udp_port', 'sip_tls_port', 'timezone', 'tonezone',
        'language', 'ntp_server', 'date_format', 'time_format', 'ringtone', 'ringtone_file', 'background_file',
        'screensaver_file', 'firmware_file', 'call_waiting_tone', 'call_waiting_on', 'call_waiting_off', 'dndon', 'dndoff',
        'dndtoggle', 'cfalwayson', 'cfalwaysoff', 'cfbusyon', 'cfbusyoff', 'cftimeouton', 'cftimeoutoff', 'cftimeout',
        'pickup_direct', 'pickup_group', 'queuetoggle', 'voicemail', 'vlan_id_phone', 'vlan_id_pcport', 'ldap_server',
        'ldap_port', 'ldap_tls', 'ldap_user', 'ldap_password', 'ldap_base', 'ldap_name_display',
        'ldap_mainphone_number_attr', 'ldap_mobilephone_number_attr', 'ldap_otherphone_number_attr', 'ldap_name_attr',
        'ldap_number_filter', 'ldap_name_filter', 'dss_transfer', 'adminpw', 'userpw', 'provisioning_freq',
        'backlight_time', 'screensaver_time', 'contrast', 'brightness', 'outbound_proxy_1', 'outbound_proxy_port_1',
        'account_extension_1', 'account_username_1', 'account_password_1', 'account_display_name_1',
        'account_encryption_1', 'account_dtmf_type_1', 'account_voicemail_1', 'account_dnd_allow_1',
        'account_fwd_allow_1', 'softkey_type_1', 'softkey_value_1', 'softkey_label_1', 'linekey_type_1',
        'linekey_value_1', 'linekey_label_1', 'expkey_type_1', 'expkey_value_1', 'expkey_label_1',
        'cap_linekey_count', 'cap_softkey_count', 'cap_expkey_count', 'cap_expmodule_count', 'cap_ringtone_count']) AS name
    WHERE nethprov.variable_for(name) IS NULL$$, 'the catalogue knows every documented variable');

-- Accepted values
SELECT lives_ok($$SELECT nethprov.check_setting('language', 'it')$$, 'enum value accepted');
SELECT lives_ok($$SELECT nethprov.check_setting('vlan_id_phone', '0'), nethprov.check_setting('vlan_id_phone', '4094')$$,
                'VLAN 0 and 4094 accepted');
SELECT lives_ok($$SELECT nethprov.check_setting(n, v) FROM (VALUES ('vlan_id_phone'), ('language'), ('timezone'),
                    ('hostname'), ('account_encryption_3'), ('firmware_file')) AS a (n), (VALUES (''), ('-')) AS b (v)$$,
                '"" and "-" (inherit) accepted for every type');
SELECT lives_ok($$SELECT nethprov.check_setting('timezone', 'Europe/Rome'), nethprov.check_setting('timezone', 'UTC'),
                         nethprov.check_setting('timezone', 'America/Argentina/Buenos_Aires')$$, 'IANA zones accepted');
SELECT lives_ok($$SELECT nethprov.check_setting('account_encryption_1', '1'), nethprov.check_setting('account_encryption_1', '0')$$,
                'booleans 1 and 0 accepted');
SELECT lives_ok($$SELECT nethprov.check_setting('hostname', h)
                  FROM unnest(ARRAY['pbx.example.com', 'pbx', '10.0.0.1', '::1', 'fd00::10', 'pbx.example.com.']) AS h$$,
                'host names and IP addresses accepted');
SELECT lives_ok($$SELECT nethprov.check_setting('firmware_file', 'T46U-66.86.0.15(b).rom')$$, 'file name accepted');
SELECT lives_ok($$SELECT nethprov.check_setting('dndtoggle', '*76'), nethprov.check_setting('pickup_direct', '**')$$,
                'dial codes accepted');
SELECT lives_ok($$SELECT nethprov.check_setting('linekey_label_1', E'tab\tinside & <xml> "quotes"')$$,
                'tab and markup characters accepted in strings');
SELECT lives_ok($$SELECT nethprov.check_setting('ringtone', '-1')$$, 'ringtone -1 accepted');
SELECT lives_ok($$SELECT nethprov.check_setting('date_format', 'WWW DD MMM')$$, 'date format with spaces accepted');

-- Unknown names
SELECT throws_ok($$SELECT nethprov.check_setting('foo', '1')$$, '42704',
                 'unknown setting "foo" (see nethprov.variables)', 'unknown setting refused');
SELECT throws_ok($$SELECT nethprov.check_setting('linekey_type', 'blf')$$, '42704',
                 'unknown setting "linekey_type" (see nethprov.variables)', 'indexed setting without index refused');
SELECT throws_ok($$SELECT nethprov.check_setting('foo', '')$$, '42704',
                 'unknown setting "foo" (see nethprov.variables)', 'unknown setting refused even when empty');
SELECT throws_ok($$SELECT nethprov.check_setting('mac', '001565000001')$$, '42704',
                 'unknown setting "mac" (see nethprov.variables)', 'runtime variables cannot be stored');

-- Bad values
SELECT throws_ok($$SELECT nethprov.check_setting('language', 'xx')$$, '22023',
    'invalid value "xx" for setting "language": allowed values are en, it, de, fr, es, pt, nl, ru, tr, da, dk, sv, no, fi, cs, hu, lt, sl, bs, zh',
    'bad enum value refused, the message lists the allowed values');
SELECT throws_ok($$SELECT nethprov.check_setting('linekey_type_3', 'history')$$, '22023', NULL,
                 'soft key type refused on a line key');
SELECT throws_ok($$SELECT nethprov.check_setting('softkey_type_1', 'blf')$$, '22023', NULL,
                 'line key type refused on a soft key');
SELECT throws_ok($$SELECT nethprov.check_setting('vlan_id_phone', '4095')$$, '22023',
    'invalid value "4095" for setting "vlan_id_phone": must be an integer between 0 and 4094', 'VLAN 4095 refused');
SELECT throws_ok($$SELECT nethprov.check_setting('vlan_id_pcport', '-1')$$, '22023',
    'invalid value "-1" for setting "vlan_id_pcport": must be an integer between 0 and 4094', 'VLAN -1 refused');
SELECT throws_ok($$SELECT nethprov.check_setting('vlan_id_phone', 'ten')$$, '22023',
    'invalid value "ten" for setting "vlan_id_phone": must be an integer between 0 and 4094', 'non-integer refused');
SELECT throws_ok($$SELECT nethprov.check_setting('sip_udp_port', '50.60')$$, '22023',
    'invalid value "50.60" for setting "sip_udp_port": must be an integer between 1 and 65535', 'decimal refused');
SELECT throws_ok($$SELECT nethprov.check_setting('ldap_port', '99999999999999')$$, '22023',
    'invalid value "99999999999999" for setting "ldap_port": must be an integer between 1 and 65535', 'huge integer refused');
SELECT throws_ok($$SELECT nethprov.check_setting('timezone', 'Mars/Olympus_Mons')$$, '22023',
    'invalid value "Mars/Olympus_Mons" for setting "timezone": must be an IANA time zone such as Europe/Rome',
    'unknown time zone refused');
SELECT throws_ok($$SELECT nethprov.check_setting('timezone', 'posix/Europe/Rome')$$, '22023', NULL,
                 'posix/ zone aliases refused');
SELECT throws_ok($$SELECT nethprov.check_setting('timezone', '../../etc/passwd')$$, '22023', NULL,
                 'path-like time zone refused');
SELECT throws_ok($$SELECT nethprov.check_setting('account_encryption_1', 'yes')$$, '22023',
    'invalid value "yes" for setting "account_encryption_1": must be 1 (on) or 0 (off)', 'bad boolean refused');
SELECT throws_ok($$SELECT nethprov.check_setting('hostname', 'pbx example')$$, '22023',
    'invalid value "pbx example" for setting "hostname": must be a host name or an IP address', 'bad host name refused');
SELECT throws_ok($$SELECT nethprov.check_setting('hostname', '10.0.0.256')$$, '22023', NULL, 'bad IPv4 address refused');
SELECT throws_ok($$SELECT nethprov.check_setting('ntp_server', '10.0.0')$$, '22023', NULL, 'short IPv4 address refused');
SELECT throws_ok($$SELECT nethprov.check_setting('hostname', '10.0.0.0/8')$$, '22023', NULL, 'network refused');
SELECT throws_ok($$SELECT nethprov.check_setting('background_file', '.hidden.png')$$, '22023',
    'invalid value ".hidden.png" for setting "background_file": must be a file name made of letters, digits and . _ - ( ), not starting with a dot',
    'file name starting with a dot refused');
SELECT throws_ok($$SELECT nethprov.check_setting('firmware_file', '../fw.rom')$$, '22023', NULL, 'path refused as file name');
SELECT throws_ok($$SELECT nethprov.check_setting('voicemail', '*9a')$$, '22023',
    'invalid value "*9a" for setting "voicemail": must be a dial code made of digits, * and #', 'bad dial code refused');
SELECT throws_ok($$SELECT nethprov.check_setting('adminpw', 'two words')$$, '22023',
    'invalid value "two words" for setting "adminpw": must be printable ASCII characters without spaces (at most 64)',
    'password with a space refused');
SELECT throws_ok($$SELECT nethprov.check_setting('backlight_time', '4')$$, '22023', NULL,
                 'backlight time outside the list refused');
SELECT throws_ok($$SELECT nethprov.check_setting('ldap_tls', 'ssl')$$, '22023',
    'invalid value "ssl" for setting "ldap_tls": allowed values are none, starttls, ldaps', 'bad ldap_tls refused');
SELECT throws_ok($$SELECT nethprov.check_setting('hostname', E'pbx\r\nevil = 1')$$, '22023',
    'invalid value for setting "hostname": control characters (CR, LF, ...) are not allowed', 'CR LF refused');
SELECT throws_ok($$SELECT nethprov.check_setting('linekey_label_1', E'two\nlines')$$, '22023',
    'invalid value for setting "linekey_label_1": control characters (CR, LF, ...) are not allowed', 'LF refused in a string');
SELECT throws_ok($$SELECT nethprov.check_setting('account_display_name_1', E'bell\x07')$$, '22023', NULL,
                 'other control characters refused');

-- The triggers of the three levels
SELECT throws_ok($$INSERT INTO nethprov.settings_default (name, value) VALUES ('nosuch', '1')$$, '42704',
                 'unknown setting "nosuch" (see nethprov.variables)', 'settings_default refuses unknown names');
SELECT throws_ok($$INSERT INTO nethprov.settings_default (name, value) VALUES ('vlan_id_phone', '5000')$$, '22023',
    'invalid value "5000" for setting "vlan_id_phone": must be an integer between 0 and 4094',
    'settings_default refuses bad values');
SELECT throws_ok($$INSERT INTO nethprov.settings_model (brand, model, name, value) VALUES ('acme', 'A1', 'language', 'klingon')$$,
                 '22023', NULL, 'settings_model refuses bad values');
INSERT INTO nethprov.phones (mac, model) VALUES ('02:aa:00:00:20:01', 'A1');
SELECT throws_ok($$INSERT INTO nethprov.settings_phone (phone_id, name, value)
                   SELECT id, 'linekey_label_2', E'x\ny' FROM nethprov.phones WHERE mac = '02:aa:00:00:20:01'$$,
                 '22023', NULL, 'settings_phone refuses bad values');
INSERT INTO nethprov.settings_phone (phone_id, name, value)
SELECT id, 'contrast', '5' FROM nethprov.phones WHERE mac = '02:aa:00:00:20:01';
SELECT throws_ok($$UPDATE nethprov.settings_phone SET value = '10' WHERE name = 'contrast'
                   AND phone_id = (SELECT id FROM nethprov.phones WHERE mac = '02:aa:00:00:20:01')$$,
                 '22023', 'invalid value "10" for setting "contrast": must be an integer between 0 and 9',
                 'updates are checked too');
SELECT throws_ok($$UPDATE nethprov.settings_phone SET name = 'contrast_1' WHERE name = 'contrast'
                   AND phone_id = (SELECT id FROM nethprov.phones WHERE mac = '02:aa:00:00:20:01')$$,
                 '42704', NULL, 'renaming to an unknown name is refused');
SELECT lives_ok($$INSERT INTO nethprov.settings_model (brand, model, name, value) VALUES ('acme', 'A1', 'language', '-')$$,
                'settings accept "-"');

-- A stored value that a changed catalogue no longer allows is listed by settings_problems
UPDATE nethprov.variables SET max_value = 4 WHERE name = 'contrast';
SELECT results_eq($$SELECT level, mac, name, value, problem FROM nethprov.settings_problems
                    WHERE problem IS NOT NULL AND mac = '02:aa:00:00:20:01'$$,
    $$VALUES ('phone'::text, '02:aa:00:00:20:01'::macaddr, 'contrast'::text, '5'::text,
              'invalid value "5" for setting "contrast": must be an integer between 0 and 4'::text)$$,
    'settings_problems lists stored values the catalogue does not allow any more');

SELECT * FROM finish();
ROLLBACK;
