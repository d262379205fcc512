"""NethPhone (brand "nethesis"): the Fanvil text format plus the firmware lists of each hardware revision.

The golden NethPhones come from sql/demo/21_nethesis.sql: e0:e6:56:00:21:01 NP-X5 of user 315 (TLS,
VLANs, pictures, an explicit firmware_file, an LDAP base with quotes), :02 NP-X3, :03 NP-X210, :04 NP-V61.
Tests that change settings use phones of their own (MACs e0:e6:56:7e:21:NN). The Fanvil grammar parser
comes from test_brand_fanvil.py.
"""

import re

import pytest

from test_brand_fanvil import EXPECTED_KEYS, NO_FUNCTION, line_keys, new_phone, parse_fanvil, split_base_url

NETHESIS_UA = "Nethesis NP-X5 2.12.15.1.23 {plain}"

NPX5 = "e0:e6:56:00:21:01"
NPX3 = "e0:e6:56:00:21:02"
NPX210 = "e0:e6:56:00:21:03"
NPV61 = "e0:e6:56:00:21:04"
GOLDEN = (NPX5, NPX3, NPX210, NPV61)

X3_LIST = "nethesis_np_x3_hwv1_0.txt"
X5_V1_LIST = "nethesis_np_x5_hwv1_0.txt"
X5_V2_LIST = "nethesis_np_x5_hwv2_0.txt"
LISTS = {NPX5: (X5_V1_LIST, X5_V2_LIST), NPX3: (X3_LIST,), NPX210: (), NPV61: ()}

# The reference images of brand.xml (ns8-nethvoice nethesis-firmware*.tmpl, NethServer/dev#7216)
X5_V1 = ("2.4.13.1", "x5u-6906-P0.18.23.142-2.4.13.1-3681T2024-12-23-20.03.57.z")
X5_V2 = ("2.12.23.0.1", "NP-X5-voip-release-ff01-6907-2.12.23.0.1-krnlvUT2025-03-27-14.13.11.z")
X3_V1 = ("2.4.18.2", "x3sg-5913-RECOVERY-P0.18.23.1.75-2.4.18.2-1217T2024-03-20-03.28.47.z")

FW_LINE_RE = re.compile(r"^(?P<key>[A-Za-z]+)=(?P<value>[^\r\n]*)$")


def nethphone(stack, model):
    return new_phone(stack, model, mac_prefix="e0:e6:56:7e:21", ext_prefix="3150", display_name="NethPhone test")


def fetch(phone, filename=None, token=None, ua=NETHESIS_UA):
    r = phone.get(token or phone.tok2, filename, ua=ua.format(plain=phone.plain))
    assert r.status == 200, r
    return r


def cfg(phone, token=None):
    return parse_fanvil(fetch(phone, token=token).body)


def parse_fw_list(body):
    """Key=value lines of a firmware list, every line checked."""
    text = body.decode("utf-8")
    out = {}
    for ln in text.splitlines():
        m = FW_LINE_RE.match(ln)
        assert m, f"not a firmware-list line: {ln!r}"
        assert m.group("key") not in out, f"{m.group('key')} twice"
        out[m.group("key")] = m.group("value")
    return out


# -- files and status -----------------------------------------------------------------------------
@pytest.mark.parametrize("mac", GOLDEN)
def test_every_file_answers_via_tok2(stack, mac):
    p = stack.phone(mac)
    for name in (p.filename,) + LISTS[mac]:
        r = fetch(p, name)
        assert r.header("Content-Type") == "text/plain; charset=utf-8", name
        assert r.header("Content-Length") == str(len(r.body))
    parse_fanvil(fetch(p).body)


def test_wrong_mac_is_404(stack):
    p = stack.phone(NPX5)
    for other in ("e0e656002199", "e0e656002102", "0c383e002001"):
        r = p.get(p.tok2, f"{other}.cfg", ua=NETHESIS_UA.format(plain=p.plain))
        assert r.status == 404, (other, r)


def test_firmware_lists_only_for_their_model(stack):
    """The phone's model decides which lists exist: another model's list is 404."""
    x5, x3, x210 = stack.phone(NPX5), stack.phone(NPX3), stack.phone(NPX210)
    for p, name in ((x5, X3_LIST), (x3, X5_V1_LIST), (x3, X5_V2_LIST), (x210, X5_V1_LIST), (x210, X3_LIST),
                    (x5, "nethesis_np_x5_hwv3_0.txt")):
        r = p.get(p.tok2, name, ua=NETHESIS_UA.format(plain=p.plain))
        assert r.status == 404, (p.model, name, r)


def test_mac_detection(stack):
    for mac in ("e0:e6:56:00:00:00", "e0:e6:56:12:34:56", "e0:e6:56:ff:ff:ff"):
        (got,) = stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (mac,))[0]
        assert got == "nethesis", mac
    for mac in ("e0:e6:55:ff:ff:ff", "e0:e6:57:00:00:00"):
        (got,) = stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (mac,))[0]
        assert got != "nethesis", mac
    (brand,) = stack.sql("SELECT brand FROM nethprov.phones WHERE mac = %s", (NPX5,))[0]
    assert brand == "nethesis"


# -- firmware lists -------------------------------------------------------------------------------
@pytest.mark.parametrize("mac, name, image, info", [
    (NPX5, X5_V1_LIST, X5_V1, "TXT|XML"),
    (NPX5, X5_V2_LIST, X5_V2, None),
    (NPX3, X3_LIST, X3_V1, "TXT|XML"),
])
def test_firmware_list_picks_the_hardware_revision(stack, mac, name, image, info):
    p = stack.phone(mac)
    fw = parse_fw_list(fetch(p, name).body)
    version, file = image
    assert fw["Version"] == version
    assert fw["Firmware"] == f"{stack.base_url}/{p.tok2}/firmware/{file}"
    assert re.match(r"^\d{4}\.\d{2}\.\d{2} \d{2}:\d{2}$", fw["BuildTime"])
    assert fw.get("Info") == info


def test_firmware_list_ignores_the_user_agent(stack):
    """An NP-X5 that claims to be an NP-X3 still gets the NP-X5 list of the file it asked for."""
    p = stack.phone(NPX5)
    a = fetch(p, X5_V2_LIST, ua="Nethesis NP-X3 2.4.18.2 {plain}").body
    b = fetch(p, X5_V2_LIST).body
    assert a == b
    assert X5_V2[1] in a.decode()


def test_firmware_check_turns_on_without_firmware_file(stack, settings):
    # NP-X3 without firmware_file: the phone checks its list under the tok2 URL
    p = stack.phone(NPX3)
    c = cfg(p)
    assert c.get("Enable Auto Upgrade") == "1"
    assert c.get("Upgrade Server 1") == f"{stack.base_url}/{p.tok2}"
    assert c.get("Auto Image Url") == ""
    # NP-X5 with a firmware_file: direct upgrade, no list check
    q = stack.phone(NPX5)
    c = cfg(q)
    fw = q.effective("firmware_file")
    assert fw
    assert c.get("Auto Image Url") == f"{stack.base_url}/{q.tok2}/firmware/{fw}"
    assert c.get("Enable Auto Upgrade") == "0"
    assert c.get("Upgrade Server 1") == ""
    # models without a firmware list never check one
    for mac in (NPX210, NPV61):
        assert cfg(stack.phone(mac)).get("Enable Auto Upgrade") == "0"
    r = nethphone(stack, "NP-X5")
    settings.phone(r, "firmware_file", "NP-X5-custom.z")
    c = cfg(r)
    assert c.get("Enable Auto Upgrade") == "0"
    assert c.get("Auto Image Url") == f"{stack.base_url}/{r.tok2}/firmware/NP-X5-custom.z"


# -- configuration --------------------------------------------------------------------------------
@pytest.mark.parametrize("mac", GOLDEN)
def test_every_line_keeps_the_grammar(stack, mac):
    c = cfg(stack.phone(mac))
    assert c.get("SIP1 Enable Reg") == "1"


def test_display_name_and_ldap_base_survive(stack):
    p = stack.phone(NPX5)
    c = cfg(p)
    assert c.get("SIP1 Display Name") == 'Rossi & Figli <Sales> "HQ"'
    assert c.get("LDAP1 Base") == 'ou=Rossi "HQ",dc=example,dc=com'


def test_account_and_provisioning_url(stack):
    p = stack.phone(NPX5)
    c = cfg(p)
    assert c.get("SIP1 Phone Number") == p.extension
    assert c.get("SIP1 Register User") == p.extension
    assert c.get("SIP1 Register Pswd") == p.sip_password
    assert c.get("SIP1 Register Addr") == p.effective("hostname")
    assert c.get("SIP1 Register Port") == "5061"
    assert (c.get("SIP1 Transport"), c.get("SIP1 Media Crypto")) == ("3", "2")
    # the host of the base URL, then its path (Tancredi's nethesis.tmpl)
    host, path = split_base_url(stack.base_url)
    assert (c.get("Flash Server IP"), c.get("Flash File Name")) == (host, f"{path}/{p.tok2}/{p.filename}")
    q = stack.phone(NPV61)
    c = cfg(q)
    assert (c.get("SIP1 Register Port"), c.get("SIP1 Transport")) == ("5060", "0")


def test_language_time_zone_vlan(stack, settings):
    p = nethphone(stack, "NP-X5")
    settings.phone(p, "language", "it")
    settings.phone(p, "timezone", "Europe/Rome")
    c = cfg(p)
    assert c.get("Default Language") == "7"
    assert (c.get("Time Zone"), c.get("Time Zone Name"), c.get("DST Type")) == ("4", "UTC+1", "2")
    assert (c.get("DST Start Mon"), c.get("DST End Mon")) == ("3", "10")
    assert (c.get("Enable VLAN"), c.get("VLAN ID")) == ("0", "0")
    settings.phone(p, "timezone", "America/Sao_Paulo")
    settings.phone(p, "vlan_id_phone", "42")
    c = cfg(p)
    assert (c.get("Time Zone"), c.get("Time Zone Name"), c.get("DST Type")) == ("-12", "UTC-3", "0")
    assert (c.get("Enable VLAN"), c.get("VLAN ID")) == ("1", "42")
    v = cfg(stack.phone(NPX5))
    assert (v.get("VLAN ID"), v.get("PVID Value")) == ("20", "30")


def test_date_style_follows_the_model(stack, settings):
    x5, x3 = nethphone(stack, "NP-X5"), nethphone(stack, "NP-X3")
    for p in (x5, x3):
        settings.phone(p, "date_format", "YYYY MM DD")
    assert cfg(x5).get("Date Display Style") == "13"
    assert cfg(x3).get("Date Display Style") == "9"


@pytest.mark.parametrize("mac, count", [(NPX5, 34), (NPX3, 2), (NPX210, 106), (NPV61, 12)])
def test_line_keys_of_the_golden_phones(stack, mac, count):
    keys = line_keys(cfg(stack.phone(mac)))
    assert len(keys) == count
    n = min(count, len(EXPECTED_KEYS))
    assert keys[:n] == EXPECTED_KEYS[:n]
    assert all(k == NO_FUNCTION for k in keys[n:])


@pytest.mark.parametrize("model, count", [("NP-X3", 2), ("NP-X5", 34), ("NP-V61", 12)])
def test_keys_up_to_the_capability_and_no_further(stack, settings, model, count):
    p = nethphone(stack, model)
    for i in (count, count + 1):
        settings.phone(p, f"linekey_type_{i}", "blf")
        settings.phone(p, f"linekey_value_{i}", f"7{i:03d}")
    keys = line_keys(cfg(p))
    assert len(keys) == count
    assert keys[count - 1][1] == f"7{count:03d}@1/ba**7{count:03d}"
    assert not any(f"7{count + 1:03d}" in v for _, v, _ in keys)


def test_ldap_titles_and_emergency_number(stack, settings):
    """The same values the Fanvil template derives, here from nethesis.tmpl: LDAP1 Displayname from
    ldap_name_display without "%", Sort Attr, the LDAP title and unlabelled keys' titles in the phone's
    language, the country's emergency number."""
    p = nethphone(stack, "NP-X5")
    settings.phone(p, "language", "en")
    settings.phone(p, "ldap_name_display", "%cn")
    settings.phone(p, "linekey_type_1", "ldap")
    settings.phone(p, "tonezone", "it")
    c = cfg(p)
    assert c.get("LDAP1 Displayname") == "cn"
    assert c.get("LDAP1 Sort Attr") == "cn"
    assert c.get("LDAP1 Title") == "Phonebook"
    assert line_keys(c)[0] == ("3", "F_LDAPCONTACTS:0", "Phonebook")
    assert c.get("Emergency Call") == "118"
    settings.phone(p, "language", "it")
    c = cfg(p)
    assert c.get("LDAP1 Title") == "Rubrica" and line_keys(c)[0][2] == "Rubrica"
    soft = cfg(stack.phone(NPV61)).keys_of("DSSKEY CONFIG MODULE", "--SoftDss Config--")
    assert soft[1] == ("3", "F_CFWD", "Inoltro")


def test_soft_keys_and_no_expansion_keys(stack):
    c = cfg(stack.phone(NPV61))
    assert c.get("Desktop Softkey") == "dss1;dnd;redial;dss4;"
    body = fetch(stack.phone(NPX5)).body.decode()
    assert "0311111111" not in body and "Bruno" not in body, "expansion keys have no NethPhone equivalent"
