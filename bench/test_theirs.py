"""Tests of bench/theirs.py, the Python side of `make bench`: a missing package is a skip with
its name, not a failure; where Gymnasium and torch are importable, the quick workloads print
the record bench/compare.py reads. Run by `make test`.
"""
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
THEIRS = os.path.join(HERE, "theirs.py")


def run(args, extra_path=None):
    env = dict(os.environ)
    if extra_path:
        env["PYTHONPATH"] = extra_path + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run([sys.executable, THEIRS] + args, capture_output=True, text=True, timeout=120, env=env)
    return done.returncode, done.stdout, done.stderr


def importable(name):
    return importlib.util.find_spec(name) is not None


class MissingPackages(unittest.TestCase):
    def setUp(self):
        # Stand-ins that shadow the real packages and fail to import, as a broken install would.
        self.folder = tempfile.TemporaryDirectory()
        for name in ("torch", "gymnasium", "stable_baselines3"):
            with open(os.path.join(self.folder.name, name + ".py"), "w") as f:
                f.write(f"raise ImportError('{name} stand-in: not installed')\n")

    def tearDown(self):
        self.folder.cleanup()

    def test_every_workload_skips_and_names_the_package(self):
        for args, package in ((["cartpole"], "gymnasium"), (["lunarlander"], "gymnasium"), (["mlp"], "torch"),
                              (["solve", "--algo", "ppo"], "torch"), (["checkpoint"], "torch")):
            code, out, err = run(args, extra_path=self.folder.name)
            self.assertEqual(code, 0, err)
            record = json.loads(out)
            self.assertIn("skipped", record)
            self.assertIn(package, record["skipped"])

    def test_a_bad_argument_is_an_error_naming_the_choices(self):
        code, _, err = run(["solve", "--algo", "dqn"])
        self.assertNotEqual(code, 0)
        self.assertIn("choose from 'a2c', 'ppo'", err)


@unittest.skipUnless(importable("gymnasium") and importable("numpy"), "gymnasium is not installed for this python")
class WithGymnasium(unittest.TestCase):
    def test_cartpole_rates(self):
        for args in (["--envs", "1"], ["--envs", "4", "--mode", "sync"], ["--envs", "4", "--mode", "vector"]):
            code, out, err = run(["cartpole", "--seconds", "0.05"] + args)
            self.assertEqual(code, 0, err)
            record = json.loads(out)
            self.assertEqual(record["unit"], "steps/s")
            self.assertGreater(record["value"], 0)


@unittest.skipUnless(importable("torch"), "torch is not installed for this python")
class WithTorch(unittest.TestCase):
    def test_mlp_step_time(self):
        code, out, err = run(["mlp", "--batch", "8", "--seconds", "0.05"])
        self.assertEqual(code, 0, err)
        record = json.loads(out)
        self.assertEqual(record["unit"], "us/step")
        self.assertGreater(record["value"], 0)


if __name__ == "__main__":
    unittest.main()
