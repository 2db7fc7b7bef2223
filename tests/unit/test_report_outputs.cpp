#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "flinkmem/report/bash.hpp"
#include "flinkmem/report/command.hpp"
#include "flinkmem/report/diff.hpp"
#include "flinkmem/report/flags.hpp"
#include "flinkmem/report/memory_tree.hpp"
#include "flinkmem/report/svg.hpp"
#include "flinkmem/report/tree.hpp"
#include "flinkmem/report/yaml.hpp"
#include "support.hpp"

using namespace flinkmem;
using namespace flinkmem::report;
using flinkmem::test::config_of;

namespace {

deploy::ResolvedProcess default_task_manager(FlinkVersion version = kDefaultFlinkVersion) {
    return test::process(config_of({{"taskmanager.memory.process.size", "1728m"}}), Component::TaskManager,
                         Target::Standalone, version);
}

std::string bash_of(const deploy::ResolvedProcess& process, const Configuration& config,
                    std::string_view file = "") {
    std::ostringstream out;
    write_bash(out, process, config, file);
    return out.str();
}

}  // namespace

TEST_SUITE("report_outputs") {
    TEST_CASE("result lines per version: JobManager 1 on 1.11, 2 from 1.12; none on 1.10") {
        CHECK(bash_result_lines(Component::TaskManager, {1, 10}) == 2);
        CHECK(bash_result_lines(Component::JobManager, {1, 10}) == 0);
        CHECK(bash_result_lines(Component::JobManager, {1, 11}) == 1);
        CHECK(bash_result_lines(Component::JobManager, {1, 12}) == 2);
        CHECK(bash_result_lines(Component::JobManager, {2, 0}) == 2);
    }

    TEST_CASE("bash on 1.20: dynamic properties logged, the memory block, then the result lines") {
        const auto config = config_of({{"taskmanager.memory.process.size", "1728m"}});
        const std::string out = bash_of(default_task_manager(), config);
        CHECK(out.starts_with(
            "INFO  [] - Loading dynamic configuration property: taskmanager.memory.process.size, 1728m\n"
            "INFO  [] - Final TaskExecutor Memory configuration:\n"
            "INFO  [] -   Total Process Memory:          1.688gb (1811939328 bytes)\n"));
        CHECK(out.ends_with(
            "INFO  [] -     JVM Overhead:                192.000mb (201326592 bytes)\n"
            "BASH_JAVA_UTILS_EXEC_RESULT:-Xmx536870902 -Xms536870902 -XX:MaxDirectMemorySize=268435458 "
            "-XX:MaxMetaspaceSize=268435456\n"
            "BASH_JAVA_UTILS_EXEC_RESULT:" +
            default_task_manager().dynamic_configs + "\n"));
    }

    TEST_CASE("bash: file entries in HashMap order, secrets hidden, parser line from 1.19") {
        Configuration config;
        config.set("taskmanager.memory.process.size", "1728m", Source::in_file("/c/flink-conf.yaml", 1));
        config.set("s3.secret-key", "hunter2", Source::in_file("/c/flink-conf.yaml", 2));
        config.set("rest.address", "localhost", Source::in_file("/c/flink-conf.yaml", 3));
        const std::string v120 = bash_of(default_task_manager(), config, "/c/flink-conf.yaml");
        CHECK(v120.starts_with(
            "INFO  [] - Using legacy YAML parser to load flink configuration file from /c/flink-conf.yaml.\n"
            "INFO  [] - Loading configuration property: taskmanager.memory.process.size, 1728m\n"
            "INFO  [] - Loading configuration property: s3.secret-key, ******\n"
            "INFO  [] - Loading configuration property: rest.address, localhost\n"
            "INFO  [] - Final TaskExecutor"));
        // 1.15 logs the lines as it reads the file (file order) and has no parser line.
        const std::string v115 = bash_of(default_task_manager({1, 15}), config, "/c/flink-conf.yaml");
        CHECK(v115.starts_with(
            "INFO  [] - Loading configuration property: taskmanager.memory.process.size, 1728m\n"
            "INFO  [] - Loading configuration property: s3.secret-key, ******\n"));
        // 1.10: log4j 1 without a level, no memory block, two runs of one line each.
        const std::string v110 = bash_of(default_task_manager({1, 10}), config, "/c/flink-conf.yaml");
        CHECK(v110.find("Final TaskExecutor") == std::string::npos);
        CHECK(
            v110.starts_with(" - Loading configuration property: taskmanager.memory.process.size, 1728m\n"));
        CHECK(v110.find("BASH_JAVA_UTILS_EXEC_RESULT:-Xmx536870902") <
              v110.find("BASH_JAVA_UTILS_EXEC_RESULT:-D "));
        CHECK_THROWS_WITH(
            test::process(config_of({{"jobmanager.memory.process.size", "1600m"}}), Component::JobManager,
                          Target::Standalone, {1, 10}),
            "Flink 1.10 has no JobManager memory model: its JVM heap is jobmanager.heap.size, passed to "
            "the JVM as it is.");
        const auto jm111 = test::process(config_of({{"jobmanager.memory.process.size", "1600m"}}),
                                         Component::JobManager, Target::Standalone, {1, 11});
        const std::string one_line = bash_of(jm111, Configuration{});
        CHECK(one_line.find("BASH_JAVA_UTILS_EXEC_RESULT:") ==
              one_line.rfind("BASH_JAVA_UTILS_EXEC_RESULT:"));
    }

    TEST_CASE("flags and dynamic are one line each") {
        std::ostringstream flags;
        write_flags(flags, default_task_manager());
        CHECK(
            flags.str() ==
            "-Xmx536870902 -Xms536870902 -XX:MaxDirectMemorySize=268435458 -XX:MaxMetaspaceSize=268435456\n");
        std::ostringstream dynamic;
        write_dynamic(dynamic, default_task_manager());
        CHECK(dynamic.str().starts_with(
            "-D taskmanager.memory.network.min=134217730b -D taskmanager.cpu.cores=1.0 "));
        CHECK(dynamic.str().find('\n') == dynamic.str().size() - 1);
    }

    TEST_CASE("the memory tree adds up at every level") {
        for (const char* size : {"1728m", "4g", "64g", "1000000000b"}) {
            for (const Component component : {Component::TaskManager, Component::JobManager}) {
                const std::string key = component == Component::TaskManager
                                            ? "taskmanager.memory.process.size"
                                            : "jobmanager.memory.process.size";
                Configuration config;
                config.set(key, size, Source::dynamic_property());
                config.set("taskmanager.memory.managed.fraction", "0.1", Source::dynamic_property());
                const MemoryNode root = memory_tree(test::process(config, component));
                const auto check = [](const MemoryNode& node, const auto& self) -> void {
                    if (node.children.empty()) return;
                    std::int64_t sum = 0;
                    for (const auto& child : node.children) {
                        sum += child.size.bytes();
                        self(child, self);
                    }
                    CHECK_MESSAGE(sum == node.size.bytes(), node.label);
                };
                check(root, check);
            }
        }
    }

    TEST_CASE("tree: bars in proportion, colour only when asked") {
        std::ostringstream plain;
        write_tree(plain, default_task_manager(), {false, 32});
        const std::string text = plain.str();
        CHECK(text.find("Total Process Memory             1.688gb (1811939328 bytes)  "
                        "████████████████████████████████ 100.0%") != std::string::npos);
        CHECK(text.find("│  │  └─ Task Heap              384.000mb (402653174 bytes)  ███████▏               "
                        "           22.2%") != std::string::npos);
        CHECK(text.find('\033') == std::string::npos);
        std::ostringstream coloured;
        write_tree(coloured, default_task_manager(), {true, 32});
        CHECK(coloured.str().find("\033[32m") != std::string::npos);
    }

    TEST_CASE("svg: self-contained, labelled with this configuration's numbers, escaped") {
        std::ostringstream out;
        write_svg(out, default_task_manager());
        const std::string svg = out.str();
        CHECK(svg.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""));
        CHECK(svg.ends_with("</svg>\n"));
        CHECK(svg.find(">Managed Memory</text>") != std::string::npos);
        CHECK(svg.find(">512.000mb (536870920 bytes)</text>") != std::string::npos);
        CHECK(svg.find("Task Off-Heap: 0 bytes") != std::string::npos);  // a zero-height box gets a callout
        CHECK(svg.find("href") == std::string::npos);
    }

    TEST_CASE("yaml quoting is valid YAML and JSON") {
        CHECK(yaml_quote("a \"b\" \\ c\n") == "\"a \\\"b\\\" \\\\ c\\n\"");
        CHECK(yaml_quote(std::string("\x01", 1)) == "\"\\x01\"");
    }

    TEST_CASE("command output: launcher, warnings, one shell line") {
        const auto config = config_of(
            {{"taskmanager.memory.process.size", "1728m"}, {"env.java.opts.taskmanager", "-Xmx1g"}});
        const auto process = test::process(config, Component::TaskManager, Target::Kubernetes);
        std::ostringstream out;
        write_command(out, deploy::java_command(config, process));
        const std::string text = out.str();
        CHECK(text.starts_with("# /docker-entrypoint.sh kubernetes-taskmanager.sh"));
        CHECK(
            text.find("# WARNING: env.java.opts.taskmanager (-D) sets -Xmx1g after Flink's -Xmx536870902") !=
            std::string::npos);
        CHECK(text.find(
                  "\nFLINK_TM_JVM_MEM_OPTS='-Xmx536870902 -Xms536870902 -XX:MaxDirectMemorySize=268435458 "
                  "-XX:MaxMetaspaceSize=268435456' java -Xmx536870902") != std::string::npos);
        CHECK(text.find("org.apache.flink.kubernetes.taskmanager.KubernetesTaskExecutorRunner --configDir "
                        "/opt/flink/conf -D "
                        "taskmanager.memory.network.min=134217730b") != std::string::npos);
    }
}

TEST_SUITE("report_diff") {
    TEST_CASE("a -D change: components in bytes and percent, flags, dynamic configs by key") {
        const auto before = config_of({{"taskmanager.memory.process.size", "4g"}});
        auto after = before;
        after.set("taskmanager.memory.managed.fraction", "0.5", Source::dynamic_property());
        const auto report = [](const Configuration& config) {
            return ProcessReport{
                Component::TaskManager, test::process(config, Component::TaskManager), {}, {}};
        };
        std::ostringstream out;
        write_diff(out, diff_reports(report(before), report(after)));
        CHECK(out.str() ==
              "taskmanager.dynamic.taskmanager.memory.managed.size: 1438814063b -> 1798517552b\n"
              "taskmanager.dynamic.taskmanager.memory.task.heap.size: 1530082070b -> 1170378581b\n"
              "taskmanager.jvm_heap: 1664299798 -> 1304596309 bytes (-359703489, -21.6%)\n"
              "taskmanager.jvm_params: -Xmx1664299798 -Xms1664299798 -XX:MaxDirectMemorySize=493921243 "
              "-XX:MaxMetaspaceSize=268435456 -> -Xmx1304596309 -Xms1304596309 "
              "-XX:MaxDirectMemorySize=493921243 "
              "-XX:MaxMetaspaceSize=268435456\n"
              "taskmanager.managed: 1438814063 -> 1798517552 bytes (+359703489, +25.0%)\n"
              "taskmanager.task_heap: 1530082070 -> 1170378581 bytes (-359703489, -23.5%)\n");
        CHECK(diff_reports(report(before), report(before)).empty());
    }

    TEST_CASE("an outcome that flips is the one change reported") {
        ProcessReport accepted{
            Component::TaskManager,
            test::process(config_of({{"taskmanager.memory.process.size", "1g"}}), Component::TaskManager),
            {},
            {}};
        ProcessReport rejected{Component::TaskManager, {}, Error::illegal_configuration("too small"), {}};
        const auto changes = diff_reports(accepted, rejected);
        REQUIRE(changes.size() == 1);
        CHECK(changes[0].what == "taskmanager.outcome");
        CHECK(changes[0].before == "accepted");
        CHECK(changes[0].after == "rejected: IllegalConfigurationException: too small");
    }
}
