"""Akuvox: the file the phones request ({mac}.cfg), its line grammar ("#!version:1.0.0.1" then
"Config.<Module>.<SECTION>.<Key> = value"), and the vendor values the template derives from the catalogue (key
types, capability limits, time zones, escaping, VLAN, firmware and provisioning URLs).

The golden phones of sql/demo/41_akuvox.sql are requested with tok2 only; tests that change settings use phones
of their own (MACs 0c:11:05:7e:xx:xx) or undo their changes (`settings`).
"""

import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import TOP, _ext_seq

BRAND_XML = TOP / "templates" / "akuvox" / "brand.xml"
UA = "Akuvox {model} 63.30.2.14 {mac}"  # [unverified] the User-Agent was never captured; the model decides

GOLDEN = [
    ("0c:11:05:01:00:41", "SPR50P"),
    ("0c:11:05:02:00:41", "SPR63G"),
    ("9c:75:14:03:00:41", "WP480"),
]
RICH = "0c:11:05:02:00:41"     # SPR63G: VLANs, ring tone, firmware, LDAP base, TLS
ESCAPE = "0c:11:05:01:00:41"   # SPR50P of user 336 'Rossi & Figli <Sales> "HQ"'

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

# Akuvox codes of every catalogue key type (LINEKEYn.Type / EmM.EXTKEYk.Type)
LINEKEY_CODE = {
    "dnd": "1", "ldap": "5", "forward": "6", "direct_pickup": "7", "group_pickup": "8", "speed_dial": "10",
    "queuetoggle": "10", "line": "14", "blf": "16", "recall": "18", "record": "20", "dtmf": "22",
    "multicast_paging": "24", "voice_mail": "26", "transfer": "27", "url": "32",
    "hold": "0", "conference": "0", "phone_lock": "0", "prefix": "0",
}
SOFTKEY_CODE = {
    "dnd": "1", "menu": "2", "status": "4", "ldap": "5", "forward": "6", "pick_up": "7", "group_pickup": "8",
    "speed_dial": "10", "history": "11", "recall": "18", "prefix": "0",
}
NO_FUNCTION = "0"  # the phone's "N/A" key type
# Catalogue key types with no Akuvox equivalent (rendered as NO_FUNCTION)
NO_EQUIVALENT_LINEKEY = {"hold", "conference", "phone_lock", "prefix"}
NO_EQUIVALENT_SOFTKEY = {"prefix"}

KEY_RE = re.compile(r"Config(\.[A-Za-z0-9_]+){2,}")

_mac_seq = itertools.count(1)


# -- the grammar of an Akuvox file ---------------------------------------------------------------------------

def parse_akuvox(body):
    """An Akuvox .cfg file as a list of (key, value); fails on any line outside the grammar.

    Line 1 is exactly '#!version:1.0.0.1'. Every other line is a '#' comment or 'key = value', the key
    'Config' and at least two more dot-separated parts of letters, digits and '_', the value anything but
    CR/LF, kept exactly (trailing spaces included)."""
    text = body.decode("utf-8")
    assert text.endswith("\n"), "the file must end with a newline"
    assert "\r" not in text and "\0" not in text
    lines = text[:-1].split("\n")
    assert lines[0] == "#!version:1.0.0.1", f"first line: {lines[0]!r}"
    out = []
    for n, line in enumerate(lines[1:], start=2):
        if line.startswith("#"):
            continue
        assert " = " in line, f"line {n} is not 'key = value': {line!r}"
        key, value = line.split(" = ", 1)
        assert KEY_RE.fullmatch(key), f"line {n}: bad key {key!r}"
        out.append((key, value))
    return out


def kv(body):
    """{key: value} of an Akuvox file; no key may appear twice."""
    d = {}
    for k, v in parse_akuvox(body):
        assert k not in d, f"key {k} appears twice"
        d[k] = v
    return d


# -- helpers ---------------------------------------------------------------------------------------------------

def get(ph, token=None, filename=None, ua=None, **kw):
    if ua is None:
        ua = UA.format(model=ph.model, mac=ph.mac)
    return ph.stack.request("GET", f"/provisioning/{token or ph.tok2}/{filename or ph.plain + '.cfg'}",
                            ua=ua, **kw)


def cfg(ph, token=None, **kw):
    r = get(ph, token, **kw)
    assert r.status == 200, r
    return kv(r.body)


def new_phone(stack, model, user=False, prefix="0c:11:05"):
    """An Akuvox phone of the test's own; with user=True also a user and a device (account 1)."""
    n = next(_mac_seq)
    mac = f"{prefix}:7e:{n >> 8:02x}:{n & 0xFF:02x}"
    (pid,) = stack.sql("INSERT INTO nethprov.phones (mac, model) VALUES (%s, %s) RETURNING id", (mac, model))[0]
    if user:
        ext = str(next(_ext_seq))
        stack.sql("INSERT INTO nethprov.users (extension, display_name) VALUES (%s, %s)", (ext, f"Akuvox {ext}"))
        stack.sql("INSERT INTO nethprov.devices (phone_id, user_extension) VALUES (%s, %s)", (pid, ext))
    return stack.phone(mac)


def lk(n, what):
    return f"Config.Programable.LINEKEY{n}.{what}"


def sk(n, what):
    return f"Config.Programable.SOFTKEY{n:02d}.{what}"


@pytest.fixture
def golden(stack):
    return {mac: stack.phone(mac) for mac, _ in GOLDEN}


# -- files, content types, 404 ---------------------------------------------------------------------------------

def test_brand_files():
    root = ET.parse(BRAND_XML).getroot()
    files = [(f.get("name"), f.get("content-type")) for f in root.findall("file")]
    assert files == [("{mac}.cfg", "text/plain; charset=utf-8")]


@pytest.mark.parametrize("mac,model", GOLDEN)
def test_the_file_is_served_with_its_content_type(stack, mac, model):
    ph = stack.phone(mac)
    assert ph.model == model
    r = get(ph)
    assert r.status == 200, r
    assert r.header("Content-Type") == "text/plain; charset=utf-8"
    assert r.header("Content-Length") == str(len(r.body))
    parse_akuvox(r.body)
    # the upper-case spelling of the MAC is the same file; another MAC under this token is not
    assert get(ph, filename=f"{ph.plain.upper()}.cfg").body == r.body
    assert get(ph, filename="0c1105abcdef.cfg").status == 404
    assert get(ph, filename=f"cfg{ph.plain}.xml").status == 404
    assert get(ph, token="0" * 40).status == 404


def test_the_model_not_the_user_agent_decides(stack, golden):
    ph = golden[ESCAPE]  # SPR50P: 1 line key
    own = get(ph).body
    assert own == get(ph, ua=f"Akuvox SP-R63G 63.30.2.14 {ph.mac}").body == get(ph, ua="").body
    c = kv(own)
    assert lk(1, "Type") in c and lk(2, "Type") not in c


def test_same_data_same_bytes(stack, golden):
    ph = golden[RICH]
    assert get(ph).body == get(ph).body


# -- grammar and main values of every golden phone -------------------------------------------------------------

@pytest.mark.parametrize("mac,model", GOLDEN)
def test_golden_config_values(stack, mac, model):
    ph = stack.phone(mac)
    c = cfg(ph)
    tls = mac == RICH
    assert c["Config.Autoprovision.GENERAL.Url"] == f"{stack.base_url}/{ph.tok2}/{ph.plain}.cfg"
    assert c["Config.Account1.GENERAL.Enable"] == "1"
    assert c["Config.Account1.GENERAL.UserName"] == c["Config.Account1.GENERAL.AuthName"] == ph.extension
    assert c["Config.Account1.GENERAL.Pwd"] == ph.sip_password
    assert c["Config.Account1.GENERAL.DisplayName"] == c["Config.Account1.GENERAL.Label"] == ph.display_name
    assert c["Config.Account1.SIP.Server"] == "127.0.0.1"
    assert c["Config.Account1.SIP.Port"] == ("5061" if tls else "5060")
    assert c["Config.Account1.SIP.TransType"] == ("2" if tls else "0")
    assert c["Config.Account1.ENCRYPTION.SRTPEncryption"] == ("2" if tls else "0")
    assert c["Config.Account1.DTMF.Type"] == "1"          # rfc4733
    assert c["Config.Account1.VOICEMSG.Number"] == "*97"
    assert c["Config.Settings.LANGUAGE.Type"] == "7"      # it
    assert c["Config.Settings.SNTP.TimeZone"] == "+1"     # Europe/Rome
    assert c["Config.Settings.SNTP.Name"] == "Italy(Rome)"
    assert c["Config.Settings.WEB_LOGIN.Password"] == c["Config.Settings.LOGIN.Password"] == ph.effective("adminpw")
    assert c["Config.Settings.WEB_LOGIN.Password02"] == ph.effective("userpw")
    n_lk = int(stack.model_caps("akuvox", model)["cap_linekey_count"])
    for n in range(1, n_lk + 1):
        assert c[lk(n, "Type")] == LINEKEY_CODE[RICH_LINEKEYS[n - 1][0]], n
    assert c[lk(1, "Param1")] == "201" and c[lk(1, "Label")] == "Alice" and c[lk(1, "Param3")] == "**"
    assert lk(n_lk + 1, "Type") not in c
    for n in range(1, 5):
        assert c[sk(n, "Type")] == SOFTKEY_CODE[RICH_SOFTKEYS[n - 1]]
    assert sk(5, "Type") not in c
    assert not any(k.startswith("Config.Em") for k in c), "no expansion module"


def test_every_line_keeps_the_grammar(stack, golden):
    for ph in golden.values():
        lines = get(ph).body.decode("utf-8").split("\n")
        assert lines[-1] == ""
        for line in lines[1:-1]:
            assert line.startswith("# ") or re.fullmatch(r"Config(\.[A-Za-z0-9_]+){2,} = [^\r\n]*", line), line


# -- escaping --------------------------------------------------------------------------------------------------

def test_display_name_and_ldap_base_survive(stack, golden):
    ph = golden[ESCAPE]
    assert ph.display_name == 'Rossi & Figli <Sales> "HQ"'
    c = cfg(ph)
    assert c["Config.Account1.GENERAL.DisplayName"] == 'Rossi & Figli <Sales> "HQ"'
    assert c["Config.Account1.GENERAL.Label"] == 'Rossi & Figli <Sales> "HQ"'
    assert cfg(golden[RICH])["Config.Ldap.LDAP.Root"] == 'ou=Rossi "HQ",dc=example,dc=com'


def test_values_with_the_separator_and_comment_characters(stack):
    p = new_phone(stack, "SPR63G", user=True)
    stack.set_phone_settings(p, [("account_display_name_1", "A = B # C ; D "), ("linekey_type_1", "speed_dial"),
                        ("linekey_value_1", "0612345678"), ("linekey_label_1", "x = y #z")])
    c = cfg(p)
    assert c["Config.Account1.GENERAL.DisplayName"] == "A = B # C ; D "
    assert c[lk(1, "Label")] == "x = y #z"


# -- key types ------------------------------------------------------------------------------------------------

def test_catalogue_key_types_are_all_covered(stack):
    (lkt,) = stack.sql("SELECT allowed FROM nethprov.variables WHERE name = 'linekey_type'")[0]
    (ekt,) = stack.sql("SELECT allowed FROM nethprov.variables WHERE name = 'expkey_type'")[0]
    (skt,) = stack.sql("SELECT allowed FROM nethprov.variables WHERE name = 'softkey_type'")[0]
    assert set(lkt) == set(ekt) == set(LINEKEY_CODE)
    assert set(skt) == set(SOFTKEY_CODE)
    assert {t for t, code in LINEKEY_CODE.items() if code == NO_FUNCTION} == NO_EQUIVALENT_LINEKEY
    assert {t for t, code in SOFTKEY_CODE.items() if code == NO_FUNCTION} == NO_EQUIVALENT_SOFTKEY


def test_every_line_key_type(stack):
    """The rich key set on a phone whose capability is raised to 20 line keys."""
    p = new_phone(stack, "SPR63G")
    pairs = [("cap_linekey_count", "20")]
    for n, (t, v, label) in enumerate(RICH_LINEKEYS, start=1):
        pairs += [(f"linekey_type_{n}", t), (f"linekey_value_{n}", v or "-"), (f"linekey_label_{n}", label or "-")]
    stack.set_phone_settings(p, pairs)
    c = cfg(p)
    for n, (t, v, label) in enumerate(RICH_LINEKEYS, start=1):
        assert c[lk(n, "Type")] == LINEKEY_CODE[t], (n, t)
        if t in NO_EQUIVALENT_LINEKEY:
            assert c[lk(n, "Param1")] == c[lk(n, "Label")] == c[lk(n, "Param2")] == "", (n, t)
            continue
        expected = {"queuetoggle": "*45", "group_pickup": "*8"}.get(t, v)
        assert c[lk(n, "Param1")] == expected, (n, t)
        assert c[lk(n, "Label")] == label, (n, t)
        assert c[lk(n, "Param2")] == "1", (n, t)
        assert c[lk(n, "Param3")] == ("**" if t in ("blf", "direct_pickup") else ""), (n, t)


def test_every_expansion_key_type(stack):
    p = new_phone(stack, "SPR63G")
    types = sorted(LINEKEY_CODE)
    pairs = [("cap_expmodule_count", "2"), ("cap_expkey_count", "20")]
    for i, t in enumerate(types, start=1):
        pairs += [(f"expkey_type_{i}", t), (f"expkey_value_{i}", f"7{i:02d}"), (f"expkey_label_{i}", f"E{i}")]
    pairs += [("expkey_type_21", "blf"), ("expkey_value_21", "205")]
    stack.set_phone_settings(p, pairs)
    c = cfg(p)
    for i, t in enumerate(types, start=1):
        key = f"Config.Em1.EXTKEY{i}"
        assert c[f"{key}.Type"] == LINEKEY_CODE[t], (i, t)
        if t in NO_EQUIVALENT_LINEKEY:
            assert c[f"{key}.Param1"] == c[f"{key}.Label"] == "", t
        else:
            assert c[f"{key}.Label"] == f"E{i}"
            assert c[f"{key}.Param1"] == ("*45" if t == "queuetoggle" else f"7{i:02d}")
    # numbered across modules: key 1 of module 2 is catalogue key 21
    assert c["Config.Em2.EXTKEY1.Type"] == "16" and c["Config.Em2.EXTKEY1.Param1"] == "205"
    assert c["Config.Em2.EXTKEY1.Param3"] == "**"
    assert "Config.Em2.EXTKEY21.Type" not in c and "Config.Em3.EXTKEY1.Type" not in c


def test_every_soft_key_type(stack):
    p = new_phone(stack, "WP410")
    types = sorted(SOFTKEY_CODE)
    for batch in range(0, len(types), 4):
        chunk = types[batch:batch + 4]
        stack.set_phone_settings(p, [(f"softkey_type_{n}", t) for n, t in enumerate(chunk, start=1)])
        c = cfg(p)
        for n, t in enumerate(chunk, start=1):
            assert c[sk(n, "Type")] == SOFTKEY_CODE[t], t


def test_soft_key_values_labels_and_defaults(stack):
    p = new_phone(stack, "SPR50P")
    c = cfg(p)
    # nothing configured: Tancredi's Akuvox layout history, group_pickup, status, menu
    assert [c[sk(n, "Type")] for n in range(1, 5)] == ["11", "8", "4", "2"]
    assert c[sk(2, "Param1")] == "*8"
    stack.set_phone_settings(p, [("softkey_type_1", "speed_dial"), ("softkey_value_1", "0612345678"),
                        ("softkey_label_1", "Mobile")])
    c = cfg(p)
    assert (c[sk(1, "Type")], c[sk(1, "Param1")], c[sk(1, "Label")]) == ("10", "0612345678", "Mobile")


def test_no_vendor_equivalent_renders_no_function(stack):
    p = new_phone(stack, "SPR63G")
    stack.set_phone_settings(p, [("linekey_type_1", "hold"), ("linekey_type_2", "conference"),
                        ("linekey_type_3", "phone_lock"), ("linekey_type_4", "prefix"), ("linekey_value_4", "9"),
                        ("linekey_label_4", "Prefix"), ("softkey_type_1", "prefix"), ("softkey_value_1", "0"),
                        ("softkey_label_1", "Pfx")])
    c = cfg(p)
    for n in range(1, 5):
        assert c[lk(n, "Type")] == NO_FUNCTION, n
        assert c[lk(n, "Param1")] == c[lk(n, "Label")] == c[lk(n, "Param2")] == c[lk(n, "Param3")] == "", n
    assert c[sk(1, "Type")] == NO_FUNCTION
    assert c[sk(1, "Param1")] == c[sk(1, "Label")] == ""


# -- capabilities ----------------------------------------------------------------------------------------------

def test_line_and_soft_keys_stop_at_the_capability(stack, golden):
    c50 = cfg(golden[ESCAPE])      # SPR50P: 1 line key
    c63 = cfg(golden[RICH])        # SPR63G: 8 line keys
    assert lk(1, "Type") in c50 and lk(2, "Type") not in c50
    assert lk(8, "Type") in c63 and lk(9, "Type") not in c63
    assert c63[lk(8, "Type")] == NO_FUNCTION   # conference: no equivalent
    assert sk(4, "Type") in c63 and sk(5, "Type") not in c63


# -- regional settings -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("zone,offset,name,dts", [
    ("Europe/Rome", "+1", "Italy(Rome)", "2"),
    ("Europe/Vienna", "+1", "Germany(Berlin)", "2"),          # by the EU rule
    ("Europe/London", "0", "United Kingdom(London)", "2"),
    ("America/New_York", "-5", "United States-Eastern Time", "2"),
    ("America/Detroit", "-5", "United States-Eastern Time", "2"),  # by the US rule
    ("America/St_Johns", "-3:30", "Canada-New Foundland(St.Johns)", "2"),
    ("Australia/Sydney", "+10", "Australia(Sydney,Melboume,Canberra)", "2"),
    ("Asia/Tokyo", "+9", "Japan(Tokyo)", "0"),
    ("Asia/Kolkata", "+5:30", "India(Calcutta)", "0"),
    ("Asia/Kathmandu", "+5:45", "Nepal(Katmandu)", "0"),
    ("America/Sao_Paulo", "-3", "", "0"),
    ("UTC", "0", "United Kingdom(London)", "0"),
])
def test_time_zone(stack, zone, offset, name, dts):
    p = new_phone(stack, "WP480")
    stack.set_phone_settings(p, [("timezone", zone)])
    c = cfg(p)
    assert c["Config.Settings.SNTP.TimeZone"] == offset
    assert c["Config.Settings.SNTP.Name"] == name
    assert c["Config.Settings.SNTP.DTS"] == dts
    assert c["Config.Settings.SNTP.Enable"] == "1"


def test_regional_maps(stack):
    p = new_phone(stack, "SPR50P")
    cases = [
        ("language", "en", "Config.Settings.LANGUAGE.Type", "0"),
        ("language", "de", "Config.Settings.LANGUAGE.Type", "10"),
        ("language", "fr", "Config.Settings.LANGUAGE.WebLang", "9"),
        ("language", "da", "Config.Settings.LANGUAGE.Type", "0"),
        ("tonezone", "de", "Config.Voice.TONE.Country", "10"),
        ("tonezone", "es", "Config.Voice.TONE.Country", "3"),
        ("date_format", "YYYY MM DD", "Config.Settings.DATETIME.DateFormat", "0"),
        ("date_format", "MM DD YYYY", "Config.Settings.DATETIME.DateFormat", "6"),
        ("date_format", "DD MMM YYYY", "Config.Settings.DATETIME.DateFormat", "7"),
        ("date_format", "DD MM YY", "Config.Settings.DATETIME.DateFormat", "2"),
        ("time_format", "12", "Config.Settings.DATETIME.TimeFormat", "0"),
        ("time_format", "24", "Config.Settings.DATETIME.TimeFormat", "1"),
        ("ntp_server", "ntp.example.com", "Config.Settings.SNTP.NTPServer1", "ntp.example.com"),
        ("backlight_time", "60", "Config.Settings.BACKLIGHT.Time", "60"),
        ("brightness", "3", "Config.Settings.BACKLIGHT.Level", "3"),
    ]
    for name, value, key, expected in cases:
        stack.set_phone_settings(p, [(name, value)])
        assert cfg(p)[key] == expected, (name, value)


# -- account, network, directory -------------------------------------------------------------------------------

def test_account_settings(stack):
    p = new_phone(stack, "WP410", user=True)
    stack.set_phone_settings(p, [("outbound_proxy_1", "proxy.example.com"), ("outbound_proxy_port_1", "5070"),
                        ("outbound_proxy2_1", "proxy2.example.com"), ("account_dtmf_type_1", "sip_info"),
                        ("hostname", "pbx.example.test"), ("account_voicemail_1", "*98")])
    c = cfg(p)
    assert c["Config.Account1.SIP.Server"] == "pbx.example.test"
    assert (c["Config.Account1.OUTPROXY.Enable"], c["Config.Account1.OUTPROXY.Server"],
            c["Config.Account1.OUTPROXY.Port"]) == ("1", "proxy.example.com", "5070")
    assert (c["Config.Account1.OUTPROXY.BakServer"], c["Config.Account1.OUTPROXY.BakPort"]) == \
        ("proxy2.example.com", "5060")
    assert c["Config.Account1.DTMF.Type"] == "2"
    assert c["Config.Account1.VOICEMSG.Number"] == "*98"
    stack.set_phone_settings(p, [("account_dtmf_type_1", "inband")])
    assert cfg(p)["Config.Account1.DTMF.Type"] == "0"


def test_no_account_without_a_user(stack):
    c = cfg(new_phone(stack, "SPR63G"))
    assert c["Config.Account1.GENERAL.Enable"] == "0"
    assert not any(k.startswith("Config.Account1.") and k != "Config.Account1.GENERAL.Enable" for k in c)


def test_dnd_forward_and_call_waiting(stack, golden):
    c = cfg(golden[RICH])
    for prefix in ("Config.Account1.FEATURE_DND", "Config.Features.DND"):
        assert (c[f"{prefix}.OnCode"], c[f"{prefix}.OffCode"]) == ("*78", "*79")
    assert (c["Config.Account1.FEATURE_FORWARD_ALWAYS.OnCode"], c["Config.Forward.ALWAYS.OffCode"]) == ("*72", "*73")
    assert (c["Config.Account1.FEATURE_FORWARD_BUSY.OnCode"], c["Config.Forward.BUSY.OffCode"]) == ("*90", "*91")
    assert (c["Config.Account1.FEATURE_FORWARD_TIMEOUT.OnCode"], c["Config.Forward.TIMEOUT.OffCode"]) == \
        ("*52", "*53")
    assert c["Config.Account1.FEATURE_FORWARD_TIMEOUT.TimeOut"] == "20"
    assert "Config.Account1.FEATURE_FORWARD_ALWAYS.Enable" not in c, "the state is written only when provided"
    assert "Config.Account1.FEATURE_DND.Enable" not in c
    assert c["Config.Features.CALL_WAITING.Enable"] == "1"
    assert c["Config.Features.CALL_WAITING.PlayTone"] == "1"
    assert (c["Config.Features.CALL_WAITING.OnCode"], c["Config.Features.CALL_WAITING.OffCode"]) == ("*70", "*71")


def test_vlan(stack, golden):
    c = cfg(golden[RICH])
    assert (c["Config.Network.VLAN.LanVlanEnable"], c["Config.Network.VLAN.LanVid"]) == ("1", "20")
    assert (c["Config.Network.VLAN.PcVlanEnable"], c["Config.Network.VLAN.PcVid"]) == ("1", "30")
    p = new_phone(stack, "SPR50P")
    stack.set_phone_settings(p, [("vlan_id_phone", "0"), ("vlan_id_pcport", "4094")])
    c = cfg(p)
    assert c["Config.Network.VLAN.LanVlanEnable"] == "0" and "Config.Network.VLAN.LanVid" not in c
    assert (c["Config.Network.VLAN.PcVlanEnable"], c["Config.Network.VLAN.PcVid"]) == ("1", "4094")


def test_ldap(stack, settings):
    p = new_phone(stack, "SPR63G")
    settings.default("ldap_mobilephone_number_attr", None)   # no mobile attribute anywhere
    c = cfg(p)
    assert c["Config.Ldap.LDAP.Enable"] == "1"
    assert c["Config.Ldap.LDAP.Server"] == "127.0.0.1" and c["Config.Ldap.LDAP.Port"] == "389"
    assert c["Config.Ldap.LDAP.Root"] == "dc=phonebook,dc=nh"
    assert c["Config.Ldap.LDAP.User"] == "cn=phonebook,dc=phonebook,dc=nh"
    assert c["Config.Ldap.LDAP.Pwd"] == "demo-phonebook-secret"
    assert c["Config.Ldap.LDAP.NameFilter"] == "(|(cn=%)(o=%))"
    assert c["Config.Ldap.LDAP.NumberFilter"] == "(|(telephoneNumber=%)(mobile=%)(homePhone=%))"
    assert c["Config.Ldap.LDAP.NameAttr"] == "cn o"
    assert c["Config.Ldap.LDAP.NumberAttr"] == "telephoneNumber homePhone"
    # attribute names, the pattern's "%" dropped (Tancredi's akuvox.tmpl)
    assert c["Config.Ldap.LDAP.DisplayName"] == "cn o"
    stack.set_phone_settings(p, [("ldap_tls", "ldaps"), ("ldap_server", "ldap.example.com")])
    settings.default("ldap_port", None)
    c = cfg(p)
    assert c["Config.Ldap.LDAP.Server"] == "ldaps://ldap.example.com" and c["Config.Ldap.LDAP.Port"] == "636"
    settings.default("ldap_server", None)
    stack.set_phone_settings(p, [("ldap_server", "-"), ("ldap_tls", "none"), ("hostname", "pbx.example.test")])
    c = cfg(p)
    assert c["Config.Ldap.LDAP.Server"] == "pbx.example.test" and c["Config.Ldap.LDAP.Port"] == "389"


# -- provisioning, firmware, ring tones ------------------------------------------------------------------------

def test_provisioning_schedule(stack):
    p = new_phone(stack, "SPR50P", prefix="9c:75:14")
    c = cfg(p, token=p.tok1)
    assert c["Config.Autoprovision.GENERAL.Url"] == f"{stack.base_url}/{p.tok2}/{p.plain}.cfg"
    assert c["Config.Autoprovision.MODE.Mode"] == "4"            # every hour until tok2 is used
    assert "Config.Autoprovision.SCHEDULE.HourOfDay" not in c
    c = cfg(p)
    assert c["Config.Autoprovision.MODE.Mode"] == "3"            # power on + nightly
    assert c["Config.Autoprovision.SCHEDULE.DayOfWeek"] == "0~6"
    assert c["Config.Autoprovision.SCHEDULE.HourOfDay"] == "2"
    stack.set_phone_settings(p, [("provisioning_freq", "never")])
    c = cfg(p)
    assert c["Config.Autoprovision.MODE.Mode"] == "1"            # power on only
    assert "Config.Autoprovision.SCHEDULE.HourOfDay" not in c


def test_firmware_and_ringtone_urls(stack, golden):
    ph = golden[RICH]
    c = cfg(ph)
    base = f"{stack.base_url}/{ph.tok2}/"
    assert c["Config.Firmware.Url"] == base + "firmware/SP-R63G-63.30.2.14.rom"
    assert c["Config.Ringtone.Url"] == base + "ringtones/ring.wav"
    assert c["Config.Settings.RINGTONE.Type"] == c["Config.Account1.RINGTONE.Type"] == "ring.wav"
    # no Akuvox model shows pictures: the files set on this phone must not appear
    assert not any("backgrounds/" in v or "screensavers/" in v for v in c.values())
    c = cfg(golden[ESCAPE])
    assert "Config.Firmware.Url" not in c and "Config.Ringtone.Url" not in c


def test_ringtone_is_the_tone_number(stack):
    """A built-in tone is written as its number, for the phone and for account 1, as Tancredi does since
    its field fix "Fix Akuvox for ringtone"; a number beyond the model's 14 tones gets the last one."""
    p = new_phone(stack, "WP480", user=True)
    for value, expected in (("1", "1"), ("3", "3"), ("9", "9"), ("10", "10"), ("14", "14"), ("20", "14"),
                            ("0", None), ("-1", None)):
        stack.set_phone_settings(p, [("ringtone", value)])
        c = cfg(p)
        assert c.get("Config.Settings.RINGTONE.Type") == expected, value
        assert c.get("Config.Account1.RINGTONE.Type") == expected, value


def test_tone_country_of_every_mapped_country(stack):
    """Config.Voice.TONE.Country for every country of Tancredi's akuvox.macros tonezone map (Italy 14 since
    its "Fix Akuvox for ringtone"); any other country gets 1."""
    tancredi = {"ao": "13", "ar": "3", "at": "10", "be": "7", "br": "13", "cl": "3", "cn": "2", "co": "3",
                "cr": "3", "cz": "10", "dk": "8", "de": "10", "fi": "9", "it": "14", "nl": "11", "no": "12",
                "phl": "3", "pl": "10", "pt": "13", "ro": "10", "es": "3", "se": "5", "tw": "6"}
    p = new_phone(stack, "SPR63G")
    for country, expected in list(tancredi.items()) + [("us", "1"), ("uk", "1"), ("fr", "1")]:
        stack.set_phone_settings(p, [("tonezone", country)])
        assert cfg(p)["Config.Voice.TONE.Country"] == expected, country


# -- brand detection --------------------------------------------------------------------------------------------

def test_mac_prefixes_detect_akuvox(stack):
    root = ET.parse(BRAND_XML).getroot()
    assert [m.get("prefix") for m in root.findall("mac")] == ["0c1105", "9c7514"]
    for mac in ("0c:11:05:00:00:00", "0c:11:05:ab:cd:ef", "0c:11:05:ff:ff:ff",
                "9c:75:14:00:00:00", "9c:75:14:12:34:56", "9c:75:14:ff:ff:ff"):
        assert stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (mac,))[0][0] == "akuvox", mac
    for mac in ("0c:11:04:ff:ff:ff", "0c:11:06:00:00:00", "9c:75:15:00:00:00"):
        assert stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (mac,))[0][0] != "akuvox", mac
    assert {b for (b,) in stack.sql("SELECT brand FROM nethprov.phones WHERE mac = ANY(%s::macaddr[])",
                                    ([m for m, _ in GOLDEN],))} == {"akuvox"}
