-- 001_init: the nethprov schema as first released.
--
-- Applied by scripts/db-upgrade inside one transaction together with its row in
-- nethprov.schema_version; this file must therefore contain no BEGIN/COMMIT.
-- Later changes go into new numbered files (002_..., 003_...) written so that
-- they can run against a database that already holds data.

CREATE SCHEMA IF NOT EXISTS nethprov;
COMMENT ON SCHEMA nethprov IS
    'nethprov: zero-touch provisioning of office IP phones (brands, models, phones, users, devices, settings)';

CREATE TABLE IF NOT EXISTS nethprov.schema_version (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE nethprov.schema_version IS
    'One row per migration of sql/migrations/ applied to this database (written by scripts/db-upgrade)';
COMMENT ON COLUMN nethprov.schema_version.version IS 'Migration number: the NNN of sql/migrations/NNN_name.sql';
COMMENT ON COLUMN nethprov.schema_version.name IS 'Migration name: the part of the file name after NNN_';

-- gen_random_bytes() comes from pgcrypto. Debian builds pgcrypto against
-- OpenSSL, where gen_random_bytes() is backed by OpenSSL's RAND_bytes (a CSPRNG).
-- If pgcrypto is already installed in some schema, that installation is used.
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;

--------------------------------------------------------------------------------
-- Small helpers
--------------------------------------------------------------------------------

-- The bodies name gen_random_bytes() unqualified: they are created unchecked
-- and pointed at pgcrypto's schema right after (DO block below).
SET LOCAL check_function_bodies = off;

CREATE FUNCTION nethprov.new_token() RETURNS text
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, public
AS $$
    -- 20 bytes (160 bits) from pgcrypto, i.e. OpenSSL RAND_bytes: 40 hex digits.
    SELECT encode(gen_random_bytes(20), 'hex')
$$;
COMMENT ON FUNCTION nethprov.new_token() IS
    'A new provisioning token: 20 random bytes (pgcrypto gen_random_bytes = OpenSSL RAND_bytes) as 40 lowercase hex digits';

CREATE FUNCTION nethprov.new_secret() RETURNS text
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, public
AS $$
    -- 20 random bytes = 160 bits, written 5 bits per character with the
    -- alphabet a-z 2-7 (RFC 4648 base32, lower case, no padding): 32 characters.
    SELECT string_agg(
               substr('abcdefghijklmnopqrstuvwxyz234567',
                      1 + get_bit(r.b, 5 * i)
                        + 2 * get_bit(r.b, 5 * i + 1)
                        + 4 * get_bit(r.b, 5 * i + 2)
                        + 8 * get_bit(r.b, 5 * i + 3)
                        + 16 * get_bit(r.b, 5 * i + 4), 1),
               '' ORDER BY i)
    FROM (SELECT gen_random_bytes(20) AS b) AS r, generate_series(0, 31) AS i
$$;
COMMENT ON FUNCTION nethprov.new_secret() IS
    'A new random secret (SIP and phone passwords): 20 random bytes from pgcrypto (OpenSSL RAND_bytes) as 32 characters [a-z2-7]';

RESET check_function_bodies;

-- Use whichever schema pgcrypto actually lives in (it may have been installed
-- before this migration, somewhere other than public).
DO $$
DECLARE
    v_schema text;
BEGIN
    SELECT n.nspname INTO v_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pgcrypto';
    IF v_schema IS DISTINCT FROM 'public' THEN
        EXECUTE format('ALTER FUNCTION nethprov.new_token() SET search_path = pg_catalog, %I', v_schema);
        EXECUTE format('ALTER FUNCTION nethprov.new_secret() SET search_path = pg_catalog, %I', v_schema);
    END IF;
END
$$;

CREATE FUNCTION nethprov.mac_to_bigint(p_mac macaddr) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT ('x' || lpad(replace(p_mac::text, ':', ''), 16, '0'))::bit(64)::bigint
$$;
COMMENT ON FUNCTION nethprov.mac_to_bigint(macaddr) IS
    'The MAC address as a 48-bit number (used to measure the width of MAC ranges)';

CREATE FUNCTION nethprov.touch_updated() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated := now();
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION nethprov.touch_updated() IS
    'Trigger function: sets the updated column of the row being updated to now()';

--------------------------------------------------------------------------------
-- Brands, MAC ranges, models
--------------------------------------------------------------------------------

CREATE TABLE nethprov.brands (
    name         text PRIMARY KEY CONSTRAINT brands_name_format CHECK (name ~ '^[a-z][a-z0-9]*$'),
    display_name text
);
COMMENT ON TABLE nethprov.brands IS
    'Phone vendors known to nethprov; one per templates/<brand>/ folder, loaded by "nethprov sync" (sync_brand)';
COMMENT ON COLUMN nethprov.brands.name IS 'Brand id: lowercase letters and digits, the name of its templates/ folder';
COMMENT ON COLUMN nethprov.brands.display_name IS 'Human readable vendor name, e.g. Yealink';

CREATE TABLE nethprov.mac_ranges (
    brand text NOT NULL REFERENCES nethprov.brands (name) ON DELETE CASCADE ON UPDATE CASCADE,
    lo    macaddr NOT NULL,
    hi    macaddr NOT NULL,
    PRIMARY KEY (brand, lo, hi),
    CONSTRAINT mac_ranges_order CHECK (lo <= hi)
);
COMMENT ON TABLE nethprov.mac_ranges IS
    'Inclusive MAC address ranges of each brand. Ranges may overlap: detect_brand() picks the narrowest one, so a sub-range of a vendor''s OUI can belong to another brand';
COMMENT ON COLUMN nethprov.mac_ranges.lo IS 'First MAC of the range (inclusive)';
COMMENT ON COLUMN nethprov.mac_ranges.hi IS 'Last MAC of the range (inclusive)';

CREATE TABLE nethprov.models (
    brand       text NOT NULL REFERENCES nethprov.brands (name) ON DELETE CASCADE ON UPDATE CASCADE,
    name        text NOT NULL CONSTRAINT models_name_format CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_.+-]*$'),
    family      text,
    caps        jsonb NOT NULL DEFAULT '{}' CONSTRAINT models_caps_object CHECK (jsonb_typeof(caps) = 'object'),
    description text,
    PRIMARY KEY (brand, name)
);
COMMENT ON TABLE nethprov.models IS
    'Phone models of each brand, loaded by "nethprov sync" from templates/<brand>/brand.xml; never deleted by sync because phones may refer to them';
COMMENT ON COLUMN nethprov.models.name IS 'Model name as the vendor spells it, e.g. T46U';
COMMENT ON COLUMN nethprov.models.family IS 'Group of models sharing a template variant, e.g. T4x';
COMMENT ON COLUMN nethprov.models.caps IS
    'Capabilities of the model as a JSON object of cap_* variables (e.g. {"cap_linekey_count": "27"}); templates see them below every settings level';

--------------------------------------------------------------------------------
-- Brand detection
--------------------------------------------------------------------------------

CREATE FUNCTION nethprov.detect_brand(p_mac macaddr) RETURNS text
LANGUAGE sql STABLE STRICT
AS $$
    SELECT r.brand
    FROM nethprov.mac_ranges AS r
    WHERE p_mac BETWEEN r.lo AND r.hi
    ORDER BY nethprov.mac_to_bigint(r.hi) - nethprov.mac_to_bigint(r.lo), r.brand
    LIMIT 1
$$;
COMMENT ON FUNCTION nethprov.detect_brand(macaddr) IS
    'The brand of the narrowest MAC range containing p_mac (ties broken by brand name), NULL if no range contains it';

--------------------------------------------------------------------------------
-- Phones
--------------------------------------------------------------------------------

CREATE TABLE nethprov.phones (
    id             bigserial PRIMARY KEY,
    mac            macaddr NOT NULL UNIQUE,
    brand          text NOT NULL REFERENCES nethprov.brands (name) ON UPDATE CASCADE,
    model          text,
    tok1           text UNIQUE DEFAULT nethprov.new_token(),
    tok2           text NOT NULL UNIQUE DEFAULT nethprov.new_token(),
    provisioned_at timestamptz,
    created        timestamptz NOT NULL DEFAULT now(),
    updated        timestamptz,
    CONSTRAINT phones_model_fkey FOREIGN KEY (brand, model)
        REFERENCES nethprov.models (brand, name) ON UPDATE CASCADE,
    CONSTRAINT phones_mac_not_broadcast CHECK (mac <> 'ff:ff:ff:ff:ff:ff'::macaddr),
    CONSTRAINT phones_mac_not_multicast CHECK ((mac & '01:00:00:00:00:00'::macaddr) = '00:00:00:00:00:00'::macaddr),
    CONSTRAINT phones_mac_not_zero CHECK (mac <> '00:00:00:00:00:00'::macaddr),
    CONSTRAINT phones_tok1_format CHECK (tok1 ~ '^[a-z0-9]{26,64}$'),
    CONSTRAINT phones_tok2_format CHECK (tok2 ~ '^[a-z0-9]{26,64}$'),
    CONSTRAINT phones_tokens_differ CHECK (tok1 <> tok2)
);
CREATE INDEX phones_brand_model_idx ON nethprov.phones (brand, model);
COMMENT ON TABLE nethprov.phones IS
    'Phones in the inventory, one per MAC. brand is detected from the MAC when not given; model NULL means "vendor known, model pending"';
COMMENT ON COLUMN nethprov.phones.mac IS 'The phone''s MAC address (unicast, not all-zero)';
COMMENT ON COLUMN nethprov.phones.brand IS 'Vendor; set from detect_brand(mac) by a trigger when inserted as NULL';
COMMENT ON COLUMN nethprov.phones.model IS 'Model (of brand); NULL while not known yet';
COMMENT ON COLUMN nethprov.phones.tok1 IS
    'First-access token (for RPS/initial URL); retired (set NULL) the first time the phone uses tok2';
COMMENT ON COLUMN nethprov.phones.tok2 IS 'Permanent token the phone is told to use after its first provisioning';
COMMENT ON COLUMN nethprov.phones.provisioned_at IS 'When the phone first fetched its configuration with tok2 (retiring tok1)';
COMMENT ON COLUMN nethprov.phones.created IS 'When the phone was added';
COMMENT ON COLUMN nethprov.phones.updated IS 'When the row was last changed (NULL: never)';

CREATE FUNCTION nethprov.phones_before_write() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.brand IS NULL AND NEW.mac IS NOT NULL THEN
        NEW.brand := nethprov.detect_brand(NEW.mac);
        IF NEW.brand IS NULL THEN
            RAISE EXCEPTION 'no brand is known for MAC address %', NEW.mac
                USING ERRCODE = '23502',
                      HINT = 'Load the brand''s MAC ranges with "nethprov sync" or give the brand explicitly.';
        END IF;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        NEW.updated := now();
    END IF;
    -- A token must identify one phone whichever column it is looked up in.
    IF (TG_OP = 'INSERT' OR NEW.tok1 IS DISTINCT FROM OLD.tok1 OR NEW.tok2 IS DISTINCT FROM OLD.tok2)
       AND EXISTS (SELECT 1 FROM nethprov.phones AS p
                   WHERE p.id <> NEW.id AND (p.tok2 = NEW.tok1 OR p.tok1 = NEW.tok2)) THEN
        RAISE EXCEPTION 'token of phone % is already used by another phone', NEW.mac
            USING ERRCODE = '23505';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION nethprov.phones_before_write() IS
    'Trigger function on phones: fills brand from the MAC, maintains updated, keeps tokens unique across tok1 and tok2';

CREATE TRIGGER phones_before_write BEFORE INSERT OR UPDATE ON nethprov.phones
    FOR EACH ROW EXECUTE FUNCTION nethprov.phones_before_write();

--------------------------------------------------------------------------------
-- Users and devices
--------------------------------------------------------------------------------

CREATE TABLE nethprov.users (
    extension    text PRIMARY KEY CONSTRAINT users_extension_format CHECK (extension ~ '^[0-9]{2,6}$'),
    display_name text NOT NULL
        CONSTRAINT users_display_name_not_empty CHECK (btrim(display_name) <> '')
        CONSTRAINT users_display_name_no_control CHECK (display_name !~ '[\x01-\x08\x0a-\x1f\x7f]'),
    created      timestamptz NOT NULL DEFAULT now(),
    updated      timestamptz
);
COMMENT ON TABLE nethprov.users IS 'PBX users, identified by their main extension';
COMMENT ON COLUMN nethprov.users.extension IS 'Main extension (2 to 6 digits); device 1 of the user registers with it';
COMMENT ON COLUMN nethprov.users.display_name IS 'Name shown on the user''s phones (account_display_name_1)';

CREATE TRIGGER users_touch_updated BEFORE UPDATE ON nethprov.users
    FOR EACH ROW EXECUTE FUNCTION nethprov.touch_updated();

CREATE TABLE nethprov.devices (
    phone_id       bigint PRIMARY KEY REFERENCES nethprov.phones (id) ON DELETE CASCADE,
    user_extension text NOT NULL REFERENCES nethprov.users (extension) ON DELETE CASCADE ON UPDATE CASCADE,
    position       smallint NOT NULL CONSTRAINT devices_position_range CHECK (position BETWEEN 1 AND 8),
    extension      text NOT NULL GENERATED ALWAYS AS (
                       CASE WHEN position = 1 THEN user_extension
                            ELSE '9' || (position - 1)::text || user_extension END) STORED,
    sip_password   text NOT NULL DEFAULT nethprov.new_secret()
        CONSTRAINT devices_sip_password_format CHECK (sip_password ~ '^[!-~]{12,128}$'),
    created        timestamptz NOT NULL DEFAULT now(),
    updated        timestamptz,
    CONSTRAINT devices_user_position_key UNIQUE (user_extension, position),
    CONSTRAINT devices_extension_key UNIQUE (extension)
);
COMMENT ON TABLE nethprov.devices IS
    'Assignment of a phone to a user: the phone registers as one of the user''s (up to 8) SIP devices';
COMMENT ON COLUMN nethprov.devices.user_extension IS 'The user (main extension) the phone belongs to';
COMMENT ON COLUMN nethprov.devices.position IS
    'Which of the user''s devices this is, 1..8; chosen as the lowest free one when inserted as NULL';
COMMENT ON COLUMN nethprov.devices.extension IS
    'SIP extension of the device: the main extension for position 1, else 9<position-1><main> (201 -> 91201 ... 97201)';
COMMENT ON COLUMN nethprov.devices.sip_password IS 'SIP password of the device (random by default)';

CREATE FUNCTION nethprov.devices_before_write() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        NEW.updated := now();
    END IF;
    IF NEW.position IS NULL AND NEW.user_extension IS NOT NULL THEN
        SELECT min(p) INTO NEW.position
        FROM generate_series(1, 8) AS p
        WHERE NOT EXISTS (SELECT 1 FROM nethprov.devices AS d
                          WHERE d.user_extension = NEW.user_extension AND d.position = p
                            AND d.phone_id <> NEW.phone_id);
        IF NEW.position IS NULL THEN
            RAISE EXCEPTION 'user % already has 8 devices', NEW.user_extension
                USING ERRCODE = '23514';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION nethprov.devices_before_write() IS
    'Trigger function on devices: picks the lowest free position when none is given, maintains updated';

CREATE TRIGGER devices_before_write BEFORE INSERT OR UPDATE ON nethprov.devices
    FOR EACH ROW EXECUTE FUNCTION nethprov.devices_before_write();

--------------------------------------------------------------------------------
-- Variable catalogue and validation
--------------------------------------------------------------------------------

CREATE TABLE nethprov.variables (
    name        text PRIMARY KEY CONSTRAINT variables_name_format CHECK (name ~ '^[a-z][a-z0-9_]*[a-z0-9]$'),
    type        text NOT NULL CONSTRAINT variables_type_known CHECK (type IN
                    ('string', 'integer', 'boolean', 'enum', 'timezone', 'ipaddr_or_host', 'filename', 'dialcode')),
    allowed     text[],
    min_value   integer,
    max_value   integer,
    pattern     text,
    hint        text,
    indexed     boolean NOT NULL DEFAULT false,
    secret      boolean NOT NULL DEFAULT false,
    description text NOT NULL,
    CONSTRAINT variables_enum_has_values CHECK ((type = 'enum') = (allowed IS NOT NULL)),
    CONSTRAINT variables_bounds_integer CHECK (type = 'integer' OR (min_value IS NULL AND max_value IS NULL)),
    CONSTRAINT variables_bounds_order CHECK (min_value <= max_value)
);
COMMENT ON TABLE nethprov.variables IS
    'Catalogue of the settings a phone can be given: every name stored in settings_default, settings_model or settings_phone must be described here';
COMMENT ON COLUMN nethprov.variables.name IS
    'Variable name; for an indexed row, the base name (linekey_type describes linekey_type_1, linekey_type_2, ...)';
COMMENT ON COLUMN nethprov.variables.type IS
    'string | integer (min_value..max_value) | boolean (1 or 0) | enum (one of allowed) | timezone (IANA name) | ipaddr_or_host | filename (asset file name) | dialcode (digits, * and #)';
COMMENT ON COLUMN nethprov.variables.allowed IS 'The allowed values of an enum';
COMMENT ON COLUMN nethprov.variables.min_value IS 'Smallest allowed value of an integer (NULL: no bound)';
COMMENT ON COLUMN nethprov.variables.max_value IS 'Largest allowed value of an integer (NULL: no bound)';
COMMENT ON COLUMN nethprov.variables.pattern IS 'Regular expression (PostgreSQL syntax) every value must also match';
COMMENT ON COLUMN nethprov.variables.hint IS 'What a value matching pattern looks like, in words, for error messages';
COMMENT ON COLUMN nethprov.variables.indexed IS 'The row describes NAME_N for every N >= 1 (accounts, keys, proxies)';
COMMENT ON COLUMN nethprov.variables.secret IS 'The value is a password: tools mask it in listings';
COMMENT ON COLUMN nethprov.variables.description IS 'What the variable means for the phone';

CREATE FUNCTION nethprov.variable_for(p_name text) RETURNS text
LANGUAGE sql STABLE STRICT
AS $$
    SELECT v.name
    FROM nethprov.variables AS v
    WHERE (v.name = p_name AND NOT v.indexed)
       OR (v.indexed AND p_name ~ '^[a-z][a-z0-9_]*_[1-9][0-9]{0,3}$'
           AND v.name = regexp_replace(p_name, '_[0-9]+$', ''))
    ORDER BY v.indexed
    LIMIT 1
$$;
COMMENT ON FUNCTION nethprov.variable_for(text) IS
    'The nethprov.variables row (its name) describing setting p_name: an exact non-indexed row, else the indexed row NAME for NAME_N (N 1..9999); NULL if none';

CREATE FUNCTION nethprov.is_secret(p_name text) RETURNS boolean
LANGUAGE sql STABLE STRICT
AS $$
    SELECT coalesce((SELECT v.secret FROM nethprov.variables AS v
                     WHERE v.name = nethprov.variable_for(p_name)), false)
$$;
COMMENT ON FUNCTION nethprov.is_secret(text) IS 'true when setting p_name holds a password that listings must mask';

CREATE FUNCTION nethprov.setting_problem(p_name text, p_value text, OUT code text, OUT message text)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    v       nethprov.variables%ROWTYPE;
    v_num   numeric;
    v_what  text;
BEGIN
    SELECT * INTO v FROM nethprov.variables WHERE name = nethprov.variable_for(p_name);
    IF NOT FOUND THEN
        code := '42704';
        message := format('unknown setting "%s" (see nethprov.variables)', p_name);
        RETURN;
    END IF;
    IF p_value IS NULL THEN
        RETURN;     -- the NOT NULL constraint of the table reports it
    END IF;
    code := '22023';
    IF p_value ~ '[\x01-\x08\x0a-\x1f\x7f]' THEN
        message := format('invalid value for setting "%s": control characters (CR, LF, ...) are not allowed', p_name);
        RETURN;
    END IF;
    IF p_value IN ('', '-') THEN
        code := NULL;   -- "inherit" is always fine
        RETURN;
    END IF;
    IF length(p_value) > 2048 THEN
        message := format('invalid value for setting "%s": longer than 2048 characters', p_name);
        RETURN;
    END IF;

    CASE v.type
    WHEN 'integer' THEN
        IF p_value !~ '^-?[0-9]{1,9}$'
           OR (v.min_value IS NOT NULL AND p_value::integer < v.min_value)
           OR (v.max_value IS NOT NULL AND p_value::integer > v.max_value) THEN
            v_what := CASE
                WHEN v.min_value IS NOT NULL AND v.max_value IS NOT NULL
                    THEN format('must be an integer between %s and %s', v.min_value, v.max_value)
                WHEN v.min_value IS NOT NULL THEN format('must be an integer not less than %s', v.min_value)
                WHEN v.max_value IS NOT NULL THEN format('must be an integer not greater than %s', v.max_value)
                ELSE 'must be an integer' END;
        END IF;
    WHEN 'boolean' THEN
        IF p_value NOT IN ('1', '0') THEN
            v_what := 'must be 1 (on) or 0 (off)';
        END IF;
    WHEN 'enum' THEN
        IF NOT p_value = ANY (v.allowed) THEN
            v_what := 'allowed values are ' || array_to_string(v.allowed, ', ');
        END IF;
    WHEN 'timezone' THEN
        IF p_value !~ '^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$'
           OR p_value ~ '^(posix|right)/' OR p_value IN ('localtime', 'posixrules', 'Factory')
           OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names AS t WHERE t.name = p_value) THEN
            v_what := 'must be an IANA time zone such as Europe/Rome';
        END IF;
    WHEN 'ipaddr_or_host' THEN
        IF p_value ~ '^[0-9.]+$' OR p_value ~ ':' THEN
            BEGIN
                IF (family(p_value::inet) = 4 AND masklen(p_value::inet) <> 32)
                   OR (family(p_value::inet) = 6 AND masklen(p_value::inet) <> 128)
                   OR (p_value ~ '^[0-9.]+$' AND p_value !~ '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$') THEN
                    v_what := 'must be a host name or an IP address';
                END IF;
            EXCEPTION WHEN invalid_text_representation THEN
                v_what := 'must be a host name or an IP address';
            END;
        ELSIF length(p_value) > 253
           OR p_value !~ '^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$' THEN
            v_what := 'must be a host name or an IP address';
        END IF;
    WHEN 'filename' THEN
        IF p_value !~ '^[A-Za-z0-9_()-][A-Za-z0-9._()-]{0,254}$' THEN
            v_what := 'must be a file name made of letters, digits and . _ - ( ), not starting with a dot';
        END IF;
    WHEN 'dialcode' THEN
        IF p_value !~ '^[0-9*#]{1,32}$' THEN
            v_what := 'must be a dial code made of digits, * and #';
        END IF;
    ELSE
        NULL;   -- string: anything without control characters
    END CASE;

    IF v_what IS NULL AND v.pattern IS NOT NULL AND p_value !~ v.pattern THEN
        v_what := 'must be ' || coalesce(v.hint, format('a value matching the regular expression %s', v.pattern));
    END IF;

    IF v_what IS NULL THEN
        code := NULL;
    ELSE
        message := format('invalid value "%s" for setting "%s": %s', p_value, p_name, v_what);
    END IF;
END
$$;
COMMENT ON FUNCTION nethprov.setting_problem(text, text) IS
    'What is wrong with storing p_value in setting p_name: code 42704 (unknown setting) or 22023 (invalid value) and a message; both NULL when fine';

CREATE FUNCTION nethprov.check_setting(p_name text, p_value text) RETURNS void
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    r record;
BEGIN
    r := nethprov.setting_problem(p_name, p_value);
    IF r.code = '42704' THEN
        RAISE EXCEPTION USING ERRCODE = r.code, MESSAGE = r.message,
            HINT = 'Indexed settings are written NAME_N, e.g. linekey_type_1.';
    ELSIF r.code IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = r.code, MESSAGE = r.message,
            HINT = 'An empty value or "-" inherits the value of the level above.';
    END IF;
END
$$;
COMMENT ON FUNCTION nethprov.check_setting(text, text) IS
    'Raises SQLSTATE 42704 when p_name is not in nethprov.variables, 22023 when p_value is not valid for it; "" and "-" (inherit) are always valid';

--------------------------------------------------------------------------------
-- Settings at three levels
--------------------------------------------------------------------------------

CREATE FUNCTION nethprov.settings_before_write() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM nethprov.check_setting(NEW.name, NEW.value);
    IF TG_OP = 'UPDATE' THEN
        NEW.updated := now();
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION nethprov.settings_before_write() IS
    'Trigger function on the settings tables: validates name and value with check_setting(), maintains updated';

CREATE TABLE nethprov.settings_default (
    name    text PRIMARY KEY,
    value   text NOT NULL,
    updated timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE nethprov.settings_default IS
    'Settings of every phone (lowest level); overridden per model by settings_model and per phone by settings_phone';
COMMENT ON COLUMN nethprov.settings_default.name IS 'Variable name (see nethprov.variables)';
COMMENT ON COLUMN nethprov.settings_default.value IS 'Value; "" or "-" means not set (inherit)';
COMMENT ON COLUMN nethprov.settings_default.updated IS 'When the value was last written';

CREATE TABLE nethprov.settings_model (
    brand   text NOT NULL,
    model   text NOT NULL,
    name    text NOT NULL,
    value   text NOT NULL,
    updated timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (brand, model, name),
    CONSTRAINT settings_model_model_fkey FOREIGN KEY (brand, model)
        REFERENCES nethprov.models (brand, name) ON DELETE CASCADE ON UPDATE CASCADE
);
COMMENT ON TABLE nethprov.settings_model IS 'Settings of every phone of one model; override settings_default';
COMMENT ON COLUMN nethprov.settings_model.name IS 'Variable name (see nethprov.variables)';
COMMENT ON COLUMN nethprov.settings_model.value IS 'Value; "" or "-" inherits the default';
COMMENT ON COLUMN nethprov.settings_model.updated IS 'When the value was last written';

CREATE TABLE nethprov.settings_phone (
    phone_id bigint NOT NULL REFERENCES nethprov.phones (id) ON DELETE CASCADE,
    name     text NOT NULL,
    value    text NOT NULL,
    updated  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (phone_id, name)
);
COMMENT ON TABLE nethprov.settings_phone IS
    'Settings of one phone (highest level); override the default, model and device levels';
COMMENT ON COLUMN nethprov.settings_phone.name IS 'Variable name (see nethprov.variables)';
COMMENT ON COLUMN nethprov.settings_phone.value IS 'Value; "" or "-" inherits from the levels below';
COMMENT ON COLUMN nethprov.settings_phone.updated IS 'When the value was last written';

CREATE TRIGGER settings_default_before_write BEFORE INSERT OR UPDATE ON nethprov.settings_default
    FOR EACH ROW EXECUTE FUNCTION nethprov.settings_before_write();
CREATE TRIGGER settings_model_before_write BEFORE INSERT OR UPDATE ON nethprov.settings_model
    FOR EACH ROW EXECUTE FUNCTION nethprov.settings_before_write();
CREATE TRIGGER settings_phone_before_write BEFORE INSERT OR UPDATE ON nethprov.settings_phone
    FOR EACH ROW EXECUTE FUNCTION nethprov.settings_before_write();

--------------------------------------------------------------------------------
-- The catalogue's content (tancredi variable names and values)
--------------------------------------------------------------------------------

INSERT INTO nethprov.variables (name, type, allowed, min_value, max_value, pattern, hint, indexed, secret, description)
VALUES
-- PBX and network
('hostname', 'ipaddr_or_host', NULL, NULL, NULL, NULL, NULL, false, false,
 'Host name or IP address of the PBX: SIP registrar of the accounts, and LDAP server when ldap_server is empty'),
('sip_udp_port', 'integer', NULL, 1, 65535, NULL, NULL, false, false, 'SIP port of the PBX for UDP (usually 5060)'),
('sip_tls_port', 'integer', NULL, 1, 65535, NULL, NULL, false, false,
 'SIP port of the PBX for TLS (usually 5061), used by accounts with account_encryption'),
('outbound_proxy', 'ipaddr_or_host', NULL, NULL, NULL, NULL, NULL, true, false,
 'Outbound SIP proxy of account N (host name or IP address); empty: none'),
('outbound_proxy_port', 'integer', NULL, 1, 65535, NULL, NULL, true, false, 'Port of the outbound SIP proxy of account N'),
('outbound_proxy2', 'ipaddr_or_host', NULL, NULL, NULL, NULL, NULL, true, false, 'Second (backup) outbound SIP proxy of account N'),
('outbound_proxy2_port', 'integer', NULL, 1, 65535, NULL, NULL, true, false, 'Port of the second outbound SIP proxy of account N'),
('vlan_id_phone', 'integer', NULL, 0, 4094, NULL, NULL, false, false,
 'VLAN id of the phone''s own traffic (internet/WAN port); 0 disables tagging, 1..4094 enables it'),
('vlan_id_pcport', 'integer', NULL, 0, 4094, NULL, NULL, false, false,
 'VLAN id of the PC port of the phone; 0 disables tagging, 1..4094 enables it'),
('provisioning_freq', 'enum', ARRAY['everyday', 'never'], NULL, NULL, NULL, NULL, false, false,
 'How often the phone checks for a new configuration once provisioned: everyday (at night) or never'),
-- Regional preferences
('timezone', 'timezone', NULL, NULL, NULL, NULL, NULL, false, false, 'Time zone of the phone as an IANA name, e.g. Europe/Rome'),
('tonezone', 'enum', ARRAY['ao', 'ar', 'au', 'at', 'be', 'br', 'bg', 'cl', 'cn', 'co', 'cr', 'cz', 'dk', 'ee', 'fi', 'fr',
                           'de', 'gr', 'hk', 'hu', 'in', 'ir', 'ie', 'il', 'it', 'jp', 'ke', 'lt', 'mo', 'my', 'mx', 'nl',
                           'nz', 'no', 'pk', 'pa', 'phl', 'pl', 'pt', 'ro', 'ru', 'sg', 'za', 'es', 'se', 'ch', 'tw', 'tz',
                           'th', 'tr', 'ug', 'uk', 'us', 'us-old', 've'], NULL, NULL, NULL, NULL, false, false,
 'Country whose call progress tones (dial, busy, ringback) the phone plays, as a lowercase ISO 3166 code'),
('language', 'enum', ARRAY['en', 'it', 'de', 'fr', 'es', 'pt', 'nl', 'ru', 'tr', 'da', 'dk', 'sv', 'no', 'fi', 'cs', 'hu',
                           'lt', 'sl', 'bs', 'zh'], NULL, NULL, NULL, NULL, false, false,
 'Language of the phone''s display and web interface (ISO 639-1 code; dk is accepted as Danish for compatibility); unsupported languages fall back to English'),
('ntp_server', 'ipaddr_or_host', NULL, NULL, NULL, NULL, NULL, false, false, 'NTP server the phone sets its clock from'),
('date_format', 'enum', ARRAY['DD MM YY', 'DD MM YYYY', 'DD MMM WW', 'DD MMM YY', 'DD MMM YYYY', 'WWW DD MMM', 'WWW MMM DD',
                              'MM DD YY', 'MM DD YYYY', 'MMM DD WW', 'YY MM DD', 'YYYY MM DD'], NULL, NULL, NULL, NULL, false, false,
 'How the phone shows dates (D day, M month, Y year, W weekday)'),
('time_format', 'enum', ARRAY['12', '24'], NULL, NULL, NULL, NULL, false, false, 'Clock format: 12 or 24 hours'),
-- Display and ringtones
('ringtone', 'integer', NULL, -1, 99, NULL, NULL, false, false,
 'Ring tone: 0 silent, -1 the custom file ringtone_file, N > 0 the phone''s built-in tone N (up to cap_ringtone_count)'),
('ringtone_file', 'filename', NULL, NULL, NULL, NULL, NULL, false, false, 'Custom ring tone file (in the ringtones directory), used when ringtone is -1'),
('background_file', 'filename', NULL, NULL, NULL, NULL, NULL, false, false, 'Background image file (in the backgrounds directory)'),
('screensaver_file', 'filename', NULL, NULL, NULL, NULL, NULL, false, false, 'Screen saver image file (in the screensavers directory)'),
('firmware_file', 'filename', NULL, NULL, NULL, NULL, NULL, false, false,
 'Firmware image file (in the firmware directory) the phone upgrades to; empty: no upgrade'),
('backlight_time', 'enum', ARRAY['0', '3', '5', '7', '10', '15', '30', '60', '120', '300', '600', '1200', '1800', '2400',
                                 '3000', '3600'], NULL, NULL, NULL, NULL, false, false,
 'Seconds of inactivity before the display backlight turns off (0: always on)'),
('screensaver_time', 'enum', ARRAY['0', '3', '5', '7', '10', '15', '30', '60', '120', '300', '600', '1200', '1800', '2400',
                                   '3000', '3600'], NULL, NULL, NULL, NULL, false, false,
 'Seconds of inactivity before the screen saver starts (0: never)'),
('contrast', 'integer', NULL, 0, 9, NULL, NULL, false, false, 'Display contrast, 0..9 (models with cap_contrast)'),
('brightness', 'integer', NULL, 0, 9, NULL, NULL, false, false, 'Display brightness, 0..9 (models with cap_brightness)'),
-- Call features: PBX feature codes
('call_waiting_tone', 'boolean', NULL, NULL, NULL, NULL, NULL, false, false, 'Play a tone when a second call arrives during a call'),
('call_waiting_on', 'dialcode', NULL, NULL, NULL, NULL, NULL, false, false, 'Feature code that enables call waiting (e.g. *70)'),
('call_waiting_off', 'dialcode', NULL, NULL, NULL, NULL, NULL, false, false, 'Feature code that disables call waiting (e.g. *71)'),
('dndon', 'dialcode', NULL, NULL, NULL, NULL, NULL, false, false, 'Feature code that enables do-not-disturb (e.g. *78)'),
('dndoff', 'dialcode', NULL, NULL, NULL, NULL, NULL, false, false, 'Feature code that disables do-not-disturb (e.g. *79)'),
('dndtoggle', 'dialcode', NULL, NULL, NULL, NULL, NULL, false, false, 'Feature code that toggles do-not-disturb (e.g. *76)'),
('cfalwayson', 'dialcode', NULL, NULL, NULL, NULL, NULL, false, false, 'Feature code that enables unconditional call forward (e.g. *72)'),
('cfalwaysoff', 'dialcode', NULL, NULL, NULL, NULL, NULL, false, false, 'Feature code that disables unconditional call forward (e.g. *73)'),
('cfbusyon', 'dialcode', NULL, NULL, NULL, NULL, NULL, false, false, 'Feature code that enables call forward on busy (e.g. *90)'),
('cfbusyoff', 'dialcode', NULL, NULL, NULL, NULL, NULL, false, false, 'Feature code that disables call forward on busy (e.g. *91)'),
('cftimeouton', 'dialcode', NULL, NULL, NULL, NULL, NULL, false, false, 'Feature code that enables call forward on no answer (e.g. *52)'),
('cftimeoutoff', 'dialcode', NULL, NULL, NULL, NULL, NULL, false, false, 'Feature code that disables call forward on no answer (e.g. *53)'),
('cftimeout', 'integer', NULL, 1, 3600, NULL, NULL, false, false, 'Seconds of ringing before a call is forwarded on no answer'),
('pickup_direct', 'dialcode', NULL, NULL, NULL, NULL, NULL, false, false,
 'Prefix that picks up a call ringing at a given extension (e.g. **); used by BLF keys'),
('pickup_group', 'dialcode', NULL, NULL, NULL, NULL, NULL, false, false, 'Feature code that picks up a call ringing in the pickup group (e.g. *8)'),
('queuetoggle', 'dialcode', NULL, NULL, NULL, NULL, NULL, false, false, 'Feature code that logs the user in or out of the call queues (e.g. *45)'),
('voicemail', 'dialcode', NULL, NULL, NULL, NULL, NULL, false, false, 'Feature code that calls the voicemail (e.g. *97)'),
('dss_transfer', 'enum', ARRAY['verify', 'attended', 'blind'], NULL, NULL, NULL, NULL, false, false,
 'What a BLF/speed-dial key does during a call: verify (new call), attended (consultative transfer) or blind transfer'),
-- Phone book (LDAP)
('ldap_server', 'ipaddr_or_host', NULL, NULL, NULL, NULL, NULL, false, false,
 'LDAP server of the phone book; empty: the PBX (hostname)'),
('ldap_port', 'integer', NULL, 1, 65535, NULL, NULL, false, false, 'TCP port of the LDAP server; empty: 636 with ldaps, else 389'),
('ldap_tls', 'enum', ARRAY['none', 'starttls', 'ldaps'], NULL, NULL, NULL, NULL, false, false,
 'LDAP encryption: none, starttls or ldaps (TLS from the start)'),
('ldap_user', 'string', NULL, NULL, NULL, NULL, NULL, false, false, 'DN the phone binds to the LDAP server as; empty: anonymous'),
('ldap_password', 'string', NULL, NULL, NULL, NULL, NULL, false, true, 'Password of ldap_user'),
('ldap_base', 'string', NULL, NULL, NULL, NULL, NULL, false, false, 'Base DN of the phone book searches, e.g. dc=phonebook,dc=nh'),
('ldap_name_display', 'string', NULL, NULL, NULL, NULL, NULL, false, false,
 'How a phone book entry is shown, with %attribute placeholders, e.g. %cn %o'),
('ldap_mainphone_number_attr', 'string', NULL, NULL, NULL, NULL, NULL, false, false, 'LDAP attribute of the main phone number (telephoneNumber)'),
('ldap_mobilephone_number_attr', 'string', NULL, NULL, NULL, NULL, NULL, false, false, 'LDAP attribute of the mobile number (mobile)'),
('ldap_otherphone_number_attr', 'string', NULL, NULL, NULL, NULL, NULL, false, false, 'LDAP attribute of another number (homePhone)'),
('ldap_number_attr', 'string', NULL, NULL, NULL, NULL, NULL, false, false,
 'Space separated LDAP attributes holding numbers (templates usually compose it from the three *_number_attr)'),
('ldap_name_attr', 'string', NULL, NULL, NULL, NULL, NULL, false, false, 'Space separated LDAP attributes holding names, e.g. cn o'),
('ldap_number_filter', 'string', NULL, NULL, NULL, NULL, NULL, false, false,
 'LDAP filter looking a number up; % stands for the number, e.g. (|(telephoneNumber=%)(mobile=%))'),
('ldap_name_filter', 'string', NULL, NULL, NULL, NULL, NULL, false, false,
 'LDAP filter looking a name up; % stands for the search text, e.g. (|(cn=%)(o=%))'),
-- Phone access
('adminpw', 'string', NULL, NULL, NULL, '^[!-~]{1,64}$', 'printable ASCII characters without spaces (at most 64)', false, true,
 'Password of the phone''s administrator (web interface and protected menus); generated at installation'),
('userpw', 'string', NULL, NULL, NULL, '^[!-~]{1,64}$', 'printable ASCII characters without spaces (at most 64)', false, true,
 'Password of the phone''s user level (web interface); generated at installation'),
-- Accounts (N = account number; NethVoice uses account 1)
('account_extension', 'string', NULL, NULL, NULL, '^[A-Za-z0-9._+-]{1,64}$',
 'a SIP user name (letters, digits and . _ + -)', true, false, 'Extension (SIP user) of account N'),
('account_username', 'string', NULL, NULL, NULL, '^[A-Za-z0-9._+-]{1,64}$',
 'a SIP user name (letters, digits and . _ + -)', true, false, 'Authentication user name of account N'),
('account_password', 'string', NULL, NULL, NULL, '^[!-~]{1,128}$', 'printable ASCII characters without spaces', true, true,
 'SIP password of account N'),
('account_display_name', 'string', NULL, NULL, NULL, NULL, NULL, true, false, 'Caller name of account N, shown on the phone and sent in calls'),
('account_encryption', 'boolean', NULL, NULL, NULL, NULL, NULL, true, false,
 'Account N uses SIP over TLS (sip_tls_port) and SRTP media encryption'),
('account_dtmf_type', 'enum', ARRAY['inband', 'rfc4733', 'sip_info'], NULL, NULL, NULL, NULL, true, false,
 'How account N sends DTMF digits: inband audio, RFC 4733 events or SIP INFO'),
('account_voicemail', 'dialcode', NULL, NULL, NULL, NULL, NULL, true, false, 'Number the voicemail key of account N dials'),
('account_dnd_allow', 'boolean', NULL, NULL, NULL, NULL, NULL, true, false, 'The user of account N may switch do-not-disturb from the phone'),
('account_fwd_allow', 'boolean', NULL, NULL, NULL, NULL, NULL, true, false, 'The user of account N may set call forwarding from the phone'),
-- Programmable keys (N = key number)
('softkey_type', 'enum', ARRAY['forward', 'dnd', 'recall', 'pick_up', 'speed_dial', 'group_pickup', 'history', 'menu',
                               'status', 'ldap', 'prefix'], NULL, NULL, NULL, NULL, true, false,
 'Function of soft key N (the context keys under the display)'),
('softkey_value', 'string', NULL, NULL, NULL, NULL, NULL, true, false, 'Parameter of soft key N, e.g. the number of a speed_dial'),
('softkey_label', 'string', NULL, NULL, NULL, NULL, NULL, true, false, 'Label of soft key N'),
('linekey_type', 'enum', ARRAY['blf', 'conference', 'direct_pickup', 'dnd', 'dtmf', 'forward', 'group_pickup', 'hold', 'ldap',
                               'line', 'multicast_paging', 'phone_lock', 'prefix', 'recall', 'record', 'speed_dial',
                               'transfer', 'url', 'voice_mail', 'queuetoggle'], NULL, NULL, NULL, NULL, true, false,
 'Function of line key N (the programmable keys beside the display)'),
('linekey_value', 'string', NULL, NULL, NULL, NULL, NULL, true, false,
 'Parameter of line key N: the extension monitored by blf, the number of speed_dial, the URL of url...'),
('linekey_label', 'string', NULL, NULL, NULL, NULL, NULL, true, false, 'Label of line key N'),
('expkey_type', 'enum', ARRAY['blf', 'conference', 'direct_pickup', 'dnd', 'dtmf', 'forward', 'group_pickup', 'hold', 'ldap',
                              'line', 'multicast_paging', 'phone_lock', 'prefix', 'recall', 'record', 'speed_dial',
                              'transfer', 'url', 'voice_mail', 'queuetoggle'], NULL, NULL, NULL, NULL, true, false,
 'Function of expansion module key N, numbered across modules: key k of module m is (m-1)*cap_expkey_count + k'),
('expkey_value', 'string', NULL, NULL, NULL, NULL, NULL, true, false, 'Parameter of expansion module key N (as linekey_value)'),
('expkey_label', 'string', NULL, NULL, NULL, NULL, NULL, true, false, 'Label of expansion module key N'),
-- Model capabilities (normally from brand.xml; may be overridden per model or phone)
('cap_linekey_count', 'integer', NULL, 0, 999, NULL, NULL, false, false, 'Number of line keys of the model'),
('cap_softkey_count', 'integer', NULL, 0, 999, NULL, NULL, false, false, 'Number of soft keys of the model'),
('cap_expkey_count', 'integer', NULL, 0, 999, NULL, NULL, false, false, 'Number of keys of one expansion module of the model'),
('cap_expmodule_count', 'integer', NULL, 0, 99, NULL, NULL, false, false, 'Number of expansion modules the model supports'),
('cap_ringtone_count', 'integer', NULL, 0, 999, NULL, NULL, false, false, 'Number of built-in ring tones of the model'),
('cap_linekey_type_blacklist', 'string', NULL, NULL, NULL, '^[a-z0-9_]+(,[a-z0-9_]+)*$', 'a comma separated list of key types', false, false,
 'Line key types the model does not support (comma separated)'),
('cap_softkey_type_blacklist', 'string', NULL, NULL, NULL, '^[a-z0-9_]+(,[a-z0-9_]+)*$', 'a comma separated list of key types', false, false,
 'Soft key types the model does not support (comma separated)'),
('cap_expkey_type_blacklist', 'string', NULL, NULL, NULL, '^[a-z0-9_]+(,[a-z0-9_]+)*$', 'a comma separated list of key types', false, false,
 'Expansion key types the model does not support (comma separated)'),
('cap_ringtone_blacklist', 'string', NULL, NULL, NULL, '^-?[0-9]+(,-?[0-9]+)*$', 'a comma separated list of integers', false, false,
 'ringtone values the model does not support (comma separated)'),
('cap_dss_transfer_blacklist', 'string', NULL, NULL, NULL, '^[a-z]+(,[a-z]+)*$', 'a comma separated list of values', false, false,
 'dss_transfer values the model does not support (comma separated)'),
('cap_date_format_blacklist', 'string', NULL, NULL, NULL, NULL, NULL, false, false,
 'date_format values the model does not support (comma separated)'),
('cap_ldap_tls_blacklist', 'string', NULL, NULL, NULL, '^[a-z]+(,[a-z]+)*$', 'a comma separated list of values', false, false,
 'ldap_tls values the model does not support (comma separated)'),
('cap_backlight_time_blacklist', 'string', NULL, NULL, NULL, '^[0-9]+(,[0-9]+)*$', 'a comma separated list of integers', false, false,
 'backlight_time values the model does not support (comma separated)'),
('cap_screensaver_time_blacklist', 'string', NULL, NULL, NULL, '^[0-9]+(,[0-9]+)*$', 'a comma separated list of integers', false, false,
 'screensaver_time values the model does not support (comma separated)'),
('cap_background_file', 'boolean', NULL, NULL, NULL, NULL, NULL, false, false, 'The model can show a background image'),
('cap_screensaver_file', 'boolean', NULL, NULL, NULL, NULL, NULL, false, false, 'The model can show a screen saver image'),
('cap_contrast', 'boolean', NULL, NULL, NULL, NULL, NULL, false, false, 'The model has an adjustable display contrast'),
('cap_brightness', 'boolean', NULL, NULL, NULL, NULL, NULL, false, false, 'The model has an adjustable display brightness');

-- Phone passwords of this installation: random, generated once, never shown here.
INSERT INTO nethprov.settings_default (name, value)
VALUES ('adminpw', substr(nethprov.new_secret(), 1, 16)),
       ('userpw', substr(nethprov.new_secret(), 1, 10))
ON CONFLICT (name) DO NOTHING;

--------------------------------------------------------------------------------
-- Effective settings: the one merge
--------------------------------------------------------------------------------

-- Kept a plain STABLE SQL function (no SET, not SECURITY DEFINER, fully
-- qualified names) so that the planner can inline it into its callers.
CREATE FUNCTION nethprov.phone_effective(p_phone_id bigint)
RETURNS TABLE (name text, value text, level text)
LANGUAGE sql STABLE
AS $$
    WITH ph AS (
        SELECT p.id, p.brand, p.model FROM nethprov.phones AS p WHERE p.id = p_phone_id
    ), merged AS (
        SELECT 1 AS prio, 'default' AS level, d.name, d.value
        FROM nethprov.settings_default AS d
        WHERE EXISTS (SELECT 1 FROM ph)
        UNION ALL
        SELECT 2, 'model', m.name, m.value
        FROM ph JOIN nethprov.settings_model AS m ON m.brand = ph.brand AND m.model = ph.model
        UNION ALL
        SELECT 3, 'device', a.name, a.value
        FROM ph
        JOIN nethprov.devices AS dv ON dv.phone_id = ph.id
        JOIN nethprov.users AS u ON u.extension = dv.user_extension
        CROSS JOIN LATERAL (VALUES ('account_extension_1', dv.extension),
                                   ('account_username_1', dv.extension),
                                   ('account_password_1', dv.sip_password),
                                   ('account_display_name_1', u.display_name)) AS a (name, value)
        UNION ALL
        SELECT 4, 'phone', s.name, s.value
        FROM nethprov.settings_phone AS s
        WHERE s.phone_id = p_phone_id
    )
    SELECT DISTINCT ON (merged.name) merged.name, merged.value, merged.level
    FROM merged
    WHERE merged.value NOT IN ('', '-')
    ORDER BY merged.name, merged.prio DESC
$$;
COMMENT ON FUNCTION nethprov.phone_effective(bigint) IS
    'Effective settings of a phone: default, then model, then device (account_*_1 from its user assignment), then phone; a later level wins unless its value is "" or "-" (inherit). level says where the value comes from. Ordered by name; no rows for an unknown phone';

CREATE VIEW nethprov.effective_settings AS
    SELECT p.mac, e.name, e.value, e.level, nethprov.is_secret(e.name) AS secret
    FROM nethprov.phones AS p
    CROSS JOIN LATERAL nethprov.phone_effective(p.id) AS e;
COMMENT ON VIEW nethprov.effective_settings IS
    'Effective settings of every phone (see phone_effective); secret tells which values are passwords to mask';

CREATE FUNCTION nethprov.phone_settings(p_mac macaddr)
RETURNS TABLE (name text, value text, level text)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    v_id bigint;
BEGIN
    SELECT p.id INTO v_id FROM nethprov.phones AS p WHERE p.mac = p_mac;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'phone % not found', p_mac USING ERRCODE = 'P0002';
    END IF;
    RETURN QUERY SELECT e.name, e.value, e.level FROM nethprov.phone_effective(v_id) AS e;
END
$$;
COMMENT ON FUNCTION nethprov.phone_settings(macaddr) IS
    'Effective settings of the phone with MAC p_mac (see phone_effective); SQLSTATE P0002 if there is no such phone';

CREATE FUNCTION nethprov.phone_urls(p_mac macaddr, p_base_url text)
RETURNS TABLE (kind text, token text, url text)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    v_tok1 text;
    v_tok2 text;
    v_base text := regexp_replace(p_base_url, '/$', '');
BEGIN
    SELECT p.tok1, p.tok2 INTO v_tok1, v_tok2 FROM nethprov.phones AS p WHERE p.mac = p_mac;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'phone % not found', p_mac USING ERRCODE = 'P0002';
    END IF;
    IF v_tok1 IS NOT NULL THEN
        kind := 'tok1'; token := v_tok1; url := v_base || '/' || v_tok1 || '/';
        RETURN NEXT;
    END IF;
    kind := 'tok2'; token := v_tok2; url := v_base || '/' || v_tok2 || '/';
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION nethprov.phone_urls(macaddr, text) IS
    'Provisioning URLs of a phone: tok1 (first access; omitted once retired) and tok2, each p_base_url (one trailing slash trimmed) || / || token || /';

CREATE FUNCTION nethprov.phone_new_tok1(p_mac macaddr) RETURNS text
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    v_tok text;
BEGIN
    UPDATE nethprov.phones AS p SET tok1 = nethprov.new_token() WHERE p.mac = p_mac RETURNING p.tok1 INTO v_tok;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'phone % not found', p_mac USING ERRCODE = 'P0002';
    END IF;
    RETURN v_tok;
END
$$;
COMMENT ON FUNCTION nethprov.phone_new_tok1(macaddr) IS
    'Gives the phone a new first-access token (e.g. to register it again with a redirection service) and returns it';

--------------------------------------------------------------------------------
-- The provisioning request
--------------------------------------------------------------------------------

-- The default level is the same for every phone and is most of what a phone
-- gets. Its generation number changes with every write to settings_default, so
-- a caller that keeps the defaults can ask provision_lookup to leave them out
-- while they are unchanged.
CREATE TABLE nethprov.defaults_generation (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    gen       bigint NOT NULL DEFAULT 1
);
INSERT INTO nethprov.defaults_generation DEFAULT VALUES;
COMMENT ON TABLE nethprov.defaults_generation IS
    'One row: gen grows with every statement that writes settings_default (see provision_lookup''s p_defaults_gen)';

CREATE FUNCTION nethprov.bump_defaults_generation() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE nethprov.defaults_generation SET gen = gen + 1;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION nethprov.bump_defaults_generation() IS
    'Statement trigger on settings_default: a new generation of the default level';
CREATE TRIGGER settings_default_generation
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON nethprov.settings_default
    FOR EACH STATEMENT EXECUTE FUNCTION nethprov.bump_defaults_generation();

-- The hot path: called once per provisioning request. It returns the stored
-- settings of every level unmerged (one row each, with its level), because the
-- module merges them itself as it layers them over the brand's capabilities:
-- no sort, no aggregate, no array here. phone_effective() is the same merge in
-- SQL for admins; tests check that both agree.
-- SECURITY DEFINER: the web server's role needs EXECUTE on this function only,
-- never SELECT on the tables that hold SIP passwords.
CREATE FUNCTION nethprov.provision_lookup(p_token text, p_mac text, p_defaults_gen bigint DEFAULT NULL)
RETURNS TABLE (mac text, brand text, model text, via smallint, tok1 text, tok2 text, defaults_gen bigint,
               level text, name text, value text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
-- A custom plan per call (the default for the first calls and whenever the
-- planner thinks it pays) costs more than the query itself: plan once. And
-- never JIT-compile: before the first ANALYZE the planner overestimates the
-- rows a thousandfold and would spend ~15 ms compiling a 0.1 ms query.
SET plan_cache_mode = force_generic_plan
SET jit = off
AS $$
DECLARE
    v_id    bigint;
    v_tok1  text;
    v_done  timestamptz;
    v_via   smallint;
BEGIN
    -- Shape checks without a regular expression: a regex match costs more than the lookup.
    -- The token needs no character check (no stored token has other characters); the MAC must
    -- be 12 hex digits before the cast, which would raise an error on anything else.
    IF p_token IS NULL OR length(p_token) NOT BETWEEN 26 AND 64 THEN
        RETURN;
    END IF;
    IF p_mac IS NOT NULL AND (length(p_mac) <> 12 OR translate(lower(p_mac), '0123456789abcdef', '') <> '') THEN
        RETURN;
    END IF;

    -- Two unique-index probes (tok1, tok2), combined by a BitmapOr.
    SELECT p.id, p.tok1, p.provisioned_at, CASE WHEN p.tok1 = p_token THEN 1 ELSE 2 END
      INTO v_id, v_tok1, v_done, v_via
    FROM nethprov.phones AS p
    WHERE (p.tok1 = p_token OR p.tok2 = p_token)
      AND (p_mac IS NULL OR p.mac = p_mac::macaddr);
    IF NOT FOUND THEN
        RETURN;
    END IF;

    -- First use of the permanent token: the first-access token is retired.
    IF v_via = 2 AND (v_tok1 IS NOT NULL OR v_done IS NULL) THEN
        UPDATE nethprov.phones AS p
        SET tok1 = NULL, provisioned_at = now()
        WHERE p.id = v_id;
    END IF;

    -- One statement, so the generation and the default rows come from the same snapshot.
    RETURN QUERY
    SELECT replace(p.mac::text, ':', ''), p.brand, p.model, v_via, p.tok1, p.tok2, g.gen, s.level, s.name, s.value
    FROM nethprov.phones AS p
    CROSS JOIN nethprov.defaults_generation AS g
    LEFT JOIN LATERAL (
        SELECT 'default'::text AS level, d.name, d.value
        FROM nethprov.settings_default AS d
        WHERE g.gen IS DISTINCT FROM p_defaults_gen
        UNION ALL
        SELECT 'model', m.name, m.value
        FROM nethprov.settings_model AS m
        WHERE m.brand = p.brand AND m.model = p.model
        UNION ALL
        SELECT 'device', a.name, a.value
        FROM nethprov.devices AS dv
        JOIN nethprov.users AS u ON u.extension = dv.user_extension
        CROSS JOIN LATERAL (VALUES ('account_extension_1', dv.extension),
                                   ('account_username_1', dv.extension),
                                   ('account_password_1', dv.sip_password),
                                   ('account_display_name_1', u.display_name)) AS a (name, value)
        WHERE dv.phone_id = p.id
        UNION ALL
        SELECT 'phone', sp.name, sp.value
        FROM nethprov.settings_phone AS sp
        WHERE sp.phone_id = p.id
    ) AS s ON true
    WHERE p.id = v_id;
END
$$;
COMMENT ON FUNCTION nethprov.provision_lookup(text, text, bigint) IS
    'The provisioning request: the phone whose tok1 (via 1) or tok2 (via 2) is p_token and, when p_mac (12 hex digits) is given, whose MAC is p_mac; zero rows otherwise. One row per stored setting of each level (default, model, device, phone), NOT merged: the caller applies the merge rule of phone_effective() (a later level wins unless its value is "" or "-"). The default rows are left out when p_defaults_gen equals defaults_gen, the current generation of settings_default, so a caller can keep them. A phone with no setting at all gives one row with NULL level. MAC as 12 lowercase hex digits. The first use of tok2 retires tok1 (tok1 := NULL, provisioned_at := now()) and the rows returned show tok1 NULL';

--------------------------------------------------------------------------------
-- Admin views
--------------------------------------------------------------------------------

CREATE VIEW nethprov.phones_view AS
    SELECT p.mac, p.brand, p.model, d.user_extension, u.display_name, d.extension AS device_extension,
           d.position, p.provisioned_at IS NOT NULL AS provisioned, p.created
    FROM nethprov.phones AS p
    LEFT JOIN nethprov.devices AS d ON d.phone_id = p.id
    LEFT JOIN nethprov.users AS u ON u.extension = d.user_extension;
COMMENT ON VIEW nethprov.phones_view IS
    'Inventory: every phone with its brand, model, the user and device extension it is assigned to, and whether it completed provisioning';

CREATE VIEW nethprov.settings_problems AS
    SELECT 'default'::text AS level, NULL::text AS brand, NULL::text AS model, NULL::macaddr AS mac,
           s.name, s.value, (nethprov.setting_problem(s.name, s.value)).message AS problem
    FROM nethprov.settings_default AS s
    UNION ALL
    SELECT 'model', s.brand, s.model, NULL, s.name, s.value, (nethprov.setting_problem(s.name, s.value)).message
    FROM nethprov.settings_model AS s
    UNION ALL
    SELECT 'phone', p.brand, p.model, p.mac, s.name, s.value, (nethprov.setting_problem(s.name, s.value)).message
    FROM nethprov.settings_phone AS s JOIN nethprov.phones AS p ON p.id = s.phone_id;
COMMENT ON VIEW nethprov.settings_problems IS
    'All stored settings with the problem check_setting() would report today (NULL problem: fine). Filter on problem IS NOT NULL after changing nethprov.variables';

--------------------------------------------------------------------------------
-- Loading brand data (nethprov sync)
--------------------------------------------------------------------------------

CREATE FUNCTION nethprov.sync_brand(p_name text, p_display text, p_ranges text[], p_models jsonb) RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    v_range text;
    v_m     jsonb;
    v_key   text;
BEGIN
    IF p_name IS NULL OR p_name !~ '^[a-z][a-z0-9]*$' THEN
        RAISE EXCEPTION 'invalid brand name "%": lowercase letters and digits, starting with a letter', p_name
            USING ERRCODE = '22023';
    END IF;
    IF p_models IS NOT NULL AND jsonb_typeof(p_models) <> 'array' THEN
        RAISE EXCEPTION 'models of brand "%" must be a JSON array', p_name USING ERRCODE = '22023';
    END IF;

    INSERT INTO nethprov.brands (name, display_name) VALUES (p_name, p_display)
    ON CONFLICT (name) DO UPDATE SET display_name = EXCLUDED.display_name
    WHERE brands.display_name IS DISTINCT FROM EXCLUDED.display_name;

    DELETE FROM nethprov.mac_ranges WHERE brand = p_name;
    FOREACH v_range IN ARRAY coalesce(p_ranges, '{}') LOOP
        IF v_range IS NULL OR v_range !~ '^[0-9A-Fa-f]{12}-[0-9A-Fa-f]{12}$' THEN
            RAISE EXCEPTION 'invalid MAC range "%" for brand "%": expected two MACs of 12 hex digits, e.g. 001565000000-001565ffffff',
                v_range, p_name USING ERRCODE = '22023';
        END IF;
        IF split_part(v_range, '-', 1)::macaddr > split_part(v_range, '-', 2)::macaddr THEN
            RAISE EXCEPTION 'invalid MAC range "%" for brand "%": the first MAC is greater than the second', v_range, p_name
                USING ERRCODE = '22023';
        END IF;
        INSERT INTO nethprov.mac_ranges (brand, lo, hi)
        VALUES (p_name, split_part(v_range, '-', 1)::macaddr, split_part(v_range, '-', 2)::macaddr)
        ON CONFLICT DO NOTHING;
    END LOOP;

    FOR v_m IN SELECT x FROM jsonb_array_elements(coalesce(p_models, '[]')) AS x LOOP
        IF jsonb_typeof(v_m) <> 'object' OR jsonb_typeof(v_m -> 'name') IS DISTINCT FROM 'string'
           OR (v_m ->> 'name') !~ '^[A-Za-z0-9][A-Za-z0-9_.+-]*$' THEN
            RAISE EXCEPTION 'invalid model % for brand "%": expected {"name": "T46U", "family": ..., "caps": {...}} with a name of letters, digits and _ . + -',
                v_m, p_name USING ERRCODE = '22023';
        END IF;
        IF v_m ? 'caps' AND jsonb_typeof(v_m -> 'caps') <> 'object' THEN
            RAISE EXCEPTION 'caps of model "%" of brand "%" must be a JSON object', v_m ->> 'name', p_name
                USING ERRCODE = '22023';
        END IF;
        FOR v_key IN SELECT jsonb_object_keys(coalesce(v_m -> 'caps', '{}')) LOOP
            IF v_key !~ '^cap_[a-z0-9_]+$' THEN
                RAISE EXCEPTION 'invalid capability "%" of model "%" of brand "%": names start with cap_', v_key,
                    v_m ->> 'name', p_name USING ERRCODE = '22023';
            END IF;
        END LOOP;
        INSERT INTO nethprov.models AS m (brand, name, family, caps, description)
        VALUES (p_name, v_m ->> 'name', v_m ->> 'family', coalesce(v_m -> 'caps', '{}'), v_m ->> 'description')
        ON CONFLICT (brand, name) DO UPDATE
        SET family = EXCLUDED.family,
            caps = EXCLUDED.caps,
            description = coalesce(EXCLUDED.description, m.description);
    END LOOP;
END
$$;
COMMENT ON FUNCTION nethprov.sync_brand(text, text, text[], jsonb) IS
    'Loads one brand data file (nethprov sync): upserts the brand, replaces its MAC ranges with p_ranges (''lo-hi'', two 12-hex-digit MACs), upserts its models from p_models ([{"name", "family", "caps": {cap_*: value}, "description"}]); models no longer listed are kept';

--------------------------------------------------------------------------------
-- Change notifications
--------------------------------------------------------------------------------

-- A module that keeps lookups between requests (NethprovCache On) listens on
-- channel nethprov_changed and forgets everything it kept on each notification.
-- NOTIFY is transactional: it is delivered when the writing transaction
-- commits, and only then; several in one transaction arrive as one.
CREATE FUNCTION nethprov.notify_changed() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_notify('nethprov_changed', TG_TABLE_NAME);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION nethprov.notify_changed() IS
    'Statement trigger: NOTIFY nethprov_changed (payload: the table) when what a phone is served may have changed';

DO $$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['brands', 'mac_ranges', 'models', 'phones', 'users', 'devices',
                                   'settings_default', 'settings_model', 'settings_phone'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON nethprov.%I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION nethprov.notify_changed()',
                       v_table || '_notify_changed', v_table);
    END LOOP;
END
$$;
