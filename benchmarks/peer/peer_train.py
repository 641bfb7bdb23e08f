#!/usr/bin/python3
"""The PyTorch peer of nas4j's training benchmarks.

Builds the network nas4j compiles (search-space/.../dl4j/Dl4jCompiler.java and GraphWriter.java) from an
architecture file that carries its space (``spaceConfig``, as examples/reference-cnn.json and the files
``nas bench train`` writes) or from a network spec (the JSON ``nas bench ops`` writes), trains it with
Adam on random batches of the same shape and prints one line per network:

    pytorch <version>: <images/s> images/s train, <ms> ms/step train, <ms> ms/pass infer, <n> params, ...

Run with Debian's python3-torch (apt-get install -y python3-torch); without it the script prints one
line saying so and exits with status 3. It never downloads anything.
"""
import argparse
import json
import statistics
import sys
import time

CATALOGUE = ["conv_1x1", "conv_3x3", "conv_5x5", "dil_conv_3x3_d2", "dil_conv_3x3_d3", "sep_conv_3x3",
             "sep_conv_5x5", "inception", "residual", "max_pool_3x3", "avg_pool_3x3"]
REDUCTIONS = ["max_pool_2x2", "avg_pool_2x2", "conv_3x3_s2"]
SKIPPED = 3
# DL4J 1.0.0-M2.1's BatchNormalization layer ignores its activation; nas4j adds a ReLU layer after the batch
# norm (GraphWriter.batchNorm), so conv -> BN -> ReLU units are what they say. False mirrors nas4j before 0.2.
BN_RELU = True


def fail(message):
    print("peer: " + message, file=sys.stderr)
    sys.exit(2)


def spec_from_architecture(arch, source):
    """The network spec of an architecture file, as CnnSearchSpace.spec and SpaceConfig.from build it."""
    s = arch.get("spaceConfig")
    if not isinstance(s, dict):
        fail(source + " carries no spaceConfig: pass an architecture file with its space (nas bench train writes one)")
    decisions = arch.get("decisions", {})
    inp = s["input"]
    layers = int(s["layers"])
    reductions = sorted(int(r) for r in s.get("reductions", []))
    widths = [int(w) for w in s.get("widths", [16])]
    if len(widths) == 1:
        widths = [min(4096, widths[0] << i) for i in range(len(reductions) + 1)]
    stem = s.get("stem", {})
    ops = list(dict.fromkeys(s.get("ops", CATALOGUE)))
    reduction_ops = list(dict.fromkeys(s.get("reduction_ops", REDUCTIONS)))
    skips_on = bool(s.get("skip_connections", True))

    def reduction(number, after):
        return {"reduction": after, "op": decisions.get("reduction%d.op" % number, reduction_ops[0]),
                "width": widths[number]}

    blocks = []
    if 0 in reductions:
        blocks.append(reduction(1, 0))
    for i in range(1, layers + 1):
        skips = [f for f in range(0, i - 1) if skips_on
                 and decisions.get("layer%d.skip.%s" % (i, "stem" if f == 0 else "layer%d" % f)) == "1"]
        width = widths[sum(1 for r in reductions if r < i)]
        blocks.append({"layer": i, "op": decisions.get("layer%d.op" % i, ops[0]), "width": width, "skips": skips})
        if i in reductions:
            blocks.append(reduction(reductions.index(i) + 1, i))
    return {"input": [int(inp["height"]), int(inp["width"]), int(inp["channels"])], "classes": int(s["classes"]),
            "stem": [int(stem.get("channels", widths[0])), int(stem.get("kernel", 3))], "blocks": blocks}


def inception_widths(width):
    """The four branch widths of inception; below 4 channels each branch keeps one, so the sum exceeds width."""
    b = max(1, width // 4)
    return b, b, b, max(1, width - 3 * b)


def build(spec, torch):
    nn = torch.nn

    def same_pad(kernel):
        return kernel // 2

    class ConvBn(nn.Sequential):
        def __init__(self, cin, kernel, cout, stride=1, relu=True, dilation=1):
            mods = [nn.Conv2d(cin, cout, kernel, stride=stride, padding=same_pad(kernel) * dilation,
                              dilation=dilation, bias=False),
                    nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)]
            if relu and BN_RELU:
                mods.append(nn.ReLU(inplace=True))
            super().__init__(*mods)

    def pool(kind, kernel, stride):
        # Same padding: stride-1 pools pad by kernel//2; strided pools round up (ceil mode).
        if kind == "max":
            return nn.MaxPool2d(kernel, stride, padding=kernel // 2 if stride == 1 else 0, ceil_mode=True)
        return nn.AvgPool2d(kernel, stride, padding=kernel // 2 if stride == 1 else 0, ceil_mode=True,
                            count_include_pad=False)

    class Concat(nn.Module):
        def __init__(self, *branches):
            super().__init__()
            self.branches = nn.ModuleList(branches)

        def forward(self, x):
            return torch.cat([b(x) for b in self.branches], 1)

    class Residual(nn.Module):
        def __init__(self, cin, width):
            super().__init__()
            self.body = nn.Sequential(ConvBn(cin, 3, width), ConvBn(width, 3, width, relu=False))
            self.shortcut = nn.Identity() if cin == width else ConvBn(cin, 1, width, relu=False)

        def forward(self, x):
            return torch.relu(self.body(x) + self.shortcut(x))

    def project(cin, width):
        return nn.Identity() if cin == width else ConvBn(cin, 1, width)

    def op(name, c, w):
        if name in ("conv_1x1", "conv_3x3", "conv_5x5"):
            return ConvBn(c, int(name[-1]), w)
        if name.startswith("dil_conv_3x3_d"):
            return ConvBn(c, 3, w, dilation=int(name[-1]))
        if name.startswith("sep_conv_"):
            k = int(name[-1])
            return nn.Sequential(nn.Conv2d(c, c, k, padding=k // 2, groups=c, bias=False), ConvBn(c, 1, w))
        if name == "inception":
            b, _, _, last = inception_widths(w)
            return Concat(ConvBn(c, 1, b), nn.Sequential(ConvBn(c, 1, b), ConvBn(b, 3, b)),
                          nn.Sequential(ConvBn(c, 1, b), ConvBn(b, 3, b), ConvBn(b, 3, b)),
                          nn.Sequential(pool("max", 3, 1), ConvBn(c, 1, last)))
        if name == "residual":
            return Residual(c, w)
        if name in ("max_pool_3x3", "avg_pool_3x3"):
            return nn.Sequential(pool(name[:3], 3, 1), project(c, w))
        fail("unknown op '%s'; allowed: %s" % (name, ", ".join(CATALOGUE)))

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            h, w, c = spec["input"]
            stem_c, stem_k = spec["stem"]
            self.stem = ConvBn(c, stem_k, stem_c)
            c = stem_c
            channels, stages, stage = {0: c}, {0: 0}, 0
            self.steps = nn.ModuleList()
            self.plan = []  # per step: (layer index or None, [(from, pool module index)], join index)
            self.joins = nn.ModuleList()
            self.skip_pools = nn.ModuleList()
            for block in spec["blocks"]:
                if "layer" in block:
                    i, width = block["layer"], block["width"]
                    self.steps.append(op(block["op"], c, width))
                    c = sum(inception_widths(width)) if block["op"] == "inception" else width
                    skips = []
                    if block["skips"]:
                        joined = c
                        for f in block["skips"]:
                            stride = 1 << (stage - stages[f])
                            self.skip_pools.append(pool("avg", stride, stride) if stride > 1 else nn.Identity())
                            skips.append((f, len(self.skip_pools) - 1))
                            joined += channels[f]
                        self.joins.append(ConvBn(joined, 1, width))
                    self.plan.append((i, skips, len(self.joins) - 1 if skips else None))
                    channels[i], stages[i] = c, stage
                else:
                    name = block["op"]
                    if name == "conv_3x3_s2":
                        self.steps.append(ConvBn(c, 3, block["width"], stride=2))
                        c = block["width"]
                    elif name in ("max_pool_2x2", "avg_pool_2x2"):
                        self.steps.append(pool(name[:3], 2, 2))
                    else:
                        fail("unknown reduction op '%s'; allowed: %s" % (name, ", ".join(REDUCTIONS)))
                    stage += 1
                    self.plan.append((None, [], None))
            self.head = nn.Linear(c, spec["classes"])

        def forward(self, x):
            x = self.stem(x)
            outputs = {0: x}
            for step, (i, skips, join) in zip(self.steps, self.plan):
                x = step(x)
                if skips:
                    x = self.joins[join](torch.cat([x] + [self.skip_pools[p](outputs[f]) for f, p in skips], 1))
                if i is not None:
                    outputs[i] = x
            return self.head(torch.flatten(torch.nn.functional.adaptive_avg_pool2d(x, 1), 1))

    return Net()


def param_count(net):
    """Parameters as nas4j counts them: weights and the batch norms' running statistics."""
    return sum(p.numel() for p in net.parameters()) + sum(b.numel() for n, b in net.named_buffers()
                                                          if n.endswith("running_mean") or n.endswith("running_var"))


def prepare(spec, torch, args):
    """The network of spec, its training step and inference pass on one random batch, and its parameter count."""
    torch.manual_seed(0)
    net = build(spec, torch)
    h, w, c = spec["input"]
    x = torch.randn(args.batch, c, h, w)
    y = torch.randint(0, spec["classes"], (args.batch,))
    opt = torch.optim.Adam(net.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()

    def infer():
        with torch.no_grad():
            net(x)

    return net, step, infer, param_count(net)


def bench(specs, torch, args):
    """
    One result line per spec: the median training step and inference pass after warm-up, the networks' steps
    taken in turn (one step of each, then the next), so that every network meets the same load on shared cores
    (nas4j's side measures the same way).
    """
    if args.params_only:
        return ["%d params" % param_count(build(spec, torch)) for spec in specs]
    nets = [prepare(spec, torch, args) for spec in specs]
    for net, step, _, _ in nets:
        net.train()
        for _ in range(args.warmup):
            step()
    train = medians_in_turn([step for _, step, _, _ in nets], args.steps)
    for net, _, infer, _ in nets:
        net.eval()
        for _ in range(args.warmup):
            infer()
    infer = medians_in_turn([infer for _, _, infer, _ in nets], args.steps)
    return ["%.1f images/s train, %.2f ms/step train, %.2f ms/pass infer, %d params, batch %d, %d threads, %d steps" % (
        args.batch / t, t * 1e3, i * 1e3, params, args.batch, torch.get_num_threads(), args.steps)
        for t, i, (_, _, _, params) in zip(train, infer, nets)]


def medians_in_turn(fns, n):
    """The median time of n calls of each of fns, called in turn: robust to other work on shared cores."""
    times = [[] for _ in fns]
    for _ in range(n):
        for fn, t in zip(fns, times):
            t0 = time.perf_counter()
            fn()
            t.append(time.perf_counter() - t0)
    return [statistics.median(t) for t in times]


def main():
    p = argparse.ArgumentParser(description="Train nas4j's network in PyTorch and print images/s.")
    p.add_argument("--arch", action="append", dest="inputs", type=lambda f: ("arch", f),
                   help="architecture file with spaceConfig (repeatable; one line per network, in order)")
    p.add_argument("--spec", action="append", dest="inputs", type=lambda f: ("spec", f),
                   help="network spec JSON from nas bench ops (repeatable)")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--steps", type=int, default=20, help="timed training steps (and inference passes); the median is reported")
    p.add_argument("--warmup", type=int, default=2, help="untimed steps first")
    p.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's own)")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=0.0)
    p.add_argument("--params-only", action="store_true", help="print the parameter count only")
    args = p.parse_args()
    if not args.inputs:
        fail("give --arch FILE or --spec FILE")
    if args.batch < 1 or args.steps < 1 or args.warmup < 0:
        fail("--batch and --steps must be at least 1 and --warmup at least 0")
    try:
        import torch
    except ImportError:
        print("peer benchmark skipped: PyTorch is not installed for %s (apt-get install -y python3-torch)"
              % sys.executable)
        sys.exit(SKIPPED)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    specs = [spec_from_architecture(read(f), f) if kind == "arch" else read(f) for kind, f in args.inputs]
    for line in bench(specs, torch, args):
        print("pytorch %s: %s" % (torch.__version__, line), flush=True)


def read(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        fail("cannot read %s: %s" % (path, e))


if __name__ == "__main__":
    main()
