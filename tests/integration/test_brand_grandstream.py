"""Grandstream: the cfg{mac}.xml file, its P-values, and the values that come from the database.

The demo phones are 00:0b:82:00:00:31 (GXP2170, user 323, the rich settings), c0:74:ad:00:00:31 (GRP2614,
user 324) and ec:74:d7:00:00:31 (WP820, user 325), from sql/demo/31_grandstream.sql. Tests that change data
use phones of their own.
"""

import itertools
import xml.etree.ElementTree as ET

import pytest

CT = "text/xml; charset=utf-8"
DEMO_GXP = "00:0b:82:00:00:31"
DEMO_GRP = "c0:74:ad:00:00:31"
DEMO_WP = "ec:74:d7:00:00:31"
ESCAPED_NAME = 'Rossi & Figli <Sales> "HQ"'

_mac_seq = itertools.count(1)
_ext_seq = itertools.count(32201)


def ua(phone):
    return f"Grandstream Model HW {phone.model} SW 1.0.11.3 DevId {phone.plain}"


def fname(phone):
    return f"cfg{phone.plain}.xml"


def get(phone, token=None, name=None):
    return phone.get(token or phone.tok2, name or fname(phone), ua=ua(phone))


def parse(body):
    """<gs_provision><mac/><config version="1"><Pnnn>value</Pnnn>... as (mac, {"Pnnn": value}).

    Every child of <config> must be a P-value, each written once."""
    root = ET.fromstring(body)
    assert root.tag == "gs_provision" and root.get("version") == "1", root.tag
    children = list(root)
    assert [c.tag for c in children] == ["mac", "config"], [c.tag for c in children]
    config = children[1]
    assert config.get("version") == "1"
    out = {}
    for el in config:
        assert el.tag[0] == "P" and el.tag[1:].isdigit(), f"not a P-value: {el.tag}"
        assert el.tag not in out, f"{el.tag} written twice"
        out[el.tag] = el.text or ""
    return children[0].text, out


def pvals(phone, token=None):
    r = get(phone, token)
    assert r.status == 200, r
    return parse(r.body)[1]


@pytest.fixture
def gsphone(stack):
    """Creates a Grandstream phone of its own (user + phone + device): gsphone(model) -> Phone."""

    def make(model="GXP2170", display_name=None):
        n = next(_mac_seq)
        mac = f"c0:74:ad:31:{n >> 8:02x}:{n & 0xFF:02x}"
        ext = str(next(_ext_seq))
        stack.sql("INSERT INTO nethprov.users (extension, display_name) VALUES (%s, %s)",
                  (ext, display_name or f"Grandstream User {ext}"))
        (pid,) = stack.sql("INSERT INTO nethprov.phones (mac, model) VALUES (%s, %s) RETURNING id", (mac, model))[0]
        stack.sql("INSERT INTO nethprov.devices (phone_id, user_extension) VALUES (%s, %s)", (pid, ext))
        return stack.phone(mac)

    return make


# ------------------------------------------------------------------------------------------------
# Files


@pytest.mark.parametrize("mac", [DEMO_GXP, DEMO_GRP, DEMO_WP])
def test_demo_phones_get_their_file(stack, mac):
    p = stack.phone(mac)
    assert stack.sql("SELECT brand FROM nethprov.phones WHERE mac = %s", (mac,))[0][0] == "grandstream"
    r = get(p)
    assert r.status == 200, r
    assert r.header("Content-Type") == CT
    assert r.header("Content-Length") == str(len(r.body))
    mac_el, pv = parse(r.body)
    assert mac_el == p.plain
    assert pv["P271"] == "1"


def test_wrong_mac_is_404(stack):
    p = stack.phone(DEMO_GXP)
    other = stack.phone(DEMO_GRP)
    assert get(p, name=fname(other)).status == 404
    assert get(p, name="cfg000b82ffffff.xml").status == 404
    # the files the phone asks for besides cfg<mac>.xml are not served
    assert get(p, name="cfg.xml").status == 404
    assert get(p, name="cfg" + p.plain).status == 404


def test_first_access_then_tok2(stack, gsphone):
    p = gsphone()
    pv = pvals(p, p.tok1)
    # the phone is pointed at the tok2 directory at once, and polls hourly until it uses it
    assert pv["P237"] == f"{stack.base_url}/{p.tok2}"
    assert pv["P212"] == "1"  # the test base URL is http
    assert pv["P194"] == "1" and pv["P193"] == "60"
    assert pv["P145"] == "0"
    pv = pvals(p)
    assert pv["P237"] == f"{stack.base_url}/{p.tok2}"
    # then daily between 01:00 and 04:00
    assert pv["P194"] == "2" and pv["P285"] == "1" and pv["P8459"] == "4"


def test_https_base_url(stack, gsphone):
    p = gsphone()
    r = stack.request("GET", p.path(p.tok2, fname(p)), ua=ua(p), https=True)
    assert r.status == 200, r
    pv = parse(r.body)[1]
    assert pv["P212"] == "2"
    assert pv["P237"] == f"{stack.sbase_url}/{p.tok2}"


def test_provisioning_never(stack, gsphone, settings):
    p = gsphone()
    settings.phone(p, "provisioning_freq", "never")
    pvals(p)
    pv = pvals(p)
    assert pv["P194"] == "0" and "P285" not in pv


# ------------------------------------------------------------------------------------------------
# Values


def test_account_values(stack):
    p = stack.phone(DEMO_GXP)
    pv = pvals(p)
    assert pv["P35"] == p.extension == "323"
    assert pv["P36"] == p.extension
    assert pv["P34"] == p.sip_password
    # account_encryption_1 = 1 on this phone: TLS port, TLS, SRTP forced
    assert pv["P47"] == f"{p.effective('hostname')}:{p.effective('sip_tls_port')}"
    assert pv["P130"] == "2" and pv["P183"] == "2"
    assert pv["P33"] == "*97"
    assert pv["P1347"] == "**"
    assert (pv["P2301"], pv["P2302"], pv["P2303"]) == ("0", "1", "0")


def test_plain_account(stack, gsphone, settings):
    p = gsphone("GRP2612")
    pv = pvals(p)
    assert pv["P47"] == f"{p.effective('hostname')}:{p.effective('sip_udp_port')}"
    assert pv["P130"] == "0" and pv["P183"] == "0"
    assert pv["P3"] == pv["P270"] == p.display_name
    settings.phone(p, "account_dtmf_type_1", "sip_info")
    settings.phone(p, "outbound_proxy_1", "proxy.example.test")
    pv = pvals(p)
    assert (pv["P2301"], pv["P2302"], pv["P2303"]) == ("0", "0", "1")
    assert pv["P48"] == f"proxy.example.test:{p.effective('sip_udp_port')}"


def test_escaping(stack):
    p = stack.phone(DEMO_GXP)
    assert p.display_name == ESCAPED_NAME
    pv = pvals(p)
    assert pv["P3"] == ESCAPED_NAME and pv["P270"] == ESCAPED_NAME
    assert pv["P8022"] == 'ou=Rossi "HQ",dc=example,dc=com'


def test_language(stack, gsphone, settings):
    p = gsphone()
    settings.phone(p, "language", "it")
    assert pvals(p)["P1362"] == "it"
    settings.phone(p, "language", "en")
    assert pvals(p)["P1362"] == "en"
    settings.phone(p, "language", "cs")
    assert pvals(p)["P1362"] == "cz"
    settings.phone(p, "language", "da")
    assert pvals(p)["P1362"] == "en"


def test_time_zone(stack, gsphone, settings):
    p = gsphone()
    settings.phone(p, "timezone", "Europe/Rome")
    pv = pvals(p)
    assert pv["P64"] == "customize"
    assert pv["P246"] == "CET-1CEST,M3.5.0,M10.5.0/3"
    assert pv["P143"] == "0"
    settings.phone(p, "timezone", "America/New_York")
    assert pvals(p)["P246"] == "EST5EDT,M3.2.0,M11.1.0"


def test_date_time_tones_transfer(stack, gsphone, settings):
    p = gsphone()
    settings.phone(p, "time_format", "12")
    settings.phone(p, "date_format", "YYYY MM DD")
    settings.phone(p, "tonezone", "us")
    settings.phone(p, "dss_transfer", "blind")
    pv = pvals(p)
    assert pv["P122"] == "0" and pv["P102"] == "0"
    assert pv["P343"] == "f1=350,f2=440;" and pv["P348"] == "f1=480,f2=620,c=50/50;"
    assert pv["P8390"] == "0"
    settings.phone(p, "tonezone", "it")
    settings.phone(p, "dss_transfer", "attended")
    pv = pvals(p)
    assert pv["P346"] == "f1=425,c=100/400;" and pv["P8390"] == "1"
    # a country with no tone strings keeps the phone's tones
    settings.phone(p, "tonezone", "jp")
    assert "P343" not in pvals(p)


def test_call_waiting_and_ringtone(stack, gsphone, settings):
    p = gsphone()
    pv = pvals(p)
    assert pv["P91"] == "0" and pv["P186"] == "0" and pv["P104"] == "0"
    settings.phone(p, "call_waiting_tone", "0")
    settings.phone(p, "ringtone", "0")
    pv = pvals(p)
    assert pv["P186"] == "1" and pv["P104"] == "4"


def test_dnd_and_forward_allowed(stack, gsphone, settings):
    p = gsphone()
    pv = pvals(p)
    assert pv["P8446"] == "1" and pv["P8348"] == ""
    settings.phone(p, "account_dnd_allow_1", "0")
    settings.phone(p, "account_fwd_allow_1", "0")
    pv = pvals(p)
    assert pv["P8446"] == "0" and pv["P8348"] == "ForwardAll"


def test_vlan(stack, gsphone, settings):
    pv = pvals(stack.phone(DEMO_GXP))
    assert (pv["P22174"], pv["P51"], pv["P229"]) == ("1", "20", "30")
    p = gsphone()
    pv = pvals(p)
    assert (pv["P22174"], pv["P51"], pv["P229"]) == ("0", "0", "0")
    settings.phone(p, "vlan_id_phone", "123")
    assert pvals(p)["P51"] == "123"
    # a Wi-Fi phone has no PC port
    assert "P229" not in pvals(stack.phone(DEMO_WP))


def test_files_under_tok2(stack):
    p = stack.phone(DEMO_GXP)
    pv = pvals(p)
    base = f"{stack.base_url}/{p.tok2}"
    assert pv["P192"] == base + "/firmware" and pv["P238"] == "0" and pv["P6767"] == "1"
    assert pv["P2916"] == "1" and pv["P2917"] == base + "/backgrounds/wall.png"
    assert pv["P6759"] == "2" and pv["P934"] == base + "/screensavers/saver.png"
    # no firmware file: no firmware path, firmware check skipped
    pv = pvals(stack.phone(DEMO_GRP))
    assert "P192" not in pv and pv["P238"] == "2"
    assert pv["P2916"] == "0" and "P6759" not in pv


def test_ldap(stack):
    pv = pvals(stack.phone(DEMO_GXP))
    assert pv["P8020"] == "127.0.0.1" and pv["P8021"] == "389" and pv["P8037"] == "0"
    assert pv["P8023"] == "cn=phonebook,dc=phonebook,dc=nh"
    assert pv["P8026"] == "(|(cn=%)(o=%))"
    assert pv["P8029"] == "telephoneNumber mobile homePhone"
    assert pv["P1526"] == "1"


# ------------------------------------------------------------------------------------------------
# Keys


def vpk(pv, n):
    """(mode, account, label, value) of VPK n."""
    if n <= 6:
        b, t = 1363 + 2 * (n - 1), 1465 + 2 * (n - 1)
        return pv.get(f"P{b}"), pv.get(f"P{b + 1}"), pv.get(f"P{t}"), pv.get(f"P{t + 1}")
    b = 23800 + 4 * (n - 7)
    return tuple(pv.get(f"P{b + i}") for i in range(4))


def mpk(pv, m):
    """(mode, account, label, value) of physical MPK m."""
    if m <= 7:
        a = 301 + 3 * (m - 1)
        return pv.get(f"P{323 + m - 1}"), pv.get(f"P{a}"), pv.get(f"P{a + 1}"), pv.get(f"P{a + 2}")
    b = 353 + 4 * (m - 8) if m <= 18 else 1440 + 4 * (m - 19)
    return tuple(pv.get(f"P{b + i}") for i in range(4))


def ext(pv, i):
    b = 23000 + 5 * (i - 1)
    return tuple(pv.get(f"P{b + j}") for j in range(4))


def test_rich_key_set_gxp2170(stack):
    pv = pvals(stack.phone(DEMO_GXP))
    # fixed VPKs 1..12 use the dynamic codes + 10
    assert vpk(pv, 1) == ("11", "0", "Alice", "201")
    assert vpk(pv, 2) == ("10", "0", "Mobile", "0612345678")
    assert vpk(pv, 3)[0] == "0"  # line
    assert vpk(pv, 4) == ("10", "0", "", "*76")  # dnd: speed dial of dndtoggle
    assert vpk(pv, 5)[3] == "*720698765432"  # forward: cfalwayson + number
    assert vpk(pv, 6) == ("18", "0", "", "202")  # transfer
    assert vpk(pv, 7)[0] == "-1"  # hold: no equivalent
    assert vpk(pv, 9) == ("10", "0", "", "**201")  # direct pickup
    # dynamic VPKs 13..
    assert vpk(pv, 13)[0] == "14"  # record
    assert vpk(pv, 14)[0] == "-1"  # url: no equivalent
    assert vpk(pv, 17) == ("13", "0", "", "224.0.1.75:5000")
    assert vpk(pv, 18)[0] == "26"  # phone lock
    assert vpk(pv, 19)[0] == "-1"  # prefix: no equivalent
    assert vpk(pv, 20) == ("0", "0", "", "*45")
    # unassigned
    assert vpk(pv, 21) == ("-1", "0", "", "")
    # expansion keys
    assert ext(pv, 1) == ("1", "0", "Bruno", "202")
    assert ext(pv, 2) == ("0", "0", "Office", "0311111111")
    assert ext(pv, 3) == ("0", "0", "", "*76")
    assert ext(pv, 4)[0] == "-1"
    # soft keys: forward and dnd dial the PBX codes, recall is Call Return
    assert (pv["P2987"], pv["P2990"]) == ("10", "*72")
    assert (pv["P2991"], pv["P2994"]) == ("10", "*76")
    assert pv["P2995"] == "17"


def test_rich_key_set_grp2614(stack):
    pv = pvals(stack.phone(DEMO_GRP))
    # one code set for every VPK; line = 31
    assert vpk(pv, 1) == ("1", "0", "Alice", "201")
    assert vpk(pv, 3)[0] == "31"
    assert vpk(pv, 6)[0] == "8"
    # line key 17 is MPK 1: multicast paging; 18 (phone lock) has no MPK mode
    assert mpk(pv, 1) == ("13", "0", "", "224.0.1.75:5000")
    assert mpk(pv, 2)[0] == "-1"
    assert mpk(pv, 4) == ("0", "0", "", "*45")
    assert mpk(pv, 24)[0] == "-1"


def test_keys_up_to_the_model_capability(stack, gsphone):
    g70 = pvals(stack.phone(DEMO_GXP))
    assert vpk(g70, 48)[0] == "-1" and vpk(g70, 49)[0] is None
    # 4 modules x 40 keys, 4 P-values each, in P23000..P23799 (P23800 is VPK 7)
    assert ext(g70, 160)[0] == "-1"
    assert len([k for k in g70 if 23000 <= int(k[1:]) < 23800]) == 160 * 4
    assert "P2995" in g70  # 3 soft keys
    g30 = pvals(gsphone("GXP2130"))
    assert vpk(g30, 12)[0] == "-1" and vpk(g30, 13)[0] is None
    assert mpk(g30, 8)[0] == "-1" and mpk(g30, 9)[0] is None
    assert not [k for k in g30 if 23000 <= int(k[1:]) < 23800]
    assert "P2991" in g30 and "P2995" not in g30  # 2 soft keys
    wp = pvals(stack.phone(DEMO_WP))
    assert vpk(wp, 1)[0] is None and mpk(wp, 1)[0] is None and "P2987" not in wp


@pytest.mark.parametrize("model", ["GXP2160", "GRP2616"])
def test_mpk_numbering(stack, gsphone, settings, model):
    p = gsphone(model)
    vpks = 24 if model == "GXP2160" else 16
    for m in (7, 8, 18, 19, 24):
        settings.phone(p, f"linekey_type_{vpks + m}", "blf")
        settings.phone(p, f"linekey_value_{vpks + m}", f"2{m:02d}")
    pv = pvals(p)
    for m in (7, 8, 18, 19, 24):
        assert mpk(pv, m) == ("1", "0", "", f"2{m:02d}"), m


@pytest.mark.parametrize("ktype", ["hold", "url", "prefix"])
def test_line_key_types_without_equivalent(stack, gsphone, settings, ktype):
    p = gsphone("GXP2160")
    settings.phone(p, "linekey_type_8", ktype)
    settings.phone(p, "linekey_value_8", "9")
    settings.phone(p, "linekey_type_30", ktype)  # MPK 6
    settings.phone(p, "linekey_value_30", "9")
    pv = pvals(p)
    assert vpk(pv, 8) == ("-1", "0", "", "")
    assert mpk(pv, 6) == ("-1", "0", "", "")


def test_local_dnd_forward_without_pbx_codes(stack, gsphone, settings):
    """Without dndtoggle/cfalwayson a VPK uses the phone's own DND and Forward modes, an MPK has none."""
    p = gsphone("GXP2160")
    settings.default("dndtoggle", None)
    settings.default("cfalwayson", None)
    for n, t in ((7, "dnd"), (8, "forward"), (25, "dnd"), (26, "forward"), (27, "phone_lock")):
        settings.phone(p, f"linekey_type_{n}", t)
    settings.phone(p, "linekey_value_8", "0698765432")
    pv = pvals(p)
    assert vpk(pv, 7)[0] == "22"
    assert vpk(pv, 8) == ("21", "0", "", "0698765432")
    assert mpk(pv, 1)[0] == mpk(pv, 2)[0] == mpk(pv, 3)[0] == "-1"
    # a line key on a VPK that is not a GXP line key
    settings.phone(p, "linekey_type_9", "line")
    assert vpk(pvals(p), 9)[0] == "-1"


@pytest.mark.parametrize("stype,want", [
    ("speed_dial", "10"), ("group_pickup", "10"), ("recall", "17"), ("ldap", "21"), ("history", "25"),
    ("menu", "27"), ("status", "29"), ("forward", "10"), ("dnd", "10"),
    # no equivalent: the phone's own key
    ("pick_up", "0"), ("prefix", "0"),
])
def test_soft_key_types(stack, gsphone, settings, stype, want):
    p = gsphone("GXP2140")
    settings.phone(p, "softkey_type_3", stype)
    settings.phone(p, "softkey_value_3", "0612345678")
    pv = pvals(p)
    assert pv["P2995"] == want
    if want == "0":
        assert pv["P2998"] == ""


# ------------------------------------------------------------------------------------------------
# MAC ranges


@pytest.mark.parametrize("mac", ["00:0b:82:00:00:31", "c0:74:ad:00:00:31", "ec:74:d7:00:00:31", "14:4c:ff:00:00:31",
                                 "00:0b:82:ff:ff:ff", "14:4c:ff:00:00:00"])
def test_mac_detection(stack, mac):
    assert stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (mac,))[0][0] == "grandstream"


# -- keys driven by a setting (issue 10) ---------------------------------------------------------------------

def test_ldap_display_name_follows_ldap_name_display(stack, gsphone, settings):
    """P8030 takes attribute names: ldap_name_display's %attr references without the '%'."""
    p = gsphone()
    settings.phone(p, "ldap_name_display", "%sn %givenName")
    settings.phone(p, "ldap_name_attr", "cn o")
    assert pvals(p)["P8030"] == "sn givenName"
