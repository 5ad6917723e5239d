#!/usr/bin/env python3
"""Load a dt results directory into pandas DataFrames with h5py, no dt code needed.

Every cell file (cells/**/*.h5, format dt-cell/1, see docs/results-format.md) becomes rows of

  accuracy frame: model, task, seed, k, demonstrations, optimizer, step, score ("lm_log_p" or "norm_lm_log_p"),
                  accuracy
  query frame:    the same keys plus query, answer, prediction (one row per query, step and score)

Accuracy is recomputed from the stored predictions and gold answers, as dt-report does.

    python3 analysis/load_results.py runs/smoke            # prints mean accuracy per model, task and step
    python3 analysis/load_results.py runs/smoke --json     # the same means as JSON (used by the tests)
"""
import argparse
import json
import pathlib

import h5py
import pandas as pd


def load_cell(path):
    """(accuracy rows, query rows) of one cell file."""
    with h5py.File(path, "r") as f:
        keys = {
            "model": f.attrs["model"],
            "task": f.attrs["task"],
            "seed": int(f.attrs["seed"]),
            "k": int(f.attrs["k"]),
            "demonstrations": f.attrs.get("demonstrations", "plain"),
            "optimizer": f.attrs["optimizer"],
        }
        steps = f["steps"][:]
        answers = f["queries/answer"][:]
        accuracy_rows, query_rows = [], []
        for score in ("lm_log_p", "norm_lm_log_p"):
            predictions = f["predictions/" + score][:]  # [steps, queries]
            for e, step in enumerate(steps):
                correct = predictions[e] == answers
                accuracy_rows.append({**keys, "step": int(step), "score": score, "accuracy": float(correct.mean())})
                for q, (answer, prediction) in enumerate(zip(answers, predictions[e])):
                    query_rows.append({**keys, "step": int(step), "score": score, "query": q,
                                       "answer": int(answer), "prediction": int(prediction)})
    return accuracy_rows, query_rows


def load_results(root):
    """DataFrames (accuracy, queries) for every complete cell file under root/cells."""
    accuracy_rows, query_rows = [], []
    for path in sorted(pathlib.Path(root, "cells").rglob("*.h5")):
        a, q = load_cell(path)
        accuracy_rows += a
        query_rows += q
    return pd.DataFrame(accuracy_rows), pd.DataFrame(query_rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", help="results directory (dt-sweep --output)")
    parser.add_argument("--json", action="store_true", help="print the mean accuracies as JSON")
    args = parser.parse_args()
    accuracy, _ = load_results(args.results)
    means = accuracy.groupby(["model", "task", "k", "score", "step"])["accuracy"].mean()
    if args.json:
        print(json.dumps([{"model": m, "task": t, "k": int(k), "score": s, "step": int(st), "accuracy": float(v)}
                          for (m, t, k, s, st), v in means.items()]))
    else:
        print(means.unstack("step").to_string())


if __name__ == "__main__":
    main()
