"""Serve the application with uvicorn, with the time limits a public server needs.

uvicorn times out idle keep-alive connections but not a client that sends its request slowly. The
h11 protocol here gives every request ``request_read_timeout`` seconds from the connection (or the
previous response) to the end of its headers, answering ``408`` and closing otherwise; the body is
timed by the routes that read one. A client that stops reading its answer for that long is cut off.

``python -m api.server --port 0 --port-file F`` serves an already loaded store (settings from the
``SOILKG_*`` environment) on a free port of 127.0.0.1 and writes the port to ``F``: the tests and
benchmarks start the real server this way, as a separate process.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import socket
from pathlib import Path

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from api.app import create_app
from api.settings import Settings

log = logging.getLogger(__name__)
TIMED_OUT = b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain\r\nconnection: close\r\ncontent-length: 44\r\n\r\n" \
            b"the request did not arrive in time: goodbye\n"


class TimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request's headers and for a stalled reader."""

    read_timeout = 15.0

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._cycle_seen = None
        self._stalled = None
        self._deadline = self.loop.call_later(self.read_timeout, self._headers_late)

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and self.cycle is not self._cycle_seen:
            self._cycle_seen = self.cycle
            self._deadline.cancel()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._deadline.cancel()
            self._deadline = self.loop.call_later(self.read_timeout, self._headers_late)

    def connection_lost(self, exc) -> None:
        self._deadline.cancel()
        if self._stalled is not None:
            self._stalled.cancel()
        super().connection_lost(exc)

    def _headers_late(self) -> None:
        if self.transport.is_closing() or (self.cycle is not None and not self.cycle.response_complete):
            return
        log.info("closing a connection from %s: no complete request within %.0f s", self.client, self.read_timeout)
        self.transport.write(TIMED_OUT)
        self.transport.close()

    def pause_writing(self) -> None:
        super().pause_writing()
        self._stalled = self.loop.call_later(self.read_timeout, self.transport.abort)

    def resume_writing(self) -> None:
        super().resume_writing()
        if self._stalled is not None:
            self._stalled.cancel()
            self._stalled = None


def config(settings: Settings, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info") -> uvicorn.Config:
    """The uvicorn configuration of the service over ``settings``."""
    protocol = type("TimedH11Protocol", (TimedH11Protocol,), {"read_timeout": settings.request_read_timeout})
    return uvicorn.Config(create_app(settings), host=host, port=port, log_level=log_level, http=protocol,
                          h11_max_incomplete_event_size=settings.max_query_bytes * 4, timeout_keep_alive=5)


def serve(settings: Settings, host: str, port: int) -> None:
    """Serve until interrupted."""
    uvicorn.Server(config(settings, host, port)).run()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m api.server", description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", type=Path, help="write the port here once listening")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    server = uvicorn.Server(config(Settings(), args.host, sock.getsockname()[1], log_level="warning"))

    async def run() -> None:
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started and not task.done():
            await asyncio.sleep(0.05)
        if args.port_file and server.started:
            args.port_file.write_text(str(sock.getsockname()[1]), encoding="utf-8")
        await task

    asyncio.run(run())


if __name__ == "__main__":
    main()
