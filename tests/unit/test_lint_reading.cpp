#include <doctest/doctest.h>

#include "lint_support.hpp"

using namespace flinkmem;
using flinkmem::test::findings_of;
using flinkmem::test::messages_of;
using flinkmem::test::validate_conf;

namespace {

std::string outcome_of_flinkmem_yaml(std::string_view text) {
    try {
        const auto settings = parse_flinkmem_yaml(text, ".flinkmem.yaml");
        std::string joined;
        for (const auto& id : settings.disabled) joined += (joined.empty() ? "" : ",") + id;
        for (const auto& glob : settings.include) joined += " include " + glob;
        for (const auto& glob : settings.exclude) joined += " exclude " + glob;
        return joined;
    } catch (const Error& e) {
        return e.context()->source.describe() + ": " + e.message() + " | " + e.hint();
    }
}

}  // namespace

TEST_SUITE("lint_reading") {
    TEST_CASE("FM103: a line without a space after the colon, and an empty value") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "taskmanager.numberOfTaskSlots:4\n"
            "parallelism.default: \n");
        CHECK(messages_of(result, "FM103") ==
              std::vector<std::string>{"2: Error while trying to split key and value in configuration file "
                                       "conf/flink-conf.yaml:2: Line "
                                       "is not a key-value pair (missing space after ':'?)",
                                       "3: Error while trying to split key and value in configuration file "
                                       "conf/flink-conf.yaml:3: Line "
                                       "is not a key-value pair (missing space after ':'?)"});
        const auto found = findings_of(result, "FM103");
        CHECK(found[0].component == Component::TaskManager);
        CHECK(found[0].hint ==
              "Write 'key: value' with a space after the colon, or delete the line; Flink skips it.");
    }

    TEST_CASE("FM103: an empty key") {
        const auto result = validate_conf(": 4\n");
        CHECK(messages_of(result, "FM103") ==
              std::vector<std::string>{"1: Error after splitting key and value in configuration file "
                                       "conf/flink-conf.yaml:1: Key or value was empty"});
    }

    TEST_CASE("FM103: not for comments, blank lines and well-formed lines") {
        const auto result =
            validate_conf("# a comment: with a colon\n\n   \ntaskmanager.memory.process.size: 1728m\n");
        CHECK(findings_of(result, "FM103").empty());
    }

    TEST_CASE("FM104: the last of two values wins silently in flink-conf.yaml") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "parallelism.default: 2\n"
            "taskmanager.memory.process.size: 2048m\n");
        CHECK(messages_of(result, "FM104") ==
              std::vector<std::string>{"3: 'taskmanager.memory.process.size' is set again here; this value "
                                       "replaces '1728m' from conf/flink-conf.yaml:1"});
        CHECK(findings_of(result, "FM104")[0].severity == Severity::Warning);
        CHECK(result.components[0].reason == "Total Process Memory 2.000gb (2147483648 bytes)");
    }

    TEST_CASE("FM104: an error in config.yaml, where Flink refuses duplicates") {
        Document document;
        document.name = document.path = "conf/config.yaml";
        document.format = InputFormat::ConfigYaml;
        document.notes.push_back({ReadNote::Kind::DuplicateKey, Source::in_file("conf/config.yaml", 7),
                                  "taskmanager.numberOfTaskSlots",
                                  "duplicate key 'taskmanager.numberOfTaskSlots'"});
        const auto result = validate_document(document, {});
        REQUIRE(findings_of(result, "FM104").size() == 1);
        CHECK(findings_of(result, "FM104")[0].severity == Severity::Error);
        CHECK(findings_of(result, "FM104")[0].hint ==
              "Flink's config.yaml parser rejects duplicate keys; keep one.");
    }

    TEST_CASE("FM104: not for distinct keys") {
        CHECK(findings_of(validate_conf("a.b: 1\na.c: 1\n"), "FM104").empty());
    }

    TEST_CASE("FM105: quotes kept in a legacy value, which Flink then cannot parse") {
        const auto result = validate_conf("taskmanager.memory.process.size: \"1728m\"\n");
        CHECK(messages_of(result, "FM105") ==
              std::vector<std::string>{"1: the legacy flink-conf.yaml parser keeps quotes: Flink reads "
                                       "'\"1728m\"' including them"});
        CHECK(findings_of(result, "FM100").size() == 1);
    }

    TEST_CASE("FM105: not for env.java.* (the scripts strip those quotes) nor unquoted values") {
        const auto result = validate_conf(
            "env.java.opts: \"-Dfile.encoding=UTF-8\"\n"
            "taskmanager.memory.process.size: 1728m\n");
        CHECK(findings_of(result, "FM105").empty());
    }

    TEST_CASE("FM106: placeholders of envsubst, Helm and sed") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: ${FLINK_TM_MEMORY:-4g}\n"
            "jobmanager.memory.process.size: {{ .Values.jm.memory }}\n"
            "taskmanager.numberOfTaskSlots: %nb_slots%\n");
        CHECK(messages_of(result, "FM106") ==
              std::vector<std::string>{
                  "1: 'taskmanager.memory.process.size' = '${FLINK_TM_MEMORY:-4g}' holds a ${} placeholder; "
                  "Flink "
                  "reads it literally unless something substitutes it first (the official image's entrypoint "
                  "does, up to 1.18)",
                  "2: 'jobmanager.memory.process.size' = '{{ .Values.jm.memory }}' holds a template "
                  "placeholder "
                  "({{ }}); Flink reads it literally, so render the template first",
                  "3: 'taskmanager.numberOfTaskSlots' = '%nb_slots%' holds a %name% placeholder that a start "
                  "script's sed should have replaced; Flink reads it literally"});
    }

    TEST_CASE("FM106: not for values with a single percent sign or braces") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "metrics.reporter.x.interval: 60 SECONDS\n"
            "some.template: 50%\n"
            "json.value: {a}\n");
        CHECK(findings_of(result, "FM106").empty());
    }

    TEST_CASE("discover: by name as repositories name files, by content, templates") {
        const Release& release = default_release();
        const auto found = [&release](std::string_view name, std::string_view text,
                                      DiscoveryHints hints = {}) {
            return discover(name, text, hints, release);
        };
        using enum Discovered;
        CHECK(found("x.yaml", "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\n") ==
              Configuration);
        CHECK(found("x.yaml", "kind: FlinkSessionJob\n") == Configuration);
        CHECK(found("cm.yaml", "kind: ConfigMap\ndata:\n  flink-conf.yaml: |\n    a: b\n") == Configuration);
        CHECK(found("docker-compose.yml",
                    "services:\n  tm:\n    environment:\n      - FLINK_PROPERTIES=x\n") == Configuration);
        // Names: *flink-conf*, *flinkconf*, in any case, .yaml or .yml; nothing else by name alone.
        for (const char* name : {"flink-conf.yaml", "prod.flink-conf.yaml", "flink-conf-staging.yml",
                                 "017-flinkconf.yaml", "Flink-Conf.YAML"}) {
            CHECK_MESSAGE(found(name, "a.b: c\n") == Configuration, name);
        }
        CHECK(found("flink-conf.yaml.bak", "a.b: c\n") == Skipped);
        CHECK(found("values.yaml", "a.b: c\n") == Skipped);
        CHECK(found("values.yaml", "a.b: c\n", {.explicitly_named = true}) == Configuration);
        // *config*: only with a key of the catalog (flattened), or beside Flink's other conf files.
        CHECK(found("config.yaml", "server:\n  port: 8080\nlogging:\n  level: debug\n") == Skipped);
        CHECK(found("config.yaml", "taskmanager:\n  memory:\n    process:\n      size: 4g\n") ==
              Configuration);
        CHECK(found("staging-config.yml", "taskmanager.memory.process.size: 4g\n") == Configuration);
        CHECK(found("018-configyaml.yaml", "jobmanager:\n  memory:\n    process.size: 1g\n") ==
              Configuration);
        CHECK(found("config.yaml", "server:\n  port: 8080\n", {.beside_flink_conf_files = true}) ==
              Configuration);
        CHECK(found("config.yaml", "taskmanager: 4g\nsize: 1\n") == Skipped);  // no nesting, no key
        // Templates: {{ ... }} or {% ... %} in a file discovery chose; others stay skipped.
        CHECK(found("configmap.yaml",
                    "kind: ConfigMap\ndata:\n  flink-conf.yaml: |\n    a: {{ .Values.a }}\n") == Template);
        CHECK(found("flink-conf.yaml.j2.yaml", "{% for k in keys %}\n{{ k }}: 1\n{% endfor %}\n") ==
              Template);
        CHECK(found("deployment.yaml", "kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n") ==
              Skipped);
        CHECK(found("mine.yaml", "a: {{ .Values.a }}\n", {.explicitly_named = true}) == Template);
        CHECK(template_line("a: 1\nb: '{{ x }}'\n{% if %}\n") == 2);
        CHECK(template_line("a: \"{{\"\nb: ${X}\n") == 0);
        CHECK(template_line("x: {{.Values.a}}\n") == 1);
        CHECK(template_line("x: {{- include \"labels\" . | nindent 4 }}\n") == 1);
        // The operator's own placeholders in spec.ingress.template are not a template.
        CHECK(template_line("  ingress:\n    template: '{{name}}-{{namespace}}.example.com'\n") == 0);
    }

    TEST_CASE("glob_matches: segments, ** across them, names without '/'") {
        CHECK(glob_matches("charts", "charts/flink/templates/cm.yaml"));
        CHECK(glob_matches("charts/**", "charts/flink/templates/cm.yaml"));
        CHECK(glob_matches("**/templates/**", "charts/flink/templates/cm.yaml"));
        CHECK(glob_matches("*.tpl.yaml", "deploy/flink-conf.tpl.yaml"));
        CHECK(glob_matches("deploy/*.yaml", "./deploy/flink-conf.yaml"));
        CHECK_FALSE(glob_matches("deploy/*.yaml", "deploy/prod/flink-conf.yaml"));
        CHECK(glob_matches("deploy/**/*.yaml", "deploy/flink-conf.yaml"));
        CHECK(glob_matches("deploy/**/*.yaml", "deploy/prod/eu/flink-conf.yaml"));
        CHECK(glob_matches("flink-conf-?.yaml", "envs/flink-conf-a.yaml"));
        CHECK_FALSE(glob_matches("flink-conf-?.yaml", "envs/flink-conf-ab.yaml"));
        CHECK_FALSE(glob_matches("chart", "charts/x.yaml"));
        CHECK(glob_matches("/envs/", "envs/x.yaml"));
    }

    TEST_CASE(".flinkmem.yaml: both list forms") {
        CHECK(outcome_of_flinkmem_yaml("# repo policy\ndisable: [FM105, 'FM112']\n") == "FM105,FM112");
        CHECK(outcome_of_flinkmem_yaml("disable:\n  - FM101\n  - \"FM106\"  # templates\n") == "FM101,FM106");
        CHECK(outcome_of_flinkmem_yaml("disable: []\n").empty());
        CHECK(outcome_of_flinkmem_yaml(
                  "exclude:\n  - \"charts/**\"  # rendered in CI\n  - vendor\ninclude: ['deploy/*.conf']\n"
                  "disable: [FM105]\n") == "FM105 include deploy/*.conf exclude charts/** exclude vendor");
    }

    TEST_CASE(".flinkmem.yaml: every error with its whole message") {
        CHECK(
            outcome_of_flinkmem_yaml("disable: [FM105, FM999]\n") ==
            ".flinkmem.yaml:1: unknown rule 'FM999' in disable | Rule IDs are listed in docs/rules/ (FM001, "
            "FM101, ...).");
        CHECK(outcome_of_flinkmem_yaml("enable: [FM105]\n") ==
              ".flinkmem.yaml:1: unknown setting 'enable' (the settings are 'disable', 'include' and "
              "'exclude') | "
              "Write 'disable: [FM105, FM112]' or 'exclude: [\"charts/**\"]'.");
        CHECK(outcome_of_flinkmem_yaml("disable: FM105\n") ==
              ".flinkmem.yaml:1: disable must be a list of rule IDs | Write 'disable: [FM105, FM112]'.");
        CHECK(outcome_of_flinkmem_yaml("disable:\n  - FM105\nfail-on: note\n") ==
              ".flinkmem.yaml:3: unknown setting 'fail-on' (the settings are 'disable', 'include' and "
              "'exclude') | "
              "Write 'disable: [FM105, FM112]' or 'exclude: [\"charts/**\"]'.");
        CHECK(outcome_of_flinkmem_yaml("exclude: charts\n") ==
              ".flinkmem.yaml:1: exclude must be a list of globs | Write 'exclude: [\"charts/**\", "
              "\"*.tpl.yaml\"]'.");
    }

    TEST_CASE("inline ignores: lists, spaces, and comments that are not ours") {
        Suppressions suppressions;
        collect_inline_ignores(
            "a: 1 # flinkmem: ignore[FM101, FM105]\n"
            "b: 2 #flinkmem:ignore\n"
            "c: 3 # see flinkmem: ignore[FM101] in the docs\n",
            "f.yaml", suppressions);
        const auto& lines = suppressions.inline_ignores["f.yaml"];
        REQUIRE(lines.size() == 2);
        CHECK(lines.at(1) == std::set<std::string, std::less<>>{"FM101", "FM105"});
        CHECK(lines.at(2).empty());
    }
}
