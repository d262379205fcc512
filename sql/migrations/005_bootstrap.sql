-- 005: the token-less bootstrap request (NethprovBootstrap On).
--
-- DHCP option 66 points a phone at the base URL, where it asks for its file with no token. The
-- module then answers with a file holding nothing but the phone's tok1 URL, and only while the
-- phone's first provisioning is incomplete: once tok2 has been used, provision_lookup retires
-- tok1 and this function finds nothing. What it returns is exactly what that file may contain:
-- no settings, no tok2, nothing of another phone.

CREATE FUNCTION nethprov.bootstrap_lookup(p_mac text)
RETURNS TABLE (mac text, brand text, model text, tok1 text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_generic_plan
SET jit = off
AS $$
BEGIN
    -- Same shape check as provision_lookup: the cast would raise an error on anything else.
    IF p_mac IS NULL OR length(p_mac) <> 12 OR translate(lower(p_mac), '0123456789abcdef', '') <> '' THEN
        RETURN;
    END IF;
    RETURN QUERY
    SELECT replace(p.mac::text, ':', ''), p.brand, p.model, p.tok1
    FROM nethprov.phones AS p
    WHERE p.mac = p_mac::macaddr
      AND p.tok1 IS NOT NULL
      AND p.brand IS NOT NULL;
END
$$;
COMMENT ON FUNCTION nethprov.bootstrap_lookup(text) IS
    'The token-less bootstrap request (GET <base>/<file> with NethprovBootstrap On): the phone whose MAC is p_mac (12 hex digits, either case) while its tok1 is not retired, i.e. before its first fetch with tok2 (or after phone_new_tok1). One row (mac as 12 lowercase hex digits, brand, model, tok1) or none, never an error. Returns no setting and no tok2: the bootstrap file points the phone at its tok1 URL and holds nothing else. SECURITY DEFINER: the web role needs only USAGE on the schema';
