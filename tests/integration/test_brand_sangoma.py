"""Sangoma S-series: the file the phones request (cfg<mac>.xml, Htek "hl_provision" XML), its shape, and the
vendor values the template derives from the catalogue (P numbers of keys, key types, capability limits, time
zones, escaping, VLAN, firmware and provisioning URLs).

The golden phones of sql/demo/40_sangoma.sql are requested with tok2 only; tests that change settings use
phones of their own (MACs 00:50:58:7e:xx:xx) or undo their changes (`settings`).
"""

import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import TOP, _ext_seq

BRAND_XML = TOP / "templates" / "sangoma" / "brand.xml"
UA = "Sangoma {model} 2.0.4.6.52 {mac}"  # [unverified] the exact User-Agent; the model decides anyway

# Golden phones (MAC, model); all of them carry the rich key set at phone level.
GOLDEN = [
    ("00:50:58:01:00:40", "S206"),
    ("00:50:58:02:00:40", "S305"),
    ("00:50:58:03:00:40", "S406"),
    ("00:50:58:04:00:40", "S505"),
    ("00:50:58:05:00:40", "S700"),
]
RICH = "00:50:58:04:00:40"     # S505: VLANs, pictures, ring tone, firmware, LDAP base, TLS
ESCAPE = "00:50:58:01:00:40"   # S206 of user 331 'Rossi & Figli <Sales> "HQ"'

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

# Sangoma codes of every catalogue key type (LineKeyN.Type / ExpM_P_J.KeyType)
LINEKEY_CODE = {
    "line": "1", "speed_dial": "2", "queuetoggle": "2", "blf": "3", "voice_mail": "5", "direct_pickup": "6",
    "group_pickup": "7", "dtmf": "10", "prefix": "11", "ldap": "15", "conference": "17", "forward": "18",
    "transfer": "19", "dnd": "21", "recall": "22", "record": "25", "hold": "29", "url": "35",
    "multicast_paging": "47", "phone_lock": "0",
}
SOFTKEY_CODE = {
    "forward": "18", "dnd": "21", "recall": "22", "pick_up": "6", "speed_dial": "2", "group_pickup": "7",
    "history": "36", "menu": "38", "status": "40", "ldap": "15", "prefix": "11",
}
NO_FUNCTION = "0"  # the format's "N/A" key type
# Catalogue key types with no Sangoma equivalent (rendered as NO_FUNCTION)
NO_EQUIVALENT_LINEKEY = {"phone_lock"}
NO_EQUIVALENT_SOFTKEY = set()

_mac_seq = itertools.count(1)


# -- helpers ---------------------------------------------------------------------------------------------------

def fname(ph):
    return f"cfg{ph.plain}.xml"


def get(ph, token=None, filename=None, ua=None, **kw):
    if ua is None:
        ua = UA.format(model=ph.model, mac=ph.mac)
    return ph.stack.request("GET", f"/provisioning/{token or ph.tok2}/{filename or fname(ph)}", ua=ua, **kw)


def parse(body):
    """The file as (root, {para: text}, {P number: text}); fails unless it is the hl_provision shape
    with every setting an element P<digits> carrying a para name, no P number or para twice."""
    root = ET.fromstring(body)
    assert root.tag == "hl_provision" and root.get("version") == "1"
    assert len(root) == 1 and root[0].tag == "config" and root[0].get("version") == "1"
    by_para, by_p = {}, {}
    for el in root[0]:
        assert re.fullmatch(r"P[0-9]+", el.tag), f"element {el.tag} is not a P number"
        para = el.get("para")
        assert para, f"{el.tag} has no para"
        assert len(el) == 0, f"{el.tag} has children"
        text = el.text or ""
        assert el.tag not in by_p, f"{el.tag} appears twice"
        assert para not in by_para, f"para {para} appears twice"
        by_p[el.tag] = text
        by_para[para] = text
    return root, by_para, by_p


def cfg(ph, token=None, **kw):
    r = get(ph, token, **kw)
    assert r.status == 200, r
    return parse(r.body)[1]


def cfg_p(ph, token=None):
    r = get(ph, token)
    assert r.status == 200, r
    return parse(r.body)[2]


def new_phone(stack, model, user=False):
    """A Sangoma phone of the test's own; with user=True also a user and a device (account 1)."""
    n = next(_mac_seq)
    mac = f"00:50:58:7e:{n >> 8:02x}:{n & 0xFF:02x}"
    (pid,) = stack.sql("INSERT INTO nethprov.phones (mac, model) VALUES (%s, %s) RETURNING id", (mac, model))[0]
    if user:
        ext = str(next(_ext_seq))
        stack.sql("INSERT INTO nethprov.users (extension, display_name) VALUES (%s, %s)", (ext, f"Sangoma {ext}"))
        stack.sql("INSERT INTO nethprov.devices (phone_id, user_extension) VALUES (%s, %s)", (pid, ext))
    return stack.phone(mac)


def linekey_p(n):
    """P numbers (Type, Mode, Value, Label, Account, PickupCode) of line key n, as the format defines them."""
    if n <= 4:
        return tuple(f"P{b + n - 1}" for b in (41200, 20600, 41300, 41400, 41500, 41600))
    if n <= 36:
        b = 20200 + 5 * (n - 5)
        return (f"P{b}", f"P{20600 + n - 1}", f"P{b + 1}", f"P{b + 2}", f"P{b + 3}", f"P{b + 4}")
    b = 23000 + 6 * (n - 37)
    return tuple(f"P{b + i}" for i in range(6))


@pytest.fixture
def golden(stack):
    return {mac: stack.phone(mac) for mac, _ in GOLDEN}


# -- files, content types, 404 ---------------------------------------------------------------------------------

def test_brand_files():
    root = ET.parse(BRAND_XML).getroot()
    files = [(f.get("name"), f.get("content-type")) for f in root.findall("file")]
    assert files == [("cfg{mac}.xml", "text/xml; charset=utf-8")]


@pytest.mark.parametrize("mac,model", GOLDEN)
def test_the_file_is_served_with_its_content_type(stack, mac, model):
    ph = stack.phone(mac)
    assert ph.model == model
    r = get(ph)
    assert r.status == 200, r
    assert r.header("Content-Type") == "text/xml; charset=utf-8"
    assert r.header("Content-Length") == str(len(r.body))
    assert r.body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<hl_provision version="1">')
    parse(r.body)
    # the upper-case spelling of the MAC is the same file; another MAC under this token is not
    assert get(ph, filename=f"cfg{ph.plain.upper()}.xml").body == r.body
    assert get(ph, filename="cfg005058abcdef.xml").status == 404
    assert get(ph, filename=f"{ph.plain}.cfg").status == 404
    assert get(ph, token="0" * 40).status == 404


def test_the_model_not_the_user_agent_decides(stack, golden):
    ph = golden["00:50:58:01:00:40"]  # S206: 2 line keys
    as_s206 = get(ph).body
    as_s700 = get(ph, ua=f"Sangoma S700 2.0.4.6.52 {ph.mac}").body
    no_ua = get(ph, ua="").body
    assert as_s206 == as_s700 == no_ua
    c = parse(as_s700)[1]
    assert "LineKey2.Type" in c and "LineKey3.Type" not in c


def test_same_data_same_bytes(stack, golden):
    ph = golden[RICH]
    assert get(ph).body == get(ph).body


# -- main values of every golden phone -------------------------------------------------------------------------

@pytest.mark.parametrize("mac,model", GOLDEN)
def test_golden_config_values(stack, mac, model):
    ph = stack.phone(mac)
    c = cfg(ph)
    tls = mac == RICH
    assert c["Account1.Active"] == "1"
    assert c["Account1.SipUserId"] == c["Account1.AuthenticateID"] == ph.extension
    assert c["Account1.AuthenticatePassword"] == ph.sip_password
    assert c["Account1.Sipserver"] == ("127.0.0.1:5061" if tls else "127.0.0.1:5060")
    assert c["Account1.SipTransport"] == ("2" if tls else "0")
    assert c["Account1.SRtpMode"] == ("2" if tls else "0")
    assert c["Account1.DispalyName"] == c["Account1.Lable"] == ph.display_name
    assert c["Account1.DtmfMode"] == "0"            # rfc4733 (demo default)
    assert c["Account1.VoiceMailId"] == "*97"
    assert c["Preference.LcdLanguage"] == c["Preference.WebLanguage"] == "6"   # it
    assert c["ToneSelectCountry"] == "17"                                        # it
    assert c["Preference.TimeZone"] == "52"                                      # Europe/Rome
    assert c["AdminPassword"] == ph.effective("adminpw")
    assert c["UserPassword"] == ph.effective("userpw")
    assert c["FirmwareUpGrade.ConfigServerPath"] == f"{stack.base_url}/{ph.tok2}/"
    assert c["FirmwareUpGrade.UrgrateMode"] == "1"                               # http base URL
    cp = stack.model_caps("sangoma", model)
    lk = int(cp["cap_linekey_count"])
    for n in range(1, min(lk, 20) + 1):
        t, v, label = RICH_LINEKEYS[n - 1]
        assert c[f"LineKey{n}.Type"] == LINEKEY_CODE[t], (n, t)
    if lk >= 2:
        assert c["LineKey1.Value"] == "201" and c["LineKey1.Label"] == "Alice"
        assert c["LineKey1.PickupCode"] == "**"
        assert c["LineKey2.Value"] == "0612345678" and c["LineKey2.PickupCode"] == ""
    if lk > 20:
        assert c["LineKey21.Type"] == NO_FUNCTION
        assert c["LineKey21.Value"] == c["LineKey21.Label"] == ""
    assert f"LineKey{lk + 1}.Type" not in c
    for n in range(1, 5):
        assert c[f"SoftKey{n}.Type"] == SOFTKEY_CODE[RICH_SOFTKEYS[n - 1]]
    assert "SoftKey5.Type" not in c


# -- escaping --------------------------------------------------------------------------------------------------

def test_display_name_and_ldap_base_survive(stack, golden):
    ph = golden[ESCAPE]
    assert ph.display_name == 'Rossi & Figli <Sales> "HQ"'
    root, c, _ = parse(get(ph).body)
    assert c["Account1.DispalyName"] == 'Rossi & Figli <Sales> "HQ"'
    assert c["Account1.Lable"] == 'Rossi & Figli <Sales> "HQ"'
    assert cfg(golden[RICH])["LDAP.Base"] == 'ou=Rossi "HQ",dc=example,dc=com'


def test_markup_in_labels_stays_text(stack):
    p = new_phone(stack, "S406")
    stack.set_phone_settings(p, [("linekey_type_1", "speed_dial"), ("linekey_value_1", "0612345678"),
                        ("linekey_label_1", "</P41400><P2 para=\"AdminPassword\">x</P2>&amp;")])
    root, c, by_p = parse(get(p).body)
    assert c["LineKey1.Label"] == "</P41400><P2 para=\"AdminPassword\">x</P2>&amp;"
    assert by_p["P41400"] == c["LineKey1.Label"]


# -- key types ------------------------------------------------------------------------------------------------

def test_catalogue_key_types_are_all_covered(stack):
    (lk,) = stack.sql("SELECT allowed FROM nethprov.variables WHERE name = 'linekey_type'")[0]
    (ek,) = stack.sql("SELECT allowed FROM nethprov.variables WHERE name = 'expkey_type'")[0]
    (sk,) = stack.sql("SELECT allowed FROM nethprov.variables WHERE name = 'softkey_type'")[0]
    assert set(lk) == set(ek) == set(LINEKEY_CODE)
    assert set(sk) == set(SOFTKEY_CODE)
    assert {t for t, code in LINEKEY_CODE.items() if code == NO_FUNCTION} == NO_EQUIVALENT_LINEKEY
    assert {t for t, code in SOFTKEY_CODE.items() if code == NO_FUNCTION} == NO_EQUIVALENT_SOFTKEY


def test_every_line_key_type(stack, golden):
    """The rich key set on the S505 (35 keys): type, value, label and pickup code of keys 1..20."""
    c = cfg(golden[RICH])
    for n, (t, v, label) in enumerate(RICH_LINEKEYS, start=1):
        assert c[f"LineKey{n}.Type"] == LINEKEY_CODE[t], (n, t)
        assert c[f"LineKey{n}.Mode"] == "0"
        assert c[f"LineKey{n}.Account"] == "0"
        expected = {"queuetoggle": "*45", "group_pickup": "*8"}.get(t, v)
        if t in NO_EQUIVALENT_LINEKEY:
            expected = ""
        assert c[f"LineKey{n}.Value"] == expected, (n, t)
        assert c[f"LineKey{n}.Label"] == label, (n, t)
        assert c[f"LineKey{n}.PickupCode"] == ("**" if t in ("blf", "direct_pickup") else ""), (n, t)


def test_line_key_p_numbers(stack, golden):
    """Keys 1-4, 5-36 and 37-45 live in three banks of P numbers."""
    by_p = cfg_p(golden["00:50:58:05:00:40"])  # S700: 45 keys
    c = cfg(golden["00:50:58:05:00:40"])
    for n in (1, 4, 5, 20, 36, 37, 45):
        t, m, v, label, a, pc = linekey_p(n)
        assert by_p[t] == c[f"LineKey{n}.Type"]
        assert by_p[v] == c[f"LineKey{n}.Value"]
        assert by_p[label] == c[f"LineKey{n}.Label"]
        assert by_p[pc] == c[f"LineKey{n}.PickupCode"]
    assert by_p["P41200"] == "3" and by_p["P41300"] == "201" and by_p["P41400"] == "Alice"
    assert by_p["P20275"] == "2" and by_p["P20276"] == "*45"      # key 20: queuetoggle
    assert by_p["P23048"] == NO_FUNCTION                          # key 45
    assert "P23054" not in by_p


def test_every_expansion_key_type(stack):
    p = new_phone(stack, "S505")
    types = sorted(LINEKEY_CODE)
    pairs = []
    for i, t in enumerate(types, start=1):
        pairs += [(f"expkey_type_{i}", t), (f"expkey_value_{i}", f"7{i:02d}"), (f"expkey_label_{i}", f"E{i}")]
    stack.set_phone_settings(p, pairs)
    c = cfg(p)
    for i, t in enumerate(types, start=1):
        tag = f"Exp1_{(i - 1) // 20 + 1}_{(i - 1) % 20 + 1}"
        assert c[f"{tag}.KeyType"] == LINEKEY_CODE[t], (i, t)
        if t in NO_EQUIVALENT_LINEKEY:
            assert c[f"{tag}.Value"] == c[f"{tag}.Label"] == "", t
        else:
            assert c[f"{tag}.Label"] == f"E{i}"
            assert c[f"{tag}.Value"] == ("*45" if t == "queuetoggle" else f"7{i:02d}")
        assert c[f"{tag}.PickupCode"] == ("**" if t in ("blf", "direct_pickup") else "")


def test_every_soft_key_type(stack):
    p = new_phone(stack, "S405")
    types = sorted(SOFTKEY_CODE)
    for batch in range(0, len(types), 4):
        chunk = types[batch:batch + 4]
        stack.set_phone_settings(p, [(f"softkey_type_{n}", t) for n, t in enumerate(chunk, start=1)])
        by_p = cfg_p(p)
        for n, t in enumerate(chunk, start=1):
            assert by_p[f"P{43199 + n}"] == SOFTKEY_CODE[t], t
            assert by_p[f"P{43299 + n}"] == "0"


def test_soft_key_values_labels_and_defaults(stack):
    p = new_phone(stack, "S305")
    c = cfg(p)
    # nothing configured: the S-series layout history, ldap, group_pickup, menu
    assert [c[f"SoftKey{n}.Type"] for n in range(1, 5)] == ["36", "15", "7", "38"]
    assert c["SoftKey3.Value"] == "*8"
    stack.set_phone_settings(p, [("softkey_type_2", "speed_dial"), ("softkey_value_2", "0612345678"),
                        ("softkey_label_2", "Mobile")])
    c = cfg(p)
    assert c["SoftKey2.Type"] == "2" and c["SoftKey2.Value"] == "0612345678"
    assert c["ProgrammableKey2.Label"] == "Mobile"


def test_no_vendor_equivalent_renders_no_function(stack):
    p = new_phone(stack, "S505")
    stack.set_phone_settings(p, [("linekey_type_1", "phone_lock"), ("linekey_value_1", "1234"), ("linekey_label_1", "Lock"),
                        ("expkey_type_1", "phone_lock"), ("expkey_value_1", "1234"), ("expkey_label_1", "Lock")])
    c = cfg(p)
    assert c["LineKey1.Type"] == NO_FUNCTION
    assert c["LineKey1.Value"] == c["LineKey1.Label"] == c["LineKey1.PickupCode"] == ""
    assert c["Exp1_1_1.KeyType"] == NO_FUNCTION
    assert c["Exp1_1_1.Value"] == c["Exp1_1_1.Label"] == ""


# -- capabilities ----------------------------------------------------------------------------------------------

def test_line_and_soft_keys_stop_at_the_capability(stack, golden):
    c206 = cfg(golden["00:50:58:01:00:40"])
    c505 = cfg(golden[RICH])
    assert "LineKey2.Type" in c206 and "LineKey3.Type" not in c206
    assert "LineKey35.Type" in c505 and "LineKey36.Type" not in c505
    assert not any(k.startswith("Exp") for k in c206), "the S206 takes no expansion module"
    assert sum(k.endswith(".KeyType") for k in c505) == 6 * 40
    assert "Exp6_2_20.KeyType" in c505 and "Exp7_1_1.KeyType" not in c505
    # the format has 45 line keys and 4 soft keys, whatever the capability says
    p = new_phone(stack, "S700")
    stack.set_phone_settings(p, [("cap_linekey_count", "60"), ("cap_softkey_count", "6")])
    c = cfg(p)
    assert "LineKey45.Type" in c and "LineKey46.Type" not in c
    assert "SoftKey4.Type" in c and "SoftKey5.Type" not in c


def test_expansion_keys_are_numbered_across_modules(stack):
    p = new_phone(stack, "S500")
    stack.set_phone_settings(p, [("expkey_type_41", "blf"), ("expkey_value_41", "205"), ("expkey_label_41", "M2K1"),
                        ("expkey_type_240", "speed_dial"), ("expkey_value_240", "240")])
    root, c, by_p = parse(get(p).body)
    # key 1 of module 2 = catalogue key 41, P numbers from 61000 on
    assert c["Exp2_1_1.KeyType"] == by_p["P61000"] == "3"
    assert by_p["P61001"] == "205" and by_p["P61002"] == "M2K1" and by_p["P61004"] == "**"
    # key 40 of module 6 = catalogue key 240
    assert c["Exp6_2_20.KeyType"] == by_p["P65195"] == "2" and by_p["P65196"] == "240"
    assert by_p["P60000"] == NO_FUNCTION


# -- regional settings -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("zone,index,rule", [
    ("Europe/Rome", "52", ("3", "5", "0", "2", "10", "5", "0", "3")),
    ("Europe/London", "39", ("3", "5", "0", "1", "10", "5", "0", "2")),
    ("America/New_York", "18", ("3", "2", "0", "2", "11", "1", "0", "2")),
    ("Australia/Sydney", "96", ("10", "1", "0", "2", "4", "1", "0", "3")),
    ("Europe/Vienna", "42", ("3", "5", "0", "2", "10", "5", "0", "3")),
    ("Asia/Tokyo", "93", None),
    ("Asia/Kolkata", "84", None),
    ("UTC", "33", None),
])
def test_time_zone(stack, zone, index, rule):
    p = new_phone(stack, "S206")
    stack.set_phone_settings(p, [("timezone", zone)])
    c = cfg(p)
    assert c["Preference.TimeZone"] == index
    assert c["Preference.DHCPTime"] == "0"
    names = ["DSTStartWeekMonth", "DSTStartWeeknum", "DSTStartWeekday", "DSTStartWeekhour",
             "DSTEndWeekMonth", "DSTEndWeeknum", "DSTEndWeekday", "DSTEndWeekhour"]
    if rule is None:
        assert c["Preference.DaylightSavingTime"] == "0"
        assert not any(f"Preference.{n}" in c for n in names)
    else:
        assert c["Preference.DaylightSavingTime"] == "2"
        assert c["Preference.DaylightSavingTimeType"] == "0"
        assert tuple(c[f"Preference.{n}"] for n in names) == rule


def test_regional_maps(stack):
    p = new_phone(stack, "S206")
    cases = [
        ("language", "en", "Preference.LcdLanguage", "0"), ("language", "de", "Preference.LcdLanguage", "2"),
        ("language", "nl", "Preference.WebLanguage", "10"), ("language", "da", "Preference.LcdLanguage", "0"),
        ("tonezone", "uk", "ToneSelectCountry", "12"), ("tonezone", "us", "ToneSelectCountry", "28"),
        ("tonezone", "ie", "ToneSelectCountry", "28"),
        ("date_format", "YYYY MM DD", "Preference.DateDisplayFormat", "0"),
        ("date_format", "MM DD YYYY", "Preference.DateDisplayFormat", "1"),
        ("date_format", "DD MMM YY", "Preference.DateDisplayFormat", "2"),
        ("dss_transfer", "verify", "Transfer.TransferModeviaDSSkey", "2"),
        ("dss_transfer", "blind", "Transfer.TransferModeviaDSSkey", "1"),
        ("dss_transfer", "attended", "Transfer.TransferModeviaDSSkey", "0"),
        ("screensaver_time", "60", "Preference.ScreenTimeOut", "1"),
        ("screensaver_time", "1800", "Preference.ScreenTimeOut", "5"),
        ("ntp_server", "ntp.example.com", "UrlOrIpAddress", "ntp.example.com"),
    ]
    for name, value, para, expected in cases:
        stack.set_phone_settings(p, [(name, value)])
        assert cfg(p)[para] == expected, (name, value)


def test_time_format_12_hours_is_1(stack):
    """P8624 Preference.TimeFormat is 1 for a 12-hour clock and 0 for 24 hours (Tancredi's sangoma.tmpl);
    the template had them inverted."""
    p = new_phone(stack, "S406")
    for value, expected in (("12", "1"), ("24", "0")):
        stack.set_phone_settings(p, [("time_format", value)])
        assert cfg(p)["Preference.TimeFormat"] == expected, value


def test_contrast_on_monochrome_models(stack):
    """The S2xx-S4xx LCD gray level (P20995, 0..19) follows contrast doubled, as Tancredi writes it; the
    colour S5xx/S7xx have no such setting and get no P20995."""
    for model in ("S206", "S305", "S406"):
        assert stack.model_caps("sangoma", model).get("cap_contrast") == "1", model
        p = new_phone(stack, model)
        stack.set_phone_settings(p, [("contrast", "7")])
        assert cfg_p(p)["P20995"] == "14", model
        stack.set_phone_settings(p, [("contrast", "0")])
        assert cfg_p(p)["P20995"] == "0", model
    for model in ("S500", "S505", "S700", "S705"):
        p = new_phone(stack, model)
        stack.set_phone_settings(p, [("contrast", "7")])
        assert "P20995" not in cfg_p(p), model


def test_screensaver_picture_is_selected(stack):
    """P8950 ScreenSaverType: 3 shows the downloaded picture, 0 the phone's own screen saver (Tancredi);
    written on the models with a picture screen saver only."""
    p = new_phone(stack, "S700")
    stack.set_phone_settings(p, [("screensaver_file", "saver.png")])
    c = cfg(p)
    assert c["Preference.ScreenSaverType"] == "3"
    assert c["FirmwareUpGrade.ScreensaverServerURL"].endswith("/screensavers/saver.png")
    p = new_phone(stack, "S700")
    assert cfg(p)["Preference.ScreenSaverType"] == "0"
    p = new_phone(stack, "S406")
    stack.set_phone_settings(p, [("screensaver_file", "saver.png")])
    assert "Preference.ScreenSaverType" not in cfg(p)


# -- account, network, directory -------------------------------------------------------------------------------

def test_account_settings(stack):
    p = new_phone(stack, "S305", user=True)
    stack.set_phone_settings(p, [("outbound_proxy_1", "proxy.example.com"), ("outbound_proxy_port_1", "5070"),
                        ("outbound_proxy2_1", "proxy2.example.com"), ("account_dtmf_type_1", "sip_info"),
                        ("hostname", "pbx.example.test"), ("account_voicemail_1", "*98")])
    c = cfg(p)
    assert c["Account1.Sipserver"] == "pbx.example.test:5060"
    assert c["Account1.OutboundProxy"] == "proxy.example.com:5070"
    assert c["Account1.BackUpOutboundProxy"] == "proxy2.example.com:5060"
    assert c["Account1.DtmfMode"] == "2"
    assert c["Account1.VoiceMailId"] == "*98"
    stack.set_phone_settings(p, [("account_dtmf_type_1", "inband")])
    assert cfg(p)["Account1.DtmfMode"] == "1"


def test_no_account_without_a_user(stack):
    c = cfg(new_phone(stack, "S206"))
    assert c["Account1.Active"] == "0"
    assert not any(k.startswith("Account1.") and k != "Account1.Active" for k in c)


def test_dnd_forward_and_call_waiting(stack, golden):
    c = cfg(golden[RICH])
    assert (c["DND.OnCode"], c["DND.OffCode"]) == ("*78", "*79")
    assert (c["ForwardAlways.OnCode"], c["ForwardAlways.OffCode"]) == ("*72", "*73")
    assert (c["ForwardBusy.OnCode"], c["ForwardBusy.OffCode"]) == ("*90", "*91")
    assert (c["ForwardNoAnswer.OnCode"], c["ForwardNoAnswer.OffCode"]) == ("*52", "*53")
    assert c["ForwardNoAnswer.AfterRingTime"] == "20"
    assert "ForwardAlways.OnOff" not in c, "the forward state is written only when the PBX provides it"
    assert c["CallWaiting.OnOff"] == "1" and c["CallWaiting.Tone"] == "1"
    assert c["CallPickup.DirectCallPickupCode"] == "**" and c["CallPickup.GroupCallPickupCode"] == "*8"


def test_vlan(stack, golden):
    c = cfg(golden[RICH])
    assert (c["VLAN.WANPort.Active"], c["VLAN.WANPort.VID"]) == ("1", "20")
    assert (c["VLAN.PCPort.Active"], c["VLAN.PCPort.VID"]) == ("1", "30")
    p = new_phone(stack, "S406")
    stack.set_phone_settings(p, [("vlan_id_phone", "0"), ("vlan_id_pcport", "4094")])
    c = cfg(p)
    assert c["VLAN.WANPort.Active"] == "0" and "VLAN.WANPort.VID" not in c
    assert (c["VLAN.PCPort.Active"], c["VLAN.PCPort.VID"]) == ("1", "4094")


def test_ldap(stack, settings):
    p = new_phone(stack, "S406")
    settings.default("ldap_mobilephone_number_attr", None)   # no mobile attribute anywhere
    stack.set_phone_settings(p, [("ldap_server", "ldap.example.com"), ("ldap_port", "10389"), ("ldap_tls", "ldaps")])
    c = cfg(p)
    # the format has no LDAP TLS switch: server and port as given
    assert c["LDAP.ServerAddress"] == "ldap.example.com" and c["LDAP.Port"] == "10389"
    assert c["LDAP.Base"] == "dc=phonebook,dc=nh"
    assert c["LDAP.UserName"] == "cn=phonebook,dc=phonebook,dc=nh"
    assert c["LDAP.Password"] == "demo-phonebook-secret"
    assert c["LDAP.NameFilter"] == "(|(cn=%)(o=%))"
    assert c["LDAP.NumberFilter"] == "(|(telephoneNumber=%)(mobile=%)(homePhone=%))"
    assert c["LDAP.DisplayName"] == "%cn %o"
    assert c["Directory.LDAPNameAttributes"] == "cn o"
    # an empty attribute leaves no double space
    assert c["Directory.LDAPNumberAttributes"] == "telephoneNumber homePhone"
    # no LDAP server anywhere: the PBX itself
    settings.default("ldap_server", None)
    stack.set_phone_settings(p, [("ldap_server", "-"), ("hostname", "pbx.example.test")])
    assert cfg(p)["LDAP.ServerAddress"] == "pbx.example.test"


# -- provisioning, firmware, pictures, ring tones --------------------------------------------------------------

def test_provisioning_schedule(stack):
    p = new_phone(stack, "S206")
    c = cfg(p, token=p.tok1)
    assert c["FirmwareUpGrade.ConfigServerPath"] == f"{stack.base_url}/{p.tok2}/"
    assert (c["FirmwareUpGrade.AutoUpgrade"], c["FirmwareUpGrade.CheckUpgradeTimes"]) == ("1", "1")
    assert c["FirmwareUpGrade.ToOverrideServer"] == "0"
    c = cfg(p)  # tok2: provisioning complete
    assert (c["FirmwareUpGrade.AutoUpgrade"], c["FirmwareUpGrade.CheckUpgradeTimes"]) == ("1", "1440")
    stack.set_phone_settings(p, [("provisioning_freq", "never")])
    c = cfg(p)
    assert c["FirmwareUpGrade.AutoUpgrade"] == "0" and "FirmwareUpGrade.CheckUpgradeTimes" not in c


def test_https_base_url(stack, golden):
    ph = golden[ESCAPE]
    r = get(ph, https=True)
    assert r.status == 200, r
    c = parse(r.body)[1]
    path = c["FirmwareUpGrade.ConfigServerPath"]
    assert path.endswith(f"/{ph.tok2}/")
    assert c["FirmwareUpGrade.UrgrateMode"] == ("3" if path.startswith("https:") else "1")


def test_firmware_and_asset_urls(stack, golden):
    ph = golden[RICH]
    c = cfg(ph)
    base = f"{stack.base_url}/{ph.tok2}/"
    assert c["FirmwareUpGrade.FirmwareServerPath"] == base + "firmware/S505-2.0.4.6.52.rom"
    assert c["FirmwareUpGrade.WallpaperServerURL"] == base + "backgrounds/wall.png"
    assert c["FirmwareUpGrade.ScreensaverServerURL"] == base + "screensavers/saver.png"
    assert c["FirmwareUpGrade.RingUrl"] == base + "ringtones/ring.wav"
    assert "Preference.RingTones" not in c
    # no firmware file, no firmware URL; no pictures on a model without a colour screen
    p = new_phone(stack, "S406")
    stack.set_phone_settings(p, [("background_file", "wall.png"), ("screensaver_file", "saver.png")])
    c = cfg(p)
    assert "FirmwareUpGrade.FirmwareServerPath" not in c
    assert "FirmwareUpGrade.WallpaperServerURL" not in c and "FirmwareUpGrade.ScreensaverServerURL" not in c
    assert "FirmwareUpGrade.RingUrl" not in c


def test_ringtone_within_the_capability(stack):
    p = new_phone(stack, "S505")
    for value, expected in (("3", "3"), ("9", "5"), ("0", None), ("-1", None)):
        stack.set_phone_settings(p, [("ringtone", value)])
        c = cfg(p)
        assert c.get("Preference.RingTones") == expected, value


def test_display_settings(stack):
    p = new_phone(stack, "S505")
    stack.set_phone_settings(p, [("brightness", "9"), ("backlight_time", "60")])
    c = cfg(p)
    assert c["Preference.ActiveLevel"] == "10"
    assert c["Preference.BacklightTime"] == "60"
    p = new_phone(stack, "S206")
    assert "Preference.BacklightTime" not in cfg(p)


# -- brand detection --------------------------------------------------------------------------------------------

def test_mac_prefix_detects_sangoma(stack):
    root = ET.parse(BRAND_XML).getroot()
    assert [m.get("prefix") for m in root.findall("mac")] == ["005058"]
    for mac in ("00:50:58:00:00:00", "00:50:58:12:34:56", "00:50:58:ff:ff:ff"):
        assert stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (mac,))[0][0] == "sangoma", mac
    for mac in ("00:50:57:ff:ff:ff", "00:50:59:00:00:00"):
        assert stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (mac,))[0][0] != "sangoma", mac
    (brand,) = stack.sql("SELECT brand FROM nethprov.phones WHERE mac = %s", (RICH,))[0]
    assert brand == "sangoma"
