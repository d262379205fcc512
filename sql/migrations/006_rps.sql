-- 006: the vendors' redirect services (RPS) and token rotation.
--
-- nethprov rps register tells a vendor's cloud which URL a phone must fetch on its first boot
-- (its tok1 URL). What each service answered is kept here, one row per phone, so that a second
-- run skips what is done, a changed URL (a new tok1, a new base URL) is registered again, and an
-- administrator sees which phones failed and why. The URL itself holds tok1, a secret: only its
-- SHA-256 is stored.

CREATE TABLE nethprov.rps_status (
    phone_id   bigint PRIMARY KEY REFERENCES nethprov.phones (id) ON DELETE CASCADE,
    service    text NOT NULL,
    state      text NOT NULL,
    message    text,
    url_sha256 text,
    check_code text,
    updated    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT rps_status_state CHECK (state IN ('registered', 'unregistered', 'failed', 'not_supported',
                                                 'not_configured', 'pending')),
    CONSTRAINT rps_status_service CHECK (service ~ '^[a-z][a-z0-9]*(/[a-z]+)?$'),
    CONSTRAINT rps_status_url_sha256 CHECK (url_sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT rps_status_registered_url CHECK (state <> 'registered' OR url_sha256 IS NOT NULL),
    CONSTRAINT rps_status_check_code CHECK (check_code ~ '^[0-9A-Z]{4}$')
);
COMMENT ON TABLE nethprov.rps_status IS
    'The last answer of a vendor redirect service (RPS) about each phone; written by rps_record, read by nethprov rps status';
COMMENT ON COLUMN nethprov.rps_status.service IS
    'The service asked: yealink, snom, fanvil, gigaset, grape, or SERVICE/MODE for another API of it (yealink/ymcs, snom/sraps, SERVICE/gateway for a Falconieri-style gateway)';
COMMENT ON COLUMN nethprov.rps_status.state IS
    'registered, unregistered, failed, not_supported (no service for the brand), not_configured (no credentials), pending (only a check code is known)';
COMMENT ON COLUMN nethprov.rps_status.message IS 'What the service answered, in words (never a token or a password)';
COMMENT ON COLUMN nethprov.rps_status.url_sha256 IS
    'SHA-256 (hex) of the URL registered; the URL holds tok1, so it is not stored. NULL unless registered';
COMMENT ON COLUMN nethprov.rps_status.check_code IS
    'Gigaset: the 4-character MAC-ID check code printed on the label after the MAC (XXXXXXXXXXXX-XXXX)';
COMMENT ON COLUMN nethprov.rps_status.updated IS 'When the row was last written';

CREATE FUNCTION nethprov.rps_url_hash(p_url text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
AS $$ SELECT encode(sha256(convert_to(p_url, 'UTF8')), 'hex') $$;
COMMENT ON FUNCTION nethprov.rps_url_hash(text) IS 'SHA-256 (hex) of a URL as stored in rps_status.url_sha256';

CREATE FUNCTION nethprov.rps_phone_id(p_mac macaddr) RETURNS bigint
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    v_id bigint;
BEGIN
    SELECT p.id INTO v_id FROM nethprov.phones AS p WHERE p.mac = p_mac;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'phone % not found', p_mac USING ERRCODE = 'P0002';
    END IF;
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION nethprov.rps_phone_id(macaddr) IS
    'The id of the phone with MAC p_mac, for the rps_* functions; SQLSTATE P0002 if there is no such phone';

CREATE FUNCTION nethprov.rps_record(p_mac macaddr, p_service text, p_state text, p_message text, p_url text)
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    v_id bigint := nethprov.rps_phone_id(p_mac);
    v_hash text;
BEGIN
    IF p_state = 'registered' THEN
        IF p_url IS NULL THEN
            RAISE EXCEPTION 'rps_record: a registration of phone % needs the URL registered', p_mac
                USING ERRCODE = '22004';
        END IF;
        v_hash := nethprov.rps_url_hash(p_url);
    END IF;
    INSERT INTO nethprov.rps_status AS s (phone_id, service, state, message, url_sha256)
    VALUES (v_id, p_service, p_state, p_message, v_hash)
    ON CONFLICT (phone_id) DO UPDATE
        SET service = EXCLUDED.service, state = EXCLUDED.state, message = EXCLUDED.message,
            url_sha256 = EXCLUDED.url_sha256, updated = now();
END
$$;
COMMENT ON FUNCTION nethprov.rps_record(macaddr, text, text, text, text) IS
    'Records what a redirect service answered about the phone with MAC p_mac: p_state (see rps_status.state), p_message, and for a registration the URL registered (only its SHA-256 is kept; the check code is kept). SQLSTATE P0002 if there is no such phone';

CREATE FUNCTION nethprov.rps_is_registered(p_mac macaddr, p_url text) RETURNS boolean
LANGUAGE sql STABLE
AS $$
    SELECT coalesce((SELECT s.state = 'registered' AND s.url_sha256 = nethprov.rps_url_hash(p_url)
                     FROM nethprov.rps_status AS s JOIN nethprov.phones AS p ON p.id = s.phone_id
                     WHERE p.mac = p_mac), false)
$$;
COMMENT ON FUNCTION nethprov.rps_is_registered(macaddr, text) IS
    'True when the phone''s last answer from its redirect service was a registration of exactly p_url';

CREATE FUNCTION nethprov.rps_set_check_code(p_mac macaddr, p_code text) RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    v_id bigint := nethprov.rps_phone_id(p_mac);
    v_code text := upper(btrim(p_code));
BEGIN
    IF v_code !~ '^[0-9A-Z]{4}$' THEN
        RAISE EXCEPTION 'invalid MAC-ID check code "%" for phone %: 4 letters or digits, as printed after the MAC on the label',
            p_code, p_mac USING ERRCODE = '22023';
    END IF;
    INSERT INTO nethprov.rps_status AS s (phone_id, service, state, check_code)
    VALUES (v_id, (SELECT brand FROM nethprov.phones WHERE id = v_id), 'pending', v_code)
    ON CONFLICT (phone_id) DO UPDATE SET check_code = EXCLUDED.check_code, updated = now();
END
$$;
COMMENT ON FUNCTION nethprov.rps_set_check_code(macaddr, text) IS
    'Stores the Gigaset MAC-ID check code of a phone (4 letters or digits, case-insensitive); SQLSTATE 22023 if malformed, P0002 if no such phone';

CREATE VIEW nethprov.rps_report AS
SELECT p.mac, p.brand, s.service, s.state, s.message, s.check_code, s.updated
FROM nethprov.rps_status AS s JOIN nethprov.phones AS p ON p.id = s.phone_id;
COMMENT ON VIEW nethprov.rps_report IS
    'Redirect-service state of each phone that has one: mac, brand, service, state, message, check_code, updated';

CREATE FUNCTION nethprov.phone_rotate_token(p_mac macaddr, p_which text) RETURNS text
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    v_tok text;
BEGIN
    IF p_which = 'tok1' THEN
        UPDATE nethprov.phones AS p SET tok1 = nethprov.new_token() WHERE p.mac = p_mac RETURNING p.tok1 INTO v_tok;
    ELSIF p_which = 'tok2' THEN
        UPDATE nethprov.phones AS p SET tok2 = nethprov.new_token() WHERE p.mac = p_mac RETURNING p.tok2 INTO v_tok;
    ELSE
        RAISE EXCEPTION 'phone_rotate_token: "%" is not a token: tok1 or tok2', p_which USING ERRCODE = '22023';
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'phone % not found', p_mac USING ERRCODE = 'P0002';
    END IF;
    RETURN v_tok;
END
$$;
COMMENT ON FUNCTION nethprov.phone_rotate_token(macaddr, text) IS
    'Gives the phone a new token (p_which: tok1, the first-access token, also after it was retired; or tok2, the permanent one, which cuts off a phone still using the old one) from new_token() and returns it. The old URL stops working at once; a registration at a redirect service must be renewed for tok1 (nethprov phone rotate-token does it)';
