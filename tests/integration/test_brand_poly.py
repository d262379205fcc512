"""Poly (Polycom) VVX and Edge E: the files a phone requests, their XML, and the values in them.

A phone asks for its per-phone master file {mac}.cfg first and for the default master 000000000000.cfg only
when it cannot have it; both masters name the settings file [PHONE_MAC_ADDRESS]-phone.cfg in CONFIG_FILES,
which the phone turns into {mac}-phone.cfg.

The phones of these tests are created here (MACs 00:04:f2:50:xx:xx and 64:16:7f:50:xx:xx, users 50501...),
so that requests through tok2 do not touch the demo phones of sql/demo/50_poly.sql.
"""

import itertools
import xml.dom.minidom
import xml.etree.ElementTree as ET

import pytest

from conftest import Phone

POLY_UA = "FileTransport PolycomVVX-VVX_450-UA/6.4.6.2453 Type/Application"
CT = "application/xml; charset=utf-8"
MASTER = "000000000000.cfg"
SETTINGS_REF = "[PHONE_MAC_ADDRESS]-phone.cfg"

_seq = itertools.count(1)


def make_poly(stack, model="VVX450", display_name=None, oui="00:04:f2"):
    """A Poly phone of its own (user + phone + device 1); returns its Phone."""
    n = next(_seq)
    mac = f"{oui}:50:{n >> 8:02x}:{n & 0xFF:02x}"
    ext = str(50500 + n)
    stack.sql(
        "INSERT INTO nethprov.users (extension, display_name) VALUES (%s, %s)",
        (ext, display_name or f"Poly User {ext}"),
    )
    (pid,) = stack.sql(
        "INSERT INTO nethprov.phones (mac, brand, model) VALUES (%s, 'poly', %s) RETURNING id", (mac, model)
    )[0]
    stack.sql("INSERT INTO nethprov.devices (phone_id, user_extension) VALUES (%s, %s)", (pid, ext))
    return Phone(stack, mac)


def mac_master(phone):
    """The per-phone master file, the first file the phone asks for."""
    return f"{phone.plain}.cfg"


def settings_file(phone):
    """The settings file both masters name."""
    return f"{phone.plain}-phone.cfg"


def all_files(phone):
    return (mac_master(phone), MASTER, settings_file(phone))


def get(phone, token=None, filename=None):
    """A file through tok2 (or the token given); the settings file unless named."""
    return phone.get(token or phone.tok2, filename or settings_file(phone), ua=POLY_UA)


def params(body):
    """Every attribute of every element below the root, as one {name: value} dict. A name set twice would
    leave the phone's value to chance: refused."""
    root = ET.fromstring(body)
    out = {}
    for el in root.iter():
        if el is root:
            continue
        for k, v in el.attrib.items():
            assert k not in out, f"parameter {k} set twice"
            out[k] = v
    return out


def cfg(phone, token=None):
    r = get(phone, token)
    assert r.status == 200, r
    return params(r.body)


def master(phone, token=None, name=MASTER):
    r = get(phone, token, name)
    assert r.status == 200, (name, r)
    root = ET.fromstring(r.body)
    assert root.tag == "APPLICATION" and len(root) == 0
    return root.attrib


def masters(phone, token=None):
    """The attributes of both master files, which must be the same."""
    per_phone, default = master(phone, token, mac_master(phone)), master(phone, token, MASTER)
    assert per_phone == default
    return per_phone


# ---------------------------------------------------------------------------------------------------------
# Files, content types, well-formedness
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("model,oui", [("VVX450", "00:04:f2"), ("E350", "64:16:7f")])
def test_every_file_answers_with_xml(stack, model, oui):
    p = make_poly(stack, model, oui=oui)
    # the first contact comes through tok1 (valid until the phone uses tok2): every file answers there
    for name in all_files(p):
        assert get(p, p.tok1, name).status == 200, name
    roots = {}
    for name in all_files(p):
        r = get(p, p.tok2, name)
        assert r.status == 200, (name, r)
        assert r.header("Content-Type") == CT
        assert r.header("Content-Length") == str(len(r.body))
        assert r.body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
        roots[name] = ET.fromstring(r.body).tag
        xml.dom.minidom.parseString(r.body)
    assert roots == {mac_master(p): "APPLICATION", MASTER: "APPLICATION", settings_file(p): "polycomConfig"}


def test_wrong_mac_is_404(stack):
    p = make_poly(stack)
    other = make_poly(stack)
    for token in (p.tok2, p.tok1):
        for name in ("0004f2ffffff.cfg", "0004f2ffffff-phone.cfg", mac_master(other), settings_file(other)):
            assert get(p, token, name).status == 404, (token, name)
    # 000000000000.cfg holds no MAC: the token alone identifies the phone
    assert get(p, "0" * len(p.tok2), MASTER).status == 404
    # names near the real ones are not files of the phone
    for name in (f"{p.plain}-phone.xml", f"{p.plain}phone.cfg", f"{p.plain}-PHONE.cfg", f"{p.plain}-phone.cfg.bak"):
        assert get(p, p.tok2, name).status == 404, name


def test_the_masters_lead_to_the_settings(stack):
    """Follow the phone: read CONFIG_FILES of each master, put the MAC in, fetch what it names."""
    for model, oui in (("VVX450", "00:04:f2"), ("E350", "64:16:7f")):
        p = make_poly(stack, model, oui=oui)
        for name in (mac_master(p), MASTER):
            app = master(p, name=name)
            assert app["CONFIG_FILES"] == SETTINGS_REF, name
            names = [n.strip() for n in app["CONFIG_FILES"].split(",")]
            for cfg_name in names:
                r = get(p, p.tok2, cfg_name.replace("[PHONE_MAC_ADDRESS]", p.plain))
                assert r.status == 200, cfg_name
                assert ET.fromstring(r.body).tag == "polycomConfig"


def test_demo_phones_render(stack):
    for mac in ("00:04:f2:00:00:50", "64:16:7f:00:00:50"):
        plain = mac.replace(":", "")
        for name in (f"{plain}.cfg", MASTER, f"{plain}-phone.cfg"):
            res = stack.cli("render", mac, name)
            assert res.returncode == 0, res.stderr
            ET.fromstring(res.stdout.encode())
        # without a file name: the settings file, the one every model has
        res = stack.cli("render", mac)
        assert res.returncode == 0, res.stderr
        assert ET.fromstring(res.stdout.encode()).tag == "polycomConfig"


def test_identical_data_gives_identical_bytes(stack):
    p = make_poly(stack)
    for name in all_files(p):
        assert get(p, p.tok2, name).body == get(p, p.tok2, name).body, name


# ---------------------------------------------------------------------------------------------------------
# The master file
# ---------------------------------------------------------------------------------------------------------

def test_master_file_differs_by_model_family(stack):
    vvx = make_poly(stack, "VVX250")
    edge = make_poly(stack, "E100", oui="64:16:7f")
    mv, me = masters(vvx), masters(edge)
    assert mv["CONFIG_FILES"] == me["CONFIG_FILES"] == SETTINGS_REF
    assert "LICENSE_DIRECTORY" in mv and "CERTIFICATE_DIRECTORY" not in mv
    assert "CERTIFICATE_DIRECTORY" in me and "LICENSE_DIRECTORY" not in me
    for name in (mac_master, lambda p: MASTER):
        assert get(vvx, vvx.tok2, name(vvx)).body != get(edge, edge.tok2, name(edge)).body
    # the same family, another model: the same file
    vvx2 = make_poly(stack, "VVX601")
    assert masters(vvx2) == mv


def test_master_file_follows_a_model_change(stack, settings):
    p = make_poly(stack, "VVX450")
    assert "LICENSE_DIRECTORY" in masters(p)
    stack.sql("UPDATE nethprov.phones SET model = 'E550' WHERE id = %s", (p.id,))
    assert "CERTIFICATE_DIRECTORY" in masters(p)


def test_master_file_needs_a_model(stack):
    p = make_poly(stack)
    stack.sql("UPDATE nethprov.phones SET model = NULL WHERE id = %s", (p.id,))
    assert get(p, p.tok2, MASTER).status == 404
    assert get(p, p.tok2, mac_master(p)).status == 404
    assert get(p).status == 200
    # the CLI's main file is the settings file, which every model has
    res = stack.cli("render", p.mac)
    assert res.returncode == 0, res.stderr
    assert ET.fromstring(res.stdout.encode()).tag == "polycomConfig"


def test_firmware_url(stack, settings):
    p = make_poly(stack)
    assert masters(p, p.tok1)["APP_FILE_PATH"] == ""
    settings.phone(p, "firmware_file", "3111-48840-001.sip.ld")
    url = f"{stack.base_url}/{p.tok2}/firmware/3111-48840-001.sip.ld"
    # asked through tok1 (the first contact), the image is fetched with tok2 all the same
    assert masters(p, p.tok1)["APP_FILE_PATH"] == url
    assert masters(p)["APP_FILE_PATH"] == url
    # the settings file is no master: no APPLICATION element, no firmware in it
    body = get(p).body
    assert ET.fromstring(body).find(".//APPLICATION") is None
    assert b"APP_FILE_PATH" not in body and b"sip.ld" not in body


# ---------------------------------------------------------------------------------------------------------
# Account, provisioning, escaping
# ---------------------------------------------------------------------------------------------------------

def test_account_values(stack):
    p = make_poly(stack)
    c = cfg(p)
    assert c["reg.1.address"] == p.extension
    assert c["reg.1.auth.userId"] == p.extension
    assert c["reg.1.auth.password"] == p.sip_password
    assert c["reg.1.displayName"] == p.display_name
    assert c["reg.1.server.1.address"] == p.effective("hostname")
    assert c["reg.1.server.1.port"] == "5060"
    assert c["reg.1.server.1.transport"] == "UDPOnly"
    assert c["reg.1.srtp.require"] == "0"
    assert c["msg.mwi.1.callBack"] == "*97"
    assert c["device.auth.localAdminPassword"] == p.effective("adminpw")
    assert c["device.auth.localUserPassword"] == p.effective("userpw")


def test_encrypted_account(stack, settings):
    p = make_poly(stack)
    settings.phone(p, "account_encryption_1", "1")
    settings.phone(p, "outbound_proxy_1", "proxy.example.com")
    c = cfg(p)
    assert c["reg.1.server.1.transport"] == "TLS"
    assert c["reg.1.server.1.port"] == "5061"
    assert c["reg.1.srtp.offer"] == c["reg.1.srtp.require"] == "1"
    assert c["reg.1.outboundProxy.address"] == "proxy.example.com"
    assert c["reg.1.outboundProxy.transport"] == "TLS"


def test_dtmf_modes(stack, settings):
    p = make_poly(stack)
    expect = {"rfc4733": ("1", "1", "0"), "inband": ("1", "0", "0"), "sip_info": ("0", "0", "1")}
    for mode, (rtp, rfc, info) in expect.items():
        settings.phone(p, "account_dtmf_type_1", mode)
        c = cfg(p)
        got = (c["tone.dtmf.viaRtp"], c["tone.dtmf.rfc2833Control"], c["voIpProt.SIP.dtmfViaSignaling.rfc2976"])
        assert got == (rtp, rfc, info), mode


def test_unassigned_phone_has_no_registration(stack):
    p = make_poly(stack)
    stack.sql("DELETE FROM nethprov.devices WHERE phone_id = %s", (p.id,))
    c = cfg(p)
    assert not any(k.startswith("reg.") for k in c)
    assert c["device.prov.serverName"] == f"{stack.base_url}/{p.tok2}/"


def test_provisioning_url_and_polling(stack, settings):
    p = make_poly(stack)
    # first contact through tok1: poll often
    c = cfg(p, p.tok1)
    assert c["device.prov.serverName"] == f"{stack.base_url}/{p.tok2}/"
    assert c["device.prov.serverName.set"] == "1"
    assert (c["prov.polling.enabled"], c["prov.polling.mode"], c["prov.polling.period"]) == ("1", "rel", "300")
    # through tok2: once a night
    c = cfg(p)
    assert c["device.prov.serverName"] == f"{stack.base_url}/{p.tok2}/"
    assert (c["prov.polling.enabled"], c["prov.polling.mode"]) == ("1", "random")
    assert (c["prov.polling.time"], c["prov.polling.timeRandomEnd"]) == ("01:00", "04:00")
    settings.phone(p, "provisioning_freq", "never")
    c = cfg(p)
    assert c["prov.polling.enabled"] == "0" and "prov.polling.mode" not in c


def test_escaping_display_name_and_ldap_base(stack, settings):
    name = 'Rossi & Figli <Sales> "HQ"'
    p = make_poly(stack, display_name=name)
    base = 'ou=Rossi "HQ",dc=example,dc=com'
    settings.phone(p, "ldap_base", base)
    settings.phone(p, "linekey_type_1", "blf")
    settings.phone(p, "linekey_value_1", "201")
    settings.phone(p, "linekey_label_1", "A&B <x>")
    body = get(p).body
    c = params(body)
    assert c["reg.1.displayName"] == name
    assert c["reg.1.label"] == name
    assert c["dir.corp.baseDN"] == base
    assert c["attendant.resourceList.1.label"] == "A&B <x>"
    dom = xml.dom.minidom.parseString(body)
    regs = [e for e in dom.getElementsByTagName("reg") if e.hasAttribute("reg.1.displayName")]
    assert regs[0].getAttribute("reg.1.displayName") == name


def test_demo_escaping(stack):
    res = stack.cli("render", "00:04:f2:00:00:50", "0004f2000050-phone.cfg")
    assert res.returncode == 0, res.stderr
    c = params(res.stdout.encode())
    assert c["reg.1.displayName"] == 'Rossi & Figli <Sales> "HQ"'
    assert c["dir.corp.baseDN"] == 'ou=Rossi "HQ",dc=example,dc=com'


# ---------------------------------------------------------------------------------------------------------
# Regional settings
# ---------------------------------------------------------------------------------------------------------

def test_language(stack, settings):
    p = make_poly(stack)
    for lang, name in (("it", "Italian_Italy"), ("en", "English_United_States"), ("de", "German_Germany"),
                       ("dk", "Danish_Denmark"), ("tr", "English_United_States")):
        settings.phone(p, "language", lang)
        assert cfg(p)["lcl.ml.lang"] == name, lang


def test_date_and_time_format(stack, settings):
    p = make_poly(stack)
    settings.phone(p, "time_format", "12")
    settings.phone(p, "date_format", "WWW MMM DD")
    c = cfg(p)
    assert c["lcl.datetime.time.24HourClock"] == "0"
    assert c["lcl.datetime.date.format"] == "D,Md"
    settings.phone(p, "time_format", "24")
    settings.phone(p, "date_format", "DD MMM YYYY")
    c = cfg(p)
    assert c["lcl.datetime.time.24HourClock"] == "1"
    assert c["lcl.datetime.date.format"] == "dM,D"


def _dst(c, which):
    pre = f"tcpIpApp.sntp.daylightSavings.{which}."
    return tuple(c.get(pre + k) for k in ("month", "date", "dayOfWeek", "dayOfWeek.lastInMonth", "time"))


def test_time_zone_rome(stack, settings):
    p = make_poly(stack)
    settings.phone(p, "timezone", "Europe/Rome")
    c = cfg(p)
    assert c["tcpIpApp.sntp.gmtOffset"] == "3600"
    assert c["tcpIpApp.sntp.gmtOffset.overrideDHCP"] == "1"
    assert c["tcpIpApp.sntp.daylightSavings.enable"] == "1"
    assert c["tcpIpApp.sntp.daylightSavings.fixedDayEnable"] == "0"
    # last Sunday of March at 02:00, last Sunday of October at 03:00
    assert _dst(c, "start") == ("3", "22", "1", "1", "2")
    assert _dst(c, "stop") == ("10", "22", "1", "1", "3")


def test_time_zone_new_york_and_sydney(stack, settings):
    p = make_poly(stack)
    settings.phone(p, "timezone", "America/New_York")
    c = cfg(p)
    assert c["tcpIpApp.sntp.gmtOffset"] == "-18000"
    # second Sunday of March, first Sunday of November, both at 02:00
    assert _dst(c, "start") == ("3", "8", "1", "0", "2")
    assert _dst(c, "stop") == ("11", "1", "1", "0", "2")
    settings.phone(p, "timezone", "Australia/Sydney")
    c = cfg(p)
    assert c["tcpIpApp.sntp.gmtOffset"] == "36000"
    assert _dst(c, "start") == ("10", "1", "1", "0", "2")
    assert _dst(c, "stop") == ("4", "1", "1", "0", "3")


def test_time_zone_without_dst(stack, settings):
    p = make_poly(stack)
    settings.phone(p, "timezone", "Asia/Kolkata")
    c = cfg(p)
    assert c["tcpIpApp.sntp.gmtOffset"] == "19800"
    assert c["tcpIpApp.sntp.daylightSavings.enable"] == "0"
    assert not any(k.startswith("tcpIpApp.sntp.daylightSavings.start") for k in c)


# ---------------------------------------------------------------------------------------------------------
# Network, features, display
# ---------------------------------------------------------------------------------------------------------

def test_vlan(stack, settings):
    p = make_poly(stack)
    settings.phone(p, "vlan_id_phone", "20")
    settings.phone(p, "vlan_id_pcport", "3999")
    c = cfg(p)
    assert c["device.net.vlanId"] == "20" and c["device.net.vlanId.set"] == "1"
    assert "3999" not in c.values(), "the PC port VLAN has no Poly parameter"
    settings.phone(p, "vlan_id_phone", "0")
    assert cfg(p)["device.net.vlanId"] == ""


def test_call_features(stack, settings):
    p = make_poly(stack)
    c = cfg(p)
    assert c["call.callWaiting.enable"] == "1"
    assert c["call.callWaiting.ring"] == "beep"
    assert c["call.defaultTransferType"] == "Consultative"
    assert c["call.directedCallPickupString"] == "**"
    settings.default("call_waiting_tone", None)
    settings.phone(p, "dss_transfer", "blind")
    settings.phone(p, "account_dnd_allow_1", "")
    settings.default("account_dnd_allow_1", "0")
    c = cfg(p)
    assert c["call.callWaiting.ring"] == "silent"
    assert c["call.defaultTransferType"] == "Blind"
    assert c["feature.doNotDisturb.enable"] == "0"


def test_ringtone(stack, settings):
    p = make_poly(stack)
    for value, ringer in (("0", "ringer1"), ("1", "ringer2"), ("3", "ringer4"), ("99", "ringer24"),
                          ("-1", "ringer2")):
        settings.phone(p, "ringtone", value)
        assert cfg(p)["reg.1.ringType"] == ringer, value


def test_background_and_display(stack, settings):
    color = make_poly(stack, "VVX450")
    grey = make_poly(stack, "VVX150")
    for p in (color, grey):
        settings.phone(p, "background_file", "wall.png")
        settings.phone(p, "brightness", "9")
        settings.phone(p, "screensaver_time", "120")
    c = cfg(color)
    assert c["bg.color.bm.1.name"] == f"{stack.base_url}/{color.tok2}/backgrounds/wall.png"
    assert c["bg.color.selection"] == "3,1"
    assert c["up.backlight.onIntensity"] == "3"
    assert (c["up.screenSaver.enabled"], c["up.screenSaver.waitTime"]) == ("1", "2")
    assert not any(k.startswith("bg.") for k in cfg(grey)), "VVX150: no colour display"


def test_ldap(stack, settings):
    p = make_poly(stack)
    c = cfg(p)
    assert c["feature.corporateDirectory.enabled"] == "1"
    assert c["dir.corp.address"] == p.effective("ldap_server")
    assert c["dir.corp.port"] == "389" and c["dir.corp.transport"] == "TCP"
    assert c["dir.corp.user"] == p.effective("ldap_user")
    assert c["dir.corp.password"] == p.effective("ldap_password")
    assert c["dir.corp.attribute.1.name"] == "cn"
    assert [c[f"dir.corp.attribute.{i}.name"] for i in (2, 3, 4)] == ["telephoneNumber", "mobile", "homePhone"]
    settings.default("ldap_port", None)
    settings.phone(p, "ldap_tls", "ldaps")
    c = cfg(p)
    assert c["dir.corp.port"] == "636" and c["dir.corp.transport"] == "TLS"


# ---------------------------------------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------------------------------------

def _set_keys(settings, p, kind, keys):
    for i, (t, v, lb) in keys.items():
        settings.phone(p, f"{kind}_type_{i}", t)
        if v:
            settings.phone(p, f"{kind}_value_{i}", v)
        if lb:
            settings.phone(p, f"{kind}_label_{i}", lb)


def test_line_key_types(stack, settings):
    p = make_poly(stack, "VVX601")   # 16 line keys
    _set_keys(settings, p, "linekey", {
        1: ("line", "", ""),
        2: ("blf", "202", "Bruno"),
        3: ("speed_dial", "0612345678", "Mobile"),
        4: ("dnd", "", ""),
        5: ("forward", "0698765432", ""),
        6: ("direct_pickup", "201", ""),
        7: ("group_pickup", "", ""),
        8: ("voice_mail", "", ""),
        9: ("queuetoggle", "401", ""),
        10: ("recall", "", ""),
        11: ("hold", "", ""),
        12: ("prefix", "9", ""),
        13: ("record", "", ""),
        14: ("multicast_paging", "224.0.1.75:5000", ""),
        15: ("speed_dial", "", ""),      # no number: nothing to dial
    })
    c = cfg(p)
    cat = {n: c[f"lineKey.{n}.category"] for n in range(1, 17)}
    assert (cat[1], c["lineKey.1.index"]) == ("Line", "1")
    assert (cat[2], c["lineKey.2.index"]) == ("BLF", "0")
    assert c["attendant.resourceList.2.address"] == "202"
    assert c["attendant.resourceList.2.label"] == "Bruno"
    actions = {
        3: "0612345678$Tinvite$", 4: "*76$Tinvite$", 5: "*720698765432$Tinvite$", 6: "**201$Tinvite$",
        7: "*8$Tinvite$", 8: "*97$Tinvite$", 9: "*45$Tinvite$", 10: "$FRedial$", 11: "$Chold$",
        12: "9$P1N20$$Tinvite$",
    }
    for n, action in actions.items():
        assert (cat[n], c[f"lineKey.{n}.index"]) == ("EFK", str(n)), n
        assert c[f"efk.efklist.{n}.action.string"] == action, n
        assert c[f"efk.efklist.{n}.status"] == "1"
    assert c["efk.efklist.3.label"] == "Mobile"
    assert c["efk.efklist.4.label"] == "DND"
    # no Poly function: "no function", and nothing else for the key
    for n in (13, 14, 15, 16):
        assert (cat[n], c[f"lineKey.{n}.index"]) == ("Unassigned", "0"), n
        assert f"efk.efklist.{n}.action.string" not in c and f"attendant.resourceList.{n}.address" not in c
    assert c["feature.enhancedFeatureKeys.enabled"] == "1"
    assert c["lineKey.reassignment.enabled"] == "1"


def test_soft_keys(stack, settings):
    p = make_poly(stack)
    _set_keys(settings, p, "softkey", {
        1: ("speed_dial", "0612345678", "Mobile"),
        2: ("pick_up", "", ""),
        3: ("status", "", ""),       # no Poly function
        4: ("dnd", "", ""),
    })
    c = cfg(p)
    assert (c["softkey.1.enable"], c["softkey.1.label"], c["softkey.1.action"]) == (
        "1", "Mobile", "0612345678$Tinvite$")
    assert c["softkey.1.use.idle"] == "1"
    assert c["softkey.2.action"] == "**$P2N10$$Tinvite$"
    assert c["softkey.3.enable"] == "0" and "softkey.3.action" not in c
    assert c["softkey.4.action"] == "*76$Tinvite$"
    assert c["softkey.5.enable"] == "0"
    assert "softkey.10.enable" in c and "softkey.11.enable" not in c


def test_keys_up_to_the_model_capability(stack, settings):
    small = make_poly(stack, "VVX150")            # 2 line keys, no expansion module
    big = make_poly(stack, "VVX450")              # 12 line keys + 3 x 84 expansion keys
    edge = make_poly(stack, "E350", oui="64:16:7f")  # 8 line keys
    for p in (small, big, edge):
        settings.phone(p, "linekey_type_20", "dnd")
        settings.phone(p, "expkey_type_1", "blf")
        settings.phone(p, "expkey_value_1", "202")
    cs, cb, ce = cfg(small), cfg(big), cfg(edge)
    assert "lineKey.2.category" in cs and "lineKey.3.category" not in cs
    assert "lineKey.8.category" in ce and "lineKey.9.category" not in ce
    assert "lineKey.264.category" in cb and "lineKey.265.category" not in cb
    # line key 20 is beyond every model's own keys: on the VVX450 key 20 is expansion key 8 (unassigned)
    assert cb["lineKey.20.category"] == "Unassigned"
    assert not any(k.startswith("attendant.resourceList") for k in cs)
    assert not any(k.startswith("attendant.resourceList") for k in ce)
    # expansion key 1 is the key after the phone's own 12
    assert cb["lineKey.13.category"] == "BLF" and cb["attendant.resourceList.13.address"] == "202"
    assert sum(1 for k in cb if k.endswith(".category")) == 12 + 3 * 84
    assert "softkey.10.enable" in cs and "softkey.11.enable" not in cs


def test_expansion_keys_are_numbered_across_modules(stack, settings):
    p = make_poly(stack, "VVX501")    # 12 line keys, modules of 84
    settings.phone(p, "expkey_type_85", "speed_dial")     # module 2, key 1
    settings.phone(p, "expkey_value_85", "0311111111")
    settings.phone(p, "expkey_type_252", "hold")          # module 3, key 84
    settings.phone(p, "expkey_type_253", "hold")          # beyond the third module
    c = cfg(p)
    assert c["lineKey.97.category"] == "EFK"
    assert c["efk.efklist.97.action.string"] == "0311111111$Tinvite$"
    assert c["efk.efklist.264.action.string"] == "$Chold$"
    assert "lineKey.265.category" not in c


def test_demo_golden_keys(stack):
    res = stack.cli("render", "64:16:7f:00:00:50", "64167f000050-phone.cfg")
    assert res.returncode == 0, res.stderr
    c = params(res.stdout.encode())
    assert c["lineKey.1.category"] == "BLF" and c["attendant.resourceList.1.address"] == "201"
    assert c["efk.efklist.2.action.string"] == "0612345678$Tinvite$"
    assert c["lineKey.3.category"] == "Line"
    assert "lineKey.9.category" not in c
    assert c["softkey.9.enable"] == "0"          # status: no Poly function


# ---------------------------------------------------------------------------------------------------------
# MAC detection
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("mac", ["00:04:f2:00:00:01", "00:04:f2:ff:ff:ff", "64:16:7f:12:34:56", "48:25:67:ab:cd:ef",
                                 "00:90:7a:00:00:50"])
def test_mac_detection(stack, mac):
    assert stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (mac,))[0][0] == "poly"


def test_neighbouring_ouis_are_not_poly(stack):
    for mac in ("00:04:f1:ff:ff:ff", "00:04:f3:00:00:00", "64:16:7e:ff:ff:ff"):
        assert stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (mac,))[0][0] != "poly"


def test_gigaset_p_inside_snom(stack):
    brands = {r[0] for r in stack.sql("SELECT name FROM nethprov.brands")}
    if not {"snom", "gigasetp"} <= brands:
        pytest.skip("snom or gigasetp brand not present")
    detect = lambda m: stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (m,))[0][0]  # noqa: E731
    assert detect("00:04:13:e5:00:01") == "gigasetp"
    assert detect("00:04:13:00:00:01") == "snom"
