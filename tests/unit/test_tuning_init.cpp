#include <doctest/doctest.h>

#include <string>

#include <yaml-cpp/yaml.h>

#include "flinkmem/deploy/process.hpp"
#include "flinkmem/readers/flink_conf.hpp"
#include "flinkmem/tuning/init.hpp"
#include "support.hpp"

using namespace flinkmem;
using namespace flinkmem::tuning;

namespace {

// What Flink reads from a generated file: flat "key: value" lines, or a FlinkDeployment whose
// resource fields the operator maps onto the process sizes.
Configuration read_back(const GeneratedConfiguration& generated) {
    const YAML::Node document = YAML::Load(generated.text);  // every format is valid YAML
    if (generated.format != ConfigFormat::FlinkDeployment) {
        const FlinkConf conf = parse_flink_conf(generated.text, "generated");
        CHECK(conf.warnings.empty());
        for (const auto& entry : document) {
            CHECK(conf.config.find(entry.first.as<std::string>()) != nullptr);
        }
        return conf.config;
    }
    Configuration config;
    for (const auto& entry : document["spec"]["flinkConfiguration"]) {
        config.set(entry.first.as<std::string>(), entry.second.as<std::string>(), Source::default_value());
    }
    config.set("taskmanager.memory.process.size",
               document["spec"]["taskManager"]["resource"]["memory"].as<std::string>(),
               Source::default_value());
    config.set("jobmanager.memory.process.size",
               document["spec"]["jobManager"]["resource"]["memory"].as<std::string>(),
               Source::default_value());
    return config;
}

std::string failure_of(const InitRequest& request) {
    try {
        (void)generate_configuration(request);
        return "ok";
    } catch (const Error& e) {
        return e.message();
    }
}

}  // namespace

TEST_SUITE("tuning_init") {
    TEST_CASE("16 profiles: every deployment x state backend x mode") {
        CHECK(profiles().size() == 16);
        CHECK(find_profile("kubernetes-rocksdb-streaming") != nullptr);
        CHECK(find_profile("operator-hashmap-batch") != nullptr);
        CHECK(find_profile("yarn") == nullptr);
    }

    TEST_CASE("every profile, format, size and slot count resolves, with the requested process size") {
        int files = 0;
        for (const auto& profile : profiles()) {
            for (const auto format :
                 {ConfigFormat::ConfigYaml, ConfigFormat::FlinkConfYaml, ConfigFormat::FlinkDeployment}) {
                for (const std::string memory : {"1g", "1728m", "4g", "64g"}) {
                    for (const int slots : {1, 4}) {
                        InitRequest request;
                        request.profile = &profile;
                        request.memory = MemorySize::parse(memory);
                        request.slots = slots;
                        request.format = format;
                        INFO(profile.name << " " << name_of(format) << " " << memory << " x" << slots);
                        const auto generated = generate_configuration(request);
                        const Configuration config = read_back(generated);
                        const auto tm = test::process(config, Component::TaskManager);
                        CHECK(tm.total_process() == request.memory);
                        CHECK(tm.task_manager()->num_slots == slots);
                        (void)test::process(config, Component::JobManager);
                        // Every configuration line has its comment.
                        std::size_t keys = 0;
                        std::size_t comments = 0;
                        std::size_t at = 0;
                        while ((at = generated.text.find('\n', at)) != std::string::npos) {
                            ++at;
                            const auto line = std::string_view(generated.text)
                                                  .substr(at, generated.text.find('\n', at) - at);
                            const auto stripped =
                                line.substr(std::min(line.find_first_not_of(' '), line.size()));
                            if (stripped.starts_with("# ")) ++comments;
                            if (stripped.find(": ") != std::string::npos && !stripped.starts_with("#"))
                                ++keys;
                        }
                        CHECK(comments >= keys - (format == ConfigFormat::FlinkDeployment ? 12 : 0));
                        ++files;
                    }
                }
            }
        }
        MESSAGE(files << " generated files resolved");
    }

    TEST_CASE("a budget that is not whole MiB is written in bytes and kept exactly") {
        InitRequest request{
            find_profile("kubernetes-hashmap-streaming"), MemorySize(1000000000), 1, std::nullopt, {}, {}};
        const auto generated = generate_configuration(request);
        CHECK(generated.text.find("\ntaskmanager.memory.process.size: 1000000000b\n") != std::string::npos);
        CHECK(test::process(read_back(generated), Component::TaskManager).total_process().bytes() ==
              1000000000);
    }

    TEST_CASE("standalone sizes Total Flink Memory; containers the process") {
        InitRequest request{
            find_profile("standalone-hashmap-streaming"), MemorySize::parse("4g"), 2, std::nullopt, {}, {}};
        const auto standalone = generate_configuration(request);
        CHECK(standalone.format == ConfigFormat::ConfigYaml);
        CHECK(standalone.text.find("\ntaskmanager.memory.flink.size: ") != std::string::npos);
        CHECK(standalone.text.find("taskmanager.memory.process.size") == std::string::npos);
        request.profile = find_profile("yarn-rocksdb-batch");
        CHECK(generate_configuration(request).text.find("\ntaskmanager.memory.process.size: 4g\n") !=
              std::string::npos);
        request.profile = find_profile("operator-rocksdb-streaming");
        const auto operator_file = generate_configuration(request);
        CHECK(operator_file.format == ConfigFormat::FlinkDeployment);
        CHECK(operator_file.text.find("      memory: \"4g\"\n      cpu: 2\n") != std::string::npos);
    }

    TEST_CASE("targets are solved into the file, replacing the profile's own line") {
        InitRequest request{
            find_profile("kubernetes-hashmap-streaming"), MemorySize::parse("4g"), 1, std::nullopt, {}, {}};
        request.targets.managed = MemorySize::parse("512m");
        request.targets.network = MemorySize::parse("256m");
        const auto generated = generate_configuration(request);
        CHECK(generated.text.find("taskmanager.memory.managed.size: 0\n") == std::string::npos);
        CHECK(generated.text.find("# solved: managed memory target 512.000mb (536870912 bytes)\n"
                                  "taskmanager.memory.managed.size: 512m\n") != std::string::npos);
        const auto tm = *test::process(read_back(generated), Component::TaskManager).task_manager();
        CHECK(tm.managed.size == MemorySize::parse("512m"));
        CHECK(tm.network.size == MemorySize::parse("256m"));
        CHECK(tm.total_process.size == MemorySize::parse("4g"));
    }

    TEST_CASE("a budget Flink rejects, unreachable targets and bad slots are errors") {
        InitRequest request{
            find_profile("yarn-rocksdb-streaming"), MemorySize::parse("512m"), 1, std::nullopt, {}, {}};
        CHECK(failure_of(request).starts_with(
            "a TaskManager of 512m (512.000mb (536870912 bytes)) does not work: "
            "TaskManager memory configuration failed: "));
        request.memory = MemorySize::parse("2g");
        request.targets.task_heap = MemorySize::parse("3g");
        CHECK(failure_of(request).starts_with("the memory targets cannot be reached: no set of"));
        request.targets = {};
        request.slots = 0;
        CHECK(failure_of(request) == "--slots must be at least 1, got 0.");
    }
}
