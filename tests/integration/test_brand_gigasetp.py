"""Gigaset Pro P-series (templates/gigasetp/): Snom-built phones inside Snom's MAC block.

The MAC decides the brand: the Gigaset P sub-ranges of 00:04:13 (and of 58:9E:C6) are
narrower than Snom's OUI prefix, so they win. The settings file is Snom's format.

Every test works on phones of its own (MACs 00:04:13:e7:1b:xx, inside the P810 range; users
from 111001 on, skipping extensions already taken), so the demo phones of
sql/demo/11_gigasetp.sql (golden configs) stay untouched.
"""

import itertools
import xml.etree.ElementTree as ET

import pytest

from conftest import TOP

GP_UA = "Mozilla/4.0 (compatible; Gigaset {model} IP PRO 10.1.198.9 {mac})"
CT_XML = "text/xml; charset=utf-8"

_mac_seq = itertools.count(1)
_ext_seq = itertools.count(111001)


# -- helpers ----------------------------------------------------------------------------------

def new_user(stack, display_name=None):
    """A user with the next extension of this file's sequence that nobody has taken yet."""
    while True:
        ext = str(next(_ext_seq))
        rows = stack.sql("INSERT INTO nethprov.users (extension, display_name) VALUES (%s, %s) "
                         "ON CONFLICT DO NOTHING RETURNING extension",
                         (ext, display_name or f"Test {ext}"))
        if rows:
            return ext


def new_phone(stack, model, display_name=None):
    """A Gigaset P phone (MAC in the P810 sub-range), the first device of a new user."""
    while True:  # the next MAC of the sequence that no other test has taken
        n = next(_mac_seq)
        mac = f"00:04:13:e7:1b:{n:02x}"
        if stack.sql("INSERT INTO nethprov.phones (mac, model) VALUES (%s, %s) "
                     "ON CONFLICT DO NOTHING RETURNING id", (mac, model)):
            break
    ext = new_user(stack, display_name)
    stack.sql("INSERT INTO nethprov.devices (phone_id, user_extension) "
              "SELECT id, %s FROM nethprov.phones WHERE mac = %s", (ext, mac))
    return stack.phone(mac)


def main_file(phone):
    return phone.plain.upper() + ".xml"


def fetch(phone, token=None, filename=None):
    ua = GP_UA.format(model=phone.model, mac=phone.plain.upper())
    return phone.get(token or phone.tok2, filename or main_file(phone), ua=ua)


class Settings:
    """The settings document parsed back: phone-settings by (name, idx), fkeys by idx."""

    def __init__(self, body):
        root = ET.fromstring(body)
        assert root.tag == "settings", root.tag
        self.settings = {}
        for el in root.find("phone-settings"):
            assert "perm" in el.attrib, f"<{el.tag}> has no perm attribute"
            key = (el.tag, el.get("idx"))
            assert key not in self.settings, f"<{el.tag}> twice"
            self.settings[key] = el.text or ""
        self.fkeys = {}
        for el in root.find("functionKeys"):
            assert el.tag == "fkey"
            self.fkeys[int(el.get("idx"))] = el

    def get(self, name, idx=None):
        assert (name, idx) in self.settings, f"no <{name}> idx={idx}"
        return self.settings[(name, idx)]

    def has(self, name, idx=None):
        return (name, idx) in self.settings

    def fkey(self, idx):
        return self.fkeys[idx].text or ""


def settings_of(phone, token=None):
    r = fetch(phone, token)
    assert r.status == 200, r
    return Settings(r.body)


def detect(stack, hex12):
    mac = ":".join(hex12[i:i + 2] for i in range(0, 12, 2))
    return stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (mac,))[0][0]


def gp_ranges():
    root = ET.parse(TOP / "templates" / "gigasetp" / "brand.xml").getroot()
    return [(int(m.get("from"), 16), int(m.get("to"), 16)) for m in root.findall("mac")]


# -- files ------------------------------------------------------------------------------------

@pytest.mark.parametrize("model", ["P710", "P810", "P825", "P855"])
def test_every_file_answers_with_xml(stack, model):
    p = new_phone(stack, model)
    r = fetch(p)
    assert r.status == 200, r
    assert r.header("Content-Type") == CT_XML
    Settings(r.body)
    assert fetch(p, filename=p.plain + ".xml").status == 200
    fw = fetch(p, filename="gigasetP-firmware.xml")
    assert fw.status == 200, fw
    assert fw.header("Content-Type") == CT_XML
    assert ET.fromstring(fw.body).tag == "firmware-settings"


def test_wrong_mac_or_other_brand_file_is_404(stack):
    p = new_phone(stack, "P820")
    assert fetch(p, filename="000413E71BFF.xml").status == 404
    assert fetch(p, filename="snom-firmware.xml").status == 404, "Snom's firmware file is not a Gigaset P one"


# -- content ----------------------------------------------------------------------------------

def test_account_url_and_firmware(stack, settings):
    p = new_phone(stack, "P850")
    tok1, tok2 = p.tokens()
    first = settings_of(p, tok1)
    assert first.get("setting_server") == f"{stack.base_url}/{tok2}/{main_file(p)}"
    assert first.get("prov_polling_mode") == "rel" and first.get("prov_polling_period") == "60"
    s = settings_of(p)
    assert s.get("prov_polling_mode") == "random" and s.get("prov_polling_period") == "86400"
    assert s.get("user_name", "1") == p.extension
    assert s.get("user_pass", "1") == p.sip_password
    assert s.get("user_host", "1") == p.effective("hostname")
    assert s.get("user_outbound", "1") == f"{p.effective('hostname')}:5060;transport=udp"
    assert s.get("language") == "Italiano" and s.get("locale") == "it_IT"
    assert s.get("webserver_admin_password") == s.get("admin_mode_password")
    assert s.get("firmware_status") == ""
    settings.phone(p, "firmware_file", "gigasetP850-10.1.198.9-SIP-r.bin")
    assert settings_of(p).get("firmware_status") == f"{stack.base_url}/{tok2}/gigasetP-firmware.xml"
    fw = ET.fromstring(fetch(p, filename="gigasetP-firmware.xml").body)
    assert fw.find("firmware").text == f"{stack.base_url}/{tok2}/firmware/gigasetP850-10.1.198.9-SIP-r.bin"


def test_p710_uses_the_d7xx_web_login(stack):
    s = settings_of(new_phone(stack, "P710"))
    assert s.get("http_user") == "admin" and s.get("http_pass") == s.get("admin_mode_password")
    assert not s.has("webserver_admin_password") and not s.has("locale")


@pytest.mark.parametrize("zone, offset, dst", [
    ("Europe/Rome", "3600", "3600 03.05.07 02:00:00 10.05.07 03:00:00"),
    ("America/New_York", "-18000", "3600 03.02.07 02:00:00 11.01.07 02:00:00"),
    ("Asia/Tokyo", "32400", ""),
])
def test_time_zone(stack, settings, zone, offset, dst):
    p = new_phone(stack, "P820")
    settings.phone(p, "timezone", zone)
    s = settings_of(p)
    assert (s.get("timezone"), s.get("utc_offset"), s.get("dst")) == ("", offset, dst)


def test_vlan(stack, settings):
    p = new_phone(stack, "P820")
    settings.phone(p, "vlan_id_phone", "20")
    settings.phone(p, "vlan_id_pcport", "30")
    s = settings_of(p)
    assert (s.get("vlan_id"), s.get("vlan_pc_id"), s.get("vlan_port_tagging")) == ("20", "30", "on")


def test_escaping(stack, settings):
    name = 'Rossi & Figli <Sales> "HQ"'
    base = 'ou=Rossi "HQ",dc=example,dc=com'
    p = new_phone(stack, "P855", display_name=name)
    settings.phone(p, "ldap_base", base)
    s = settings_of(p)
    assert s.get("user_realname", "1") == name
    assert s.get("ldap_base") == base


def test_key_types(stack, settings):
    p = new_phone(stack, "P820")  # 28 line keys
    keys = [("blf", "201", "blf 201|**"), ("speed_dial", "0612345678", "speed 0612345678"),
            ("phone_lock", "", "none"), ("prefix", "9", "none"),      # no equivalent: no function
            ("queuetoggle", "401", "speed *45"), ("voice_mail", "", "keyevent F_RETRIEVE")]
    for n, (t, v, _) in enumerate(keys, 1):
        settings.phone(p, f"linekey_type_{n}", t)
        if v:
            settings.phone(p, f"linekey_value_{n}", v)
    settings.phone(p, "softkey_type_1", "pick_up")                  # no equivalent: no function
    settings.phone(p, "softkey_type_2", "prefix")                   # no equivalent: no function
    settings.phone(p, "softkey_type_3", "speed_dial")
    settings.phone(p, "softkey_value_3", "0612345678")
    s = settings_of(p)
    for n, (t, _, want) in enumerate(keys, 1):
        assert s.fkey(n - 1) == want, t
    assert s.fkey(len(keys)) == "none", "an unassigned key has no function"
    assert [s.get(f"gui_fkey{n}") for n in range(1, 5)] == [
        "none", "none", "speed 0612345678", "keyevent F_SETTINGS"]   # key 4: the default layout


@pytest.mark.parametrize("model, own, total", [
    ("P710", 4, 4 + 3 * 18),
    ("P850", 36, 36 + 3 * 60),
])
def test_keys_up_to_the_model_capability(stack, settings, model, own, total):
    p = new_phone(stack, model)
    settings.phone(p, f"linekey_type_{own}", "speed_dial")
    settings.phone(p, f"linekey_value_{own}", "111")
    settings.phone(p, f"linekey_type_{own + 1}", "speed_dial")
    settings.phone(p, f"linekey_value_{own + 1}", "222")
    settings.phone(p, "expkey_type_1", "speed_dial")
    settings.phone(p, "expkey_value_1", "333")
    s = settings_of(p)
    assert sorted(s.fkeys) == list(range(total))
    assert s.fkey(own - 1) == "speed 111"
    assert s.fkey(own) == "speed 333", "the first expansion key follows the phone's own keys"
    assert "speed 222" not in [s.fkey(i) for i in s.fkeys]


# -- brand detection: Gigaset P sub-ranges against Snom's OUI --------------------------------

def test_sub_range_edges(stack):
    ranges = gp_ranges()
    assert ranges

    def inside(x):
        return any(lo <= x <= hi for lo, hi in ranges)

    checked = 0
    for lo, hi in ranges:
        for x in (lo, hi, (lo + hi) // 2):
            assert detect(stack, f"{x:012x}") == "gigasetp", f"{x:012x} is in {lo:012x}-{hi:012x}"
        for x in (lo - 1, hi + 1):
            if inside(x):
                continue  # an adjacent Gigaset P range
            got = detect(stack, f"{x:012x}")
            assert got != "gigasetp", f"{x:012x} is outside every Gigaset P range"
            if x >> 24 == 0x000413:
                assert got == "snom", f"{x:012x}: Snom's OUI outside the sub-ranges"
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("mac, brand", [
    ("000413e4ffff", "snom"), ("000413e50000", "gigasetp"), ("000413e5ffff", "gigasetp"), ("000413e60000", "snom"),
    ("000413809eb2", "gigasetp"), ("000413809eb3", "snom"), ("00041380a22c", "snom"), ("00041380a22d", "gigasetp"),
    ("00041380f5fa", "gigasetp"), ("00041380f5fb", "snom"), ("00041380f8e0", "snom"), ("00041380ffff", "gigasetp"),
    ("000413810000", "snom"), ("000413d84f3d", "snom"), ("000413d84f3e", "gigasetp"), ("000413d87195", "gigasetp"),
    ("000413d87196", "snom"), ("000413e41f3e", "snom"), ("000413e41f3f", "gigasetp"), ("000413e41f40", "snom"),
    ("000413e20000", "gigasetp"), ("000413e3ffff", "gigasetp"), ("000413e7ffff", "gigasetp"),
    ("589ec6900000", "gigasetp"), ("589ec6917fff", "gigasetp"), ("589ec691ffff", "gigasetp"),
    ("00acdce30000", "gigasetp"), ("00acdce4ffff", "gigasetp"),
])
def test_known_edges(stack, mac, brand):
    assert detect(stack, mac) == brand, mac


def test_demo_phones_are_gigasetp(stack):
    rows = stack.sql("SELECT mac::text, brand, model FROM nethprov.phones "
                     "WHERE mac IN ('00:04:13:e5:11:01', '00:04:13:e3:11:02') ORDER BY mac")
    assert rows == [("00:04:13:e3:11:02", "gigasetp", "P850"), ("00:04:13:e5:11:01", "gigasetp", "P710")]


def test_a_snom_model_does_not_fit_a_gigaset_mac(stack):
    """The MAC decides the brand; a Snom model name is not a Gigaset P model."""
    with pytest.raises(Exception):
        stack.sql("INSERT INTO nethprov.phones (mac, model) VALUES ('00:04:13:e7:1b:ff', 'D785')")


# -- keys that Tancredi derives from a setting (issue 10) -------------------------------------------------------

def test_p8xx_locale_follows_the_country_not_the_language(stack, settings):
    """The P8xx's locale (date and number formats) is the country's (tonezone), as Tancredi writes it."""
    p = new_phone(stack, "P820")
    settings.phone(p, "language", "en")
    settings.phone(p, "tonezone", "at")
    assert settings_of(p).get("locale") == "de_AT"
    settings.phone(p, "language", "it")
    settings.phone(p, "tonezone", "be")
    assert settings_of(p).get("locale") == "fr_BE"
