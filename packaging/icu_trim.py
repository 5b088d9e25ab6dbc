"""Trim the ICU data inside the Linux bundle's libicudata.so (PySide6 wheels carry ICU 73 for
libQt6Core: 32 MB, a fifth of the download).

Qt calls ICU for four things only (``nm -D --undefined-only libQt6Core.so.6``): collation
(ucol_*), code-page converters (ucnv_*), upper/lower case (u_strTo*: its tables are compiled into
libicuuc) and time-zone ids/names (ucal_*). So the data keeps the collation, zone and locale
bundles of the languages the app speaks (root, en, zh) and every small structural item
(supplementalData, zoneinfo64, normalization, names, …), and drops what Qt never asks for:
break iterators and their dictionaries, transliterators, number spell-out rules, unit, currency,
language and region display names, other languages' bundles, and the legacy code-page converter
tables (.cnv: Qt asks for them only when the app decodes a non-Unicode encoding by name, and this
app decodes with Python). A sort or a zone name in another language falls back to root, as ICU
does for any locale it lacks.

How: the library holds one ICU "common data" package (symbol icudtNN_dat): a header, a table of
contents sorted by name, then the items. The table keeps only the kept items (same order, same
offsets) and the dropped items' bytes become zeros; the library's size and layout stay as they
are (nothing in the ELF changes), so only the download shrinks; the file is written sparse.
Standard library only.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

KEPT_LANGUAGES = frozenset({"root", "en", "zh"})
DROPPED_TREES = frozenset({"brkitr", "translit", "rbnf", "unit", "curr", "lang", "region"})
# Locale bundles are named like en, en_GB, zh_Hans_CN; res_index and pool are structural.
_LOCALE = re.compile(r"^(root|[a-z]{2,3})(_[A-Za-z0-9]+)*$")
_STRUCTURAL = frozenset({"res_index", "pool"})
# Code pages kept: the Chinese ones (GB18030, GBK, GB2312, Big5), about 0.5 MB, for files a
# Chinese Windows or an old editor wrote; Unicode and Latin-1 need no table.
KEPT_CONVERTERS = frozenset(
    {
        "gb18030",
        "windows-936-2000",
        "ibm-1386_P100-2001",
        "ibm-1383_P110-1999",
        "ibm-5478_P100-1995",
        "windows-950-2000",
        "ibm-950_P110-1999",
        "ibm-1373_P100-2002",  # Big5
    }
)
ICU_MAGIC = (0xDA, 0x27)


@dataclass(frozen=True)
class TrimResult:
    items_before: int
    items_after: int
    bytes_before: int
    bytes_zeroed: int


def keep_item(name: str) -> bool:
    """name: an item of the package, e.g. icudt73l/coll/zh.res or icudt73l/ibm-943_P15A-2003.cnv."""
    parts = name.split("/")
    inner = parts[1:] if len(parts) > 1 else parts
    if len(inner) > 1 and inner[0] in DROPPED_TREES:
        return False
    leaf = inner[-1]
    if leaf.endswith(".cnv"):
        return leaf[: -len(".cnv")] in KEPT_CONVERTERS
    if not leaf.endswith(".res"):
        return True  # ucadata.icu, nfkc.nrm, unames.icu, cnvalias.icu, …: the structure
    stem = leaf[: -len(".res")]
    if stem in _STRUCTURAL:
        return True
    match = _LOCALE.match(stem)
    if match is None:
        return True  # supplementalData, zoneinfo64, metaZones, likelySubtags, …
    return match.group(1) in KEPT_LANGUAGES


def _data_symbol(library: Path) -> tuple[int, int]:
    """File offset and size of the icudtNN_dat symbol (readelf: binutils is on every build box
    that strips; the data sits in a segment whose file offset equals its address)."""
    out = subprocess.run(
        ["readelf", "-W", "--dyn-syms", "--segments", str(library)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    symbol = re.search(
        r"\s([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\S+\s+\d+\s+icudt\d+_dat", out
    )
    if symbol is None:
        raise ValueError(f"{library.name}: no icudt*_dat symbol")
    address, size = int(symbol.group(1), 16), int(symbol.group(2), 0)
    for load in re.finditer(
        r"LOAD\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)", out
    ):
        offset, vaddr, filesz = (int(g, 16) for g in load.groups())
        if vaddr <= address < vaddr + filesz:
            return address - vaddr + offset, size
    raise ValueError(f"{library.name}: the data symbol is in no loaded segment")


def trim_package(blob: bytearray) -> TrimResult:
    """Trim one ICU common-data package in place."""
    header_size = struct.unpack_from("<H", blob, 0)[0]
    if tuple(blob[2:4]) != ICU_MAGIC:
        raise ValueError("not ICU data (magic)")
    toc = header_size
    count = struct.unpack_from("<I", blob, toc)[0]
    entries = [struct.unpack_from("<II", blob, toc + 4 + 8 * i) for i in range(count)]

    def name_of(name_offset: int) -> str:
        start = toc + name_offset
        return blob[start : blob.index(b"\0", start)].decode("ascii")

    names = [name_of(name_offset) for name_offset, _ in entries]
    by_offset = sorted(data_offset for _, data_offset in entries)
    ends = {
        start: (by_offset[i + 1] if i + 1 < len(by_offset) else len(blob) - toc)
        for i, start in enumerate(by_offset)
    }
    kept = [(entry, name) for entry, name in zip(entries, names, strict=True) if keep_item(name)]
    zeroed = 0
    for (_, data_offset), name in zip(entries, names, strict=True):
        if not keep_item(name):
            start, end = toc + data_offset, toc + ends[data_offset]
            blob[start:end] = bytes(end - start)
            zeroed += end - start
    table = struct.pack("<I", len(kept)) + b"".join(struct.pack("<II", *e) for e, _ in kept)
    old_table_size = 4 + 8 * count
    blob[toc : toc + old_table_size] = table + bytes(old_table_size - len(table))
    return TrimResult(count, len(kept), len(blob), zeroed)


def trim_library(library: Path) -> TrimResult:
    offset, size = _data_symbol(library)
    data = bytearray(library.read_bytes())
    package = bytearray(data[offset : offset + size])
    result = trim_package(package)
    data[offset : offset + size] = package
    _write_sparse(library, bytes(data))
    return result


def _write_sparse(path: Path, data: bytes, block: int = 1 << 16) -> None:
    zero = bytes(block)
    temporary = path.with_name(path.name + ".trim")
    with temporary.open("wb") as out:
        for start in range(0, len(data), block):
            chunk = data[start : start + block]
            if chunk == zero:
                out.seek(len(chunk), 1)
            else:
                out.write(chunk)
        out.truncate(len(data))
    temporary.chmod(path.stat().st_mode & 0o7777)
    temporary.replace(path)


def main(argv: list[str]) -> int:
    for name in argv or []:
        result = trim_library(Path(name))
        print(
            f"{name}: ICU items {result.items_before} -> {result.items_after}, "
            f"{result.bytes_zeroed / 1e6:.1f} of {result.bytes_before / 1e6:.1f} MB zeroed"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
