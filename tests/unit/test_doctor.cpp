// doctor: each recognizer on Flink's exact texts, each remedy proven on the resolved breakdown.
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "flinkmem/doctor/doctor.hpp"
#include "flinkmem/doctor/evidence.hpp"
#include "support.hpp"

namespace flinkmem::doctor {

namespace {

std::string fixture(const std::string& name) {
    std::ifstream file(std::string(FLINKMEM_TEST_DATA_DIR) + "/doctor/" + name, std::ios::binary);
    REQUIRE(file);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

DoctorReport doctor_on(const std::string& name,
                       std::initializer_list<std::pair<const char*, const char*>> config) {
    DoctorRequest request;
    request.evidence.push_back(read_evidence(fixture(name), name));
    if (config.size() > 0) request.config = test::config_of(config);
    return diagnose(request);
}

const TaskManagerMemory& before_tm(const Proposal& p) {
    return p.task_manager_before->value().memory;
}
const TaskManagerMemory& after_tm(const Proposal& p) {
    REQUIRE(p.task_manager_after->ok());
    return p.task_manager_after->value().memory;
}

std::string value_of(const Proposal& p, const std::string& key) {
    for (const auto& [k, v] : p.changes)
        if (k == key) return v;
    return {};
}

}  // namespace

TEST_CASE("doctor: network buffers message gives R, A, T and S") {
    const auto file = read_log(
        "java.io.IOException: Insufficient number of network buffers: required 4776, but only 4096 "
        "available. The total "
        "number of network buffers is currently set to 4096 of 32768 bytes each. You can increase this "
        "number by setting "
        "the configuration keys 'taskmanager.memory.network.fraction', 'taskmanager.memory.network.min', and "
        "'taskmanager.memory.network.max'.",
        "trace");
    REQUIRE(file.events.size() == 1);
    const Event& e = file.events.front();
    CHECK(e.kind == EventKind::InsufficientNetworkBuffers);
    CHECK(e.required_buffers == 4776);
    CHECK(e.available_buffers == 4096);
    CHECK(e.total_buffers == 4096);
    CHECK(e.segment_size == 32768);
    CHECK(e.where.describe() == "trace:1");
}

TEST_CASE("doctor: the banner names the process and the Flink version; config lines are read") {
    const auto file = read_log(fixture("tm-logged-config.log"), "tm.log");
    CHECK(file.process == Component::TaskManager);
    REQUIRE(file.flink_version);
    CHECK(file.flink_version->to_string() == "1.20");
    CHECK(file.logged_config_lines == 4);
    REQUIRE(file.logged_config.find("taskmanager.memory.process.size"));
    CHECK(file.logged_config.find("taskmanager.memory.process.size")->value == "4096m");
    CHECK(file.logged_config.find("taskmanager.memory.process.size")->source.describe() == "tm.log:4");
}

TEST_CASE("doctor: enriched OutOfMemoryErrors say their process; a TaskManager heap error is bare") {
    CHECK(read_log(fixture("tm-direct-oom.log"), "x").events.front().enriched);
    CHECK(read_log(fixture("jm-heap-oom.log"), "x").events.front().process == Component::JobManager);
    const auto heap = read_log("java.lang.OutOfMemoryError: Java heap space", "x");
    REQUIRE(heap.events.size() == 1);
    CHECK_FALSE(heap.events.front().enriched);
    CHECK(heap.events.front().process == Component::Configuration);
}

TEST_CASE("doctor: YARN diagnostics and its sizes") {
    const auto file = read_log(fixture("jm-yarn-physical.log"), "jm.log");
    REQUIRE(file.events.size() == 1);
    const Event& e = file.events.front();
    CHECK(e.kind == EventKind::ContainerMemoryExceeded);
    CHECK(e.process == Component::TaskManager);
    CHECK(e.beyond_bytes == 219152384);
    CHECK(parse_yarn_size("1.7 G") == std::int64_t{1825361100});
    CHECK(parse_yarn_size("512 M") == std::int64_t{536870912});
    CHECK(parse_yarn_size("300") == std::int64_t{300});
    CHECK_FALSE(parse_yarn_size("x G"));
}

TEST_CASE("doctor: pods: OOMKilled, and 137 without it") {
    const auto killed = read_evidence(fixture("pod-oomkilled.json"), "pod.json");
    REQUIRE(killed.events.size() == 1);
    CHECK(killed.events.front().kind == EventKind::PodOomKilled);
    CHECK(killed.events.front().process == Component::TaskManager);
    CHECK(killed.pod->image == "flink:1.20.0-scala_2.12-java17");
    const auto sigkill = read_evidence(fixture("pod-137.yaml"), "pod.yaml");
    REQUIRE(sigkill.events.size() == 1);
    CHECK(sigkill.events.front().kind == EventKind::PodKilled);
    CHECK(sigkill.events.front().where.describe() == "pod.yaml:23");
}

TEST_CASE("doctor: direct memory grows the JVM direct limit, proven") {
    const auto report = doctor_on("tm-direct-oom.log", {{"taskmanager.memory.process.size", "1728m"}});
    REQUIRE(report.diagnoses.size() == 1);
    CHECK(report.diagnoses.front().component == "jvm_direct");
    REQUIRE(report.proposal);
    CHECK(report.proposal->verified);
    CHECK(after_tm(*report.proposal).jvm_direct() > before_tm(*report.proposal).jvm_direct());
    CHECK(after_tm(*report.proposal).jvm_heap() >= before_tm(*report.proposal).jvm_heap());
    CHECK(value_of(*report.proposal, "taskmanager.memory.task.off-heap.size") == "64m");
}

TEST_CASE("doctor: metaspace grows") {
    const auto report = doctor_on("tm-metaspace-oom.log", {{"taskmanager.memory.process.size", "1728m"}});
    REQUIRE(report.proposal);
    CHECK(report.proposal->verified);
    CHECK(after_tm(*report.proposal).jvm_metaspace.size > before_tm(*report.proposal).jvm_metaspace.size);
    CHECK(value_of(*report.proposal, "taskmanager.memory.jvm-metaspace.size") == "320m");
}

TEST_CASE("doctor: Java heap space grows the JVM heap") {
    const auto report = doctor_on("tm-heap-oom.log", {{"taskmanager.memory.process.size", "1728m"}});
    REQUIRE(report.proposal);
    CHECK(report.proposal->verified);
    CHECK(after_tm(*report.proposal).jvm_heap() >= *report.diagnoses.front().need);
    CHECK(after_tm(*report.proposal).jvm_heap() > before_tm(*report.proposal).jvm_heap());
}

TEST_CASE("doctor: network needs at least T - A + R buffers") {
    const auto report = doctor_on("tm-network.log", {{"taskmanager.memory.process.size", "1728m"}});
    REQUIRE(report.proposal);
    CHECK(report.proposal->verified);
    CHECK(after_tm(*report.proposal).network.size.bytes() >= std::int64_t{4776} * 32768);
    CHECK(report.diagnoses.front().need_basis.find("lower bound") != std::string::npos);
}

TEST_CASE("doctor: network with the job known uses the simulator's requirement") {
    DoctorRequest request;
    request.evidence.push_back(read_evidence(fixture("tm-network.log"), "tm-network.log"));
    request.config = test::config_of(
        {{"taskmanager.memory.process.size", "1728m"}, {"taskmanager.numberOfTaskSlots", "8"}});
    request.job = sim::keyby_job(400, sim::JobMode::Streaming);
    const auto report = diagnose(request);
    REQUIRE(report.proposal);
    CHECK(report.proposal->verified);
    CHECK(report.diagnoses.front().need_basis.find("simulator") != std::string::npos);
    bool simulated = false;
    for (const auto& check : report.proposal->checks)
        simulated = simulated || check.find("simulator deploys") != std::string::npos;
    CHECK(simulated);
}

TEST_CASE("doctor: managed memory from the reservation's numbers") {
    const auto report = doctor_on("tm-managed.log", {{"taskmanager.memory.process.size", "1728m"}});
    REQUIRE(report.proposal);
    CHECK(report.proposal->verified);
    // 536870920 - 41943040 + 134217728 per slot, one slot.
    CHECK(after_tm(*report.proposal).managed.size.bytes() >= 629145608);
}

TEST_CASE("doctor: YARN physical memory with RocksDB: overhead, bounded RocksDB and MALLOC_ARENA_MAX") {
    const auto report =
        doctor_on("jm-yarn-physical.log", {{"taskmanager.memory.process.size", "1728m"},
                                           {"state.backend.type", "rocksdb"},
                                           {"state.backend.rocksdb.memory.managed", "false"}});
    REQUIRE(report.proposal);
    CHECK(report.proposal->verified);
    CHECK(report.target == Target::Yarn);
    CHECK(value_of(*report.proposal, "state.backend.rocksdb.memory.managed") == "true");
    CHECK(value_of(*report.proposal, "containerized.taskmanager.env.MALLOC_ARENA_MAX") == "1");
    CHECK(after_tm(*report.proposal).jvm_overhead.size.bytes() >= 201326592 + 219152384);
}

TEST_CASE("doctor: OOMKilled pod on the official image: jemalloc, so no MALLOC_ARENA_MAX") {
    const auto report = doctor_on("pod-oomkilled.json", {{"taskmanager.memory.process.size", "1728m"},
                                                         {"state.backend.type", "rocksdb"}});
    REQUIRE(report.proposal);
    CHECK(report.proposal->verified);
    CHECK(value_of(*report.proposal, "containerized.taskmanager.env.MALLOC_ARENA_MAX").empty());
    CHECK(after_tm(*report.proposal).jvm_overhead.size > before_tm(*report.proposal).jvm_overhead.size);
    CHECK(report.diagnoses.front().remedy.find("jemalloc") != std::string::npos);
}

TEST_CASE("doctor: exit 137 without OOMKilled is undetermined") {
    const auto report = doctor_on("pod-137.yaml", {{"taskmanager.memory.process.size", "1728m"}});
    REQUIRE(report.diagnoses.size() == 1);
    CHECK_FALSE(report.diagnoses.front().determined);
    CHECK_FALSE(report.proposal);
}

TEST_CASE("doctor: metaspace after repeated submissions is a class-loading leak") {
    const auto report = doctor_on("tm-metaspace-leak.log", {{"taskmanager.memory.process.size", "1728m"}});
    REQUIRE(report.diagnoses.size() == 1);
    CHECK(report.diagnoses.front().kind_name == "class-loading-leak");
    CHECK(report.unfixable());
    CHECK_FALSE(report.proposal);
}

TEST_CASE("doctor: configuration from the log, else the distribution's defaults") {
    const auto logged = doctor_on("tm-logged-config.log", {});
    CHECK(logged.origin == ConfigOrigin::Log);
    REQUIRE(logged.proposal);
    CHECK(logged.proposal->verified);
    CHECK(before_tm(*logged.proposal).total_process.size.bytes() == std::int64_t{4096} << 20);
    const auto defaults = doctor_on("tm-direct-oom.log", {});
    CHECK(defaults.origin == ConfigOrigin::Defaults);
    REQUIRE(defaults.proposal);
    CHECK(before_tm(*defaults.proposal).total_process.size.bytes() == std::int64_t{1728} << 20);
}

TEST_CASE("doctor: nothing recognised") {
    const auto report = doctor_on("unrecognised.log", {});
    CHECK_FALSE(report.anything_recognised());
    CHECK(report.unrecognised.size() == 1);
}

}  // namespace flinkmem::doctor
