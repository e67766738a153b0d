# rawhttp.py: a hand-written HTTP/1.1 client over one TCP socket, for the e2e tests that need
# control over the bytes (kept-alive connections, duplicate headers, trickled requests, HEAD)
# and a look at the server side of a connection in /proc/net/tcp. Not a test script itself.
#
# Provides:
#   - Raw(port): one connection; send(bytes), request(method, body, headers) builds a request,
#     response(head=False) reads one response (status, {lower-case name: [values]}, body),
#     closed_by_server(timeout) tells whether the server closed it (EOF or reset);
#   - server_read_all(sock, timeout): waits until the server has read every byte we sent on
#     sock (its receive queue in /proc/net/tcp is empty);
#   - proc_cpu_seconds(pid): user + system CPU time of a process.
# Every wait here is bounded in time; only 127.0.0.1 is used.

import json
import os
import socket
import time

API_PATH = "/api_jsonrpc.php"


class Raw:
    """One client connection; the server keeps it alive unless it says otherwise."""

    def __init__(self, port, timeout=60.0):
        self.port = port
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send(self, data):
        self.sock.sendall(data)

    @staticmethod
    def build(method, body=b"", headers=None, path=API_PATH, length=True):
        """Request bytes; headers is a list of (name, value) sent in order (repeats allowed)."""
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        hs = [("Host", "127.0.0.1")]
        if headers is None:
            hs.append(("Content-Type", "application/json-rpc"))
        else:
            hs += list(headers)
        if length:
            hs.append(("Content-Length", str(len(body))))
        head = "%s %s HTTP/1.1\r\n" % (method, path)
        head += "".join("%s: %s\r\n" % (k, v) for k, v in hs)
        return head.encode("latin-1") + b"\r\n" + body

    def request(self, method, body=b"", headers=None, path=API_PATH):
        self.send(self.build(method, body, headers, path))

    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise EOFError("connection closed by the server")
        self.buf += data

    def response(self, head=False):
        """One response: (status, headers, body). head=True: a reply to HEAD (no body)."""
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        raw, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = raw.decode("latin-1").split("\r\n")
        if not lines[0].startswith("HTTP/1."):
            raise AssertionError("not an HTTP status line (bytes of an earlier body?): %r"
                                 % lines[0][:100])
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            k, v = line.split(":", 1)
            headers.setdefault(k.strip().lower(), []).append(v.strip())
        n = 0 if head else int(headers.get("content-length", ["0"])[0])
        while len(self.buf) < n:
            self._fill()
        body, self.buf = self.buf[:n], self.buf[n:]
        return status, headers, body

    def closed_by_server(self, timeout):
        """True if the server closes the connection (EOF or reset) within timeout seconds;
        any bytes that arrive meanwhile are kept in self.buf."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                return False
            except (ConnectionResetError, BrokenPipeError):
                return True
            if not data:
                return True
            self.buf += data


def _tcp_rows():
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            yield line.split()


def server_read_all(sock, timeout=10.0):
    """Wait until the server side of our connection has no unread bytes (its rx_queue in
    /proc/net/tcp is 0): the server has read what we sent. Returns True, or False at timeout."""
    lport = sock.getsockname()[1]
    rport = sock.getpeername()[1]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for parts in _tcp_rows():
            loc, rem = parts[1], parts[2]
            if int(loc.split(":")[1], 16) == rport and int(rem.split(":")[1], 16) == lport:
                if int(parts[4].split(":")[1], 16) == 0:
                    return True
                break
        time.sleep(0.002)
    return False


def proc_cpu_seconds(pid):
    """User + system CPU seconds used so far by process pid (from /proc/PID/stat)."""
    with open("/proc/%d/stat" % pid) as f:
        st = f.read()
    rest = st[st.rfind(")") + 2:].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(rest[11]) + int(rest[12])) / ticks
