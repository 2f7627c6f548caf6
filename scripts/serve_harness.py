"""Starts and stops `epof serve` on 127.0.0.1 with a free port, for the checks and benchmarks.

The server is this process's child in its own process group; it is killed when the `with`
block ends, on an exception, and at interpreter exit, so no server outlives the check.
"""
import atexit
import os
import re
import signal
import subprocess
import threading
import time
import urllib.request


class Server:
    def __init__(self, epof, *args, cwd=None):
        self.cmd = [epof, "serve", "--host", "127.0.0.1", "--port", "0", *args]
        self.cwd = cwd
        self.proc = None
        self.port = None
        self.stderr_lines = []

    def __enter__(self):
        self.proc = subprocess.Popen(self.cmd, cwd=self.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, start_new_session=True)
        atexit.register(self.kill)
        ready = threading.Event()

        def read():
            for line in self.proc.stderr:
                self.stderr_lines.append(line)
                m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
                if m:
                    self.port = int(m.group(1))
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(120) or self.port is None:
            self.kill()
            raise RuntimeError("epof serve did not start:\n" + "".join(self.stderr_lines))
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=5) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.kill()
        raise RuntimeError("epof serve never answered /healthz")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def terminate(self, timeout=60):
        """SIGTERM, then wait: returns the exit status."""
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()

    def __exit__(self, *exc):
        self.kill()
        return False
