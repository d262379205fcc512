"""Golden configs, one per brand and model family, rendered from the demo data.

Every file tests/golden/<brand>/<mac>/<file name> holds the bytes `nethprov render <mac> <file name>` gives with
the base URL https://pbx.example.com/provisioning (the module serves the same bytes: see test_render), after the
phone's secrets (its tokens and every setting the catalogue marks secret) are replaced by @name@ placeholders,
since the demo data draws them at random. Reviewers diff these files; NP_GOLDEN_UPDATE=1 rewrites them.
"""

import os

import pytest

from conftest import TOP

GOLDEN = TOP / "tests" / "golden"
BASE = "https://pbx.example.com/provisioning"
CASES = sorted(p for p in GOLDEN.glob("*/*/*") if p.is_file())


def _placeholders(stack, mac):
    """(secret value, placeholder) pairs for the phone, longest value first."""
    pairs = []
    tok1, tok2 = stack.sql("SELECT tok1, tok2 FROM nethprov.phones WHERE mac = %s", (mac,))[0]
    pairs += [(tok1, "@tok1@"), (tok2, "@tok2@")]
    for name, value in stack.sql(
        "SELECT name, value FROM nethprov.phone_settings(%s) WHERE nethprov.is_secret(name)", (mac,)
    ):
        pairs.append((value, f"@{name}@"))
    return sorted(((v, p) for v, p in pairs if v and len(v) >= 4), key=lambda vp: -len(vp[0]))


def render_for_golden(stack, mac, filename):
    p = stack.cli("--base-url", BASE, "render", mac, filename)
    assert p.returncode == 0, p.stderr
    text = p.stdout
    for value, placeholder in _placeholders(stack, mac):
        text = text.replace(value, placeholder)
    return text.encode("utf-8")


@pytest.mark.parametrize("path", CASES, ids=[str(p.relative_to(GOLDEN)) for p in CASES])
def test_golden(stack, path):
    mac = path.parent.name
    assert len(mac) == 12, f"{path}: the folder must be the phone's MAC as 12 hex digits"
    got = render_for_golden(stack, mac, path.name)
    if os.environ.get("NP_GOLDEN_UPDATE") == "1":
        path.write_bytes(got)
    assert got == path.read_bytes(), f"{path.relative_to(TOP)} differs: rerun with NP_GOLDEN_UPDATE=1 and review the diff"


def test_every_brand_has_a_golden_config():
    brands = sorted(p.name for p in (TOP / "templates").iterdir() if (p / "brand.xml").is_file())
    missing = [b for b in brands if not any((GOLDEN / b).glob("*/*"))]
    assert not missing, f"brands without a golden config under tests/golden/: {missing}"
