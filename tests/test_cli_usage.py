"""Usage errors reach the treasurer in Chinese, through the real entry point."""

import sys

import pytest

from jjn_ledger.cli import main


def run_main(monkeypatch, capsys, *args):
    monkeypatch.setattr(sys, "argv", ["jjn", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    out = capsys.readouterr()
    return exit_info.value.code, out.out + out.err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["nosuch"], "没有命令“nosuch”"),
        (["check"], "缺少参数"),
        (["check", "--bogus"], "没有选项 --bogus"),
        (["record", "aid", "x"], "缺少选项"),
    ],
)
def test_usage_errors_are_chinese(monkeypatch, capsys, args, expected):
    code, text = run_main(monkeypatch, capsys, *args)
    assert code == 2
    assert expected in text and "--help" in text
    assert "Traceback" not in text and "Error:" not in text


def test_success_exits_zero(monkeypatch, capsys, sample_county):
    code, text = run_main(monkeypatch, capsys, "check", str(sample_county / "taoyuan"))
    assert code == 0 and "合规" in text


@pytest.mark.parametrize("args", [["--help"], ["record", "aid", "--help"], ["report", "--help"]])
def test_help_screens_are_framed_in_chinese(monkeypatch, capsys, args):
    monkeypatch.setattr(sys, "argv", ["jjn", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    text = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert text.startswith("用法：") and "显示本帮助并退出" in text and "选项" in text
    assert "Show this message" not in text and "Usage:" not in text


def test_interrupt_is_a_chinese_message_not_a_traceback(monkeypatch, capsys):
    """Ctrl-C at any point: the boundary must catch it (its except clause once named an
    exception class that does not exist, which would itself have crashed)."""
    from jjn_ledger import cli

    def interrupted(**_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "for_command_line", lambda argv: interrupted)
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 130
    assert "已中断" in capsys.readouterr().err


def test_a_command_line_builds_only_what_it_names_and_reads_the_same():
    """``main`` builds only the group or command the command line names (typer builds every
    command's parameters at each start); every help must read exactly as the whole app's."""
    from typer.testing import CliRunner

    from jjn_ledger import cli

    runner = CliRunner()
    lines: list[list[str]] = []
    for group in cli.app.registered_groups:
        assert group.name and group.typer_instance
        lines.append([group.name])
        lines += [
            [group.name, cli._command_name(c)] for c in group.typer_instance.registered_commands
        ]
    lines += [[cli._command_name(c)] for c in cli.app.registered_commands]
    assert len(lines) > 60
    for words in lines:
        lean = cli.for_command_line(["jjn", *words])
        assert lean is not cli.app
        assert len(lean.registered_groups) + len(lean.registered_commands) == 1
        if len(words) == 2:  # a group's command: the group holds only that command
            assert len(lean.registered_groups[0].typer_instance.registered_commands) == 1
        full = runner.invoke(cli.app, [*words, "--help"], prog_name="jjn")
        mine = runner.invoke(lean, [*words, "--help"], prog_name="jjn")
        assert full.exit_code == mine.exit_code == 0, words
        assert mine.output == full.output, words
        full = runner.invoke(cli.app, [*words, "--no-such-option"], prog_name="jjn")
        mine = runner.invoke(lean, [*words, "--no-such-option"], prog_name="jjn")
        assert (mine.exit_code, mine.output) == (full.exit_code, full.output), words
    for whole in (["jjn"], ["jjn", "--help"], ["jjn", "chek"]):
        assert cli.for_command_line(whole) is cli.app
