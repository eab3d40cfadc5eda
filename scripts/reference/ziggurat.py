#!/usr/bin/env python3
"""The ziggurat's tables (Sources/SimKernel/ExponentialZigguratTables.swift), from `zigset`.

    python3 scripts/reference/ziggurat.py           writes the file
    python3 scripts/reference/ziggurat.py --check   exit 1 unless the file is exactly this

Marsaglia and Tsang, "The Ziggurat Method for Generating Random Variables", J. Stat. Softw.
5(8), 2000, section 4, `zigset` for the exponential with 256 layers: de = 7.697117470131487,
ve = 3.949659822581572e-3, m2 = 2^32; the layer thresholds k, widths w and densities f.
Python's math.exp and math.log are the C library's, as Foundation's are on Linux;
RandomTests.zigguratTablesAreThePapers recomputes the tables in Swift and compares every bit.
Python 3 standard library only.
"""
import math
import os
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "Sources", "SimKernel", "ExponentialZigguratTables.swift")


def zigset():
    m2 = 4294967296.0
    de = 7.697117470131487
    te = de
    ve = 3.949659822581572e-3
    k = [0] * 256
    w = [0.0] * 256
    f = [0.0] * 256
    q = ve / math.exp(-de)
    k[0] = int((de / q) * m2)
    k[1] = 0
    w[0] = q / m2
    w[255] = de / m2
    f[0] = 1.0
    f[255] = math.exp(-de)
    for i in range(254, 0, -1):
        de = -math.log(ve / de + math.exp(-de))
        k[i + 1] = int((de / te) * m2)
        te = de
        f[i] = math.exp(-de)
        w[i] = de / m2
    return k, w, f


def hex_literal(x):
    """C's %a (and a Swift hexadecimal float literal): no trailing zeros in the fraction."""
    mantissa, exponent = x.hex().split("p")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}p{exponent}"


def rows(values, per):
    return "\n".join("        " + ", ".join(values[s:s + per]) + ","
                     for s in range(0, len(values), per))


def render():
    k, w, f = zigset()
    return (
        "// Generated from Marsaglia and Tsang's `zigset` (256 layers, exponential) by\n"
        "// scripts/reference/ziggurat.py: the layer thresholds `k`, widths `w` and densities `f` of\n"
        "// ``ExponentialZiggurat``, as exact literals, so that they are in the binary from the start\n"
        "// (tables computed at first use cost a lazy-initialisation check and three array retains\n"
        "// on every draw). `RandomTests.zigguratTablesAreThePapers` recomputes them with `zigset`\n"
        "// and compares every bit.\n"
        "\n"
        "extension ExponentialZiggurat {\n"
        "    static let k: [UInt32] = [\n"
        + rows([f"0x{x:08x}" for x in k], 8) + "\n    ]\n\n"
        "    static let w: [Double] = [\n" + rows([hex_literal(x) for x in w], 4) + "\n    ]\n\n"
        "    static let f: [Double] = [\n" + rows([hex_literal(x) for x in f], 4) + "\n    ]\n}\n"
    )


def main():
    text = render()
    if "--check" in sys.argv[1:]:
        with open(OUT) as fh:
            if fh.read() != text:
                print(f"ziggurat: {OUT} differs from zigset's tables", file=sys.stderr)
                sys.exit(1)
        print("ziggurat: the tables are zigset's")
        return
    with open(OUT, "w") as fh:
        fh.write(text)


if __name__ == "__main__":
    main()
