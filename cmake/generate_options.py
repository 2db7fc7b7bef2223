#!/usr/bin/env python3
"""Turns data/flink/options.tsv into the option catalog's C++ tables.

Usage: generate_options.py options.tsv option_ids.hpp option_rows.inc
Fails (exit 1, with file:line) on a malformed row, an unknown type or use, or overlapping version
ranges of one id. Rows of one id may name different keys: an option renamed between releases.
Rows with id "-" (the keys imported by scripts/import_flink_options.py, and key patterns) get no
OptionId of their own: code reads them by key, never by id.
"""
import sys

TYPES = {"MemorySize", "Float", "Double", "Integer", "Long", "Boolean", "StringList", "Duration", "Map", "String"}
USES = {"rule": "Rule", "sim": "Simulator", "known": "Known", "pattern": "Pattern"}


def version(text, where):
    if text == "-":
        return None
    try:
        major, minor = (int(p) for p in text.split("."))
    except ValueError:
        sys.exit(f"{where}: bad version '{text}'")
    return (major, minor)


def cpp_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    source, ids_out, rows_out = sys.argv[1:4]
    rows, ids = [], {}
    with open(source, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            where = f"{source}:{n}"
            cols = line.split("\t")
            if len(cols) != 10:
                sys.exit(f"{where}: expected 10 tab-separated columns, got {len(cols)}")
            oid, key, typ, default, display, since, until, fallbacks, use, description = cols
            enum_values = ""
            if typ.startswith("Enum:"):
                typ, enum_values = "Enum", typ[len("Enum:"):]
            elif typ not in TYPES:
                sys.exit(f"{where}: unknown type '{typ}'")
            if use not in USES:
                sys.exit(f"{where}: unknown use '{use}'")
            lo, hi = version(since, where), version(until, where)
            if lo is None:
                sys.exit(f"{where}: 'since' is required")
            if oid == "-":
                oid = "Unnamed"
            else:
                for other in ids.get(oid, (None, []))[1]:
                    olo, ohi = other
                    if not ((hi is not None and hi < olo) or (ohi is not None and ohi < lo)):
                        sys.exit(f"{where}: the versions of {oid} overlap an earlier row")
                ids.setdefault(oid, (key, []))[1].append((lo, hi))
            if description == "-":
                description = ""
            rows.append((oid, key, typ, default, display, lo, hi, fallbacks, use, description, enum_values))

    with open(ids_out, "w", encoding="utf-8") as out:
        out.write("// Generated from data/flink/options.tsv by cmake/generate_options.py. Do not edit.\n")
        out.write("#pragma once\n\n#include <cstddef>\n#include <cstdint>\n\nnamespace flinkmem {\n\n")
        out.write("// Every option flinkmem knows, in the order of the table.\nenum class OptionId : std::uint16_t {\n")
        for oid in ids:
            out.write(f"    {oid},\n")
        out.write("    Unnamed,  // a key code reads by key only (imported keys, patterns)\n")
        out.write("};\n\n")
        out.write(f"inline constexpr std::size_t kOptionIdCount = {len(ids)};\n\n}}  // namespace flinkmem\n")

    with open(rows_out, "w", encoding="utf-8") as out:
        out.write("// Generated from data/flink/options.tsv by cmake/generate_options.py. Do not edit.\n")
        for i, row in enumerate(rows):
            fallbacks = row[7]
            if fallbacks != "-":
                keys = ", ".join(f"{{{cpp_string(k.removeprefix('fallback:'))}, {'false' if k.startswith('fallback:') else 'true'}}}"
                                 for k in fallbacks.split(","))
                out.write(f"constexpr FallbackKey kFallbacks{i}[] = {{{keys}}};\n")
        out.write("constexpr OptionRow kOptionRows[] = {\n")
        for i, (oid, key, typ, default, display, lo, hi, fallbacks, use, description, enum_values) in enumerate(rows):
            default_cpp = "std::nullopt" if default == "-" else cpp_string(default)
            hi_cpp = "kOpenEnded" if hi is None else f"FlinkVersion{{{hi[0]}, {hi[1]}}}"
            fb = "{}" if fallbacks == "-" else f"kFallbacks{i}"
            out.write(f"    {{OptionId::{oid}, {cpp_string(key)}, OptionType::{typ}, {default_cpp}, "
                      f"{cpp_string(display)}, FlinkVersion{{{lo[0]}, {lo[1]}}}, {hi_cpp}, {fb}, "
                      f"OptionUse::{USES[use]}, {cpp_string(description)}, {cpp_string(enum_values)}}},\n")
        out.write("};\n")


if __name__ == "__main__":
    main()
