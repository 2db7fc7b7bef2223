#include <doctest/doctest.h>

#include <string>

#include "flinkmem/readers/conf_dir.hpp"
#include "flinkmem/readers/inputs.hpp"
#include "flinkmem/readers/operator_memory.hpp"

using namespace flinkmem;

namespace {

std::string value_of(const Document& document, const char* key) {
    const ConfigEntry* entry = document.config.find(key);
    return entry ? entry->value : "<unset>";
}

template <typename Call>
std::string error_of(Call call) {
    try {
        call();
    } catch (const Error& e) {
        return std::string(e.class_name()) + ": " + e.message();
    }
    return "ok";
}

std::string memory(const char* text) {
    try {
        return operator_memory_string(text);
    } catch (const Error& e) {
        return std::string(e.class_name()) + ": " + e.message();
    }
}

}  // namespace

TEST_SUITE("readers_operator_memory") {
    TEST_CASE("Flink's MemorySize first, Kubernetes quantities as fallback") {
        CHECK(memory("2048m") == "2 gb");
        CHECK(memory("2G") == "2 gb");  // Flink's meaning: GiB
        CHECK(memory("1048m") == "1048 mb");
        CHECK(memory("3gb") == "3 gb");
        CHECK(memory("2048") == "2 kb");  // bytes
        CHECK(memory("2Gi") == "2147483648");
        CHECK(memory("2000Mi") == "2097152000");
        CHECK(memory("2gi") == "2147483648");
        CHECK(memory("2GiB") == "2147483648");
        CHECK(memory("1.5Gi") == "1610612736.0");  // BigDecimal scale survives; Flink then rejects it
        CHECK(memory("1.5G") == "1500000000.0");
        CHECK(memory("1.5") == "1.5");
        CHECK(memory("1E3") == "1000");
        CHECK(memory("1.5Ei") == "1.7293822569102705E+18");
        CHECK(memory("2E") == "2.000000000000000E+18");
        CHECK(memory("") == "IllegalArgumentException: Invalid quantity string format passed.");
        CHECK(memory("1.5K") == "IllegalArgumentException: Invalid quantity format passed to parse");
        CHECK(memory("Gi") == "NumberFormatException: No digits found.");
        CHECK(memory("1E3G") == "IllegalArgumentException: Invalid quantity string format passed");
        CHECK(memory("abc") ==
              "NumberFormatException: Character A is neither a decimal digit number, decimal point, "
              "nor \"e\" notation exponential mark.");
    }
    TEST_CASE("quantity amounts for cpu") {
        CHECK(kubernetes_quantity_amount("500m") == "0.500");
        CHECK(kubernetes_quantity_amount("2") == "2");
        CHECK(kubernetes_quantity_amount(".5") == "0.5");
    }
}

TEST_SUITE("readers_conf_dir") {
    TEST_CASE("which file each Flink version reads") {
        const auto choose = [](FlinkVersion version, bool legacy, bool standard) {
            try {
                const auto choice = choose_conf_file(version, "conf/", legacy, standard, "/work");
                return choice.file + (choice.format == InputFormat::FlinkConf ? " legacy" : " standard");
            } catch (const Error& e) {
                return std::string(e.class_name()) + ": " + e.message();
            }
        };
        CHECK(choose({1, 18}, true, true) == "conf/flink-conf.yaml legacy");
        CHECK(choose({1, 18}, false, true) ==
              "IllegalConfigurationException: The Flink config file 'conf/flink-conf.yaml' "
              "(/work/conf/flink-conf.yaml) does not exist.");
        CHECK(choose({1, 19}, true, true) == "conf/flink-conf.yaml legacy");
        CHECK(choose({1, 20}, false, true) == "conf/config.yaml standard");
        CHECK(choose({1, 20}, false, false) ==
              "IllegalConfigurationException: The Flink config file 'conf/config.yaml' "
              "(/work/conf/config.yaml) "
              "does not exist.");
        CHECK(choose({2, 0}, true, true) == "conf/config.yaml standard");
        CHECK(choose({2, 1}, true, false) ==
              "IllegalConfigurationException: The Flink config file 'conf/config.yaml' "
              "(/work/conf/config.yaml) "
              "does not exist.");
        CHECK(choose_conf_file({1, 10}, "/opt/flink//conf", true, false, "/x").file ==
              "/opt/flink/conf/flink-conf.yaml");
    }
    TEST_CASE("a missing directory") {
        CHECK(error_of([] {
                  read_conf_dir("/nonexistent/conf", {1, 20});
              }) ==
              "IllegalConfigurationException: The given configuration directory name '/nonexistent/conf' "
              "(/nonexistent/conf) does not describe an existing directory.");
    }
}

TEST_SUITE("readers_inputs") {
    TEST_CASE("detection by content") {
        CHECK(read_configurations("a.b: 1\n", "x.yaml").front().format == InputFormat::FlinkConf);
        CHECK(read_configurations("a.b: 1\n", "conf/config.yaml").front().format == InputFormat::ConfigYaml);
        CHECK(read_configurations("a:\n  b: 1\n", "x.yaml").front().format == InputFormat::ConfigYaml);
        // Invalid YAML with "key: value" lines is a legacy file (its parser tolerates it).
        const auto legacy = read_configurations("a.b: 1\n  c.d: [\n", "x.yaml");
        CHECK(legacy.front().format == InputFormat::FlinkConf);
        CHECK(value_of(legacy.front(), "a.b") == "1");
        CHECK(read_configurations("a.b:1\nc.d: 2\n", "x.yaml").front().format == InputFormat::FlinkConf);
        const auto nested_legacy_name = read_configurations("a:\n  b: 1\n", "conf/flink-conf.yaml");
        REQUIRE(nested_legacy_name.front().notes.size() == 1);
        // Forced legacy reading of nested YAML: the indented line is read as a flat key.
        CHECK(value_of(read_configurations("a:\n  b: 1\n", "x", {InputFormat::FlinkConf, {}}).front(), "b") ==
              "1");
    }

    TEST_CASE("a file in no supported format gets one error naming the formats tried") {
        CHECK(error_of([] { read_configurations("just text\n", "notes.txt"); }) ==
              "UnsupportedInput: notes.txt: not a Flink configuration in any supported format (tried "
              "config.yaml, "
              "flink-conf.yaml, FlinkDeployment, FlinkSessionJob, ConfigMap, Docker Compose): a single YAML "
              "scalar "
              "with no 'key: value' line");
        CHECK(error_of([] { read_configurations("apiVersion: v1\nkind: Service\n", "svc.yaml"); }) ==
              "UnsupportedInput: svc.yaml: not a Flink configuration in any supported format (tried "
              "config.yaml, "
              "flink-conf.yaml, FlinkDeployment, FlinkSessionJob, ConfigMap, Docker Compose): Kubernetes "
              "manifests "
              "(Service) but no FlinkDeployment, FlinkSessionJob, ConfigMap holding flink-conf.yaml or "
              "config.yaml, or "
              "container setting FLINK_PROPERTIES");
        CHECK(
            error_of([] {
                read_configurations(
                    "services:\n  tm:\n    image: flink:1.18\n    volumes:\n      - ./conf:/opt/flink/conf\n",
                    "c.yaml");
            }) ==
            "UnsupportedInput: c.yaml: not a Flink configuration in any supported format (tried config.yaml, "
            "flink-conf.yaml, FlinkDeployment, FlinkSessionJob, ConfigMap, Docker Compose): a Docker Compose "
            "file whose Flink services read a mounted conf directory (/opt/flink/conf) and set no "
            "FLINK_PROPERTIES");
        CHECK(
            error_of([] {
                read_configurations("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ x }}-cm\n",
                                    "t.yaml");
            }) ==
            "UnsupportedInput: t.yaml: not a Flink configuration in any supported format (tried config.yaml, "
            "flink-conf.yaml, FlinkDeployment, FlinkSessionJob, ConfigMap, Docker Compose): invalid YAML: "
            "end of "
            "map not found (line 4, column 16)");
        CHECK(
            error_of([] { read_configurations("services:\n  db:\n    image: postgres\n", "c.yaml"); }) ==
            "UnsupportedInput: c.yaml: not a Flink configuration in any supported format (tried config.yaml, "
            "flink-conf.yaml, FlinkDeployment, FlinkSessionJob, ConfigMap, Docker Compose): a Docker Compose "
            "file, but no service runs the flink image or sets FLINK_PROPERTIES");
        CHECK(
            error_of([] { read_configurations("- a\n", "l.yaml"); }) ==
            "UnsupportedInput: l.yaml: not a Flink configuration in any supported format (tried config.yaml, "
            "flink-conf.yaml, FlinkDeployment, FlinkSessionJob, ConfigMap, Docker Compose): a YAML list, not "
            "a "
            "mapping of keys to values");
    }

    const char* const deployment =
        "apiVersion: flink.apache.org/v1beta1\n"
        "kind: FlinkDeployment\n"
        "metadata:\n"
        "  name: job\n"
        "spec:\n"
        "  image: flink:1.17\n"
        "  flinkVersion: v1_16\n"
        "  flinkConfiguration:\n"
        "    taskmanager.numberOfTaskSlots: \"2\"\n"
        "    taskmanager.memory.process.size: 1g\n"
        "    state:\n"
        "      backend: rocksdb\n"
        "  jobManager:\n"
        "    resource:\n"
        "      memory: \"2048m\"\n"
        "      cpu: 0.5\n"
        "  taskManager:\n"
        "    replicas: 3\n"
        "    resource:\n"
        "      memory: 2Gi\n"
        "      cpu: 2\n"
        "    podTemplate:\n"
        "      spec:\n"
        "        containers:\n"
        "          - name: flink-main-container\n"
        "            resources:\n"
        "              limits:\n"
        "                memory: 4Gi\n";

    TEST_CASE("a FlinkDeployment as the operator builds its configuration") {
        const auto documents = read_configurations(deployment, "job.yaml");
        REQUIRE(documents.size() == 1);
        const Document& document = documents.front();
        CHECK(document.name == "job.yaml");
        CHECK(document.format == InputFormat::FlinkDeployment);
        REQUIRE(document.flink_version);
        CHECK(*document.flink_version == FlinkVersion{1, 16});  // flinkVersion wins over the image tag
        CHECK(value_of(document, "taskmanager.numberOfTaskSlots") == "2");
        CHECK(value_of(document, "state.backend") == "rocksdb");
        CHECK(value_of(document, "jobmanager.memory.process.size") == "2 gb");
        CHECK(value_of(document, "taskmanager.memory.process.size") == "2147483648");
        CHECK(document.config.find("taskmanager.memory.process.size")->source.describe() == "job.yaml:20");
        CHECK(value_of(document, "kubernetes.jobmanager.cpu.amount") == "0.5");
        CHECK(value_of(document, "kubernetes.taskmanager.cpu.amount") == "2.0");
        CHECK(value_of(document, "kubernetes.taskmanager.cpu") == "2.0");  // before 1.17, the old key too
        REQUIRE(document.task_manager);
        CHECK(document.task_manager->replicas == 3);
        CHECK(document.task_manager->memory == "2Gi");
        REQUIRE(document.task_manager->pod_template);
        CHECK(document.task_manager->pod_template->memory_limit == "4Gi");
        REQUIRE(document.notes.size() == 1);
        CHECK(document.notes[0].kind == ReadNote::Kind::DuplicateKey);
    }

    TEST_CASE("resources (requests, else limits) win over resource") {
        const auto documents = read_configurations(
            "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata:\n  name: j\nspec:\n"
            "  flinkVersion: v1_20\n  taskManager:\n    resource:\n      memory: 1g\n    resources:\n"
            "      limits:\n        memory: 3g\n        cpu: 500m\n",
            "j.yaml");
        CHECK(value_of(documents.front(), "taskmanager.memory.process.size") == "3 gb");
        CHECK(value_of(documents.front(), "kubernetes.taskmanager.cpu.amount") == "0.5");
    }

    TEST_CASE("a bad resource memory names the field") {
        // The operator's validator parses its own result again: 1.5Gi becomes "1610612736.0", rejected.
        CHECK(error_of([] {
                  read_configurations(
                      "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nspec:\n"
                      "  flinkVersion: v1_20\n  taskManager:\n    resource:\n      memory: 1.5Gi\n",
                      "j.yaml");
              }) ==
              "IllegalArgumentException: TaskManager resource memory parse error: Memory size unit '.0' does "
              "not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | "
              "mebibytes) "
              "/ (g | gb | gibibytes) / (t | tb | tebibytes)");
        CHECK(error_of([] {
                  read_configurations(
                      "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nspec:\n"
                      "  jobManager:\n    resource:\n      memory: 1.5X\n",
                      "j.yaml");
              }) ==
              "NumberFormatException: JobManager resource memory parse error: Character X is neither a "
              "decimal digit number, decimal point, nor \"e\" notation exponential mark.");
        CHECK(error_of([] {
                  read_configurations(
                      "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nspec:\n"
                      "  flinkConfiguration: |\n    a: b\n",
                      "j.yaml");
              }) ==
              "UnsupportedInput: spec.flinkConfiguration must be a map of Flink keys to values; the operator "
              "does not read it as a string or a list");
    }

    TEST_CASE("several configurations in one file are named, never merged") {
        const auto documents = read_configurations(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  flink-conf.yaml: |\n"
            "    taskmanager.memory.process.size: 1g\n  config.yaml: |\n    taskmanager:\n"
            "      memory.process.size: 2g\n---\napiVersion: flink.apache.org/v1beta1\nkind: "
            "FlinkSessionJob\n"
            "metadata:\n  name: s\nspec:\n  flinkConfiguration:\n    a.b: c\n",
            "m.yaml");
        REQUIRE(documents.size() == 3);
        CHECK(documents[0].name == "m.yaml#1/a/flink-conf.yaml");
        CHECK(value_of(documents[0], "taskmanager.memory.process.size") == "1g");
        CHECK(documents[0].config.find("taskmanager.memory.process.size")->source.describe() == "m.yaml:7");
        CHECK(documents[1].name == "m.yaml#1/a/config.yaml");
        CHECK(value_of(documents[1], "taskmanager.memory.process.size") == "2g");
        CHECK(documents[1].config.find("taskmanager.memory.process.size")->source.describe() == "m.yaml:10");
        CHECK(documents[2].name == "m.yaml#2/s");
        CHECK(documents[2].format == InputFormat::FlinkSessionJob);
    }

    TEST_CASE("Compose FLINK_PROPERTIES over the image's defaults, per entrypoint version") {
        const auto documents = read_configurations(
            "services:\n"
            "  jm:\n"
            "    image: flink:1.17.2-scala_2.12\n"
            "    environment:\n"
            "      FLINK_PROPERTIES: |\n"
            "        jobmanager.memory.process.size: 2g # big\n"
            "        taskmanager.memory.process.size: ${TM_MEMORY:-3g}\n"
            "  tm:\n"
            "    image: apache/flink:1.20\n"
            "    environment:\n"
            "      - TASK_MANAGER_NUMBER_OF_TASK_SLOTS=4\n"
            "      - |\n"
            "        FLINK_PROPERTIES=\n"
            "        taskmanager.memory.process.size: 4 g\n",
            "docker-compose.yml");
        REQUIRE(documents.size() == 2);
        CHECK(documents[0].name == "docker-compose.yml#1/jm");
        CHECK(*documents[0].flink_version == FlinkVersion{1, 17});
        CHECK(value_of(documents[0], "jobmanager.memory.process.size") == "2g");  // legacy: comment dropped
        CHECK(documents[0].config.find("jobmanager.memory.process.size")->source.describe() ==
              "docker-compose.yml:6");
        CHECK(value_of(documents[0], "taskmanager.memory.process.size") == "${TM_MEMORY:-3g}");
        REQUIRE(documents[0].notes.size() == 1);
        CHECK(documents[0].notes[0].message ==
              "'taskmanager.memory.process.size' = '${TM_MEMORY:-3g}' holds a ${} placeholder that Docker "
              "Compose "
              "replaces from the environment or the .env file (when unset: '3g')");
        CHECK(documents[1].name == "docker-compose.yml#1/tm");
        CHECK(value_of(documents[1], "taskmanager.memory.process.size") ==
              "4g");  // 1.19+: whitespace removed
        CHECK(value_of(documents[1], "taskmanager.numberOfTaskSlots") == "4");
        CHECK(value_of(documents[1], "jobmanager.memory.process.size") == "1600m");
    }

    TEST_CASE(
        "Kubernetes workloads whose containers set FLINK_PROPERTIES, as the image's entrypoint reads them") {
        const auto documents = read_configurations(
            "apiVersion: apps/v1\n"
            "kind: Deployment\n"
            "metadata:\n"
            "  name: tm\n"
            "spec:\n"
            "  template:\n"
            "    spec:\n"
            "      containers:\n"
            "        - name: taskmanager\n"
            "          image: flink:1.19.1\n"
            "          env:\n"
            "            - name: FLINK_PROPERTIES\n"
            "              value: |\n"
            "                taskmanager.memory.process.size: ${TM_MEMORY}\n"
            "        - name: sidecar\n"
            "          image: flink:1.19.1\n"
            "---\n"
            "apiVersion: v1\n"
            "kind: Service\n"
            "metadata:\n"
            "  name: svc\n",
            "k8s.yaml");
        // The sidecar runs the flink image without FLINK_PROPERTIES: its configuration is not in the file.
        REQUIRE(documents.size() == 1);
        CHECK(documents[0].name == "k8s.yaml");
        CHECK(documents[0].format == InputFormat::DockerCompose);
        CHECK(value_of(documents[0], "taskmanager.memory.process.size") == "${TM_MEMORY}");
        CHECK(documents[0].config.find("taskmanager.memory.process.size")->source.describe() ==
              "k8s.yaml:14");
        REQUIRE(documents[0].notes.size() == 1);
        CHECK(documents[0].notes[0].message ==
              "'taskmanager.memory.process.size' = '${TM_MEMORY}' holds a ${} placeholder that the image's "
              "entrypoint replaces (envsubst) from the container's environment");
    }

    TEST_CASE("image tags") {
        CHECK(flink_version_of_image("flink:1.19") == FlinkVersion{1, 19});
        CHECK(flink_version_of_image("docker.io/library/flink:2.0.1-java17") == FlinkVersion{2, 0});
        CHECK_FALSE(flink_version_of_image("flink:latest"));
        CHECK_FALSE(flink_version_of_image("flink"));
        CHECK_FALSE(flink_version_of_image("my/flink-job:1.0.25"));
        CHECK_FALSE(flink_version_of_image("localhost:5000/flink"));
        CHECK(flink_version_of_image("localhost:5000/flink:1.18") == FlinkVersion{1, 18});
    }

    TEST_CASE("format names") {
        CHECK(parse_input_format("config-yaml") == InputFormat::ConfigYaml);
        CHECK(parse_input_format("compose") == InputFormat::DockerCompose);
        CHECK_FALSE(parse_input_format("yaml"));
    }
}
