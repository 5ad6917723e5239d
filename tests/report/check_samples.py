#!/usr/bin/python3
"""dt-report --samples checked against the cell files: samples.jsonl loads in pandas in one line, has one record per
(cell, query), and its gold answers, eval rows, steps, predictions and per-choice scores equal the cell files' as
h5py reads them; the flat columns agree with the per-step predictions (ICL = step 1, DT = dt_step).
Usage: check_samples.py RESULTS_DIR SAMPLES_JSONL"""
import json
import math
import pathlib
import sys

import h5py
import numpy
import pandas


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def check_cell(path, rows):
    with h5py.File(path, "r") as f:
        steps = list(f["/steps"][:])
        gold = f["/queries/answer"][:]
        eval_row = f["/queries/eval_row"][:]
        num_choices = f["/queries/num_choices"][:]
        has_dt = False
        if len(rows) != len(gold):
            fail(f"{path}: {len(rows)} records for {len(gold)} queries")
        if str(f.attrs["model"]) != rows["model"].iloc[0] or str(f.attrs["task"]) != rows["task"].iloc[0]:
            fail(f"{path}: model or task differ")
        for _, r in rows.iterrows():
            q = int(r["query"])
            if r["gold"] != gold[q] or r["eval_row"] != eval_row[q] or list(r["steps"]) != steps:
                fail(f"{path} query {q}: gold, eval_row or steps differ")
            if len(r["choices"]) != num_choices[q] or not r["prompt"]:
                fail(f"{path} query {q}: {len(r['choices'])} choices, {num_choices[q]} in the file, or no prompt")
            for score in f["/predictions"]:
                if list(r["predictions"][score]) != list(f["/predictions/" + score][:, q]):
                    fail(f"{path} query {q}: {score} predictions differ")
                stored = f["/scores/" + score][:, q, : num_choices[q]]
                got = numpy.array(r["scores"][score], dtype=numpy.float64).astype(numpy.float32)
                if got.shape != stored.shape or not numpy.array_equal(got, stored, equal_nan=True):
                    fail(f"{path} query {q}: {score} scores differ")
            lm = f["/predictions/lm_log_p"][:, q]
            if r["icl_prediction"] != lm[steps.index(1)] or bool(r["icl_correct"]) != (lm[steps.index(1)] == gold[q]):
                fail(f"{path} query {q}: the ICL columns differ from step 1")
            if r["dt_step"] is not None and not (isinstance(r["dt_step"], float) and math.isnan(r["dt_step"])):
                at = steps.index(int(r["dt_step"]))
                if r["dt_prediction"] != lm[at] or bool(r["dt_correct"]) != (lm[at] == gold[q]):
                    fail(f"{path} query {q}: the DT columns differ from step {int(r['dt_step'])}")
                has_dt = True
    return has_dt


def main():
    results, samples = pathlib.Path(sys.argv[1]), sys.argv[2]
    frame = pandas.read_json(samples, lines=True)
    files = sorted(p for p in (results / "cells").rglob("*.h5"))
    if set(frame["cell_file"]) != {str(p.relative_to(results)) for p in files}:
        fail("the cell files named in samples.jsonl are not the results directory's")
    with_dt = 0
    for path in files:
        with_dt += check_cell(path, frame[frame["cell_file"] == str(path.relative_to(results))])
    if with_dt == 0:
        fail("no record has a Deep-Thinking step")
    json.loads(open(samples).readline())  # plain JSON too
    print(f"samples.jsonl: {len(frame)} records of {len(files)} cells agree with the cell files")


main()
