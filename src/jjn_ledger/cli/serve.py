"""``jjn serve``: Fava for auditors, read-only, on this machine unless told otherwise.

The work is in ``jjn_ledger.serve.app``; this module only parses the command line, so that
``jjn --help`` does not import Fava.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from jjn_ledger.cli.arguments import SocietyOrCounty


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to the root app."""

    @app.command()
    def serve(
        path: SocietyOrCounty,
        host: Annotated[
            str,
            typer.Option(
                help="监听地址；默认只允许本机访问。对局域网提供请用 nginx 加密码，见部署文档"
            ),
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="监听端口")] = 5000,
    ) -> None:
        """以只读方式启动 Fava 查看账本：互助社文件夹打开该社的审计页面，县文件夹先显示全县总览。"""
        from jjn_ledger.serve import app as serving

        warning = serving.exposure_warning(host)
        if warning:
            typer.echo(warning, err=True)
        plan = serving.plan(path, host, port)
        serving.serve(plan, echo=typer.echo)
        typer.echo("已停止。")
        # Stopped by Ctrl+C. The process may hold every ledger of a county; freeing them object
        # by object took over 20 s for 300 societies (measured), and a read-only server has
        # nothing to flush, so leave at once.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
