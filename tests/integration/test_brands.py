"""Brand data: every MAC range of every brand.xml detects its brand, the narrowest range winning."""

import xml.etree.ElementTree as ET

from conftest import TOP


def _ranges():
    for brand_xml in sorted((TOP / "templates").glob("*/brand.xml")):
        root = ET.parse(brand_xml).getroot()
        for m in root.findall("mac"):
            if m.get("prefix"):
                p = m.get("prefix").lower()
                yield root.get("name"), p.ljust(12, "0"), p.ljust(12, "f")
            else:
                yield root.get("name"), m.get("from").lower(), m.get("to").lower()


def _mac(hex12):
    return ":".join(hex12[i:i + 2] for i in range(0, 12, 2))


def test_every_range_detects_its_brand(stack):
    ranges = list(_ranges())
    assert ranges
    for brand, lo, hi in ranges:
        for probe in (lo, hi, format((int(lo, 16) + int(hi, 16)) // 2, "012x")):
            # the narrowest range holding the probe decides; it must be this one or one inside it
            inner = [b for b, l2, h2 in ranges
                     if int(l2, 16) <= int(probe, 16) <= int(h2, 16)
                     and int(h2, 16) - int(l2, 16) < int(hi, 16) - int(lo, 16)]
            (got,) = stack.sql("SELECT nethprov.detect_brand(%s::macaddr)", (_mac(probe),))[0]
            if inner:
                continue
            assert got == brand, f"{_mac(probe)} (in {brand}'s {lo}-{hi}) detected as {got}"


def test_models_with_pictures_declare_formats_and_size():
    """A model that takes a wallpaper (background_file="1") says which picture formats and which size it
    accepts, so that an admin's upload can be checked against it."""
    import re

    problems = []
    for brand_xml in sorted((TOP / "templates").glob("*/brand.xml")):
        root = ET.parse(brand_xml).getroot()
        for m in root.findall("model"):
            if m.get("background_file") != "1":
                continue
            fmts, size = m.get("background_formats", ""), m.get("background_size", "")
            if not re.fullmatch(r"(png|jpg|bmp|gif)( (png|jpg|bmp|gif))*", fmts):
                problems.append(f"{root.get('name')} {m.get('name')}: background_formats={fmts!r}")
            if not re.fullmatch(r"[1-9][0-9]{1,3}x[1-9][0-9]{1,3}", size):
                problems.append(f"{root.get('name')} {m.get('name')}: background_size={size!r}")
    assert not problems, "\n".join(problems)
