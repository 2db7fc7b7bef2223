#include <doctest/doctest.h>

#include "../../src/flinkmem/lint/rule_context.hpp"
#include "lint_support.hpp"

using namespace flinkmem;
using flinkmem::test::findings_of;
using flinkmem::test::messages_of;
using flinkmem::test::validate_conf;

TEST_SUITE("lint_container") {
    TEST_CASE("Kubernetes quantities") {
        CHECK(lint::kubernetes_quantity_bytes("2Gi") == 2147483648LL);
        CHECK(lint::kubernetes_quantity_bytes("1.5Gi") == 1610612736LL);
        CHECK(lint::kubernetes_quantity_bytes("2G") == 2000000000LL);
        CHECK(lint::kubernetes_quantity_bytes("500M") == 500000000LL);
        CHECK(lint::kubernetes_quantity_bytes("2048") == 2048);
        CHECK(lint::kubernetes_quantity_bytes("2Xi") == std::nullopt);
        CHECK(lint::kubernetes_quantity_bytes("Gi") == std::nullopt);
        // The operator reads Flink's spelling first: "2g" is 2 GiB, not 2 x 10^9.
        CHECK(lint::resource_memory_bytes("2g") == 2147483648LL);
        CHECK(lint::resource_memory_bytes("2GB") == 2147483648LL);  // Flink's "gb"
        CHECK(lint::resource_memory_bytes("2Gb") == 2147483648LL);
        CHECK(lint::resource_memory_bytes("1.5GB") == 1500000000LL);  // Quantity "1.5G"
        CHECK(lint::resource_memory_bytes("2GI") == 2147483648LL);
    }

    TEST_CASE("FM114: a process size that is not whole MiB on Kubernetes") {
        const auto result = validate_conf(
            "execution.target: kubernetes-session\ntaskmanager.memory.process.size: 1812000000\n");
        CHECK(messages_of(result, "FM114") ==
              std::vector<std::string>{
                  "2: the TaskManager pod gets 1728Mi, 60672 bytes less than its Total Process "
                  "Memory (1.688gb (1812000000 bytes)): Kubernetes pods are sized in whole MiB, "
                  "truncated"});
        CHECK(
            findings_of(validate_conf(
                            "execution.target: kubernetes-session\ntaskmanager.memory.process.size: 1728m\n"),
                        "FM114")
                .empty());
        // Not on a standalone cluster, also not one that keeps its HA state in Kubernetes.
        CHECK(findings_of(validate_conf("taskmanager.memory.process.size: 1812000000\n"), "FM114").empty());
        CHECK(findings_of(
                  validate_conf("kubernetes.cluster-id: demo\ntaskmanager.memory.process.size: 1812000000\n"),
                  "FM114")
                  .empty());
    }

    TEST_CASE("FM115: a limit factor below 1") {
        const auto result = validate_conf("kubernetes.taskmanager.memory.limit-factor: 0.5\n");
        CHECK(messages_of(result, "FM115") ==
              std::vector<std::string>{
                  "1: kubernetes.taskmanager.memory.limit-factor should be greater or equal to 1."});
        CHECK(findings_of(result, "FM115")[0].severity == Severity::Error);
        CHECK(findings_of(validate_conf("kubernetes.jobmanager.cpu.limit-factor: 1.5\n"), "FM115").empty());
    }

    TEST_CASE("FM116: a pod template whose memory disagrees with resource.memory") {
        Document document = test::deployment("2048m");
        ContainerResources resources;
        resources.memory_limit = "4Gi";
        resources.memory_request = "2Gi";
        resources.where = Source::in_file("k8s/deployment.yaml", 31);
        document.task_manager->pod_template = resources;
        const auto result = validate_document(document, {});
        CHECK(messages_of(result, "FM116") ==
              std::vector<std::string>{
                  "31: the taskManager pod template sets memory limit 4Gi, but the process size "
                  "2048m gives the container 2048Mi: Flink writes the container's memory "
                  "itself, so the template's limit is not what runs"});
        document.task_manager->pod_template->memory_limit = "2048Mi";
        CHECK(findings_of(validate_document(document, {}), "FM116").empty());
    }

    TEST_CASE("FM117: YARN rounds up to its minimum allocation") {
        const auto result =
            validate_conf("execution.target: yarn-session\ntaskmanager.memory.process.size: 1728m\n");
        CHECK(messages_of(result, "FM117") ==
              std::vector<std::string>{
                  "2: YARN rounds the TaskManager container up to 2048 MiB (a multiple of "
                  "yarn.scheduler.minimum-allocation-mb = 1024) for 1.688gb (1811939328 bytes) "
                  "of Total Process Memory: 320 MiB of it Flink never uses"});
        CHECK(findings_of(
                  validate_conf("execution.target: yarn-session\ntaskmanager.memory.process.size: 2048m\n"),
                  "FM117")
                  .empty());
        CHECK(findings_of(
                  validate_conf("execution.target: yarn-session\nyarn.scheduler.minimum-allocation-mb: 64\n"
                                "taskmanager.memory.process.size: 1728m\n"),
                  "FM117")
                  .empty());
    }
}
