"""tok1 (first access) and tok2 (permanent): the first use of tok2 retires tok1."""

from conftest import kv1


def test_tok1_then_tok2_retires_tok1(stack, make_phone):
    p = make_phone()
    tok1, tok2 = p.tokens()
    assert tok1 and tok2 and tok1 != tok2

    r1 = p.get(tok1)
    assert r1.status == 200, r1
    assert p.tokens() == (tok1, tok2), "a tok1 request must not change the tokens"
    assert p.get(tok1).status == 200, "tok1 must keep working until tok2 is used"

    r2 = p.get(tok2)
    assert r2.status == 200, r2
    assert p.tokens()[0] is None, "tok1 must be retired (NULL) after the first tok2 request"

    ref = p.get("0123456789abcdef0123456789abcdef01234567")
    r3 = p.get(tok1)
    assert r3.status == 404, r3
    assert r3.body == ref.body, "the retired tok1 must get the same 404 as any wrong token"
    assert p.get(tok2).status == 200, "tok2 keeps working"


def test_tok2_first(stack, make_phone):
    p = make_phone()
    tok1, tok2 = p.tokens()
    assert p.get(tok2).status == 200
    assert p.tokens() == (None, tok2)
    assert p.get(tok1).status == 404


def test_config_tells_the_phone_to_switch_to_tok2(stack, make_phone):
    p = make_phone()
    tok1, tok2 = p.tokens()
    b1 = p.get(tok1).body
    assert kv1(b1, "static.auto_provision.server.url") == f"{stack.base_url}/{tok2}/"
    assert tok1.encode() not in b1, "the config must not hand out tok1"
    b2 = p.get(tok2).body
    assert kv1(b2, "static.auto_provision.server.url") == f"{stack.base_url}/{tok2}/"
    # provisioning_complete: polling every minute until tok2 was used, nightly afterwards
    assert kv1(b1, "static.auto_provision.repeat.enable") == "1"
    assert kv1(b2, "static.auto_provision.repeat.enable") == "0"


def test_new_tok1_after_retirement(stack, make_phone):
    p = make_phone()
    tok1, tok2 = p.tokens()
    assert p.get(tok2).status == 200
    (new,) = stack.sql("SELECT nethprov.phone_new_tok1(%s)", (p.mac,))[0]
    stack.remember(new)
    assert new != tok1
    assert p.get(new).status == 200
    assert p.get(tok1).status == 404


def test_rotate_tok2_while_tok1_lives_says_tok1_still_works(stack, make_phone):
    p = make_phone()
    tok1, old2 = p.tokens()
    r = stack.cli("phone", "rotate-token", p.mac, "--tok2")
    assert r.returncode == 0, r.stderr
    new2 = p.tokens()[1]
    stack.remember(new2)
    assert p.tokens() == (tok1, new2) and new2 != old2
    assert "through its tok1 URL" in r.stdout and "retired" not in r.stdout, r.stdout
    # what the message promises: the old tok2 is cut off, tok1 still provisions the phone, with the new tok2
    assert p.get(old2).status == 404
    b = p.get(tok1)
    assert b.status == 200, b
    assert kv1(b.body, "static.auto_provision.server.url") == f"{stack.base_url}/{new2}/"


def test_rotate_tok2_after_tok1_retired_says_no_road_is_left(stack, make_phone):
    p = make_phone()
    tok1, old2 = p.tokens()
    assert p.get(old2).status == 200 and p.tokens()[0] is None
    r = stack.cli("phone", "rotate-token", p.mac, "--tok2")
    assert r.returncode == 0, r.stderr
    new2 = p.tokens()[1]
    stack.remember(new2)
    assert p.tokens() == (None, new2), "tok1 stays retired"
    out = r.stdout
    assert "provisioned again through" not in out, out
    assert "tok1 is retired" in out and f"nethprov phone rotate-token {p.mac} --tok1" in out, out
    # true: neither the old tok2 nor the retired tok1 answers
    assert p.get(old2).status == 404 and p.get(tok1).status == 404
