#!/usr/bin/env python3
"""Flink versions and keys are data: fails on a version comparison outside versions/ and on a
Flink key read or written by a string literal instead of through the option table.

Allowed: the release table (src/flinkmem/versions/), per-release rule tables that list
FlinkVersion{...} rows as data, keys inside message texts and comments (ported Flink messages
name keys), namespace prefixes ("jobmanager."), and a table of keys of releases before 1.10 that
no option table can hold, marked "data_not_code: allow" (the marker covers the lines up to the
table's closing "}};"). Usage: data_not_code.py SOURCE_ROOT
"""
import os
import re
import sys

NAMESPACES = ("taskmanager", "jobmanager", "state", "execution", "parallelism", "kubernetes", "yarn", "env",
              "containerized", "python", "high-availability", "rest", "metrics", "pipeline", "restart-strategy",
              "cluster", "web", "security", "io", "fs", "s3", "heartbeat", "akka", "pekko", "blob", "slot",
              "resourcemanager", "table", "classloader", "jobstore", "historyserver", "queryable-state")
KEY = r'"(?:%s)\.[A-Za-z0-9_.-]+"' % "|".join(re.escape(n) for n in NAMESPACES)
# A key, not a namespace prefix ("jobmanager." routes by namespace, which is fine).
KEY_NOT_PREFIX = r'"(?:%s)\.[A-Za-z0-9_.-]*[A-Za-z0-9_-]"' % "|".join(re.escape(n) for n in NAMESPACES)
# A literal key handed to a configuration, or listed as a key to look up or write.
KEY_USE = re.compile(r'(?:\b(?:find|set|contains|lookup|get_string|get_int|get_long|get_double|get_float|'
                     r'get_bool|get_memory_size|get_duration|erase|remove)\s*\(\s*' + KEY + r')'
                     r'|(?:\{\s*' + KEY_NOT_PREFIX + r'\s*,)'
                     r'|(?:starts_with\(\s*' + KEY_NOT_PREFIX + r')'
                     r'|(?:for\s*\([^)]*:\s*\{\s*' + KEY + r')')
# if (version < FlinkVersion{1, 16}), release.version() >= ..., etc.
VERSION_COMPARISON = re.compile(r'(?:[<>]=?|[!=]=)\s*(?:FlinkVersion\s*)?\{\s*\d+\s*,\s*\d+\s*\}'
                                r'|FlinkVersion\s*\{\s*\d+\s*,\s*\d+\s*\}\s*(?:[<>]=?|[!=]=)'
                                r'|version\(\)\s*(?:[<>]=?)\s*FlinkVersion')


def strip_comments(line):
    return line.split("//", 1)[0]


def main():
    root = sys.argv[1]
    problems = []
    for folder in ("src", "include"):
        for directory, _, names in os.walk(os.path.join(root, folder)):
            for name in sorted(names):
                if not name.endswith((".cpp", ".hpp")):
                    continue
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, root)
                in_versions = "/versions/" in relative
                with open(path, encoding="utf-8") as source:
                    allowed = False
                    for number, line in enumerate(source, 1):
                        if "data_not_code: allow" in line:
                            allowed = True
                        if allowed:
                            allowed = "}};" not in line
                            continue
                        code = strip_comments(line)
                        if KEY_USE.search(code):
                            problems.append(f"{relative}:{number}: a Flink key by literal; use the option table "
                                            f"(OptionId): {line.strip()}")
                        if not in_versions and VERSION_COMPARISON.search(code):
                            problems.append(f"{relative}:{number}: a version comparison outside versions/; put the "
                                            f"difference in the release table: {line.strip()}")
    for problem in problems:
        print(problem)
    print(f"{len(problems)} places read keys or compare versions in code")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
