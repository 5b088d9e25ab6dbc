"""The release workflow's Linux leg, rehearsed the way its runner runs it: a fresh clone of this
commit, CI=true, no .venv, the job's environment, each `run:` step that applies to Linux in
order (bash -eo pipefail, as GitHub runs it), then the files its upload step names must exist.
A broken release then fails our own CI, not a tag day.

This is the CI build: .ci/run runs only the test command, and this test is its build, smoke run
and packaging (about 3 minutes here). It runs in CI (CI=true) or with TOKENPOOL_REHEARSE=1;
elsewhere it is skipped, saying so. What it rehearses is the last commit: uncommitted changes
are not in a clone. The machine's uv and pip download caches are used (as a runner's cache
would be); nothing else of the machine's.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.workflow_yaml import load

ROOT = Path(__file__).resolve().parents[2]
RELEASE = ROOT / ".github" / "workflows" / "release.yml"
WANTED = os.environ.get("CI") == "true" or os.environ.get("TOKENPOOL_REHEARSE") == "1"

# Only the variables a runner has, plus what this machine needs to reach the package registries
# at all (its certificate authorities, pip's and uv's settings, proxies).
KEPT = ("PATH", "LANG", "LC_ALL", "TERM", "TMPDIR")


def _machine_network_settings() -> dict[str, str]:
    def kept(name: str) -> bool:
        upper = name.upper()
        return (
            "CERT" in upper
            or "CA_BUNDLE" in upper
            or "CAINFO" in upper
            or upper.endswith("_PROXY")
            or (upper.startswith(("PIP_", "UV_")) and upper != "UV_PROJECT_ENVIRONMENT")
        )

    return {name: value for name, value in os.environ.items() if kept(name)}


def release_job() -> dict[str, Any]:
    workflow = load(RELEASE.read_text(encoding="utf-8"))
    return workflow["jobs"]["build"]


def linux_matrix_entry(job: dict[str, Any]) -> dict[str, str]:
    entries = [e for e in job["strategy"]["matrix"]["include"] if "ubuntu" in e["os"]]
    assert len(entries) == 1, entries
    return entries[0]


def applies_to_linux(condition: str | None) -> bool:
    """The step's `if:`; only the runner.os tests we use are understood (a new kind of condition
    must be taught here rather than guessed)."""
    if condition is None:
        return True
    oses = re.findall(r"runner\.os == '(\w+)'", condition)
    if not oses:
        raise AssertionError(f"the rehearsal does not understand the condition {condition!r}")
    return "Linux" in oses


def expand(text: str, matrix: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        expression = match.group(1).strip()
        if expression.startswith("matrix."):
            return matrix[expression.removeprefix("matrix.")]
        if expression.startswith("secrets."):
            return ""  # no secrets: a fork's build, or a repository without them
        raise AssertionError(f"the rehearsal does not understand ${{{{ {expression} }}}}")

    return re.sub(r"\$\{\{(.*?)\}\}", one, text)


def linux_steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if "run" in s and applies_to_linux(s.get("if"))]


def uploaded_patterns(job: dict[str, Any]) -> list[str]:
    uploads = [s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/upload-")]
    assert len(uploads) == 1
    paths = str(uploads[0]["with"]["path"])
    assert uploads[0]["with"].get("if-no-files-found") == "error"
    return [line.strip() for line in paths.splitlines() if line.strip()]


def test_the_workflow_reads_as_the_rehearsal_expects() -> None:
    """Fast, everywhere: the rehearsal's reading of release.yml (the steps it would run)."""
    job = release_job()
    names = [s.get("name", "") for s in linux_steps(job)]
    assert names == [
        "Stamp the build",
        "Build and smoke-test",
        "Linux install, run and uninstall the .tar.gz",
    ], names
    assert uploaded_patterns(job) == ["dist/TokenPool-Setup-*"]
    assert job["env"]["QT_QPA_PLATFORM"] == "offscreen"
    assert linux_matrix_entry(job)["target"] == "linux-x86_64"
    all_names = [s.get("name", "") for s in job["steps"]]
    # Installed and run on its own system before upload (Windows and macOS).
    upload = next(i for i, s in enumerate(job["steps"]) if "upload" in str(s.get("uses", "")))
    for check in ("Windows install, run and uninstall", "macOS run the app from the .dmg"):
        index = next(i for i, n in enumerate(all_names) if n.startswith(check))
        assert index < upload


def _machine_caches() -> dict[str, str]:
    """uv's and pip's download caches at their usual place (tests get a throwaway HOME)."""
    import pwd  # POSIX only: this runs on Linux

    real_home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    return {
        "UV_CACHE_DIR": os.environ.get("UV_CACHE_DIR", str(real_home / ".cache" / "uv")),
        "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", str(real_home / ".cache" / "pip")),
    }


@pytest.mark.slow
@pytest.mark.timeout(2400)
@pytest.mark.skipif(sys.platform != "linux", reason="rehearses the Linux leg (a Linux runner)")
@pytest.mark.skipif(
    not WANTED, reason="a full clean build (~3 min): runs in CI; TOKENPOOL_REHEARSE=1 runs it here"
)
def test_the_release_workflows_linux_leg_builds_what_it_uploads(tmp_path: Path) -> None:
    job = release_job()
    matrix = linux_matrix_entry(job)
    clone = tmp_path / "clone"
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    # actions/checkout: this commit, nothing else (no .venv, no .cache, no build/ or dist/).
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", commit], check=True)
    assert not (clone / ".venv").exists() and not (clone / ".cache").exists()

    # actions/setup-python: `python` is a plain Python 3.11+, not a venv's.
    tools = tmp_path / "setup-python"
    tools.mkdir()
    base_python = Path(sys.base_prefix) / "bin" / f"python{sys.version_info[0]}"
    for name in ("python", "python3"):
        (tools / name).symlink_to(base_python)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    home = tmp_path / "runner-home"
    home.mkdir()
    github_env = runner_temp / "github_env"
    github_env.touch()
    env = {key: os.environ[key] for key in KEPT if key in os.environ}
    env.update(_machine_network_settings())
    env.update(
        {
            "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}",
            "HOME": str(home),
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "RUNNER_OS": "Linux",
            "RUNNER_TEMP": str(runner_temp),
            "GITHUB_ENV": str(github_env),
            "GITHUB_WORKSPACE": str(clone),
            **_machine_caches(),
            **{k: expand(str(v), matrix) for k, v in (job.get("env") or {}).items()},
        }
    )
    steps = linux_steps(job)
    assert steps
    try:
        for step in steps:
            assert step.get("shell", "bash") == "bash", step
            script = runner_temp / "step.sh"
            script.write_text(expand(str(step["run"]), matrix), encoding="utf-8")
            step_env = {
                **env,
                **{k: expand(str(v), matrix) for k, v in (step.get("env") or {}).items()},
            }
            print(f"--- step: {step.get('name', step['run'][:60])}", flush=True)
            result = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=clone,
                env=step_env,
                stdin=subprocess.DEVNULL,
                timeout=2000,
            )
            assert result.returncode == 0, f"step {step.get('name')!r} failed"
        # actions/upload-artifact with if-no-files-found: error.
        for pattern in uploaded_patterns(job):
            found = glob.glob(str(clone / pattern))
            assert found, f"the upload step finds nothing for {pattern}"
            print(f"--- uploaded: {[Path(f).name for f in found]}", flush=True)
        tarballs = glob.glob(str(clone / "dist" / "TokenPool-Setup-*-linux-x86_64.tar.gz"))
        assert len(tarballs) == 1
        import tarfile

        with tarfile.open(tarballs[0]) as archive:
            names = archive.getnames()
        assert "tokenpool-setup/tokenpool-setup" in names
        assert "tokenpool-setup/install.sh" in names
        for licence in ("LICENSE.txt", "THIRD-PARTY-NOTICES.txt"):
            assert f"tokenpool-setup/_internal/licenses/{licence}" in names
    finally:
        shutil.rmtree(clone, ignore_errors=True)  # a build venv and a bundle: ~1 GB


def _step(job: dict[str, Any], starts: str) -> tuple[int, dict[str, Any]]:
    for index, step in enumerate(job["steps"]):
        if str(step.get("name", "")).startswith(starts):
            return index, step
    raise AssertionError(f"no step named {starts!r}")


def test_the_windows_release_signs_every_unsigned_pe_file() -> None:
    """Smart App Control blocks every unsigned program and DLL the app loads: with a certificate,
    each .exe/.dll/.pyd of the bundle not already validly signed is signed, before the installer
    is made (which then carries them), and nothing unsigned may remain."""
    job = release_job()
    sign_index, sign = _step(job, "Windows signing")
    package_index, _ = _step(job, "Windows installer (NSIS)")
    assert sign_index < package_index
    script = str(sign["run"])
    assert "-Include *.exe, *.dll, *.pyd" in script and "-Recurse" in script
    assert "Get-AuthenticodeSignature" in script and "-ne 'Valid'" in script
    assert "still unsigned" in script  # checked again afterwards
    assert "tokenpool-setup.exe dist" not in script  # not just the two programs any more
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Smart App Control" in readme


def test_the_installed_app_is_checked_before_upload() -> None:
    job = release_job()
    _, windows = _step(job, "Windows install, run and uninstall")
    script = str(windows["run"])
    for part in ("/S", "/DESKTOP=1", "/TRAY=1", "/D=$dir", "--version", "selftest", "doctor"):
        assert part in script
    for left in ("Start-menu entry", "desktop shortcut", "Uninstall key", "Run value", "files"):
        assert f'$left += "{left}' in script
    _, mac = _step(job, "macOS run the app from the .dmg")
    script = str(mac["run"])
    for part in ("hdiutil attach", "ditto", "--version", "selftest", "codesign --verify --deep"):
        assert part in script
