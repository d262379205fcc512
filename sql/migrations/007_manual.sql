-- 007: the URL an admin types into a phone's web UI when neither the vendor's redirection service
-- (RPS) nor DHCP can point the phone at nethprov, with where to type it and what to turn off there.
--
-- The data is each brand's <manual> element of templates/<brand>/brand.xml, copied here by
-- "nethprov sync" (set_brand_manual) like the rest of the brand data; phone_manual puts it
-- together with a phone's token.

ALTER TABLE nethprov.brands
    ADD COLUMN manual_where    text,
    ADD COLUMN manual_disable  text,
    ADD COLUMN manual_file     text,
    ADD COLUMN manual_noscheme boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT brands_manual_text CHECK (
        (manual_where IS NULL AND manual_disable IS NULL AND manual_file IS NULL AND NOT manual_noscheme)
        OR (coalesce(manual_where ~ '^[^[:cntrl:]]+$', false) AND coalesce(manual_disable ~ '^[^[:cntrl:]]+$', false))),
    ADD CONSTRAINT brands_manual_file_format CHECK (
        manual_file ~ '^[A-Za-z0-9._-]*(\{mac\}|\{MAC\})?[A-Za-z0-9._-]*$' AND manual_file <> '');
COMMENT ON COLUMN nethprov.brands.manual_where IS
    'Where the admin types the provisioning URL in the web UI of the brand''s phones (page and field, e.g. Settings > Auto Provision > Server URL); NULL: brand.xml has no <manual>';
COMMENT ON COLUMN nethprov.brands.manual_disable IS
    'What to turn off on that page first, so that DHCP options, PnP or the vendor''s redirection do not replace the typed URL; NULL with manual_where';
COMMENT ON COLUMN nethprov.brands.manual_file IS
    'File name appended to the typed URL, {mac} or {MAC} standing for the phone''s MAC in lower or upper case hex (e.g. {MAC}.xml); NULL: the URL ends with the token''s /';
COMMENT ON COLUMN nethprov.brands.manual_noscheme IS
    'true: the web UI takes the URL without scheme:// (its protocol is a field of its own) and, with no manual_file, without the trailing / (the phone adds /<file>)';

CREATE FUNCTION nethprov.set_brand_manual(p_brand text, p_where text, p_disable text, p_file text,
                                          p_noscheme boolean DEFAULT false) RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
    IF (p_where IS NULL) <> (p_disable IS NULL) OR (p_where IS NULL AND (p_file IS NOT NULL OR p_noscheme)) THEN
        RAISE EXCEPTION 'manual data of brand "%": where and disable go together, and file and noscheme need them',
            p_brand USING ERRCODE = '22023';
    END IF;
    IF p_where ~ '[[:cntrl:]]' OR p_disable ~ '[[:cntrl:]]' OR btrim(p_where) = '' OR btrim(p_disable) = '' THEN
        RAISE EXCEPTION 'manual data of brand "%": where and disable are one line of text each, not empty', p_brand
            USING ERRCODE = '22023';
    END IF;
    IF p_file IS NOT NULL AND (p_file = '' OR p_file !~ '^[A-Za-z0-9._-]*(\{mac\}|\{MAC\})?[A-Za-z0-9._-]*$') THEN
        RAISE EXCEPTION 'invalid manual file "%" of brand "%": letters, digits, . _ - and at most one {mac} or {MAC}',
            p_file, p_brand USING ERRCODE = '22023';
    END IF;
    UPDATE nethprov.brands
    SET manual_where = p_where, manual_disable = p_disable, manual_file = p_file,
        manual_noscheme = coalesce(p_noscheme, false)
    WHERE name = p_brand;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'brand "%" not found', p_brand USING ERRCODE = 'P0002';
    END IF;
END
$$;
COMMENT ON FUNCTION nethprov.set_brand_manual(text, text, text, text, boolean) IS
    'Stores the <manual> data of one brand (nethprov sync, after sync_brand): where to type the URL in the phone''s web UI, what to disable there, the file appended to the URL ({mac}/{MAC}) and whether the URL goes without scheme://; all NULL (and false) clear it';

-- The token typed is tok1 while the phone has not used tok2 yet, else tok2: a retired tok1 answers
-- nothing, and tok2 stays valid for good.
CREATE FUNCTION nethprov.phone_manual(p_mac macaddr, p_base_url text)
RETURNS TABLE (kind text, url text, where_to_type text, disable text)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    v_tok1     text;
    v_tok2     text;
    v_mac      text;
    v_file     text;
    v_noscheme boolean;
BEGIN
    SELECT p.tok1, p.tok2, replace(p.mac::text, ':', ''), b.manual_file, coalesce(b.manual_noscheme, false),
           b.manual_where, b.manual_disable
    INTO v_tok1, v_tok2, v_mac, v_file, v_noscheme, where_to_type, disable
    FROM nethprov.phones AS p LEFT JOIN nethprov.brands AS b ON b.name = p.brand
    WHERE p.mac = p_mac;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'phone % not found', p_mac USING ERRCODE = 'P0002';
    END IF;
    kind := CASE WHEN v_tok1 IS NOT NULL THEN 'tok1' ELSE 'tok2' END;
    url := regexp_replace(p_base_url, '/$', '') || '/' || coalesce(v_tok1, v_tok2) || '/'
        || replace(replace(coalesce(v_file, ''), '{mac}', v_mac), '{MAC}', upper(v_mac));
    -- As <dhcp url="noscheme">: no scheme://, and without a file no trailing / (the phone adds /<file>).
    IF v_noscheme THEN
        url := regexp_replace(url, '^[A-Za-z][A-Za-z0-9+.-]*://', '');
        IF v_file IS NULL THEN
            url := regexp_replace(url, '/$', '');
        END IF;
    END IF;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION nethprov.phone_manual(macaddr, text) IS
    'What the admin types into the phone''s web UI when neither RPS nor DHCP reaches it: one row, kind (tok1, or tok2 once tok1 is retired), url (p_base_url, one trailing slash trimmed, / token / and the brand''s manual_file with the MAC filled; without scheme:// when manual_noscheme, and then without the trailing / when there is no file), where_to_type and disable (NULL when the brand has no <manual>)';
