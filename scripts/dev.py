#!/usr/bin/env python3
"""The project's two commands, runnable with nothing but Python and git.

    python3 scripts/dev.py demo   # install, check the sample county, build reports, serve Fava
    python3 scripts/dev.py test   # install (Python and Debian packages), lint, run every test

Both create ``.venv`` beside this repository and install the project into it; ``test`` also
installs Debian's chromium (browser tests), nginx (the password-proxy test), LibreOffice and
poppler (the print test) when it runs as root on a machine with apt-get, as CI machines do.
Standard library only, on purpose.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
STAMP = VENV / ".jjn-installed"
SAMPLE = ROOT / "ledgers" / "sample-county"
OUT = ROOT / "out"
DEBIAN_PACKAGES = {
    "/usr/bin/chromium": "chromium",
    "/usr/sbin/nginx": "nginx-light",
    # the print tests render workbooks and pages to PDF and read their text back
    "/usr/bin/soffice": "libreoffice-calc-nogui",
    "/usr/bin/pdftotext": "poppler-utils",
}
FONTS = "fonts-noto-cjk"


def run(*cmd: str | Path, check: bool = True, **kw: object) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=check, cwd=ROOT, **kw).returncode  # type: ignore[call-overload]


def install() -> None:
    """Create the venv and install the project with its test extras, once per pyproject change."""
    if not (BIN / "python").exists():
        run(sys.executable, "-m", "venv", VENV)
    if STAMP.exists() and STAMP.stat().st_mtime >= (ROOT / "pyproject.toml").stat().st_mtime:
        return
    run(BIN / "python", "-m", "pip", "install", "-q", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "-q", "-e", ".[test]")
    STAMP.touch()


def system_packages() -> None:
    """Debian packages the tests drive for real; installed only where we may (root + apt-get)."""
    missing = [pkg for path, pkg in DEBIAN_PACKAGES.items() if not Path(path).exists()]
    if not Path("/usr/share/fonts/opentype/noto").exists():
        missing.append(FONTS)
    if not missing:
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(f"注意：缺少系统软件包 {' '.join(missing)}，请用管理员权限安装（apt-get install）。")
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)


def test() -> int:
    install()
    system_packages()
    run(BIN / "ruff", "check", ".")
    run(BIN / "mypy", "src", "plugins", "importers")
    run(BIN / "lint-imports")  # the layers of docs/architecture.md, as a contract
    code = run(
        BIN / "pytest", "-q", check=False, env=dict(os.environ, BEANCOUNT_DISABLE_LOAD_CACHE="1")
    )
    if code == 5:
        print("错误：pytest 没有收集到任何测试（退出码 5），视为失败。")
        return 1
    return code


def demo() -> int:
    install()
    jjn = BIN / "jjn"
    print("\n== 1. 检查示例县的账本（示例县故意埋了 6 处违规）==")
    run(jjn, "check", SAMPLE, "--quiet", check=False)
    OUT.mkdir(exist_ok=True)
    print("\n== 2. 生成报表 ==")
    for args in (
        ["report", "county", SAMPLE, "2026-10", "--output", OUT / "示例县-2026-10-汇总.xlsx"],
        [
            "report",
            "notice",
            SAMPLE / "taoyuan",
            "2026-10",
            "--output",
            OUT / "桃园村-公示-2026-10.xlsx",
        ],
        [
            "report",
            "statements",
            SAMPLE / "taoyuan",
            "2026-10",
            "--output",
            OUT / "桃园村-会计报表-2026-10.xlsx",
        ],
    ):
        run(jjn, *args, check=False)
    print(f"报表已写入 {OUT}")
    print("\n== 3. 启动 Fava（只读，仅本机访问），按 Ctrl-C 结束 ==")
    try:
        return run(jjn, "serve", SAMPLE, check=False)
    except KeyboardInterrupt:
        return 0


def main() -> int:
    commands = {"demo": demo, "test": test, "install": lambda: install() or 0}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        print(f"用法：python3 scripts/dev.py {{{'|'.join(commands)}}}")
        return 2
    return commands[sys.argv[1]]() or 0


if __name__ == "__main__":
    sys.exit(main())
