"""Every refused request looks the same: 404 with one body, whatever was wrong, and changes nothing."""

import time

import pytest

WRONG_TOKEN = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def two_phones(make_phone):
    return make_phone(), make_phone()


def reference_404(stack, phone):
    r = phone.get(WRONG_TOKEN)
    assert r.status == 404, r
    assert r.body, "the 404 has no body to compare with"
    return r


def cases(a, b):
    """(description, path) of requests that must all be refused the same way."""
    t = a.tok1
    long_name = "a" * 296 + ".cfg"
    return [
        ("right token, another phone's MAC", f"/provisioning/{a.tok1}/{b.filename}"),
        ("right tok2, another phone's MAC", f"/provisioning/{a.tok2}/{b.filename}"),
        ("another phone's token", f"/provisioning/{b.tok1}/{a.filename}"),
        ("another phone's tok2", f"/provisioning/{b.tok2}/{a.filename}"),
        ("token in upper case", f"/provisioning/{t.upper()}/{a.filename}"),
        ("token with a dash", f"/provisioning/{t[:20]}-{t[21:]}/{a.filename}"),
        ("token too short", f"/provisioning/{t[:10]}/{a.filename}"),
        ("token over-long (65)", f"/provisioning/{t}{t[:25]}/{a.filename}"),
        ("token over-long (300)", f"/provisioning/{'a' * 300}/{a.filename}"),
        ("token with a dot", f"/provisioning/{t[:39]}./{a.filename}"),
        ("traversal ..", f"/provisioning/{t}/../{a.filename}"),
        ("traversal %2e%2e", f"/provisioning/{t}/%2e%2e/{a.filename}"),
        ("traversal %2E%2E%2F", f"/provisioning/{t}/%2E%2E%2F{a.filename}"),
        ("encoded slash", f"/provisioning/{t}%2F{a.filename}"),
        ("encoded slash in the file name", f"/provisioning/{t}/..%2f{a.filename}"),
        ("traversal to /etc/passwd", f"/provisioning/{t}/..%2f..%2f..%2f..%2fetc%2fpasswd"),
        ("extra path segment", f"/provisioning/{t}/x/{a.filename}"),
        ("file name over-long (300)", f"/provisioning/{t}/{long_name}"),
        # longer than a path may be (APR_PATH_MAX, 4096): httpd's core could not map it to a file, and said
        # so in the error log with the request line
        ("file name over-long (4200)", f"/provisioning/{t}/{'a' * 4200}.cfg"),
        ("unknown file name", f"/provisioning/{t}/unknown.cfg"),
        ("MAC too short", f"/provisioning/{t}/{a.plain[:11]}.cfg"),
        ("no file name", f"/provisioning/{t}/"),
        ("no token", f"/provisioning/{a.filename}"),
        ("nothing", "/provisioning/"),
    ]


def test_all_refusals_are_the_same_404(stack, two_phones):
    a, b = two_phones
    ref = reference_404(stack, a)
    failures = []
    for what, path in cases(a, b):
        r = stack.request("GET", path, ua=a.ua)
        if r.status != 404:
            failures.append(f"{what}: {path[:120]} -> {r.status} (expected 404)")
        elif r.body != ref.body:
            failures.append(f"{what}: {path[:120]} -> 404 with a different body: {r.body[:200]!r}"
                            f" (reference {ref.body[:200]!r})")
    assert not failures, "\n".join(failures)


def test_404_reveals_nothing(stack, two_phones):
    a, _ = two_phones
    ref = reference_404(stack, a)
    for secret in (a.tok1, a.tok2, a.plain, WRONG_TOKEN):
        assert secret.encode() not in ref.body
    assert ref.header("ETag") is None


def test_refusals_change_nothing(stack, two_phones):
    a, b = two_phones
    before = (a.tokens(), b.tokens())
    for _, path in cases(a, b):
        stack.request("GET", path, ua=a.ua)
    after = (a.tokens(), b.tokens())
    assert before == after, "a refused request changed a phone's tokens (tok1 retired by another phone's tok2?)"
    # and both phones still work with tok1
    assert a.get(a.tok1).status == 200
    assert b.get(b.tok1).status == 200


def test_web_server_role_reads_no_table(stack, demo_phone):
    """httpd connects as nethprov_web, which can call provision_lookup but read no table."""
    import psycopg2
    import psycopg2.errors

    conf = (stack.httpdbase / "httpd.conf").read_text()
    assert "user=nethprov_web" in conf
    conn = psycopg2.connect(host=str(stack.pgbase / "sock"), dbname="nethprov", user="nethprov_web")
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            for table in ("devices", "phones", "settings_default", "settings_phone", "users"):
                with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                    cur.execute(f"SELECT * FROM nethprov.{table}")
            tok1, _ = demo_phone.tokens()
            assert tok1, "the demo phone's tok1 was used up by another test"
            cur.execute("SELECT count(*) FROM nethprov.provision_lookup(%s, %s)", (tok1, demo_phone.plain))
            assert cur.fetchone()[0] > 0
    finally:
        conn.close()
    # and the module, connected as that role, serves the phone
    assert demo_phone.get(demo_phone.tok1).status == 200


def _log_sizes(stack):
    logs = [stack.error_log, stack.httpdbase / "logs" / "access_log", stack.pgbase / "postgres.log"]
    return {f: f.stat().st_size for f in logs}


def _chunks(token):
    """Pieces of a token long enough to identify it: the refusals cut, extend and change case."""
    t = token.lower()
    return {t[i:i + 16] for i in (0, 12, 24)}


def test_refusals_log_no_token(stack, two_phones):
    """No log (httpd's error and access logs, PostgreSQL's) names a token for any refused request:
    httpd's core logged "Cannot map GET /provisioning/<token>/... to file" for an over-long name."""
    a, b = two_phones
    before = _log_sizes(stack)
    for _, path in cases(a, b):
        stack.request("GET", path, ua=a.ua)
    # the access log is written once the answer has gone: wait for a last request to be logged
    marker = f"/provisioning/{WRONG_TOKEN}/zz{int(time.monotonic() * 1e6)}.cfg"
    stack.request("GET", marker, ua=a.ua)
    access = stack.httpdbase / "logs" / "access_log"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with open(access, "rb") as f:
            f.seek(before[access])
            if f.read().count(b"\n") >= len(cases(a, b)) + 1:
                break
        time.sleep(0.05)
    secrets = set().union(*(_chunks(t) for t in (a.tok1, a.tok2, b.tok1, b.tok2)))
    leaks = []
    for f, offset in before.items():
        with open(f, "rb") as fh:
            fh.seek(offset)
            for line in fh.read().decode("utf-8", "replace").splitlines():
                if any(s in line.lower() for s in secrets):
                    leaks.append(f"{f.name}: {line[:300]}")
    assert not leaks, "tokens in the logs:\n" + "\n".join(leaks[:10])
