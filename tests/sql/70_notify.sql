-- Every table a rendered config depends on tells listeners when a write to it commits.
BEGIN;
SELECT plan(10);

SELECT has_function('nethprov', 'notify_changed', ARRAY[]::name[], 'notify_changed()');
SELECT has_trigger('nethprov', t, t || '_notify_changed', t || ' notifies nethprov_changed')
FROM unnest(ARRAY['brands', 'mac_ranges', 'models', 'phones', 'users', 'devices',
                  'settings_default', 'settings_model', 'settings_phone']) AS t;

SELECT * FROM finish();
ROLLBACK;
