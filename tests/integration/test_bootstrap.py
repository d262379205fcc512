"""The token-less bootstrap (NethprovBootstrap On): GET /provisioning/<file> of a phone whose first
provisioning is incomplete gets a file that only points it at its tok1 URL.

The session's httpd (`stack`) keeps the default (Off). This module starts a second httpd on the same
PostgreSQL with NethprovBootstrap On, the bootstrap path restricted with Require ip 127.0.0.1, and a
virtual host whose restriction (Require ip 127.0.0.2) refuses the tests' own address.
"""

import http.client
import itertools
import subprocess

import pytest

from conftest import CLI, free_port, run_common

# One phone of each brand, made by the fixture: (brand, model, a MAC of the brand's range)
BRAND_PHONES = [
    ("yealink", "T46U", "00:15:65:b0:07:01"),
    ("snom", "D120", "00:04:13:00:b7:02"),
    ("gigasetp", "P850", "00:04:13:e3:b7:03"),
    ("gigaset", "MaxwellBasic", "00:21:04:00:b7:04"),
    ("fanvil", "H5", "00:a8:59:00:b7:05"),
    ("nethesis", "NP-X5", "e0:e6:56:00:b7:06"),
    ("sangoma", "S206", "00:50:58:01:b7:07"),
    ("akuvox", "SPR50P", "0c:11:05:01:b7:08"),
    ("grandstream", "GXP2170", "00:0b:82:00:b7:09"),
    ("poly", "VVX450", "00:04:f2:00:b7:10"),
]

# The bootstrap file each brand's phone asks for, and what in it must point at tok1
BOOT_FILE = {
    "yealink": "{mac}.cfg", "snom": "{MAC}.xml", "gigasetp": "{MAC}.xml", "gigaset": "{MAC}.xml",
    "fanvil": "{mac}.cfg", "nethesis": "{mac}.cfg", "sangoma": "cfg{mac}.xml", "akuvox": "{mac}.cfg",
    "grandstream": "cfg{mac}.xml", "poly": "{mac}-phone.cfg",
}
POINTS_AT_TOK1 = {
    "yealink": "static.auto_provision.server.url = {url1}\n",
    "snom": '<setting_server perm="RW">{url1}{MAC}.xml</setting_server>',
    "gigasetp": '<setting_server perm="RW">{url1}{MAC}.xml</setting_server>',
    "gigaset": '<param name="System.Provision.ProvisioningServer" value="{url1}%MACD.xml">',
    "fanvil": "Flash Server IP    :{host}\nFlash File Name    :{path}/{tok1}/{mac}.cfg\n",
    "nethesis": "Flash Server IP    :{host}\nFlash File Name    :{path}/{tok1}/{mac}.cfg\n",
    "sangoma": '<P237 para="FirmwareUpGrade.ConfigServerPath">{url1}</P237>',
    "akuvox": "Config.Autoprovision.GENERAL.Url = {url1}{mac}.cfg\n",
    "grandstream": "<P237>{base}/{tok1}</P237>",
    "poly": 'device.prov.serverName="{url1}"',
}

UA = "BootTest/1.0 {mac}"
_ext = itertools.count(4701)


class Boot:
    """The second httpd: bootstrap on, restricted to 127.0.0.1; rport: a vhost restricted to 127.0.0.2."""

    def __init__(self, stack):
        self.stack = stack
        self.base = stack.base / "httpd-boot"
        self.host = stack.host
        self.port = free_port()
        self.rport = free_port()
        self.base_url = f"http://{self.host}:{self.port}/provisioning"
        self.rbase_url = f"http://{self.host}:{self.rport}/provisioning"
        self.error_log = self.base / "logs" / "error_log"

    def env(self, **extra):
        return self.stack.env(
            NP_HTTP_PORT=str(self.port),
            NP_LOGLEVEL="info core:warn nethprov:debug",
            NP_BOOTSTRAP="On",
            # Only the token-less path (one segment after /provisioning) is restricted: phones with a
            # token may come from anywhere, as before.
            NP_EXTRA_CONF=f"""<LocationMatch "^/provisioning/[^/]+$">
    Require ip 127.0.0.1
</LocationMatch>
Listen {self.host}:{self.rport}
<VirtualHost {self.host}:{self.rport}>
    NethprovBaseURL {self.rbase_url}
    <LocationMatch "^/provisioning/[^/]+$">
        Require ip 127.0.0.2
    </LocationMatch>
</VirtualHost>""",
            **extra,
        )

    def start(self):
        run_common("np_httpd_write_conf", self.base, self.stack.pgbase / "sock", env=self.env())
        run_common("np_httpd_start", self.base, self.host, self.port, env=self.stack.env())

    def stop(self):
        run_common("np_httpd_stop", self.base, env=self.stack.env(), check=False)

    def get(self, path, ua=None, port=None, method="GET"):
        conn = http.client.HTTPConnection(self.host, port or self.port, timeout=15)
        try:
            conn.request(method, path, headers={"User-Agent": ua} if ua else {})
            r = conn.getresponse()
            return r.status, dict(r.getheaders()), r.read()
        finally:
            conn.close()


class BootPhone:
    def __init__(self, stack, brand, model, mac):
        ext = str(next(_ext))
        stack.sql("SELECT nethprov.phone_add(%s, %s)", (mac, model))
        stack.sql("SELECT nethprov.user_add(%s, %s)", (ext, f"Boot User {ext}"))
        stack.sql("SELECT * FROM nethprov.assign(%s, %s)", (mac, ext))
        # secrets of its own at the phone level, so that the check below has values to look for
        stack.sql("SELECT nethprov.settings_set('phone', %s, %s)",
                  (mac, f'{{"ldap_password": "LdapPw{ext}x", "adminpw": "AdminPw{ext}x", "userpw": "UserPw{ext}x"}}'))
        self.brand, self.model, self.mac = brand, model, mac
        self.plain = mac.replace(":", "")
        (self.tok1, self.tok2, self.sip_password) = stack.sql(
            """SELECT p.tok1, p.tok2, d.sip_password FROM nethprov.phones p
               JOIN nethprov.devices d ON d.phone_id = p.id WHERE p.mac = %s""", (mac,))[0]
        self.secrets = {n: v for n, v in stack.sql(
            "SELECT name, value FROM nethprov.phone_settings(%s) WHERE name IN ('adminpw', 'userpw', 'ldap_password')",
            (mac,))}
        assert self.sip_password and len(self.secrets) == 3, "the phone has no secrets: the checks would prove nothing"
        stack.remember(self.tok1, self.tok2, self.sip_password, *self.secrets.values())
        self.file = BOOT_FILE[brand].format(mac=self.plain, MAC=self.plain.upper())

    def identity(self):
        """What must never appear in another phone's bootstrap."""
        return {self.plain, self.plain.upper(), self.mac, self.mac.upper(), self.tok1, self.tok2,
                self.sip_password, *self.secrets.values()}


@pytest.fixture(scope="module")
def boot(stack):
    b = Boot(stack)
    b.start()
    try:
        yield b
    finally:
        b.stop()


@pytest.fixture(scope="module")
def phones(stack):
    made = [BootPhone(stack, *p) for p in BRAND_PHONES]
    yield made
    for p in made:
        stack.sql("SELECT nethprov.phone_remove(%s)", (p.mac,))


def ref_404(boot, port=None):
    status, _, body = boot.get("/provisioning/0123456789abcdef0123456789abcdef01234567/001565b0ffff.cfg", port=port)
    assert status == 404 and body
    return body


def test_off_by_default(stack, make_phone):
    """The session's httpd has no NethprovBootstrap: a token-less request is the usual 404."""
    phone = make_phone()
    ref = stack.request("GET", phone.path("0123456789abcdef0123456789abcdef01234567"), ua=phone.ua)
    r = stack.request("GET", f"/provisioning/{phone.filename}", ua=phone.ua)
    assert r.status == 404 and r.body == ref.body
    assert phone.tok1.encode() not in r.body


@pytest.mark.parametrize("brand", [b for b, _, _ in BRAND_PHONES])
def test_points_at_tok1_and_nothing_else(stack, boot, phones, brand):
    phone = next(p for p in phones if p.brand == brand)
    status, headers, body = boot.get(f"/provisioning/{phone.file}", ua=UA.format(mac=phone.plain))
    assert status == 200, (status, body)
    text = body.decode()
    host, _, path = boot.base_url.split("://", 1)[1].partition("/")   # Fanvil's server and file name
    want = POINTS_AT_TOK1[brand].format(url1=f"{boot.base_url}/{phone.tok1}/", base=boot.base_url, tok1=phone.tok1,
                                        mac=phone.plain, MAC=phone.plain.upper(), host=host, path=path)
    assert want in text, f"{brand}: {want!r} not in\n{text}"
    assert headers.get("Cache-Control") == "no-store"
    assert "ETag" not in headers
    # nothing of its own but tok1, nothing of any other phone (the values, read from the database)
    for name, value in [("tok2", phone.tok2), ("SIP password", phone.sip_password), *phone.secrets.items()]:
        assert value not in text, f"{brand}: the bootstrap holds the phone's {name}"
    for other in phones:
        if other is not phone:
            leaked = [v for v in other.identity() if v in text]
            assert not leaked, f"{brand}: the bootstrap holds {other.brand}'s {leaked}"
    # the bytes are those of nethprov render --bootstrap
    cli = subprocess.run([str(CLI), "render", "--bootstrap", phone.mac, phone.file], capture_output=True,
                         env=stack.env(NETHPROV_BASE_URL=boot.base_url), timeout=60)
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout == body


def test_poly_master_names_the_bootstrap_settings(boot, phones):
    phone = next(p for p in phones if p.brand == "poly")
    status, _, body = boot.get(f"/provisioning/{phone.plain}.cfg")
    assert status == 200
    assert b'CONFIG_FILES="[PHONE_MAC_ADDRESS]-phone.cfg"' in body
    assert phone.tok2.encode() not in body and phone.tok1.encode() not in body


def test_head(boot, phones):
    phone = phones[0]
    status, headers, body = boot.get(f"/provisioning/{phone.file}", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_provisioned_phone_gets_404(stack, boot):
    phone = BootPhone(stack, "yealink", "T46U", "00:15:65:b0:07:20")
    try:
        assert boot.get(f"/provisioning/{phone.file}")[0] == 200
        status, _, _ = boot.get(f"/provisioning/{phone.tok2}/{phone.file}", ua=UA.format(mac=phone.plain))
        assert status == 200
        assert stack.sql("SELECT tok1 FROM nethprov.phones WHERE mac = %s", (phone.mac,))[0][0] is None
        status, _, body = boot.get(f"/provisioning/{phone.file}")
        assert status == 404 and body == ref_404(boot)
        # the CLI agrees
        cli = subprocess.run([str(CLI), "render", "--bootstrap", phone.mac], capture_output=True, text=True,
                             env=stack.env(NETHPROV_BASE_URL=boot.base_url), timeout=60)
        assert cli.returncode == 1 and "tok1 retired" in cli.stderr
    finally:
        stack.sql("SELECT nethprov.phone_remove(%s)", (phone.mac,))


def test_refusals_are_the_same_404(boot, phones):
    yl = next(p for p in phones if p.brand == "yealink")
    gs = next(p for p in phones if p.brand == "grandstream")
    ref = ref_404(boot)
    cases = [
        ("unknown MAC", "/provisioning/001565b0ffff.cfg"),
        ("unknown MAC of an unknown vendor", "/provisioning/02aabbccddee.cfg"),
        ("no MAC in the name", "/provisioning/y000000000000.boot"),
        ("a name no bootstrap has", f"/provisioning/{yl.plain}.xml"),
        ("another brand's name for the MAC", f"/provisioning/cfg{yl.plain}.xml"),
        ("another brand's name for the MAC (2)", f"/provisioning/{gs.plain}.cfg"),
        ("a deeper path", f"/provisioning/x/{yl.file}"),
        ("a token-shaped segment", f"/provisioning/{'0' * 40}/{yl.file}"),
        ("the zero MAC", "/provisioning/000000000000.cfg"),
        ("nothing", "/provisioning/"),
    ]
    failures = []
    for what, path in cases:
        status, _, body = boot.get(path)
        if status != 404 or body != ref:
            failures.append(f"{what}: {path} -> {status} {body[:100]!r}")
    assert not failures, "\n".join(failures)
    # and refusals retire nothing
    assert yl.tok1 in str(boot.stack.sql("SELECT tok1 FROM nethprov.phones WHERE mac = %s", (yl.mac,)))


def test_require_ip_refuses_other_addresses(boot, phones):
    """On the vhost that allows only 127.0.0.2, a bootstrap from 127.0.0.1 is refused by mod_authz_host,
    while a request with a token still works there (only the token-less path is restricted)."""
    phone = phones[0]
    status, _, body = boot.get(f"/provisioning/{phone.file}", port=boot.rport)
    assert status == 403
    assert phone.tok1.encode() not in body
    status, _, body = boot.get(f"/provisioning/{phone.tok1}/{phone.file}", port=boot.rport,
                               ua=UA.format(mac=phone.plain))
    assert status == 200 and f"{boot.rbase_url}/".encode() in body
    # the same request on the port that allows 127.0.0.1
    assert boot.get(f"/provisioning/{phone.file}")[0] == 200


def test_log_line(stack, boot, phones):
    phone = next(p for p in phones if p.brand == "snom")
    ua = f"snom-test D120 10.1.0 {phone.plain} \"quoted\""
    assert boot.get(f"/provisioning/{phone.file}", ua=ua)[0] == 200
    lines = [ln for ln in boot.error_log.read_text(errors="replace").splitlines()
             if "NP19" in ln and phone.plain in ln]
    assert lines, "no bootstrap line in the error log"
    line = lines[-1]
    assert "[nethprov:notice]" in line
    assert "127.0.0.1" in line
    assert f'User-Agent "{ua}"' in line
    # no token and no secret of any phone, anywhere in this httpd's log
    for (tok1, tok2) in stack.sql("SELECT tok1, tok2 FROM nethprov.phones"):
        stack.remember(tok1, tok2)
    secrets = {s for s in stack.secrets if s and len(s) >= 6}
    log = boot.error_log.read_text(errors="replace")
    leaks = [s for s in secrets if s in log]
    assert not leaks, f"secrets in the error log: {[s[:6] for s in leaks]}"
    access = (boot.base / "logs" / "access_log").read_text(errors="replace")
    assert f"/provisioning/{phone.file}" in access
    assert not [s for s in secrets if s in access]


def test_directive_is_checked(stack, tmp_path):
    base = tmp_path / "httpd"
    env = stack.env(NP_HTTP_PORT=str(free_port()), NP_BOOTSTRAP="Maybe")
    run_common("np_httpd_write_conf", base, stack.pgbase / "sock", env=env)
    p = run_common("np_httpd_check", base, env=stack.env(), check=False)
    assert p.returncode != 0 and "NethprovBootstrap" in p.stderr
    run_common("np_httpd_write_conf", base, stack.pgbase / "sock", env=dict(env, NP_BOOTSTRAP="Off"))
    assert run_common("np_httpd_check", base, env=stack.env(), check=False).returncode == 0
