"""NethprovCache On (a virtual host of the test httpd): lookups kept between requests, forgotten
when PostgreSQL notifies a committed change, never used while the notifications cannot be heard."""

import time

from conftest import kv1


def _cached(ph, token=None, filename=None):
    return ph.stack.request("GET", ph.path(token or ph.tok2, filename), ua=ph.ua, cached=True)


def _eventually(fn, what, timeout=5.0):
    """fn() until it is true: a notification travels from the committing backend to the listener
    thread asynchronously, so a change is visible a moment after its commit, not at it."""
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value:
            return value
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
        time.sleep(0.02)


def test_cached_answers_are_the_rendered_bytes(stack, make_phone):
    ph = make_phone("T46U")
    p = stack.cli("--base-url", stack.cbase_url, "render", ph.mac)
    assert p.returncode == 0, p.stderr
    for _ in range(3):  # the first fills the cache, the others come from it
        r = _cached(ph)
        assert r.status == 200
        assert r.body == p.stdout.encode("utf-8")


def test_a_committed_change_is_served(stack, make_phone, settings):
    ph = make_phone("T46U")
    assert kv1(_cached(ph).body, "lang.gui") != "French"
    _cached(ph)  # now certainly kept
    settings.phone(ph, "language", "fr")
    _eventually(lambda: kv1(_cached(ph).body, "lang.gui") == "French", "the phone's new language")
    settings.default("timezone", "America/New_York")
    _eventually(lambda: kv1(_cached(ph).body, "local_time.time_zone") == "-5", "the new default time zone")


def test_the_mac_is_checked_on_cached_answers(stack, make_phone):
    a, b = make_phone("T46U"), make_phone("T46U")
    assert _cached(a).status == 200
    assert _cached(a).status == 200  # kept
    other = _cached(a, filename=b.filename)
    assert other.status == 404
    assert other.body == _cached(a, token="0" * 40).body


def test_first_access_token_is_never_kept(stack, make_phone):
    ph = make_phone("T46U")
    tok1, tok2 = ph.tokens()
    assert _cached(ph, token=tok1).status == 200
    assert _cached(ph, token=tok2).status == 200  # retires tok1
    _eventually(lambda: _cached(ph, token=tok1).status == 404, "tok1 refused after tok2's first use")
    assert ph.tokens()[0] is None


def test_no_cached_answer_while_the_database_is_down(stack, make_phone):
    ph = make_phone("T46U")
    assert _cached(ph).status == 200
    assert _cached(ph).status == 200  # kept
    stack.pg_stop()
    try:
        r = _eventually(lambda: (lambda r: r if r.status == 503 else None)(_cached(ph)),
                        "a 503 once the listener has lost the database")
        assert r.header("Retry-After")
    finally:
        stack.pg_start()
    _eventually(lambda: _cached(ph).status == 200, "answers again once the database is back", timeout=20)
