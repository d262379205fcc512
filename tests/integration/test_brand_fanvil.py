"""Fanvil: what a Fanvil phone gets, read back through a parser of Fanvil's text grammar.

The golden Fanvil phones come from sql/demo/20_fanvil.sql (0c:38:3e:00:20:01 X5U of user 311, with TLS,
VLANs, pictures, firmware and an LDAP base with quotes; 0c:38:3e:00:20:02 V67; 00:a8:59:00:20:03 H5;
00:a8:5a:00:20:04 W611W). Tests that change settings use phones of their own (MACs 0c:38:3e:7e:20:NN).
The parser (parse_fanvil) is shared with test_brand_nethesis.py: NethPhones speak the same format.
"""

import itertools
import re

import pytest

FANVIL_UA = "Fanvil X5U 2.12.16.17 {plain}"

X5U = "0c:38:3e:00:20:01"
V67 = "0c:38:3e:00:20:02"
H5 = "00:a8:59:00:20:03"
W611W = "00:a8:5a:00:20:04"
GOLDEN = (X5U, V67, H5, W611W)

# -- the Fanvil text grammar ------------------------------------------------------------------------
#   <<VOIP CONFIG FILE>>Version:2.0000000000<spaces>      first line
#   <SIP CONFIG MODULE>                                   a section
#   Key Name<spaces>:value                                a setting (key padded to 19 characters)
#   --Title--<spaces>:                                    a sub-block title, with no value
#   <<END OF FILE>>                                       last line
HEADER_RE = re.compile(r"^<<VOIP CONFIG FILE>>Version:\d+\.\d+ *$")
SECTION_RE = re.compile(r"^<(?P<name>[A-Za-z0-9][A-Za-z0-9 ]*)>$")
BLOCK_RE = re.compile(r"^(?P<key>--[A-Za-z0-9][A-Za-z0-9 ]*--) *:$")
KV_RE = re.compile(r"^(?P<key>[A-Za-z0-9][A-Za-z0-9 ._-]*?) *:(?P<value>[^\r\n]*)$")
END = "<<END OF FILE>>"
PAD = 19


class FanvilConfig:
    """The settings of a Fanvil text file: (section, block, key, value) in file order."""

    def __init__(self, entries):
        self.entries = entries

    def all(self, key, section=None, block=None):
        return [v for s, b, k, v in self.entries
                if k == key and (section is None or s == section) and (block is None or b == block)]

    def get(self, key, section=None, block=None):
        vals = self.all(key, section, block)
        assert len(vals) == 1, f"{key!r} (section {section}, block {block}) appears {len(vals)} times: {vals}"
        return vals[0]

    def has(self, key, section=None, block=None):
        return bool(self.all(key, section, block))

    def blocks(self, section=None):
        seen = []
        for s, b, _, _ in self.entries:
            if b and (section is None or s == section) and b not in seen:
                seen.append(b)
        return seen

    def keys_of(self, section, block):
        """{n: (type, value, title)} of the FkeyN entries of one block."""
        out = {}
        for s, b, k, v in self.entries:
            m = re.match(r"^Fkey(\d+) (Type|Value|Title)$", k)
            if s == section and b == block and m:
                out.setdefault(int(m.group(1)), {})[m.group(2)] = v
        return {n: (d.get("Type"), d.get("Value"), d.get("Title")) for n, d in out.items()}


def parse_fanvil(body):
    """Parses a Fanvil text config; fails on any line outside the grammar."""
    text = body.decode("utf-8")
    assert text.endswith("\n"), "the file must end with a newline"
    lines = text[:-1].split("\n")
    assert HEADER_RE.match(lines[0]), f"bad header line: {lines[0]!r}"
    assert lines[-1] == END, f"the last line must be {END!r}, not {lines[-1]!r}"
    entries, section, block, bad = [], None, None, []
    for ln in lines[1:-1]:
        m = SECTION_RE.match(ln)
        if m:
            section, block = m.group("name"), None
            continue
        if section is None:
            bad.append(("setting before any section", ln))
            continue
        m = BLOCK_RE.match(ln) or KV_RE.match(ln)
        if not m:
            bad.append(("not a Fanvil line", ln))
            continue
        key = m.group("key")
        colon = ln.index(":")
        if colon != max(PAD, len(key)):
            bad.append((f"key not padded to {PAD}", ln))
        if key.startswith("--"):
            block = key
            continue
        entries.append((section, block, key, m.group("value")))
    assert not bad, "lines outside the Fanvil grammar:\n" + "\n".join(f"{why}: {ln!r}" for why, ln in bad[:20])
    return FanvilConfig(entries)


# -- phones of the tests --------------------------------------------------------------------------
_seq = itertools.count(1)


def new_phone(stack, model, mac_prefix="0c:38:3e:7e:20", ext_prefix="3110", display_name=None):
    """A phone of the given model, the first device of a user of its own."""
    n = next(_seq)
    mac = f"{mac_prefix}:{n:02x}"
    ext = f"{ext_prefix}{n:02d}"
    stack.sql("INSERT INTO nethprov.users (extension, display_name) VALUES (%s, %s) ON CONFLICT DO NOTHING",
              (ext, display_name or f"Fanvil test {n}"))
    (pid,) = stack.sql("INSERT INTO nethprov.phones (mac, model) VALUES (%s, %s) RETURNING id", (mac, model))[0]
    stack.sql("INSERT INTO nethprov.devices (phone_id, user_extension, position) VALUES (%s, %s, 1)", (pid, ext))
    return stack.phone(mac)


def fetch(phone, token=None, filename=None, ua=FANVIL_UA):
    r = phone.get(token or phone.tok2, filename, ua=ua.format(plain=phone.plain))
    assert r.status == 200, r
    return r


def cfg(phone, token=None, ua=FANVIL_UA):
    return parse_fanvil(fetch(phone, token, ua=ua).body)


def line_keys(c):
    """Every line key of the DSSKEY section in catalogue order: side keys, then DSS pages."""
    out = []
    blocks = c.blocks("DSSKEY CONFIG MODULE")
    for prefix in ("--Sidekey Config", "--Dsskey Config"):
        for b in sorted((b for b in blocks if b.startswith(prefix)), key=lambda b: int(b[len(prefix):-2])):
            keys = c.keys_of("DSSKEY CONFIG MODULE", b)
            out += [keys[n] for n in sorted(keys)]
    return out


# -- files and status -----------------------------------------------------------------------------
@pytest.mark.parametrize("mac", GOLDEN)
def test_every_file_answers_via_tok2(stack, mac):
    p = stack.phone(mac)
    r = fetch(p)
    assert r.header("Content-Type") == "text/plain; charset=utf-8"
    assert r.header("Content-Length") == str(len(r.body))
    parse_fanvil(r.body)
    # the phone may spell its MAC in upper case
    assert p.get(p.tok2, f"{p.plain.upper()}.cfg", ua=FANVIL_UA.format(plain=p.plain)).status == 200


def test_wrong_mac_is_404(stack):
    p = stack.phone(X5U)
    for other in ("0c383e002099", "0c383e002002", "001565000001"):
        r = p.get(p.tok2, f"{other}.cfg", ua=FANVIL_UA.format(plain=p.plain))
        assert r.status == 404, (other, r)


def test_mac_detection(stack):
    for mac in ("0c:38:3e:00:00:00", "0c:38:3e:ab:cd:ef", "0c:38:3e:ff:ff:ff",
                "00:a8:59:00:00:01", "00:a8:59:ff:ff:ff", "00:a8:5a:12:34:56"):
        (got,) = stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (mac,))[0]
        assert got == "fanvil", mac
    for mac in ("00:a8:58:ff:ff:ff", "00:a8:5b:00:00:00", "0c:38:3f:00:00:00"):
        (got,) = stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (mac,))[0]
        assert got != "fanvil", mac
    (brand,) = stack.sql("SELECT brand FROM nethprov.phones WHERE mac = %s", (X5U,))[0]
    assert brand == "fanvil"


# -- grammar and escaping -------------------------------------------------------------------------
@pytest.mark.parametrize("mac", GOLDEN)
def test_every_line_keeps_the_grammar(stack, mac):
    p = stack.phone(mac)
    c = cfg(p)
    sections = {s for s, _, _, _ in c.entries}
    assert {"SIP CONFIG MODULE", "PHONE FEATURE MODULE", "AUTOUPDATE CONFIG MODULE", "QOS CONFIG MODULE"} <= sections


def test_display_name_and_ldap_base_survive(stack):
    p = stack.phone(X5U)
    c = cfg(p)
    assert p.display_name == 'Rossi & Figli <Sales> "HQ"'
    assert c.get("SIP1 Display Name") == 'Rossi & Figli <Sales> "HQ"'
    assert c.get("LDAP1 Base") == 'ou=Rossi "HQ",dc=example,dc=com'


def test_same_bytes_whatever_the_user_agent(stack):
    p = stack.phone(V67)
    a = fetch(p, ua=FANVIL_UA).body
    b = fetch(p, ua="Yealink SIP-T46U 108.86.0.20 {plain}").body
    c = fetch(p, ua="").body
    assert a == b == c, "the model, not the User-Agent, decides what a Fanvil phone gets"


# -- account, provisioning, firmware --------------------------------------------------------------
def test_account_over_tls(stack):
    p = stack.phone(X5U)
    c = cfg(p)
    assert c.get("SIP1 Enable Reg") == "1"
    assert c.get("SIP1 Phone Number") == p.extension
    assert c.get("SIP1 Register User") == p.extension
    assert c.get("SIP1 Register Pswd") == p.sip_password
    assert c.get("SIP1 Register Addr") == p.effective("hostname")
    assert c.get("SIP1 Register Port") == p.effective("sip_tls_port")
    assert c.get("SIP1 Transport") == "3"
    assert c.get("SIP1 Media Crypto") == "2"
    assert c.get("SIP1 DTMF Mode") == "1"
    assert c.get("SIP1 MWI Num") == "*97"
    assert c.get("SIP1 DNDOn SvcCode") == "*78"
    assert c.get("SIP1 CFUOn SvcCode") == "*72"


def test_account_over_udp_and_proxy(stack, settings):
    p = new_phone(stack, "X3S")
    c = cfg(p)
    assert c.get("SIP1 Register Port") == "5060"
    assert c.get("SIP1 Transport") == "0"
    assert c.get("SIP1 Media Crypto") == "0"
    assert c.get("SIP1 Proxy Addr") == ""
    settings.phone(p, "outbound_proxy_1", "proxy.example.com")
    settings.phone(p, "account_dtmf_type_1", "sip_info")
    c = cfg(p)
    assert c.get("SIP1 Proxy Addr") == "proxy.example.com"
    assert c.get("SIP1 Proxy Port") == "5060"
    assert c.get("SIP1 DTMF Mode") == "2"


def test_provisioning_url_is_the_tok2_url(stack, settings):
    p = new_phone(stack, "X4U")
    url2 = f"{stack.base_url}/{p.tok2}/"
    for token in (p.tok1, p.tok2):
        c = cfg(p, token)
        assert "http://" + c.get("Flash Server IP") + "/" + c.get("Flash File Name") == url2 + p.filename
        assert c.get("Flash Protocol") == "4"  # the test server's base URL is http://
    # tok2 has been used: poll once a day, or only at power-on when provisioning_freq is never
    assert c.get("Flash Mode") == "2" and c.get("Flash Interval") == "24"
    settings.phone(p, "provisioning_freq", "never")
    assert cfg(p).get("Flash Mode") == "1"


def split_base_url(base_url):
    """(host[:port], path without the leading '/') of a base URL, as Tancredi hands them to the phone."""
    rest = base_url.split("://", 1)[1]
    host, _, path = rest.partition("/")
    return host, path


def test_flash_server_is_the_host_and_the_file_name_the_path(stack):
    """Flash Server IP gets the host of the base URL, not the whole URL; Flash File Name the path, the token and
    the file (Tancredi's fanvil-X5.tmpl: hostname, then provisioning_url_path ~ tok2 ~ '/$mac.cfg')."""
    p = new_phone(stack, "X4U")
    host, path = split_base_url(stack.base_url)
    assert host and path, stack.base_url   # the test server has a path: /provisioning
    for token in (p.tok1, p.tok2):
        c = cfg(p, token)
        assert c.get("Flash Server IP") == host
        assert "/" not in c.get("Flash Server IP") and "://" not in c.get("Flash Server IP")
        assert c.get("Flash File Name") == f"{path}/{p.tok2}/{p.plain}.cfg"


def test_polls_hourly_until_tok2_is_used(stack):
    p = new_phone(stack, "X4U")
    c = cfg(p, p.tok1)
    assert c.get("Flash Mode") == "2" and c.get("Flash Interval") == "1"


def test_firmware_and_background_urls(stack):
    p = stack.phone(X5U)
    c = cfg(p)
    fw = p.effective("firmware_file")
    assert fw.startswith("x5u-")
    assert c.get("Auto Image Url") == f"{stack.base_url}/{p.tok2}/firmware/{fw}"
    assert c.get("Auto Etc Url") == f"{stack.base_url}/{p.tok2}/backgrounds/wall.png"
    assert c.get("Enable Auto Upgrade") == "0"
    q = stack.phone(V67)
    c = cfg(q)
    assert c.get("Auto Image Url") == ""
    assert c.get("Auto Etc Url") == ""


def test_admin_and_user_passwords(stack):
    p = stack.phone(H5)
    c = cfg(p)
    assert c.get("Account1 Name") == "admin"
    assert c.get("Account1 Password") == p.effective("adminpw")
    assert c.get("Account1 Level") == "10"
    assert c.get("Account2 Password") == p.effective("userpw")


# -- regional settings ----------------------------------------------------------------------------
def test_language(stack, settings):
    p = new_phone(stack, "X5U")
    settings.phone(p, "language", "it")
    assert cfg(p).get("Default Language") == "7"
    settings.phone(p, "language", "en")
    assert cfg(p).get("Default Language") == "0"
    settings.phone(p, "language", "fi")  # no Fanvil language: English
    assert cfg(p).get("Default Language") == "0"
    v = new_phone(stack, "V67")  # two-letter codes
    settings.phone(v, "language", "it")
    assert cfg(v).get("Default Language") == "it"
    settings.phone(v, "language", "cs")
    assert cfg(v).get("Default Language") == "cz"


@pytest.mark.parametrize("zone, fields", [
    ("Europe/Rome", {"Time Zone": "4", "Time Zone Name": "UTC+1", "DST Type": "2", "DST Min Offset": "60",
                     "DST Start Mon": "3", "DST Start Week": "5", "DST Start Wday": "0", "DST Start Hour": "2",
                     "DST End Mon": "10", "DST End Week": "5", "DST End Wday": "0", "DST End Hour": "3"}),
    ("America/New_York", {"Time Zone": "-20", "Time Zone Name": "UTC-5", "DST Type": "2",
                          "DST Start Mon": "3", "DST Start Week": "2", "DST Start Wday": "0", "DST Start Hour": "2",
                          "DST End Mon": "11", "DST End Week": "1", "DST End Wday": "0", "DST End Hour": "2"}),
    ("Asia/Kolkata", {"Time Zone": "22", "Time Zone Name": "UTC+5:30", "DST Type": "0"}),
    ("UTC", {"Time Zone": "0", "Time Zone Name": "UTC", "DST Type": "0"}),
])
def test_time_zone(stack, settings, zone, fields):
    p = new_phone(stack, "X4U")
    settings.phone(p, "timezone", zone)
    c = cfg(p)
    for k, v in fields.items():
        assert c.get(k, "PHONE FEATURE MODULE") == v, (zone, k)
    if fields["DST Type"] == "0":
        assert not c.has("DST Start Mon")


def test_date_time_tones(stack, settings):
    new = new_phone(stack, "X5U")   # newer Date Display Style table
    old = new_phone(stack, "X3S")   # older one
    settings.phone(new, "date_format", "DD MM YY")
    settings.phone(old, "date_format", "DD MM YY")
    assert cfg(new).get("Date Display Style") == "8"
    assert cfg(old).get("Date Display Style") == "4"
    settings.phone(new, "time_format", "12")
    settings.phone(new, "tonezone", "us")
    c = cfg(new)
    assert c.get("Time Display Style") == "1"
    assert c.get("Select Your Tone") == "11"
    assert cfg(old).get("Select Your Tone") == "21"   # the demo default tonezone it


def test_ringtone_and_display(stack, settings):
    p = stack.phone(X5U)
    c = cfg(p)
    assert c.get("Ring Type") == "Type 1"   # ringtone -1 (a custom file): no Fanvil key, the first tone
    assert c.get("Timeout To Screensaver") == "600"
    assert c.get("Backlight Off Time") == "30"
    q = new_phone(stack, "X4U")
    settings.phone(q, "ringtone", "3")
    settings.phone(q, "contrast", "9")
    c = cfg(q)
    assert c.get("Ring Type") == "Type 3"
    assert c.get("P1 Mute Ringing") == "0"
    assert c.get("LCD Constrast") == "16"
    settings.phone(q, "ringtone", "0")
    assert cfg(q).get("P1 Mute Ringing") == "1"
    assert not cfg(new_phone(stack, "X3S")).has("LCD Constrast"), "X3S has no contrast setting"


def test_vlan(stack, settings):
    c = cfg(stack.phone(X5U))
    assert (c.get("Enable VLAN"), c.get("VLAN ID")) == ("1", "20")
    assert (c.get("Enable PVID"), c.get("PVID Value")) == ("2", "30")
    p = new_phone(stack, "X4U")
    c = cfg(p)
    assert (c.get("Enable VLAN"), c.get("VLAN ID"), c.get("Enable PVID")) == ("0", "0", "0")
    settings.phone(p, "vlan_id_phone", "0")
    assert cfg(p).get("Enable VLAN") == "0"


def test_ldap(stack, settings):
    p = new_phone(stack, "X4U")
    c = cfg(p)
    assert c.get("LDAP1 Server") == p.effective("ldap_server")
    assert c.get("LDAP1 Use SSL") == "0"
    assert c.get("LDAP1 Password") == p.effective("ldap_password")
    assert c.get("LDAP1 Number Filter") == p.effective("ldap_number_filter")
    settings.phone(p, "ldap_tls", "ldaps")
    settings.phone(p, "ldap_port", "-")
    settings.default("ldap_port", None)
    c = cfg(p)
    assert c.get("LDAP1 Use SSL") == "1"
    assert c.get("LDAP1 port") == "636"


def test_ldap_display_name_sort_attribute_and_title(stack, settings):
    """ldap_name_display drives LDAP1 Displayname, its "%" dropped (it used to be ignored for ldap_name_attr);
    LDAP1 Sort Attr is the first name attribute; LDAP1 Title is "Phonebook" in the phone's language."""
    p = new_phone(stack, "X4U")
    settings.phone(p, "language", "en")
    settings.phone(p, "ldap_name_display", "%givenName %sn")
    settings.phone(p, "ldap_name_attr", "sn givenName")
    c = cfg(p)
    assert c.get("LDAP1 Displayname") == "givenName sn"
    assert c.get("LDAP1 Name Attr") == "sn givenName"
    assert c.get("LDAP1 Sort Attr") == "sn"
    assert c.get("LDAP1 Title") == "Phonebook"
    settings.phone(p, "language", "it")
    assert cfg(p).get("LDAP1 Title") == "Rubrica"
    settings.phone(p, "language", "de")      # no translation: English
    assert cfg(p).get("LDAP1 Title") == "Phonebook"
    # the golden phone: the demo's "%cn %o"
    assert cfg(stack.phone(X5U)).get("LDAP1 Displayname") == "cn o"


def test_emergency_number_of_the_country(stack, settings):
    p = new_phone(stack, "X4U")
    settings.phone(p, "tonezone", "it")
    assert cfg(p).get("Emergency Call", "PHONE FEATURE MODULE") == "118"
    settings.phone(p, "tonezone", "us")
    assert not cfg(p).has("Emergency Call")


# -- keys -----------------------------------------------------------------------------------------
EXPECTED_KEYS = [  # the rich key set of the golden phones (language it), as a Fanvil writes it: a key with
    # no label gets Tancredi's title of its type, in Italian
    ("1", "201@1/ba**201", "Alice"),
    ("1", "0612345678@1/f", "Mobile"),
    ("2", "SIP1", "Line"),
    ("3", "F_DND", "DND"),
    ("1", "0698765432@1/a", ""),
    ("3", "F_B_TRANSFER", "Trasferimento"),
    ("3", "F_HOLD", "Attesa"),
    ("3", "F_CONFERENCE", ""),
    ("1", "**201@1/f", "Pickup"),
    ("1", "*8@1/f", "Pickup"),
    ("4", "1234", ""),
    ("3", "F_REDIAL", "Richiama"),
    ("3", "F_RECORD", "Registra"),
    ("7", "https://intranet.example.com/", "Intranet"),
    ("3", "F_MWI", "Casella vocale"),
    ("3", "F_LDAPCONTACTS:0", "Rubrica"),
    ("14", "224.0.1.75:5000/PCMU", ""),
    ("3", "F_LOCK", "Blocca telefono"),
    ("3", "F_PREFIX:9", ""),
    ("1", "*45@1/f", ""),
]
NO_FUNCTION = ("0", "", "")


@pytest.mark.parametrize("mac, count", [(X5U, 34), (V67, 116), (H5, 6), (W611W, 16)])
def test_line_keys_of_the_golden_phones(stack, mac, count):
    keys = line_keys(cfg(stack.phone(mac)))
    assert len(keys) == count
    n = min(count, len(EXPECTED_KEYS))
    assert keys[:n] == EXPECTED_KEYS[:n]
    assert all(k == NO_FUNCTION for k in keys[n:]), "unassigned keys must be Type 0 with no value"


def test_key_layout_side_keys_then_pages(stack):
    c = cfg(stack.phone(X5U))
    assert c.get("SideKey Page Num") == "1" and c.get("FuncKey Page Num") == "5"
    assert c.blocks("DSSKEY CONFIG MODULE") == ["--Sidekey Config1--"] + [f"--Dsskey Config{i}--" for i in range(1, 6)] \
        + ["--SoftDss Config--"]
    side = c.keys_of("DSSKEY CONFIG MODULE", "--Sidekey Config1--")
    assert sorted(side) == [1, 2, 3, 4]
    page1 = c.keys_of("DSSKEY CONFIG MODULE", "--Dsskey Config1--")
    assert page1[1] == EXPECTED_KEYS[4]   # key 5 of the catalogue is the first DSS key


@pytest.mark.parametrize("model, count", [("X3S", 2), ("X3U", 3), ("X4U", 33), ("X6U", 65), ("X7C", 60),
                                          ("X210", 106), ("X301", 0), ("V61", 12), ("V65", 27), ("H2U", 0)])
def test_keys_up_to_the_capability_and_no_further(stack, settings, model, count):
    p = new_phone(stack, model)
    for i in (1, count, count + 1):
        if i >= 1:
            settings.phone(p, f"linekey_type_{i}", "speed_dial")
            settings.phone(p, f"linekey_value_{i}", f"55{i:04d}")
    keys = line_keys(cfg(p))
    assert len(keys) == count
    values = [v for _, v, _ in keys]
    if count:
        assert f"55{1:04d}@1/f" in values and f"55{count:04d}@1/f" in values
    assert f"55{count + 1:04d}@1/f" not in values, "a key beyond the model's capability was written"


def test_blf_follows_the_transfer_mode(stack, settings):
    p = new_phone(stack, "X5U")
    settings.phone(p, "linekey_type_1", "blf")
    settings.phone(p, "linekey_value_1", "202")
    for mode, letter in (("attended", "a"), ("blind", "b"), ("verify", "c")):
        settings.phone(p, "dss_transfer", mode)
        assert line_keys(cfg(p))[0][:2] == ("1", f"202@1/b{letter}**202")


def test_unlabelled_keys_get_the_title_of_their_type(stack, settings):
    """A key with no label gets the title Tancredi writes for its type, in the phone's language (English when
    there is no translation); a label wins; keys with no title of their own stay empty."""
    p = new_phone(stack, "X4U")  # 3 side keys on 1 page, then 30 DSS keys on 3 pages
    types = ["line", "dnd", "hold", "transfer", "ldap", "voice_mail", "speed_dial", "recall"]
    for i, t in enumerate(types, 1):
        settings.phone(p, f"linekey_type_{i}", t)
        settings.phone(p, f"linekey_value_{i}", "0612345678" if t == "speed_dial" else "")
    titles = {
        "en": ["Line 1", "DND", "Hold", "Transfer", "Phonebook", "Voice mail", "", "Redial"],
        "it": ["Linea 1", "DND", "Attesa", "Trasferimento", "Rubrica", "Casella vocale", "", "Richiama"],
        "fr": ["Line 1", "DND", "Hold", "Transfer", "Phonebook", "Voice mail", "", "Redial"],
    }
    for lang, want in titles.items():
        settings.phone(p, "language", lang)
        assert [t for _, _, t in line_keys(cfg(p))[:len(types)]] == want, lang
    settings.phone(p, "linekey_label_2", "Non disturbare")
    assert line_keys(cfg(p))[1][2] == "Non disturbare"
    # soft keys of the SoftDss block
    settings.phone(p, "language", "it")
    settings.phone(p, "softkey_type_1", "forward")
    settings.phone(p, "softkey_type_2", "speed_dial")
    settings.phone(p, "softkey_value_2", "0612345678")
    soft = cfg(p).keys_of("DSSKEY CONFIG MODULE", "--SoftDss Config--")
    assert soft[1][2] == "Inoltro" and soft[2][2] == ""
    settings.phone(p, "softkey_label_1", "Devia")
    assert cfg(p).keys_of("DSSKEY CONFIG MODULE", "--SoftDss Config--")[1][2] == "Devia"


def test_soft_keys(stack):
    c = cfg(stack.phone(X5U))
    # forward, dnd, recall, pick_up of the rich set; keys 5..11 are beyond the X5U's 4 soft keys
    assert c.get("Desktop Softkey") == "dss1;dnd;redial;dss4;"
    soft = c.keys_of("DSSKEY CONFIG MODULE", "--SoftDss Config--")
    assert soft == {1: ("3", "F_CFWD", "Inoltro"), 2: NO_FUNCTION, 3: NO_FUNCTION, 4: ("3", "F_PICKUP", "Pickup")}
    # the W611W has two soft keys; the V67 and the H5 none
    c = cfg(stack.phone(W611W))
    assert c.get("Desktop Softkey") == "dss1;dnd;"
    assert sorted(c.keys_of("DSSKEY CONFIG MODULE", "--SoftDss Config--")) == [1, 2]
    for mac in (V67, H5):
        c = cfg(stack.phone(mac))
        assert not c.has("Desktop Softkey") and "--SoftDss Config--" not in c.blocks()


def test_every_soft_key_type(stack, settings):
    p = new_phone(stack, "X5U")
    settings.phone(p, "language", "en")
    expect = {  # type: (Desktop Softkey slot, SoftDss entry)
        "forward": ("dss1", ("3", "F_CFWD", "Forward")),
        "dnd": ("dnd", NO_FUNCTION),
        "recall": ("redial", NO_FUNCTION),
        "pick_up": ("dss1", ("3", "F_PICKUP", "Pickup")),
        "speed_dial": ("dss1", ("1", "0612345678@1/f", "")),
        "group_pickup": ("dss1", ("1", "0612345678@1/f", "Pickup")),  # a value replaces pickup_group
        "history": ("history", NO_FUNCTION),
        "menu": ("menu", NO_FUNCTION),
        "status": ("status", NO_FUNCTION),
        "ldap": ("dss1", ("3", "F_LDAPCONTACTS:0", "Phonebook")),
        "prefix": ("dss1", ("3", "F_PREFIX:0612345678", "")),
    }
    settings.phone(p, "softkey_value_1", "0612345678")
    for t, (slot, entry) in expect.items():
        settings.phone(p, "softkey_type_1", t)
        c = cfg(p)
        assert c.get("Desktop Softkey").split(";")[0] == slot, t
        assert c.keys_of("DSSKEY CONFIG MODULE", "--SoftDss Config--")[1] == entry, t


def test_unset_soft_keys_get_the_usual_layout(stack):
    c = cfg(new_phone(stack, "X4U"))
    assert c.get("Desktop Softkey") == "history;dss2;dss3;menu;"
    soft = c.keys_of("DSSKEY CONFIG MODULE", "--SoftDss Config--")
    assert soft[2] == ("3", "F_LDAPCONTACTS:0", "Rubrica") and soft[3] == ("1", "*8@1/f", "Pickup")
    c = cfg(new_phone(stack, "W610W"))
    assert c.get("Desktop Softkey") == "dss1;menu;"


def test_no_expansion_keys(stack):
    """Fanvil expansion modules have no equivalent here: expkey_* never reach the file."""
    body = fetch(stack.phone(X5U)).body.decode()
    assert "0311111111" not in body and "Bruno" not in body
