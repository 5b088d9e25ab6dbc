"""Size of the packaged app against a naive PyInstaller build of a bare PySide6 QWizard, both made
in this run with the same PyInstaller and Python; and start to first window, frozen vs from
source, side by side. Not a test. Target: compressed size at most 0.8x the naive build's, and the
frozen app no slower to its first window than from source.

    .cache/build-venv/bin/python bench/bundle_size.py [--ours dist/tokenpool-setup] [--runs 7]

(``python3 packaging/bootstrap.py build`` makes .cache/build-venv.) The naive build is
``pyinstaller --onedir --windowed bare.py``: what a person gets without a spec file. "Compressed"
is tar.gz at level 9 of the folder, as the Linux download is made. Start-up needs an X server:
it starts Xvfb on --display (default :98) when none is given, and maps of top-level windows are
watched through Xlib; the source run uses .venv (warm bytecode cache), the frozen one the build.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import gzip
import importlib.util
import io
import os
import select
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SIZE_TARGET = 0.8
STARTUP_NOISE = 1.1
BARE_WIZARD = """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage

app = QApplication(sys.argv)
wizard = QWizard()
page = QWizardPage()
page.setTitle("Welcome")
QVBoxLayout(page).addWidget(QLabel("Hello"))
wizard.addPage(page)
wizard.show()
sys.exit(app.exec())
"""


def pyinstaller(args: list[str], cwd: Path) -> None:
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level=ERROR", *args]
    subprocess.run(cmd, cwd=cwd, check=True, timeout=1500)


def build_naive(work: Path) -> Path:
    script = work / "bare.py"
    script.write_text(BARE_WIZARD, encoding="utf-8")
    pyinstaller(
        [
            "--onedir",
            "--windowed",
            "--name",
            "bare",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            "--specpath",
            str(work),
            str(script),
        ],
        cwd=work,
    )
    return work / "dist" / "bare"


def build_ours(work: Path) -> Path:
    spec = REPO / "installer.spec"
    pyinstaller(
        ["--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(spec)],
        cwd=REPO,
    )
    return work / "dist" / "tokenpool-setup"


def disk_size(folder: Path) -> int:
    """Bytes of the files, as a person has them after unpacking (tar and zip do not keep the
    trimmed ICU data sparse, so its zeros count)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def compressed_size(folder: Path) -> int:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=9) as tar:
        tar.add(folder, arcname=folder.name)
    return buffer.tell()


def largest(folder: Path, count: int = 10) -> list[tuple[int, int, str]]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    files.sort(key=lambda p: p.lstat().st_size, reverse=True)
    return [
        (
            p.lstat().st_size,
            len(gzip.compress(p.read_bytes(), 6)),
            str(p.relative_to(folder)),
        )
        for p in files[:count]
    ]


def icu_note(folder: Path, ours_compressed: int, naive_compressed: int) -> str | None:
    data = next((p for p in folder.rglob("libicudata.so*") if not p.is_symlink()), None)
    if data is None:
        return None
    packed = len(gzip.compress(data.read_bytes(), 9))
    return (
        f"ICU data ({data.name}, which the wheel's libQt6Core links): "
        f"{data.lstat().st_size / 1e6:.1f} MB on disk, "
        f"{packed / 1e6:.1f} MB compressed "
        f"({packed / ours_compressed:.0%} of our download; the naive build carries all of it, "
        "32 MB on disk, about 12 MB compressed): packaging/icu_trim.py keeps what Qt asks ICU for."
    )


# --------------------------------------------------------------------------- start-up under X11


class _XEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("pad", ctypes.c_long * 24)]


class MapWatcher:
    """Reports when any top-level window is mapped on the display (SubstructureNotify on the
    root window): the moment a person would see the window appear."""

    MAP_NOTIFY = 19
    SUBSTRUCTURE_NOTIFY_MASK = 1 << 19

    def __init__(self, display: str) -> None:
        name = ctypes.util.find_library("X11")
        if name is None:
            raise RuntimeError("libX11 not found")
        self.x = ctypes.CDLL(name)
        self.x.XOpenDisplay.restype = ctypes.c_void_p
        self.x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x.XDefaultRootWindow.restype = ctypes.c_ulong
        self.x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self.x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        self.x.XPending.argtypes = [ctypes.c_void_p]
        self.x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(_XEvent)]
        self.x.XConnectionNumber.argtypes = [ctypes.c_void_p]
        self.x.XFlush.argtypes = [ctypes.c_void_p]
        self.display = self.x.XOpenDisplay(display.encode())
        if not self.display:
            raise RuntimeError(f"cannot open X display {display}")
        root = self.x.XDefaultRootWindow(self.display)
        self.x.XSelectInput(self.display, root, self.SUBSTRUCTURE_NOTIFY_MASK)
        self.x.XFlush(self.display)
        self.fd = self.x.XConnectionNumber(self.display)

    def drain(self) -> None:
        event = _XEvent()
        while self.x.XPending(self.display):
            self.x.XNextEvent(self.display, ctypes.byref(event))

    def wait_for_map(self, deadline: float) -> bool:
        event = _XEvent()
        while time.perf_counter() < deadline:
            while self.x.XPending(self.display):
                self.x.XNextEvent(self.display, ctypes.byref(event))
                if event.type == self.MAP_NOTIFY:
                    return True
            select.select([self.fd], [], [], 0.005)
        return False


def time_to_window(cmd: list[str], env: dict[str, str], watcher: MapWatcher) -> float:
    watcher.drain()
    with tempfile.TemporaryDirectory(prefix="tokenpool-bench-run-") as run_dir:
        run_env = {
            **env,
            "TOKENPOOL_SETUP_SETTINGS_DIR": str(Path(run_dir) / "settings"),
            "XDG_RUNTIME_DIR": run_dir,  # a fresh single-instance socket each run
        }
        started = time.perf_counter()
        child = subprocess.Popen(
            [*cmd, "--codex-home", str(Path(run_dir) / "codex")],
            cwd=REPO,
            env=run_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            mapped = watcher.wait_for_map(started + 60)
            elapsed = time.perf_counter() - started
        finally:
            child.kill()
            child.wait()
    if not mapped:
        raise RuntimeError(f"no window within 60 s: {cmd[0]}")
    return elapsed


def startup(ours: Path, display: str | None, runs: int) -> None:
    source_python = REPO / ".venv" / "bin" / "python"
    if not source_python.exists():
        print("start-up: skipped (no .venv; run python3 packaging/bootstrap.py run once)")
        return
    xvfb = None
    if display is None:
        display = ":98"
        if shutil.which("Xvfb") is None:
            print("start-up: skipped (no X display and no Xvfb)")
            return
        xvfb = subprocess.Popen(
            ["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)
    try:
        watcher = MapWatcher(display)
        env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
        env["DISPLAY"] = display
        env.pop("WAYLAND_DISPLAY", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        frozen_cmd = [str(ours / "tokenpool-setup")]
        source_cmd = [str(source_python), "-m", "app"]
        time_to_window(frozen_cmd, env, watcher)  # warm the file cache and bytecode for both
        time_to_window(source_cmd, env, watcher)
        frozen: list[float] = []
        source: list[float] = []
        for _ in range(runs):
            frozen.append(time_to_window(frozen_cmd, env, watcher))
            source.append(time_to_window(source_cmd, env, watcher))
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(timeout=10)
    frozen_ms, source_ms = statistics.median(frozen) * 1000, statistics.median(source) * 1000
    for name, median, samples in (("frozen", frozen_ms, frozen), ("source", source_ms, source)):
        each = ", ".join(f"{t * 1000:.0f}" for t in samples)
        print(f"start to first window, {name}: median {median:5.0f} ms  ({each})")
    ratio = frozen_ms / source_ms
    # Medians of a few runs on a shared 2-core machine move by about 10 % between runs.
    verdict = (
        "ok"
        if ratio <= 1.0
        else "within noise (<= 1.1x)"
        if ratio <= STARTUP_NOISE
        else "SLOWER than from source"
    )
    print(f"frozen/source: {ratio:.2f}x (target <= 1.0x): {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--ours", type=Path, help="an existing build (default: build one now)")
    parser.add_argument("--runs", type=int, default=7, help="start-up samples of each")
    parser.add_argument("--display", help="an X display to use (default: start Xvfb on :98)")
    parser.add_argument("--no-startup", action="store_true")
    parser.add_argument("--startup-only", action="store_true", help="with --ours: no size part")
    args = parser.parse_args(argv)
    if args.startup_only:
        if args.ours is None:
            parser.error("--startup-only needs --ours")
        startup(args.ours.resolve(), args.display, args.runs)
        return 0
    if importlib.util.find_spec("PyInstaller") is None:
        print("run with the build environment: .cache/build-venv/bin/python bench/bundle_size.py")
        return 2
    with tempfile.TemporaryDirectory(prefix="tokenpool-bundle-bench-") as folder:
        work = Path(folder)
        started = time.monotonic()
        (work / "naive").mkdir()
        naive = build_naive(work / "naive")
        print(f"naive build: {time.monotonic() - started:.0f} s")
        if args.ours is None:
            started = time.monotonic()
            ours = build_ours(work / "ours")
            print(f"our build: {time.monotonic() - started:.0f} s")
        else:
            ours = args.ours.resolve()
        sizes = {}
        for name, path in (("naive QWizard", naive), ("TokenPool Setup", ours)):
            sizes[name] = (disk_size(path), compressed_size(path))
            disk, packed = sizes[name]
            print(f"{name + ':':17s} {disk / 1e6:6.1f} MB on disk, {packed / 1e6:5.1f} MB tar.gz")
        (naive_disk, naive_packed), (ours_disk, ours_packed) = sizes.values()
        ratio = ours_packed / naive_packed
        verdict = "ok" if ratio <= SIZE_TARGET else "OVER TARGET"
        print(f"on disk {ours_disk / naive_disk:.2f}x; compressed {ratio:.2f}x", end="")
        print(f" (target <= {SIZE_TARGET}x): {verdict}")
        print("ten largest files of ours (MB on disk / gzip):")
        for size, packed, name in largest(ours):
            print(f"  {size / 1e6:6.1f} {packed / 1e6:5.1f}  {name}")
        note = icu_note(ours, ours_packed, naive_packed)
        if note:
            print(note)
        if not args.no_startup and sys.platform == "linux":
            startup(ours, args.display, args.runs)
    return 0 if ratio <= SIZE_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
