"""Yealink: every file the phones request, the `key = value` grammar, and the vendor values the template
derives from the catalogue (key types, capability limits, time zones, escaping, VLAN, firmware, boot files).

The demo phone 00:15:65:00:00:01 is never requested here: its tok1 must stay unused for other tests, and a
request with its tok2 would retire it. The other golden phones (sql/demo.sql + sql/demo/05_yealink.sql) are
requested with tok2 only.
"""

import re
import xml.etree.ElementTree as ET

import pytest

from conftest import TOP

BRAND_XML = TOP / "templates" / "yealink" / "brand.xml"

# Golden phones that may be requested (MAC, model); all of them carry the rich key set at phone level.
GOLDEN = [
    ("00:15:65:00:00:02", "T31G"),
    ("24:9a:d8:00:00:05", "T54W"),
    ("c4:fc:22:00:00:07", "VP59"),
    ("80:5e:0c:00:00:08", "AX83H"),
    ("00:15:65:00:05:01", "T19P_E2"),
    ("00:15:65:00:05:02", "T27G"),
    ("00:15:65:00:05:03", "T74U"),
    ("00:15:65:00:05:04", "T88W"),
]
RICH = "24:9a:d8:00:00:05"  # T54W of user 203, with VLANs, pictures, ring tone, firmware, LDAP base, TLS

# The rich key set of the demo data: (type, value, label) of line keys 1..20
RICH_LINEKEYS = [
    ("blf", "201", "Alice"), ("speed_dial", "0612345678", "Mobile"), ("line", "", "Line"), ("dnd", "", ""),
    ("forward", "0698765432", ""), ("transfer", "202", ""), ("hold", "", ""), ("conference", "", ""),
    ("direct_pickup", "201", ""), ("group_pickup", "", ""), ("dtmf", "1234", ""), ("recall", "", ""),
    ("record", "", ""), ("url", "https://intranet.example.com/", "Intranet"), ("voice_mail", "", ""),
    ("ldap", "", ""), ("multicast_paging", "224.0.1.75:5000", ""), ("phone_lock", "", ""), ("prefix", "9", ""),
    ("queuetoggle", "401", ""),
]
RICH_SOFTKEYS = ["forward", "dnd", "recall", "pick_up", "speed_dial", "group_pickup", "history", "menu",
                 "status", "ldap", "prefix"]

# Yealink type codes of every catalogue key type (linekey.N.type / expansion_module.M.key.K.type)
LINEKEY_CODE = {
    "blf": "16", "speed_dial": "13", "line": "15", "dnd": "5", "forward": "2", "transfer": "3", "hold": "4",
    "conference": "1", "direct_pickup": "9", "group_pickup": "23", "dtmf": "11", "recall": "7", "record": "25",
    "url": "17", "voice_mail": "12", "ldap": "38", "multicast_paging": "24", "phone_lock": "50", "prefix": "40",
    "queuetoggle": "13",
}
# ... and of every soft key type (programablekey.N.type)
SOFTKEY_CODE = {
    "forward": "2", "dnd": "5", "recall": "7", "pick_up": "9", "speed_dial": "13", "group_pickup": "23",
    "history": "28", "menu": "30", "status": "33", "ldap": "38", "prefix": "40",
}
NO_FUNCTION = "0"  # Yealink's "N/A" key type
# Catalogue key types Yealink has no equivalent for (rendered as NO_FUNCTION): none.
NO_EQUIVALENT_LINEKEY = set()
NO_EQUIVALENT_SOFTKEY = set()

KEY_RE = re.compile(r"^[A-Za-z0-9_.]+$")


# -- the grammar of a Yealink file ---------------------------------------------------------------------------

def parse_yealink(body):
    """A Yealink .cfg/.boot file as a list of (key, value); fails on any line outside the grammar.

    Line 1 is exactly '#!version:1.0.0.1'. Every other line is 'key = value' (key of letters, digits, '_'
    and '.', value anything but CR/LF, kept exactly), or an 'include:config "URL"' line (boot files), or a
    '#' comment. Returns [(key, value)], include lines as ('include:config', URL)."""
    text = body.decode("utf-8")
    assert text.endswith("\n"), "the file must end with a newline"
    assert "\r" not in text
    lines = text[:-1].split("\n")
    assert lines[0] == "#!version:1.0.0.1", f"first line: {lines[0]!r}"
    out = []
    for n, line in enumerate(lines[1:], start=2):
        if line.startswith("#"):
            continue
        m = re.fullmatch(r'include:config "([^"]+)"', line)
        if m:
            out.append(("include:config", m.group(1)))
            continue
        assert " = " in line, f"line {n} is not 'key = value': {line!r}"
        key, value = line.split(" = ", 1)
        assert KEY_RE.match(key), f"line {n}: bad key {key!r}"
        out.append((key, value))
    return out


def kv(body):
    """{key: value} of a Yealink file; a key may repeat only as static.security.user_password."""
    d = {}
    for k, v in parse_yealink(body):
        if k == "static.security.user_password":
            d.setdefault(k, []).append(v)
            continue
        assert k not in d, f"key {k} appears twice"
        d[k] = v
    return d


def _brand_files():
    root = ET.parse(BRAND_XML).getroot()
    return [(f.get("name"), f.get("content-type")) for f in root.findall("file")]


def _brand_prefixes():
    root = ET.parse(BRAND_XML).getroot()
    return [m.get("prefix") for m in root.findall("mac") if m.get("prefix")]


def _get(ph, token=None, filename=None, **kw):
    r = ph.get(token or ph.tok2, filename, **kw)
    assert r.status == 200, r
    return r


def _cfg(ph, token=None):
    return kv(_get(ph, token).body)


@pytest.fixture
def golden(stack):
    return {mac: stack.phone(mac) for mac, _ in GOLDEN}


# -- files, content types, 404 -------------------------------------------------------------------------------

@pytest.mark.parametrize("mac,model", GOLDEN)
def test_every_file_is_served_with_its_content_type(stack, mac, model):
    ph = stack.phone(mac)
    assert ph.model == model
    files = _brand_files()
    assert {n for n, _ in files} == {"{mac}.cfg", "{mac}.boot", "y000000000000.boot"}
    for name, ctype in files:
        fname = name.replace("{mac}", ph.plain)
        r = _get(ph, filename=fname)
        assert r.header("Content-Type") == ctype, (fname, r.header("Content-Type"))
        parse_yealink(r.body)
        if "{mac}" in name:
            # the upper-case spelling is the same file; another MAC under this token is not
            assert ph.get(ph.tok2, name.replace("{mac}", ph.plain.upper())).body == r.body
            other = name.replace("{mac}", "001565abcdef")
            assert ph.get(ph.tok2, other).status == 404
    assert ph.get("0" * 40).status == 404


def test_the_model_not_the_user_agent_decides(stack, golden):
    ph = golden["24:9a:d8:00:00:05"]
    as_t54w = _get(ph, ua=f"Yealink SIP-T54W 96.86.0.70 {ph.mac}").body
    as_t31g = _get(ph, ua=f"Yealink SIP-T31G 124.86.0.40 {ph.mac}").body
    no_ua = _get(ph, ua="").body
    assert as_t54w == as_t31g == no_ua
    assert "linekey.27.type" in kv(as_t54w)  # a T54W's 27 keys, not a T31G's 2


def test_same_data_same_bytes(stack, golden):
    ph = golden["00:15:65:00:05:02"]
    assert _get(ph).body == _get(ph).body


# -- grammar and main values of every golden phone -----------------------------------------------------------

@pytest.mark.parametrize("mac,model", GOLDEN)
def test_golden_config_values(stack, mac, model):
    ph = stack.phone(mac)
    c = _cfg(ph)
    assert c["static.auto_provision.server.url"] == f"{stack.base_url}/{ph.tok2}/"
    assert c["lang.gui"] == c["lang.wui"]
    assert c["local_time.time_zone"] == "+1"  # Europe/Rome, the default
    assert len(c["static.security.user_password"]) == 2
    assert c["static.security.user_password"][0] == "admin:" + ph.effective("adminpw")
    assert c["static.security.user_password"][1] == "user:" + ph.effective("userpw")
    if ph.extension:
        assert c["account.1.enable"] == "1"
        assert c["account.1.user_name"] == c["account.1.auth_name"] == ph.extension
        assert c["account.1.password"] == ph.sip_password
        assert c["account.1.sip_server.1.address"] == "127.0.0.1"
        assert c["account.1.display_name"] == ph.effective("account_display_name_1")
    else:
        assert not any(k.startswith("account.") for k in c), "no account without a user"
    caps = dict(stack.sql("SELECT key, value FROM nethprov.models, jsonb_each_text(caps) "
                          "WHERE brand = 'yealink' AND name = %s", (model,)))
    lk = int(caps["cap_linekey_count"])
    if lk >= 2:
        assert c["linekey.1.type"] == "16" and c["linekey.1.value"] == "201" and c["linekey.1.label"] == "Alice"
        assert c["linekey.1.pickup_value"] == "**"
        assert c["linekey.2.type"] == "13" and c["linekey.2.value"] == "0612345678"
    if lk > 20:
        assert c["linekey.21.type"] == NO_FUNCTION
        assert c["linekey.21.value"] == c["linekey.21.label"] == "%NULL%"
    assert f"linekey.{lk + 1}.type" not in c
    assert c["programablekey.1.type"] == "2"  # forward
    assert f"programablekey.{int(caps['cap_softkey_count']) + 1}.type" not in c


def test_every_line_keeps_the_grammar(stack, golden):
    for ph in golden.values():
        for name, _ in _brand_files():
            parse_yealink(_get(ph, filename=name.replace("{mac}", ph.plain)).body)


# -- escaping --------------------------------------------------------------------------------------------------

def test_display_name_and_ldap_base_survive(stack, golden):
    name = 'Rossi & Figli <Sales> "HQ"'
    for mac in (RICH, "00:15:65:00:05:01"):
        ph = golden[mac]
        assert ph.display_name == name
        c = _cfg(ph)
        assert c["account.1.display_name"] == name
        assert c["account.1.label"] == name
    assert _cfg(golden[RICH])["ldap.base"] == 'ou=Rossi "HQ",dc=example,dc=com'


def test_values_with_the_separator_and_comment_characters(stack, make_phone, settings):
    p = make_phone(display_name="A = B # C ; D")
    settings.phone(p, "linekey_type_1", "speed_dial")
    settings.phone(p, "linekey_value_1", "0612345678")
    settings.phone(p, "linekey_label_1", "x = y #z %NULL")
    c = _cfg(p)
    assert c["account.1.display_name"] == "A = B # C ; D"
    assert c["linekey.1.label"] == "x = y #z %NULL"


# -- key types ------------------------------------------------------------------------------------------------

def test_catalogue_key_types_are_all_covered(stack):
    (lk,) = stack.sql("SELECT allowed FROM nethprov.variables WHERE name = 'linekey_type'")[0]
    (ek,) = stack.sql("SELECT allowed FROM nethprov.variables WHERE name = 'expkey_type'")[0]
    (sk,) = stack.sql("SELECT allowed FROM nethprov.variables WHERE name = 'softkey_type'")[0]
    assert set(lk) == set(ek) == set(LINEKEY_CODE) | NO_EQUIVALENT_LINEKEY
    assert set(sk) == set(SOFTKEY_CODE) | NO_EQUIVALENT_SOFTKEY


def test_every_line_and_expansion_key_type(stack, golden):
    c = _cfg(golden[RICH])
    for n, (t, value, label) in enumerate(RICH_LINEKEYS, start=1):
        assert c[f"linekey.{n}.type"] == LINEKEY_CODE[t], t
        assert c[f"linekey.{n}.line"] == "1"
        want = {"queuetoggle": "*45", "group_pickup": "*8"}.get(t, value) or "%NULL%"
        assert c[f"linekey.{n}.value"] == want, t
        assert c[f"linekey.{n}.label"] == (label or "%NULL%"), t
        assert c[f"linekey.{n}.pickup_value"] == ("**" if t == "blf" else "%NULL%"), t
    assert c["expansion_module.1.key.1.type"] == "16"
    assert c["expansion_module.1.key.1.value"] == "202"
    assert c["expansion_module.1.key.1.label"] == "Bruno"
    assert c["expansion_module.1.key.2.type"] == "13"
    assert c["expansion_module.1.key.2.value"] == "0311111111"
    assert c["expansion_module.1.key.3.type"] == "5"
    assert c["expansion_module.1.key.4.type"] == NO_FUNCTION
    assert c["expansion_module.1.key.4.value"] == "%NULL%"


def test_every_expansion_key_type(stack, make_phone):
    p = make_phone("T46U")
    pairs = []
    for n, (t, value, _) in enumerate(RICH_LINEKEYS, start=1):
        pairs += [(f"expkey_type_{n}", t), (f"expkey_value_{n}", value)]
    stack.set_phone_settings(p, pairs)
    c = _cfg(p)
    for n, (t, _, _) in enumerate(RICH_LINEKEYS, start=1):
        assert c[f"expansion_module.1.key.{n}.type"] == LINEKEY_CODE[t], t
    assert c["expansion_module.1.key.20.value"] == "*45"


def test_every_soft_key_type(stack, make_phone, settings):
    p = make_phone("T46U")  # 4 soft keys: the 11 types in three rounds
    for start in range(0, len(RICH_SOFTKEYS), 4):
        types = RICH_SOFTKEYS[start:start + 4]
        for n, t in enumerate(types, start=1):
            settings.phone(p, f"softkey_type_{n}", t)
        c = _cfg(p)
        for n, t in enumerate(types, start=1):
            assert c[f"programablekey.{n}.type"] == SOFTKEY_CODE[t], t
            want = {"pick_up": "**", "group_pickup": "*8"}.get(t, "%NULL%")
            assert c[f"programablekey.{n}.pickup_value"] == want, t


def test_soft_key_values_and_labels(stack, golden):
    ph = golden["00:15:65:00:05:03"]  # T74U, 4 soft keys: forward dnd recall pick_up
    c = _cfg(ph)
    assert [c[f"programablekey.{n}.type"] for n in range(1, 5)] == ["2", "5", "7", "9"]
    assert c["programablekey.4.pickup_value"] == "**"
    assert "programablekey.5.type" not in c


def test_no_vendor_equivalent_renders_no_function(stack, make_phone, settings):
    """Yealink has an equivalent for every catalogue type (the template says so); only an unassigned key
    is "no function": type 0 with an empty (%NULL%) value and label."""
    assert not NO_EQUIVALENT_LINEKEY and not NO_EQUIVALENT_SOFTKEY
    for t in NO_EQUIVALENT_LINEKEY:  # kept for the day the catalogue grows a type Yealink lacks
        p = make_phone("T46U")
        settings.phone(p, "linekey_type_1", t)
        assert _cfg(p)["linekey.1.type"] == NO_FUNCTION
    p = make_phone("T46U")
    c = _cfg(p)
    for n in (1, 27):
        assert c[f"linekey.{n}.type"] == NO_FUNCTION
        assert c[f"linekey.{n}.value"] == c[f"linekey.{n}.label"] == "%NULL%"
    assert c["expansion_module.3.key.60.type"] == NO_FUNCTION
    for code in LINEKEY_CODE.values():
        assert code != NO_FUNCTION
    for code in SOFTKEY_CODE.values():
        assert code != NO_FUNCTION
    # soft keys nobody configured: NethVoice's layout history, ldap, group_pickup, menu
    assert [c[f"programablekey.{n}.type"] for n in range(1, 5)] == ["28", "38", "23", "30"]


# -- capability limits -----------------------------------------------------------------------------------------

def _set_keys(stack, p, kind, count, t="speed_dial"):
    pairs = []
    for n in range(1, count + 1):
        pairs += [(f"{kind}_type_{n}", t), (f"{kind}_value_{n}", str(1000 + n))]
    stack.set_phone_settings(p, pairs)


def test_line_and_soft_keys_stop_at_the_capability(stack, make_phone):
    for model, lk, sk in (("T31G", 2, 4), ("T46U", 27, 4), ("T88W", 84, 4), ("AX83H", 0, 2)):
        p = make_phone(model)
        _set_keys(stack, p, "linekey", 90)
        _set_keys(stack, p, "softkey", 6)
        c = _cfg(p)
        if lk:
            assert c[f"linekey.{lk}.type"] == "13" and c[f"linekey.{lk}.value"] == str(1000 + lk), model
        assert f"linekey.{lk + 1}.type" not in c, model
        assert c[f"programablekey.{sk}.value"] == str(1000 + sk), model
        assert f"programablekey.{sk + 1}.type" not in c, model


def test_expansion_keys_are_numbered_across_modules(stack, make_phone, settings):
    p = make_phone("T46U")  # 3 x 60 (EXP43)
    settings.phone(p, "expkey_type_61", "blf")
    settings.phone(p, "expkey_value_61", "202")
    settings.phone(p, "expkey_type_180", "speed_dial")
    settings.phone(p, "expkey_value_180", "0612345678")
    settings.phone(p, "expkey_type_181", "speed_dial")
    settings.phone(p, "expkey_value_181", "0698765432")
    c = _cfg(p)
    assert c["expansion_module.2.key.1.type"] == "16" and c["expansion_module.2.key.1.value"] == "202"
    assert c["expansion_module.3.key.60.type"] == "13"
    assert c["expansion_module.3.key.60.value"] == "0612345678"
    assert "expansion_module.3.key.61.type" not in c
    assert not any(k.startswith("expansion_module.4.") for k in c)
    assert "0698765432" not in c.values()

    t31 = make_phone("T31G")  # no expansion module
    settings.phone(t31, "expkey_type_1", "blf")
    assert not any(k.startswith("expansion_module.") for k in _cfg(t31))


def test_exp20_page_keys_take_no_catalogue_key(stack, golden, make_phone, settings):
    c = _cfg(golden["00:15:65:00:05:02"])  # T27G: EXP20, 3 x 38
    for m in (1, 2, 3):
        assert c[f"expansion_module.{m}.key.1.type"] == "37"
        assert c[f"expansion_module.{m}.key.21.type"] == "37"
        assert f"expansion_module.{m}.key.39.type" not in c
    # expkey 1..3 are the first usable keys, 2..4
    assert [c[f"expansion_module.1.key.{k}.type"] for k in (2, 3, 4, 5)] == ["16", "13", "5", NO_FUNCTION]
    assert c["expansion_module.1.key.2.label"] == "Bruno"
    p = make_phone("T27G")
    settings.phone(p, "expkey_type_19", "speed_dial")   # module 1, key 20
    settings.phone(p, "expkey_value_19", "19")
    settings.phone(p, "expkey_type_20", "speed_dial")   # module 1, key 22 (after the page key)
    settings.phone(p, "expkey_value_20", "20")
    settings.phone(p, "expkey_type_39", "speed_dial")   # module 2, key 2
    settings.phone(p, "expkey_value_39", "39")
    c = _cfg(p)
    assert c["expansion_module.1.key.20.value"] == "19"
    assert c["expansion_module.1.key.21.type"] == "37"
    assert c["expansion_module.1.key.22.value"] == "20"
    assert c["expansion_module.2.key.2.value"] == "39"
    assert not any(k.startswith("expansion_module.4.") for k in c)


# -- time zones, regional settings -----------------------------------------------------------------------------

@pytest.mark.parametrize("zone,expected", [
    ("Europe/Rome", {"local_time.time_zone": "+1", "local_time.summer_time": "1", "local_time.dst_time_type": "1",
                     "local_time.start_time": "3/5/7/2", "local_time.end_time": "10/5/7/3",
                     "local_time.offset_time": "60"}),
    ("America/New_York", {"local_time.time_zone": "-5", "local_time.summer_time": "1",
                          "local_time.start_time": "3/2/7/2", "local_time.end_time": "11/1/7/2",
                          "local_time.offset_time": "60"}),
    ("Asia/Tokyo", {"local_time.time_zone": "+9", "local_time.summer_time": "0"}),
    ("Asia/Kolkata", {"local_time.time_zone": "+5:30", "local_time.summer_time": "0"}),
    ("UTC", {"local_time.time_zone": "0", "local_time.summer_time": "0"}),
])
def test_time_zone(stack, make_phone, settings, zone, expected):
    p = make_phone()
    settings.phone(p, "timezone", zone)
    c = _cfg(p)
    for k, v in expected.items():
        assert c[k] == v, (zone, k)
    if expected["local_time.summer_time"] == "0":
        assert "local_time.start_time" not in c and "local_time.end_time" not in c


def test_regional_maps(stack, make_phone, settings):
    p = make_phone()
    for name, value, key, want in (
        ("language", "de", "lang.gui", "German"),
        ("language", "zh", "lang.gui", "English"),          # not offered: English
        ("tonezone", "us", "voice.tone.country", "United States"),
        ("tonezone", "ao", "voice.tone.country", "Portugal"),  # no Yealink tone set: the nearest one
        ("date_format", "YYYY MM DD", "local_time.date_format", "2"),
        ("time_format", "12", "local_time.time_format", "0"),
        ("dss_transfer", "blind", "transfer.dsskey_deal_type", "2"),
        ("account_dtmf_type_1", "sip_info", "account.1.dtmf.type", "2"),
    ):
        settings.phone(p, name, value)
        assert _cfg(p)[key] == want, (name, value)


# -- network, security, provisioning -----------------------------------------------------------------------------

def test_vlan(stack, golden, make_phone, settings):
    c = _cfg(golden[RICH])
    assert c["static.network.vlan.internet_port_enable"] == "1"
    assert c["static.network.vlan.internet_port_vid"] == "20"
    assert c["static.network.vlan.pc_port_enable"] == "1"
    assert c["static.network.vlan.pc_port_vid"] == "30"
    p = make_phone()
    settings.phone(p, "vlan_id_phone", "0")
    c = _cfg(p)
    assert c["static.network.vlan.internet_port_enable"] == "0"
    assert c["static.network.vlan.pc_port_enable"] == "0"
    assert "static.network.vlan.internet_port_vid" not in c and "static.network.vlan.pc_port_vid" not in c
    settings.phone(p, "vlan_id_pcport", "4094")
    assert _cfg(p)["static.network.vlan.pc_port_vid"] == "4094"


def test_tls_account(stack, golden):
    c = _cfg(golden[RICH])
    assert c["account.1.sip_server.1.transport_type"] == "2"
    assert c["account.1.sip_server.1.port"] == "5061"
    assert c["account.1.srtp_encryption"] == "2"
    c = _cfg(golden["00:15:65:00:05:02"])
    assert c["account.1.sip_server.1.transport_type"] == "0"
    assert c["account.1.sip_server.1.port"] == "5060"
    assert c["account.1.srtp_encryption"] == "0"


def test_outbound_proxy(stack, make_phone, settings):
    p = make_phone()
    assert _cfg(p)["account.1.outbound_proxy_enable"] == "0"
    settings.phone(p, "outbound_proxy_1", "proxy.example.com")
    c = _cfg(p)
    assert c["account.1.outbound_proxy_enable"] == "1"
    assert c["account.1.outbound_proxy.1.address"] == "proxy.example.com"
    assert c["account.1.outbound_proxy.1.port"] == "5060"


def test_firmware_and_asset_urls(stack, golden, make_phone, settings):
    ph = golden[RICH]
    base = f"{stack.base_url}/{ph.tok2}/"
    c = _cfg(ph)
    assert c["static.firmware.url"] == base + "firmware/T54W-96.86.0.70.rom"
    assert c["wallpaper_upload.url"] == base + "backgrounds/wall.png"
    assert c["phone_setting.backgrounds"] == "Config:wall.png"
    assert c["screensaver.type"] == "1"
    assert c["screensaver.upload_url"] == base + "screensavers/saver.png"
    assert c["ringtone.url"] == base + "ringtones/ring.wav"
    assert c["phone_setting.ring_type"] == "ring.wav"
    # a model without background or screen saver support gets neither; no firmware file, no URL
    p = make_phone("T31G")
    settings.phone(p, "background_file", "wall.png")
    settings.phone(p, "screensaver_file", "saver.png")
    c = _cfg(p)
    assert "static.firmware.url" not in c
    assert not any(k.startswith(("wallpaper_upload.", "phone_setting.backgrounds", "screensaver.type")) for k in c)
    # the URLs always carry tok2, even when the phone asks with tok1
    p = make_phone("T46U")
    settings.phone(p, "firmware_file", "T46U-108.86.0.90.rom")
    c = _cfg(p, token=p.tok1)
    assert c["static.firmware.url"] == f"{stack.base_url}/{p.tok2}/firmware/T46U-108.86.0.90.rom"


def test_ringtone_within_the_capability(stack, make_phone, settings):
    p31 = make_phone("T31G")  # 4 built-in tones
    p46 = make_phone("T46U")  # 10
    for value, want31, want46 in (("0", "Silent.wav", "Silent.wav"), ("4", "Ring4.wav", "Ring4.wav"),
                                  ("8", "Ring1.wav", "Ring8.wav"), ("10", "Ring1.wav", "Splash.wav"),
                                  ("-1", "Ring1.wav", "Ring1.wav")):  # -1 without a file
        settings.phone(p31, "ringtone", value)
        settings.phone(p46, "ringtone", value)
        assert _cfg(p31)["phone_setting.ring_type"] == want31, value
        assert _cfg(p46)["phone_setting.ring_type"] == want46, value


def test_ldap(stack, make_phone, settings):
    p = make_phone()
    c = _cfg(p)
    assert c["ldap.enable"] == "1" and c["ldap.host"] == "127.0.0.1" and c["ldap.port"] == "389"
    assert c["ldap.numb_attr"] == "telephoneNumber mobile homePhone"
    assert c["ldap.name_filter"] == "(|(cn=%)(o=%))"
    assert c["ldap.password"] == p.effective("ldap_password")
    settings.phone(p, "ldap_tls", "ldaps")
    settings.default("ldap_port", None)
    settings.phone(p, "ldap_server", "ldap.example.com")
    settings.phone(p, "ldap_mobilephone_number_attr", "mobileTelephoneNumber")
    c = _cfg(p)
    assert c["ldap.tls_mode"] == "2" and c["ldap.port"] == "636" and c["ldap.host"] == "ldap.example.com"
    assert c["ldap.numb_attr"] == "telephoneNumber mobileTelephoneNumber homePhone"
    # without the three attributes, the list ldap_number_attr
    for name in ("ldap_mainphone_number_attr", "ldap_mobilephone_number_attr", "ldap_otherphone_number_attr"):
        settings.default(name, None)
        settings.phone(p, name, None)
    settings.default("ldap_number_attr", "telephoneNumber mobile")
    assert _cfg(p)["ldap.numb_attr"] == "telephoneNumber mobile"


def test_provisioning_schedule(stack, make_phone, settings):
    p = make_phone()
    first = _cfg(p, token=p.tok1)  # first access: poll every minute until tok2 is used
    assert first["static.auto_provision.server.url"] == f"{stack.base_url}/{p.tok2}/"
    assert first["static.auto_provision.repeat.enable"] == "1"
    assert first["static.auto_provision.repeat.minutes"] == "1"
    assert first["static.auto_provision.weekly.enable"] == "0"
    done = _cfg(p)  # tok2: nightly
    assert done["static.auto_provision.repeat.enable"] == "0"
    assert done["static.auto_provision.weekly.enable"] == "1"
    assert done["static.auto_provision.weekly.begin_time"] == "01:00"
    settings.phone(p, "provisioning_freq", "never")
    never = _cfg(p)
    assert never["static.auto_provision.repeat.enable"] == "0"
    assert never["static.auto_provision.weekly.enable"] == "0"


def test_dnd_forward_and_call_waiting_codes(stack, golden):
    c = _cfg(golden["00:15:65:00:05:02"])
    assert c["account.1.dnd.on_code"] == "*78" and c["account.1.dnd.off_code"] == "*79"
    assert c["account.1.always_fwd.on_code"] == "*72" and c["account.1.busy_fwd.on_code"] == "*90"
    assert c["account.1.timeout_fwd.on_code"] == "*52"
    assert c["call_waiting.on_code"] == "*70" and c["call_waiting.enable"] == "1"
    assert c["voice_mail.number.1"] == "*97"
    assert c["features.pickup.group_pickup_code"] == "*8"


# -- boot files ------------------------------------------------------------------------------------------------

def test_boot_files(stack, golden, make_phone):
    ph = golden["00:15:65:00:05:03"]
    for name in (f"{ph.plain}.boot", "y000000000000.boot"):
        lines = parse_yealink(_get(ph, filename=name).body)
        assert lines == [("include:config", f"{stack.base_url}/{ph.tok2}/{ph.plain}.cfg"),
                         ("overwrite_mode", "1")], name
    # asked with tok1, the include stays under tok1 (the .cfg then moves the phone to tok2)
    p = make_phone()
    lines = parse_yealink(_get(p, token=p.tok1, filename="y000000000000.boot").body)
    assert lines[0] == ("include:config", f"{stack.base_url}/{p.tok1}/{p.plain}.cfg")
    assert p.get(p.tok1, "001565abcdef.boot").status == 404


# -- MAC detection ---------------------------------------------------------------------------------------------

def test_mac_prefixes_detect_yealink(stack):
    prefixes = _brand_prefixes()
    assert len(prefixes) == 12
    for prefix in prefixes:
        for tail in ("000000", "123456", "ffffff"):
            hex12 = prefix + tail
            mac = ":".join(hex12[i:i + 2] for i in range(0, 12, 2))
            (got,) = stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (mac,))[0]
            assert got == "yealink", mac
    (other,) = stack.sql("SELECT nethprov.detect_brand('00:15:66:00:00:01'::macaddr)")[0]
    assert other != "yealink"


# -- keys that Tancredi derives from a setting (issue 10) -------------------------------------------------------

def test_tone_country_of_every_catalogue_country(stack, make_phone, settings):
    """Every tonezone of the catalogue gets one of Yealink's tone sets, the nearest one for a country that
    has none of its own (as Tancredi chose them), and "United States" is spelled as Yealink lists it."""
    permitted = {"Custom", "Australia", "Austria", "Brazil", "Belgium", "Chile", "China", "Czech", "Czech ETSI",
                 "Denmark", "Finland", "France", "Germany", "Great Britain", "Greece", "Hungary", "Lithuania",
                 "India", "Italy", "Japan", "Mexico", "New Zealand", "Netherlands", "Norway", "Portugal", "Spain",
                 "Switzerland", "Sweden", "Russia", "United States"}
    nearest = {"ar": "Spain", "pl": "Germany", "tr": "Greece", "za": "Great Britain", "tw": "China",
               "il": "United States", "it": "Italy", "us": "United States"}
    zones = stack.sql("SELECT allowed FROM nethprov.variables WHERE name = 'tonezone'")[0][0]
    p = make_phone()
    for zone in zones:
        settings.phone(p, "tonezone", zone)
        got = _cfg(p)["voice.tone.country"]
        assert got in permitted and got != "Custom", zone
        if zone in nearest:
            assert got == nearest[zone], zone


def test_account_and_transfer_failed_ring_tones_follow_ringtone(stack, make_phone, settings):
    p = make_phone("T46U")
    for value, want in (("3", "Ring3.wav"), ("0", "Silent.wav"), ("10", "Splash.wav")):
        settings.phone(p, "ringtone", value)
        c = _cfg(p)
        assert c["account.1.ringtone.ring_type"] == want, value
        assert c["phone_setting.ring_for_tranfailed"] == want, value
    settings.phone(p, "ringtone", "-1")
    settings.phone(p, "ringtone_file", "office.wav")
    c = _cfg(p)
    assert c["phone_setting.ring_type"] == c["account.1.ringtone.ring_type"] == "office.wav"
    assert c["phone_setting.ring_for_tranfailed"] == "office.wav"


def test_ldap_title_in_the_phone_language(stack, make_phone, settings):
    p = make_phone()
    settings.phone(p, "language", "it")
    assert _cfg(p)["ldap.customize_label"] == "Rubrica"
    settings.phone(p, "language", "de")
    assert _cfg(p)["ldap.customize_label"] == "Phonebook"


def test_dect_handset_language_and_formats(stack, make_phone, settings):
    p = make_phone("AX86R")
    for name, value in (("language", "it"), ("date_format", "YYYY MM DD"), ("time_format", "12")):
        settings.phone(p, name, value)
    c = _cfg(p)
    assert c["custom.handset.language"] == "Italian"
    assert c["custom.handset.date_format"] == "2"
    assert c["custom.handset.time_format"] == "0"
    settings.phone(p, "time_format", "24")
    assert _cfg(p)["custom.handset.time_format"] == "1"
    # desk phones have no handset: nothing of it is written
    assert not any(k.startswith("custom.handset.") for k in _cfg(make_phone("T46U")))
