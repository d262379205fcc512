"""httpd's configuration check (apache2 -t) reports the module's directives and template errors."""

import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest

from conftest import CLI, TEMPLATES, _skip_reason, run_common

APACHE = "/usr/sbin/apache2"


@pytest.fixture
def confdir():
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    parent = os.environ.get("NETHPROV_IT_TMPDIR") or "/tmp"
    d = pathlib.Path(tempfile.mkdtemp(prefix="conf-", dir=parent))
    d.chmod(0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def configtest(confdir, **env):
    """Write a configuration with scripts/common.sh (NP_* overrides from env) and run apache2 -t on it."""
    e = dict(os.environ)
    e.update(NP_HTTP_PORT="18080", NP_LOGLEVEL="info", **env)
    run_common("np_httpd_write_conf", confdir / "httpd", confdir / "sock", env=e)
    p = subprocess.run(
        [APACHE, "-f", str(confdir / "httpd" / "httpd.conf"), "-t"],
        capture_output=True, text=True, timeout=60,
    )
    return p.returncode, p.stdout + p.stderr


def test_generated_configuration_is_valid(confdir):
    rc, out = configtest(confdir)
    assert rc == 0, out
    assert "Syntax OK" in out


def test_bad_base_url_is_refused(confdir):
    rc, out = configtest(confdir, NP_BASE_URL="notaurl")
    assert rc != 0, f"apache2 -t accepted NethprovBaseURL notaurl:\n{out}"
    assert "NethprovBaseURL" in out, out


def test_missing_templates_dir_is_refused(confdir):
    rc, out = configtest(confdir, NP_TEMPLATES_DIR="/nonexistent")
    assert rc != 0, f"apache2 -t accepted NethprovTemplates /nonexistent:\n{out}"
    assert "NethprovTemplates" in out, out


def test_broken_brand_file_is_refused_with_its_name(confdir):
    tdir = confdir / "templates"
    shutil.copytree(TEMPLATES, tdir)
    brand = tdir / "yealink" / "brand.xml"
    text = brand.read_text()
    # cut the file in the middle of an element: not well-formed XML any more
    brand.write_text(text[: text.index("<model ")] + "<model name=\n")
    rc, out = configtest(confdir, NP_TEMPLATES_DIR=str(tdir))
    assert rc != 0, f"apache2 -t accepted a broken brand.xml:\n{out}"
    assert "brand.xml" in out, out


def test_broken_template_is_refused_with_its_name(confdir):
    tdir = confdir / "templates"
    shutil.copytree(TEMPLATES, tdir)
    tmpl = tdir / "yealink" / "yealink.cfg.xml"
    text = tmpl.read_text()
    # an unterminated placeholder in an otherwise well-formed template
    marker = "<np:line>#!version:1.0.0.1</np:line>"
    assert marker in text
    tmpl.write_text(text.replace(marker, marker + "\n  <np:line>{hostname</np:line>", 1))
    rc, out = configtest(confdir, NP_TEMPLATES_DIR=str(tdir))
    assert rc != 0, f"apache2 -t accepted a template with an unterminated placeholder:\n{out}"
    assert "yealink.cfg.xml" in out, out


def test_lint_problems_stop_httpd_with_the_messages_lint_prints(confdir):
    """An unknown variable and a map missing an enum's values: `nethprov lint` reports them with
    file:line, and httpd refuses to start with the very same lines (no database is needed)."""
    tdir = confdir / "templates"
    shutil.copytree(TEMPLATES, tdir)
    tmpl = tdir / "yealink" / "yealink.cfg.xml"
    text = tmpl.read_text()
    marker = "<np:line>#!version:1.0.0.1</np:line>"
    lines_before = text[: text.index(marker)].count("\n") + 1
    tmpl.write_text(text.replace(marker, marker + "\n  <np:kv key=\"x\">{hostnme} {tonezone | map:lang}</np:kv>", 1))
    brand = tdir / "yealink" / "brand.xml"
    btext = brand.read_text()
    assert '<map name="lang">' not in btext
    brand.write_text(btext.replace("</brand>", '<map name="lang"><entry key="it" value="1"/></map>\n</brand>'))

    lint = subprocess.run([str(CLI), "--templates", str(tdir), "lint"], capture_output=True, text=True, timeout=60)
    assert lint.returncode == 1, lint.stdout + lint.stderr
    problems = [l for l in lint.stderr.splitlines() if not l.startswith("nethprov:")]
    where = f"{tmpl}:{lines_before + 1}: "
    assert problems == [
        where + "unknown variable 'hostnme' (not in the catalogue, not a runtime value)",
        where + "map 'lang' has no entry for values " + ", ".join(
            v for v in _catalogue()["tonezone"] if v != "it") + " of tonezone and no default"
        ' (add them, or default="" when they mean nothing here)',
    ], lint.stderr
    assert "2 problems" in lint.stderr

    rc, out = configtest(confdir, NP_TEMPLATES_DIR=str(tdir))
    assert rc != 0, f"apache2 -t accepted templates that lint refuses:\n{out}"
    for p in problems:
        assert p in out, out


def _catalogue():
    """templates/catalogue.tsv: name -> list of allowed values."""
    cat = {}
    for line in (TEMPLATES / "catalogue.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            f = line.split("\t")
            cat[f[0]] = f[3].split() if len(f) > 3 else []
    return cat


def test_catalogue_file_equals_the_database(stack):
    """httpd and lint read templates/catalogue.tsv because they cannot ask the database before fork:
    it must say exactly what nethprov.variables says."""
    rows = stack.sql("SELECT name, type, indexed::int, coalesce(array_to_string(allowed, ' '), '') "
                     "FROM nethprov.variables ORDER BY name")
    want = ["\t".join(str(c) for c in r) for r in rows]
    got = [l for l in (TEMPLATES / "catalogue.tsv").read_text().splitlines() if l and not l.startswith("#")]
    assert got == want, "templates/catalogue.tsv differs from nethprov.variables: regenerate it (sql/README.md)"



def test_make_install_puts_everything_in_place(tmp_path):
    """`make install` into a staging root: module, a2enmod pair, CLI, man page, templates, SQL."""
    import subprocess
    from conftest import TOP

    dest = tmp_path / "root"
    p = subprocess.run(["make", "-s", "install", f"DESTDIR={dest}"], cwd=TOP, capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, p.stderr
    files = {str(f.relative_to(dest)) for f in dest.rglob("*") if f.is_file()}
    for want in ("usr/lib/apache2/modules/mod_nethprov.so", "etc/apache2/mods-available/nethprov.load",
                 "etc/apache2/mods-available/nethprov.conf", "usr/local/bin/nethprov",
                 "usr/local/share/man/man1/nethprov.1", "usr/local/sbin/nethprov-db-upgrade",
                 "usr/local/share/nethprov/templates/yealink/brand.xml",
                 "usr/local/share/nethprov/sql/migrations/001_init.sql"):
        assert want in files, f"{want} not installed"
    load = (dest / "etc/apache2/mods-available/nethprov.load").read_text()
    assert "LoadModule nethprov_module /usr/lib/apache2/modules/mod_nethprov.so" in load
    conf = (dest / "etc/apache2/mods-available/nethprov.conf").read_text()
    assert "NethprovTemplates /usr/local/share/nethprov/templates" in conf
    # the installed CLI compiles the installed templates
    lint = subprocess.run([str(dest / "usr/local/bin/nethprov"), "--templates",
                           str(dest / "usr/local/share/nethprov/templates"), "lint"],
                          capture_output=True, text=True, timeout=60)
    assert lint.returncode == 0 and "yealink: ok" in lint.stdout, lint.stderr
