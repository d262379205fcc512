-- Shared test data, included (\ir) by the numbered test files inside their
-- transaction, so it is rolled back with them. It uses its own brands, MAC
-- ranges (locally administered 02:aa:...) and users (88xx), so the tests pass
-- with or without the demo data loaded.
DO $$
BEGIN
    PERFORM nethprov.sync_brand('acme', 'Acme Phones', ARRAY['02aa00000000-02aaffffffff'],
        '[{"name": "A1", "family": "A", "caps": {"cap_linekey_count": "6", "cap_softkey_count": "4"}},
          {"name": "A2", "family": "A"}]');
    PERFORM nethprov.sync_brand('acmeoem', 'Acme OEM', ARRAY['02aa12000000-02aa12ffffff'], '[{"name": "S1"}]');
    INSERT INTO nethprov.users (extension, display_name)
    VALUES ('8801', 'Test User One'), ('8802', 'Test <Two> & "Co"');
END
$$;
