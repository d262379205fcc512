"""nethprov dhcp: the snippet of each server, for every brand and for each brand alone, is accepted by the
real server's configuration checker (dnsmasq --test, dhcpd -t, kea-dhcp4 -t); it holds every brand's MAC
ranges, the option each brand reads and the base URL; dnsmasq's tags, evaluated here, give a phone of each
brand that brand's options. No database: the command reads the templates only."""

import json
import pathlib
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from conftest import CLI, TEMPLATES

BASE = "https://pbx.example.com/provisioning"
SERVERS = ("dnsmasq", "isc", "kea")
CHECKERS = {"dnsmasq": "/usr/sbin/dnsmasq", "isc": "/usr/sbin/dhcpd", "kea": "/usr/sbin/kea-dhcp4"}


def _brands():
    """{name: {"ranges": [(lo, hi)], "options": [codes], "url": value}} read from every brand.xml."""
    out = {}
    for bx in sorted(TEMPLATES.glob("*/brand.xml")):
        root = ET.parse(bx).getroot()
        ranges = []
        for m in root.findall("mac"):
            if m.get("prefix"):
                p = m.get("prefix")
                lo = int(p, 16) << (4 * (12 - len(p)))
                ranges.append((lo, lo | ((1 << (4 * (12 - len(p)))) - 1)))
            else:
                ranges.append((int(m.get("from"), 16), int(m.get("to"), 16)))
        d = root.find("dhcp")
        options = [int(c) for c in d.get("option").split()] if d is not None else [66]
        url = BASE + "/"
        if d is not None and d.get("url") == "noscheme":
            url = BASE.split("://", 1)[1]
            url += "/" + d.get("file") if d.get("file") else ""
        elif d is not None and d.get("file"):
            url += d.get("file")
        out[root.get("name")] = {"ranges": ranges, "options": options, "url": url,
                                 "vendor_class": d.get("vendor-class") if d is not None else None}
    return out


BRANDS = _brands()


def _env(tmp_path, **extra):
    conf = tmp_path / "empty.conf"
    conf.write_text("")
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "NETHPROV_CONF": str(conf),
           "NETHPROV_TEMPLATES": str(TEMPLATES)}
    env.update(extra)
    return env


def _cli(tmp_path, *args, **extra):
    return subprocess.run([str(CLI), *args], env=_env(tmp_path, **extra), capture_output=True, text=True,
                          timeout=60)


def _dhcp(tmp_path, server, *brands):
    args = ["--base-url", BASE + "/", "dhcp", "--server", server]
    for b in brands:
        args += ["--brand", b]
    r = _cli(tmp_path, *args)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    return r.stdout


def _check(tmp_path, server, text):
    """Run the server's own checker on text; returns its output, fails the test on a refusal."""
    if not pathlib.Path(CHECKERS[server]).exists():
        pytest.fail(f"{CHECKERS[server]} is missing: scripts/common.sh installs it (NP_PACKAGES)")
    f = tmp_path / f"snippet.{server}"
    f.write_text(text)
    if server == "dnsmasq":
        cmd = [CHECKERS[server], "--test", f"--conf-file={f}"]
    elif server == "isc":
        cmd = [CHECKERS[server], "-t", "-cf", str(f)]
    else:
        cmd = [CHECKERS[server], "-t", str(f)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, f"{' '.join(cmd)} refused it:\n{r.stdout}\n{r.stderr}\n--- input:\n{text}"
    return r.stdout + r.stderr


def _kea_config(fragment):
    return ('{ "Dhcp4": {\n"interfaces-config": { "interfaces": [] },\n'
            '"subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "pools": [ { "pool": "192.0.2.10 - 192.0.2.99" } ] } ],\n'
            + fragment + "} }\n")


SELECTIONS = [()] + [(b,) for b in sorted(BRANDS)]


@pytest.mark.parametrize("brands", SELECTIONS, ids=lambda s: "+".join(s) or "all")
@pytest.mark.parametrize("server", SERVERS)
def test_checker_accepts(tmp_path, server, brands):
    text = _dhcp(tmp_path, server, *brands)
    if server == "dnsmasq":
        assert "syntax check OK" in _check(tmp_path, server, text)
    elif server == "isc":
        # the snippet alone, and inside a configuration that serves a subnet
        _check(tmp_path, server, text)
        _check(tmp_path, server, "authoritative;\n" + text
               + "subnet 192.0.2.0 netmask 255.255.255.0 {\n    range 192.0.2.10 192.0.2.99;\n}\n")
    else:
        # the fragment is one JSON member, "client-classes", to paste inside Dhcp4
        member = json.loads("{" + text + "}")
        assert list(member) == ["client-classes"]
        names = [c["name"] for c in member["client-classes"]]
        assert names == ["np-" + b for b in (brands or sorted(BRANDS))]
        _check(tmp_path, server, _kea_config(text))


def _sections(text):
    """dnsmasq or isc output split per brand: {brand: section text}, each starting at its header comment."""
    out, name = {}, None
    for line in text.splitlines(keepends=True):
        m = re.match(r"# .* \((\w+)\): option[ \d]+$", line)
        if m:
            name = m.group(1)
            out[name] = ""
        if name:
            out[name] += line
    return out


def _kea_classes(text):
    return {c["name"][3:]: c for c in json.loads("{" + text + "}")["client-classes"]}


def _covered(prefixes, mac):
    return any(mac >> (8 * (6 - n)) == v for v, n in prefixes)


def _prefixes_in(section, server):
    """The (value, byte length) MAC prefixes a brand's section tests (not those it leaves out)."""
    section = re.sub(r"and not \([^()]*\)", "", section)
    if server == "dnsmasq":
        found = re.findall(r"^dhcp-mac=set:np-\w+(?:-\d+)?,((?:[0-9a-f*]{1,2}:){5}[0-9a-f*]{1,2})$", section, re.M)
        out = []
        for f in found:
            parts = [p for p in f.split(":") if p != "*"]
            out.append((int("".join(parts), 16), len(parts)))
        return out
    if server == "isc":
        return [(int(v.replace(":", ""), 16), int(n))
                for n, v in re.findall(r"substring\(hardware, 1, (\d)\) = ([0-9a-f:]+)", section)]
    return [(int(v, 16), int(n)) for n, v in re.findall(r"substring\(pkt4\.mac,0,(\d)\) == 0x([0-9a-f]+)", section)]


@pytest.mark.parametrize("server", SERVERS)
def test_every_brand_its_options_prefixes_and_url(tmp_path, server):
    text = _dhcp(tmp_path, server)
    per = _kea_classes(text) if server == "kea" else _sections(text)
    assert sorted(per) == sorted(BRANDS)
    for name, b in BRANDS.items():
        sec = per[name]
        blob = json.dumps(sec) if server == "kea" else sec
        # every range of the brand.xml: both ends and the middle are matched by a prefix of the brand
        prefixes = _prefixes_in(sec["test"] if server == "kea" else sec, server)
        for lo, hi in b["ranges"]:
            for mac in (lo, hi, (lo + hi) // 2):
                assert _covered(prefixes, mac), f"{name}: {mac:012x} not matched in\n{blob}"
        if b["vendor_class"]:
            assert b["vendor_class"] in blob
        # the options, and the URL in the brand's form
        if server == "dnsmasq":
            opts = re.findall(r'^dhcp-option-force=tag:[^,]+,(?:tag:![^,]+,)?(\d+),"([^"]*)"$', sec, re.M)
            assert {int(c) for c, _ in opts} == set(b["options"]), sec
            assert {u for _, u in opts} == {b["url"]}, sec
        elif server == "isc":
            opts = re.findall(r'^    option ([\w-]+) "([^"]*)";$', sec, re.M)
            names = {66: "tftp-server-name", 114: "default-url"}
            assert [n for n, _ in opts] == [names.get(c, f"np-option-{c}") for c in b["options"]], sec
            assert {u for _, u in opts} == {b["url"]}, sec
        else:
            got = {}
            for od in sec["option-data"]:
                assert od["always-send"] is True
                if "name" in od:
                    assert od["name"] == "tftp-server-name"
                    got[66] = od["data"]
                else:
                    assert od["csv-format"] is False
                    got[od["code"]] = bytes.fromhex(od["data"]).decode()
            assert list(got) == b["options"], sec
            assert set(got.values()) == {b["url"]}, sec


@pytest.mark.parametrize("server", SERVERS)
def test_vendor_facts(tmp_path, server):
    """Gigaset: 114 and no 66; Poly: 160; Grandstream: the URL without its scheme; the rest: the base URL."""
    text = _dhcp(tmp_path, server)
    per = _kea_classes(text) if server == "kea" else _sections(text)
    if server == "dnsmasq":
        assert re.search(r',114,"https://pbx\.example\.com/provisioning/%MACD\.xml"$', per["gigaset"], re.M)
        assert ",66," not in per["gigaset"]
        assert ',160,"https://pbx.example.com/provisioning/"' in per["poly"]
        assert ',66,"pbx.example.com/provisioning"' in per["grandstream"]
        assert ',66,"https://pbx.example.com/provisioning/"' in per["yealink"]
    elif server == "isc":
        assert 'option default-url "https://pbx.example.com/provisioning/%MACD.xml";' in per["gigaset"]
        assert "tftp-server-name" not in per["gigaset"]
        assert "option np-option-160 code 160 = text;" in text
        assert 'option np-option-160 "https://pbx.example.com/provisioning/";' in per["poly"]
        assert 'option tftp-server-name "pbx.example.com/provisioning";' in per["grandstream"]
        assert 'option tftp-server-name "https://pbx.example.com/provisioning/";' in per["yealink"]
    else:
        codes = lambda b: [od.get("code", 66 if od.get("name") == "tftp-server-name" else None)
                           for od in per[b]["option-data"]]
        assert codes("gigaset") == [114]
        assert codes("poly")[0] == 160
        assert per["grandstream"]["option-data"][0]["data"] == "pbx.example.com/provisioning"
    assert "https://" not in (json.dumps(per["grandstream"]) if server == "kea" else
                              per["grandstream"].split("\n", 1)[1])


def _dnsmasq_options(text, mac):
    """The options (code -> value) dnsmasq gives a client with this MAC and no vendor class, evaluating the
    snippet's dhcp-mac tags and dhcp-option-force lines as dnsmasq does (a later line for a code wins)."""
    tags = set()
    for tag, pat in re.findall(r"^dhcp-mac=set:([\w-]+),(\S+)$", text, re.M):
        want = pat.split(":")
        have = [f"{(mac >> (8 * (5 - i))) & 0xff:02x}" for i in range(6)]
        if all(w in ("*", h) for w, h in zip(want, have)):
            tags.add(tag)
    got = {}
    for line in re.findall(r"^dhcp-option-force=(.*)$", text, re.M):
        fields = line.split(",")
        conds = [f for f in fields if f.startswith("tag:")]
        code, value = fields[len(conds)], ",".join(fields[len(conds) + 1:]).strip('"')
        if all((c[5:] not in tags) if c.startswith("tag:!") else (c[4:] in tags) for c in conds):
            got[int(code)] = value
    return got


def _owner(mac):
    """The module's rule: the brand whose narrowest range holds mac."""
    best = None
    for name, b in BRANDS.items():
        for lo, hi in b["ranges"]:
            if lo <= mac <= hi and (best is None or hi - lo < best[0]):
                best = (hi - lo, name)
    return best and best[1]


def test_dnsmasq_gives_each_phone_its_brand_options(tmp_path):
    text = _dhcp(tmp_path, "dnsmasq")
    # prefixes written wider than a range ("matched as the whole of ..."): a phone there may get both brands'
    approx = [int(p.replace(":", ""), 16) for p in re.findall(r"is matched as the whole of ([0-9a-f:]+)", text)]
    approx_len = [len(p.split(":")) for p in re.findall(r"is matched as the whole of ([0-9a-f:]+)", text)]
    assert approx, "the gigasetp ranges inside 00:04:13:80 are expected to be approximated"
    checked = 0
    for name, b in BRANDS.items():
        for lo, hi in b["ranges"]:
            for mac in (lo, hi, (lo + hi) // 2):
                owner = _owner(mac)
                want = {c: BRANDS[owner]["url"] for c in BRANDS[owner]["options"]}
                got = _dnsmasq_options(text, mac)
                in_approx = any(mac >> (8 * (6 - n)) == v for v, n in zip(approx, approx_len))
                if in_approx:
                    # its own brand's options, maybe with another brand's
                    assert all(got.get(c) == v for c, v in want.items()), (f"{mac:012x} is {owner}'s", got)
                else:
                    assert got == want, (f"{mac:012x} is {owner}'s", got)
                checked += 1
    # a Snom phone right next to a Gigaset P range, and a Maxwell next to one
    assert _dnsmasq_options(text, 0x000413E6AABB) == {66: BASE + "/{mac}.xml"}
    assert _dnsmasq_options(text, 0x000413E5AABB) == {114: BASE + "/{mac}.xml"}
    assert _dnsmasq_options(text, 0x589EC6920001) == {114: BASE + "/%MACD.xml"}
    assert _dnsmasq_options(text, 0x589EC6910001) == {114: BASE + "/{mac}.xml"}
    assert _dnsmasq_options(text, 0x123456000000) == {}
    assert checked > 50


def test_single_brand_still_leaves_out_other_brands_ranges(tmp_path):
    text = _dhcp(tmp_path, "dnsmasq", "snom")
    assert "gigasetp" not in text.split("\n", 1)[1].replace("np-snom", "")
    assert _dnsmasq_options(text, 0x000413E5AABB) == {}
    assert _dnsmasq_options(text, 0x000413AABBCC) == {66: BASE + "/{mac}.xml"}


def test_deterministic_and_sorted(tmp_path):
    a = _dhcp(tmp_path, "isc", "snom", "gigaset", "poly")
    b = _dhcp(tmp_path, "isc", "poly,snom", "gigaset", "snom")
    assert a == b
    assert re.findall(r'^class "np-(\w+)"', a, re.M) == ["gigaset", "poly", "snom"]
    assert _dhcp(tmp_path, "kea") == _dhcp(tmp_path, "kea")


def test_base_url_sources(tmp_path):
    # the environment
    r = _cli(tmp_path, "dhcp", "--server", "dnsmasq", "--brand", "yealink", NETHPROV_BASE_URL="https://env.example/p")
    assert r.returncode == 0, r.stderr
    assert ',66,"https://env.example/p/"' in r.stdout
    # the configuration file
    conf = tmp_path / "nethprov.conf"
    conf.write_text("base_url = http://file.example:8080/prov/\n")
    r = _cli(tmp_path, "dhcp", "--server", "dnsmasq", "--brand", "yealink", NETHPROV_CONF=str(conf))
    assert r.returncode == 0, r.stderr
    assert ',66,"http://file.example:8080/prov/"' in r.stdout
    # the option beats both
    r = _cli(tmp_path, "--base-url", "https://opt.example/p", "dhcp", "--server", "dnsmasq", "--brand", "yealink",
             NETHPROV_CONF=str(conf), NETHPROV_BASE_URL="https://env.example/p")
    assert ',66,"https://opt.example/p/"' in r.stdout and "env.example" not in r.stdout


@pytest.mark.parametrize("args, code, message", [
    (["dhcp"], 2, "dhcp needs --server dnsmasq, isc or kea"),
    (["dhcp", "--server", "bind9"], 2, "unknown DHCP server 'bind9'"),
    (["dhcp", "--server", "isc", "extra"], 2, "dhcp takes no arguments"),
    (["dhcp", "--server", "isc", "--brand", "nokia"], 1, "unknown brand 'nokia'"),
    (["dhcp", "--server", "isc", "--brand", "snom,nokia"], 1, "unknown brand 'nokia'"),
    (["--base-url", "tftp://pbx/p", "dhcp", "--server", "kea"], 2, "base URL 'tftp://pbx/p' is not an http"),
    (["--base-url", "https://pbx/a b", "dhcp", "--server", "kea"], 1, "which DHCP server configurations cannot"),
])
def test_errors(tmp_path, args, code, message):
    if "--base-url" not in args:
        args = ["--base-url", BASE] + args
    r = _cli(tmp_path, *args)
    assert r.returncode == code, (r.returncode, r.stderr)
    assert message in r.stderr, r.stderr
    assert r.stdout == ""


def test_missing_base_url(tmp_path):
    r = _cli(tmp_path, "dhcp", "--server", "isc")
    assert r.returncode == 2
    assert "no base URL: pass --base-url or set NETHPROV_BASE_URL" in r.stderr
    assert r.stdout == ""


def test_help_names_the_options(tmp_path):
    r = _cli(tmp_path, "dhcp", "--help")
    assert r.returncode == 0
    assert "--server" in r.stdout and "--brand" in r.stdout and "--base-url" in r.stdout


def test_no_dhcp_daemon_left_running():
    """Installing the servers for their checkers must not have started them (np_ensure_packages)."""
    ps = subprocess.run(["ps", "-eo", "comm="], capture_output=True, text=True).stdout.split()
    assert not {"dhcpd", "kea-dhcp4"} & set(ps), ps
