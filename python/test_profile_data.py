"""Tests of the profiler (profile_data.py) and its file reader (data_files.py), on generated files.

Run: /usr/bin/python3 -m unittest discover -s python -p "test_*.py"
"""
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import unittest

import data_files

HERE = os.path.dirname(os.path.abspath(__file__))
PROFILER = os.path.join(HERE, "profile_data.py")
BIG_BYTES = 500 * 1024 * 1024
MEMORY_BOUND_MB = 400


def write(path, data):
    with open(path, "wb") as out:
        out.write(data)


class SniffingTest(unittest.TestCase):
    def test_delimiters(self):
        self.assertEqual(data_files.sniff_delimiter("a,b,c\n1,2,3\n", True, None), ",")
        self.assertEqual(data_files.sniff_delimiter("a;b;c\n1,5;2;3\n", True, None), ";")
        self.assertEqual(data_files.sniff_delimiter("a\tb\n1\t2\n", True, None), "\t")
        self.assertEqual(data_files.sniff_delimiter("a|b\nx,y|2\n", True, None), "|")
        self.assertEqual(data_files.sniff_delimiter("just one column\nvalue\n", True, None), ",")

    def test_decimal_comma_only_with_another_delimiter(self):
        self.assertEqual(data_files.sniff_decimal("x;y\n1,5;2\n-0,25;inf\n", ";"), ",")
        self.assertEqual(data_files.sniff_decimal("x;y\n1.5;a,b\n", ";"), ".")
        self.assertEqual(data_files.sniff_decimal("x,y\n1,5\n", ","), ".")

    def test_encodings(self):
        self.assertEqual(data_files.sniff_encoding("é".encode("utf-8"), True), "utf-8")
        self.assertEqual(data_files.sniff_encoding(b"\xef\xbb\xbfa", True), "utf-8-sig")
        self.assertEqual(data_files.sniff_encoding("é€".encode("cp1252"), True), "cp1252")
        self.assertEqual(data_files.sniff_encoding(b"\x81\x8d", True), "latin-1")
        self.assertEqual(data_files.sniff_encoding("a,b".encode("utf-16"), True), "utf-16")
        self.assertIsNone(data_files.sniff_encoding(b"PK\x03\x04\x00\x00", True))
        # a multi-byte character cut at the end of the sniffed head is not an error
        self.assertEqual(data_files.sniff_encoding("aé".encode("utf-8")[:-1], False), "utf-8")

    def test_kinds_by_name(self):
        self.assertEqual(data_files.data_kind("train.csv.gz"), "table")
        self.assertEqual(data_files.data_kind("TEST.TSV"), "table")
        self.assertEqual(data_files.data_kind("train.zip"), "table")
        self.assertEqual(data_files.data_kind("train.parquet"), "parquet")
        self.assertEqual(data_files.data_kind("x.png"), "image")
        self.assertEqual(data_files.data_kind("train.xlsx"), "an Excel workbook")
        self.assertIsNone(data_files.data_kind("notes.txt"))


class ProfilerRunTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def profile(self, *extra):
        run = subprocess.run([sys.executable, PROFILER, self.dir, *extra], capture_output=True, text=True, timeout=600)
        return run.returncode, json.loads(run.stdout.strip().splitlines()[-1])

    def test_utf8_start_cp1252_later_falls_back(self):
        rows = "".join(f"{i},{i % 2}\n" for i in range(3000)).encode()
        write(os.path.join(self.dir, "train.csv"), b"id,label\n" + rows * 100 + "9,caf\u00e9\n".encode("cp1252"))
        write(os.path.join(self.dir, "test.csv"), b"id\n1\n")
        code, out = self.profile()
        self.assertEqual(code, 0, out)
        train = next(f for f in out["files"] if f["name"] == "train.csv")
        self.assertEqual(train["format"]["encoding"], "cp1252")
        self.assertEqual(train["rows"], 300_001)

    def test_reference_copy_is_plain_csv(self):
        write(os.path.join(self.dir, "train.csv"), b"id;x;label\n1;1,5;a\n2;2,5;b\n")
        write(os.path.join(self.dir, "test.csv"), b"id;x\n3;0,5\n")
        write(os.path.join(self.dir, "sample_submission.csv.gz"), gzip.compress(b"id;label\n3;a\n"))
        out_dir = os.path.join(self.dir, "ref")
        code, out = self.profile("--reference-out", out_dir)
        self.assertEqual(code, 0, out)
        with open(os.path.join(out_dir, "sample_submission.csv.gz.csv"), encoding="utf-8") as copy:
            self.assertEqual(copy.read(), "id,label\n3,a\n")

    def test_a_500_mb_csv_stays_within_the_memory_bound(self):
        block = "".join(f"{i},{(i * 37) % 1000 / 10},{'abc'[i % 3]},{i % 5}\n" for i in range(20_000)).encode()
        path = os.path.join(self.dir, "train.csv")
        with open(path, "wb") as out:
            out.write(b"id,x,c,label\n")
            for _ in range(BIG_BYTES // len(block) + 1):
                out.write(block)
        write(os.path.join(self.dir, "test.csv"), b"id,x,c\n1,2.5,a\n")
        size = os.path.getsize(path)
        started = time.time()
        code, out = self.profile()
        seconds = time.time() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"\nprofiled {size / 2**20:.0f} MiB in {seconds:.1f} s, peak RSS {peak_mb:.0f} MiB", file=sys.stderr)
        self.assertEqual(code, 0, out)
        self.assertGreaterEqual(size, BIG_BYTES)
        train = next(f for f in out["files"] if f["name"] == "train.csv")
        self.assertEqual(train["rows"], (BIG_BYTES // len(block) + 1) * 20_000)
        self.assertEqual(train["sampledRows"], 100_000)
        self.assertEqual(out["label"]["classes"], ["0", "1", "2", "3", "4"])
        self.assertLess(peak_mb, MEMORY_BOUND_MB)


if __name__ == "__main__":
    unittest.main()
