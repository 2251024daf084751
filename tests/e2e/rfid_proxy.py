"""A TCP relay between the edge and the simulated reader that a test can cut, like a reader
losing its network: both sockets of every relayed connection are closed at once (no LLRP
goodbye), and new connections are relayed again right away."""

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress


class CuttableRelay:
    """Relays ``127.0.0.1:port`` to ``127.0.0.1:upstream_port`` on background threads."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self.cuts = 0
        self._closed = False

    def start(self) -> None:
        """Accept and relay until ``close``."""
        threading.Thread(target=self._accept, name="relay-accept", daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
            except OSError:
                client.close()  # the reader is not up yet: the edge retries
                continue
            upstream.settimeout(None)
            with self._lock:
                self._open += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(
                    target=self._pump, args=(source, target), name="relay-pump", daemon=True
                ).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        with suppress(OSError):
            while chunk := source.recv(65536):
                target.sendall(chunk)
        for sock in (source, target):
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def cut(self) -> None:
        """Drop every relayed connection now."""
        with self._lock:
            victims, self._open = self._open, []
        for sock in victims:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.cuts += 1

    def close(self) -> None:
        """Stop accepting and drop everything."""
        self._listener.close()
        self.cut()


@contextmanager
def relay(upstream_port: int) -> Iterator[CuttableRelay]:
    """A running relay to ``upstream_port`` for the duration of the block."""
    proxy = CuttableRelay(upstream_port)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.close()
