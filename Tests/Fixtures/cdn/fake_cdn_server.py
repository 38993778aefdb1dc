#!/usr/bin/env python3
"""A loopback HTTP server for the fake CDN that make_fake_cdn.py builds (tests only).

    fake_cdn_server.py ROOT --port-file F [--log F] [--drop-once URLPATH] [--corrupt URLPATH] [--lifetime S]

- Binds 127.0.0.1 on a free port and writes the port to --port-file once it listens.
- Serves ROOT; in .json and .vsman files @BASE@ becomes http://127.0.0.1:PORT.
- /channel answers with a redirect to /channel.json, as aka.ms does to the CDN.
- HTTP Range requests (`bytes=N-` and `bytes=N-M`) answer 206 with Content-Range, or 416.
- --drop-once PATH: the first GET of PATH sends its headers and half its body, then drops the connection.
- --corrupt PATH: PATH is served with every byte of its second half inverted (same length).
- Each request is logged to --log as `METHOD PATH RANGE STATUS`.
- Stops by itself after --lifetime seconds (default 900), or with --stop-on-stdin-close when its input closes.
"""
import argparse, http.server, os, socket, sys, threading

parser = argparse.ArgumentParser()
parser.add_argument("root")
parser.add_argument("--port-file", required=True)
parser.add_argument("--log")
parser.add_argument("--drop-once", action="append", default=[])
parser.add_argument("--corrupt", action="append", default=[])
parser.add_argument("--lifetime", type=float, default=900)
parser.add_argument("--stop-on-stdin-close", action="store_true")
args = parser.parse_args()
args.root = os.path.abspath(args.root)

dropped = set()
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def record(self, status):
        if args.log:
            with lock, open(args.log, "a") as f:
                f.write(f"{self.command} {self.path} {self.headers.get('Range', '-')} {status}\n")

    def body(self):
        path = self.path.split("?", 1)[0]
        if path == "/channel":
            return None, path
        local = os.path.normpath(os.path.join(args.root, path.lstrip("/").replace("%20", " ")))
        if not local.startswith(os.path.abspath(args.root)) or not os.path.isfile(local):
            return b"", path
        with open(local, "rb") as f:
            data = f.read()
        if local.endswith((".json", ".vsman")):
            data = data.replace(b"@BASE@", f"http://127.0.0.1:{self.server.server_port}".encode())
        if path in args.corrupt:
            half = len(data) // 2
            data = data[:half] + bytes(b ^ 0xFF for b in data[half:])
        return data, path

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head=False):
        data, path = self.body()
        if data is None:
            self.send_response(302)
            self.send_header("Location", "/channel.json")
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.record(302)
            return
        if data == b"" and not os.path.isfile(os.path.join(args.root, path.lstrip("/"))):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.record(404)
            return
        start, end, status = 0, len(data) - 1, 200
        spec = self.headers.get("Range")
        if spec and spec.startswith("bytes="):
            first, _, last = spec[6:].partition("-")
            start = int(first) if first else 0
            end = int(last) if last else len(data) - 1
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                self.record(416)
                return
            status = 206
        chunk = data[start:end + 1]
        self.send_response(status)
        self.send_header("Content-Length", str(len(chunk)))
        self.send_header("Accept-Ranges", "bytes")
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.end_headers()
        if head:
            self.record(status)
            return
        with lock:
            drop = path in args.drop_once and path not in dropped and len(chunk) > 1
            if drop:
                dropped.add(path)
        if drop:
            self.wfile.write(chunk[: len(chunk) // 2])
            self.wfile.flush()
            self.record("dropped")
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.wfile.write(chunk)
        self.record(status)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(server.server_port))
os.replace(args.port_file + ".tmp", args.port_file)


def stop_when_stdin_closes():
    try:
        while sys.stdin.read(1):
            pass
    except Exception:
        pass
    server.shutdown()


if args.stop_on_stdin_close:
    threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
threading.Timer(args.lifetime, server.shutdown).start()
server.serve_forever()
