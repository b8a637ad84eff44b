"""``jjn serve``: Fava for auditors, read-only, on this machine unless told otherwise.

The work is in ``jjn_ledger.serve.app``; this module only parses the command line, so that
``jjn --help`` does not import Fava.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
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
                help=(
                    "监听地址；默认只允许本机访问。对局域网提供须先开设账号"
                    "并用 nginx 提供 HTTPS，见部署文档"
                )
            ),
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="监听端口（1–65535）")] = 5000,
        cache_dir: Annotated[
            Path | None,
            typer.Option(
                "--cache-dir", help="汇总缓存放在哪里，默认用户缓存目录（不写入所查看的账本）"
            ),
        ] = None,
        keep: Annotated[
            int,
            typer.Option(
                min=1, help="县文件夹：内存中最多保留几个互助社的账本（最久未看的先释放）"
            ),
        ] = 20,
    ) -> None:
        """以只读方式启动 Fava 查看账本：互助社文件夹打开该社的审计页面，县文件夹先显示全县总览。"""
        from jjn_ledger.ledger import cache as summary_cache
        from jjn_ledger.serve import app as serving
        from jjn_ledger.serve import network
        from jjn_ledger.serve.gate import accounts_note

        note = accounts_note(path, host)  # refuses a county without accounts on the network
        if cache_dir is not None:
            summary_cache.use_cache_dir(cache_dir)

        warning = network.exposure_warning(host)
        if warning:
            typer.echo(warning, err=True)
        plan = serving.plan(path, host, port, keep)
        if note:
            typer.echo(note)
        serving.serve(plan, echo=typer.echo)
        typer.echo("已停止。")
        # Stopped by Ctrl+C. The process may hold many ledgers of a county; freeing them object
        # by object took over 20 s for 300 societies (measured), and a read-only server has
        # nothing to flush, so leave at once.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
