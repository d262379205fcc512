"""The CLI's configuration file (/etc/nethprov.conf, or the file $NETHPROV_CONF names): its keys,
precedence (option > environment > file > default) and errors naming the file and line."""

import subprocess

import pytest

from conftest import CLI, TEMPLATES


def _run(stack, conf, *args, drop=("NETHPROV_TEMPLATES", "NETHPROV_BASE_URL"), **extra):
    """Run the CLI with NETHPROV_CONF pointing at the file CONF and without the variables in DROP."""
    env = stack.env(NETHPROV_CONF=str(conf))
    for k in drop:
        env.pop(k, None)
    env.update(extra)
    return subprocess.run([str(CLI), *args], env=env, capture_output=True, text=True, timeout=60)


def _write(tmp_path, text):
    conf = tmp_path / "nethprov.conf"
    conf.write_text(text)
    return conf


def test_base_url_from_file(stack, make_phone, tmp_path):
    p = make_phone()
    conf = _write(tmp_path, "# provisioning\n\nbase_url = https://file.example/provisioning/\n")
    r = _run(stack, conf, "url", p.mac)
    assert r.returncode == 0, r.stderr
    assert f"https://file.example/provisioning/{p.tok2}/" in r.stdout, r.stdout


def test_precedence_option_environment_file(stack, make_phone, tmp_path):
    p = make_phone()
    conf = _write(tmp_path, "base_url = https://file.example/p\n")
    # the environment beats the file
    r = _run(stack, conf, "url", p.mac, NETHPROV_BASE_URL="https://env.example/p")
    assert r.returncode == 0, r.stderr
    assert "https://env.example/p/" in r.stdout and "file.example" not in r.stdout, r.stdout
    # the option beats both
    r = _run(stack, conf, "--base-url", "https://opt.example/p", "url", p.mac,
             NETHPROV_BASE_URL="https://env.example/p")
    assert r.returncode == 0, r.stderr
    assert "https://opt.example/p/" in r.stdout and "env.example" not in r.stdout, r.stdout


def test_templates_from_file_and_precedence(stack, tmp_path):
    good = _write(tmp_path, f"templates = {TEMPLATES}\n")
    r = _run(stack, good, "lint")
    assert r.returncode == 0, r.stderr
    assert "yealink: ok" in r.stdout

    bad = _write(tmp_path, f"templates = {tmp_path}/none\n")
    r = _run(stack, bad, "lint")
    assert r.returncode != 0
    assert f"{tmp_path}/none" in r.stderr
    # the environment and the option beat the file
    r = _run(stack, bad, "lint", NETHPROV_TEMPLATES=str(TEMPLATES))
    assert r.returncode == 0, r.stderr
    r = _run(stack, bad, "--templates", str(TEMPLATES), "lint")
    assert r.returncode == 0, r.stderr


def test_database_from_file_and_db_option_wins(stack, tmp_path):
    pg = ("PGHOST", "PGDATABASE", "PGUSER", "NETHPROV_TEMPLATES", "NETHPROV_BASE_URL")
    conf = _write(tmp_path, f"database = host={stack.pgbase / 'sock'} dbname=nethprov user=nethprov\n")
    r = _run(stack, conf, "user", "list", "--json", drop=pg)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("["), r.stdout

    conf = _write(tmp_path, f"database = host={tmp_path}/nosock dbname=nethprov connect_timeout=2\n")
    r = _run(stack, conf, "user", "list", drop=pg)
    assert r.returncode == 3, r.stderr
    r = _run(stack, conf, "--db", f"host={stack.pgbase / 'sock'} dbname=nethprov user=nethprov", "user", "list",
             drop=pg)
    assert r.returncode == 0, r.stderr


def test_unknown_key_is_an_error(stack, tmp_path):
    conf = _write(tmp_path, "templates = /x\nbaseurl = https://x/p\n")
    r = _run(stack, conf, "vars")
    assert r.returncode == 2
    assert f"{conf}:2: unknown key 'baseurl'" in r.stderr, r.stderr
    assert r.stdout == ""


def test_malformed_line_is_an_error(stack, tmp_path):
    conf = _write(tmp_path, "# ok\n\nbase_url https://x/p\n")
    r = _run(stack, conf, "vars")
    assert r.returncode == 2
    assert f"{conf}:3: expected 'key = value'" in r.stderr, r.stderr


def test_missing_named_file_is_an_error(stack, tmp_path):
    r = _run(stack, tmp_path / "absent.conf", "vars")
    assert r.returncode == 2
    assert f"{tmp_path}/absent.conf" in r.stderr, r.stderr


def test_help_needs_no_valid_file(stack, tmp_path):
    conf = _write(tmp_path, "bogus\n")
    r = _run(stack, conf, "--help")
    assert r.returncode == 0, r.stderr
    assert "/etc/nethprov.conf" in r.stdout


BAD_BASE_URLS = ["ftp://pbx.example.com/p", "pbx.example.com/provisioning", "http://", "https:///provisioning",
                 "HTTPS//pbx/p"]


def _bad_base_url_from(source, stack, tmp_path, url, *args):
    """Run the CLI with the base URL URL coming from SOURCE (option, environment, file); returns (result, the
    place the message must name)."""
    if source == "option":
        return _run(stack, _write(tmp_path, "# empty\n"), "--base-url", url, *args), "--base-url"
    if source == "environment":
        return _run(stack, _write(tmp_path, "# empty\n"), *args, NETHPROV_BASE_URL=url), "NETHPROV_BASE_URL"
    conf = _write(tmp_path, f"templates = {TEMPLATES}\nbase_url = {url}\n")
    return _run(stack, conf, *args), f"{conf}: base_url"


@pytest.mark.parametrize("source", ["option", "environment", "file"])
@pytest.mark.parametrize("url", BAD_BASE_URLS)
def test_base_url_must_be_http_or_https(stack, make_phone, tmp_path, source, url):
    p = make_phone()
    r, where = _bad_base_url_from(source, stack, tmp_path, url, "url", p.mac)
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert r.stdout == ""
    assert f"{where}: base URL '{url}' is not an http:// or https:// URL" in r.stderr, r.stderr


@pytest.mark.parametrize("source", ["option", "environment", "file"])
def test_base_url_checked_for_every_command_that_uses_it(stack, tmp_path, source):
    for args in (["render", "00:15:65:00:00:01"], ["dhcp", "--server", "isc"], ["rps", "check", "00:15:65:00:00:01"],
                 ["phone", "show", "00:15:65:00:00:01"]):
        r, where = _bad_base_url_from(source, stack, tmp_path, "ftp://x/p", *args)
        assert r.returncode == 2 and f"{where}: base URL 'ftp://x/p'" in r.stderr, (args, r.stderr)


def test_bad_base_url_does_not_stop_commands_that_do_not_use_it(stack, tmp_path):
    for source in ("environment", "file"):
        r, _ = _bad_base_url_from(source, stack, tmp_path, "ftp://x/p", "vars", "ntp_server")
        assert r.returncode == 0, (source, r.stderr)
        assert "ntp_server" in r.stdout


def test_good_base_urls(stack, make_phone, tmp_path):
    p = make_phone()
    for url in ("http://127.0.0.1:8080/provisioning", "https://pbx.example.com", "https://[::1]:8443/p/"):
        r = _run(stack, _write(tmp_path, "# empty\n"), "--base-url", url, "url", p.mac)
        assert r.returncode == 0, (url, r.stderr)
        assert f"{url.rstrip('/')}/{p.tok2}/" in r.stdout, r.stdout
