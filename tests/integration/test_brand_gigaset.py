"""Gigaset Maxwell: the {MAC}.xml file, its shape, and the values that come from the database.

The demo phones are 7c:2f:80:00:00:30 (Maxwell3, user 321, the rich settings) and 00:21:04:00:00:30
(MaxwellBasic, user 322), from sql/demo/30_gigaset.sql. Tests that change data use phones of their own.
"""

import itertools
import xml.etree.ElementTree as ET

import pytest

CT = "text/xml; charset=utf-8"
UA = "Maxwell 3 2.22.4"
DEMO_M3 = "7c:2f:80:00:00:30"
DEMO_BASIC = "00:21:04:00:00:30"
ESCAPED_NAME = 'Rossi & Figli <Sales> "HQ"'

_mac_seq = itertools.count(1)
_ext_seq = itertools.count(32101)


def fname(phone):
    return phone.plain.upper() + ".xml"


def get(phone, token=None, name=None):
    return phone.get(token or phone.tok2, name or fname(phone), ua=UA)


def parse(body):
    """The <param name value/> of a Maxwell file as {name: value}; fails on a name written twice."""
    root = ET.fromstring(body)
    assert root.tag == "provisioning" and root.get("version") == "1.1", root.tag
    out = {}
    for p in root.iter("param"):
        name = p.get("name")
        assert name not in out, f"param {name} written twice"
        out[name] = p.get("value")
    return root, out


def params(phone, token=None):
    r = get(phone, token)
    assert r.status == 200, r
    return parse(r.body)[1]


@pytest.fixture
def gphone(stack):
    """Creates a Gigaset phone of its own (user + phone + device): gphone(model) -> Phone."""

    def make(model="Maxwell3", display_name=None):
        n = next(_mac_seq)
        mac = f"7c:2f:80:30:{n >> 8:02x}:{n & 0xFF:02x}"
        ext = str(next(_ext_seq))
        stack.sql("INSERT INTO nethprov.users (extension, display_name) VALUES (%s, %s)",
                  (ext, display_name or f"Gigaset User {ext}"))
        (pid,) = stack.sql("INSERT INTO nethprov.phones (mac, model) VALUES (%s, %s) RETURNING id", (mac, model))[0]
        stack.sql("INSERT INTO nethprov.devices (phone_id, user_extension) VALUES (%s, %s)", (pid, ext))
        return stack.phone(mac)

    return make


# ------------------------------------------------------------------------------------------------
# Files


@pytest.mark.parametrize("mac", [DEMO_M3, DEMO_BASIC])
def test_demo_phones_get_their_file(stack, mac):
    p = stack.phone(mac)
    assert stack.sql("SELECT brand FROM nethprov.phones WHERE mac = %s", (mac,))[0][0] == "gigaset"
    r = get(p)
    assert r.status == 200, r
    assert r.header("Content-Type") == CT
    assert r.header("Content-Length") == str(len(r.body))
    root, prm = parse(r.body)
    assert root.find("nvm") is not None and root.find("custom") is not None
    # the file name is also accepted in lower case
    assert get(p, name=p.plain + ".xml").status == 200


def test_wrong_mac_is_404(stack):
    p = stack.phone(DEMO_M3)
    other = stack.phone(DEMO_BASIC)
    assert get(p, name=fname(other)).status == 404
    assert get(p, name="7C2F80FFFFFF.xml").status == 404


def test_first_access_then_tok2(stack, gphone):
    p = gphone()
    prm = params(p, p.tok1)
    # tok1 answers with the tok2 URL of the file and a 10-minute poll
    assert prm["System.Provision.ProvisioningServer"] == f"{stack.base_url}/{p.tok2}/%MACD.xml"
    assert prm["System.Provision.Period"] == "600"
    prm = params(p)
    assert prm["System.Provision.ProvisioningServer"] == f"{stack.base_url}/{p.tok2}/%MACD.xml"
    assert prm["System.Provision.Period"] == "86400"
    assert prm["NET.IP.IPv4.DHCP.Options.Disabled"] == "66,114"


def test_provisioning_never(stack, gphone, settings):
    p = gphone()
    settings.phone(p, "provisioning_freq", "never")
    params(p)  # uses tok2: provisioning complete
    assert params(p)["System.Provision.Period"] == "0"


# ------------------------------------------------------------------------------------------------
# Values


def test_account_values(stack):
    p = stack.phone(DEMO_M3)
    prm = params(p)
    assert prm["SIP.Account.0.Active"] == "1"
    assert prm["SIP.Account.0.Username"] == p.extension == "321"
    assert prm["SIP.Account.0.AuthName"] == p.extension
    assert prm["SIP.Account.0.AuthPassword"] == p.sip_password
    assert prm["SIP.Account.0.RegistrationServer.Address"] == p.effective("hostname")
    assert prm["SIP.Account.0.ProxyServer.Address"] == p.effective("hostname")
    # account_encryption_1 = 1 on this phone: TLS port, TLS and SRTP
    assert prm["SIP.Account.0.RegistrationServer.Port"] == p.effective("sip_tls_port")
    assert prm["SIP.TransportProtocol"] == "2" and prm["SIP.Security.SRTP"] == "1"
    assert prm["SIP.Account.0.VoiceMail.Mailbox"] == "*97"
    assert prm["SIP.Account.0.DTMFTransmission"] == "1"
    assert prm["PhoneUI.Keys.ProgrammableKeys.DND.FAC.enable"] == "*78"


def test_plain_account_uses_udp(stack, gphone):
    p = gphone()
    prm = params(p)
    assert prm["SIP.Account.0.RegistrationServer.Port"] == p.effective("sip_udp_port")
    assert prm["SIP.TransportProtocol"] == "1" and prm["SIP.Security.SRTP"] == "0"
    assert prm["SIP.Account.0.DisplayName"] == p.display_name


def test_escaping(stack):
    p = stack.phone(DEMO_M3)
    assert p.display_name == ESCAPED_NAME
    prm = params(p)
    assert prm["SIP.Account.0.DisplayName"] == ESCAPED_NAME
    assert prm["NetDir.LDAP.0.BaseDN"] == 'ou=Rossi "HQ",dc=example,dc=com'


def test_language(stack, gphone, settings):
    p = gphone()
    settings.phone(p, "language", "it")
    assert params(p)["PhoneUI.Settings.Language"] == "it-it"
    settings.phone(p, "language", "en")
    prm = params(p)
    assert prm["PhoneUI.Settings.Language"] == "en-us" and prm["WebUI.Language"] == "en-us"
    settings.phone(p, "language", "fi")
    assert params(p)["PhoneUI.Settings.Language"] == "en-us"


def test_time_zone(stack, gphone, settings):
    p = gphone()
    settings.phone(p, "timezone", "Europe/Rome")
    prm = params(p)
    assert prm["System.DateAndTime.TimeZone"] == "GMT+1.Europe/Amsterdam"
    assert prm["System.DateAndTime.AutoAdjustClockForDST"] == "AutomatedDaylightSavingEnabled"
    settings.phone(p, "timezone", "America/New_York")
    assert params(p)["System.DateAndTime.TimeZone"] == "GMT-5.America/New_York"
    settings.phone(p, "timezone", "Asia/Kolkata")
    assert params(p)["System.DateAndTime.TimeZone"] == "GMT+5:30.Asia/Kolkata"
    settings.phone(p, "timezone", "UTC")
    assert params(p)["System.DateAndTime.TimeZone"] == "GMT.Europe/London"


def test_date_time_tones_transfer(stack, gphone, settings):
    p = gphone()
    settings.phone(p, "time_format", "12")
    settings.phone(p, "date_format", "MM DD YYYY")
    settings.phone(p, "tonezone", "us")
    settings.phone(p, "dss_transfer", "blind")
    prm = params(p)
    assert prm["System.DateAndTime.TimeFormat"] == "12h"
    assert prm["System.DateAndTime.DateOrder"] == "mm.dd.yyyy"
    assert prm["Telephony.ToneScheme"] == "USA"
    assert prm["Telephony.CallTransfer.HoldOnTransfer.Attended"] == "Disabled"
    assert prm["Telephony.CallTransfer.HoldOnTransfer.Unattended"] == "Enabled"
    settings.phone(p, "tonezone", "de")
    assert params(p)["Telephony.ToneScheme"] == "DEU"
    settings.phone(p, "tonezone", "br")
    assert params(p)["Telephony.ToneScheme"] == "INT"


def test_vlan(stack, gphone, settings):
    p = stack.phone(DEMO_M3)
    prm = params(p)
    assert prm["NET.VLAN.Tagging"] == "2"
    assert prm["NET.VLAN.LAN.Identifier"] == "20"
    assert prm["NET.VLAN.PC.Identifier"] == "30"
    q = gphone()
    prm = params(q)
    assert prm["NET.VLAN.Tagging"] == "0" and prm["NET.VLAN.LAN.Identifier"] == "0"
    settings.phone(q, "vlan_id_phone", "123")
    prm = params(q)
    assert prm["NET.VLAN.Tagging"] == "1" and prm["NET.VLAN.LAN.Identifier"] == "123"


def test_files_under_tok2(stack):
    p = stack.phone(DEMO_M3)
    r = get(p)
    root, prm = parse(r.body)
    base = f"{stack.base_url}/{p.tok2}/"
    fw = root.find("firmware/file")
    assert fw.get("url") == base + "firmware/maxwell3-2.22.4.bin"
    assert prm["FirmwareManagment.AutomaticCheckForUpdates"] == "1"
    assert prm["PhoneUI.Settings.SelectedWallpapers"] == "wall.png"
    steps = {s.get("type"): s.get("url") for s in root.iter("step")}
    assert steps["DownloadWallpaper"] == base + "backgrounds/wall.png"
    assert "UnlockAllFunctionKeys" in steps
    assert prm["PhoneUI.Settings.ScreenSaverHTTPSource"] == base + "screensavers/saver.png"
    # no firmware file: no <firmware>, no check
    basic = stack.phone(DEMO_BASIC)
    root, prm = parse(get(basic).body)
    assert root.find("firmware") is None
    assert prm["FirmwareManagment.AutomaticCheckForUpdates"] == "0"
    # the Basic has no pictures
    assert "PhoneUI.Settings.SelectedWallpapers" not in prm


def test_ringtone(stack, gphone, settings):
    p = gphone()
    settings.phone(p, "ringtone", "3")
    assert params(p)["SIP.DefaultRingtone"] == "03_Vibe.mp3"
    # silence and a custom file have no equivalent: the default tone
    settings.phone(p, "ringtone", "0")
    assert params(p)["SIP.DefaultRingtone"] == "06_Gigaset.mp3"


# ------------------------------------------------------------------------------------------------
# Keys


def _fk(prm, n, field="Type"):
    return prm.get(f"PhoneUI.Keys.FunctionKeys.{n - 1}.{field}")


def test_line_keys_of_the_rich_set(stack):
    prm = params(stack.phone(DEMO_M3))
    assert _fk(prm, 1) == "4" and _fk(prm, 1, "PhoneNumber") == "201"
    assert _fk(prm, 1, "CallPickupCode") == "**" and _fk(prm, 1, "DisplayName") == "Alice"
    assert _fk(prm, 2) == "3" and _fk(prm, 2, "PhoneNumber") == "0612345678"
    assert _fk(prm, 3) == "0"  # line
    assert _fk(prm, 4) == "10" and _fk(prm, 4, "EnableCode") == "*78" and _fk(prm, 4, "DisableCode") == "*79"
    assert _fk(prm, 5) == "6" and _fk(prm, 5, "PhoneNumber") == "0698765432"
    # transfer, hold, conference: no function
    assert _fk(prm, 6) == _fk(prm, 7) == _fk(prm, 8) == "-1"


def test_unassigned_key_is_no_function(stack, gphone):
    p = gphone()
    prm = params(p)
    for n in range(1, 9):
        assert _fk(prm, n) == "-1"
        assert _fk(prm, n, "DisplayName") == ""


def test_keys_up_to_the_model_capability(stack, gphone):
    m3 = params(stack.phone(DEMO_M3))
    assert _fk(m3, 8) is not None and _fk(m3, 9) is None
    assert "PhoneUI.Keys.SoftKeys.1.Type" in m3 and "PhoneUI.Keys.SoftKeys.2.Type" not in m3
    basic = params(stack.phone(DEMO_BASIC))
    assert not [k for k in basic if k.startswith("PhoneUI.Keys.FunctionKeys.") and k[26].isdigit()]
    assert "PhoneUI.Keys.SoftKeys.1.Type" in basic and "PhoneUI.Keys.SoftKeys.2.Type" not in basic
    # no expansion keys on any model
    assert not [k for k in m3 if "Expansion" in k]


@pytest.mark.parametrize("ktype,value,want,field,fvalue", [
    ("blf", "202", "4", "PhoneNumber", "202"),
    ("speed_dial", "0612345678", "3", "PhoneNumber", "0612345678"),
    ("direct_pickup", "201", "3", "PhoneNumber", "**201"),
    ("forward", "0698765432", "6", "PhoneNumber", "0698765432"),
    ("dtmf", "1234", "7", "EnableCode", "1234"),
    ("url", "https://intranet.example.com/", "8", "URL", "https://intranet.example.com/"),
    ("group_pickup", "", "10", "EnableCode", "*8"),
    ("voice_mail", "", "10", "EnableCode", "*97"),
    ("queuetoggle", "401", "10", "EnableCode", "*45"),
    ("line", "", "0", None, None),
])
def test_line_key_types(stack, gphone, settings, ktype, value, want, field, fvalue):
    p = gphone("Maxwell2")
    settings.phone(p, "linekey_type_1", ktype)
    if value:
        settings.phone(p, "linekey_value_1", value)
    prm = params(p)
    assert _fk(prm, 1) == want
    if field:
        assert _fk(prm, 1, field) == fvalue


@pytest.mark.parametrize("ktype", ["transfer", "hold", "conference", "recall", "record", "ldap",
                                   "multicast_paging", "phone_lock", "prefix"])
def test_line_key_types_without_equivalent(stack, gphone, settings, ktype):
    p = gphone("Maxwell4")
    settings.phone(p, "linekey_type_2", ktype)
    settings.phone(p, "linekey_value_2", "9")
    prm = params(p)
    assert _fk(prm, 2) == "-1"
    assert _fk(prm, 2, "PhoneNumber") is None and _fk(prm, 2, "EnableCode") is None


@pytest.mark.parametrize("stype,want", [
    ("forward", "6"), ("dnd", "10"), ("recall", "17"), ("speed_dial", "3"), ("group_pickup", "10"),
    ("ldap", "13"),
    # no equivalent
    ("pick_up", "-1"), ("history", "-1"), ("menu", "-1"), ("status", "-1"), ("prefix", "-1"),
])
def test_soft_key_types(stack, gphone, settings, stype, want):
    p = gphone("Maxwell3")
    settings.phone(p, "softkey_type_2", stype)
    settings.phone(p, "softkey_value_2", "0612345678")
    prm = params(p)
    assert prm["PhoneUI.Keys.SoftKeys.1.Type"] == want
    if stype == "group_pickup":
        assert prm["PhoneUI.Keys.SoftKeys.1.EnableCode"] == "0612345678"


def test_soft_key_defaults(stack, gphone):
    prm = params(gphone("Maxwell2"))
    assert prm["PhoneUI.Keys.SoftKeys.0.Type"] == "13"  # ldap
    assert prm["PhoneUI.Keys.SoftKeys.1.Type"] == "10"  # group pickup
    assert prm["PhoneUI.Keys.SoftKeys.1.EnableCode"] == "*8"
    prm = params(gphone("MaxwellBasic"))
    assert prm["PhoneUI.Keys.SoftKeys.0.Type"] == "17"  # recall


def test_ldap(stack):
    prm = params(stack.phone(DEMO_M3))
    assert prm["NetDir.LDAP.0.Enable"] == "1"
    assert prm["NetDir.LDAP.0.Server.Address"] == "127.0.0.1"
    assert prm["NetDir.LDAP.0.Server.Port"] == "389"
    assert prm["NetDir.LDAP.0.Security"] == "0"
    assert prm["NetDir.LDAP.0.NameFilter"] == "(|(cn=%)(o=%))"
    assert prm["NetDir.LDAP.0.FirstName"] == "cn" and prm["NetDir.LDAP.0.Surname"] == "o"
    assert prm["NetDir.LDAP.0.PhoneMobile"] == "mobile"


# ------------------------------------------------------------------------------------------------
# MAC ranges


@pytest.mark.parametrize("mac", ["7c:2f:80:00:00:30", "58:9e:c6:00:00:30", "00:21:04:00:00:30", "14:b3:70:00:00:30",
                                 "7c:2f:80:ff:ff:ff", "14:b3:70:00:00:00"])
def test_mac_detection(stack, mac):
    assert stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (mac,))[0][0] == "gigaset"


def test_gigaset_p_sub_ranges(stack):
    """The Gigaset P-series (Snom built) owns narrower ranges, in 58:9E:C6 and in Snom's 00:04:13."""
    brands = {b for (b,) in stack.sql("SELECT name FROM nethprov.brands")}
    if "gigasetp" not in brands:
        pytest.skip("no gigasetp brand in templates/")
    detect = lambda m: stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (m,))[0][0]  # noqa: E731
    assert detect("58:9e:c6:90:00:00") == "gigasetp"
    assert detect("58:9e:c6:8f:ff:ff") == "gigaset"
    assert detect("00:04:13:e5:00:01") == "gigasetp"
    if "snom" in brands:
        assert detect("00:04:13:00:00:01") == "snom"


# ------------------------------------------------------------------------------------------------
# Keys that Tancredi derives from a setting (issue 10)

def test_tone_scheme_of_every_country_tancredi_knows(stack, gphone, settings):
    p = gphone()
    for zone, want in (("at", "AUT"), ("cz", "CZE"), ("dk", "DNK"), ("fi", "FIN"), ("fr", "FRA"), ("de", "DEU"),
                       ("gr", "GRC"), ("nl", "NLD"), ("pl", "POL"), ("pt", "PRT"), ("ru", "RUS"), ("za", "ZAF"),
                       ("es", "ESP"), ("se", "SWE"), ("uk", "GBR"), ("it", "ITA"), ("us", "USA"), ("jp", "INT")):
        settings.phone(p, "tonezone", zone)
        assert params(p)["Telephony.ToneScheme"] == want, zone


def test_account_internal_ring_tone_follows_ringtone(stack, gphone, settings):
    p = gphone()
    settings.phone(p, "ringtone", "15")
    prm = params(p)
    assert prm["SIP.Account.0.Ringtone.Internal"] == prm["SIP.DefaultRingtone"] == "15_Piano.mp3"


def test_soft_key_without_label_keeps_the_phone_name(stack, gphone, settings):
    p = gphone("Maxwell3")
    settings.phone(p, "softkey_type_1", "ldap")
    settings.phone(p, "softkey_label_1", "")
    assert "PhoneUI.Keys.SoftKeys.0.DisplayName" not in params(p)
    settings.phone(p, "softkey_label_1", "Rubrica")
    assert params(p)["PhoneUI.Keys.SoftKeys.0.DisplayName"] == "Rubrica"
