"""``mailguard model train | evaluate | compare``: argument parsing only; the work is in sibling modules."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from mailguard.errors import ModelError
from mailguard.model.data import READ_SPLITS, TEST_SPLITS, read_splits_present


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    model = sub.add_parser("model", help="train, evaluate or compare the commitment detector",
                           description="The trained commitment/instruction detector in models/commitment.")
    msub = model.add_subparsers(dest="model_command", metavar="ACTION", required=True)

    train = msub.add_parser("train", help="rebuild models/commitment from models/data (seeded, reproducible)")
    _data_arg(train)
    train.add_argument("--models", type=Path, metavar="DIR", default=None,
                       help="write DIR/commitment (default: the bundled models/, or $MAILGUARD_MODELS)")
    from mailguard.model.architectures import (  # noqa: PLC0415
        ARCHITECTURES,
        CHOSEN_ARCHITECTURE,
        CHOSEN_FEATURES,
        MODES,
    )

    floor = train.add_mutually_exclusive_group()
    floor.add_argument("--realistic", type=Path, metavar="DIR", default=None,
                       help="realistic council e-mails (a folder with realistic.json) that bound the threshold "
                            "from below (default: tests/fixtures of the checkout holding the data)")
    floor.add_argument("--dev-threshold-only", action="store_true",
                       help="train without the realistic e-mails, on the dev split's threshold alone (it has "
                            "been too low before: docs/model.md, exp9); not how the shipped model is built")
    train.add_argument("--hold-out", metavar="SPLIT,SPLIT", type=_split_list, default=[],
                       help="leave these read splits out of the training data, to measure on them with "
                            "`model evaluate --split` (a cross-check by writer; needs --models)")
    train.add_argument("--architecture", choices=sorted(ARCHITECTURES), default=CHOSEN_ARCHITECTURE)
    train.add_argument("--features", choices=MODES, default=CHOSEN_FEATURES)
    train.set_defaults(handler=cmd_train)

    evaluate = msub.add_parser("evaluate", help="held-out precision/recall/F1 and message false-alarm rate")
    _data_arg(evaluate)
    evaluate.add_argument("--models", type=Path, metavar="DIR", default=None,
                          help="read DIR/commitment (default: the bundled models/, or $MAILGUARD_MODELS)")
    evaluate.add_argument("--errors", action="store_true", help="also list every sentence and message error")
    evaluate.add_argument("--split", choices=TEST_SPLITS + READ_SPLITS, default=TEST_SPLITS[0],
                          help=f"held-out split (default {TEST_SPLITS[0]}, the newest; see docs/model.md); a read "
                               f"split only for a model trained with it held out")
    evaluate.add_argument("--cues-only", action="store_true",
                          help="evaluate the hand-written cue reader instead (a baseline)")
    evaluate.set_defaults(handler=cmd_evaluate)

    compare = msub.add_parser("compare", help="measure every candidate architecture on the dev split (slow)")
    _data_arg(compare)
    compare.add_argument("--architectures", nargs="+", choices=sorted(ARCHITECTURES),
                         default=list(ARCHITECTURES))
    compare.add_argument("--features", nargs="+", choices=MODES, default=list(MODES))
    compare.set_defaults(handler=cmd_compare)


def _data_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, metavar="DIR", default=None,
                   help="labelled data with train/ and test/ (default: models/data next to the models)")


def _data_dir(args: argparse.Namespace) -> Path:
    from mailguard.runtime import models_dir  # noqa: PLC0415

    data = args.data if args.data is not None else models_dir() / "data"
    if not (data / "train").is_dir():
        raise ModelError(f"no labelled data at {data} (expected {data / 'train'}); the data ships with the "
                         f"source repository, not the installed package: pass --data DIR")
    return data


def _realistic_dir(args: argparse.Namespace, data: Path) -> Path | None:
    """``--realistic``, else ``tests/fixtures`` of the checkout the data is in.

    Without them the threshold would be the dev split's alone, which let a model through that held
    ordinary council mail (exp9): so that is an error unless asked for by name."""
    from mailguard.model.realistic import MANIFEST  # noqa: PLC0415

    if getattr(args, "dev_threshold_only", False):
        print("WARNING: --dev-threshold-only: the threshold is the dev split's choice alone, which has been too "
              "low before (docs/model.md, exp9); the shipped model is not built this way.", file=sys.stderr)
        return None
    if args.realistic is not None:
        if not (args.realistic / MANIFEST).is_file():
            raise ModelError(f"--realistic {args.realistic}: no {MANIFEST} there")
        return Path(args.realistic)
    default = data.resolve().parent.parent / "tests" / "fixtures"
    if (default / MANIFEST).is_file():
        return default
    raise ModelError(f"no realistic council e-mails at {default} ({MANIFEST} is missing): they bound the decision "
                     f"threshold from below (docs/model.md, exp9b). Train from a checkout of the source repository, "
                     f"pass --realistic DIR, or --dev-threshold-only to accept the dev split's threshold alone")


def _split_list(text: str) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()]


def cmd_train(args: argparse.Namespace) -> int:
    from mailguard.model.build import build  # noqa: PLC0415
    from mailguard.runtime import models_dir  # noqa: PLC0415

    if args.hold_out and args.models is None:
        raise ModelError("--hold-out builds a model for a cross-check, not the one to ship: pass --models DIR "
                         "(a folder of its own) so the bundled model is not replaced")
    out = models_dir(args.models) / "commitment"
    started = time.monotonic()
    data = _data_dir(args)
    used = read_splits_present(data, args.hold_out)
    missing = [s for s in READ_SPLITS if s not in used and s not in args.hold_out]
    print(f"read splits in the training data: {len(used)} of {len(READ_SPLITS)}"
          + (f" (held out: {', '.join(args.hold_out)})" if args.hold_out else ""), flush=True)
    if missing:
        print(f"WARNING: {data} lacks the read split(s) {', '.join(missing)}: the model will learn from less than "
              f"the shipped one did (docs/model.md, 'Training data')", file=sys.stderr)
    built = build(data, out, args.architecture, args.features, _realistic_dir(args, data),
                  report=lambda line: print(line, flush=True), hold_out=args.hold_out)
    t = built.tuned
    print(f"trained {t.architecture} / {t.features} on {built.sentences} sentences in "
          f"{time.monotonic() - started:.0f} s -> {built.path} ({built.size_bytes / 1e6:.1f} MB)")
    print(f"dev at the dev threshold {t.threshold:.2f}: precision {t.dev.precision:.3f}  recall {t.dev.recall:.3f}  "
          f"F1 {t.dev.f1:.3f}  AP {t.dev_ap:.3f}  message false alarms {t.messages[0]}/{t.messages[1]}")
    f = built.floor
    if f is None:
        print(f"threshold: dev chose {t.threshold:.2f}; no realistic e-mails; using {built.threshold:.2f}")
        return 0
    need = f"{f.threshold:.2f}" if f.threshold is not None else "more than the ceiling"
    print(f"threshold: dev chose {t.threshold:.2f}; realistic e-mails need >= {need}; using {built.threshold:.2f}")
    by = f" (set by {f.set_by.name}, score {f.set_by.score:.3f})" if f.set_by and f.set_by.score is not None else ""
    print(f"realistic e-mails: {f.messages} messages ({f.binding} expected to fire), {len(f.left_out)} known "
          f"miss(es) left out{by}")
    if built.dev_at_threshold is not None and built.threshold != t.threshold:
        s, (fa, total) = built.dev_at_threshold
        print(f"dev at {built.threshold:.2f}: precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}  "
              f"message false alarms {fa}/{total}")
    for o in built.missed:
        print(f"WARNING: {o.name} should fire but is not caught at {built.threshold:.2f} (its highest score "
              f"{'none' if o.score is None else f'{o.score:.3f}'}); no false alarm was traded for it", file=sys.stderr)
    for o in built.false_alarms:
        print(f"WARNING: {o.name} is a false alarm even at the ceiling {built.threshold:.2f} "
              f"(score {o.score:.3f})", file=sys.stderr)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from mailguard.model.detector import TrainedDetector  # noqa: PLC0415
    from mailguard.model.evaluate import evaluate, render  # noqa: PLC0415
    from mailguard.runtime import models_dir  # noqa: PLC0415

    if args.cues_only:
        from mailguard.nlp import CueDetector  # noqa: PLC0415

        baseline = evaluate(CueDetector(), _data_dir(args), args.split)
        print(render(baseline, "the cue reader alone (baseline)", args.errors))
        return 0
    detector = TrainedDetector.load(models_dir(args.models) / "commitment")
    info = detector.meta.info
    if args.split in READ_SPLITS and args.split in _read_splits_learnt(info):
        raise ModelError(f"{detector.path} was trained on {args.split}, so it cannot be measured on it: build one "
                         f"with `mailguard model train --hold-out {args.split} --models DIR` and evaluate that")
    describe = (f"{info.get('architecture')} / {detector.meta.features}, "
                f"threshold {detector.meta.threshold:.2f}, {detector.path}")
    print(f"held-out split: {args.split}")
    print(render(evaluate(detector, _data_dir(args), args.split), describe, args.errors))
    return 0


def _read_splits_learnt(info: dict[str, object]) -> list[str]:
    """The read splits a model's mailguard.json says it learnt from; all of them when it does not say
    (a model of stop 17 or later always does, and an older one is no fairer to measure on them)."""
    trained_on = info.get("trained_on")
    listed = trained_on.get("read_splits") if isinstance(trained_on, dict) else None
    return [str(s) for s in listed] if isinstance(listed, list) else list(READ_SPLITS)


def cmd_compare(args: argparse.Namespace) -> int:
    from mailguard.model.compare import compare, table  # noqa: PLC0415
    from mailguard.model.data import load_train  # noqa: PLC0415

    rows = load_train(_data_dir(args))
    done = []

    def progress(m: object) -> None:
        done.append(m)
        print(f"measured {len(done)} of {len(args.architectures) * len(args.features)}", file=sys.stderr)

    results = compare(rows, args.architectures, args.features, report=progress)
    print(table(results))
    return 0
