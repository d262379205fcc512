"""The nethprov CLI against the same database: url, phone show, and its errors."""

import os
import re
import subprocess

import pytest

from conftest import TOP


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


# -- usage errors: unknown commands, options a command does not take -----------------------------------


def help_options(out):
    """The options (without --) a help text lists in its options: section."""
    sect = out.split("\noptions:\n", 1)[1].split("\n\n", 1)[0]
    return [m.group(1) for m in re.finditer(r"^  --([a-z0-9-]+)", sect, re.M)]


def commands(stack):
    """Every command of the overview (`nethprov --help`), as a list of its words."""
    r = stack.cli("--help")
    sect = r.stdout.split("commands:\n", 1)[1].split("\n\n", 1)[0]
    out = []
    for line in sect.splitlines():
        # the head column (26 wide): the command's words (lower case), then its arguments (MAC, [FILE], --server S)
        words = line[2:28].split()
        n = 2 if len(words) > 1 and re.fullmatch(r"[a-z][a-z-]*", words[1]) else 1
        out.append(words[:n])
    return out


def group_commands(stack, group):
    """The subcommands `nethprov help GROUP` lists."""
    r = stack.cli("help", group)
    assert r.returncode == 0, r.stderr
    return re.findall(rf"^  {group} ([a-z-]+)", r.stdout, re.M)


@pytest.mark.parametrize("group", ["phone", "user", "rps"])
def test_unknown_subcommand_is_named_with_the_valid_ones(stack, group):
    subs = group_commands(stack, group)
    assert len(subs) >= 3, subs
    for argv in ([group, "frob"], ["help", group, "frob"]):
        r = stack.cli(*argv)
        assert r.returncode == 2, (argv, r.returncode, r.stderr)
        assert r.stdout == ""
        assert "'frob'" in r.stderr and f"'{group}'" in r.stderr, r.stderr
        assert f"unknown command '{group}'" not in r.stderr, r.stderr
        for s in subs:
            assert re.search(rf"\b{re.escape(s)}\b", r.stderr), (s, r.stderr)
    r = stack.cli(group)
    assert r.returncode == 2 and "needs a subcommand" in r.stderr, r.stderr
    assert all(s in r.stderr for s in subs), r.stderr


def test_unknown_command_lists_the_commands(stack):
    r = stack.cli("frob")
    assert r.returncode == 2 and r.stdout == ""
    assert "unknown command 'frob'" in r.stderr, r.stderr
    for words in commands(stack):
        assert re.search(rf"\b{re.escape(words[0])}\b", r.stderr), (words, r.stderr)


@pytest.mark.parametrize("argv", [["help", "help"], ["help", "--help"]])
def test_help_help(stack, argv):
    r = stack.cli(*argv)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("usage: nethprov help [COMMAND]"), r.stdout
    assert "commands:" not in r.stdout


def test_overview_lists_each_option_once(stack):
    r = stack.cli("--help")
    assert r.returncode == 0
    names = help_options(r.stdout)
    assert "json" in names and "help" in names
    assert sorted(set(names)) == sorted(names), [n for n in names if names.count(n) > 1]


@pytest.mark.parametrize("argv, option, command", [
    (["user", "list", "--csv"], "csv", "user list"),
    (["lint", "--force"], "force", "lint"),
    (["vars", "--json"], "json", "vars"),
    (["--model", "T46U", "phone", "rm", "00:15:65:ee:ee:01"], "model", "phone rm"),
    (["phone", "show", "00:15:65:00:00:01", "--dry-run"], "dry-run", "phone show"),
    (["dhcp", "--server", "isc", "--db", "dbname=x"], "db", "dhcp"),
])
def test_option_the_command_does_not_take(stack, argv, option, command):
    r = stack.cli(*argv)
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert r.stdout == ""
    assert f"{command} does not take --{option}" in r.stderr, r.stderr
    takes = help_options(stack.cli("help", *command.split()).stdout)
    for o in takes:
        if o != "help":
            assert f"--{o}" in r.stderr, (o, r.stderr)


def test_every_command_help_lists_what_it_accepts(stack):
    """For every command, the options an unwanted option's error lists are those its --help lists."""
    everything = help_options(stack.cli("--help").stdout)
    for words in commands(stack):
        if words == ["help"]:
            continue
        takes = set(help_options(stack.cli(*words, "--help").stdout)) - {"help"}
        other = next(o for o in ("unassigned", "tok2", "show-secrets") if o not in takes)
        assert other in everything
        r = stack.cli(*words, f"--{other}")
        assert r.returncode == 2, (words, r.stderr)
        listed = set(re.findall(r"--([a-z0-9-]+)", r.stderr.split(";", 1)[1].split("(see", 1)[0]))
        assert listed == takes, (words, listed, takes)


def test_tok1_and_tok2_together(stack, make_phone):
    p = make_phone()
    r = stack.cli("phone", "rotate-token", p.mac, "--tok1", "--tok2")
    assert r.returncode == 2 and "--tok1 and --tok2" in r.stderr, r.stderr
    assert p.tokens() == (p.tok1, p.tok2), "nothing rotated"


# -- run/env ---------------------------------------------------------------------------------------------


def test_run_env_puts_the_man_page_on_manpath(tmp_path):
    """scripts/run's write_env (what `scripts/run` writes to run/env), sourced, lets man find nethprov(1),
    and man's own pages still."""
    script = 'set -e; . "$1"; RUN=$2; write_env "$2/pg"; . "$2/env"; man -w nethprov; man -w man'
    env = {k: v for k, v in os.environ.items() if k != "MANPATH"}
    r = subprocess.run(["bash", "-c", script, "bash", str(TOP / "scripts" / "run"), str(tmp_path)], env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, (r.stdout, r.stderr)
    page, system = r.stdout.split()
    assert os.path.samefile(page, TOP / "mod_nethprov" / "nethprov.1"), page
    assert "/man1/man.1" in system, system
