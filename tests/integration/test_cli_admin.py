"""The administration commands of the nethprov CLI: users, assign/unassign, set/get, phones, vars.

Each command calls one SQL function of migration 002; these tests check the CLI's side: output,
error messages and exit codes (0 ok, 1 rejected or not found, 2 usage, 3 database unreachable).
Data of their own: MACs 00:15:65:7d:xx:xx, extensions 47xx, removed before and after the module.
"""

import csv
import io
import json

import pytest

PHONE_KEYS = {"mac", "brand", "model", "user", "display_name", "extension", "stage"}


def mac(n):
    return f"00:15:65:7d:{(n >> 8) & 0xFF:02x}:{n & 0xFF:02x}"


def _clean(stack):
    stack.sql("DELETE FROM nethprov.phones WHERE mac BETWEEN '00:15:65:7d:00:00' AND '00:15:65:7d:ff:ff'")
    stack.sql("DELETE FROM nethprov.users WHERE extension ~ '^47[0-9][0-9]$'")


@pytest.fixture(scope="module", autouse=True)
def clean(stack):
    _clean(stack)
    yield
    _clean(stack)


def ok(r):
    assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
    return r.stdout


def fails(r, code, *words):
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    for w in words:
        assert w in r.stderr, (w, r.stderr)
    return r.stderr


# -- users --------------------------------------------------------------------------------------


def test_user_add_rename_list_remove(stack):
    assert "added" in ok(stack.cli("user", "add", "4701", "Anna Admin"))
    assert "unchanged" in ok(stack.cli("user", "add", "4701", "Anna Admin"))
    assert "updated" in ok(stack.cli("user", "add", "4701", "Anna Renamed"))
    out = ok(stack.cli("user", "list"))
    assert any(ln.split()[:1] == ["4701"] and "Anna Renamed" in ln for ln in out.splitlines()), out
    users = json.loads(ok(stack.cli("user", "list", "--json")))
    assert isinstance(users, list)
    mine = [u for u in users if u["extension"] == "4701"]
    assert mine == [{"extension": "4701", "display_name": "Anna Renamed", "devices": 0}]
    assert all(set(u) == {"extension", "display_name", "devices"} for u in users)
    assert "removed" in ok(stack.cli("user", "rm", "4701"))
    fails(stack.cli("user", "rm", "4701"), 1, "4701", "not found")


def test_user_errors(stack):
    fails(stack.cli("user", "add", "x1", "Bad"), 1)
    fails(stack.cli("user", "add", "4702"), 2)
    fails(stack.cli("user", "rm"), 2)
    fails(stack.cli("user", "list", "extra"), 2)


def test_user_rm_with_devices_needs_force(stack):
    ok(stack.cli("user", "add", "4703", "Force Me"))
    ok(stack.cli("phone", "add", mac(0x0301), "--model", "T46U"))
    ok(stack.cli("assign", mac(0x0301), "4703"))
    err = fails(stack.cli("user", "rm", "4703"), 1, "user 4703 has 1 device", "use --force")
    assert "use force" not in err, err
    assert "1 device unassigned" in ok(stack.cli("user", "rm", "4703", "--force"))
    rows = stack.sql("SELECT user_extension FROM nethprov.phones_report WHERE mac = %s", (mac(0x0301),))
    assert rows == [(None,)], "the phone stays, unassigned"


# -- assign / unassign --------------------------------------------------------------------------


def test_assign_moves_and_unassign(stack):
    ok(stack.cli("user", "add", "4711", "First"))
    ok(stack.cli("user", "add", "4712", "Second"))
    m = mac(0x1101)
    ok(stack.cli("phone", "add", m, "--model", "T46U"))
    out = ok(stack.cli("assign", m.replace(":", "-").upper(), "4711"))
    assert "4711" in out and "position 1" in out and "moved" not in out, out
    out = ok(stack.cli("assign", m, "4712"))
    assert "device extension 4712" in out and "moved from user 4711" in out, out
    assert "unassigned from user 4712" in ok(stack.cli("unassign", m))
    assert "was not assigned" in ok(stack.cli("unassign", m))


def test_assign_errors(stack):
    m = mac(0x1201)
    ok(stack.cli("phone", "add", m, "--model", "T46U"))
    fails(stack.cli("assign", m, "4799"), 1, "user 4799 not found")
    fails(stack.cli("assign", mac(0x12FF), "4711"), 1, "not found")
    fails(stack.cli("assign", "not-a-mac", "4711"), 1, "not a MAC")
    fails(stack.cli("unassign", mac(0x12FF)), 1, "not found")
    fails(stack.cli("assign", m), 2)


def test_ninth_device_is_refused(stack):
    ok(stack.cli("user", "add", "4790", "Many Phones"))
    for i in range(1, 10):
        ok(stack.cli("phone", "add", mac(0x9000 + i), "--model", "T46U"))
    for i in range(1, 9):
        out = ok(stack.cli("assign", mac(0x9000 + i), "4790"))
        assert f"position {i}" in out, out
    assert "device extension 974790" in out
    fails(stack.cli("assign", mac(0x9009), "4790"), 1, "already has 8 devices")


# -- set / get ----------------------------------------------------------------------------------


@pytest.fixture
def phone47(stack):
    m = mac(0x2001)
    ok(stack.cli("phone", "add", m, "--model", "T46U"))
    yield m
    stack.cli("phone", "rm", m)


def test_set_get_round_trip_and_clear(stack, phone47):
    assert "2 settings changed" in ok(stack.cli("set", "--phone", phone47, "language=it", "time_format=24"))
    out = ok(stack.cli("get", "--phone", phone47, "language", "time_format", "ntp_server"))
    assert "language=it" in out and "time_format=24" in out, out
    assert "ntp_server is not set" in out
    ok(stack.cli("set", "--phone", phone47, "language="))
    ok(stack.cli("set", "--phone", phone47, "time_format=-"))
    out = ok(stack.cli("get", "--phone", phone47, "language", "time_format"))
    assert "language is not set" in out and "time_format is not set" in out, out


def catalogue(stack):
    return {name: indexed for name, indexed in stack.sql("SELECT name, indexed FROM nethprov.variables")}


@pytest.mark.parametrize("typo, meant", [
    ("ntp_sever", "ntp_server"),          # one letter left out
    ("langauge", "language"),             # two letters swapped
    ("acount_password_3", "account_password_3"),  # an indexed variable keeps the index typed
])
def test_get_unknown_variable_names_the_closest(stack, phone47, typo, meant):
    cat = catalogue(stack)
    assert typo not in cat and meant.rstrip("_0123456789") in cat
    for level in (["--phone", phone47], ["--default"]):
        r = stack.cli("get", *level, "language", typo)
        err = fails(r, 1, f"no variable '{typo}'", meant)
        assert "not set" not in r.stdout + err, (r.stdout, err)
        assert r.stdout == "", "a name the catalogue lacks: nothing printed"


def test_get_unknown_variable_far_from_every_name(stack, phone47):
    err = fails(stack.cli("get", "--phone", phone47, "zzqqxx"), 1, "no variable 'zzqqxx'", "nethprov vars")
    assert "closest" not in err, err


def test_set_is_atomic(stack, phone47):
    fails(stack.cli("set", "--phone", phone47, "time_format=24", "language=klingon"), 1, "language")
    out = ok(stack.cli("get", "--phone", phone47, "time_format"))
    assert "time_format is not set" in out, "one bad value: nothing written"


def test_set_errors(stack, phone47):
    fails(stack.cli("set", "--phone", phone47, "no_such_variable_x=1"), 1, "no_such_variable_x")
    fails(stack.cli("set", "--phone", phone47, "time_format=25"), 1, "time_format")
    fails(stack.cli("set", "--phone", mac(0x20FF), "language=it"), 1, "not found")
    fails(stack.cli("set", "--model", "yealink/NOPE99", "language=it"), 1, "not found")
    fails(stack.cli("set", "language=it"), 2, "--default")
    fails(stack.cli("set", "--default", "--phone", phone47, "language=it"), 2)
    fails(stack.cli("set", "--phone", phone47, "language"), 2, "KEY=VALUE")
    fails(stack.cli("get", "--phone", phone47), 2)


def test_set_default_and_model_levels(stack):
    for level in (["--default"], ["--model", "yealink/T46U"]):
        before = ok(stack.cli("get", *level, "ntp_server")).strip()
        try:
            ok(stack.cli("set", *level, "ntp_server=ntp.cli-admin.test"))
            assert ok(stack.cli("get", *level, "ntp_server")).strip() == "ntp_server=ntp.cli-admin.test"
        finally:
            old = before.split("=", 1)[1] if before.startswith("ntp_server=") else "-"
            ok(stack.cli("set", *level, f"ntp_server={old}"))
        assert ok(stack.cli("get", *level, "ntp_server")).strip() == before


# -- phones -------------------------------------------------------------------------------------


def test_phone_add_list_rm(stack):
    m = mac(0x3001)
    assert "added" in ok(stack.cli("phone", "add", m))
    assert "updated" in ok(stack.cli("phone", "add", m, "--model", "T48U"))
    assert "unchanged" in ok(stack.cli("phone", "add", m, "--model", "T48U"))
    fails(stack.cli("phone", "add", m, "--model", "T46U"), 1)
    ok(stack.cli("user", "add", "4730", "Lister"))
    ok(stack.cli("assign", m, "4730"))
    m2 = mac(0x3002)
    ok(stack.cli("phone", "add", m2))

    out = ok(stack.cli("phone", "list", "--brand", "yealink"))
    line = next(ln for ln in out.splitlines() if ln.startswith(m))
    assert "T48U" in line and "4730" in line and "Lister" in line and "waiting" in line, line

    rows = json.loads(ok(stack.cli("phone", "list", "--json")))
    assert all(set(r) == PHONE_KEYS for r in rows)
    mine = {r["mac"]: r for r in rows if r["mac"] in (m, m2)}
    assert mine[m] == {"mac": m, "brand": "yealink", "model": "T48U", "user": "4730",
                       "display_name": "Lister", "extension": "4730", "stage": "waiting"}
    assert mine[m2]["model"] is None and mine[m2]["user"] is None and mine[m2]["stage"] == "pending model"

    rows = json.loads(ok(stack.cli("phone", "list", "--unassigned", "--json")))
    macs = {r["mac"] for r in rows}
    assert m2 in macs and m not in macs
    rows = json.loads(ok(stack.cli("phone", "list", "--model", "T48U", "--json")))
    assert {r["model"] for r in rows} == {"T48U"} and m in {r["mac"] for r in rows}

    data = list(csv.DictReader(io.StringIO(ok(stack.cli("phone", "list", "--csv")))))
    assert set(data[0]) == PHONE_KEYS
    assert any(r["mac"] == m and r["user"] == "4730" for r in data)

    assert "removed" in ok(stack.cli("phone", "rm", m))
    fails(stack.cli("phone", "rm", m), 1, "not found")


def test_phone_errors(stack):
    fails(stack.cli("phone", "add", "zz:zz"), 1, "not a MAC")
    fails(stack.cli("phone", "add", mac(0x3101), "--model", "NOPE99"), 1, "NOPE99")
    fails(stack.cli("phone", "add"), 2)
    fails(stack.cli("phone", "list", "--json", "--csv"), 2)
    assert json.loads(ok(stack.cli("phone", "list", "--brand", "no-such-brand", "--json"))) == []


# -- catalogue ----------------------------------------------------------------------------------


def test_vars(stack):
    out = ok(stack.cli("vars"))
    assert "language" in out and "ntp_server" in out
    out = ok(stack.cli("vars", "time_form"))
    line = next(ln for ln in out.splitlines() if ln.startswith("time_format"))
    assert "enum" in line and "12|24" in line, line
    assert "language" not in out
    fails(stack.cli("vars", "no_such_thing_zz"), 1)


# -- database -----------------------------------------------------------------------------------


def test_database_unreachable(stack):
    fails(stack.cli("--db", "host=/nonexistent dbname=nethprov", "user", "list"), 3)
    fails(stack.cli("--db", "host=/nonexistent dbname=nethprov", "set", "--default", "language=it"), 3)
