-- 004: import at scale, and secrets made faster.
--
-- import_run assigned phones to users one row at a time, each in its own subtransaction, and grew
-- its report arrays by copying them for every row: 100,000 rows with extensions took minutes. It
-- now plans every new assignment with one statement (the k-th new phone of a user, in file order,
-- takes the user's k-th free position) and inserts them with another. Phones that change user are
-- still moved one by one through assign(), before the new assignments. The report is the same,
-- with one more kind of conflict spelled out: a device extension already used by another user
-- (user 201's second device 91201 when a user 91201 exists) is reported as such instead of as a
-- unique-constraint error.
--
-- new_secret gave 32 characters [a-z2-7] from 20 random bytes, bit by bit (~30 us each). It now
-- maps the 32 base64 characters of 24 random bytes two-to-one onto the same alphabet (lower() folds the
-- 52 letters onto a-z, translate() the 12 others onto 2-7): 32 characters, each uniform over 32 values
-- (160 bits), at a tenth of the cost. try_macaddr no longer opens a
-- subtransaction for the usual MAC forms.

-- Both generators name pgcrypto's schema in their body instead of setting search_path: a function
-- with SET cannot be inlined and pays for saving and restoring the setting at every call.
DO $do$
DECLARE
    v_schema text;
BEGIN
    SELECT n.nspname INTO v_schema
    FROM pg_extension AS e JOIN pg_namespace AS n ON n.oid = e.extnamespace
    WHERE e.extname = 'pgcrypto';
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION nethprov.new_token() RETURNS text
        LANGUAGE sql VOLATILE
        AS $b$ SELECT pg_catalog.encode(%I.gen_random_bytes(20), 'hex') $b$ $f$, v_schema);
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION nethprov.new_secret() RETURNS text
        LANGUAGE sql VOLATILE
        AS $b$ SELECT pg_catalog.translate(pg_catalog.lower(pg_catalog.encode(%I.gen_random_bytes(24), 'base64')),
                                           '0123456789+/', '234567234567') $b$ $f$, v_schema);
END
$do$;
COMMENT ON FUNCTION nethprov.new_token() IS
    'A new provisioning token: 20 random bytes (pgcrypto gen_random_bytes = OpenSSL RAND_bytes) as 40 lowercase hex digits';
COMMENT ON FUNCTION nethprov.new_secret() IS
    'A new random secret (SIP and phone passwords): 24 random bytes from pgcrypto (OpenSSL RAND_bytes), their 32 base64 characters mapped two-to-one onto [a-z2-7]: 32 characters, 160 bits';

-- phones: the row trigger checked, for every row written, that no other phone uses its tokens in
-- the other column: a query per row, planned once per session, so a bulk insert into a table that
-- was small when the plan was made scanned the whole table for every row (minutes at 100,000 rows).
-- The check is now made once per statement on the rows written (transition tables), and the brand
-- is looked up only for rows that come without one.
DROP TRIGGER phones_before_write ON nethprov.phones;
DROP FUNCTION nethprov.phones_before_write();

CREATE FUNCTION nethprov.phones_fill_brand() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.brand := nethprov.detect_brand(NEW.mac);
    IF NEW.brand IS NULL THEN
        RAISE EXCEPTION 'no brand is known for MAC address %', NEW.mac
            USING ERRCODE = '23502',
                  HINT = 'Load the brand''s MAC ranges with "nethprov sync" or give the brand explicitly.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION nethprov.phones_fill_brand() IS
    'Trigger function on phones: a phone inserted without a brand gets the brand of its MAC (23502 when none is known)';
CREATE TRIGGER phones_fill_brand BEFORE INSERT ON nethprov.phones
    FOR EACH ROW WHEN (NEW.brand IS NULL AND NEW.mac IS NOT NULL) EXECUTE FUNCTION nethprov.phones_fill_brand();
CREATE TRIGGER phones_touch_updated BEFORE UPDATE ON nethprov.phones
    FOR EACH ROW EXECUTE FUNCTION nethprov.touch_updated();

CREATE FUNCTION nethprov.phones_tokens_unique() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_mac macaddr;
BEGIN
    -- A token must identify one phone whichever column it is looked up in (each column is UNIQUE).
    SELECT x.mac INTO v_mac
    FROM (SELECT n.mac FROM nethprov_written AS n JOIN nethprov.phones AS p ON p.tok2 = n.tok1 AND p.id <> n.id
          UNION ALL
          SELECT n.mac FROM nethprov_written AS n JOIN nethprov.phones AS p ON p.tok1 = n.tok2 AND p.id <> n.id) AS x
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'token of phone % is already used by another phone', v_mac USING ERRCODE = '23505';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION nethprov.phones_tokens_unique() IS
    'Statement trigger function on phones: no phone''s tok1 is another phone''s tok2 (23505)';
CREATE TRIGGER phones_tokens_unique_insert AFTER INSERT ON nethprov.phones
    REFERENCING NEW TABLE AS nethprov_written
    FOR EACH STATEMENT EXECUTE FUNCTION nethprov.phones_tokens_unique();
CREATE TRIGGER phones_tokens_unique_update AFTER UPDATE ON nethprov.phones
    REFERENCING NEW TABLE AS nethprov_written
    FOR EACH STATEMENT EXECUTE FUNCTION nethprov.phones_tokens_unique();

-- try_macaddr caught the cast's error for every MAC: a subtransaction per row. The usual forms are
-- now recognised first; only the others pay for the exception block.
CREATE OR REPLACE FUNCTION nethprov.try_macaddr(p_text text) RETURNS macaddr
LANGUAGE plpgsql IMMUTABLE STRICT
AS $$
BEGIN
    IF p_text ~ '^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$' OR p_text ~ '^[0-9A-Fa-f]{12}$' THEN
        RETURN p_text::macaddr;
    END IF;
    BEGIN
        RETURN btrim(p_text)::macaddr;
    EXCEPTION WHEN invalid_text_representation THEN
        RETURN NULL;
    END;
END
$$;

CREATE OR REPLACE FUNCTION nethprov.import_run(p_rows jsonb, p_partial boolean)
RETURNS TABLE (line integer, mac text, status text, message text, code text)
LANGUAGE plpgsql VOLATILE
AS $$
#variable_conflict use_column
DECLARE
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

    IF to_regclass('pg_temp.nethprov_import_rows') IS NULL THEN
        CREATE TEMP TABLE nethprov_import_rows (
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
            code         text,
            todo         boolean NOT NULL DEFAULT false, -- to be assigned to extension
            excluded     boolean NOT NULL DEFAULT false, -- ... but it cannot be: a conflict
            pos          smallint,                       -- the position planned
            dext         text,                           -- its device extension
            clash        text                            -- the user who already has that device extension
        ) ON COMMIT DROP;
        CREATE INDEX ON nethprov_import_rows (phone_id);
    ELSE
        TRUNCATE nethprov_import_rows;
    END IF;

    -- The MAC is parsed, and the brand of its narrowest range found, while the rows are loaded:
    -- every later rule is an UPDATE of the few rows it concerns, not another pass over all of them.
    INSERT INTO nethprov_import_rows (idx, line, mac_in, model, extension, display_name, status, message, code, mac,
                                      brand)
    WITH rng AS MATERIALIZED (   -- a few dozen rows, widths computed once
        SELECT r.brand, r.lo, r.hi, nethprov.mac_to_bigint(r.hi) - nethprov.mac_to_bigint(r.lo) AS width
        FROM nethprov.mac_ranges AS r
    )
    SELECT e.i,
           CASE WHEN (e.v ->> 'line') ~ '^[0-9]{1,9}$' THEN (e.v ->> 'line')::integer ELSE e.i END,
           nullif(btrim(e.v ->> 'mac'), ''),
           nullif(btrim(e.v ->> 'model'), ''),
           nullif(btrim(e.v ->> 'extension'), ''),
           nullif(btrim(e.v ->> 'display_name'), ''),
           CASE WHEN jsonb_typeof(e.v) <> 'object' THEN 'rejected' END,
           CASE WHEN jsonb_typeof(e.v) <> 'object' THEN format('not a JSON object: %s', left(e.v::text, 80)) END,
           CASE WHEN jsonb_typeof(e.v) <> 'object' THEN '22023' END,
           m.mac,
           (SELECT r.brand FROM rng AS r WHERE m.mac BETWEEN r.lo AND r.hi ORDER BY r.width, r.brand LIMIT 1)
    FROM jsonb_array_elements(p_rows) WITH ORDINALITY AS e (v, i)
    CROSS JOIN LATERAL (SELECT CASE WHEN jsonb_typeof(e.v) = 'object'
                                    THEN nethprov.try_macaddr(nullif(btrim(e.v ->> 'mac'), '')) END AS mac
                        OFFSET 0) AS m;   -- OFFSET 0: parsed once per row, not once per range compared
    ANALYZE nethprov_import_rows;

    -- Validation, one rule after the other over the whole batch; a row keeps its first problem.
    UPDATE nethprov_import_rows SET status = 'rejected', message = 'the MAC address is missing', code = '22023'
    WHERE status IS NULL AND mac_in IS NULL;
    UPDATE nethprov_import_rows SET status = 'rejected', message = format('invalid MAC address "%s"', mac_in), code = '22P02'
    WHERE status IS NULL AND mac IS NULL;
    UPDATE nethprov_import_rows SET status = 'rejected', message = nethprov.mac_problem(mac), code = '22023'
    WHERE status IS NULL AND nethprov.mac_problem(mac) IS NOT NULL;

    ANALYZE nethprov_import_rows;
    UPDATE nethprov_import_rows AS t
    SET status = 'conflict', code = '23505',
        message = format('MAC address %s is also on line %s of this import', t.mac, f.first_line)
    FROM (SELECT i.idx, row_number() OVER w AS n, first_value(i.line) OVER w AS first_line
          FROM nethprov_import_rows AS i WHERE i.mac IS NOT NULL
          WINDOW w AS (PARTITION BY i.mac ORDER BY i.idx)) AS f
    WHERE t.status IS NULL AND t.idx = f.idx AND f.n > 1;

    UPDATE nethprov_import_rows AS t SET phone_id = p.id, brand = p.brand, cur_model = p.model
    FROM nethprov.phones AS p WHERE t.status IS NULL AND p.mac = t.mac;
    UPDATE nethprov_import_rows AS t SET cur_user = d.user_extension
    FROM nethprov.devices AS d WHERE t.phone_id IS NOT NULL AND d.phone_id = t.phone_id;

    ANALYZE nethprov_import_rows;
    UPDATE nethprov_import_rows SET status = 'rejected', code = '23502', message = format('no brand is known for MAC address %s', mac)
    WHERE status IS NULL AND brand IS NULL;

    UPDATE nethprov_import_rows AS t
    SET status = 'rejected', code = '22023',
        message = format('model "%s" is not a %s model (%s)', t.model, t.brand,
                         coalesce((SELECT t.brand || ' models: ' || string_agg(m.name, ', ' ORDER BY m.name)
                                   FROM nethprov.models AS m WHERE m.brand = t.brand),
                                  t.brand || ' has no models: run "nethprov sync"'))
    WHERE t.status IS NULL AND t.model IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM nethprov.models AS m WHERE m.brand = t.brand AND m.name = t.model);

    UPDATE nethprov_import_rows SET status = 'conflict', code = '23505',
        message = format('phone %s is already registered as %s %s', mac, brand, cur_model)
    WHERE status IS NULL AND cur_model IS NOT NULL AND model IS NOT NULL AND model <> cur_model;

    UPDATE nethprov_import_rows SET status = 'rejected', code = '22023', message = nethprov.user_problem(extension, display_name)
    WHERE status IS NULL AND extension IS NOT NULL AND nethprov.user_problem(extension, display_name) IS NOT NULL;
    UPDATE nethprov_import_rows AS t SET status = 'rejected', code = 'P0002',
        message = format('user %s does not exist: give its display name to create it', t.extension)
    WHERE t.status IS NULL AND t.extension IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM nethprov.users AS u WHERE u.extension = t.extension)
      AND NOT EXISTS (SELECT 1 FROM nethprov_import_rows AS o
                      WHERE o.extension = t.extension AND o.display_name IS NOT NULL AND o.status IS NULL);

    -- A new phone's id is drawn now, so that its device can be written without reading it back.
    UPDATE nethprov_import_rows
    SET status = CASE WHEN phone_id IS NULL THEN 'added'
                      WHEN cur_model IS NULL AND model IS NOT NULL THEN 'updated'
                      ELSE 'unchanged' END,
        phone_id = coalesce(phone_id, nextval('nethprov.phones_id_seq')),
        todo = extension IS NOT NULL AND cur_user IS DISTINCT FROM extension
    WHERE status IS NULL;

    -- Writing. Inside a subtransaction, so that everything can be undone
    -- (all-or-nothing) while the report computed here is kept in variables.
    BEGIN
        INSERT INTO nethprov.phones (id, mac, brand, model)
        SELECT t.phone_id, t.mac, t.brand, t.model FROM nethprov_import_rows AS t WHERE t.status = 'added' ORDER BY t.idx;
        UPDATE nethprov.phones AS p SET model = t.model
        FROM nethprov_import_rows AS t WHERE t.status = 'updated' AND p.id = t.phone_id;
        INSERT INTO nethprov.users (extension, display_name)
        SELECT DISTINCT ON (t.extension) t.extension, t.display_name
        FROM nethprov_import_rows AS t
        WHERE t.status IN ('added', 'updated', 'unchanged') AND t.extension IS NOT NULL AND t.display_name IS NOT NULL
        ORDER BY t.extension, t.idx
        ON CONFLICT (extension) DO NOTHING;

        -- Assignments, all at once: the k-th phone of a user in file order takes the user's k-th free
        -- position, where a position is free when no phone that stays holds it (a phone moving to another
        -- user frees its own). Locks as assign() takes them: phones, then users.
        PERFORM 1 FROM nethprov.phones AS p
        WHERE p.id IN (SELECT t.phone_id FROM nethprov_import_rows AS t
                       WHERE t.phone_id IS NOT NULL AND t.extension IS NOT NULL
                         AND t.status IN ('updated', 'unchanged'))
        ORDER BY p.id FOR UPDATE;
        PERFORM 1 FROM nethprov.users AS u
        WHERE u.extension IN (SELECT t.extension FROM nethprov_import_rows AS t
                              WHERE t.extension IS NOT NULL AND t.status IN ('added', 'updated', 'unchanged'))
           OR u.extension IN (SELECT t.cur_user FROM nethprov_import_rows AS t WHERE t.cur_user IS NOT NULL)
        ORDER BY u.extension FOR UPDATE;
        -- Read again under the locks: another session may have assigned these phones meanwhile.
        UPDATE nethprov_import_rows AS t SET cur_user = d.user_extension, todo = d.user_extension <> t.extension
        FROM nethprov.devices AS d
        WHERE t.status IN ('updated', 'unchanged') AND t.extension IS NOT NULL AND d.phone_id = t.phone_id
          AND t.cur_user IS DISTINCT FROM d.user_extension;

        -- Plan; a row that cannot be carried out (a moving phone with no free position, or a device
        -- extension somebody else has) is taken out and the rest planned again, so that it takes
        -- nothing from the others. Usually one round.
        LOOP
            WITH f AS (
                SELECT t.idx, t.extension, row_number() OVER (PARTITION BY t.extension ORDER BY t.idx) AS k
                FROM nethprov_import_rows AS t WHERE t.todo AND NOT t.excluded
            ), occ AS (   -- positions held by phones that stay; most users of a bulk import have none
                SELECT d.user_extension AS ext, d.position
                FROM nethprov.devices AS d
                WHERE d.user_extension IN (SELECT f.extension FROM f)
                  AND NOT EXISTS (SELECT 1 FROM nethprov_import_rows AS m
                                  WHERE m.phone_id = d.phone_id AND m.todo AND NOT m.excluded)
            ), free AS (
                SELECT u.ext, s.p::smallint AS pos, row_number() OVER (PARTITION BY u.ext ORDER BY s.p) AS k
                FROM (SELECT DISTINCT occ.ext FROM occ) AS u
                CROSS JOIN generate_series(1, 8) AS s (p)
                WHERE NOT EXISTS (SELECT 1 FROM occ WHERE occ.ext = u.ext AND occ.position = s.p)
            ), planned AS (
                SELECT f.idx, f.extension, x.pos,
                       CASE WHEN x.pos = 1 THEN f.extension WHEN x.pos > 1 THEN '9' || (x.pos - 1) || f.extension END AS dext
                FROM f
                LEFT JOIN (SELECT DISTINCT occ.ext FROM occ) AS busy ON busy.ext = f.extension
                LEFT JOIN free AS fr ON fr.ext = f.extension AND fr.k = f.k
                CROSS JOIN LATERAL (SELECT CASE WHEN busy.ext IS NOT NULL THEN fr.pos
                                                WHEN f.k <= 8 THEN f.k::smallint END AS pos) AS x
            ), plan AS (
                SELECT pl.idx, pl.pos, pl.dext,
                       CASE WHEN pl.dext IS NULL THEN NULL
                            WHEN row_number() OVER w > 1 THEN first_value(pl.extension) OVER w END AS batch_clash
                FROM planned AS pl
                WINDOW w AS (PARTITION BY pl.dext ORDER BY pl.idx)
            )
            UPDATE nethprov_import_rows AS t
            SET pos = plan.pos, dext = plan.dext,
                clash = coalesce((SELECT d.user_extension FROM nethprov.devices AS d
                                  WHERE d.extension = plan.dext
                                    AND NOT EXISTS (SELECT 1 FROM nethprov_import_rows AS m
                                                    WHERE m.phone_id = d.phone_id AND m.todo AND NOT m.excluded)),
                                 plan.batch_clash)
            FROM plan WHERE t.idx = plan.idx;

            UPDATE nethprov_import_rows AS t SET excluded = true
            WHERE t.todo AND NOT t.excluded
              AND (t.clash IS NOT NULL OR (t.pos IS NULL AND t.cur_user IS NOT NULL));
            EXIT WHEN NOT FOUND;
        END LOOP;

        DELETE FROM nethprov.devices AS d USING nethprov_import_rows AS t
        WHERE t.todo AND NOT t.excluded AND t.pos IS NOT NULL AND t.cur_user IS NOT NULL AND d.phone_id = t.phone_id;
        INSERT INTO nethprov.devices (phone_id, user_extension, position)
        SELECT t.phone_id, t.extension, t.pos FROM nethprov_import_rows AS t
        WHERE t.todo AND NOT t.excluded AND t.pos IS NOT NULL
        ORDER BY t.idx;

        SELECT coalesce(array_agg(t.idx ORDER BY t.idx), '{}'),
               coalesce(array_agg(CASE WHEN t.pos IS NULL OR t.clash IS NOT NULL THEN 'conflict'
                                       WHEN t.status = 'added' THEN 'added' ELSE 'updated' END ORDER BY t.idx), '{}'),
               coalesce(array_agg(
                   CASE WHEN t.clash IS NOT NULL
                        THEN format('device extension %s of user %s is already used by user %s: cannot assign phone %s',
                                    t.dext, t.extension, t.clash, t.mac)
                        WHEN t.pos IS NULL
                        THEN format('user %s already has 8 devices (%s): cannot assign phone %s', t.extension,
                                    (SELECT string_agg(d.extension, ', ' ORDER BY d.position)
                                     FROM nethprov.devices AS d WHERE d.user_extension = t.extension), t.mac)
                        WHEN t.cur_user IS NOT NULL THEN format('moved from user %s', t.cur_user)
                   END || CASE WHEN (t.pos IS NULL OR t.clash IS NOT NULL) AND p_partial AND t.status <> 'unchanged'
                               THEN format(' (the phone was %s, not assigned)', t.status) ELSE '' END
                   ORDER BY t.idx), '{}'),
               coalesce(array_agg(CASE WHEN t.clash IS NOT NULL THEN '23505' WHEN t.pos IS NULL THEN '23514' END
                                  ORDER BY t.idx), '{}')
        INTO a_idx, a_status, a_msg, a_code
        FROM nethprov_import_rows AS t WHERE t.todo;

        v_failed := EXISTS (SELECT 1 FROM nethprov_import_rows AS t WHERE t.status IN ('conflict', 'rejected'))
                    OR 'conflict' = ANY (a_status);
        IF v_failed AND NOT coalesce(p_partial, false) THEN
            RAISE EXCEPTION 'import rolled back' USING ERRCODE = 'NPRBK';
        END IF;
    EXCEPTION WHEN SQLSTATE 'NPRBK' THEN
        NULL;   -- undone: nothing was written
    END;

    -- The assignments' outcome overrides the row's status (kept in arrays: it must survive the rollback).
    RETURN QUERY
    SELECT t.line, coalesce(t.mac::text, t.mac_in),
           CASE WHEN a.idx IS NULL THEN t.status ELSE a.status END,
           CASE WHEN a.idx IS NULL THEN t.message ELSE a.msg END,
           CASE WHEN a.idx IS NULL THEN t.code ELSE a.code END
    FROM nethprov_import_rows AS t
    LEFT JOIN unnest(a_idx, a_status, a_msg, a_code) AS a (idx, status, msg, code) ON a.idx = t.idx
    ORDER BY t.idx;
END
$$;

