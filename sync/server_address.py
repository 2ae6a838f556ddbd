"""The county server's address as stations are given it: in their enrolment package, and again with each return
file once the county changes it (`PUBLISHED_SERVER_URL`), so that a server set up after the stations were enrolled,
or moved to another PC or address, reaches every station with its next USB exchange instead of a new enrolment.

Typed by a clerk, an address is read the way a browser would: ``10.1.2.3:8470`` means ``http://10.1.2.3:8470``.
The ServerClient (`sync.http_client`) reads it back the same way.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from .errors import SyncError
from .identity import PUBLISHED_PREFIX

#: The county's published setting that carries its server's address ("": no server, USB only).
PUBLISHED_SERVER_URL = PUBLISHED_PREFIX + "server_url"


def server_address(text: str) -> str:
    """``text`` as the address stations use (``http://HOST[:PORT]``), or SyncError saying what is wrong."""
    typed = text.strip()
    shown = typed or "（空）"
    address = typed if "://" in typed else f"http://{typed}"
    try:
        parts = urlsplit(address)
        port = parts.port
    except ValueError as exc:
        raise SyncError(
            f"服务器地址“{shown}”的端口不对。请写成 http://IP地址:端口，例如 http://192.168.1.20:8470。",
            f"The server address “{typed}” has an invalid port. Write it as http://IP:PORT, e.g. "
            "http://192.168.1.20:8470.",
        ) from exc
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise SyncError(
            f"“{shown}”不是服务器地址。请写成 http://IP地址:端口，例如 http://192.168.1.20:8470"
            "（就是 anju serve 启动时显示的地址；在县里电脑上它是 0.0.0.0 时，换成这台电脑在局域网里的 IP 地址）。",
            f"“{typed}” is not a server address. Write it as http://IP:PORT, e.g. http://192.168.1.20:8470 (the "
            "address anju serve shows when it starts; where it shows 0.0.0.0, use that PC's address on the network).",
        )
    if parts.hostname in ("0.0.0.0", "::"):
        raise SyncError(
            f"“{shown}”是县里电脑在所有网卡上监听的写法，工作站连不上它。请换成这台电脑在局域网里的 IP 地址"
            "（在县里电脑上运行 ipconfig 查看），例如 http://192.168.1.20:8470。",
            f"“{typed}” means “every address of the county PC”, which a station cannot connect to. Use that PC's "
            "address on the network (ipconfig shows it), e.g. http://192.168.1.20:8470.",
        )
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    # A path is kept: a server behind the county's web server may live under one (http://host/anju).
    return f"{parts.scheme}://{host}" + (f":{port}" if port is not None else "") + parts.path.rstrip("/")


def only_this_pc(url: str) -> bool:
    """Whether ``url`` names the county PC itself (127.0.0.1, localhost), which no station can reach: what
    ``anju serve`` shows when started without ``--host``."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
