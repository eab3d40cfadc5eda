#!/usr/bin/env python3
"""TOML documents and what Python's tomllib (TOML 1.0) reads in each, for TOMLParserTests.

    python3 scripts/reference/toml_cases.py           writes the fixture
    python3 scripts/reference/toml_cases.py --check   exit 1 unless the fixture is exactly this

Writes Tests/PerfModelTests/Fixtures/toml/tomllib-cases.jsonl, one case a line:
{"toml": TEXT, "value": TAGGED} when tomllib reads TEXT, {"toml": TEXT, "error": LINE}
when it refuses it (LINE from tomllib's "(at line N, column M)", or null).

The documents are made from a fixed seed: short ones built from three key names, so that
tables, arrays of tables, dotted keys and inline tables collide and redefine one another
as often as possible; and the TOML 1.0 specification's own examples, each mutated a few
times (bytes inserted, deleted or replaced, lines duplicated or swapped), which makes
mistakes of every kind. Values are tagged so that types survive JSON: {"s": string},
{"i": "decimal"}, {"f": "bits in hex" or "nan"}, {"b": bool}, {"d": 0} (a date-time),
{"a": [...]}, {"t": [[key, value], ...]} with keys in tomllib's (the document's) order.

tomllib reads integers of any size; TOML 1.0 says one beyond 64 bits "must" be an error,
so a document with such an integer is recorded as refused (its line null).
Python 3.11+ standard library only.
"""
import datetime
import json
import math
import os
import random
import struct
import sys
import tomllib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "Tests", "PerfModelTests", "Fixtures", "toml", "tomllib-cases.jsonl")

# The TOML 1.0 specification's examples (https://toml.io/en/v1.0.0), a few per section.
SPEC = [
    '# This is a full-line comment\nkey = "value"  # This is a comment at the end of a line\n'
    'another = "# This is not a comment"\n',
    'key = "value"\nbare_key = "value"\nbare-key = "value"\n1234 = "value"\n',
    '"127.0.0.1" = "value"\n"character encoding" = "value"\n"ʎǝʞ" = "value"\n'
    "'key2' = \"value\"\n'quoted \"value\"' = \"value\"\n",
    'name = "Orange"\nphysical.color = "orange"\nphysical.shape = "round"\nsite."google.com" = true\n',
    'fruit.name = "banana"     # this is best practice\nfruit. color = "yellow"    # same as fruit.color\n'
    'fruit . flavor = "banana"   # same as fruit.flavor\n',
    'apple.type = "fruit"\norange.type = "fruit"\napple.skin = "thin"\norange.skin = "thick"\n'
    'apple.color = "red"\norange.color = "orange"\n',
    '3.14159 = "pi"\n',
    'str = "I\'m a string. \\"You can quote me\\". Name\\tJos\\u00E9\\nLocation\\tSF."\n',
    'str1 = """\nRoses are red\nViolets are blue"""\n',
    'str2 = """\nThe quick brown \\\n\n\n  fox jumps over \\\n    the lazy dog."""\n'
    'str3 = """\\\n       The quick brown \\\n       fox jumps over \\\n       the lazy dog.\\\n       """\n',
    'str4 = """Here are two quotation marks: "". Simple enough."""\n'
    'str5 = """Here are three quotation marks: ""\\"."""\n'
    'str6 = """Here are fifteen quotation marks: ""\\"""\\"""\\"""\\"""\\"."""\n'
    'str7 = """"This," she said, "is just a pointless statement.""""\n',
    "winpath  = 'C:\\Users\\nodejs\\templates'\nwinpath2 = '\\\\ServerX\\admin$\\system32\\'\n"
    "quoted   = 'Tom \"Dubs\" Preston-Werner'\nregex    = '<\\i\\c*\\s*>'\n",
    "regex2 = '''I [dw]on't need \\d{2} apples'''\nlines  = '''\nThe first newline is\n"
    "trimmed in raw strings.\n   All other whitespace\n   is preserved.\n'''\n",
    "quot15 = '''Here are fifteen quotation marks: \"\"\"\"\"\"\"\"\"\"\"\"\"\"\"'''\n"
    "apos15 = \"Here are fifteen apostrophes: '''''''''''''''\"\n"
    "str = ''''That,' she said, 'is still pointless.''''\n",
    'int1 = +99\nint2 = 42\nint3 = 0\nint4 = -17\nint5 = 1_000\nint6 = 5_349_221\nint7 = 53_49_221\n'
    'int8 = 1_2_3_4_5\nhex1 = 0xDEADBEEF\nhex2 = 0xdeadbeef\nhex3 = 0xdead_beef\noct1 = 0o01234567\n'
    'oct2 = 0o755\nbin1 = 0b11010110\n',
    'flt1 = +1.0\nflt2 = 3.1415\nflt3 = -0.01\nflt4 = 5e+22\nflt5 = 1e06\nflt6 = -2E-2\n'
    'flt7 = 6.626e-34\nflt8 = 224_617.445_991_228\nsf1 = inf\nsf2 = +inf\nsf3 = -inf\n'
    'sf4 = nan\nsf5 = +nan\nsf6 = -nan\n',
    'bool1 = true\nbool2 = false\n',
    'odt1 = 1979-05-27T07:32:00Z\nodt2 = 1979-05-27T00:32:00-07:00\nodt3 = 1979-05-27T00:32:00.999999-07:00\n'
    'odt4 = 1979-05-27 07:32:00Z\nldt1 = 1979-05-27T07:32:00\nld1 = 1979-05-27\nlt1 = 07:32:00\n'
    'lt2 = 00:32:00.999999\n',
    'integers = [ 1, 2, 3 ]\ncolors = [ "red", "yellow", "green" ]\n'
    'nested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]\nnested_mixed_array = [ [ 1, 2 ], ["a", "b", "c"] ]\n'
    'string_array = [ "all", \'strings\', """are the same""", \'\'\'type\'\'\' ]\n'
    'numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]\n'
    'contributors = [\n  "Foo Bar <foo@example.com>",\n  { name = "Baz Qux", email = "bazqux@example.com", '
    'url = "https://example.com/bazqux" }\n]\n',
    'integers2 = [\n  1, 2, 3\n]\n\nintegers3 = [\n  1,\n  2, # this is ok\n]\n',
    '[table-1]\nkey1 = "some string"\nkey2 = 123\n\n[table-2]\nkey1 = "another string"\nkey2 = 456\n',
    '[dog."tater.man"]\ntype.name = "pug"\n',
    '[a.b.c]            # this is best practice\n[ d.e.f ]          # same as [d.e.f]\n'
    '[ g .  h  . i ]    # same as [g.h.i]\n[ j . "ʞ" . \'l\' ]  # same as [j."ʞ".\'l\']\n',
    '# [x] you\n# [x.y] don\'t\n# [x.y.z] need these\n[x.y.z.w] # for this to work\n\n'
    '[x] # defining a super-table afterward is ok\n',
    '[fruit]\napple = "red"\n\n[fruit]\norange = "orange"\n',
    '[fruit]\napple = "red"\n\n[fruit.apple]\ntexture = "smooth"\n',
    '[fruit.apple]\n[animal]\n[fruit.orange]\n',
    '# Top-level table begins.\nname = "Fido"\nbreed = "pug"\n\n# Top-level table ends.\n'
    '[owner]\nname = "Regina Dogman"\nmember_since = 1999-08-04\n',
    'fruit.apple.color = "red"\n# Defines a table named fruit\n# Defines a table named fruit.apple\n\n'
    'fruit.apple.taste.sweet = true\n# Defines a table named fruit.apple.taste\n',
    '[fruit]\napple.color = "red"\napple.taste.sweet = true\n\n# [fruit.apple]  # INVALID\n'
    '# [fruit.apple.taste]  # INVALID\n\n[fruit.apple.texture]  # you can add sub-tables\nsmooth = true\n',
    'name = { first = "Tom", last = "Preston-Werner" }\npoint = { x = 1, y = 2 }\n'
    'animal = { type.name = "pug" }\n',
    '[product]\ntype = { name = "Nail" }\n# type.edible = false  # INVALID\n',
    '[product]\ntype.name = "Nail"\n# type = { edible = false }  # INVALID\n',
    '[[products]]\nname = "Hammer"\nsku = 738594937\n\n[[products]]  # empty table within the array\n\n'
    '[[products]]\nname = "Nail"\nsku = 284758393\n\ncolor = "gray"\n',
    '[[fruits]]\nname = "apple"\n\n[fruits.physical]  # subtable\ncolor = "red"\nshape = "round"\n\n'
    '[[fruits.varieties]]  # nested array of tables\nname = "red delicious"\n\n[[fruits.varieties]]\n'
    'name = "granny smith"\n\n\n[[fruits]]\nname = "banana"\n\n[[fruits.varieties]]\nname = "plantain"\n',
    '# INVALID TOML DOC\n[fruit.physical]  # subtable, but to which parent element should it belong?\n'
    'color = "red"\nshape = "round"\n\n[[fruit]]  # parser must throw an error upon discovering that "fruit" is\n'
    '           # an array rather than a table\nname = "apple"\n',
    '# INVALID TOML DOC\nfruits = []\n\n[[fruits]] # Not allowed\n',
    '# INVALID TOML DOC\n[[fruits]]\nname = "apple"\n\n[[fruits.varieties]]\nname = "red delicious"\n\n'
    '# INVALID: This table conflicts with the previous array of tables\n[fruits.varieties]\nname = "granny smith"\n\n'
    '[fruits.physical]\ncolor = "red"\nshape = "round"\n\n# INVALID: This array of tables conflicts with the previous table\n'
    '[[fruits.physical]]\ncolor = "green"\n',
    'points = [ { x = 1, y = 2, z = 3 },\n           { x = 7, y = 8, z = 9 },\n           { x = 2, y = 4, z = 8 } ]\n',
]

TOKENS = ["[", "]", "[[", "]]", "=", ".", '"', "'", '"""', "'''", "\\", "#", "\n", "\r\n", "\r", "{", "}",
          ",", "_", "0x", "0o", "0b", "e", "+", "-", "inf", "nan", "true", "\x00", "\x7f", "\t", " ",
          "1979-05-27", "T", "Z", ":", "\\u", "\\U", "é", "0", "1", "07:32:00", "\\\n", "a.b", "= 1\n",
          "\\uD800", "\\U00110000", "9223372036854775808", "-9223372036854775809", "00", "1.", ".1"]


def structural(rng):
    def key():
        return ".".join(rng.choice(["a", "b", "c", '"a"', "'c'"]) for _ in range(rng.randint(1, 3)))

    def value(depth=0):
        r = rng.random()
        if depth < 3 and r < 0.15:
            return "[" + ", ".join(value(depth + 1) for _ in range(rng.randint(0, 3))) + "]"
        if depth < 3 and r < 0.3:
            return "{" + ", ".join(key() + " = " + value(depth + 1) for _ in range(rng.randint(0, 3))) + "}"
        return rng.choice(["1", '"x"', "true", "1.5", "[]", "{}", "0x1f", "-0", "'y'", "-inf", "1e3"])

    lines = []
    for _ in range(rng.randint(1, 7)):
        r = rng.random()
        if r < 0.25:
            lines.append("[" + key() + "]")
        elif r < 0.4:
            lines.append("[[" + key() + "]]")
        else:
            lines.append(key() + " = " + value())
    return "\n".join(lines) + rng.choice(["", "\n"])


def mutated(rng, text):
    b = text
    for _ in range(rng.randint(1, 3)):
        r = rng.random()
        i = rng.randrange(len(b) + 1)
        if r < 0.4:
            b = b[:i] + rng.choice(TOKENS) + b[i:]
        elif r < 0.6:
            b = b[:i] + b[i + rng.randint(1, 6):]
        elif r < 0.75 and i < len(b):
            b = b[:i] + rng.choice(" []{}=.,\"'#\n\\_0a") + b[i + 1:]
        else:
            lines = b.split("\n")
            a, c = rng.randrange(len(lines)), rng.randrange(len(lines))
            if r < 0.88:
                lines.insert(a, lines[c])
            else:
                lines[a], lines[c] = lines[c], lines[a]
            b = "\n".join(lines)
    return b


class TooBig(Exception):
    pass


def tag(v):
    if isinstance(v, bool):
        return {"b": v}
    if isinstance(v, int):
        if not -2**63 <= v < 2**63:
            raise TooBig()
        return {"i": str(v)}
    if isinstance(v, float):
        return {"f": "nan" if math.isnan(v) else format(struct.unpack(">Q", struct.pack(">d", v))[0], "x")}
    if isinstance(v, str):
        return {"s": v}
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return {"d": 0}
    if isinstance(v, list):
        return {"a": [tag(x) for x in v]}
    return {"t": [[k, tag(x)] for k, x in v.items()]}


def case(text):
    try:
        return {"toml": text, "value": tag(tomllib.loads(text))}
    except TooBig:
        return {"toml": text, "error": None}
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        line = None
        if "(at line " in msg:
            line = int(msg.split("(at line ")[1].split(",")[0])
        elif "(at end of document)" in msg:
            line = text.count("\n") + 1
        return {"toml": text, "error": line}


def render():
    rng = random.Random(20261205)
    docs = list(SPEC)
    docs += [structural(rng) for _ in range(700)]
    for s in SPEC:
        docs += [mutated(rng, s) for _ in range(8)]
    return "".join(json.dumps(case(d), ensure_ascii=False, separators=(",", ":")) + "\n" for d in docs)


def main():
    text = render()
    if "--check" in sys.argv[1:]:
        with open(OUT, encoding="utf-8") as fh:
            if fh.read() != text:
                print(f"{OUT} differs from what tomllib reads", file=sys.stderr)
                sys.exit(1)
        print("ok: the fixture is what tomllib reads")
        return
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(text)
    n = text.count("\n")
    refused = text.count('"error":')
    print(f"wrote {OUT}: {n} documents, {n - refused} read, {refused} refused")


if __name__ == "__main__":
    main()
