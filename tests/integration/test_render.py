"""What the module serves is what `nethprov render` previews, and caching never serves stale bytes.

The module merges the database's levels itself (provision_lookup returns them unmerged) and keeps
the default level and shared template blocks between requests; the CLI reads phone_effective(),
the SQL merge, and renders without any cache. Equal bytes from both are the cross-check.
"""

from conftest import kv1


def _cli_render(stack, mac):
    p = stack.cli("render", mac)
    assert p.returncode == 0, p.stderr
    return p.stdout.encode("utf-8")


def test_cli_render_equals_what_the_module_serves(stack):
    # the demo phones, except 00:15:65:00:00:01, whose tok1 the other tests keep unused
    phones = stack.sql(
        "SELECT mac::text FROM nethprov.phones WHERE mac::text LIKE '%%:00:00:%%' AND brand = 'yealink'"
        " AND mac <> '00:15:65:00:00:01' ORDER BY mac"
    )
    assert len(phones) >= 5
    for (mac,) in phones:
        ph = stack.phone(mac)
        # twice: the second answer comes from the module's caches
        for _ in range(2):
            r = ph.get(ph.tok2)
            assert r.status == 200, (mac, r)
            assert r.body == _cli_render(stack, mac), f"module and CLI differ for {mac}"


def test_default_change_reaches_cached_phones(stack, make_phone, settings):
    ph = make_phone("T46U")
    before = ph.get(ph.tok2)
    assert kv1(before.body, "expansion_module.1.key.2.type") == "0"
    settings.default("expkey_type_2", "speed_dial")
    settings.default("expkey_value_2", "0612345678")
    after = ph.get(ph.tok2)
    assert kv1(after.body, "expansion_module.1.key.2.type") == "13"
    assert kv1(after.body, "expansion_module.1.key.2.value") == "0612345678"
    assert after.header("ETag") != before.header("ETag")
    assert after.body == _cli_render(stack, ph.mac)
    settings.restore()
    again = ph.get(ph.tok2)
    assert kv1(again.body, "expansion_module.1.key.2.type") == "0"
    assert again.body == before.body


def test_model_change_reaches_cached_phones(stack, make_phone, settings):
    a, b = make_phone("T46U"), make_phone("T46U")
    for ph in (a, b):
        assert kv1(ph.get(ph.tok2).body, "expansion_module.2.key.7.label") == "%NULL%"
    settings.model("T46U", "expkey_type_67", "blf")
    settings.model("T46U", "expkey_value_67", "201")
    settings.model("T46U", "expkey_label_67", "Reception")
    for ph in (a, b):
        body = ph.get(ph.tok2).body
        # key 7 of module 2 is the 67th expansion key: 60 keys per module on a T46U
        assert kv1(body, "expansion_module.2.key.7.label") == "Reception"
        assert kv1(body, "expansion_module.2.key.7.type") == "16"
        assert body == _cli_render(stack, ph.mac)


def test_phone_value_is_not_shared_with_other_phones(stack, make_phone, settings):
    a, b = make_phone("T46U"), make_phone("T46U")
    settings.phone(a, "expkey_type_5", "blf")
    settings.phone(a, "expkey_value_5", a.extension)
    settings.phone(a, "expkey_label_5", "Mine")
    # a is rendered with its own key first, then b must not get it from a cache
    assert kv1(a.get(a.tok2).body, "expansion_module.1.key.5.label") == "Mine"
    assert kv1(b.get(b.tok2).body, "expansion_module.1.key.5.label") == "%NULL%"
    assert kv1(a.get(a.tok2).body, "expansion_module.1.key.5.label") == "Mine"
