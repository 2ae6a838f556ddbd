"""The county server's HTTP connections: uvicorn's, with a deadline for each request's headers.

uvicorn times out a connection only while it sits idle between two requests (``timeout_keep_alive``). A connection
that sends nothing at all, or sends its headers a byte at a time, is held open for as long as the other side
likes: enough of them (a broken client retrying, a scanner on the county network, someone who means harm) and
the server has no sockets left for its stations. Here every request's line and headers must have arrived within
`HEADER_TIMEOUT_S` of the connection opening, or of the previous response; otherwise the connection is closed and
the clerk's console says so. A body that stalls is the application's concern (`sync.server`, 408).

Needs the ``server`` extra (uvicorn, and h11, which uvicorn uses when httptools is not installed; it is not, in
the installer or the extra).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

#: How long a station may take to send one request's line and headers (well under a kilobyte). A station on a bad
#: mobile connection sends them in one or two packets, seconds apart at worst.
HEADER_TIMEOUT_S = 30.0

log = logging.getLogger("anju.server")


class HeaderDeadline(H11Protocol):
    """An HTTP/1.1 connection closed when a request's headers do not all arrive within ``header_timeout``."""

    header_timeout = HEADER_TIMEOUT_S

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if not self._between_requests():  # the headers are in: the request is the application's now
            self._disarm()

    def on_response_complete(self) -> None:
        # The next request's headers are on the clock from here, not from their first bytes: those may have come
        # (pipelined, or sent as soon as the response's head was read) while this response was still being written,
        # when they were not yet the next request's.
        super().on_response_complete()
        if not self.transport.is_closing() and self._between_requests():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _between_requests(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        client = f"{self.client[0]}:{self.client[1]}" if self.client else "?"
        log.warning(
            "连接 %s 在 %g 秒内没有发来完整的请求，已断开 / dropped %s: no complete request within %g seconds",
            client,
            self.header_timeout,
            client,
            self.header_timeout,
        )
        self.transport.close()


def with_header_timeout(seconds: float) -> type[HeaderDeadline]:
    """`HeaderDeadline` with another deadline (tests, and a county that wants a different one)."""
    return type("HeaderDeadline", (HeaderDeadline,), {"header_timeout": seconds})
