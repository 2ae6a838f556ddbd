"""``anju serve`` on a county database that cannot be saved to (a read-only file, a write-protected stick): refused
at start-up with what to do, exit 2. It said 县级同步服务器已启动 and failed at the first station's batch, when the
clerk had long walked away from the window.

The read-only state is the kernel's own (chmod, root's override given up: `file_permissions_enforced`, which holds
for the thread the command runs in too)."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from desktop.cli import main
from forms.commandline import command_word
from tests.failing_drives import file_permissions_enforced
from tests.test_unwritable_database import fingerprint


def test_serve_refuses_a_read_only_county_database_at_start_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    county = tmp_path / "县级数据库" / "会泽县.db"
    county.parent.mkdir()
    assert main(["county", "init", "--db", str(county), "--name", "会泽县"]) == 0
    capsys.readouterr()
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = str(probe.getsockname()[1])
    exit_code: list[int] = []
    county.chmod(0o444)
    try:
        before = fingerprint(county)
        with file_permissions_enforced():
            # Run in a thread of its own: a server that started would serve until stopped, and the test says so
            # instead of hanging.
            serving = threading.Thread(
                target=lambda: exit_code.append(main(["serve", "--db", str(county), "--port", port])), daemon=True
            )
            serving.start()
            serving.join(60)
        after = fingerprint(county)
    finally:
        county.chmod(0o644)
    assert not serving.is_alive(), "anju serve started on a database it cannot save to"
    out, err = capsys.readouterr()
    assert exit_code == [2]
    assert "已启动" not in out and "started" not in out
    assert err.startswith(f"错误：数据库文件“{county}”是只读的，不能往里保存。这条命令没有运行，什么都没有改动。"), err
    assert f"attrib -r {command_word(f'{county}*')}" in err and "再运行一次这条命令" in err
    assert err.index("是只读的") < err.index("is read-only") and "Traceback" not in err
    assert after == before
