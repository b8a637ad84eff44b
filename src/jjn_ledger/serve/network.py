"""Where a server listens, and what it says when that is beyond this machine."""

from __future__ import annotations

import ipaddress

from jjn_ledger.errors import JjnError


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str) -> str | None:
    """The Chinese warning printed when Fava listens beyond this machine, or None."""
    if is_loopback(host):
        return None
    return (
        f"警告：正在监听 {host}，同一网络中的任何人都能连到本服务。互助社账本没有登录功能，"
        "只应在 127.0.0.1 上运行；县服务器须开设账号（jjn users add），并按 docs/deployment.md "
        "用 nginx 提供 HTTPS 后再对局域网提供。"
    )


class CannotListen(JjnError):
    """The address is taken (another ``jjn serve`` or Fava) or not this machine's."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__(
            f"无法在 {host}:{port} 上启动：端口已被占用或地址不属于本机，请用 --port 换一个端口"
        )


class BadPort(JjnError):
    def __init__(self, port: int) -> None:
        super().__init__(f"端口 {port} 无效：请用 --port 指定 1 到 65535 之间的端口，例如 5000")


def check_port(port: int) -> None:
    """A port the server can listen on and print: 0 (any free port) would print ``:0/``."""
    if not 1 <= port <= 65535:
        raise BadPort(port)
