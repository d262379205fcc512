"""HTTP semantics: ETag and If-None-Match, HEAD, stable output."""


def test_if_none_match_gives_304(stack, make_phone):
    p = make_phone()
    r = p.get(p.tok1)
    assert r.status == 200
    etag = r.header("ETag")
    assert etag
    r304 = p.get(p.tok1, headers={"If-None-Match": etag})
    assert r304.status == 304, r304
    assert r304.body == b""
    assert r304.header("ETag") == etag


def test_if_none_match_other_etag_gives_200(stack, make_phone):
    p = make_phone()
    r = p.get(p.tok1, headers={"If-None-Match": '"not-the-etag"'})
    assert r.status == 200, r
    assert r.body.startswith(b"#!version:1.0.0.1")


def test_head(stack, make_phone):
    p = make_phone()
    g = p.get(p.tok1)
    h = stack.request("HEAD", p.path(p.tok1), ua=p.ua)
    assert h.status == 200, h
    assert h.body == b""
    assert h.header("Content-Type") == g.header("Content-Type")
    assert h.header("ETag") == g.header("ETag")
    if h.header("Content-Length") is not None:
        assert h.header("Content-Length") == str(len(g.body))


def test_unchanged_data_gives_identical_bodies(stack, make_phone):
    p = make_phone()
    r1 = p.get(p.tok1)
    r2 = p.get(p.tok1)
    assert r1.status == r2.status == 200
    assert r1.body == r2.body
    assert r1.header("ETag") == r2.header("ETag")


def test_many_sequential_requests(stack, make_phone):
    # exercises the connection handling of the module across requests and threads
    p = make_phone()
    first = p.get(p.tok1).body
    for _ in range(50):
        r = p.get(p.tok1)
        assert r.status == 200
        assert r.body == first


def test_concurrent_requests(stack, make_phone):
    # 8 clients at once, 25 requests each, over several phones: every answer complete and right
    from concurrent.futures import ThreadPoolExecutor

    phones = [make_phone() for _ in range(4)]
    expected = {p.mac: p.get(p.tok1).body for p in phones}

    def client(i):
        p = phones[i % len(phones)]
        bad = []
        for _ in range(25):
            r = p.get(p.tok1)
            if r.status != 200 or r.body != expected[p.mac]:
                bad.append((p.mac, r.status, len(r.body)))
        return bad

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(client, range(8)))
    bad = [b for res in results for b in res]
    assert not bad, bad[:10]


def test_trace_is_refused(stack, make_phone):
    # TRACE would echo the request line, and with it the phone's token (httpd's default TraceEnable On)
    p = make_phone()
    r = stack.request("TRACE", p.path(p.tok1), ua=p.ua)
    assert r.status == 405, r
    assert p.tok1.encode() not in r.body


def test_405_allows_get_and_head(stack, make_phone):
    p = make_phone()
    for method in ("POST", "PUT", "DELETE", "OPTIONS"):
        r = stack.request(method, p.path(p.tok1), ua=p.ua)
        assert r.status == 405, (method, r)
        allow = r.headers.get_all("Allow") or []
        assert len(allow) == 1, (method, allow)
        assert sorted(m.strip() for m in allow[0].split(",")) == ["GET", "HEAD"], (method, allow)


def test_etag_does_not_follow_a_user_agent_no_template_reads(stack, make_phone):
    # No Yealink template reads user_agent: a phone whose new firmware sends a new User-Agent
    # gets the same bytes, so it must get the same ETag and its 304, not download its config again
    p = make_phone()
    old = p.get(p.tok1, ua="Yealink SIP-T46U 108.86.0.20 " + p.mac)
    new = p.get(p.tok1, ua="Yealink SIP-T46U 108.86.0.45 " + p.mac)
    assert old.status == new.status == 200
    assert old.body == new.body
    assert old.header("ETag") == new.header("ETag")
    r = p.get(p.tok1, ua="Yealink SIP-T46U 108.86.0.70 " + p.mac, headers={"If-None-Match": old.header("ETag")})
    assert r.status == 304, r
