"""Tests of bench/compare.py with stand-ins for both sides (no Swift build, no PyPI packages):
ratios and targets, medians and means, alternation, and how skipped, failing and unsolved
measurements show up. Run by `make test`:  python3 -m unittest discover -s bench -p 'test_*.py'
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))

# Ours: fixed numbers per workload; the solve time depends on the estimator.
OURS = """
import json, sys
args = sys.argv[1:]
open(LOG, "a").write("ours " + " ".join(args) + "\\n")
workload = args[0]
if workload == "cartpole":
    print(json.dumps({"value": 2e7 if "8" in args else 1e7, "unit": "steps/s", "what": "ours"}))
elif workload == "lunarlander":
    print(json.dumps({"value": 1e6, "unit": "steps/s", "what": "ours"}))
elif workload == "mlp":
    print(json.dumps({"value": 50.0, "unit": "us/step", "what": "ours"}))
elif workload == "solve":
    relax = "relax" in args
    print(json.dumps({"value": 2.0 if relax else 1.0, "unit": "s", "solved": True, "steps": 100000, "episodes": 300, "what": "ours"}))
elif workload == "checkpoint":
    print(json.dumps({"value": 2.0, "load": 1.0, "bytes": 1000, "unit": "ms", "what": "ours"}))
"""

# Theirs, called as `<python> bench/theirs.py <workload> ...`: LunarLander skipped, the
# checkpoint workload failing, PPO unsolved on seed 1; the MLP's rounds differ (median 300).
THEIRS = """
import json, sys
args = sys.argv[2:]
open(LOG, "a").write("theirs " + " ".join(args) + "\\n")
workload = args[0]
rounds = sum(1 for line in open(LOG) if line.startswith("theirs mlp"))
if workload == "cartpole":
    print(json.dumps({"value": 1e5, "unit": "steps/s", "what": "theirs", "versions": {"gymnasium": "9.9"}}))
elif workload == "lunarlander":
    print(json.dumps({"skipped": "Box2D is not importable (ImportError)"}))
elif workload == "mlp":
    print(json.dumps({"value": [300.0, 900.0, 100.0][rounds - 1], "unit": "us/step", "what": "theirs"}))
elif workload == "solve":
    ppo, seed = "ppo" in args, int(args[args.index("--seed") + 1])
    if ppo:
        print(json.dumps({"value": 12.0, "unit": "s", "solved": seed != 1, "steps": 80000, "episodes": 1, "what": "PPO"}))
    else:
        print(json.dumps({"value": 10.0, "unit": "s", "solved": True, "steps": 150000, "episodes": 1, "what": "A2C"}))
elif workload == "solve-offpolicy":
    sac = "sac" in args
    print(json.dumps({"value": 50.0 if sac else 100.0, "unit": "s", "solved": True, "steps": 6000 if sac else 15000,
                      "what": "SB3 " + ("SAC" if sac else "TD3")}))
elif workload == "checkpoint":
    sys.exit("boom: no disk")
"""

# rl-train, driven by bench/credo_offpolicy.py: writes metrics.csv's episode rows (200 steps and
# 0.1 s each). sac: 10 episodes of -1000, then -100s, so the last-10 mean first reaches -200 at
# the 19th episode (3 800 steps, 1.9 s); it then waits for SIGINT and exits 130, as rl-train does.
# td3: 20 episodes of -1000 (never reaches -200), then exits 0 (its budget spent).
RL_TRAIN = """
import os, signal, sys, time
args = sys.argv[1:]
open(LOG, "a").write("rl-train " + " ".join(args) + "\\n")
run = args[args.index("--run-dir") + 1]
os.makedirs(run)
sac = args[args.index("--estimator") + 1] == "sac"
returns = [-1000.0] * 10 + [-100.0] * 20 if sac else [-1000.0] * 20
with open(os.path.join(run, "metrics.csv"), "w") as f:
    f.write("kind,env_steps,episodes,updates,episode_return,episode_length,extra,wall_seconds\\n")
    for i, r in enumerate(returns):
        f.write(f"episode,{200 * (i + 1)},{i + 1},{i + 1},{r},200,,{0.1 * (i + 1):.1f}\\n")
        f.write(f"update,{200 * (i + 1)},{i + 1},{i + 1},,,,{0.1 * (i + 1):.1f}\\n")
if sac:
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
    time.sleep(60)
    sys.exit("never stopped")
"""


def read(path):
    with open(path) as f:
        return f.read()


class CompareTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp()
        log = os.path.join(cls.folder, "calls.log")
        for name, body in (("ours", OURS), ("python", THEIRS), ("rl-train", RL_TRAIN)):
            path = os.path.join(cls.folder, name)
            with open(path, "w") as f:
                f.write(f"#!{sys.executable}\nLOG = {log!r}\n" + textwrap.dedent(body))
            os.chmod(path, 0o755)
        out = os.path.join(cls.folder, "out")
        cls.result = subprocess.run(
            [sys.executable, os.path.join(HERE, "compare.py"), "--ours", os.path.join(cls.folder, "ours"),
             "--python", os.path.join(cls.folder, "python"), "--rounds", "3", "--seconds", "0.01",
             "--seeds", "0", "1", "--rl-train", os.path.join(cls.folder, "rl-train"), "--pendulum-seconds", "50",
             "--out", out], capture_output=True, text=True, timeout=120)
        cls.calls = read(log).splitlines()
        ok = cls.result.returncode == 0
        cls.markdown = read(os.path.join(out, "results.md")) if ok else ""
        cls.rows = {r["name"]: r for r in json.loads(read(os.path.join(out, "results.json")))["rows"]} if ok else {}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def test_runs(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)

    def test_throughput_ratio_is_ours_over_theirs_with_its_target(self):
        row = self.rows["cartpole-1"]
        self.assertAlmostEqual(row["ratio"], 100.0)
        self.assertTrue(row["met"])
        self.assertAlmostEqual(self.rows["cartpole-8-vector"]["ratio"], 200.0)
        self.assertIn("| CartPole env steps/s, 1 env (gym.make) | 10.00 M | 100.0 k | 100.0× | ≥ 50× ✓ |", self.markdown)

    def test_times_compare_by_median_and_lower_is_better(self):
        row = self.rows["mlp-64"]
        self.assertEqual(row["theirs"], 300.0)  # median of 300, 900, 100
        self.assertAlmostEqual(row["ratio"], 6.0)
        self.assertTrue(row["met"])

    def test_sides_alternate_and_the_order_flips_every_round(self):
        cartpole = [c.split()[0] for c in self.calls if c.split()[1:3] == ["cartpole", "--envs"] and "1" == c.split()[3]]
        self.assertEqual(cartpole, ["ours", "theirs", "theirs", "ours", "ours", "theirs"])

    def test_a_skipped_side_gives_no_ratio_and_says_why(self):
        row = self.rows["lunarlander"]
        self.assertIsNone(row["ratio"])
        self.assertIsNone(row["met"])
        self.assertIn("theirs: skipped: Box2D is not importable", " ".join(row["notes"]))
        self.assertIn("Box2D is not importable", self.markdown)

    def test_a_failing_side_is_reported_with_its_message(self):
        row = self.rows["checkpoint-save"]
        self.assertIsNone(row["ratio"])
        self.assertIn("boom: no disk", " ".join(row["notes"]))

    def test_solve_rows_use_seed_means_and_note_unsolved_runs(self):
        self.assertAlmostEqual(self.rows["solve-time-a2c-vs-ppo"]["ratio"], 12.0)
        self.assertAlmostEqual(self.rows["solve-time-relax-vs-ppo"]["ratio"], 6.0)
        self.assertFalse(self.rows["solve-time-relax-vs-ppo"]["met"])
        self.assertAlmostEqual(self.rows["solve-steps-a2c-vs-a2c"]["ratio"], 1.5)
        self.assertIn("theirs: 1 of 2 runs not solved", " ".join(self.rows["solve-time-a2c-vs-ppo"]["notes"]))
        seeds = [c for c in self.calls if " solve " in f" {c} " and "--seed 1" in c]
        self.assertEqual(len(seeds), 6)  # a2c, A2C, relax, PPO, ppo, PPO for seed 1
        self.assertTrue(all("--max-steps 500000 --max-seconds 60" in c for c in seeds), seeds)
        self.assertAlmostEqual(self.rows["solve-time-ppo-vs-ppo"]["ratio"], 12.0)
        self.assertIn("| SB3 PPO (zoo) | 12.00 s, 80.0 k steps | 12.00 s, 80.0 k steps (not solved) |", self.markdown)
        self.assertIn("| Credo relax | 2.00 s, 100.0 k steps | 2.00 s, 100.0 k steps |", self.markdown)

    def test_lunarlander_rows_run_ppo_against_sb3_ppo_once_each(self):
        calls = [c for c in self.calls if "--env lunarlander" in c]
        self.assertEqual([c.split()[0] for c in calls], ["ours", "theirs"])
        self.assertIn("--estimator ppo", calls[0])
        self.assertIn("--algo ppo", calls[1])
        self.assertIn("lunarlander-time-ppo", self.rows)

    def test_pendulum_rows_stop_credo_at_the_goal_and_compare_with_sb3(self):
        sac = self.rows["pendulum-time-sac"]
        self.assertAlmostEqual(sac["ours"], 1.9)  # the crossing episode's wall_seconds, not the run's end
        self.assertAlmostEqual(sac["ratio"], 50.0 / 1.9)
        self.assertAlmostEqual(self.rows["pendulum-steps-sac"]["ratio"], 6000 / 3800)
        self.assertTrue(self.rows["pendulum-steps-sac"]["met"])  # target: at most 1.2x SB3's steps
        td3 = self.rows["pendulum-time-td3"]
        self.assertAlmostEqual(td3["ours"], 2.0)  # unsolved: the time it spent
        self.assertIn("ours: 2 of 2 runs did not reach -200", " ".join(td3["notes"]))
        self.assertFalse(self.rows["pendulum-steps-td3"]["met"])  # 15000 / 4000 counts, but 4000 is a lower bound
        calls = [c for c in self.calls if c.startswith("rl-train")]
        self.assertEqual(len(calls), 4)
        self.assertTrue(all("--env pendulum" in c and "--total-steps 20000" in c for c in calls), calls)
        self.assertIn("| Credo sac (preset) | 1.9 s, 3.8 k steps | 1.9 s, 3.8 k steps |", self.markdown)
        self.assertIn("| Credo td3 (preset) | 2.0 s, 4.0 k steps (not reached) |", self.markdown)

    def test_versions_and_machine_are_recorded(self):
        self.assertIn("gymnasium 9.9", self.markdown)
        self.assertIn("cores", self.markdown)


class RunSideTests(unittest.TestCase):
    def setUp(self):
        sys.path.insert(0, HERE)
        import compare
        self.compare = compare

    def test_unreadable_output_and_timeouts_are_errors_not_crashes(self):
        record = self.compare.run_side([sys.executable, "-c", "print('{oops')"], timeout=30)
        self.assertIn("unreadable output", record["error"])
        record = self.compare.run_side([sys.executable, "-c", "import time; time.sleep(5)"], timeout=0.5)
        self.assertEqual(record["error"], "timed out after 0.5 s")
        record = self.compare.run_side(["/nonexistent/credo-compare"], timeout=30)
        self.assertIn("cannot start /nonexistent/credo-compare", record["error"])


if __name__ == "__main__":
    unittest.main()
