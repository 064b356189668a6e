"""Finds a task's data files and reads them the way pandas can: delimiter, encoding and decimal
mark sniffed from the file's start, compression taken from the extension, Parquet where the
interpreter has an engine. Every unusable file is a DataFileError naming the file and the fix.
"""
import bz2
import codecs
import csv
import gzip
import io
import lzma
import os
import re
import zipfile

import pandas as pd

COMPRESSIONS = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz", ".zip": "zip"}
TABLE_SUFFIXES = (".csv", ".tsv")
PARQUET_SUFFIXES = (".parquet", ".pq")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp")
UNSUPPORTED = {
    ".xlsx": "an Excel workbook",
    ".xls": "an Excel workbook",
    ".json": "JSON",
    ".jsonl": "JSON lines",
    ".feather": "Feather",
    ".h5": "HDF5",
    ".hdf5": "HDF5",
    ".pkl": "a Python pickle",
    ".pickle": "a Python pickle",
    ".npy": "a NumPy array",
    ".npz": "NumPy arrays",
    ".arff": "ARFF",
}
DELIMITERS = [",", "\t", ";", "|"]
HEAD_BYTES = 1 << 20
SNIFF_ROWS = 50
DECIMAL_COMMA = re.compile(r"^[-+]?(\d+(,\d+)?|inf|infinity|nan)$", re.IGNORECASE)
MAX_IMAGES_COUNTED = 100_000


class DataFileError(Exception):
    """A data file that cannot be read; the message names it and says what to do."""


def split_name(name):
    """(base name without compression suffix, compression or None) of a file name."""
    lower = name.lower()
    for suffix, compression in COMPRESSIONS.items():
        if lower.endswith(suffix):
            return lower[: -len(suffix)], compression
    return lower, None


def data_kind(name):
    """"table", "parquet", "image", the name of an unsupported format, or None for other files."""
    base, compression = split_name(name)
    if base.endswith(TABLE_SUFFIXES) or (compression == "zip" and "." not in base):
        return "table"
    if compression is None and base.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if compression is None and base.endswith(IMAGE_SUFFIXES):
        return "image"
    for suffix, label in UNSUPPORTED.items():
        if base.endswith(suffix):
            return label
    return None


def list_task_files(task_dir):
    """The task's data files by kind: {"table": [...], "parquet": [...], "unsupported": [(name, label)], "images": n, "image_dirs": [...]}."""
    found = {"table": [], "parquet": [], "unsupported": [], "images": 0, "image_dirs": []}
    for name in sorted(os.listdir(task_dir)):
        if name.startswith(".") or name == "description.md":
            continue
        path = os.path.join(task_dir, name)
        if os.path.islink(path) and not os.path.exists(path):
            raise DataFileError(f"data file {name} is a symlink to {os.readlink(path)}, which does not exist")
        if os.path.isdir(path):
            images = count_images(path)
            if images:
                found["images"] += images
                found["image_dirs"].append(name)
            continue
        kind = data_kind(name)
        if kind == "table" and split_name(name) == (name.lower()[:-4], "zip"):
            kind = zip_kind(path)
        if kind in ("table", "parquet"):
            found[kind].append(name)
        elif kind == "image":
            found["images"] += 1
        elif kind is not None:
            found["unsupported"].append((name, kind))
    return found


def zip_kind(path):
    """"table" for a zip holding one CSV/TSV, "image" for a zip of images, else what it is."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [m.filename for m in archive.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX/")]
    except (OSError, zipfile.BadZipFile) as e:
        raise DataFileError(f"unreadable zip file {os.path.basename(path)} ({type(e).__name__}: {e})")
    if len(names) == 1 and names[0].lower().endswith(TABLE_SUFFIXES):
        return "table"
    if names and sum(1 for n in names if n.lower().endswith(IMAGE_SUFFIXES)) >= 0.5 * len(names):
        return "image"
    return f"a zip archive of {len(names)} files (unpack it next to description.md)"


def count_images(directory):
    """How many image files a directory tree holds (counting stops at MAX_IMAGES_COUNTED)."""
    count = 0
    for _, _, files in os.walk(directory, followlinks=True):
        count += sum(1 for f in files if f.lower().endswith(IMAGE_SUFFIXES))
        if count >= MAX_IMAGES_COUNTED:
            break
    return count


def open_raw(path, compression):
    """A binary stream of the file's (decompressed) content."""
    if compression == "gzip":
        return gzip.open(path, "rb")
    if compression == "bz2":
        return bz2.open(path, "rb")
    if compression == "xz":
        return lzma.open(path, "rb")
    if compression == "zip":
        archive = zipfile.ZipFile(path)
        members = [m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX/")]
        if len(members) != 1:
            listed = ", ".join(m.filename for m in members[:5]) or "nothing"
            raise DataFileError(
                f"{os.path.basename(path)} holds {len(members)} files ({listed}); pandas reads a zip that holds exactly one CSV: unpack it"
            )
        return archive.open(members[0])
    return open(path, "rb")


def read_head(path, compression):
    """Up to HEAD_BYTES of the file's decompressed content, and whether that is the whole file."""
    name = os.path.basename(path)
    try:
        with open_raw(path, compression) as stream:
            head = stream.read(HEAD_BYTES + 1)
    except DataFileError:
        raise
    except (OSError, EOFError, zipfile.BadZipFile, lzma.LZMAError) as e:
        raise DataFileError(f"unreadable {compression or 'data'} file {name} ({type(e).__name__}: {e})")
    return head[:HEAD_BYTES], len(head) <= HEAD_BYTES


def sniff_encoding(head, complete):
    """utf-8 (utf-8-sig with a BOM, utf-16 with its BOM), else cp1252, else latin-1; None for binary content."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        return None
    for encoding in ("utf-8", "cp1252"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=complete)
            return encoding
        except UnicodeDecodeError:
            continue
    return "latin-1"


def sniff_delimiter(text, complete, preferred):
    """The delimiter that splits the header into the most columns with consistent rows."""
    best = (False, 1, 0, ",")
    order = [preferred] + [d for d in DELIMITERS if d != preferred] if preferred else DELIMITERS
    for rank, delimiter in enumerate(order):
        rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if r]
        rows = rows[: SNIFF_ROWS + 1] if complete or len(rows) <= SNIFF_ROWS else rows[:SNIFF_ROWS]
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        consistent = sum(1 for r in rows if len(r) == width) >= 0.9 * len(rows)
        key = (consistent, width, -rank, delimiter)
        if key[:3] > best[:3]:
            best = key
    return best[3]


def sniff_decimal(text, delimiter):
    """"," when a ';'/tab/'|' file writes numbers with decimal commas, else "."."""
    if delimiter == ",":
        return "."
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if r][1 : SNIFF_ROWS + 1]
    if not rows:
        return "."
    width = max(len(r) for r in rows)
    for index in range(width):
        values = [r[index].strip() for r in rows if index < len(r) and r[index].strip()]
        if any(re.search(r"\d,\d", v) for v in values) and all(DECIMAL_COMMA.match(v) for v in values):
            return ","
    return "."


def detect_format(task_dir, name):
    """How pandas reads one data file: {"kind", "delimiter", "encoding", "decimal", "compression"}."""
    path = os.path.join(task_dir, name)
    if data_kind(name) == "parquet":
        return {"kind": "parquet", "delimiter": ",", "encoding": "utf-8", "decimal": ".", "compression": None}
    base, compression = split_name(name)
    head, complete = read_head(path, compression)
    if not head.strip():
        raise DataFileError(f"empty CSV file: {path}")
    encoding = sniff_encoding(head, complete)
    if encoding is None:
        raise DataFileError(f"not a text CSV file (binary content): {path}")
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=complete)
    delimiter = sniff_delimiter(text, complete, "\t" if base.endswith(".tsv") else None)
    return {
        "kind": "table",
        "delimiter": delimiter,
        "encoding": encoding,
        "decimal": sniff_decimal(text, delimiter),
        "compression": compression,
    }


def parquet_engine():
    """The Parquet engine this interpreter has ("pyarrow" or "fastparquet"), or None."""
    for engine in ("pyarrow", "fastparquet"):
        try:
            __import__(engine)
            return engine
        except ImportError:
            continue
    return None


def is_plain(fmt):
    """Whether a file is a plain comma-separated UTF-8 CSV (what the TypeScript CSV reader reads)."""
    return (
        fmt["kind"] == "table"
        and fmt["delimiter"] == ","
        and fmt["encoding"] in ("utf-8", "utf-8-sig")
        and fmt["compression"] is None
    )


def read_options(fmt):
    """Keyword arguments of pd.read_csv for a table format."""
    return {
        "sep": fmt["delimiter"],
        "encoding": fmt["encoding"],
        "decimal": fmt["decimal"],
        "compression": fmt["compression"],
    }


def read_chunks(task_dir, name, fmt, chunk_rows, nrows=None, **extra):
    """Yields the file's rows as DataFrames of at most chunk_rows rows (extra: more read_csv options);
    raises DataFileError naming the file, and UnicodeDecodeError for the caller to retry another encoding."""
    path = os.path.join(task_dir, name)
    if fmt["kind"] == "parquet":
        if parquet_engine() is None:
            raise DataFileError(
                f"{name} is Parquet, and this Python has no Parquet engine (pyarrow or fastparquet): "
                "install one (pip install pyarrow) or convert the file to CSV"
            )
        frame = pd.read_parquet(path)
        frame = frame if nrows is None else frame.head(nrows)
        frame = frame.astype(str).where(frame.notna(), "") if extra.get("dtype") is str else frame
        for start in range(0, max(len(frame), 1), chunk_rows):
            yield frame.iloc[start : start + chunk_rows]
        return
    try:
        reader = pd.read_csv(path, chunksize=chunk_rows, nrows=nrows, low_memory=False, **read_options(fmt), **extra)
        with reader:
            yield from reader
    except pd.errors.EmptyDataError:
        raise DataFileError(f"empty CSV file: {path}")
    except UnicodeDecodeError:
        raise  # the caller retries with the next encoding
    except (pd.errors.ParserError, ValueError, OSError, EOFError, zipfile.BadZipFile) as e:
        raise DataFileError(f"unreadable CSV file: {path} ({type(e).__name__}: {e})")
