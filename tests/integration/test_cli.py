"""The nethprov CLI against the same database: url, phone show, and its errors."""

import re

import pytest


def setting_line(out, name):
    """The line of `phone show` output for variable NAME (its first word), or None."""
    m = re.search(rf"^\s*{re.escape(name)}\s+(.*)$", out, re.M)
    return m.group(0) if m else None


def test_url_prints_both_tokens(stack, make_phone):
    p = make_phone()
    tok1, tok2 = p.tokens()
    r = stack.cli("url", p.mac)
    assert r.returncode == 0, r.stderr
    assert f"{stack.base_url}/{tok1}/" in r.stdout, r.stdout
    assert f"{stack.base_url}/{tok2}/" in r.stdout, r.stdout


@pytest.mark.parametrize("spelling", ["plain", "upper", "dash"])
def test_url_accepts_mac_spellings(stack, make_phone, spelling):
    p = make_phone()
    mac = {"plain": p.plain, "upper": p.mac.upper(), "dash": p.mac.replace(":", "-")}[spelling]
    r = stack.cli("url", mac)
    assert r.returncode == 0, r.stderr
    assert p.tok2 in r.stdout


def test_url_after_retirement(stack, make_phone):
    p = make_phone()
    tok1, tok2 = p.tokens()
    assert p.get(tok2).status == 200
    r = stack.cli("url", p.mac)
    assert r.returncode == 0, r.stderr
    assert tok1 not in r.stdout, "the retired tok1 must not be printed"
    assert f"{stack.base_url}/{tok2}/" in r.stdout
    tok1_lines = [ln for ln in r.stdout.splitlines() if "tok1" in ln]
    assert all("retired" in ln for ln in tok1_lines), r.stdout


def test_phone_show_levels(stack, make_phone, settings):
    p = make_phone(model="T48U")
    settings.phone(p, "language", "de")
    settings.model("T48U", "ntp_server", "ntp.model.test")
    r = stack.cli("phone", "show", p.mac)
    assert r.returncode == 0, r.stderr
    out = r.stdout

    line = setting_line(out, "language")
    assert line and re.search(r"\bphone\b", line) and re.search(r"\bde\b", line), line

    line = setting_line(out, "ntp_server")
    assert line and re.search(r"\bmodel\b", line) and "ntp.model.test" in line, line

    line = setting_line(out, "account_extension_1")
    assert line and re.search(r"\bdevice\b", line) and p.extension in line, line

    (default_name,) = stack.sql(
        """SELECT d.name FROM nethprov.settings_default d
           WHERE d.value NOT IN ('', '-') AND NOT nethprov.is_secret(d.name)
             AND NOT EXISTS (SELECT 1 FROM nethprov.settings_model m
                             WHERE m.brand = 'yealink' AND m.model = 'T48U' AND m.name = d.name
                               AND m.value NOT IN ('', '-'))
           ORDER BY d.name LIMIT 1"""
    )[0]
    line = setting_line(out, default_name)
    assert line and re.search(r"\bdefault\b", line), f"{default_name}: {line}"


def test_phone_show_masks_secrets(stack, make_phone):
    p = make_phone()
    adminpw = p.effective("adminpw")
    assert adminpw, "no adminpw in the effective settings"
    stack.remember(adminpw)
    r = stack.cli("phone", "show", p.mac)
    assert r.returncode == 0, r.stderr
    assert p.sip_password not in r.stdout, "SIP password shown without --show-secrets"
    assert adminpw not in r.stdout, "adminpw shown without --show-secrets"
    assert setting_line(r.stdout, "account_password_1"), "the password's line should still be listed (masked)"

    r = stack.cli("phone", "show", p.mac, "--show-secrets")
    assert r.returncode == 0, r.stderr
    assert p.sip_password in r.stdout
    assert adminpw in r.stdout


@pytest.mark.parametrize("cmd", [["url"], ["phone", "show"]])
def test_unknown_mac(stack, cmd):
    r = stack.cli(*cmd, "00:15:65:ee:ee:ee")
    assert r.returncode != 0
    assert r.stderr.strip(), "no message on stderr"
    assert r.stdout.strip() == "", r.stdout
    assert re.search(r"not found|unknown|no (such )?phone", r.stderr, re.I), r.stderr


@pytest.mark.parametrize("cmd", [["url"], ["phone", "show"]])
@pytest.mark.parametrize("mac", ["zz:zz:zz:zz:zz:zz", "00:15:65", "0015656", "00:15:65:00:00:01:02"])
def test_malformed_mac(stack, cmd, mac):
    r = stack.cli(*cmd, mac)
    assert r.returncode != 0
    assert r.stderr.strip(), "no message on stderr"
    assert r.stdout.strip() == "", r.stdout
    assert re.search(r"mac", r.stderr, re.I), r.stderr


@pytest.mark.parametrize("argv", [["import", "--help"], ["help", "import"], ["--help", "import"]])
def test_command_help(stack, argv):
    r = stack.cli(*argv)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("usage: nethprov import [FILE|-]"), r.stdout
    for opt in ("--format", "--model", "--partial", "--dry-run"):
        assert opt in r.stdout
    assert "--show-secrets" not in r.stdout and "--out-dir" not in r.stdout
    assert "commands:" not in r.stdout, "the overview instead of the command's help"


@pytest.mark.parametrize("command, present, absent", [
    (["phone", "show"], "--show-secrets", "--format"),
    (["render"], "--out-dir", "--partial"),
    (["user", "rm"], "--force", "--json"),
])
def test_command_help_options(stack, command, present, absent):
    for argv in ([*command, "--help"], ["help", *command]):
        r = stack.cli(*argv)
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith(f"usage: nethprov {' '.join(command)}"), r.stdout
        assert present in r.stdout and absent not in r.stdout, r.stdout


def test_help_overview_and_groups(stack):
    r = stack.cli("--help")
    assert r.returncode == 0 and "commands:" in r.stdout and "phone list" in r.stdout
    r = stack.cli("help")
    assert r.returncode == 0 and "commands:" in r.stdout
    r = stack.cli("help", "phone")
    assert r.returncode == 0, r.stderr
    assert "phone add" in r.stdout and "user add" not in r.stdout
    r = stack.cli("help", "nosuch")
    assert r.returncode == 2 and "unknown command 'nosuch'" in r.stderr
