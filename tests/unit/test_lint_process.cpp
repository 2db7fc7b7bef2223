#include <doctest/doctest.h>

#include "lint_support.hpp"

using namespace flinkmem;
using flinkmem::test::findings_of;
using flinkmem::test::messages_of;
using flinkmem::test::validate_conf;

TEST_SUITE("lint_process") {
    TEST_CASE("FM111: -Xmx in the TaskManager's java opts") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "env.java.opts.taskmanager: -XX:+UseG1GC -Xmx4g\n");
        const auto found = findings_of(result, "FM111");
        REQUIRE(found.size() == 1);
        CHECK(found[0].message ==
              "env.java.opts.taskmanager sets -Xmx4g, which overrides the JVM heap that Flink "
              "computed (the last flag wins) and escapes Flink's memory accounting");
        CHECK(found[0].hint == "Delete -Xmx4g and size the JVM heap with taskmanager.memory.task.heap.size.");
        CHECK(found[0].component == Component::TaskManager);
    }

    TEST_CASE("FM111: every flag of env.java.opts, for both processes") {
        const auto result =
            validate_conf("env.java.opts: \"-XX:MaxMetaspaceSize=512m -XX:MaxDirectMemorySize=1g\"\n");
        const auto found = findings_of(result, "FM111");
        REQUIRE(found.size() == 2);
        CHECK(found[0].hint ==
              "Delete -XX:MaxMetaspaceSize=512m and size the metaspace limit with "
              "taskmanager.memory.jvm-metaspace.size (TaskManager) or "
              "jobmanager.memory.jvm-metaspace.size (JobManager).");
        CHECK(
            found[1].message.starts_with("env.java.opts sets -XX:MaxDirectMemorySize=1g, which overrides the "
                                         "direct memory limit"));
    }

    TEST_CASE("FM111: not for other JVM flags") {
        CHECK(findings_of(validate_conf("env.java.opts.all: -XX:+UseG1GC -Xss1m -XX:MaxGCPauseMillis=100\n"),
                          "FM111")
                  .empty());
    }

    TEST_CASE("FM112: heap state with managed memory on a streaming cluster") {
        const auto result =
            validate_conf("taskmanager.memory.process.size: 1728m\nstate.backend.type: hashmap\n");
        CHECK(messages_of(result, "FM112") ==
              std::vector<std::string>{
                  "2: state backend 'hashmap' keeps state on the JVM heap, but 512.000mb "
                  "(536870920 bytes) (40% of Total Flink Memory) is managed memory, which only "
                  "RocksDB, batch operators and Python use"});
    }

    TEST_CASE("FM112: not for RocksDB, batch, a small fraction, or Python") {
        const char* base = "taskmanager.memory.process.size: 1728m\n";
        CHECK(findings_of(validate_conf(std::string(base) + "state.backend: rocksdb\n"), "FM112").empty());
        CHECK(findings_of(validate_conf(std::string(base) +
                                        "state.backend: hashmap\nexecution.runtime-mode: BATCH\n"),
                          "FM112")
                  .empty());
        CHECK(
            findings_of(validate_conf(std::string(base) +
                                      "state.backend: hashmap\ntaskmanager.memory.managed.fraction: 0.05\n"),
                        "FM112")
                .empty());
        CHECK(findings_of(
                  validate_conf(std::string(base) + "state.backend: hashmap\npython.executable: python3\n"),
                  "FM112")
                  .empty());
    }

    TEST_CASE("FM113: RocksDB outside managed memory with no bound") {
        const auto result =
            validate_conf("state.backend.type: rocksdb\nstate.backend.rocksdb.memory.managed: false\n");
        REQUIRE(findings_of(result, "FM113").size() == 1);
        CHECK(findings_of(result, "FM113")[0].location.line == 2);
        CHECK(findings_of(
                  validate_conf("state.backend.type: rocksdb\nstate.backend.rocksdb.memory.managed: false\n"
                                "state.backend.rocksdb.memory.fixed-per-slot: 256m\n"),
                  "FM113")
                  .empty());
        CHECK(findings_of(validate_conf("state.backend.type: rocksdb\n"), "FM113").empty());
    }

    TEST_CASE("FM118: more slots than cores") {
        const auto result = validate_conf("taskmanager.numberOfTaskSlots: 8\ntaskmanager.cpu.cores: 4\n");
        CHECK(messages_of(result, "FM118") ==
              std::vector<std::string>{
                  "1: 8 slots share 4.0 CPU cores (taskmanager.cpu.cores): slots above cores "
                  "compete for CPU and stretch checkpoint and heartbeat times"});
        CHECK(findings_of(validate_conf("taskmanager.numberOfTaskSlots: 4\ntaskmanager.cpu.cores: 4\n"),
                          "FM118")
                  .empty());
        CHECK(findings_of(validate_conf("taskmanager.numberOfTaskSlots: 64\n"), "FM118").empty());
    }

    TEST_CASE("FM118: the Kubernetes CPU amount of a FlinkDeployment") {
        Document document = test::deployment("2048m");
        document.task_manager->cpu = 1;
        document.config.set("kubernetes.taskmanager.cpu.amount", "1.0",
                            Source::in_file("k8s/deployment.yaml", 19));
        const auto result = validate_document(document, {});
        REQUIRE(findings_of(result, "FM118").size() == 1);
        CHECK(
            findings_of(result, "FM118")[0].message.starts_with("2 slots share 1.0 CPU cores "
                                                                "(kubernetes.taskmanager.cpu.amount)"));
    }
    TEST_CASE("FM119: a default parallelism the network buffers cannot hold") {
        const auto result = validate_conf(
            "taskmanager.memory.process.size: 1728m\n"
            "taskmanager.numberOfTaskSlots: 64\n"
            "parallelism.default: 64\n");
        REQUIRE(findings_of(result, "FM119").size() == 1);
        CHECK(
            messages_of(result, "FM119")[0] ==
            "3: a streaming job of parallelism.default 64 (source -> keyBy -> sink) would not deploy: "
            "IOException: "
            "Insufficient number of network buffers: required 65, but only 4 available. The total number of "
            "network buffers is currently set to 4096 of 32768 bytes each. You can increase this number by "
            "setting the configuration keys 'taskmanager.memory.network.fraction', "
            "'taskmanager.memory.network.min', and 'taskmanager.memory.network.max'.");
        CHECK(
            findings_of(result, "FM119")[0].hint.starts_with("Each TaskManager needs 4224 buffers at once"));
    }

    TEST_CASE("FM119: not when the buffers suffice, nor without a default parallelism") {
        CHECK(findings_of(validate_conf("taskmanager.memory.process.size: 1728m\n"
                                        "taskmanager.numberOfTaskSlots: 60\n"
                                        "parallelism.default: 60\n"),
                          "FM119")
                  .empty());
        CHECK(findings_of(validate_conf("taskmanager.memory.process.size: 1728m\n"
                                        "taskmanager.numberOfTaskSlots: 64\n"),
                          "FM119")
                  .empty());
    }
}
