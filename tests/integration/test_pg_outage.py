"""PostgreSQL going away: 503 with Retry-After, and recovery without restarting httpd."""

import time


def test_database_down_then_up(stack, make_phone):
    p = make_phone()
    assert p.get(p.tok1).status == 200
    pid_before = (stack.httpdbase / "httpd.pid").read_text().strip()
    stack.pg_stop()
    try:
        r = p.get(p.tok1)
        assert r.status == 503, r
        assert r.header("Retry-After"), f"no Retry-After on the 503: {dict(r.headers)}"
        assert p.tok1.encode() not in r.body and p.sip_password.encode() not in r.body
    finally:
        stack.pg_start()
    deadline = time.monotonic() + 20
    statuses = []
    while True:
        r = p.get(p.tok1)
        statuses.append(r.status)
        if r.status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert r.status == 200, f"no 200 within 20 s after PostgreSQL came back: {statuses}"
    assert (stack.httpdbase / "httpd.pid").read_text().strip() == pid_before, "httpd was restarted"


def test_all_threads_recover(stack, make_phone):
    # after an outage every worker's connection must recover, not just the first one
    p = make_phone()
    stack.pg_stop()
    try:
        for _ in range(5):
            assert p.get(p.tok1).status == 503
    finally:
        stack.pg_start()
    time.sleep(0.5)
    deadline = time.monotonic() + 20
    while p.get(p.tok1).status != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    statuses = [p.get(p.tok1).status for _ in range(40)]
    assert set(statuses) == {200}, statuses
