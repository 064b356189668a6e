"""Tests of probe_env.py (run: /usr/bin/python3 -m unittest test_probe_env, from python/)."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

import probe_env

HERE = os.path.dirname(os.path.abspath(__file__))


class LibraryVersionTest(unittest.TestCase):
    def test_a_standard_library_module_without_metadata_is_unknown(self):
        self.assertEqual(probe_env.library_version("no-such-distribution-xyz", "json"), "unknown")

    def test_a_missing_library_is_none(self):
        self.assertIsNone(probe_env.library_version("no-such-distribution-xyz", "no_such_module_xyz"))

    def test_an_installed_distribution_has_its_metadata_version(self):
        import importlib.metadata

        dists = [d for d in importlib.metadata.distributions() if d.metadata["Name"]]
        if not dists:
            self.skipTest("no distribution with metadata is installed")
        name = dists[0].metadata["Name"]
        self.assertEqual(probe_env.library_version(name, "no_such_module_xyz"), dists[0].version)


class CpuTest(unittest.TestCase):
    def write(self, text):
        handle = tempfile.NamedTemporaryFile("w", delete=False, suffix=".max")
        handle.write(text)
        handle.close()
        self.addCleanup(os.unlink, handle.name)
        return handle.name

    def test_a_quota_rounds_up_to_whole_cpus(self):
        self.assertEqual(probe_env.cgroup_cpu_limit(self.write("150000 100000\n")), 2)
        self.assertEqual(probe_env.cgroup_cpu_limit(self.write("50000 100000\n")), 1)

    def test_no_quota_or_no_file_means_no_limit(self):
        self.assertIsNone(probe_env.cgroup_cpu_limit(self.write("max 100000\n")))
        self.assertIsNone(probe_env.cgroup_cpu_limit("/nonexistent/cpu.max"))
        self.assertIsNone(probe_env.cgroup_cpu_limit(self.write("garbage")))

    def test_the_quota_bounds_the_affinity(self):
        affinity = len(os.sched_getaffinity(0))
        self.assertEqual(probe_env.cpu_count(self.write("100000 100000")), 1)
        self.assertEqual(probe_env.cpu_count("/nonexistent/cpu.max"), affinity)


class GpuTest(unittest.TestCase):
    def test_no_device_files_means_no_gpu(self):
        self.assertEqual(probe_env.gpu_devices("/nonexistent/nvidia[0-9]*", "/nonexistent/*"), [])

    def test_device_files_with_names_from_the_driver(self):
        root = tempfile.mkdtemp()
        self.addCleanup(lambda: subprocess.run(["rm", "-rf", root], check=True))
        os.makedirs(os.path.join(root, "gpus", "0000:01:00.0"))
        open(os.path.join(root, "nvidia0"), "w").close()
        with open(os.path.join(root, "gpus", "0000:01:00.0", "information"), "w") as handle:
            handle.write("Model:           NVIDIA H200\nIRQ: 1\n")
        self.assertEqual(probe_env.gpu_devices(os.path.join(root, "nvidia[0-9]*"), os.path.join(root, "gpus", "*", "information")), ["NVIDIA H200"])

    def test_device_files_without_driver_information_are_named_gpu(self):
        root = tempfile.mkdtemp()
        self.addCleanup(lambda: subprocess.run(["rm", "-rf", root], check=True))
        open(os.path.join(root, "nvidia0"), "w").close()
        open(os.path.join(root, "nvidia1"), "w").close()
        self.assertEqual(probe_env.gpu_devices(os.path.join(root, "nvidia[0-9]*"), os.path.join(root, "none", "*")), ["GPU", "GPU"])


class MainTest(unittest.TestCase):
    def test_prints_one_json_line_with_every_field(self):
        run = subprocess.run([sys.executable, os.path.join(HERE, "probe_env.py")], capture_output=True, text=True, check=True, timeout=60)
        lines = run.stdout.strip().split("\n")
        self.assertEqual(len(lines), 1)
        result = json.loads(lines[0])
        self.assertEqual(sorted(result), ["cpus", "gpus", "implementation", "libraries", "missing", "python"])
        self.assertEqual(result["python"], ".".join(map(str, sys.version_info[:3])))
        self.assertEqual(sorted(list(result["libraries"]) + result["missing"]), sorted(probe_env.LIBRARIES))
        self.assertGreaterEqual(result["cpus"], 1)


if __name__ == "__main__":
    unittest.main()
