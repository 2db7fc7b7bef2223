#!/usr/bin/env python3
"""Imports every configuration key of each Flink release into data/flink/options.tsv.

Usage:
  import_flink_options.py OPTIONS_TSV RELEASE=GIT_DIR@COMMIT...

  e.g. import_flink_options.py data/flink/options.tsv \\
         1.10=/work/.mirror/JunRuiLee+flink/repo@2b8b670e ... 2.0=/work/.mirror/JunRuiLee+flink/repo@5f9eb876

Each release is read from a bare git directory at a commit (nothing is checked out or copied):
  * Flink's generated option tables, docs/_includes/generated/*.html (1.10-1.12) or
    docs/layouts/shortcodes/generated/*.html (1.13+): key, default, type (enum constants from
    "Possible values"); keys with <placeholders> become pattern rows;
  * the *Options classes that declare those keys (src/main/java): deprecated keys
    (withDeprecatedKeys), fallback keys (withFallbackKeys) and the keys the tables leave out
    (@Documentation.ExcludeFromDocumentation), with the type their builder declares;
  * the keys the start scripts read (flink-dist's bin/config.sh: env.java.home, env.log.dir...).

The hand-curated rows above the "# ---- imported" marker stay as they are and win: a key they
give for a release is not imported for that release. Everything below the marker is rewritten.
Rows of one key are merged over consecutive releases with equal type, default and fallbacks; the
newest release's rows stay open ("-") so that later release lines (2.1, 2.2) take them.
"""
import html
import re
import subprocess
import sys

MARKER = "# ---- imported"
HTML_TYPES = {
    "Boolean": "Boolean", "Integer": "Integer", "Long": "Long", "Float": "Float", "Double": "Double",
    "String": "String", "Duration": "Duration", "MemorySize": "MemorySize", "Map": "Map",
    "List<String>": "StringList",
}
JAVA_TYPES = {
    "booleanType": "Boolean", "intType": "Integer", "longType": "Long", "floatType": "Float",
    "doubleType": "Double", "stringType": "String", "durationType": "Duration", "memoryType": "MemorySize",
    "mapType": "Map", "enumType": "Enum",
}


def git(git_dir, *args):
    return subprocess.run(["git", f"--git-dir={git_dir}", *args], check=True, capture_output=True,
                          text=True, errors="replace").stdout


def version_key(text):
    return tuple(int(p) for p in text.split("."))


def clean_html(text):
    text = re.sub(r"<wbr\s*/?>", "", text)
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text).strip()


def parse_tables(git_dir, commit):
    """{key: (type, default)} and the pattern keys of the generated option tables."""
    names = git(git_dir, "ls-tree", "-r", "--name-only", commit, "--", "docs").split("\n")
    tables = sorted(n for n in names if re.search(r"generated/[^/]*\.html$", n)
                    and "/rest_v" not in n and not n.endswith("_zh.html")
                    and not n.rsplit("/", 1)[1].startswith("pulsar_"))  # a connector's options
    options, patterns = {}, {}
    for name in tables:
        base = name.rsplit("/", 1)[1]
        # A reporter's parameters ("host", "port") are metrics.reporter.<name>.<parameter>, a
        # pattern row of the hand-curated part.
        if "_reporter_configuration" in base:
            continue
        # The SQL gateway's REST endpoint options are documented without their prefix.
        prefix = "sql-gateway.endpoint.rest." if base == "sql_gateway_rest_configuration.html" else ""
        text = git(git_dir, "show", f"{commit}:{name}")
        if "<h5>" not in text:
            continue
        for row in re.findall(r"<tr>(.*?)</tr>", text, re.S):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            if len(cells) < 3 or "<h5>" not in cells[0]:
                continue
            key = clean_html(cells[0])
            if prefix and not key.startswith(prefix):
                key = prefix + key
            default = clean_html(cells[1])
            if len(cells) >= 4:
                raw_type, description = clean_html(cells[2]), cells[3]
            else:  # a table without a Type column
                raw_type, description = "String", cells[2]
            typ = HTML_TYPES.get(raw_type)
            if raw_type == "Enum":
                values = re.findall(r"<li>(?:<code>)?&#34;([^&<]+)&#34;|<li>(?:<code>)?\"([^\"<]+)\"", description)
                values = [a or b for a, b in values]
                typ = "Enum:" + ",".join(values) if values else "String"
            elif typ is None:
                typ = "StringList" if raw_type.startswith("List") else "String"
            if default == "(none)":
                default = "-"
            elif len(default) >= 2 and default[0] == '"' and default[-1] == '"' and '";"' not in default:
                default = default[1:-1]
            default = default.replace("\t", " ").replace("\n", " ") or '""'
            if "<" in key or "*" in key:
                patterns.setdefault(key, (typ, default))
            elif re.fullmatch(r"[A-Za-z0-9_.\-]+", key):
                options.setdefault(key, (typ, default))
    return options, patterns


JAVA_STRING = r'"(?:[^"\\]|\\.)*"'


def strip_comments(text):
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            m = re.match(JAVA_STRING, text[i:])
            end = i + (m.end() if m else 1)
            out.append(text[i:end])
            i = end
        elif text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            i = text.find("*/", i + 2)
            i = n if i < 0 else i + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def literal(expression, constants=None):
    """The value of a Java string expression: literals and String constants joined by '+', or
    String.format("..%s..", ...) of those; None for anything else."""
    constants = constants or {}
    expression = expression.strip()
    m = re.fullmatch(r"String\.format\((.*)\)", expression, re.S)
    if m:
        args = [literal(a, constants) for a in split_args(m.group(1))]
        if not args or None in args:
            return None
        try:
            return args[0] % tuple(args[1:])
        except (TypeError, ValueError):
            return None
    parts = [p.strip() for p in re.findall(JAVA_STRING + r'|[^+"]+', expression) if p.strip()]
    values = []
    for part in parts:
        if re.fullmatch(JAVA_STRING, part):
            values.append(bytes(part[1:-1], "utf-8").decode("unicode_escape"))
        elif part.rsplit(".", 1)[-1] in constants:
            values.append(constants[part.rsplit(".", 1)[-1]])
        else:
            return None
    return "".join(values) if values else None


def string_constants(text):
    """The class's `static final String NAME = "literal";` constants."""
    return {m.group(1): literal(m.group(2)) for m in re.finditer(
        r"static\s+final\s+String\s+(\w+)\s*=\s*(" + JAVA_STRING + r"(?:\s*\+\s*" + JAVA_STRING + r")*)\s*;",
        text)}


def call_args(statement, name):
    """The argument lists of every .name(...) call in the statement."""
    found = []
    for m in re.finditer(r"\.\s*" + name + r"\s*\(", statement):
        depth, i = 1, m.end()
        while i < len(statement) and depth:
            if statement[i] == '"':
                s = re.match(JAVA_STRING, statement[i:])
                i += s.end() if s else 1
                continue
            depth += {"(": 1, ")": -1}.get(statement[i], 0)
            i += 1
        found.append(statement[m.end():i - 1])
    return found


def split_args(args):
    """Top-level comma-separated arguments."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(args):
        c = args[i]
        if c == '"':
            m = re.match(JAVA_STRING, args[i:])
            i += m.end() if m else 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            out.append(args[start:i].strip())
            start = i + 1
        i += 1
    out.append(args[start:].strip())
    return [a for a in out if a]


def java_default(statement):
    for args in call_args(statement, "defaultValue"):
        args = args.strip()
        if re.fullmatch(JAVA_STRING, args):
            return literal(args), "String"
        if re.fullmatch(r"(true|false)", args):
            return args, "Boolean"
        if re.fullmatch(r"-?\d+[lL]", args):
            return args[:-1], "Long"
        if re.fullmatch(r"-?\d+", args):
            return args, "Integer"
        if re.fullmatch(r"-?\d*\.\d+[fF]", args):
            return args[:-1], "Float"
        if re.fullmatch(r"-?\d*\.\d+[dD]?", args):
            return args.rstrip("dD"), "Double"
        return None, None
    return None, None


def parse_java(git_dir, commit, documented):
    """{key: (type, default, fallbacks)} of the option classes that declare documented keys."""
    listing = git(git_dir, "grep", "-l", "-E", r'key\(', commit, "--", "*/src/main/java/*.java")
    shared = string_constants(strip_comments(git(
        git_dir, "show", f"{commit}:flink-core/src/main/java/org/apache/flink/configuration/ConfigConstants.java")))
    result = {}
    for line in listing.split("\n"):
        if not line:
            continue
        path = line.split(":", 1)[1]
        text = strip_comments(git(git_dir, "show", f"{commit}:{path}"))
        constants = {**shared, **string_constants(text)}
        declared = {}
        for m in re.finditer(r"\bkey\(", text):
            args = call_args(text[m.start() - 1:], "key")[0] if text[m.start() - 1] == "." else \
                call_args("." + text[m.start():], "key")[0]
            key = literal(args, constants)
            if key is None:
                continue
            end = text.find(";", m.end())
            statement = text[m.end() + len(args):end if end > 0 else len(text)]
            typ = next((JAVA_TYPES[t] for t in JAVA_TYPES if re.search(r"\." + t + r"\s*\(", statement)), None)
            if re.search(r"\.asList\s*\(", statement):
                typ = "StringList"
            default, literal_type = java_default(statement)
            typ = typ or literal_type or "String"
            fallbacks = []
            for args in call_args(statement, "withDeprecatedKeys"):
                fallbacks += [k for k in (literal(a, constants) for a in split_args(args)) if k]
            for args in call_args(statement, "withFallbackKeys"):
                fallbacks += ["fallback:" + k for k in (literal(a, constants) for a in split_args(args)) if k]
            declared[key] = (typ, default, fallbacks)
        # Only classes whose options Flink documents are configuration options (not connector or
        # format options of a table's WITH clause).
        if any(k in documented for k in declared):
            for key, value in declared.items():
                result.setdefault(key, value)
    return result


def parse_start_scripts(git_dir, commit):
    """The keys bin/config.sh reads from the configuration (KEY_...="key")."""
    try:
        text = git(git_dir, "show", f"{commit}:flink-dist/src/main/flink-bin/bin/config.sh")
    except subprocess.CalledProcessError:
        return set()
    keys = set(re.findall(r'KEY_\w+="([a-z][\w.-]*\.[\w.-]+)"', text))
    keys |= set(re.findall(r'readFromConfig "?\$?\{?([a-z][\w-]*\.[\w.-]+)', text))
    return keys


def read_curated(path):
    header, curated = [], []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for line in lines:
        if line.startswith(MARKER):
            break
        curated.append(line)
    while curated and curated[-1] == "":
        curated.pop()
    return curated


def curated_keys(curated, releases):
    """{release: set of keys the hand-curated rows give (keys and fallback keys)}."""
    taken = {r: set() for r in releases}
    for line in curated:
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        key, since, until, fallbacks = cols[1], cols[5], cols[6], cols[7]
        keys = {key} | ({f.removeprefix("fallback:") for f in fallbacks.split(",")} if fallbacks != "-" else set())
        for r in releases:
            if version_key(since) <= version_key(r) and (until == "-" or version_key(r) <= version_key(until)):
                taken[r] |= keys
    return taken


def main():
    target, specs = sys.argv[1], sys.argv[2:]
    if not specs:
        sys.exit(__doc__)
    releases = []
    for spec in specs:
        release, source = spec.split("=", 1)
        git_dir, commit = source.rsplit("@", 1)
        releases.append((release, git_dir, commit))
    releases.sort(key=lambda r: version_key(r[0]))
    names = [r[0] for r in releases]
    curated = read_curated(target)
    taken = curated_keys(curated, names)

    tables = {release: parse_tables(git_dir, commit) for release, git_dir, commit in releases}
    # An option class is Flink's configuration if any release documents one of its keys (a class
    # whose table a release dropped, such as QueryableStateOptions in 1.18, still counts).
    documented_ever = {k for options, _ in tables.values() for k in options}
    per_release = {}
    for release, git_dir, commit in releases:
        options, patterns = tables[release]
        java = parse_java(git_dir, commit, documented_ever)
        rows = {}
        for key, (typ, default) in options.items():
            jtyp, _, fallbacks = java.get(key, (None, None, []))
            rows[key] = ("known", typ, default, tuple(fallbacks))
        # Keys only an option class declares, in a namespace Flink documents: "factory.class" or
        # "interval" of a reporter class are suffixes, not keys.
        namespaces = {k.split(".", 1)[0] for k in documented_ever}
        for key, (jtyp, default, fallbacks) in java.items():
            if key in rows or "." not in key or key.split(".", 1)[0] not in namespaces:
                continue
            if "<" in key:
                rows[key] = ("pattern", "String", "-", ())
            elif re.fullmatch(r"[A-Za-z0-9_.\-]+", key):
                typ = "StringList" if jtyp == "StringList" else ("String" if jtyp == "Enum" else jtyp)
                rows[key] = ("known", typ, default if default is not None else "-", tuple(fallbacks))
        for key in parse_start_scripts(git_dir, commit):
            rows.setdefault(key, ("known", "String", "-", ()))
        for key, (typ, default) in patterns.items():
            rows[key] = ("pattern", typ, default, ())
        for key in taken[release]:
            rows.pop(key, None)
        per_release[release] = rows
        print(f"{release}: {sum(1 for r in rows.values() if r[0] == 'known')} keys, "
              f"{sum(1 for r in rows.values() if r[0] == 'pattern')} patterns "
              f"({len(options)} documented, {len(java)} declared in option classes)", file=sys.stderr)

    # Merge each key's rows over consecutive releases with equal contents.
    out = []
    keys = sorted({k for rows in per_release.values() for k in rows})
    for key in keys:
        run = None
        for i, release in enumerate(names):
            row = per_release[release].get(key)
            if run and row == run[1] and run[3] == i - 1:
                run[3] = i
                continue
            if run:
                out.append(run)
            run = [key, row, i, i] if row else None
        if run:
            out.append(run)

    lines = curated + ["", MARKER + " by scripts/import_flink_options.py; do not edit below this line. Command:",
                       "#   scripts/import_flink_options.py data/flink/options.tsv " + " ".join(specs),
                       "# Every key of Flink's option tables and option classes per release; \"pattern\" rows "
                       "accept any key", "# they match (<name> is one key segment, or the rest in last place)."]
    for key, (use, typ, default, fallbacks), first, last in sorted(out, key=lambda r: (r[0], r[2])):
        since = names[first]
        until = "-" if last == len(names) - 1 else names[last]
        display = "null" if default == "-" else default
        fb = ",".join(fallbacks) if fallbacks else "-"
        lines.append("\t".join(["-", key, typ, default, display, since, until, fb, use, "-"]))
    with open(target, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
