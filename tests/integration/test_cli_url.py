"""`nethprov url MAC` for the admin who types the URL into the phone's web UI (neither RPS nor DHCP reach it):
after the tok1/tok2 lines, the URL to type in the brand's form (file, scheme) and the brand's <manual> text
from brand.xml; --json; tok2 once tok1 is retired; the same from SQL (phone_manual); no brand folder."""

import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from conftest import TEMPLATES

BRANDS = sorted(p.parent.name for p in TEMPLATES.glob("*/brand.xml"))


def manual(brand):
    """The <manual> element of BRAND's brand.xml, as a dict of its attributes."""
    m = ET.parse(TEMPLATES / brand / "brand.xml").getroot().find("manual")
    assert m is not None, f"{brand}/brand.xml has no <manual>"
    return m.attrib


def expected_url(base, token, mac12, m):
    """The URL to type, built from the <manual> attributes as templates/README.md describes them."""
    url = f"{base}/{token}/"
    if m.get("file"):
        url += m["file"].replace("{mac}", mac12.lower()).replace("{MAC}", mac12.upper())
    if m.get("url") == "noscheme":
        url = url.split("://", 1)[1]
        if not m.get("file"):
            url = url.rstrip("/")
    return url


def demo_phone_of(stack, brand):
    """A demo phone of BRAND (url only reads; other tests may have retired its tok1: see typed_token)."""
    rows = stack.sql("SELECT mac::text FROM nethprov.phones WHERE brand = %s ORDER BY mac LIMIT 1", (brand,))
    assert rows, f"the demo data has no {brand} phone"
    return stack.phone(rows[0][0])


def typed_token(p):
    """(kind, token) the admin types: tok1 while it lives, else the permanent tok2."""
    tok1, tok2 = p.tokens()
    return ("tok1", tok1) if tok1 else ("tok2", tok2)


def lines_of(out):
    return out.splitlines()


def test_every_brand_has_manual():
    assert len(BRANDS) == 10, BRANDS
    for b in BRANDS:
        m = manual(b)
        assert m.get("where") and m.get("disable"), b


@pytest.mark.parametrize("brand", BRANDS)
def test_url_prints_what_to_type_where(stack, brand):
    p = demo_phone_of(stack, brand)
    tok1, tok2 = p.tokens()
    m = manual(brand)
    r = stack.cli("url", p.mac)
    assert r.returncode == 0, r.stderr
    out = lines_of(r.stdout)
    # the first two lines keep their format
    if tok1:
        assert out[0] == f"tok1 {stack.base_url}/{tok1}/", r.stdout
    else:
        assert out[0].startswith("tok1 retired"), r.stdout
    assert out[1] == f"tok2 {stack.base_url}/{tok2}/", r.stdout
    assert out[2] == "URL to type: " + expected_url(stack.base_url, typed_token(p)[1], p.plain, m), r.stdout
    assert out[3] == "type into the phone's web UI: " + m["where"], r.stdout
    assert out[4] == "first disable: " + m["disable"], r.stdout
    assert len(out) == 5, r.stdout
    assert r.stderr == "", r.stderr


def test_url_forms(stack):
    """The per-brand forms: a file in the phone's case, no scheme, or the bare directory."""
    base = stack.base_url
    snom = demo_phone_of(stack, "snom")
    r = stack.cli("url", snom.mac)
    want = f"{base}/{typed_token(snom)[1]}/{snom.plain.upper()}.xml"
    assert f"\nURL to type: {want}\n" in r.stdout, r.stdout
    gs = demo_phone_of(stack, "grandstream")
    r = stack.cli("url", gs.mac)
    assert f"\nURL to type: {base.split('://', 1)[1]}/{typed_token(gs)[1]}\n" in r.stdout, r.stdout
    fanvil = demo_phone_of(stack, "fanvil")
    r = stack.cli("url", fanvil.mac)
    assert f"\nURL to type: {base}/{typed_token(fanvil)[1]}/{fanvil.plain}.cfg\n" in r.stdout, r.stdout
    yl = demo_phone_of(stack, "yealink")
    r = stack.cli("url", yl.mac)
    assert f"\nURL to type: {base}/{typed_token(yl)[1]}/\n" in r.stdout, r.stdout


def test_url_json(stack):
    p = demo_phone_of(stack, "snom")
    tok1, tok2 = p.tokens()
    m = manual("snom")
    r = stack.cli("url", "--json", p.mac)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc == {
        "mac": p.plain,
        "brand": "snom",
        "tok1": f"{stack.base_url}/{tok1}/" if tok1 else None,
        "tok2": f"{stack.base_url}/{tok2}/",
        "url_to_type": expected_url(stack.base_url, tok1 or tok2, p.plain, m),
        "where": m["where"],
        "disable": m["disable"],
    }


def test_url_after_retirement_types_tok2(stack, make_phone):
    p = make_phone()
    tok1, tok2 = p.tokens()
    assert p.get(tok2).status == 200
    r = stack.cli("url", p.mac)
    assert r.returncode == 0, r.stderr
    assert tok1 not in r.stdout
    assert f"\nURL to type: {stack.base_url}/{tok2}/\n" in r.stdout, r.stdout
    doc = json.loads(stack.cli("url", "--json", p.mac).stdout)
    assert doc["tok1"] is None and doc["url_to_type"] == f"{stack.base_url}/{tok2}/"


@pytest.mark.parametrize("brand", BRANDS)
def test_sql_phone_manual_agrees(stack, brand):
    p = demo_phone_of(stack, brand)
    m = manual(brand)
    rows = stack.sql("SELECT kind, url, where_to_type, disable FROM nethprov.phone_manual(%s, %s)",
                     (p.mac, stack.base_url + "/"))
    kind, token = typed_token(p)
    assert rows == [(kind, expected_url(stack.base_url, token, p.plain, m), m["where"], m["disable"])]
    r = stack.cli("url", p.mac)
    assert f"\nURL to type: {rows[0][1]}\n" in r.stdout, r.stdout


def test_url_without_templates_still_prints_the_urls(stack, tmp_path):
    p = demo_phone_of(stack, "yealink")
    r = stack.cli("--templates", str(tmp_path / "none"), "url", p.mac)
    assert r.returncode == 0, r.stderr
    out = lines_of(r.stdout)
    assert len(out) == 2 and out[0].startswith("tok1 ") and out[1] == f"tok2 {stack.base_url}/{p.tok2}/", r.stdout
    assert "no web UI instructions" in r.stderr and str(tmp_path / "none") in r.stderr, r.stderr


def test_url_brand_without_manual(stack, tmp_path):
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    xml = copy / "yealink" / "brand.xml"
    xml.write_text(re.sub(r"^\s*<manual\s.*?/>", "", xml.read_text(), flags=re.S | re.M))
    p = demo_phone_of(stack, "yealink")
    r = stack.cli("--templates", str(copy), "url", p.mac)
    assert r.returncode == 0, r.stderr
    assert len(lines_of(r.stdout)) == 2, r.stdout
    assert "yealink/brand.xml has no <manual>" in r.stderr, r.stderr
