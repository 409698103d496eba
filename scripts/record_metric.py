"""Record what MXNet 1.9.1's `mx.metric` gives, for tests/gluon/test_metric.py:

    /work/mxvenv/bin/python scripts/record_metric.py    # writes tests/gluon/golden/metric.json

The oracle is MXNet 1.9.1 (pip wheel) on numpy 1.23.5. `cases(mx)` runs in the test too, with
ndsh's `mx`; each case is the JSON form of what the metric's get() / get_global() /
get_name_value() / get_config() returned, or the type of the error raised.
"""
from __future__ import annotations

import json
import math
import os

import numpy as onp

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "gluon", "golden", "metric.json")


def plain(value):
    """JSON-able: numbers as floats (nan as the string 'nan'), tuples as lists."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in sorted(value.items()) if not callable(v)}
    if isinstance(value, (bool, str)) or value is None:
        return value
    value = float(value)
    return "nan" if math.isnan(value) else value


def _run(metric, batches, mode="get"):
    for labels, preds in batches:
        metric.update(labels, preds)
    return plain(getattr(metric, mode)())


def cases(mx) -> dict:
    """Every case, run with the `mx` given (MXNet's or ndsh's)."""
    nd, M = mx.nd, mx.metric
    rng = onp.random.RandomState(0)
    probs = nd.array(rng.uniform(size=(6, 3)))
    labels3 = nd.array([0, 2, 1, 2, 0, 1])
    two = nd.array([[0.3, 0.7], [0, 1.], [0.4, 0.6], [0.8, 0.2], [0.55, 0.45]])
    bin_labels = nd.array([0, 1, 1, 0, 1])
    reg_label = nd.array([2.5, 0.0, 2, 8])
    reg_pred = nd.array([3, -0.5, 2, 7])
    out = {}

    out["acc"] = _run(M.Accuracy(), [([labels3], [probs])])
    out["acc_two_batches"] = _run(M.Accuracy(), [([labels3], [probs]),
                                                 ([bin_labels], [two])])
    out["acc_unwrapped"] = _run(M.Accuracy(), [(labels3, probs)])
    out["acc_indices"] = _run(M.Accuracy(), [([labels3], [nd.array([0, 2, 2, 2, 1, 1])])])
    out["acc_axis0"] = _run(M.Accuracy(axis=0), [([nd.array([1, 0, 2])], [probs[:3].T])])
    acc = M.Accuracy()
    acc.update([labels3], [probs])
    acc.reset_local()
    acc.update([bin_labels], [two])
    out["acc_local_global"] = [plain(acc.get()), plain(acc.get_global())]
    out["acc_str"] = str(acc)
    out["acc_config"] = plain(acc.get_config())
    out["top3"] = _run(M.TopKAccuracy(top_k=3), [([nd.array([2, 6, 9, 2, 3, 4, 7, 8, 9, 6])],
                                                  [nd.array(rng.rand(10, 10))])])
    out["top2"] = _run(M.TopKAccuracy(top_k=2), [([labels3], [probs])])
    out["f1"] = _run(M.F1(), [([bin_labels], [two])])
    out["f1_macro_2"] = _run(M.F1(), [([bin_labels], [two]), ([bin_labels[:3]], [two[2:]])])
    out["f1_micro_2"] = _run(M.F1(average="micro"), [([bin_labels], [two]),
                                                     ([bin_labels[:3]], [two[2:]])])
    f1 = M.F1(average="micro")
    f1.update([bin_labels], [two])
    f1.reset_local()
    f1.update([bin_labels[:3]], [two[2:]])
    out["f1_micro_local_global"] = [plain(f1.get()), plain(f1.get_global())]
    out["mcc"] = _run(M.MCC(), [([bin_labels], [two])])
    out["mcc_micro_2"] = _run(M.MCC(average="micro"), [([bin_labels], [two]),
                                                       ([bin_labels[:3]], [two[2:]])])
    out["perplexity"] = _run(M.Perplexity(ignore_label=None), [([labels3], [probs])])
    out["perplexity_ignore"] = _run(M.Perplexity(ignore_label=2), [([labels3], [probs])])
    out["perplexity_3d"] = _run(M.Perplexity(ignore_label=None),
                                [([nd.array([[0, 1], [2, 1]])],
                                  [nd.softmax(nd.array(rng.rand(4, 3)))])])
    out["mae"] = _run(M.MAE(), [([reg_label], [reg_pred])])
    out["mse"] = _run(M.MSE(), [([reg_label], [reg_pred])])
    out["rmse"] = _run(M.RMSE(), [([reg_label], [reg_pred])])
    out["rmse_2d_two_batches"] = _run(M.RMSE(), [([reg_label.reshape((2, 2))],
                                                  [reg_pred.reshape((2, 2))]),
                                                 ([nd.array([1, 2])], [nd.array([1, 5])])])
    out["mae_columns"] = _run(M.MAE(), [([nd.array([1, 2, 3])], [nd.array([[1], [1], [1]])])])
    out["ce"] = _run(M.CrossEntropy(), [([labels3], [probs])])
    out["ce_eps"] = _run(M.CrossEntropy(eps=0.5), [([labels3], [probs])])
    out["nll"] = _run(M.NegativeLogLikelihood(), [([labels3], [probs])])
    out["pearson"] = _run(M.PearsonCorrelation(), [([reg_label], [reg_pred])])
    out["pearson_micro"] = _run(M.PearsonCorrelation(average="micro"),
                                [([reg_label], [reg_pred]),
                                 ([nd.array([1, 5, 2])], [nd.array([2, 4, 1])])])
    out["pcc"] = _run(M.PCC(), [([labels3], [probs])])
    out["pcc_grows"] = _run(M.PCC(), [([nd.array([0, 1, 2, 2])], [nd.array([0, 1, 2, 1])]),
                                      ([nd.array([3, 1])], [nd.array([3, 0])])])
    out["loss"] = _run(M.Loss(), [(None, [nd.array([1, 2, 6])]), (None, nd.array([[3, 4]]))])
    composite = M.CompositeEvalMetric([M.Accuracy(), "f1", M.MAE()])
    composite.update([bin_labels], [two])
    out["composite_get"] = plain(composite.get())
    out["composite_global"] = plain(composite.get_global())
    out["composite_name_value"] = plain(composite.get_name_value())
    out["composite_config_metrics"] = [c["metric"] for c in composite.get_config()["metrics"]]
    for name in ("acc", "ce", "top_k_acc", "nll_loss", "pearsonr", "composite", "f1", "Loss",
                 "RMSE"):
        kwargs = {"top_k": 3} if name == "top_k_acc" else {}
        out["create_" + name] = type(M.create(name, **kwargs)).__name__
    out["create_list"] = plain(M.create(["acc", "mse"]).get_name_value())
    out["create_json"] = M.create('["acc", {"axis": 0}]').axis
    out["create_dict"] = M.create({"metric": "top_k_accuracy", "top_k": 4}).name
    out["custom_lambda"] = _run(M.CustomMetric(lambda label, pred: (label + pred).mean()),
                                [([reg_label], [reg_pred])])

    def total_and_count(label, pred):
        return float(onp.abs(label - pred).sum()), label.size

    out["custom_tuple"] = _run(M.create(total_and_count), [([reg_label], [reg_pred])])
    out["custom_name"] = M.create(total_and_count).name
    out["np_metric"] = _run(M.np(lambda label, pred: float(onp.max(pred - label))),
                            [([reg_label], [reg_pred])])
    out["empty_get"] = plain(M.RMSE().get())
    errors = {
        "create_unknown": lambda: M.create("nope"),
        "count_mismatch": lambda: M.Accuracy().update([labels3], [probs, probs]),
        "top_k_1": lambda: M.TopKAccuracy(top_k=1),
        "top_k_over_classes": lambda: M.TopKAccuracy(top_k=5).update([labels3], [probs]),
        "f1_three_classes": lambda: M.F1().update([labels3], [probs]),
        "instance_with_args": lambda: M.create(M.Accuracy(), 1),
    }
    for name, call in errors.items():
        try:
            call()
            out["error_" + name] = "no error"
        except Exception as error:      # noqa: BLE001
            out["error_" + name] = type(error).__name__
    return out


def main() -> None:
    import mxnet as mx
    result = cases(mx)
    with open(GOLDEN, "w") as f:
        f.write('{"oracle": ' + json.dumps(f"MXNet {mx.__version__}, numpy {onp.__version__}")
                + ',\n "cases": {\n')
        f.write(",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in result.items()))
        f.write("\n }\n}\n")
    print(f"wrote {len(result)} cases to {GOLDEN}")


if __name__ == "__main__":
    main()
