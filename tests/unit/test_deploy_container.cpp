#include <doctest/doctest.h>

#include <string>

#include "flinkmem/deploy/command.hpp"
#include "flinkmem/deploy/container.hpp"
#include "support.hpp"

using namespace flinkmem;
using namespace flinkmem::deploy;
using flinkmem::test::config_of;

namespace {

Container container_of(const Configuration& config, Component component, Target target) {
    const ResolvedProcess process = test::process(config, component, target);
    return *container_for(config, process);
}

std::string failure_of(const Configuration& config, Component component, Target target) {
    try {
        (void)container_of(config, component, target);
        return "ok";
    } catch (const Error& e) {
        return std::string(e.class_name()) + ": " + e.message();
    }
}

}  // namespace

TEST_SUITE("deploy_container") {
    TEST_CASE("Kubernetes: 1728m with memory limit factor 1.5 requests 1728 Mi and limits 2592 Mi") {
        const auto c = container_of(config_of({{"taskmanager.memory.process.size", "1728m"},
                                               {"kubernetes.taskmanager.memory.limit-factor", "1.5"}}),
                                    Component::TaskManager, Target::Kubernetes);
        REQUIRE(c.kubernetes);
        CHECK(c.kubernetes->memory_request_mib == 1728);
        CHECK(c.kubernetes->memory_limit_mib == 2592);
        CHECK(c.kubernetes->cpu_request_quantity == "1.0");
        CHECK(c.kubernetes->cpu_limit_quantity == "1.0");
        CHECK(c.warnings.empty());
    }

    TEST_CASE("Kubernetes: a process size that is not whole MiB gives a pod smaller than Flink's budget") {
        // The JobManager takes 1000000000 bytes as it is; a TaskManager needs less managed memory
        // to fit its fixed components into it (Flink rejects it with the defaults).
        const auto jm = container_of(config_of({{"jobmanager.memory.process.size", "1000000000"}}),
                                     Component::JobManager, Target::Kubernetes);
        CHECK(jm.kubernetes->memory_request_mib == 953);
        CHECK(jm.kubernetes->memory_limit_mib == 953);
        REQUIRE(jm.warnings.size() == 1);
        CHECK(jm.warnings[0] ==
              "Flink's Total Process Memory (953.674mb (1000000000 bytes)) exceeds the pod's memory limit "
              "(953 Mi = 999292928 bytes) by 707072 bytes: the process can use more memory than the "
              "container allows and be killed");
        const auto tm = container_of(config_of({{"taskmanager.memory.process.size", "1000000000"},
                                                {"taskmanager.memory.managed.fraction", "0.1"}}),
                                     Component::TaskManager, Target::Kubernetes);
        CHECK(tm.kubernetes->memory_request_mib == 953);
        REQUIRE(tm.warnings.size() == 1);
        CHECK(tm.warnings[0] == jm.warnings[0]);
        // With a limit factor the limit covers the budget; the request still does not.
        const auto limited = container_of(config_of({{"jobmanager.memory.process.size", "1000000000"},
                                                     {"kubernetes.jobmanager.memory.limit-factor", "1.01"}}),
                                          Component::JobManager, Target::Kubernetes);
        CHECK(limited.kubernetes->memory_limit_mib == 962);
        REQUIRE(limited.warnings.size() == 1);
        CHECK(limited.warnings[0] ==
              "Flink's Total Process Memory (953.674mb (1000000000 bytes)) exceeds the memory request "
              "(953 Mi = 999292928 bytes) by 707072 bytes: Flink truncates to whole MiB, so the scheduler "
              "reserves less than the process may use");
    }

    TEST_CASE("Kubernetes limit is (int)(MiB x factor), truncated") {
        const auto c = container_of(config_of({{"jobmanager.memory.process.size", "1600m"},
                                               {"kubernetes.jobmanager.memory.limit-factor", "1.3333"},
                                               {"kubernetes.jobmanager.cpu.amount", "0.5"},
                                               {"kubernetes.jobmanager.cpu.limit-factor", "3"}}),
                                    Component::JobManager, Target::Kubernetes);
        CHECK(c.kubernetes->memory_request_mib == 1600);
        CHECK(c.kubernetes->memory_limit_mib == 2133);  // 2133.28 truncated
        CHECK(c.kubernetes->cpu_request_quantity == "0.5");
        CHECK(c.kubernetes->cpu_limit_quantity == "1.5");
    }

    TEST_CASE("Kubernetes TaskManager CPU: cpu.cores, else kubernetes.taskmanager.cpu.amount, else slots") {
        const auto slots = container_of(
            config_of({{"taskmanager.memory.process.size", "2g"}, {"taskmanager.numberOfTaskSlots", "4"}}),
            Component::TaskManager, Target::Kubernetes);
        CHECK(slots.kubernetes->cpu_request_quantity == "4.0");
        const auto amount = container_of(config_of({{"taskmanager.memory.process.size", "2g"},
                                                    {"taskmanager.numberOfTaskSlots", "4"},
                                                    {"kubernetes.taskmanager.cpu.amount", "2.5"}}),
                                         Component::TaskManager, Target::Kubernetes);
        CHECK(amount.kubernetes->cpu_request_quantity == "2.5");
        // The same CPU goes into the TaskManager's dynamic configs, as Flink's resource manager does.
        const auto process = test::process(config_of({{"taskmanager.memory.process.size", "2g"},
                                                      {"kubernetes.taskmanager.cpu.amount", "2.5"}}),
                                           Component::TaskManager, Target::Kubernetes);
        CHECK(process.dynamic_configs.find("-D taskmanager.cpu.cores=2.5 ") != std::string::npos);
        const auto cores = container_of(config_of({{"taskmanager.memory.process.size", "2g"},
                                                   {"taskmanager.cpu.cores", "3"},
                                                   {"kubernetes.taskmanager.cpu.amount", "2.5"}}),
                                        Component::TaskManager, Target::Kubernetes);
        CHECK(cores.kubernetes->cpu_request_quantity == "3.0");
    }

    TEST_CASE("limit factors below 1 fail as in Flink") {
        CHECK(failure_of(config_of({{"taskmanager.memory.process.size", "2g"},
                                    {"kubernetes.taskmanager.memory.limit-factor", "0.9"}}),
                         Component::TaskManager, Target::Kubernetes) ==
              "IllegalArgumentException: kubernetes.taskmanager.memory.limit-factor should be greater or "
              "equal to 1.");
        CHECK(failure_of(config_of({{"jobmanager.memory.process.size", "2g"},
                                    {"kubernetes.jobmanager.cpu.limit-factor", "NaN"}}),
                         Component::JobManager, Target::Kubernetes) ==
              "IllegalArgumentException: kubernetes.jobmanager.cpu.limit-factor should be greater or equal "
              "to 1.");
        CHECK(failure_of(config_of({{"taskmanager.memory.process.size", "2g"},
                                    {"kubernetes.taskmanager.memory.limit-factor", "x"}}),
                         Component::TaskManager, Target::Kubernetes) ==
              "IllegalArgumentException: Could not parse value 'x' for key "
              "'kubernetes.taskmanager.memory.limit-factor'.");
    }

    TEST_CASE("containers map the legacy heap key onto Total Process Memory") {
        const auto tm = test::process(config_of({{"taskmanager.heap.size", "2g"}}), Component::TaskManager,
                                      Target::Kubernetes);
        CHECK(tm.total_process().bytes() == 2048LL << 20);
        const auto standalone = test::process(config_of({{"taskmanager.heap.size", "2g"}}),
                                              Component::TaskManager, Target::Standalone);
        CHECK(standalone.total_flink().bytes() == 2048LL << 20);
        const auto jm =
            test::process(config_of({{"jobmanager.heap.size", "2g"}}), Component::JobManager, Target::Yarn);
        CHECK(jm.total_process().bytes() == 2048LL << 20);
    }

    TEST_CASE("YARN: whole MiB, rounded up to the minimum allocation, vcores") {
        const auto plain = container_of(
            config_of({{"taskmanager.memory.process.size", "1728m"}, {"taskmanager.numberOfTaskSlots", "3"}}),
            Component::TaskManager, Target::Yarn);
        CHECK(plain.yarn->memory_mib == 1728);
        CHECK(plain.yarn->allocated_mib == 1728);
        CHECK(plain.yarn->vcores == 3);
        CHECK(plain.notes.empty());
        const auto rounded = container_of(config_of({{"taskmanager.memory.process.size", "1728m"},
                                                     {"yarn.scheduler.minimum-allocation-mb", "1024"},
                                                     {"yarn.containers.vcores", "2"}}),
                                          Component::TaskManager, Target::Yarn);
        CHECK(rounded.yarn->allocated_mib == 2048);
        CHECK(rounded.yarn->vcores == 2);
        REQUIRE(rounded.notes.size() == 1);
        CHECK(
            rounded.notes[0] ==
            "YARN allocates 2048 MiB (a multiple of yarn.scheduler.minimum-allocation-mb = 1024); the extra "
            "320 MiB is not used by Flink");
        const auto jm = container_of(config_of({{"jobmanager.memory.process.size", "1600m"}}),
                                     Component::JobManager, Target::Yarn);
        CHECK(jm.yarn->memory_mib == 1600);
        CHECK(jm.yarn->vcores == 1);
        const auto fraction = container_of(
            config_of({{"taskmanager.memory.process.size", "2g"}, {"taskmanager.cpu.cores", "2.9"}}),
            Component::TaskManager, Target::Yarn);
        CHECK(fraction.yarn->vcores == 2);
        CHECK(failure_of(config_of({{"taskmanager.memory.process.size", "2g"},
                                    {"yarn.scheduler.minimum-allocation-mb", "0"}}),
                         Component::TaskManager, Target::Yarn) ==
              "IllegalConfigurationException: yarn.scheduler.minimum-allocation-mb must be positive, got 0.");
    }

    TEST_CASE("YARN: a budget above the container is a warning; rounding up can cover it") {
        const auto over = container_of(config_of({{"jobmanager.memory.process.size", "1000000000"}}),
                                       Component::JobManager, Target::Yarn);
        REQUIRE(over.warnings.size() == 1);
        CHECK(over.warnings[0].find("exceeds the YARN container (953 Mi = 999292928 bytes)") !=
              std::string::npos);
        const auto covered = container_of(config_of({{"jobmanager.memory.process.size", "1000000000"},
                                                     {"yarn.scheduler.minimum-allocation-mb", "512"}}),
                                          Component::JobManager, Target::Yarn);
        CHECK(covered.yarn->allocated_mib == 1024);
        CHECK(covered.warnings.empty());
    }

    TEST_CASE("standalone has no container") {
        const auto config = config_of({{"taskmanager.memory.process.size", "1728m"}});
        CHECK_FALSE(container_for(config, test::process(config, Component::TaskManager)).has_value());
    }

    TEST_CASE("java_int_cast is Java's (int) of a double") {
        CHECK(java_int_cast(2592.9) == 2592);
        CHECK(java_int_cast(-1.5) == -1);
        CHECK(java_int_cast(1e300) == 2147483647);
        CHECK(java_int_cast(std::numeric_limits<double>::quiet_NaN()) == 0);
    }
}

TEST_SUITE("deploy_command") {
    TEST_CASE("standalone TaskManager: memory flags, then env.java.opts in Flink's order") {
        const auto config = config_of({{"taskmanager.memory.process.size", "1728m"},
                                       {"env.java.opts.all", "-Da=1"},
                                       {"env.java.default-opts.all", "-Dd=0"},
                                       {"env.java.opts.taskmanager", "-XX:+UseZGC \"-Dq=x y\""},
                                       {"env.java.opts.jobmanager", "-Djm=1"}});
        const auto command = java_command(config, test::process(config, Component::TaskManager));
        std::string joined;
        for (const auto& a : command.arguments) joined += (joined.empty() ? "" : " ") + shell_quote(a);
        CHECK(joined.starts_with(
            "java -Xmx536870902 -Xms536870902 -XX:MaxDirectMemorySize=268435458 "
            "-XX:MaxMetaspaceSize=268435456 -XX:+IgnoreUnrecognizedVMOptions -Dd=0 -Da=1 "
            "-XX:+UseZGC '-Dq=x y' '-Dlog.file=log/flink-<user>-taskexecutor-0-<host>.log'"));
        CHECK(joined.find("org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir conf "
                          "-D taskmanager.memory.network.min=134217730b") != std::string::npos);
        // env.java.opts.jobmanager is not for the TaskManager.
        CHECK(joined.find("-Djm=1") == std::string::npos);
        CHECK(joined.ends_with(
            "-D taskmanager.numberOfTaskSlots=1 -D taskmanager.memory.jvm-overhead.max=201326592b"));
        CHECK(command.warnings.empty());
    }

    TEST_CASE("a memory flag in env.java.opts is reported as an override") {
        const auto config = config_of({{"taskmanager.memory.process.size", "1728m"},
                                       {"env.java.opts", "-Xmx2g -XX:MaxMetaspaceSize=512m"}});
        const auto command = java_command(config, test::process(config, Component::TaskManager));
        REQUIRE(command.warnings.size() == 2);
        CHECK(command.warnings[0] ==
              "env.java.opts (-D) sets -Xmx2g after Flink's -Xmx536870902: the JVM takes the last one, so it "
              "overrides Flink's memory model");
        CHECK(
            command.warnings[1].starts_with("env.java.opts (-D) sets -XX:MaxMetaspaceSize=512m after Flink's "
                                            "-XX:MaxMetaspaceSize=268435456"));
    }

    TEST_CASE("YARN: the start command template, env.java.opts before IgnoreUnrecognizedVMOptions") {
        const auto config =
            config_of({{"taskmanager.memory.process.size", "1728m"}, {"env.java.opts.taskmanager", "-Dt=1"}});
        const auto command =
            java_command(config, test::process(config, Component::TaskManager, Target::Yarn));
        REQUIRE(command.arguments.size() > 8);
        CHECK(command.arguments[0] == "$JAVA_HOME/bin/java");
        CHECK(command.arguments[5] == "-Dt=1");
        CHECK(command.arguments[6] == "-XX:+IgnoreUnrecognizedVMOptions");
        CHECK(command.arguments.back() == ".");
        CHECK(command.redirects == "1> <LOG_DIR>/taskmanager.out 2> <LOG_DIR>/taskmanager.err");
    }

    TEST_CASE("shell words and quoting") {
        CHECK(split_shell_words("  a 'b c' \"d\"e  ") == std::vector<std::string>{"a", "b c", "de"});
        CHECK(shell_quote("it's") == "'it'\\''s'");
        CHECK(shell_quote("-Xmx1") == "-Xmx1");
        CHECK(shell_quote("") == "''");
    }
}
