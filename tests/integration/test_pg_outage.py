"""PostgreSQL going away: 503 with Retry-After, and recovery without restarting httpd."""

import os
import pathlib
import re
import shutil
import subprocess
import time

import pytest

from conftest import free_port, run_common


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


def _restart_pg(stack):
    stack.pg_stop()
    stack.pg_start()


def _burst(stack, p, n=32):
    """n requests at once (one per httpd worker of the test configuration: 2 children of 16 threads)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    gate = threading.Barrier(n)

    def one(_):
        gate.wait(timeout=30)
        return p.get(p.tok1).status

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(one, range(n)))


def _fill_pools(stack, p, n=32, rounds=5):
    """Every child opens its connections: n clients at once, a few rounds."""
    for _ in range(rounds):
        assert set(_burst(stack, p, n)) == {200}


@pytest.mark.parametrize("load", ["idle", "under load"])
def test_first_requests_after_a_restart_get_200(stack, make_phone, load):
    # The pooled connections all die with the server; the retry must not take another dead one:
    # one second after PostgreSQL is back, every worker's first request gets a 200.
    import threading

    p = make_phone()
    _fill_pools(stack, p)
    stop = threading.Event()
    seen = []

    def client():
        while not stop.is_set():
            seen.append(p.get(p.tok1).status)

    clients = [threading.Thread(target=client) for _ in range(8 if load == "under load" else 0)]
    for c in clients:
        c.start()
    try:
        _restart_pg(stack)
    finally:
        stop.set()
        for c in clients:
            c.join()
    if clients:
        assert 503 in seen or 200 in seen, "the load sent nothing"
    time.sleep(1)
    statuses = _burst(stack, p)
    assert statuses.count(200) == len(statuses), f"after a restart: {statuses}"


def _nethprov_lines(text):
    """The module's error-log lines above debug, less the cache listener's own (NP13, NP14)."""
    return [ln for ln in text.splitlines()
            if "[nethprov:" in ln and "[nethprov:debug]" not in ln and "NP13" not in ln and "NP14" not in ln]


def test_an_outage_is_logged_when_it_starts_and_ends(stack, make_phone):
    p = make_phone()
    assert p.get(p.tok1).status == 200
    offset = stack.error_log.stat().st_size
    stack.pg_stop()
    try:
        statuses = [p.get(p.tok1).status for _ in range(300)]
    finally:
        stack.pg_start()
    assert set(statuses) == {503}, set(statuses)
    deadline = time.monotonic() + 20
    while True:
        st = p.get(p.tok1).status
        if st == 200:
            break
        statuses.append(st)
        assert time.monotonic() < deadline, "no 200 after PostgreSQL came back"
    # and a request reaches each child, so that every pool that saw the outage sees its end
    assert set(_burst(stack, p)) == {200}
    with open(stack.error_log, "rb") as f:
        f.seek(offset)
        lines = _nethprov_lines(f.read().decode("utf-8", "replace"))
    starts = [ln for ln in lines if "NP21" in ln]
    ends = [ln for ln in lines if "NP23" in ln]
    # one pool per child, and the test configuration has at most 2 children
    assert 1 <= len(starts) <= 2, "\n".join(lines[:20])
    assert len(ends) == len(starts), "\n".join(lines[:20])
    assert sum(int(re.search(r"; (\d+) requests were answered 503", ln).group(1)) for ln in ends) == len(statuses), ends
    assert len(lines) == len(starts) + len(ends), "\n".join(lines[:20])


def _outage_requests(port, path, n):
    """n GETs of path, 4 at a time, counted by ab (apache2-utils, which apache2 depends on); httpd closes
    the connection after a 503, so each has its own."""
    p = subprocess.run(["ab", "-q", "-n", str(n), "-c", "4", "-s", "30", f"http://127.0.0.1:{port}{path}"],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stdout + p.stderr
    done = int(re.search(r"Complete requests:\s+(\d+)", p.stdout).group(1))
    non2xx = re.search(r"Non-2xx responses:\s+(\d+)", p.stdout)
    assert done == n and non2xx and int(non2xx.group(1)) == n, f"not every answer was a 503:\n{p.stdout}"


def _child_rss_kb(parent):
    kids = []
    for st in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = st.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            kids.append(int(st.parent.name))
    assert len(kids) == 1, f"expected one httpd child, found {kids}"
    for line in (pathlib.Path("/proc") / str(kids[0]) / "status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return kids[0], int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_memory_stays_flat_while_the_database_is_down(stack):
    # A failed connect allocated from the child's long-lived pool: ~210 bytes a request, for ever.
    # A single-child httpd of its own, whose database socket does not exist (an outage without
    # stopping the shared PostgreSQL); its child's RSS across 100,000 requests with a token.
    port = free_port()
    base = stack.base / f"httpd-one-child-{port}"  # www-data reaches the stack's folder
    env = stack.env(NP_HTTP_PORT=str(port), NP_SERVER_LIMIT="1", NP_LOGLEVEL="warn")
    run_common("np_httpd_write_conf", base, stack.base / "no-database-here", env=env)
    run_common("np_httpd_start", base, "127.0.0.1", port, env=env)
    try:
        path = f"/provisioning/{'a1' * 20}/001565000001.cfg"
        _outage_requests(port, path, 20000)  # the child's pools and caches reach their working size
        parent = int((base / "httpd.pid").read_text())
        child, before = _child_rss_kb(parent)
        _outage_requests(port, path, 100000)
        child_after, after = _child_rss_kb(parent)
        assert child_after == child, "the child was replaced: the measure means nothing"
        assert after - before < 2048, f"the child grew by {after - before} kB over 100,000 requests"
    finally:
        run_common("np_httpd_stop", base, env=env, check=False)
        shutil.rmtree(base, ignore_errors=True)
