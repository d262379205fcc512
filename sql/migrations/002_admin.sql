-- 002_admin: the administration interface (what the CLI calls).
--
-- Every rule an administrator's change must follow lives here, once: adding
-- and removing phones, bulk imports, users, assigning phones to users (the
-- 8-device limit and the device numbering), and writing settings at the three
-- stored levels. Errors carry a SQLSTATE and a message naming what is wrong.
-- Applied by scripts/db-upgrade in one transaction: no BEGIN/COMMIT here.

--------------------------------------------------------------------------------
-- Small helpers
--------------------------------------------------------------------------------

CREATE FUNCTION nethprov.try_macaddr(p_text text) RETURNS macaddr
LANGUAGE plpgsql IMMUTABLE STRICT
AS $$
BEGIN
    RETURN btrim(p_text)::macaddr;
EXCEPTION WHEN invalid_text_representation THEN
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION nethprov.try_macaddr(text) IS
    'p_text (surrounding blanks ignored) as a macaddr, in any form PostgreSQL accepts (00:15:65:aa:bb:cc, 00-15-65-AA-BB-CC, 001565aabbcc, 0015.65aa.bbcc...); NULL when it is not a MAC address';

CREATE FUNCTION nethprov.mac_problem(p_mac macaddr) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
AS $$
    SELECT CASE
        WHEN p_mac = '00:00:00:00:00:00'::macaddr
            THEN format('MAC address %s is all zeros: not a phone''s address', p_mac)
        WHEN p_mac = 'ff:ff:ff:ff:ff:ff'::macaddr
            THEN format('MAC address %s is the broadcast address: not a phone''s address', p_mac)
        WHEN (p_mac & '01:00:00:00:00:00'::macaddr) <> '00:00:00:00:00:00'::macaddr
            THEN format('MAC address %s is a multicast address (odd first byte): not a phone''s address', p_mac)
    END
$$;
COMMENT ON FUNCTION nethprov.mac_problem(macaddr) IS
    'Why p_mac cannot be a phone''s MAC (all zeros, broadcast, multicast), NULL when it can';

CREATE FUNCTION nethprov.user_problem(p_extension text, p_display_name text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE
        WHEN p_extension IS NULL THEN 'the extension is missing'
        WHEN p_extension !~ '^[0-9]{2,6}$'
            THEN format('invalid extension "%s": 2 to 6 digits', p_extension)
        WHEN p_display_name IS NOT NULL AND btrim(p_display_name) = ''
            THEN format('invalid display name for user %s: it is empty', p_extension)
        WHEN p_display_name ~ '[\x01-\x08\x0a-\x1f\x7f]'
            THEN format('invalid display name for user %s: control characters (CR, LF, ...) are not allowed', p_extension)
    END
$$;
COMMENT ON FUNCTION nethprov.user_problem(text, text) IS
    'What is wrong with a user''s extension (2-6 digits) or display name (not blank, no control characters; NULL is not checked); NULL when fine';

--------------------------------------------------------------------------------
-- Users
--------------------------------------------------------------------------------

CREATE FUNCTION nethprov.user_add(p_extension text, p_display_name text) RETURNS text
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    v_problem text := nethprov.user_problem(p_extension, coalesce(p_display_name, ''));
    v_name    text;
BEGIN
    IF v_problem IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = v_problem;
    END IF;
    SELECT u.display_name INTO v_name FROM nethprov.users AS u WHERE u.extension = p_extension FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO nethprov.users (extension, display_name) VALUES (p_extension, p_display_name);
        RETURN 'added';
    ELSIF v_name = p_display_name THEN
        RETURN 'unchanged';
    END IF;
    UPDATE nethprov.users SET display_name = p_display_name WHERE extension = p_extension;
    RETURN 'updated';
END
$$;
COMMENT ON FUNCTION nethprov.user_add(text, text) IS
    'Adds user p_extension (2-6 digits) named p_display_name, or renames it: returns added, updated or unchanged. SQLSTATE 22023 for a bad extension or name';

CREATE FUNCTION nethprov.user_remove(p_extension text, p_force boolean DEFAULT false) RETURNS integer
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    v_count integer;
BEGIN
    PERFORM 1 FROM nethprov.users AS u WHERE u.extension = p_extension FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'user % not found', p_extension USING ERRCODE = 'P0002';
    END IF;
    SELECT count(*) INTO v_count FROM nethprov.devices AS d WHERE d.user_extension = p_extension;
    IF v_count > 0 AND NOT coalesce(p_force, false) THEN
        RAISE EXCEPTION 'user % has % device%: unassign them or use force', p_extension, v_count,
            CASE WHEN v_count = 1 THEN '' ELSE 's' END
            USING ERRCODE = '2BP01';
    END IF;
    DELETE FROM nethprov.devices AS d WHERE d.user_extension = p_extension;
    DELETE FROM nethprov.users AS u WHERE u.extension = p_extension;
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION nethprov.user_remove(text, boolean) IS
    'Removes user p_extension and returns how many phones it unassigned (the phones are kept). Without p_force a user with devices is refused (SQLSTATE 2BP01); unknown user: P0002';

--------------------------------------------------------------------------------
-- Assigning phones to users
--------------------------------------------------------------------------------

CREATE FUNCTION nethprov.assign(p_mac macaddr, p_extension text)
RETURNS TABLE (device_extension text, device_position smallint, moved_from text)
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    v_phone bigint;
    v_cur   record;
    v_pos   smallint;
    v_taken text;
BEGIN
    -- Locks: the phone, then the user (always in this order). The user's row
    -- lock serializes every choice of a position for that user.
    SELECT p.id INTO v_phone FROM nethprov.phones AS p WHERE p.mac = p_mac FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'phone % not found', p_mac USING ERRCODE = 'P0002';
    END IF;
    PERFORM 1 FROM nethprov.users AS u WHERE u.extension = p_extension FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'user % not found', p_extension USING ERRCODE = 'P0002';
    END IF;

    SELECT d.user_extension, d.extension, d.position INTO v_cur
    FROM nethprov.devices AS d WHERE d.phone_id = v_phone;
    IF FOUND AND v_cur.user_extension = p_extension THEN
        device_extension := v_cur.extension;
        device_position := v_cur.position;
        moved_from := NULL;
        RETURN NEXT;
        RETURN;
    END IF;

    SELECT min(s.p) INTO v_pos
    FROM generate_series(1, 8) AS s (p)
    WHERE NOT EXISTS (SELECT 1 FROM nethprov.devices AS d WHERE d.user_extension = p_extension AND d.position = s.p);
    IF v_pos IS NULL THEN
        SELECT string_agg(d.extension, ', ' ORDER BY d.position) INTO v_taken
        FROM nethprov.devices AS d WHERE d.user_extension = p_extension;
        RAISE EXCEPTION 'user % already has 8 devices (%): cannot assign phone %', p_extension, v_taken, p_mac
            USING ERRCODE = '23514', HINT = 'Unassign one of the user''s phones first.';
    END IF;

    DELETE FROM nethprov.devices AS d WHERE d.phone_id = v_phone;
    INSERT INTO nethprov.devices AS d (phone_id, user_extension, position)
    VALUES (v_phone, p_extension, v_pos)
    RETURNING d.extension, d.position INTO device_extension, device_position;
    moved_from := v_cur.user_extension;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION nethprov.assign(macaddr, text) IS
    'Makes phone p_mac one of the devices of user p_extension: the first free position 1..8 (device extension 201, then 91201 ... 97201); a phone of another user is moved (moved_from: that user, and a new SIP password); already the user''s: nothing changes. 9th device: SQLSTATE 23514; unknown phone or user: P0002. Locks the user''s row, so concurrent assignments cannot both take the last free position';

CREATE FUNCTION nethprov.unassign(p_mac macaddr) RETURNS text
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    v_phone bigint;
    v_user  text;
BEGIN
    SELECT p.id INTO v_phone FROM nethprov.phones AS p WHERE p.mac = p_mac FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'phone % not found', p_mac USING ERRCODE = 'P0002';
    END IF;
    DELETE FROM nethprov.devices AS d WHERE d.phone_id = v_phone RETURNING d.user_extension INTO v_user;
    RETURN v_user;
END
$$;
COMMENT ON FUNCTION nethprov.unassign(macaddr) IS
    'Unassigns phone p_mac from its user (the phone is kept) and returns that user''s extension, NULL if it was not assigned; unknown phone: P0002';

--------------------------------------------------------------------------------
-- Phones: import (the one implementation), add, remove
--------------------------------------------------------------------------------

CREATE FUNCTION nethprov.import_run(p_rows jsonb, p_partial boolean)
RETURNS TABLE (line integer, mac text, status text, message text, code text)
LANGUAGE plpgsql VOLATILE
AS $$
#variable_conflict use_column
DECLARE
    r        record;
    v_res    record;
    v_failed boolean;
    a_idx    integer[] := '{}';
    a_status text[] := '{}';
    a_msg    text[] := '{}';
    a_code   text[] := '{}';
BEGIN
    IF p_rows IS NULL OR jsonb_typeof(p_rows) <> 'array' THEN
        RAISE EXCEPTION 'the phones to import must be a JSON array of objects {"line", "mac", "model", "extension", "display_name"}'
            USING ERRCODE = '22023';
    END IF;

    IF to_regclass('pg_temp.nethprov_import') IS NULL THEN
        CREATE TEMP TABLE nethprov_import (
            idx          integer PRIMARY KEY,
            line         integer,
            mac_in       text,
            mac          macaddr,
            model        text,
            extension    text,
            display_name text,
            brand        text,
            phone_id     bigint,
            cur_model    text,
            cur_user     text,
            status       text,
            message      text,
            code         text
        ) ON COMMIT DROP;
    ELSE
        TRUNCATE nethprov_import;
    END IF;

    INSERT INTO nethprov_import (idx, line, mac_in, model, extension, display_name, status, message, code)
    SELECT e.i,
           CASE WHEN (e.v ->> 'line') ~ '^[0-9]{1,9}$' THEN (e.v ->> 'line')::integer ELSE e.i END,
           nullif(btrim(e.v ->> 'mac'), ''),
           nullif(btrim(e.v ->> 'model'), ''),
           nullif(btrim(e.v ->> 'extension'), ''),
           nullif(btrim(e.v ->> 'display_name'), ''),
           CASE WHEN jsonb_typeof(e.v) <> 'object' THEN 'rejected' END,
           CASE WHEN jsonb_typeof(e.v) <> 'object' THEN format('not a JSON object: %s', left(e.v::text, 80)) END,
           CASE WHEN jsonb_typeof(e.v) <> 'object' THEN '22023' END
    FROM jsonb_array_elements(p_rows) WITH ORDINALITY AS e (v, i);
    ANALYZE nethprov_import;

    -- Validation, one rule after the other over the whole batch; a row keeps its first problem.
    UPDATE nethprov_import SET status = 'rejected', message = 'the MAC address is missing', code = '22023'
    WHERE status IS NULL AND mac_in IS NULL;
    UPDATE nethprov_import SET mac = nethprov.try_macaddr(mac_in) WHERE status IS NULL;
    UPDATE nethprov_import SET status = 'rejected', message = format('invalid MAC address "%s"', mac_in), code = '22P02'
    WHERE status IS NULL AND mac IS NULL;
    UPDATE nethprov_import SET status = 'rejected', message = nethprov.mac_problem(mac), code = '22023'
    WHERE status IS NULL AND nethprov.mac_problem(mac) IS NOT NULL;

    ANALYZE nethprov_import;
    UPDATE nethprov_import AS t
    SET status = 'conflict', code = '23505',
        message = format('MAC address %s is also on line %s of this import', t.mac, f.first_line)
    FROM (SELECT i.idx, row_number() OVER w AS n, first_value(i.line) OVER w AS first_line
          FROM nethprov_import AS i WHERE i.mac IS NOT NULL
          WINDOW w AS (PARTITION BY i.mac ORDER BY i.idx)) AS f
    WHERE t.status IS NULL AND t.idx = f.idx AND f.n > 1;

    UPDATE nethprov_import AS t SET phone_id = p.id, brand = p.brand, cur_model = p.model
    FROM nethprov.phones AS p WHERE t.status IS NULL AND p.mac = t.mac;
    UPDATE nethprov_import AS t SET cur_user = d.user_extension
    FROM nethprov.devices AS d WHERE t.phone_id IS NOT NULL AND d.phone_id = t.phone_id;

    UPDATE nethprov_import SET brand = nethprov.detect_brand(mac) WHERE status IS NULL AND phone_id IS NULL;
    ANALYZE nethprov_import;
    UPDATE nethprov_import SET status = 'rejected', code = '23502', message = format('no brand is known for MAC address %s', mac)
    WHERE status IS NULL AND brand IS NULL;

    UPDATE nethprov_import AS t
    SET status = 'rejected', code = '22023',
        message = format('model "%s" is not a %s model (%s)', t.model, t.brand,
                         coalesce((SELECT t.brand || ' models: ' || string_agg(m.name, ', ' ORDER BY m.name)
                                   FROM nethprov.models AS m WHERE m.brand = t.brand),
                                  t.brand || ' has no models: run "nethprov sync"'))
    WHERE t.status IS NULL AND t.model IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM nethprov.models AS m WHERE m.brand = t.brand AND m.name = t.model);

    UPDATE nethprov_import SET status = 'conflict', code = '23505',
        message = format('phone %s is already registered as %s %s', mac, brand, cur_model)
    WHERE status IS NULL AND cur_model IS NOT NULL AND model IS NOT NULL AND model <> cur_model;

    UPDATE nethprov_import SET status = 'rejected', code = '22023', message = nethprov.user_problem(extension, display_name)
    WHERE status IS NULL AND extension IS NOT NULL AND nethprov.user_problem(extension, display_name) IS NOT NULL;
    UPDATE nethprov_import AS t SET status = 'rejected', code = 'P0002',
        message = format('user %s does not exist: give its display name to create it', t.extension)
    WHERE t.status IS NULL AND t.extension IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM nethprov.users AS u WHERE u.extension = t.extension)
      AND NOT EXISTS (SELECT 1 FROM nethprov_import AS o
                      WHERE o.extension = t.extension AND o.display_name IS NOT NULL AND o.status IS NULL);

    UPDATE nethprov_import
    SET status = CASE WHEN phone_id IS NULL THEN 'added'
                      WHEN cur_model IS NULL AND model IS NOT NULL THEN 'updated'
                      ELSE 'unchanged' END
    WHERE status IS NULL;

    -- Writing. Inside a subtransaction, so that everything can be undone
    -- (all-or-nothing) while the report computed here is kept in variables.
    BEGIN
        INSERT INTO nethprov.phones (mac, brand, model)
        SELECT t.mac, t.brand, t.model FROM nethprov_import AS t WHERE t.status = 'added' ORDER BY t.idx;
        UPDATE nethprov.phones AS p SET model = t.model
        FROM nethprov_import AS t WHERE t.status = 'updated' AND p.id = t.phone_id;
        INSERT INTO nethprov.users (extension, display_name)
        SELECT DISTINCT ON (t.extension) t.extension, t.display_name
        FROM nethprov_import AS t
        WHERE t.status IN ('added', 'updated', 'unchanged') AND t.extension IS NOT NULL AND t.display_name IS NOT NULL
        ORDER BY t.extension, t.idx
        ON CONFLICT (extension) DO NOTHING;

        FOR r IN SELECT t.idx, t.mac, t.extension, t.status
                 FROM nethprov_import AS t
                 WHERE t.status IN ('added', 'updated', 'unchanged') AND t.extension IS NOT NULL
                   AND t.cur_user IS DISTINCT FROM t.extension
                 ORDER BY t.idx LOOP
            BEGIN
                SELECT * INTO v_res FROM nethprov.assign(r.mac, r.extension);
                a_idx := a_idx || r.idx;
                a_status := a_status || CASE WHEN r.status = 'added' THEN 'added' ELSE 'updated' END;
                a_msg := a_msg || CASE WHEN v_res.moved_from IS NOT NULL
                                       THEN format('moved from user %s', v_res.moved_from) END;
                a_code := a_code || NULL::text;
            EXCEPTION WHEN OTHERS THEN
                a_idx := a_idx || r.idx;
                a_status := a_status || 'conflict'::text;
                a_msg := a_msg || (SQLERRM || CASE WHEN p_partial AND r.status <> 'unchanged'
                                                   THEN format(' (the phone was %s, not assigned)', r.status) ELSE '' END);
                a_code := a_code || SQLSTATE::text;
            END;
        END LOOP;

        v_failed := EXISTS (SELECT 1 FROM nethprov_import AS t WHERE t.status IN ('conflict', 'rejected'))
                    OR 'conflict' = ANY (a_status);
        IF v_failed AND NOT coalesce(p_partial, false) THEN
            RAISE EXCEPTION 'import rolled back' USING ERRCODE = 'NPRBK';
        END IF;
    EXCEPTION WHEN SQLSTATE 'NPRBK' THEN
        NULL;   -- undone: nothing was written
    END;

    UPDATE nethprov_import AS t SET status = a.status, message = a.msg, code = a.code
    FROM unnest(a_idx, a_status, a_msg, a_code) AS a (idx, status, msg, code)
    WHERE t.idx = a.idx;

    RETURN QUERY
    SELECT t.line, coalesce(t.mac::text, t.mac_in), t.status, t.message, t.code
    FROM nethprov_import AS t ORDER BY t.idx;
END
$$;
COMMENT ON FUNCTION nethprov.import_run(jsonb, boolean) IS
    'The implementation of import_phones (which see), with one more column: code, the SQLSTATE of a conflict or rejection (phone_add raises it)';

CREATE FUNCTION nethprov.import_phones(p_rows jsonb, p_partial boolean DEFAULT false)
RETURNS TABLE (line integer, mac text, status text, message text)
LANGUAGE sql VOLATILE
AS $$
    SELECT i.line, i.mac, i.status, i.message FROM nethprov.import_run(p_rows, p_partial) AS i
$$;
COMMENT ON FUNCTION nethprov.import_phones(jsonb, boolean) IS
    'Bulk import. p_rows: [{"line": 1, "mac": "00:15:65:aa:bb:cc", "model": "T46U", "extension": "201", "display_name": "Alice"}, ...] (model, extension, display_name optional). Per row, in order: MAC (any PostgreSQL form; not zero/broadcast/multicast), brand from the MAC, model of that brand, no duplicate MAC in the batch, same model as an existing phone; with extension the user must exist or display_name creates it, then the phone is assigned to it (see assign). One report row per input row: status added, updated, unchanged, conflict or rejected (message says why). Unless p_partial, nothing is written when any row is conflict or rejected (the other rows then tell what would have been done); with p_partial the good rows are written. Importing the same rows again gives unchanged';

CREATE FUNCTION nethprov.phone_add(p_mac macaddr, p_model text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    r record;
BEGIN
    IF p_mac IS NULL THEN
        RAISE EXCEPTION 'the MAC address is missing' USING ERRCODE = '22023';
    END IF;
    SELECT * INTO r
    FROM nethprov.import_run(jsonb_build_array(jsonb_build_object('line', 1, 'mac', p_mac::text, 'model', p_model)), false);
    IF r.status IN ('conflict', 'rejected') THEN
        RAISE EXCEPTION USING ERRCODE = r.code, MESSAGE = r.message;
    END IF;
    RETURN r.status;
END
$$;
COMMENT ON FUNCTION nethprov.phone_add(macaddr, text) IS
    'Adds phone p_mac (brand detected from the MAC) of model p_model (NULL: pending). Returns added, updated (a pending model given) or unchanged. Unknown vendor: 23502; not a model of the brand: 22023; zero/broadcast/multicast MAC: 22023; already registered with another model: 23505 (never changed silently)';

CREATE FUNCTION nethprov.phone_remove(p_mac macaddr) RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
    DELETE FROM nethprov.phones AS p WHERE p.mac = p_mac;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'phone % not found', p_mac USING ERRCODE = 'P0002';
    END IF;
END
$$;
COMMENT ON FUNCTION nethprov.phone_remove(macaddr) IS
    'Removes phone p_mac with its device (assignment) and its phone-level settings; unknown phone: P0002';

CREATE VIEW nethprov.phones_report AS
    SELECT p.mac, p.brand, p.model, d.user_extension, u.display_name, d.extension AS device_extension,
           CASE WHEN p.provisioned_at IS NOT NULL THEN 'provisioned'
                WHEN p.model IS NULL THEN 'pending model'
                ELSE 'waiting' END AS stage
    FROM nethprov.phones AS p
    LEFT JOIN nethprov.devices AS d ON d.phone_id = p.id
    LEFT JOIN nethprov.users AS u ON u.extension = d.user_extension;
COMMENT ON VIEW nethprov.phones_report IS
    'Inventory for admins: MAC, brand, model (NULL: pending), user extension and name, device extension, and stage: provisioned (fetched its configuration with tok2), pending model (model not known yet) or waiting (ready, not provisioned yet)';

--------------------------------------------------------------------------------
-- Settings
--------------------------------------------------------------------------------

CREATE FUNCTION nethprov.setting_target(p_level text, p_target text,
                                        OUT brand text, OUT model text, OUT phone_id bigint)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    v_mac macaddr;
BEGIN
    CASE p_level
    WHEN 'default' THEN
        IF nullif(p_target, '') IS NOT NULL THEN
            RAISE EXCEPTION 'the default level takes no target (got "%")', p_target USING ERRCODE = '22023';
        END IF;
    WHEN 'model' THEN
        IF p_target IS NULL OR p_target !~ '^[a-z][a-z0-9]*/[^/]+$' THEN
            RAISE EXCEPTION 'invalid model "%": expected brand/model, e.g. yealink/T46U', p_target USING ERRCODE = '22023';
        END IF;
        SELECT m.brand, m.name INTO brand, model FROM nethprov.models AS m
        WHERE m.brand = split_part(p_target, '/', 1) AND m.name = split_part(p_target, '/', 2);
        IF NOT FOUND THEN
            RAISE EXCEPTION 'model % not found', p_target USING ERRCODE = 'P0002';
        END IF;
    WHEN 'phone' THEN
        v_mac := nethprov.try_macaddr(p_target);
        IF v_mac IS NULL THEN
            RAISE EXCEPTION 'invalid MAC address "%"', p_target USING ERRCODE = '22023';
        END IF;
        SELECT p.id INTO phone_id FROM nethprov.phones AS p WHERE p.mac = v_mac;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'phone % not found', v_mac USING ERRCODE = 'P0002';
        END IF;
    ELSE
        RAISE EXCEPTION 'invalid settings level "%": default, model or phone', p_level USING ERRCODE = '22023';
    END CASE;
END
$$;
COMMENT ON FUNCTION nethprov.setting_target(text, text) IS
    'Resolves a settings level and target: default (no target), model (''brand/model''), phone (a MAC). 22023 for a bad level or target, P0002 for an unknown model or phone';

CREATE FUNCTION nethprov.setting_write(p_level text, p_brand text, p_model text, p_phone_id bigint,
                                       p_name text, p_value text) RETURNS boolean
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    v_n integer;
BEGIN
    IF p_value IS NULL OR p_value IN ('', '-') THEN
        CASE p_level
        WHEN 'default' THEN DELETE FROM nethprov.settings_default AS s WHERE s.name = p_name;
        WHEN 'model' THEN DELETE FROM nethprov.settings_model AS s
                          WHERE s.brand = p_brand AND s.model = p_model AND s.name = p_name;
        ELSE DELETE FROM nethprov.settings_phone AS s WHERE s.phone_id = p_phone_id AND s.name = p_name;
        END CASE;
        GET DIAGNOSTICS v_n = ROW_COUNT;
        IF v_n = 0 THEN
            PERFORM nethprov.check_setting(p_name, '');   -- clearing an unknown name is still an error
        END IF;
        RETURN v_n > 0;
    END IF;
    CASE p_level
    WHEN 'default' THEN
        INSERT INTO nethprov.settings_default AS s (name, value) VALUES (p_name, p_value)
        ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value WHERE s.value IS DISTINCT FROM EXCLUDED.value;
    WHEN 'model' THEN
        INSERT INTO nethprov.settings_model AS s (brand, model, name, value) VALUES (p_brand, p_model, p_name, p_value)
        ON CONFLICT (brand, model, name) DO UPDATE SET value = EXCLUDED.value
        WHERE s.value IS DISTINCT FROM EXCLUDED.value;
    ELSE
        INSERT INTO nethprov.settings_phone AS s (phone_id, name, value) VALUES (p_phone_id, p_name, p_value)
        ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value
        WHERE s.value IS DISTINCT FROM EXCLUDED.value;
    END CASE;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    RETURN v_n > 0;
END
$$;
COMMENT ON FUNCTION nethprov.setting_write(text, text, text, bigint, text, text) IS
    'Internal to setting_set/settings_set: stores (or, for NULL, "" and "-", deletes) one setting of a resolved target; validated by the settings triggers. true when something changed';

CREATE FUNCTION nethprov.setting_set(p_level text, p_target text, p_name text, p_value text) RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    t record;
BEGIN
    t := nethprov.setting_target(p_level, p_target);
    PERFORM nethprov.setting_write(p_level, t.brand, t.model, t.phone_id, p_name, p_value);
END
$$;
COMMENT ON FUNCTION nethprov.setting_set(text, text, text, text) IS
    'Sets setting p_name to p_value at level default (p_target NULL), model (p_target ''brand/model'') or phone (p_target a MAC). An empty value or "-" clears it (deletes the row: the level inherits). Unknown setting: 42704; bad value: 22023; unknown model or phone: P0002';

CREATE FUNCTION nethprov.settings_set(p_level text, p_target text, p_settings jsonb) RETURNS integer
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    t        record;
    r        record;
    v_code   text;
    v_msg    text;
    v_n      integer := 0;
BEGIN
    IF p_settings IS NULL OR jsonb_typeof(p_settings) <> 'object' THEN
        RAISE EXCEPTION 'settings must be a JSON object {"name": "value", ...}' USING ERRCODE = '22023';
    END IF;
    SELECT string_agg(format('"%s"', e.key), ', ' ORDER BY e.key) INTO v_msg
    FROM jsonb_each(p_settings) AS e WHERE jsonb_typeof(e.value) IN ('object', 'array');
    IF v_msg IS NOT NULL THEN
        RAISE EXCEPTION 'the value of setting % must be a string', v_msg USING ERRCODE = '22023';
    END IF;
    t := nethprov.setting_target(p_level, p_target);

    -- Every problem at once, before writing anything.
    SELECT min(pr.code), string_agg(pr.message, '; ' ORDER BY e.key) INTO v_code, v_msg
    FROM jsonb_each_text(p_settings) AS e
    CROSS JOIN LATERAL nethprov.setting_problem(e.key, coalesce(e.value, '')) AS pr
    WHERE pr.code IS NOT NULL;
    IF v_code IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = v_code, MESSAGE = v_msg;
    END IF;

    FOR r IN SELECT e.key, e.value FROM jsonb_each_text(p_settings) AS e ORDER BY e.key LOOP
        IF nethprov.setting_write(p_level, t.brand, t.model, t.phone_id, r.key, r.value) THEN
            v_n := v_n + 1;
        END IF;
    END LOOP;
    RETURN v_n;
END
$$;
COMMENT ON FUNCTION nethprov.settings_set(text, text, jsonb) IS
    'setting_set for several settings {"name": "value", ...} (JSON null, "" or "-" clears) of one target, all or none: every bad name or value is reported in one error (42704 or 22023) and nothing is written. Returns how many settings changed';

CREATE FUNCTION nethprov.setting_get(p_level text, p_target text, p_name text) RETURNS text
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    t record;
    v text;
BEGIN
    t := nethprov.setting_target(p_level, p_target);
    CASE p_level
    WHEN 'default' THEN SELECT s.value INTO v FROM nethprov.settings_default AS s WHERE s.name = p_name;
    WHEN 'model' THEN SELECT s.value INTO v FROM nethprov.settings_model AS s
                      WHERE s.brand = t.brand AND s.model = t.model AND s.name = p_name;
    ELSE SELECT s.value INTO v FROM nethprov.settings_phone AS s WHERE s.phone_id = t.phone_id AND s.name = p_name;
    END CASE;
    RETURN v;
END
$$;
COMMENT ON FUNCTION nethprov.setting_get(text, text, text) IS
    'The value of setting p_name stored at one level (as setting_set: default, model ''brand/model'', phone MAC); NULL when not set there. For the value a phone gets see phone_settings()';
