"""nethprov rps and phone rotate-token against fake vendor services (fake_rps.py) on 127.0.0.1.

The fakes speak each documented protocol and record every request, so these tests check what goes
on the wire (method names, parameters, headers, Basic auth, Fanvil's md5(md5()) password) and what
the CLI stores and prints (never a token or a password). Phones of their own: MACs *:7c:00:xx of
each vendor's range, removed before and after the module.
"""

import hashlib
import itertools
import json
import subprocess
import time

import pytest

from conftest import CLI
from fake_rps import (FakeFanvil, FakeGateway, FakeGigaset, FakeSnom, FakeSraps, FakeYealink, FakeYmcs, free_port,
                      hawk_mac, md5md5)

PASSWORD = "s3cret-pw"
OUIS = {"yealink": "00:15:65", "snom": "00:04:13", "fanvil": "0c:38:3e", "nethesis": "e0:e6:56",
        "gigaset": "7c:2f:80", "grandstream": "00:0b:82"}
_seq = itertools.count(1)


def _clean(stack):
    stack.sql("DELETE FROM nethprov.phones WHERE mac BETWEEN '00:04:13:e5:7c:00' AND '00:04:13:e5:7c:ff'")
    for oui in OUIS.values():
        stack.sql("DELETE FROM nethprov.phones WHERE mac BETWEEN %s AND %s", (oui + ":7c:00:00", oui + ":7c:00:ff"))


@pytest.fixture(scope="module")
def fakes(stack):
    _clean(stack)
    f = {"yealink": FakeYealink(), "snom": FakeSnom(), "fanvil": FakeFanvil(), "gigaset": FakeGigaset(),
         "gateway": FakeGateway(), "ymcs": FakeYmcs(), "sraps": FakeSraps(),
         "grape": FakeSraps(setting="ProvisioningServer")}
    yield f
    for s in f.values():
        s.stop()
    _clean(stack)


class Rps:
    def __init__(self, stack, fakes, tmp_path):
        self.stack = stack
        self.fakes = fakes
        self.tmp = tmp_path
        self.conf = self.write()
        for s in fakes.values():
            s.clear()

    def write(self, name="nethprov.conf", **over):
        """A configuration with every fake; over: key (dots as __) = value, None drops the key."""
        keys = {"rps.timeout": "3", "rps.connect_timeout": "2", "rps.retries": "1"}
        for svc in ("yealink", "snom", "fanvil", "gigaset", "gateway"):
            keys[f"rps.{svc}.url"] = self.fakes[svc].url
            keys[f"rps.{svc}.user"] = "acct"
            keys[f"rps.{svc}.password"] = PASSWORD
        for k, v in over.items():
            k = k.replace("__", ".")
            if v is None:
                keys.pop(k, None)
            else:
                keys[k] = v
        path = self.tmp / name
        path.write_text("# test configuration\n" + "".join(f"{k} = {v}\n" for k, v in keys.items()))
        return path

    def cli(self, *args, conf=None, timeout=60):
        # the fakes are local: a proxy of the environment must not see these requests
        env = self.stack.env(NETHPROV_CONF=str(conf or self.conf), no_proxy="127.0.0.1", NO_PROXY="127.0.0.1")
        return subprocess.run([str(CLI), *args], env=env, capture_output=True, text=True, timeout=timeout)

    def phone(self, brand):
        n = next(_seq)
        mac = f"{OUIS[brand]}:7c:00:{n:02x}"
        self.stack.sql("INSERT INTO nethprov.phones (mac) VALUES (%s)", (mac,))
        row = self.stack.sql("SELECT brand, tok1, tok2 FROM nethprov.phones WHERE mac = %s", (mac,))[0]
        assert row[0] == brand, row
        self.stack.remember(row[1], row[2])
        return mac

    def tok1(self, mac):
        return self.stack.sql("SELECT tok1 FROM nethprov.phones WHERE mac = %s", (mac,))[0][0]

    def url(self, mac, suffix=""):
        return f"{self.stack.base_url}/{self.tok1(mac)}/{suffix}"

    def status(self, mac):
        rows = self.stack.sql("SELECT service, state, message, url_sha256, check_code FROM nethprov.rps_status s "
                              "JOIN nethprov.phones p ON p.id = s.phone_id WHERE p.mac = %s", (mac,))
        return rows[0] if rows else None


@pytest.fixture
def rps(stack, fakes, tmp_path):
    return Rps(stack, fakes, tmp_path)


def ok(r):
    assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
    return r.stdout


def fails(r, code, *words):
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    for w in words:
        assert w in r.stdout + r.stderr, (w, r.stdout, r.stderr)
    return r.stdout + r.stderr


def no_secrets(stack, text):
    for s in stack.secrets | {PASSWORD, md5md5(PASSWORD)}:
        assert s not in text, f"a secret is printed: {text}"


def sha(s):
    return hashlib.sha256(s.encode()).hexdigest()


# -- each protocol ------------------------------------------------------------------------------


def test_yealink_register(rps):
    mac = rps.phone("yealink")
    r = rps.cli("rps", "register", mac)
    out = ok(r)
    assert "registered" in out
    no_secrets(rps.stack, r.stdout + r.stderr)
    (req,) = rps.fakes["yealink"].requests
    assert req.method == "POST" and req.path == "/xmlrpc"
    assert req.headers["Content-Type"] == "text/xml"
    assert req.auth == ("acct", PASSWORD)
    assert req.xml_method == "redirect.registerDeviceWithUniqueUrl"
    assert req.params == (mac.upper().replace(":", "-"), "nethprov", rps.url(mac), "1")
    service, state, message, url_hash, _ = rps.status(mac)
    assert (service, state, message) == ("yealink", "registered", "OK")
    assert url_hash == sha(rps.url(mac)), "only a hash of the URL is stored"
    assert rps.fakes["yealink"].devices[mac.upper().replace(":", "-")][1] == rps.url(mac)


def test_snom_register_and_unregister(rps):
    mac = rps.phone("snom")
    ok(rps.cli("rps", "register", mac))
    (req,) = rps.fakes["snom"].calls("redirect.registerPhone")
    assert req.params == (mac.replace(":", "").upper(), rps.url(mac, "{mac}.xml"))
    assert req.auth == ("acct", PASSWORD)
    assert rps.status(mac)[1] == "registered"
    ok(rps.cli("rps", "unregister", mac))
    (req,) = rps.fakes["snom"].calls("redirect.deregisterPhone")
    assert req.params == (mac.replace(":", "").upper(),)
    assert rps.status(mac)[1:4:2] == ("unregistered", None)
    assert mac.replace(":", "").upper() not in rps.fakes["snom"].devices


@pytest.mark.parametrize("brand", ["fanvil", "nethesis"])
def test_fanvil_fdps_four_calls(rps, brand):
    mac = rps.phone(brand)
    r = rps.cli("rps", "register", mac)
    ok(r)
    assert "plain HTTP" in r.stderr, "FDPS is plain HTTP: the CLI says so"
    no_secrets(rps.stack, r.stdout + r.stderr)
    fake = rps.fakes["fanvil"]
    m = mac.replace(":", "").upper()
    assert [q.xml_method for q in fake.requests] == ["redirect.deleteServer", "redirect.addMaterialServer",
                                                     "redirect.deRegisterDevice", "redirect.registerDevice"]
    assert all(q.auth == ("acct", md5md5(PASSWORD)) for q in fake.requests), "Basic auth with md5(md5(password))"
    assert fake.requests[0].params == (m,)
    host_port = rps.stack.base_url.split("/")[2]
    assert fake.requests[1].params == ([f"cfgName={m}", "cfgPfMode=1", "cfgDhcpOpt=false", "cfgPnpEnable=false",
                                        f"cfgPfSrv={host_port}",
                                        f"cfgPfName=provisioning/{rps.tok1(mac)}/$mac.cfg", "cfgPfProt=4"],)
    assert fake.requests[3].params == (m, m)
    assert fake.devices[m] == m
    assert rps.status(mac)[:2] == ("fanvil", "registered")


def test_gigaset_needs_the_check_code(rps):
    mac = rps.phone("gigaset")
    m = mac.replace(":", "").upper()
    fake = rps.fakes["gigaset"]
    fake.labels[m] = "AB12"
    fails(rps.cli("rps", "register", mac), 1, "check code", "--check-code")
    assert fake.requests == [], "nothing is sent without the check code"
    fails(rps.cli("rps", "register", mac, "--check-code", "ZZ99"), 1, "invalid MAC", "mac_not_exist")
    fake.clear()
    ok(rps.cli("rps", "register", mac, "--check-code", "ab12"))
    assert [q.xml_method for q in fake.requests] == ["autoprov.deregisterDevice", "autoprov.registerDevice"]
    assert fake.requests[0].params == (m,)
    assert fake.requests[1].params == (f"{m}-AB12", rps.url(mac, "%MACD.xml"), "nethprov")
    assert rps.status(mac)[1] == "registered" and rps.status(mac)[4] == "AB12", "the code is kept"
    fake.clear()
    ok(rps.cli("rps", "register", mac, "--force"))
    assert fake.requests[1].params[0] == f"{m}-AB12", "a later run uses the stored code"
    fails(rps.cli("rps", "register", mac, "--check-code", "AB-1"), 1, "invalid MAC-ID check code")


def test_gateway_mode(rps):
    conf = rps.write(**{"rps.yealink.mode": "gateway", "rps.gigaset.mode": "gateway"})
    mac = rps.phone("yealink")
    ok(rps.cli("rps", "register", mac, conf=conf))
    assert rps.fakes["yealink"].requests == []
    (req,) = rps.fakes["gateway"].requests
    assert req.method == "PUT"
    assert req.path == "/providers/yealink/" + mac.upper().replace(":", "-")
    assert req.auth == ("acct", PASSWORD)
    assert req.headers["Content-Type"] == "application/json;charset=utf-8"
    assert json.loads(req.body) == {"url": rps.url(mac)}
    assert rps.status(mac)[:2] == ("yealink/gateway", "registered")
    gmac = rps.phone("gigaset")
    rps.fakes["gateway"].clear()
    ok(rps.cli("rps", "register", gmac, "--check-code", "C0DE", conf=conf))
    (req,) = rps.fakes["gateway"].requests
    assert req.path == "/providers/gigaset/" + gmac.upper().replace(":", "-") + "?crc=C0DE"
    fails(rps.cli("rps", "unregister", mac, conf=conf), 1, "cannot remove a registration")
    assert rps.status(mac)[1] == "registered", "a removal that cannot be done changes nothing"


# -- idempotence and URL changes --------------------------------------------------------------------


def test_already_registered_is_skipped_unless_forced_or_changed(rps):
    mac = rps.phone("yealink")
    ok(rps.cli("rps", "register", mac))
    fake = rps.fakes["yealink"]
    assert len(fake.requests) == 1
    assert "already registered" in ok(rps.cli("rps", "register", mac))
    assert len(fake.requests) == 1, "nothing sent for a phone already registered with this URL"
    ok(rps.cli("rps", "register", mac, "--force"))
    assert len(fake.requests) == 2
    rps.stack.sql("SELECT nethprov.phone_new_tok1(%s)", (mac,))
    ok(rps.cli("rps", "register", mac))
    assert len(fake.requests) == 3, "a new tok1 is registered again"
    assert fake.requests[-1].params[2] == rps.url(mac)


def test_register_by_brand(rps):
    macs = [rps.phone("snom") for _ in range(2)]
    out = ok(rps.cli("rps", "register", "--brand", "snom"))
    for m in macs:
        assert m in out
    got = {q.params[0] for q in rps.fakes["snom"].calls("redirect.registerPhone")}
    assert {m.replace(":", "").upper() for m in macs} <= got


# -- failures -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("svc,brand,extra", [("yealink", "yealink", ()), ("snom", "snom", ()),
                                             ("fanvil", "fanvil", ()), ("gigaset", "gigaset", ("--check-code", "1234"))])
def test_owned_by_another_account(rps, svc, brand, extra):
    mac = rps.phone(brand)
    m = mac.replace(":", "").upper()
    fake = rps.fakes[svc]
    fake.owned.add(mac.upper().replace(":", "-") if svc == "yealink" else m)
    if svc == "gigaset":
        fake.labels[m] = "1234"
    out = fails(rps.cli("rps", "register", mac, *extra), 1, "owned by another account")
    no_secrets(rps.stack, out)
    service, state, message, url_hash, _ = rps.status(mac)
    assert state == "failed" and "owned by another account" in message and url_hash is None


def test_gateway_owned_and_bad_mac_messages(rps):
    conf = rps.write(**{"rps.snom.mode": "gateway"})
    mac = rps.phone("snom")
    rps.fakes["gateway"].owned.add(mac.upper().replace(":", "-"))
    fails(rps.cli("rps", "register", mac, conf=conf), 1, "owned by another account", "device_owned_by_other_user")


def test_bad_credentials(rps):
    conf = rps.write(**{"rps.snom.password": "wrong"})
    mac = rps.phone("snom")
    out = fails(rps.cli("rps", "register", mac, conf=conf), 1, "authentication failed", "rps.snom.password", "401")
    assert "wrong" not in out
    assert rps.status(mac)[1] == "failed"


def test_timeout(rps):
    conf = rps.write(**{"rps.timeout": "1", "rps.retries": "1"})
    mac = rps.phone("yealink")
    rps.fakes["yealink"].delay = 2.5
    try:
        t0 = time.monotonic()
        fails(rps.cli("rps", "register", mac, conf=conf), 1, "service unreachable", "timed out", "2 attempts")
        assert time.monotonic() - t0 < 8
    finally:
        rps.fakes["yealink"].delay = 0
    assert rps.status(mac)[1] == "failed"


def test_service_down(rps):
    conf = rps.write(**{"rps.snom.url": f"http://127.0.0.1:{free_port()}/xmlrpc/", "rps.retries": "0"})
    mac = rps.phone("snom")
    fails(rps.cli("rps", "register", mac, conf=conf), 1, "service unreachable", "cannot connect")


def test_transient_failure_is_retried(rps):
    conf = rps.write(**{"rps.retries": "2"})
    mac = rps.phone("snom")
    rps.fakes["snom"].fail_next = [503]
    ok(rps.cli("rps", "register", mac, conf=conf))
    assert len(rps.fakes["snom"].requests) == 2
    assert rps.status(mac)[1] == "registered"


def test_not_configured_and_not_supported(rps):
    conf = rps.write(**{"rps.snom.user": None, "rps.snom.password": None})
    mac = rps.phone("snom")
    r = rps.cli("rps", "register", mac, conf=conf)
    ok(r)
    assert "not_configured" in r.stdout and "rps.snom.user" in r.stderr
    assert rps.fakes["snom"].requests == []
    assert rps.status(mac)[1] == "not_configured"
    gs = rps.phone("grandstream")
    r = rps.cli("rps", "register", gs)
    ok(r)
    assert "not_supported" in r.stdout and "DHCP" in r.stderr


def test_config_errors(rps):
    bad = rps.tmp / "bad.conf"
    bad.write_text("rps.yealink.pasword = x\n")
    fails(rps.cli("rps", "status", conf=bad), 2, "bad.conf:1", "unknown key 'rps.yealink.pasword'")
    conf = rps.write(**{"rps.yealink.mode": "carrier-pigeon"})
    fails(rps.cli("rps", "register", rps.phone("yealink"), conf=conf), 2, "rps.yealink.mode = carrier-pigeon")


# -- dry run, status ------------------------------------------------------------------------------------


def test_dry_run_masks_secrets_and_sends_nothing(rps):
    mac = rps.phone("fanvil")
    r = rps.cli("rps", "register", mac, "--dry-run")
    out = ok(r)
    assert "would register" in out and "redirect.addMaterialServer" in out and "********" in out
    assert "user acct" in out
    no_secrets(rps.stack, r.stdout + r.stderr)
    assert rps.fakes["fanvil"].requests == []
    assert rps.status(mac) is None


def test_status_text_and_json(rps):
    a, b = rps.phone("yealink"), rps.phone("snom")
    ok(rps.cli("rps", "register", a))
    rows = json.loads(ok(rps.cli("rps", "status", a, b, "--json")))
    assert [(x["mac"], x["state"]) for x in rows] == [(b, None), (a, "registered")] or \
           [(x["mac"], x["state"]) for x in rows] == [(a, "registered"), (b, None)]
    assert all(set(x) == {"mac", "brand", "service", "state", "message", "check_code", "updated"} for x in rows)
    text = ok(rps.cli("rps", "status", a))
    assert a in text and "registered" in text
    everything = ok(rps.cli("rps", "status"))
    assert a in everything and b not in everything, "without MACs: the phones with a state"
    no_secrets(rps.stack, everything)
    fails(rps.cli("rps", "status", "00:15:65:7c:00:ff"), 1, "no phone")


# -- token rotation -----------------------------------------------------------------------------------


def test_rotate_tok1_registers_the_new_url(rps):
    mac = rps.phone("yealink")
    ok(rps.cli("rps", "register", mac))
    old = rps.tok1(mac)
    tok2 = rps.stack.sql("SELECT tok2 FROM nethprov.phones WHERE mac = %s", (mac,))[0][0]
    r = rps.cli("phone", "rotate-token", mac)
    ok(r)
    new = rps.tok1(mac)
    rps.stack.remember(new)
    assert new != old and len(new) == 40
    no_secrets(rps.stack, r.stdout + r.stderr)
    req = rps.fakes["yealink"].requests[-1]
    assert req.xml_method == "redirect.registerDeviceWithUniqueUrl" and req.params[2] == rps.url(mac)
    assert rps.status(mac)[3] == sha(rps.url(mac))
    assert rps.stack.sql("SELECT tok2 FROM nethprov.phones WHERE mac = %s", (mac,))[0][0] == tok2


def test_rotate_tok2_only(rps):
    mac = rps.phone("snom")
    tok1 = rps.tok1(mac)
    old2 = rps.stack.sql("SELECT tok2 FROM nethprov.phones WHERE mac = %s", (mac,))[0][0]
    ok(rps.cli("phone", "rotate-token", mac, "--tok2"))
    new2 = rps.stack.sql("SELECT tok2 FROM nethprov.phones WHERE mac = %s", (mac,))[0][0]
    rps.stack.remember(new2)
    assert new2 != old2 and rps.tok1(mac) == tok1
    assert rps.fakes["snom"].requests == [], "tok2 is not what the redirect service holds"


def test_rotate_without_rps_configured(rps):
    conf = rps.write(**{"rps.yealink.user": None})
    mac = rps.phone("yealink")
    old = rps.tok1(mac)
    out = ok(rps.cli("phone", "rotate-token", mac, conf=conf))
    assert rps.tok1(mac) != old and "not registered at a redirect service" in out
    rps.stack.remember(rps.tok1(mac))


# -- YMCS, SRAPS, and asking the services ---------------------------------------------------------------


def ymcs_conf(rps, **over):
    return rps.write(**{"rps.yealink.mode": "ymcs", "rps.yealink.url": rps.fakes["ymcs"].url, **over})


def sraps_conf(rps, **over):
    f = rps.fakes["sraps"]
    return rps.write(**{"rps.snom.mode": "sraps", "rps.snom.url": f.url, "rps.snom.user": f.user,
                        "rps.snom.password": f.password, **over})


def test_ymcs_register_with_pin_check_and_unregister(rps):
    conf = ymcs_conf(rps)
    mac = rps.phone("yealink")
    plain = mac.replace(":", "")
    fake = rps.fakes["ymcs"]
    r = rps.cli("rps", "register", mac, conf=conf)
    out = ok(r)
    assert "device PIN 1" in out
    no_secrets(rps.stack, r.stdout + r.stderr)
    paths = [q.path for q in fake.requests]
    assert paths == ["/v2/token", "/v2/rps/delDevices", "/v2/rps/addDevicesByMac", "/v2/rps/listDevicePins"]
    tok = fake.requests[0]
    assert tok.auth == ("acct", PASSWORD) and json.loads(tok.body) == {"grant_type": "client_credentials"}
    assert all(q.headers["Authorization"].startswith("Bearer ") for q in fake.requests[1:])
    assert len({q.headers["nonce"] for q in fake.requests}) == 4, "a fresh nonce for every request"
    assert json.loads(fake.requests[1].body) == {"deviceIdType": "mac", "deviceIds": [plain]}
    assert json.loads(fake.requests[2].body) == [{"mac": plain, "uniqueServerUrl": rps.url(mac)}]
    assert fake.devices[plain]["uniqueServerUrl"] == rps.url(mac)
    assert rps.status(mac)[:2] == ("yealink/ymcs", "registered")
    assert "redirected to this phone's URL" in ok(rps.cli("rps", "check", mac, conf=conf))
    ok(rps.cli("rps", "unregister", mac, conf=conf))
    assert plain not in fake.devices
    assert "unregistered" in ok(rps.cli("rps", "check", mac, conf=conf))


def test_ymcs_owned_and_bad_secret(rps):
    mac = rps.phone("yealink")
    rps.fakes["ymcs"].owned.add(mac.replace(":", ""))
    fails(rps.cli("rps", "register", mac, conf=ymcs_conf(rps)), 1, "owned by another account", "800004")
    fails(rps.cli("rps", "register", mac, conf=ymcs_conf(rps, **{"rps.yealink.password": "nope"})), 1,
          "authentication failed")


def test_sraps_hawk_register_check_unregister(rps):
    conf = sraps_conf(rps)
    mac = rps.phone("snom")
    plain = mac.replace(":", "")
    fake = rps.fakes["sraps"]
    r = rps.cli("rps", "register", mac, conf=conf)
    ok(r)
    no_secrets(rps.stack, r.stdout + r.stderr)
    assert "hawk-key-secret" not in r.stdout + r.stderr
    assert [(q.method, q.path) for q in fake.requests] == [
        ("GET", "/api/v1/settings/?page_size=1000"), ("GET", "/api/v1/settings/?page=2&page_size=1000"),
        ("GET", "/api/v1/tokens/hawk-id-1"), ("GET", "/api/v1/companies/c0ffee/"),
        ("PUT", f"/api/v1/companies/c0ffee/endpoints/{plain}")]
    assert all(q.hawk["id"] == "hawk-id-1" for q in fake.requests), "every request is Hawk-signed and verified"
    assert json.loads(fake.requests[-1].body) == {
        "mac": plain, "autoprovisioning_enabled": True,
        "settings_manager": {FakeSraps.SETTING_UUID: {"value": rps.url(mac, "{mac}.xml"), "attrs": {"perm": "RW"}}}}
    assert rps.status(mac)[:2] == ("snom/sraps", "registered")
    assert "redirected to this phone's URL" in ok(rps.cli("rps", "check", mac, conf=conf))
    ok(rps.cli("rps", "unregister", mac, conf=conf))
    assert plain not in fake.devices and rps.status(mac)[1] == "unregistered"


def test_sraps_wrong_key_and_owned(rps):
    mac = rps.phone("snom")
    fails(rps.cli("rps", "register", mac, conf=sraps_conf(rps, **{"rps.snom.password": "bad-key"})), 1,
          "authentication failed")
    rps.fakes["sraps"].owned.add(mac.replace(":", ""))
    fails(rps.cli("rps", "register", mac, conf=sraps_conf(rps)), 1, "owned by another account",
          "taken_mac_or_forbidden")


def test_hawk_fake_matches_the_documented_algorithm():
    """The fake's verifier, checked against the same vector as the C unit test (computed from the docs)."""
    ph, mac = hawk_mac("werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn", "1353832234", "j4h3g2", "GET",
                       "/resource/1?b=1&a=2", "example.com", "443", "", b"")
    assert (ph, mac) == ("B0weSUXsMcb5UhL41FZbrUJCAotzSI3HawE1NPLRUz8=", "id1AjnGcpDUyoKvmFTXT3rYdMcdxAde98JyzT6W+Zew=")


def test_check_xmlrpc_services(rps):
    y, s = rps.phone("yealink"), rps.phone("snom")
    out = ok(rps.cli("rps", "check", y, s))
    assert out.count("unregistered") == 2
    ok(rps.cli("rps", "register", y, s))
    out = ok(rps.cli("rps", "check", y, s))
    assert "redirected to this phone's URL" in out, "Snom answers the URL, compared not printed"
    assert [q.xml_method for q in rps.fakes["yealink"].requests][-1] == "redirect.checkDevice"
    no_secrets(rps.stack, out)
    f = rps.phone("fanvil")
    assert "has no lookup" in ok(rps.cli("rps", "check", f))


def test_grape_for_gigaset_pro_p(rps):
    mac = "00:04:13:e5:7c:01"
    rps.stack.sql("INSERT INTO nethprov.phones (mac) VALUES (%s)", (mac,))
    assert rps.stack.sql("SELECT brand FROM nethprov.phones WHERE mac = %s", (mac,)) == [("gigasetp",)]
    rps.stack.remember(rps.tok1(mac))
    r = rps.cli("rps", "register", mac)
    ok(r)
    assert "not_configured" in r.stdout and "rps.grape.user" in r.stderr
    f = rps.fakes["grape"]
    conf = rps.write(**{"rps.grape.url": f.url, "rps.grape.user": f.user, "rps.grape.password": f.password})
    ok(rps.cli("rps", "register", mac, conf=conf))
    put = f.requests[-1]
    assert put.method == "PUT" and put.hawk["id"] == f.user
    assert json.loads(put.body)["settings_manager"] == {
        FakeSraps.SETTING_UUID: {"value": rps.url(mac, "{mac}.xml"), "attrs": {"perm": "RW"}}}
    assert rps.status(mac)[:2] == ("grape", "registered")


def test_readable_config_with_passwords_is_flagged(rps):
    mac = rps.phone("yealink")
    rps.conf.chmod(0o644)
    r = rps.cli("rps", "register", mac)
    ok(r)
    assert "holds passwords but others may read it (mode 644)" in r.stderr
    rps.conf.chmod(0o600)
    r = rps.cli("rps", "register", mac, "--force")
    ok(r)
    assert "others may read it" not in r.stderr
