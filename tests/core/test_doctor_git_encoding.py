"""The doctor asks git where a work tree starts; git answers in UTF-8 whatever the locale's code
page is (Windows: cp1252, cp936). Imitated here with a C locale for Python, in a child process,
and a real git on a repository whose path is not ASCII."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = (
    "import json, os, sys; from pathlib import Path; "
    "from app.core.doctor.git import git_toplevel; "
    "found = git_toplevel(Path(sys.argv[1]), dict(os.environ)); "
    "sys.stdout.buffer.write(json.dumps(str(found)).encode())"
)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.skipif(sys.platform == "win32", reason="a C locale is imitated on POSIX")
def test_a_repository_under_a_chinese_folder_is_found_whatever_the_locale(tmp_path: Path) -> None:
    repo = tmp_path / "用户" / "项目"
    (repo / "sub").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True, timeout=60)
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "LC_ALL": "C",
        "PYTHONUTF8": "0",
        "PYTHONCOERCECLOCALE": "0",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(repo / "sub")],
        capture_output=True,
        env=env,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    assert Path(json.loads(done.stdout)).resolve() == repo.resolve()
