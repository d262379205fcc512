"""Fixtures of the integration tests: a private PostgreSQL and a private httpd with mod_nethprov.

The session fixture `stack` builds both with the shell functions of scripts/common.sh (the same ones
scripts/run uses): a throw-away cluster under a temporary directory (NETHPROV_IT_TMPDIR when set, as
scripts/test does, else /tmp), the migrations, `nethprov sync`, sql/demo.sql, and httpd on free
ports of 127.0.0.1 (HTTP and HTTPS). Everything is stopped and removed at the end of the session
(kept, with its logs, when NETHPROV_IT_KEEP=1).

Tests that change data use phones of their own (`make_phone`) and undo changes to shared settings
(`settings`), so that the order of the tests does not matter.
"""

import http.client
import itertools
import os
import pathlib
import shutil
import socket
import ssl
import subprocess
import tempfile

import psycopg2
import pytest

TOP = pathlib.Path(__file__).resolve().parents[2]
COMMON = TOP / "scripts" / "common.sh"
MODULE_SO = TOP / "mod_nethprov" / ".libs" / "mod_nethprov.so"
CLI = TOP / "mod_nethprov" / "nethprov"
TEMPLATES = TOP / "templates"

YEALINK_UA = "Yealink SIP-T46U 108.86.0.20 {mac}"

# MACs and extensions of the phones the tests create (the demo data uses other ones)
_mac_seq = itertools.count(0x7E0001)
_ext_seq = itertools.count(4001)


def run_common(*args, env=None, check=True, timeout=300):
    """Run one function of scripts/common.sh (with its arguments) under bash -e."""
    cmd = ["bash", "-c", 'set -e; . "$0"; "$@"', str(COMMON), *map(str, args)]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    if check and p.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, args))} failed (exit {p.returncode}):\n{p.stdout}\n{p.stderr}"
        )
    return p


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_kv(body):
    """The `key = value` lines of a config file as {key: [values...]} (a key may repeat)."""
    out = {}
    for line in body.decode("utf-8").splitlines():
        if " = " in line and not line.startswith("#"):
            k, v = line.split(" = ", 1)
            out.setdefault(k.strip(), []).append(v.strip())
    return out


def kv1(body, key):
    """The value of `key` in a config file; fails unless the key is there exactly once."""
    vals = parse_kv(body).get(key)
    assert vals is not None, f"no line '{key} = ...' in the config:\n{body.decode('utf-8', 'replace')}"
    assert len(vals) == 1, f"'{key}' appears {len(vals)} times: {vals}"
    return vals[0]


class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body

    def header(self, name):
        return self.headers.get(name)

    def __repr__(self):
        return f"<{self.status} {self.reason} {dict(self.headers)} {self.body[:200]!r}>"


class Phone:
    """A phone in the database, with what the tests need to know about it."""

    def __init__(self, stack, mac):
        self.stack = stack
        self.mac = mac  # 00:15:65:7e:00:01
        self.plain = mac.replace(":", "")  # 0015657e0001
        rows = stack.sql(
            """SELECT p.id, p.tok1, p.tok2, p.model, d.extension, d.sip_password, u.display_name
               FROM nethprov.phones p
               LEFT JOIN nethprov.devices d ON d.phone_id = p.id
               LEFT JOIN nethprov.users u ON u.extension = d.user_extension
               WHERE p.mac = %s""",
            (mac,),
        )
        assert rows, f"phone {mac} is not in the database"
        (self.id, self.tok1, self.tok2, self.model, self.extension, self.sip_password,
         self.display_name) = rows[0]
        stack.remember(self.tok1, self.tok2, self.sip_password)

    @property
    def filename(self):
        return f"{self.plain}.cfg"

    @property
    def ua(self):
        return YEALINK_UA.format(mac=self.mac)

    def tokens(self):
        """(tok1, tok2) as they are in the database now."""
        return tuple(self.stack.sql("SELECT tok1, tok2 FROM nethprov.phones WHERE id = %s", (self.id,))[0])

    def path(self, token, filename=None):
        return f"/provisioning/{token}/{filename or self.filename}"

    def get(self, token, filename=None, **kw):
        kw.setdefault("ua", self.ua)
        return self.stack.request("GET", self.path(token, filename), **kw)

    def effective(self, name):
        rows = self.stack.sql(
            "SELECT value FROM nethprov.phone_settings(%s) WHERE name = %s", (self.mac, name)
        )
        return rows[0][0] if rows else ""


class Stack:
    def __init__(self, base):
        self.base = base
        self.pgbase = base / "pg"
        self.httpdbase = base / "httpd"
        self.tlsdir = base / "tls"
        self.host = "127.0.0.1"
        self.port = free_port()
        self.sport = free_port()
        self.cport = free_port()  # a virtual host with NethprovCache On
        self.base_url = f"http://{self.host}:{self.port}/provisioning"
        self.sbase_url = f"https://{self.host}:{self.sport}/provisioning"
        self.cbase_url = f"http://{self.host}:{self.cport}/provisioning"
        self.error_log = self.httpdbase / "logs" / "error_log"
        self.secrets = set()  # every token and password the tests have seen

    # -- environment ------------------------------------------------------------------------
    def env(self, **extra):
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(
            PGHOST=str(self.pgbase / "sock"),
            PGDATABASE="nethprov",
            PGUSER="nethprov",
            NETHPROV_TEMPLATES=str(TEMPLATES),
            NETHPROV_BASE_URL=self.base_url,
        )
        env.update(extra)
        return env

    def httpd_env(self, **extra):
        return self.env(
            NP_HTTP_PORT=str(self.port),
            NP_HTTPS_PORT=str(self.sport),
            NP_TLS_DIR=str(self.tlsdir),
            # everything the module logs, down to debug; httpd's core logs request URIs (tokens) at info
            NP_LOGLEVEL="info core:warn nethprov:debug",
            NP_EXTRA_CONF=f"""Listen {self.host}:{self.cport}
<VirtualHost {self.host}:{self.cport}>
    NethprovCache On
    NethprovBaseURL {self.cbase_url}
</VirtualHost>""",
            **extra,
        )

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self):
        env = self.env()
        run_common("np_pg_init", self.pgbase, "fast", env=env)
        run_common("np_pg_start", self.pgbase, env=env)
        run_common("np_db_setup", self.pgbase, "demo", env=env)
        run_common("np_tls_cert", self.tlsdir, env=env)
        run_common("np_httpd_write_conf", self.httpdbase, self.pgbase / "sock", env=self.httpd_env())
        run_common("np_httpd_start", self.httpdbase, self.host, self.port, env=self.env())

    def stop(self):
        run_common("np_httpd_stop", self.httpdbase, env=self.env(), check=False)
        run_common("np_pg_stop", self.pgbase, env=self.env(), check=False)

    def pg_stop(self):
        run_common("np_pg_stop", self.pgbase, env=self.env())

    def pg_start(self):
        run_common("np_pg_start", self.pgbase, env=self.env())

    # -- database ----------------------------------------------------------------------------
    def connect(self):
        conn = psycopg2.connect(host=str(self.pgbase / "sock"), dbname="nethprov", user="nethprov")
        conn.autocommit = True
        return conn

    def sql(self, query, params=None):
        """Run one statement in its own connection; returns the rows (or [] when there are none)."""
        conn = self.connect()
        try:
            with conn.cursor() as cur:
                cur.execute(query, params)
                return cur.fetchall() if cur.description else []
        finally:
            conn.close()

    def remember(self, *values):
        self.secrets.update(v for v in values if v)

    # -- HTTP --------------------------------------------------------------------------------
    def request(self, method, path, headers=None, ua=None, https=False, timeout=15, cached=False):
        if cached:
            conn = http.client.HTTPConnection(self.host, self.cport, timeout=timeout)
        elif https:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            conn = http.client.HTTPSConnection(self.host, self.sport, timeout=timeout, context=ctx)
        else:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        hdrs = dict(headers or {})
        if ua is not None:
            hdrs.setdefault("User-Agent", ua)
        try:
            conn.request(method, path, headers=hdrs)
            r = conn.getresponse()
            body = r.read()
            return Response(r.status, r.reason, r.headers, body)
        finally:
            conn.close()

    # -- CLI ---------------------------------------------------------------------------------
    def cli(self, *args, timeout=60):
        return subprocess.run(
            [str(CLI), *args], env=self.env(), capture_output=True, text=True, timeout=timeout
        )

    # -- phones ------------------------------------------------------------------------------
    def phone(self, mac):
        return Phone(self, mac)

    def set_phone_settings(self, ph, pairs):
        """Phone-level settings in one statement (for phones of a single test, so nothing to undo)."""
        names, values = zip(*pairs)
        self.sql("INSERT INTO nethprov.settings_phone (phone_id, name, value)"
                 " SELECT %s, n, v FROM unnest(%s::text[], %s::text[]) AS t (n, v)"
                 " ON CONFLICT (phone_id, name) DO UPDATE SET value = EXCLUDED.value",
                 (ph.id, list(names), list(values)))

    def model_caps(self, brand, model):
        """The capabilities (cap_* values) of a model, as `nethprov sync` stored them."""
        return dict(self.sql("SELECT key, value FROM nethprov.models, jsonb_each_text(caps) "
                             "WHERE brand = %s AND name = %s", (brand, model)))

    def create_phone(self, model="T46U", display_name=None, extension=None):
        n = next(_mac_seq)
        mac = "00:15:65:" + ":".join(f"{(n >> s) & 0xFF:02x}" for s in (16, 8, 0))
        ext = extension or str(next(_ext_seq))
        self.sql(
            "INSERT INTO nethprov.users (extension, display_name) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            (ext, display_name or f"Test User {ext}"),
        )
        (pid,) = self.sql(
            "INSERT INTO nethprov.phones (mac, brand, model) VALUES (%s, 'yealink', %s) RETURNING id",
            (mac, model),
        )[0]
        self.sql("INSERT INTO nethprov.devices (phone_id, user_extension) VALUES (%s, %s)", (pid, ext))
        return Phone(self, mac)


def _skip_reason():
    if os.geteuid() != 0:
        return "the integration tests must run as root (PostgreSQL runs as postgres, httpd as www-data)"
    for f in (MODULE_SO, CLI):
        if not f.exists():
            return f"{f.relative_to(TOP)} is not built (run scripts/test, or make)"
    return None


@pytest.fixture(scope="session")
def stack():
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    parent = os.environ.get("NETHPROV_IT_TMPDIR") or "/tmp"
    base = pathlib.Path(tempfile.mkdtemp(prefix="it-", dir=parent))
    base.chmod(0o755)
    s = Stack(base)
    try:
        s.start()
    except BaseException:
        _dump_logs(s)
        s.stop()
        raise
    try:
        yield s
    finally:
        s.stop()
        if os.environ.get("NETHPROV_IT_KEEP") == "1":
            print(f"\nintegration test instance kept in {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


def _dump_logs(s):
    for f in (s.error_log, s.pgbase / "postgres.log"):
        try:
            print(f"--- {f} ---\n" + f.read_text(errors="replace")[-5000:])
        except OSError:
            pass


@pytest.fixture
def make_phone(stack):
    """Creates a Yealink phone of its own (user + phone + device) and returns its Phone."""
    return stack.create_phone


@pytest.fixture
def demo_phone(stack):
    """The first demo phone, 00:15:65:00:00:01 (tok1 is never used up by the tests)."""
    return stack.phone("00:15:65:00:00:01")


class Settings:
    """Changes to the settings tables, undone at the end of the test."""

    TABLES = {
        "default": ("nethprov.settings_default", ("name",)),
        "model": ("nethprov.settings_model", ("brand", "model", "name")),
        "phone": ("nethprov.settings_phone", ("phone_id", "name")),
    }

    def __init__(self, stack):
        self.stack = stack
        self.undo = []

    def _set(self, level, keys, value):
        table, cols = self.TABLES[level]
        where = " AND ".join(f"{c} = %s" for c in cols)
        old = self.stack.sql(f"SELECT value FROM {table} WHERE {where}", keys)
        self.undo.append((level, keys, old[0][0] if old else None))
        self._write(level, keys, value)

    def _write(self, level, keys, value):
        table, cols = self.TABLES[level]
        if value is None:
            where = " AND ".join(f"{c} = %s" for c in cols)
            self.stack.sql(f"DELETE FROM {table} WHERE {where}", keys)
        else:
            self.stack.sql(
                f"INSERT INTO {table} ({', '.join(cols)}, value) VALUES ({', '.join(['%s'] * (len(cols) + 1))})"
                f" ON CONFLICT ({', '.join(cols)}) DO UPDATE SET value = EXCLUDED.value",
                (*keys, value),
            )

    def default(self, name, value):
        """Set (or with None delete) a default setting."""
        self._set("default", (name,), value)

    def model(self, model, name, value, brand="yealink"):
        self._set("model", (brand, model, name), value)

    def phone(self, phone, name, value):
        self._set("phone", (phone.id, name), value)

    def restore(self):
        for level, keys, old in reversed(self.undo):
            self._write(level, keys, old)
        self.undo.clear()


@pytest.fixture
def settings(stack):
    s = Settings(stack)
    yield s
    s.restore()
