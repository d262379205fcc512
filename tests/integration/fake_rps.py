"""Fake vendor redirect services for the RPS tests: Python stdlib only, on 127.0.0.1.

Each fake speaks one documented protocol (docs: vendors.md section 3, nethvoice-tancredi.md
section 5), keeps the state a real service would (which MAC points where, which MACs belong to
another account) and records every request it gets: method, path, headers, body, the Basic-auth
credentials, and for XML-RPC the method name and parameters as xmlrpc.client decodes them.
"""

import base64
import hashlib
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
                elif req.auth != fake.expected_auth():
                    status, ctype, out = 401, "text/plain", b"Unauthorized"
                else:
                    status, ctype, out = fake.handle(req)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(out)))
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
