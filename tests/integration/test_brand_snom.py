"""Snom (templates/snom/): the files a Snom phone asks for, and what they say.

Every test works on phones of its own (MACs 00:04:13:00:1a:xx; users from 101001 on, skipping
extensions already taken), so the demo phones of sql/demo/10_snom.sql, which are golden
configs, are never touched.
"""

import itertools
import xml.etree.ElementTree as ET

import pytest

SNOM_UA = "Mozilla/4.0 (compatible; snom{model}-SIP 10.1.184.15 2010.12-00004 {mac})"
CT_XML = "text/xml; charset=utf-8"

_mac_seq = itertools.count(1)
_ext_seq = itertools.count(101001)


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


def new_phone(stack, model, display_name=None, assign=True):
    """A Snom phone of the given model (brand detected from the MAC), the first device of a new user."""
    while True:  # the next MAC of the sequence that no other test has taken
        n = next(_mac_seq)
        mac = f"00:04:13:00:1a:{n:02x}"
        if stack.sql("INSERT INTO nethprov.phones (mac, model) VALUES (%s, %s) "
                     "ON CONFLICT DO NOTHING RETURNING id", (mac, model)):
            break
    if assign:
        ext = new_user(stack, display_name)
        stack.sql("INSERT INTO nethprov.devices (phone_id, user_extension) "
                  "SELECT id, %s FROM nethprov.phones WHERE mac = %s", (ext, mac))
    return stack.phone(mac)


def main_file(phone):
    return phone.plain.upper() + ".xml"


def fetch(phone, token=None, filename=None):
    """GET a file of the phone (its settings file by default) through tok2 (or token)."""
    ua = SNOM_UA.format(model=phone.model, mac=phone.plain.upper())
    return phone.get(token or phone.tok2, filename or main_file(phone), ua=ua)


class SnomSettings:
    """A Snom settings document parsed back: phone-settings by name (and idx), fkeys by idx."""

    def __init__(self, body):
        self.root = ET.fromstring(body)
        assert self.root.tag == "settings", self.root.tag
        ps = self.root.find("phone-settings")
        assert ps is not None, "no <phone-settings>"
        self.settings = {}
        for el in ps:
            assert "perm" in el.attrib, f"<{el.tag}> has no perm attribute"
            key = (el.tag, el.get("idx"))
            assert key not in self.settings, f"<{el.tag} idx={el.get('idx')}> appears twice"
            self.settings[key] = el.text or ""
        fk = self.root.find("functionKeys")
        assert fk is not None, "no <functionKeys>"
        self.fkeys = {}
        for el in fk:
            assert el.tag == "fkey", el.tag
            idx = int(el.get("idx"))
            assert idx not in self.fkeys, f"fkey {idx} twice"
            self.fkeys[idx] = el

    def get(self, name, idx=None):
        assert (name, idx) in self.settings, f"no <{name}{' idx=' + idx if idx else ''}> in the settings"
        return self.settings[(name, idx)]

    def has(self, name, idx=None):
        return (name, idx) in self.settings

    def fkey(self, idx):
        return self.fkeys[idx].text or ""


def settings_of(phone, token=None):
    r = fetch(phone, token)
    assert r.status == 200, r
    return SnomSettings(r.body)


# -- files, content types, well-formedness ----------------------------------------------------

@pytest.mark.parametrize("model", ["D120", "D385", "D785", "D865"])
def test_every_file_answers_with_xml(stack, model):
    p = new_phone(stack, model)
    r = fetch(p)
    assert r.status == 200, r
    assert r.header("Content-Type") == CT_XML
    assert r.body.startswith(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
    SnomSettings(r.body)
    # the file name's MAC may come in either case
    assert fetch(p, filename=p.plain + ".xml").status == 200
    fw = fetch(p, filename="snom-firmware.xml")
    assert fw.status == 200, fw
    assert fw.header("Content-Type") == CT_XML
    assert ET.fromstring(fw.body).tag == "firmware-settings"


def test_wrong_mac_or_file_is_404(stack):
    p = new_phone(stack, "D785")
    other = "000413001AFF.xml"
    assert fetch(p, filename=other).status == 404
    assert fetch(p, filename="snomD785.htm").status == 404
    # a Gigaset P file name is not a Snom one
    assert fetch(p, filename="gigasetP-firmware.xml").status == 404


def test_account_and_server(stack):
    p = new_phone(stack, "D785")
    s = settings_of(p)
    assert s.get("user_active", "1") == "on"
    assert s.get("user_name", "1") == p.extension
    assert s.get("user_pname", "1") == p.extension
    assert s.get("user_pass", "1") == p.sip_password
    assert s.get("user_realname", "1") == p.display_name
    host = p.effective("hostname")
    assert s.get("user_host", "1") == host
    assert s.get("user_outbound", "1") == f"{host}:5060;transport=udp"
    assert s.get("user_srtp", "1") == "off"
    assert s.get("user_mailbox", "1") == "*97"
    assert s.get("dnd_on_code", "1") == "*78" and s.get("dnd_off_code", "1") == "*79"
    assert s.get("fwd_all_on_code", "1") == "*72"


def test_tls_srtp_outbound_proxy_dtmf(stack, settings):
    p = new_phone(stack, "D785")
    settings.phone(p, "account_encryption_1", "1")
    settings.phone(p, "outbound_proxy_1", "proxy.example.com")
    settings.phone(p, "account_dtmf_type_1", "sip_info")
    s = settings_of(p)
    assert s.get("user_outbound", "1") == "proxy.example.com:5061;transport=tls"
    assert s.get("user_srtp", "1") == "on"
    assert s.get("user_savp", "1") == "mandatory"
    assert s.get("user_dtmf_info", "1") == "sip_info_only"
    settings.phone(p, "outbound_proxy_port_1", "5070")
    assert settings_of(p).get("user_outbound", "1") == "proxy.example.com:5070;transport=tls"


def test_unassigned_phone_has_no_account(stack):
    p = new_phone(stack, "D715", assign=False)
    s = settings_of(p)
    assert s.get("user_active", "1") == "off"
    assert not s.has("user_name", "1") and not s.has("user_pass", "1")


# -- provisioning URL, polling, firmware ------------------------------------------------------

def test_provisioning_url_polling_and_firmware(stack, settings):
    p = new_phone(stack, "D785")
    tok1, tok2 = p.tokens()
    first = settings_of(p, tok1)
    url = f"{stack.base_url}/{tok2}/{main_file(p)}"
    assert first.get("setting_server") == url, "the tok1 file must point the phone at its tok2 URL"
    assert tok1 not in ET.tostring(first.root, encoding="unicode")
    assert first.get("prov_polling_enabled") == "on"
    assert first.get("prov_polling_mode") == "rel" and first.get("prov_polling_period") == "60"

    s = settings_of(p)  # tok2: provisioning complete
    assert s.get("setting_server") == url
    assert s.get("prov_polling_enabled") == "on"
    assert s.get("prov_polling_mode") == "random" and s.get("prov_polling_period") == "86400"
    assert s.get("prov_polling_time") == "01:00" and s.get("prov_polling_time_rand_end") == "04:00"
    assert s.get("firmware_status") == ""

    settings.phone(p, "provisioning_freq", "never")
    assert settings_of(p).get("prov_polling_enabled") == "off"

    settings.phone(p, "firmware_file", "snomD785-10.1.184.15-SIP-r.bin")
    s = settings_of(p)
    assert s.get("firmware_status") == f"{stack.base_url}/{tok2}/snom-firmware.xml"
    assert s.get("update_policy") == "auto_update"
    fw = ET.fromstring(fetch(p, filename="snom-firmware.xml").body)
    assert fw.find("firmware").text == f"{stack.base_url}/{tok2}/firmware/snomD785-10.1.184.15-SIP-r.bin"


# -- regional settings ------------------------------------------------------------------------

@pytest.mark.parametrize("zone, offset, dst", [
    ("Europe/Rome", "3600", "3600 03.05.07 02:00:00 10.05.07 03:00:00"),
    ("America/New_York", "-18000", "3600 03.02.07 02:00:00 11.01.07 02:00:00"),
    ("Australia/Sydney", "36000", "3600 10.01.07 02:00:00 04.01.07 03:00:00"),
    ("Asia/Kolkata", "19800", ""),
    ("UTC", "0", ""),
])
def test_time_zone_from_iana_name(stack, settings, zone, offset, dst):
    p = new_phone(stack, "D385")
    settings.phone(p, "timezone", zone)
    s = settings_of(p)
    assert s.get("timezone") == "", "no Snom zone code: offset and DST rule come from the tz database"
    assert s.get("utc_offset") == offset
    assert s.get("dst") == dst


def test_language_tones_date_time(stack, settings):
    p = new_phone(stack, "D785")
    s = settings_of(p)  # demo defaults: it, it, DD MM YY, 24 h
    assert s.get("language") == "Italiano" and s.get("web_language") == "Italiano"
    assert s.get("tone_scheme") == "ITA"
    assert s.get("date_us_format") == "off" and s.get("time_24_format") == "on"
    assert not s.has("locale"), "locale is a D8xx setting"
    settings.phone(p, "language", "de")
    settings.phone(p, "tonezone", "uk")
    settings.phone(p, "date_format", "MM DD YYYY")
    settings.phone(p, "time_format", "12")
    s = settings_of(p)
    assert s.get("language") == "Deutsch"
    assert s.get("tone_scheme") == "GBR"
    assert s.get("date_us_format") == "on" and s.get("time_24_format") == "off"
    d8 = new_phone(stack, "D865")
    assert settings_of(d8).get("locale") == "it_IT"


def test_passwords_per_generation(stack):
    d7 = settings_of(new_phone(stack, "D735"))
    adminpw = d7.get("admin_mode_password")
    assert adminpw and d7.get("admin_mode_password_confirm") == adminpw
    assert d7.get("http_user") == "admin" and d7.get("http_pass") == adminpw
    assert not d7.has("webserver_user_password")
    d8 = settings_of(new_phone(stack, "D812"))
    assert d8.get("webserver_admin_name") == "admin" and d8.get("webserver_admin_password") == adminpw
    assert d8.get("webserver_user_name") == "user" and d8.get("webserver_user_password")
    assert not d8.has("http_pass")


def test_transfer_call_waiting_ringtone(stack, settings):
    p = new_phone(stack, "D785")
    s = settings_of(p)
    assert s.get("quick_transfer") == "attended"
    assert s.get("call_waiting", "1") == "on"
    assert s.get("user_ringer", "1") == "Ringer1"
    settings.phone(p, "dss_transfer", "verify")
    settings.phone(p, "call_waiting_tone", "0")
    settings.phone(p, "ringtone", "0")
    s = settings_of(p)
    assert s.get("quick_transfer") == "new_call"
    assert s.get("transfer_dialing_on_transfer") == "attended"
    assert s.get("call_waiting", "1") == "visual"
    assert s.get("user_ringer", "1") == "Silent" and s.get("ring_sound") == "Silent"
    settings.phone(p, "dss_transfer", "blind")
    settings.phone(p, "ringtone", "7")
    s = settings_of(p)
    assert s.get("quick_transfer") == "blind" and s.get("transfer_dialing_on_transfer") == "blind"
    assert s.get("user_ringer", "1") == "Ringer7"
    settings.phone(p, "ringtone", "-1")
    settings.phone(p, "ringtone_file", "ring.wav")
    s = settings_of(p)
    assert s.get("user_ringer", "1") == "Custom"
    assert s.get("user_custom", "1") == f"{stack.base_url}/{p.tok2}/ringtones/ring.wav"


def test_display_background(stack, settings):
    color = new_phone(stack, "D785")
    mono = new_phone(stack, "D715")
    for p in (color, mono):
        settings.phone(p, "background_file", "wall.png")
        settings.phone(p, "backlight_time", "0")
        settings.phone(p, "brightness", "9")
    s = settings_of(color)
    assert s.get("custom_bg_image_url") == f"{stack.base_url}/{color.tok2}/backgrounds/wall.png"
    assert s.get("dim_timer") == "2147483647" and s.get("backlight") == "14"
    assert not settings_of(mono).has("custom_bg_image_url"), "a model without cap_background_file"


# -- escaping ---------------------------------------------------------------------------------

def test_escaping_display_name_and_ldap_base(stack, settings):
    name = 'Rossi & Figli <Sales> "HQ"'
    p = new_phone(stack, "D785", display_name=name)
    base = 'ou=Rossi "HQ",dc=example,dc=com'
    settings.phone(p, "ldap_base", base)
    settings.phone(p, "linekey_type_1", "speed_dial")
    settings.phone(p, "linekey_value_1", "0612345678")
    settings.phone(p, "linekey_label_1", "<Boss> & \"Co\"")
    r = fetch(p)
    s = SnomSettings(r.body)
    assert s.get("user_realname", "1") == name
    assert s.get("ldap_base") == base
    assert s.fkeys[0].get("label") == "<Boss> & \"Co\""
    assert b"Rossi &amp; Figli &lt;Sales&gt;" in r.body


# -- LDAP and VLAN ----------------------------------------------------------------------------

def test_ldap(stack, settings):
    p = new_phone(stack, "D785")
    s = settings_of(p)
    assert s.get("ldap_server") == p.effective("ldap_server")
    assert s.get("ldap_port") == "389" and s.get("ldap_over_tls") == "off"
    assert s.get("ldap_username") == p.effective("ldap_user")
    assert s.get("ldap_password") == p.effective("ldap_password")
    assert s.get("ldap_search_filter") == "(|(cn=%)(o=%))"
    assert s.get("ldap_number_attributes") == "telephoneNumber mobile homePhone"
    assert s.get("ldap_display_name") == "%cn %o"
    settings.phone(p, "ldap_tls", "ldaps")
    settings.default("ldap_port", None)
    settings.default("ldap_server", None)
    s = settings_of(p)
    assert s.get("ldap_over_tls") == "on" and s.get("ldap_port") == "636"
    assert s.get("ldap_server") == p.effective("hostname"), "no ldap_server: the PBX"


def test_vlan(stack, settings):
    p = new_phone(stack, "D785")
    s = settings_of(p)
    assert s.get("vlan_id") == "" and s.get("vlan_pc_id") == "" and s.get("vlan_port_tagging") == "off"
    settings.phone(p, "vlan_id_phone", "20")
    settings.phone(p, "vlan_id_pcport", "30")
    s = settings_of(p)
    assert s.get("vlan_id") == "20" and s.get("vlan_qos") == "0"
    assert s.get("vlan_pc_id") == "30" and s.get("vlan_port_tagging") == "on"
    settings.phone(p, "vlan_id_phone", "0")
    assert settings_of(p).get("vlan_id") == ""


# -- keys -------------------------------------------------------------------------------------

LINE_KEYS = [
    # (type, value, expected fkey text)
    ("blf", "201", "blf 201|**"),
    ("speed_dial", "0612345678", "speed 0612345678"),
    ("line", "", "line"),
    ("dnd", "", "keyevent F_DND"),
    ("forward", "0698765432", "redirect 0698765432"),
    ("transfer", "202", "transfer 202"),
    ("hold", "", "keyevent F_HOLD"),
    ("conference", "", "keyevent F_CONFERENCE"),
    ("direct_pickup", "201", "speed **201"),
    ("group_pickup", "", "speed *8"),
    ("dtmf", "1234", "dtmf 1234"),
    ("recall", "", "keyevent F_REDIAL"),
    ("record", "", "keyevent F_REC"),
    ("url", "https://intranet.example.com/", "url https://intranet.example.com/"),
    ("voice_mail", "", "keyevent F_RETRIEVE"),
    ("ldap", "", "keyevent F_DIRECTORY_SEARCH"),
    ("multicast_paging", "224.0.1.75:5000", "multicast 224.0.1.75:5000"),
    ("phone_lock", "", "none"),          # no Snom equivalent: no function
    ("prefix", "9", "none"),             # no Snom equivalent: no function
    ("queuetoggle", "401", "speed *45"),
]

SOFT_KEYS = [
    ("forward", "", "keyevent F_REDIRECT"),
    ("dnd", "", "keyevent F_DND"),
    ("recall", "", "keyevent F_REDIAL"),
    ("pick_up", "", "none"),             # no Snom equivalent: no function
    ("speed_dial", "0612345678", "speed 0612345678"),
    ("group_pickup", "", "speed *8"),
    ("history", "", "keyevent F_CALL_LIST"),
    ("menu", "", "keyevent F_SETTINGS"),
    ("status", "", "keyevent F_STATUS"),
    ("ldap", "", "keyevent F_DIRECTORY_SEARCH"),
    ("prefix", "0", "none"),             # no Snom equivalent: no function
]


def test_every_line_key_type(stack, settings):
    p = new_phone(stack, "D785")  # 24 line keys
    for n, (t, v, _) in enumerate(LINE_KEYS, 1):
        settings.phone(p, f"linekey_type_{n}", t)
        if v:
            settings.phone(p, f"linekey_value_{n}", v)
    settings.phone(p, "linekey_label_1", "Alice")
    s = settings_of(p)
    for n, (t, _, want) in enumerate(LINE_KEYS, 1):
        assert s.fkey(n - 1) == want, f"line key {n} ({t})"
    assert s.fkeys[0].get("label") == "Alice"
    assert s.fkeys[2].get("context") == "1", "a line key belongs to identity 1"
    assert s.fkeys[0].get("context") == "active"
    # keys 21..24 are unassigned: no function
    assert [s.fkey(i) for i in range(20, 24)] == ["none"] * 4


def test_every_expansion_key_type(stack, settings):
    p = new_phone(stack, "D785")  # 24 line keys, then 3 modules x 18
    for n, (t, v, _) in enumerate(LINE_KEYS, 1):
        settings.phone(p, f"expkey_type_{n}", t)
        if v:
            settings.phone(p, f"expkey_value_{n}", v)
    s = settings_of(p)
    for n, (t, _, want) in enumerate(LINE_KEYS, 1):
        assert s.fkey(24 + n - 1) == want, f"expansion key {n} ({t})"


def test_every_soft_key_type(stack, settings):
    p = new_phone(stack, "D785")  # 4 soft keys: the types go 4 at a time
    for start in range(0, len(SOFT_KEYS), 4):
        chunk = SOFT_KEYS[start:start + 4]
        for n, (t, v, _) in enumerate(chunk, 1):
            settings.phone(p, f"softkey_type_{n}", t)
            settings.phone(p, f"softkey_value_{n}", v or None)
        s = settings_of(p)
        for n, (t, _, want) in enumerate(chunk, 1):
            assert s.get(f"gui_fkey{n}") == want, f"soft key {n} ({t})"


def test_unconfigured_soft_keys_get_the_default_layout(stack):
    s = settings_of(new_phone(stack, "D120"))
    assert [s.get(f"gui_fkey{n}") for n in range(1, 5)] == [
        "keyevent F_CALL_LIST", "keyevent F_REDIRECT", "keyevent F_REDIAL", "keyevent F_STATUS"]
    assert not s.has("gui_fkey5")


@pytest.mark.parametrize("model, own, total", [
    ("D120", 2, 2),            # no expansion port
    ("D305", 5, 5),
    ("D785", 24, 24 + 3 * 18),
    ("D865", 36, 36 + 3 * 18),
    ("D812", 28, 28 + 3 * 60),
])
def test_keys_up_to_the_model_capability(stack, settings, model, own, total):
    p = new_phone(stack, model)
    for n in (1, own, own + 1, 200):
        settings.phone(p, f"linekey_type_{n}", "speed_dial")
        settings.phone(p, f"linekey_value_{n}", str(1000 + n))
    settings.phone(p, "expkey_type_1", "blf")
    settings.phone(p, "expkey_value_1", "202")
    s = settings_of(p)
    assert sorted(s.fkeys) == list(range(total)), f"{model}: fkey idx 0..{total - 1}"
    assert s.fkey(0) == "speed 1001" and s.fkey(own - 1) == f"speed {1000 + own}"
    if total > own:
        # key own+1 is not a line key of this model: idx own is the first expansion key
        assert s.fkey(own) == "blf 202|**"
    assert f"speed {1000 + own + 1}" not in [s.fkey(i) for i in s.fkeys]


def test_expansion_keys_are_numbered_across_modules(stack, settings):
    p = new_phone(stack, "D785")  # 24 own keys, 18 per module
    settings.phone(p, "expkey_type_18", "speed_dial")   # module 1, last key
    settings.phone(p, "expkey_value_18", "118")
    settings.phone(p, "expkey_type_19", "speed_dial")   # module 2, first key
    settings.phone(p, "expkey_value_19", "119")
    settings.phone(p, "expkey_type_54", "speed_dial")   # module 3, last key
    settings.phone(p, "expkey_value_54", "154")
    s = settings_of(p)
    assert s.fkey(24 + 17) == "speed 118"
    assert s.fkey(24 + 18) == "speed 119"
    assert s.fkey(24 + 53) == "speed 154"
    assert max(s.fkeys) == 24 + 53


# -- brand detection --------------------------------------------------------------------------

@pytest.mark.parametrize("mac", ["00:04:13:00:10:01", "00:04:13:ff:ff:ff", "00:04:13:00:00:00",
                                 "1c:71:26:12:34:56", "00:04:13:e4:ff:ff", "00:04:13:e6:00:00"])
def test_snom_macs_detect_snom(stack, mac):
    (brand,) = stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (mac,))[0]
    assert brand == "snom", mac


def test_demo_phones_are_snom(stack):
    rows = stack.sql("SELECT mac::text, brand, model FROM nethprov.phones "
                     "WHERE mac BETWEEN '00:04:13:00:10:01' AND '00:04:13:00:10:04' ORDER BY mac")
    assert rows == [("00:04:13:00:10:01", "snom", "D120"), ("00:04:13:00:10:02", "snom", "D385"),
                    ("00:04:13:00:10:03", "snom", "D785"), ("00:04:13:00:10:04", "snom", "D865")]


# -- keys that Tancredi derives from a setting (issue 10) -------------------------------------------------------

def test_d8xx_locale_follows_the_country_not_the_language(stack, settings):
    """locale sets the D8xx's date and number formats: the country's (tonezone), as Tancredi writes it; an
    English-speaking user in Switzerland gets Swiss formats, and Sweden is sv_SE."""
    p = new_phone(stack, "D865")
    for language, zone, want in (("en", "ch", "de_CH"), ("it", "uk", "en_GB"), ("de", "it", "it_IT"),
                                 ("en", "se", "sv_SE"), ("en", "us", "en_US")):
        settings.phone(p, "language", language)
        settings.phone(p, "tonezone", zone)
        assert settings_of(p).get("locale") == want, (language, zone)
