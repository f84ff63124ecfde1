"""Tests of bench/storchastic_vae.py that need neither torch nor Storchastic."""
import os
import struct
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import storchastic_vae  # noqa: E402


class TableTests(unittest.TestCase):
    def test_failures_are_reported_not_hidden(self):
        results = {("linear", "reinforce"): {"seconds_per_step": 0.010, "test_neg_elbo": 150.0, "log_variance": 1.5},
                   ("linear", "disarm"): {"error": "RuntimeError: boom"}}
        credo = {("linear", "reinforce"): {"seconds_per_step": "0.001", "test_neg_elbo": "140.0", "log_variance": "-1.0"}}
        text = storchastic_vae.format_table(results, credo, 100, 1e-3, 50, 1, 20)
        self.assertIn("| linear | reinforce | 1.00 ms | 10.00 ms | 10.0× | 140.00 | 150.00 | -1.00 | 1.50 |", text)
        self.assertIn("fails: RuntimeError: boom", text)

    def test_reads_credo_summary_and_idx(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "s.csv")
            with open(path, "w") as f:
                f.write("model,estimator,biased,steps,train_neg_elbo,test_neg_elbo,log_variance,seconds_per_step\n"
                        "linear,relax,false,10,1,2,3,0.004\n")
            self.assertEqual(storchastic_vae.read_credo(path)[("linear", "relax")]["seconds_per_step"], "0.004")
            try:
                import numpy  # noqa: F401
            except ImportError:
                return
            idx = os.path.join(d, "x")
            with open(idx, "wb") as f:
                f.write(struct.pack(">BBBBIII", 0, 0, 8, 3, 2, 1, 2) + bytes([1, 2, 3, 4]))
            self.assertEqual(storchastic_vae.read_idx(idx).tolist(), [[[1, 2]], [[3, 4]]])


if __name__ == "__main__":
    unittest.main()
