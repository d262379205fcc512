"""Fake vendor redirect services for the RPS tests: Python stdlib only, on 127.0.0.1.

Each fake speaks one documented protocol (docs: vendors.md section 3, nethvoice-tancredi.md
section 5), keeps the state a real service would (which MAC points where, which MACs belong to
another account) and records every request it gets: method, path, headers, body, the Basic-auth
credentials, and for XML-RPC the method name and parameters as xmlrpc.client decodes them.
"""

import base64
import hashlib
import hmac
import http.server
import json
import re
import socket
import threading
import time
import xmlrpc.client


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def md5md5(password):
    return hashlib.md5(hashlib.md5(password.encode()).hexdigest().encode()).hexdigest()


class Request:
    def __init__(self, method, path, headers, body):
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.auth = None
        h = headers.get("Authorization", "")
        if h.startswith("Basic "):
            user, _, pw = base64.b64decode(h[6:]).decode().partition(":")
            self.auth = (user, pw)
        self.xml_method = None
        self.params = None

    def __repr__(self):
        return f"<{self.method} {self.path} {self.xml_method} {self.params}>"


class FakeServer:
    """An HTTP server in a thread; subclasses answer in handle(req) -> (status, content_type, body)."""

    def __init__(self, user="acct", password="s3cret-pw"):
        self.user = user
        self.password = password
        self.requests = []
        self.delay = 0.0  # seconds to sleep before answering (timeouts)
        self.fail_next = []  # statuses to answer instead, one per request (transient failures)
        self.lock = threading.Lock()
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def _any(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                req = Request(self.command, self.path, dict(self.headers), body)
                with fake.lock:
                    fake.requests.append(req)
                    forced = fake.fail_next.pop(0) if fake.fail_next else None
                if fake.delay:
                    time.sleep(fake.delay)
                if forced:
                    status, ctype, out = forced, "text/plain", b"busy"
                elif not fake.authorized(req):
                    status, ctype, out = fake.unauthorized(req)
                else:
                    status, ctype, out = fake.handle(req)
                extra = {}
                if isinstance(out, tuple):
                    out, extra = out
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(out)))
                    for k, v in extra.items():
                        self.send_header(k, v)
                    if status == 401:
                        self.send_header("WWW-Authenticate", 'Basic realm="rps"')
                    self.end_headers()
                    self.wfile.write(out)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_POST = do_PUT = do_GET = do_DELETE = _any

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def expected_auth(self):
        return (self.user, self.password)

    def authorized(self, req):
        return req.auth == self.expected_auth()

    def unauthorized(self, req):
        return 401, "text/plain", b"Unauthorized"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}{self.path}"

    path = "/"

    def calls(self, method=None):
        return [r for r in self.requests if method is None or r.xml_method == method]

    def clear(self):
        with self.lock:
            self.requests.clear()


class FakeXmlRpc(FakeServer):
    """XML-RPC: methods are this object's attributes named rpc_<method with dots as _>."""

    def handle(self, req):
        try:
            params, method = xmlrpc.client.loads(req.body)
        except Exception as e:  # noqa: BLE001 - a malformed call is answered like a server would
            return 400, "text/plain", f"bad XML-RPC call: {e}".encode()
        req.xml_method, req.params = method, params
        if req.headers.get("Content-Type", "").split(";")[0] != "text/xml":
            return 400, "text/plain", b"expected text/xml"
        fn = getattr(self, "rpc_" + method.replace(".", "_"), None)
        if fn is None:
            out = xmlrpc.client.dumps(xmlrpc.client.Fault(-32601, f"method {method} not found"), methodresponse=True)
        else:
            try:
                out = xmlrpc.client.dumps((fn(*params),), methodresponse=True)
            except TypeError as e:
                out = xmlrpc.client.dumps(xmlrpc.client.Fault(-32602, f"bad parameters: {e}"), methodresponse=True)
        return 200, "text/xml", out.encode()


URL_OK = re.compile(r"^(https?|ftp|tftp)://")


class FakeYealink(FakeXmlRpc):
    """Yealink RPS: redirect.registerDeviceWithUniqueUrl / deRegisterDevice / checkDevice; MAC AA-BB-CC-DD-EE-FF."""

    path = "/xmlrpc"

    def __init__(self, **kw):
        super().__init__(**kw)
        self.devices = {}  # MAC -> (server name, url)
        self.owned = set()  # MACs another account holds

    def rpc_redirect_registerDeviceWithUniqueUrl(self, mac, server, url, override):
        if not re.fullmatch(r"([0-9A-F]{2}-){5}[0-9A-F]{2}", mac):
            return [False, "Error:Invalid MAC format"]
        if not URL_OK.match(url):
            return [False, "Error:The url can only begin with 'http://' or 'https://' or 'ftp://' or 'tftp://'"]
        if mac in self.owned:
            return [False, "Error:a1b2c3d4e5"]
        if mac in self.devices and override != "1":
            return [False, "Error:device exists"]
        self.devices[mac] = (server, url)
        return [True, "OK"]

    def rpc_redirect_deRegisterDevice(self, mac):
        if mac in self.owned:
            return [False, "Error:a1b2c3d4e5"]
        if self.devices.pop(mac, None) is None:
            return [False, "Error:device not exist"]
        return [True, "OK"]

    def rpc_redirect_checkDevice(self, mac):
        return [True, "OK"] if mac in self.devices else [False, "Error:device not exist"]


class FakeSnom(FakeXmlRpc):
    """Snom: redirect.registerPhone(MAC, url) / deregisterPhone / getPhoneRedirection; MAC 12 upper hex."""

    path = "/xmlrpc/"

    def __init__(self, **kw):
        super().__init__(**kw)
        self.devices = {}
        self.owned = set()

    def rpc_redirect_registerPhone(self, mac, url):
        if not re.fullmatch(r"[0-9A-F]{12}", mac):
            return [False, "Error:malformed_mac"]
        if not URL_OK.match(url):
            return [False, "Error:malformed_url"]
        if mac in self.owned:
            return [False, "Error:owned_by_other_user"]
        self.devices[mac] = url
        return [True, "OK"]

    def rpc_redirect_deregisterPhone(self, mac):
        if mac in self.owned:
            return [False, "Error:owned_by_other_user"]
        self.devices.pop(mac, None)
        return [True, "OK"]

    def rpc_redirect_getPhoneRedirection(self, mac):
        return [True, self.devices[mac]] if mac in self.devices else [False, "Error:no_redirection"]


class FakeFanvil(FakeXmlRpc):
    """Fanvil FDPS: Basic auth with md5(md5(password)); deleteServer, addMaterialServer, deRegisterDevice,
    registerDevice."""

    path = "/xmlrpc.php"

    def __init__(self, **kw):
        super().__init__(**kw)
        self.servers = {}  # name -> {cfgKey: value}
        self.devices = {}  # MAC -> server name
        self.owned = set()

    def expected_auth(self):
        return (self.user, md5md5(self.password))

    def rpc_redirect_deleteServer(self, name):
        if self.servers.pop(name, None) is None:
            return [False, "Error:server_not_exist"]
        return [True, "OK"]

    def rpc_redirect_addMaterialServer(self, items):
        cfg = dict(i.split("=", 1) for i in items)
        if cfg.get("cfgPfProt") not in ("1", "2", "4", "5") or not cfg.get("cfgPfSrv"):
            return [False, "Error: url_format_error"]
        self.servers[cfg["cfgName"]] = cfg
        return [True, "OK"]

    def rpc_redirect_deRegisterDevice(self, mac):
        if self.devices.pop(mac, None) is None:
            return [False, "Error: device_not_exist"]
        return [True, "OK"]

    def rpc_redirect_registerDevice(self, mac, server):
        if not re.fullmatch(r"[0-9A-F]{12}", mac):
            return [False, "Error: mac_format_error"]
        if mac in self.owned:
            return [False, "Error: device_had_existed"]
        if server not in self.servers:
            return [False, "Error: server_not_exist"]
        self.devices[mac] = server
        return [True, "OK"]


class FakeGigaset(FakeXmlRpc):
    """Gigaset redirect server: autoprov.registerDevice("MAC-CRC", url, provider) / deregisterDevice(MAC)."""

    path = "/apxml/rpc.do"

    def __init__(self, **kw):
        super().__init__(**kw)
        self.labels = {}  # MAC -> the check code printed on the device
        self.devices = {}
        self.owned = set()

    def rpc_autoprov_deregisterDevice(self, mac):
        if mac in self.owned:
            return [False, f"mac_already_in_use: {mac}"]
        if self.devices.pop(mac, None) is None:
            return [False, f"mac_not_registered: {mac}"]
        return [True, "OK"]

    def rpc_autoprov_registerDevice(self, macid, url, provider):
        mac, _, crc = macid.partition("-")
        if self.labels.get(mac) != crc:
            return [False, f"mac_not_exist: {macid}"]
        if mac in self.owned:
            return [False, f"mac_already_in_use: {mac}"]
        if not URL_OK.match(url):
            return [False, f"url_invalid: {url}"]
        self.devices[mac] = (url, provider)
        return [True, "OK"]


class FakeGateway(FakeServer):
    """Falconieri's API: PUT /providers/{provider}/{AA-BB-CC-DD-EE-FF}[?crc=] {"url": ...}."""

    PROVIDERS = ("yealink", "snom", "fanvil", "gigaset")

    def __init__(self, **kw):
        super().__init__(**kw)
        self.devices = {}  # (provider, MAC) -> url
        self.owned = set()

    def handle(self, req):
        def err(status, code):
            return status, "application/json", json.dumps({"error": code}).encode()

        m = re.fullmatch(r"/providers/([^/]+)/([^/?]+)(\?crc=(.*))?", req.path)
        if req.method != "PUT" or not m:
            return 404, "text/plain", b"not found"
        provider, mac, crc = m.group(1), m.group(2), m.group(4)
        if provider not in self.PROVIDERS:
            return err(404, "provider_not_supported")
        if not re.fullmatch(r"([A-Z0-9]{2}-){5}[A-Z0-9]{2}", mac):
            return err(400, "malformed_mac_address")
        try:
            url = json.loads(req.body)["url"]
        except (ValueError, KeyError):
            return err(400, "missing_url")
        if not URL_OK.match(url):
            return err(400, "unsupported_url_scheme")
        if provider == "gigaset" and not crc:
            return err(400, "missing_mac-id_crc")
        if mac in self.owned:
            return err(500, "device_owned_by_other_user")
        self.devices[(provider, mac)] = url
        return 200, "application/json", b""


def _json(status, obj, headers=None):
    body = b"" if obj is None else json.dumps(obj).encode()
    return status, "application/json", (body, headers or {})


class FakeYmcs(FakeServer):
    """Yealink YMCS v2: /v2/token (Basic client_id:secret, grant_type client_credentials), then Bearer calls;
    every request must carry a timestamp (ms, within 5 minutes) and a 32-hex nonce."""

    def __init__(self, **kw):
        super().__init__(**kw)
        self.tokens = set()
        self.devices = {}  # mac -> {"uniqueServerUrl": ..., "pin": ...}
        self.owned = set()
        self.nonces = set()

    def _fresh(self, req):
        ts, nonce = req.headers.get("timestamp", ""), req.headers.get("nonce", "")
        if not ts.isdigit() or abs(int(ts) / 1000 - time.time()) > 300:
            return False
        if not re.fullmatch(r"[0-9a-f]{32}", nonce) or nonce in self.nonces:
            return False
        self.nonces.add(nonce)
        return True

    def authorized(self, req):
        if not self._fresh(req):
            return False
        if req.path == "/v2/token":
            return req.auth == (self.user, self.password)
        h = req.headers.get("Authorization", "")
        return h.startswith("Bearer ") and h[7:] in self.tokens

    def unauthorized(self, req):
        return _json(401, {"code": 900401, "error": "unauthorized", "message": "not logged in"})

    def handle(self, req):
        if req.method != "POST" or req.headers.get("Content-Type", "").split(";")[0] != "application/json":
            return _json(400, {"code": 900400, "message": "expected a JSON POST"})
        body = json.loads(req.body)
        if req.path == "/v2/token":
            if body != {"grant_type": "client_credentials"}:
                return _json(400, {"code": 900400, "message": "bad grant"})
            tok = hashlib.sha1(str(time.time()).encode() + req.headers["nonce"].encode()).hexdigest()
            self.tokens.add(tok)
            return _json(200, {"access_token": tok, "token_type": "Bearer", "expires_in": 7200})
        if req.path == "/v2/rps/delDevices":
            assert body["deviceIdType"] == "mac"
            errors = [{"field": m, "msg": "device not found"} for m in body["deviceIds"] if m not in self.devices]
            for m in body["deviceIds"]:
                self.devices.pop(m, None)
            n = len(body["deviceIds"])
            return _json(200, {"total": n, "successCount": n - len(errors), "failureCount": len(errors),
                               "errors": errors})
        if req.path == "/v2/rps/addDevicesByMac":
            errors = []
            for d in body:
                if not re.fullmatch(r"[0-9a-f]{12}", d["mac"]):
                    errors.append({"mac": d["mac"], "sn": "", "errorInfo": "800001 invalid MAC"})
                elif d["mac"] in self.owned:
                    errors.append({"mac": d["mac"], "sn": "", "errorInfo": "800004 managed by another organization"})
                else:
                    self.devices[d["mac"]] = {"uniqueServerUrl": d.get("uniqueServerUrl"),
                                              "pin": str(100000 + len(self.devices))}
            return _json(200, {"total": len(body), "successCount": len(body) - len(errors),
                               "failureCount": len(errors), "errors": errors})
        if req.path == "/v2/rps/listDevicePins":
            return _json(200, [{"mac": m, "pin": self.devices[m]["pin"]} for m in body["macs"] if m in self.devices])
        if req.path == "/v2/rps/listDevices":
            m = body["filter"]["mac"]
            data = [{"id": "d" + m, "mac": m, **self.devices[m]}] if m in self.devices else []
            return _json(200, {"skip": 0, "limit": body["limit"], "total": len(data), "data": data})
        return _json(404, {"code": 900404, "message": "no such API"})


def hawk_mac(key, ts, nonce, method, uri, host, port, ctype, body):
    ph = base64.b64encode(hashlib.sha256(
        ("hawk.1.payload\n" + ctype.split(";")[0].strip().lower() + "\n").encode() + body + b"\n").digest()).decode()
    norm = f"hawk.1.header\n{ts}\n{nonce}\n{method}\n{uri}\n{host}\n{port}\n{ph}\n\n"
    return ph, base64.b64encode(hmac.new(key.encode(), norm.encode(), hashlib.sha256).digest()).decode()


class FakeSraps(FakeServer):
    """Snom SRAPS: Hawk-signed JSON under /api/v1/; settings (two pages, Link rel=next), tokens, company,
    endpoints."""

    path = "/api/v1/"
    SETTING_UUID = "5e1c0f0e-6a3f-4cfb-8e1b-1d2c3b4a5f60"

    def __init__(self, setting="setting_server", **kw):
        super().__init__(user="hawk-id-1", password="hawk-key-secret", **kw)
        self.setting = setting  # GRAPE, Gigaset's twin of SRAPS, calls it ProvisioningServer
        self.devices = {}
        self.owned = set()
        self.nonces = set()

    def authorized(self, req):
        h = req.headers.get("Authorization", "")
        if not h.startswith("Hawk "):
            return False
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', h))
        if attrs.get("id") != self.user or abs(int(attrs.get("ts", "0")) - time.time()) > 60:
            return False
        if attrs.get("nonce") in self.nonces:
            return False
        host, _, port = req.headers["Host"].partition(":")
        ph, mac = hawk_mac(self.password, attrs["ts"], attrs["nonce"], req.method, req.path, host.lower(), port or "80",
                           req.headers.get("Content-Type", ""), req.body)
        if attrs.get("hash") != ph or not hmac.compare_digest(attrs.get("mac", ""), mac):
            return False
        self.nonces.add(attrs["nonce"])
        req.hawk = attrs
        return True

    def unauthorized(self, req):
        return _json(401, {"detail": "Hawk authentication failed"})

    def handle(self, req):
        base = f"http://127.0.0.1:{self.port}/api/v1/"
        path = req.path
        if req.method == "GET" and path == "/api/v1/settings/?page_size=1000":
            return _json(200, [{"uuid": "1111", "param_name": "language"}, {"uuid": "2222", "param_name": "timezone"}],
                         {"Link": f'<{base}settings/?page=2&page_size=1000>; rel="next"'})
        if req.method == "GET" and path == "/api/v1/settings/?page=2&page_size=1000":
            return _json(200, [{"uuid": self.SETTING_UUID, "param_name": self.setting}])
        if req.method == "GET" and path == f"/api/v1/tokens/{self.user}":
            return _json(200, {"uuid": self.user, "links": {"company": "/api/v1/companies/c0ffee/"}})
        if req.method == "GET" and path == "/api/v1/companies/c0ffee/":
            return _json(200, {"uuid": "c0ffee", "links": {"endpoints": f"{base}companies/c0ffee/endpoints/"}})
        m = re.fullmatch(r"/api/v1/companies/c0ffee/endpoints/([0-9a-f]{12})", path)
        if not m:
            return _json(404, {"detail": "Not found."})
        mac = m.group(1)
        if req.method == "PUT":
            body = json.loads(req.body)
            if mac in self.owned:
                return _json(403, {"message": "taken_mac_or_forbidden"})
            if body.get("mac") != mac or body.get("autoprovisioning_enabled") is not True:
                return _json(400, {"message": "bad endpoint"})
            self.devices[mac] = body
            return _json(200, body)
        if req.method == "GET":
            return _json(200, self.devices[mac]) if mac in self.devices else _json(404, {"detail": "Not found."})
        if req.method == "DELETE":
            return _json(204, None) if self.devices.pop(mac, None) else _json(404, {"detail": "Not found."})
        return _json(405, {"detail": "method not allowed"})
