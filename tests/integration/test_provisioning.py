"""What a Yealink phone gets: headers, the file's shape, and the values that come from the database."""

import re

from conftest import kv1, parse_kv


def test_demo_phone_gets_its_config(stack, demo_phone):
    p = demo_phone
    r = p.get(p.tok1)
    assert r.status == 200, r
    assert r.header("Content-Type") == "text/plain; charset=utf-8"
    assert r.header("Content-Length") == str(len(r.body))
    assert r.header("ETag"), f"no ETag: {dict(r.headers)}"
    assert r.body.startswith(b"#!version:1.0.0.1\n"), r.body[:100]
    lines = r.body.decode("utf-8").splitlines()
    kv_lines = [ln for ln in lines[1:] if ln.strip()]
    assert len(kv_lines) > 20
    bad = [ln for ln in kv_lines if not re.match(r"^[A-Za-z0-9_.]+ = .*$", ln)]
    assert not bad, f"lines not of the form 'key = value': {bad[:10]}"


def test_account_values_come_from_the_database(stack, demo_phone):
    p = demo_phone
    body = p.get(p.tok1).body
    assert p.extension, "demo phone 00:15:65:00:00:01 has no device (user)"
    assert kv1(body, "account.1.user_name") == p.extension
    assert kv1(body, "account.1.password") == p.sip_password
    assert kv1(body, "account.1.display_name") == p.display_name
    assert kv1(body, "account.1.sip_server.1.address") == p.effective("hostname")
    assert kv1(body, "static.auto_provision.server.url") == f"{stack.base_url}/{p.tok2}/"


def test_utf8_display_name(stack, make_phone):
    p = make_phone(display_name="Zoë Ünïcödé — 電話")
    r = p.get(p.tok1)
    assert r.status == 200, r
    assert kv1(r.body, "account.1.display_name") == "Zoë Ünïcödé — 電話"
    assert r.header("Content-Length") == str(len(r.body))


def test_hostname_setting(stack, make_phone, settings):
    p = make_phone()
    settings.phone(p, "hostname", "pbx.example.test")
    assert kv1(p.get(p.tok1).body, "account.1.sip_server.1.address") == "pbx.example.test"


def test_language_maps_to_yealink_names(stack, make_phone, settings):
    p = make_phone()
    settings.phone(p, "language", "it")
    assert kv1(p.get(p.tok1).body, "lang.gui") == "Italian"
    settings.phone(p, "language", "en")
    assert kv1(p.get(p.tok1).body, "lang.gui") == "English"


def test_timezone_rome(stack, make_phone, settings):
    p = make_phone()
    settings.phone(p, "timezone", "Europe/Rome")
    body = p.get(p.tok1).body
    assert kv1(body, "local_time.time_zone") == "+1"


def test_vlan(stack, make_phone, settings):
    p = make_phone()
    settings.phone(p, "vlan_id_phone", "123")
    assert kv1(p.get(p.tok1).body, "static.network.vlan.internet_port_vid") == "123"


def test_blf_line_key(stack, make_phone, settings):
    p = make_phone()
    settings.phone(p, "linekey_type_1", "blf")
    settings.phone(p, "linekey_value_1", "202")
    body = p.get(p.tok1).body
    assert kv1(body, "linekey.1.type") == "16"
    assert kv1(body, "linekey.1.value") == "202"


def test_settings_precedence(stack, make_phone, settings):
    # a model of its own, so that the model-level change touches no other test's phone
    p = make_phone(model="T54W")
    settings.default("language", "it")
    settings.model("T54W", "language", "en")
    settings.phone(p, "language", "de")
    assert kv1(p.get(p.tok1).body, "lang.gui") == "German", "phone value must beat model and default"

    settings.phone(p, "language", "")
    assert kv1(p.get(p.tok1).body, "lang.gui") == "English", "phone '' must inherit the model value"

    settings.phone(p, "language", "-")
    assert kv1(p.get(p.tok1).body, "lang.gui") == "English", "phone '-' must inherit the model value"

    settings.model("T54W", "language", "-")
    assert kv1(p.get(p.tok1).body, "lang.gui") == "Italian", "model '-' must inherit the default"

    settings.model("T54W", "language", None)
    settings.phone(p, "language", None)
    assert kv1(p.get(p.tok1).body, "lang.gui") == "Italian", "with no model or phone value, the default"


def test_model_capabilities_drive_the_line_keys(stack, make_phone):
    # T46U has 27 line keys, T31G 2 (brand.xml)
    p46 = make_phone(model="T46U")
    p31 = make_phone(model="T31G")
    k46 = parse_kv(p46.get(p46.tok1).body)
    k31 = parse_kv(p31.get(p31.tok1).body)
    assert "linekey.27.type" in k46 and "linekey.28.type" not in k46
    assert "linekey.2.type" in k31 and "linekey.3.type" not in k31


def test_changes_show_at_the_next_request(stack, make_phone, settings):
    p = make_phone()
    r1 = p.get(p.tok1)
    settings.phone(p, "vlan_id_phone", "77")
    r2 = p.get(p.tok1)
    assert r2.status == 200
    assert kv1(r2.body, "static.network.vlan.internet_port_vid") == "77"
    assert r1.body != r2.body
    assert r1.header("ETag") != r2.header("ETag"), "changed content must have a different ETag"


def test_https_vhost(stack, make_phone):
    p = make_phone()
    r = stack.request("GET", p.path(p.tok1), ua=p.ua, https=True)
    assert r.status == 200, r
    assert r.body.startswith(b"#!version:1.0.0.1\n")
    # the HTTPS virtual host has a NethprovBaseURL of its own
    assert kv1(r.body, "static.auto_provision.server.url") == f"{stack.sbase_url}/{p.tok2}/"


def test_exp20_page_keys(stack, make_phone):
    """An EXP20 module (T27G: 38 keys) keeps keys 1 and 21 as its page keys; other models do not."""
    ph = make_phone("T27G")
    body = ph.get(ph.tok2).body
    assert kv1(body, "expansion_module.1.key.1.type") == "37"
    assert kv1(body, "expansion_module.2.key.21.type") == "37"
    assert kv1(body, "expansion_module.1.key.2.type") == "0"
    assert "expansion_module.1.key.39.type" not in body.decode()
    other = make_phone("T46U")
    assert kv1(other.get(other.tok2).body, "expansion_module.1.key.1.type") == "0"
