#!/usr/bin/env python3
"""Rows for the warehouse push-down tests and bench, and the same requests
as a Messages-API JSONL log (what `bandwise ingest FILE` reads), so that the
pushed-down cube can be compared with the file's.

  warehouse_rows.py langfuse|helicone SEED COUNT OUTDIR [--nested]

writes OUTDIR/shard1.tsv and OUTDIR/shard2.tsv (TabSeparated rows for the
two shards' local tables, including replaced versions, deleted rows, other
providers and spans that must not count) and OUTDIR/expected.jsonl (only
the rows that count, in their last version). Deterministic for a seed.
"""
import json
import random
import sys

DAY0 = 20513  # 2026-03-01
MODELS = ["claude-sonnet-4-5-20250929", "claude-haiku-4-5", "claude-opus-4-1"]


def when(rng):
    day = DAY0 + rng.randrange(3)
    return day * 86400 + rng.randrange(86400)


def stamp(t):
    import datetime
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def rfc(t):
    return stamp(t).replace(" ", "T") + "Z"


def tokens(rng, i):
    # Every tenth request is long-context (over 200k input in all).
    big = i % 10 == 7
    inp = rng.randrange(150000, 260000) if big else rng.randrange(0, 5000)
    return (inp, rng.choice([0, rng.randrange(0, 3000)]), rng.choice([0, rng.randrange(0, 2000)]),
            rng.choice([0, 0, rng.randrange(0, 1000)]), rng.randrange(0, 2000))


def message(t, model, workspace, inp, read, w5, w1, out, feature=None):
    usage = {"input_tokens": inp, "cache_read_input_tokens": read,
             "cache_creation_input_tokens": w5 + w1,
             "cache_creation": {"ephemeral_5m_input_tokens": w5, "ephemeral_1h_input_tokens": w1},
             "output_tokens": out}
    line = {"timestamp": rfc(t), "model": model, "workspace_id": workspace, "usage": usage}
    if feature is not None:
        line["metadata"] = {"feature": feature}
    return json.dumps(line, sort_keys=True)


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def arr(xs):
    return "[" + ",".join("'" + x + "'" if isinstance(x, str) else str(x) for x in xs) + "]"


def langfuse(rng, count, shards, expected):
    for i in range(count):
        t = when(rng)
        oid = "obs-%d" % i
        shard = shards[i % 2]
        model = rng.choice(MODELS + ["gpt-4o"])
        project = rng.choice(["proj-a", "proj-b"])
        kind = "SPAN" if i % 17 == 5 else "GENERATION"
        deleted = 1 if i % 23 == 9 else 0
        versions = 2 if i % 5 == 1 else 1
        for v in range(versions):
            inp, read, w5, w1, out = tokens(rng, i)
            keys, vals = [], []
            # Aliases Langfuse's own prices use, one per bucket per row.
            keys.append(rng.choice(["input", "input_tokens"])); vals.append(inp)
            keys.append(rng.choice(["output", "output_tokens"])); vals.append(out)
            if read:
                keys.append(rng.choice(["cache_read_input_tokens", "input_cache_read"])); vals.append(read)
            if w5:
                keys.append(rng.choice(["cache_creation_input_tokens", "input_cache_creation_5m"])); vals.append(w5)
            if w1:
                keys.append("input_cache_creation_1h"); vals.append(w1)
            keys.append("total"); vals.append(inp + out + read + w5 + w1)
            event = t + v * 60
            shard.append("\t".join([oid, "trace-%d" % i, project, kind, stamp(t), model,
                                    arr(keys), arr(vals), stamp(event), str(deleted if v == versions - 1 else 0)]))
        if kind == "GENERATION" and not deleted and model.startswith("claude"):
            expected.append(message(t, model, project, inp, read, w5, w1, out))


def helicone(rng, count, shards, expected):
    for i in range(count):
        t = when(rng)
        rid = "req-%d" % i
        shard = shards[i % 2]
        provider, model = rng.choice([("ANTHROPIC", m) for m in MODELS] + [("OPENAI", "gpt-4o")])
        org = rng.choice(["11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"])
        feature = rng.choice(["search", "chat", ""])
        versions = 2 if i % 4 == 2 else 1
        for v in range(versions):
            inp, read, w5, _, out = tokens(rng, i)
            props_k, props_v = (["feature", "env"], [feature, "prod"]) if feature else (["env"], ["prod"])
            shard.append("\t".join([rid, stamp(t), org, provider, model, "user-1", str(inp), str(out),
                                    arr(props_k), arr(props_v), str(w5), str(read), stamp(t + v * 60)]))
        if provider == "ANTHROPIC":
            expected.append(message(t, model, org, inp, read, w5, 0, out, feature))


def main():
    schema, seed, count, outdir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = random.Random(seed)
    shards, expected = ([], []), []
    (langfuse if schema == "langfuse" else helicone)(rng, count, shards, expected)
    for n, rows in enumerate(shards, 1):
        with open("%s/shard%d.tsv" % (outdir, n), "w") as f:
            f.write("".join(r + "\n" for r in rows))
    with open("%s/expected.jsonl" % outdir, "w") as f:
        f.write("".join(e + "\n" for e in expected))


if __name__ == "__main__":
    main()
