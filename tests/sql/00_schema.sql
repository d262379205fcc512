-- Schema objects, migrations bookkeeping, comments, generated passwords.
BEGIN;
SELECT plan(43);

-- Migrations (the runner passes the number of migration files as :migrations, the highest number as :latest)
SELECT has_table('nethprov', 'schema_version', 'schema_version exists');
SELECT is((SELECT count(*)::int FROM nethprov.schema_version), :migrations,
          'every migration file is recorded in schema_version');
SELECT is((SELECT max(version) FROM nethprov.schema_version), :latest,
          'the newest recorded migration is the newest file');
SELECT is((SELECT name FROM nethprov.schema_version WHERE version = 1), 'init', 'migration 001 is recorded as init');
SELECT ok((SELECT bool_and(applied_at IS NOT NULL) FROM nethprov.schema_version), 'applied_at is filled');

-- Tables and views
SELECT has_table('nethprov', t, 'table ' || t || ' exists')
FROM unnest(ARRAY['brands', 'mac_ranges', 'models', 'phones', 'users', 'devices', 'settings_default',
                  'settings_model', 'settings_phone', 'variables']) AS t;
SELECT has_view('nethprov', v, 'view ' || v || ' exists')
FROM unnest(ARRAY['effective_settings', 'phones_view', 'settings_problems']) AS v;
SELECT columns_are('nethprov', 'phones_view',
    ARRAY['mac', 'brand', 'model', 'user_extension', 'display_name', 'device_extension', 'position',
          'provisioned', 'created'], 'phones_view has the documented columns');
SELECT col_is_pk('nethprov', 'mac_ranges', ARRAY['brand', 'lo', 'hi'], 'mac_ranges key is (brand, lo, hi)');
SELECT col_is_pk('nethprov', 'settings_model', ARRAY['brand', 'model', 'name'], 'settings_model key');
SELECT col_is_pk('nethprov', 'settings_phone', ARRAY['phone_id', 'name'], 'settings_phone key');
SELECT col_is_fk('nethprov', 'phones', ARRAY['brand', 'model'], 'phones (brand, model) references models');

-- Functions, with their exact signatures
SELECT has_function('nethprov', 'new_token', ARRAY[]::name[], 'new_token()');
SELECT has_function('nethprov', 'new_secret', ARRAY[]::name[], 'new_secret()');
SELECT has_function('nethprov', 'detect_brand', ARRAY['macaddr'], 'detect_brand(macaddr)');
SELECT has_function('nethprov', 'sync_brand', ARRAY['text', 'text', 'text[]', 'jsonb'], 'sync_brand(text, text, text[], jsonb)');
SELECT has_function('nethprov', 'check_setting', ARRAY['text', 'text'], 'check_setting(text, text)');
SELECT has_function('nethprov', 'phone_effective', ARRAY['bigint'], 'phone_effective(bigint)');
SELECT has_function('nethprov', 'provision_lookup', ARRAY['text', 'text', 'bigint'], 'provision_lookup(text, text, bigint)');
SELECT has_function('nethprov', 'phone_settings', ARRAY['macaddr'], 'phone_settings(macaddr)');
SELECT has_function('nethprov', 'phone_urls', ARRAY['macaddr', 'text'], 'phone_urls(macaddr, text)');
SELECT is_definer('nethprov', 'provision_lookup', ARRAY['text', 'text', 'bigint'], 'provision_lookup is SECURITY DEFINER');
SELECT ok((SELECT proconfig::text LIKE '%search_path=%' FROM pg_proc
           WHERE oid = 'nethprov.provision_lookup(text, text, bigint)'::regprocedure),
          'provision_lookup has a fixed search_path');
SELECT function_returns('nethprov', 'provision_lookup', ARRAY['text', 'text', 'bigint'], 'setof record',
                        'provision_lookup returns rows');
SELECT is(pg_get_function_result('nethprov.provision_lookup(text, text, bigint)'::regprocedure),
          'TABLE(mac text, brand text, model text, via smallint, tok1 text, tok2 text, defaults_gen bigint, level text, name text, value text)',
          'provision_lookup result columns');
SELECT is(pg_get_function_result('nethprov.phone_effective(bigint)'::regprocedure),
          'TABLE(name text, value text, level text)', 'phone_effective result columns');

-- Everything is documented
SELECT is_empty($$
    SELECT c.relname FROM pg_class AS c
    WHERE c.relnamespace = 'nethprov'::regnamespace AND c.relkind IN ('r', 'v')
      AND obj_description(c.oid, 'pg_class') IS NULL $$,
    'every table and view has a comment');
SELECT is_empty($$
    SELECT p.oid::regprocedure FROM pg_proc AS p
    WHERE p.pronamespace = 'nethprov'::regnamespace AND obj_description(p.oid, 'pg_proc') IS NULL $$,
    'every function has a comment');

-- Installation secrets
SELECT ok(EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pgcrypto'), 'pgcrypto is installed');
SELECT ok((SELECT length(value) >= 8 FROM nethprov.settings_default WHERE name = 'adminpw'),
          'adminpw was generated at the default level and is not empty');
SELECT ok((SELECT length(value) >= 6 FROM nethprov.settings_default WHERE name = 'userpw'),
          'userpw was generated at the default level and is not empty');
SELECT ok((SELECT bool_and(secret) FROM nethprov.variables
           WHERE name IN ('adminpw', 'userpw', 'account_password', 'ldap_password')),
          'passwords are marked secret');

SELECT * FROM finish();
ROLLBACK;
