// Replays ../shared/flink-vectors/netbuf: every formula call Flink's own code answered (1.16,
// 1.17, 1.20) and every step of the 26 NetworkBufferPool/LocalBufferPool sequences of 1.20,
// comparing results, exact exception texts and the pool state after each step.
//
//   flinkmem_netbuf_vectors formulas <version> <netbuf-formulas-V.jsonl.gz>
//   flinkmem_netbuf_vectors pool 1.20 <netbuf-pool-1.20.jsonl.gz>
#include <zlib.h>
#include <stdexcept>

#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flinkmem/error.hpp"
#include "flinkmem/sim/buffer_pool.hpp"
#include "flinkmem/sim/network_rules.hpp"
#include "flinkmem/sim/planner.hpp"

using json = nlohmann::json;
using namespace flinkmem;
using namespace flinkmem::sim;

namespace {

// Reads a gzip file line by line (zlib streams it; nothing is unpacked to disk).
bool for_each_line(const std::string& path, const std::function<void(const std::string&)>& f) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr) {
        std::fprintf(stderr, "cannot open %s\n", path.c_str());
        return false;
    }
    std::string line;
    char chunk[65536];
    while (gzgets(file, chunk, sizeof chunk) != nullptr) {
        line += chunk;
        if (!line.empty() && line.back() == '\n') {
            line.pop_back();
            if (!line.empty()) f(line);
            line.clear();
        }
    }
    if (!line.empty()) f(line);
    int error = 0;
    gzerror(file, &error);
    gzclose(file);
    return error == Z_OK || error == Z_STREAM_END;
}

// "java.io.IOException" -> "IOException": flinkmem keeps simple class names.
std::string simple_class(const std::string& name) {
    const auto dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
}

std::optional<std::int32_t> optional_int(const json& value) {
    if (value.is_null()) return std::nullopt;
    return value.get<std::int32_t>();
}

PartitionType type_of(const json& value) {
    const auto type = parse_partition_type(value.get<std::string>());
    if (!type) throw std::runtime_error("unknown partition type " + value.dump());
    return *type;
}

struct Tally {
    long passed = 0;
    long failed = 0;
    void fail(const std::string& what, const std::string& line) {
        if (++failed <= 20)
            std::fprintf(stderr, "MISMATCH %s\n  %s\n", what.c_str(), line.substr(0, 600).c_str());
    }
};

// Runs `call` and turns its outcome into what the vector records: outputs or error.
json outcome(const std::function<json()>& call) {
    try {
        return json{{"outputs", call()}};
    } catch (const Error& e) {
        return json{{"error", {{"class", std::string(e.class_name())}, {"message", e.message()}}}};
    }
}

json formula(const NetworkRuleSet& rules, const json& record) {
    const std::string fn = record.at("fn");
    const json& in = record.at("inputs");
    if (fn == "ResultPartitionType") {
        // Only the predicates the formulas read are modelled; the others (release and
        // compression behaviour) do not change buffer counts.
        const PartitionType t = type_of(in.at("type"));
        json out = record.at("outputs");
        out["isBounded"] = is_bounded(t);
        out["isBlockingOrBlockingPersistentResultPartition"] = is_blocking(t);
        out["canBePipelinedConsumed"] = can_be_pipelined_consumed(t);
        out["mustBePipelinedConsumed"] = must_be_pipelined_consumed(t);
        out["isPipelinedOrPipelinedBoundedResultPartition"] = is_pipelined_or_bounded(t);
        if (out.contains("isHybridResultPartition")) out["isHybridResultPartition"] = is_hybrid(t);
        return json{{"outputs", out}};
    }
    if (fn == "NettyShuffleUtils.getNetworkBuffersPerInputChannel") {
        return outcome(
            [&] { return json(buffers_per_input_channel(in.at("configuredNetworkBuffersPerChannel"))); });
    }
    if (fn == "NettyShuffleUtils.getMinMaxFloatingBuffersPerInputGate") {
        return outcome([&] {
            const MinMax m = floating_buffers_per_input_gate(in.at("numFloatingBuffersPerGate"));
            return json{{"min", m.min}, {"max", m.max}};
        });
    }
    if (fn == "NettyShuffleUtils.getMinMaxNetworkBuffersPerResultPartition") {
        return outcome([&] {
            const MinMax m = result_partition_buffers(
                rules, in.at("configuredNetworkBuffersPerChannel"), in.at("numFloatingBuffersPerGate"),
                in.at("sortShuffleMinParallelism"), in.at("sortShuffleMinBuffers"), in.at("numSubpartitions"),
                in.value("enableTieredStorage", false), in.value("tieredStoreExclusiveBuffers", 0),
                type_of(in.at("type")));
            return json{{"min", m.min}, {"max", m.max}};
        });
    }
    if (fn == "InputGateSpecUtils.getEffectiveMaxRequiredBuffersPerGate") {
        return outcome([&] {
            return json(effective_max_required_buffers_per_gate(
                type_of(in.at("partitionType")), optional_int(in.at("configuredMaxRequiredBuffersPerGate")),
                in.value("enableTieredStorage", false)));
        });
    }
    if (fn == "InputGateSpecUtils.createGateBuffersSpec" ||
        fn == "InputGateSpecUtils.createGateBuffersSpec#edge") {
        return outcome([&] {
            const GateBuffersSpec s = create_gate_buffers_spec(
                optional_int(in.at("configuredMaxRequiredBuffersPerGate")),
                in.at("configuredNetworkBuffersPerChannel"), in.at("configuredFloatingNetworkBuffersPerGate"),
                type_of(in.at("partitionType")), in.at("numInputChannels"),
                in.value("enableTieredStorage", false));
            return json{{"effectiveExclusiveBuffersPerChannel", s.effective_exclusive_buffers_per_channel},
                        {"requiredFloatingBuffers", s.required_floating_buffers},
                        {"totalFloatingBuffers", s.total_floating_buffers},
                        {"targetTotalBuffersPerGate", s.target_total_buffers_per_gate}};
        });
    }
    if (fn == "NettyShuffleUtils.computeNetworkBuffersForAnnouncing") {
        return outcome([&] {
            std::vector<ConsumedDataSet> inputs;
            for (const auto& i : in.at("inputs")) {
                inputs.push_back({type_of(i.at("type")), i.at("numChannels"), i.at("reuseCount")});
            }
            std::vector<ProducedDataSet> outputs;
            for (const auto& o : in.at("outputs"))
                outputs.push_back({type_of(o.at("type")), o.at("numSubpartitions")});
            std::optional<std::int32_t> max_required;
            if (in.contains("maxRequiredBuffersPerGate"))
                max_required = optional_int(in.at("maxRequiredBuffersPerGate"));
            const std::int32_t result = network_buffers_for_announcing(
                rules, in.at("numBuffersPerChannel"), in.at("numFloatingBuffersPerGate"), max_required,
                in.at("sortShuffleMinParallelism"), in.at("sortShuffleMinBuffers"), inputs, outputs);
            if (in.contains("numTotalInputChannels")) {
                // 1.16 takes totals; check the record's totals are the ones we derive.
                std::int32_t channels = 0, gates = 0;
                for (const auto& i : inputs) {
                    channels += i.num_channels * i.reuse_count;
                    gates += i.reuse_count;
                }
                if (channels != in.at("numTotalInputChannels").get<std::int32_t>() ||
                    gates != in.at("numTotalInputGates").get<std::int32_t>()) {
                    throw std::runtime_error("the record's input totals do not match its inputs");
                }
            }
            return json(result);
        });
    }
    throw std::runtime_error("unknown fn " + fn);
}

json expected_outcome(const json& record) {
    if (record.contains("error")) {
        return json{
            {"error",
             {{"class", simple_class(record["error"]["class"])}, {"message", record["error"]["message"]}}}};
    }
    return json{{"outputs", record.at("outputs")}};
}

int run_formulas(const std::string& version_text, const std::string& path) {
    const auto version = FlinkVersion::parse(version_text);
    if (!version) return 2;
    const NetworkRuleSet& rules = network_rules(*version);
    Tally tally;
    const bool ok = for_each_line(path, [&](const std::string& line) {
        const json record = json::parse(line);
        const json actual = formula(rules, record);
        if (actual == expected_outcome(record)) {
            ++tally.passed;
        } else {
            tally.fail(record.at("fn").get<std::string>() + " got " + actual.dump(), line);
        }
    });
    std::printf("netbuf formulas %s: %ld passed, %ld failed\n", version_text.c_str(), tally.passed,
                tally.failed);
    return ok && tally.failed == 0 && tally.passed > 0 ? 0 : 1;
}

// One sequence: a fresh NetworkBufferPool and the unpooled segments the harness holds.
struct Replay {
    std::optional<NetworkBufferPool> pool;
    std::map<std::string, std::vector<SegmentIndex>> unpooled;
    std::vector<SegmentIndex> obtained;  // segments handed out by requestMemorySegment, kept
    std::optional<int> first_error_step;
    std::string seq;
};

json run_op(Replay& r, const json& op) {
    const std::string name = op.at("op");
    NetworkBufferPool& pool = *r.pool;
    if (name == "createBufferPool") {
        PoolId id = 0;
        if (op.contains("numSubpartitions")) {
            id = pool.create_buffer_pool(op.at("numRequiredBuffers"), op.at("maxUsedBuffers"),
                                         op.at("numSubpartitions"), op.at("maxBuffersPerChannel"),
                                         op.at("maxOverdraftBuffersPerGate"));
        } else {
            id = pool.create_buffer_pool(op.at("numRequiredBuffers"), op.at("maxUsedBuffers"));
        }
        const LocalPoolState s = pool.pool_state(id);
        return json{{"poolId", id},
                    {"label", op.at("label")},
                    {"numberOfRequiredMemorySegments", s.required_segments},
                    {"maxNumberOfMemorySegments", s.max_segments},
                    {"maxBuffersPerChannel", s.max_buffers_per_channel},
                    {"numberOfSubpartitions", s.num_subpartitions},
                    {"maxOverdraftBuffersPerGate", s.max_overdraft_buffers_per_gate}};
    }
    if (name == "reserveSegments") {
        pool.reserve_segments(op.at("poolId"), op.at("numberOfSegmentsToReserve"));
        return nullptr;
    }
    if (name == "requestUnpooledMemorySegments") {
        auto segments = pool.request_unpooled_segments(op.at("numberOfSegmentsToRequest"));
        const auto count = segments.size();
        auto& held = r.unpooled[op.at("handle")];
        held.insert(held.end(), segments.begin(), segments.end());
        return json{{"returnedSegments", count}};
    }
    if (name == "recycleUnpooledMemorySegments") {
        auto segments = std::move(r.unpooled[op.at("handle")]);
        r.unpooled.erase(op.at("handle").get<std::string>());
        pool.recycle_unpooled_segments(segments);
        return json{{"recycledSegments", segments.size()}};
    }
    if (name == "LocalBufferPool.requestMemorySegment(non-blocking)xN") {
        int obtained = 0;
        for (int i = 0; i < op.at("n").get<int>(); ++i) {
            auto segment = pool.request_memory_segment(op.at("poolId"));
            if (segment) {
                ++obtained;
                r.obtained.push_back(*segment);
            }
        }
        return json{{"obtained", obtained}};
    }
    if (name == "LocalBufferPool.lazyDestroy") {
        pool.lazy_destroy(op.at("poolId"));
        return nullptr;
    }
    throw std::runtime_error("unknown op " + name);
}

json state_of(const Replay& r) {
    const NetworkBufferPool& pool = *r.pool;
    std::size_t held = 0;
    for (const auto& [handle, segments] : r.unpooled) held += segments.size();
    json pools = json::array();
    for (PoolId id = 0; id < pool.pool_count(); ++id) {
        const LocalPoolState s = pool.pool_state(id);
        pools.push_back({id, s.destroyed ? 1 : 0, s.num_buffers, s.requested_segments, s.available_segments});
    }
    return json{{"numTotalRequiredBuffers", pool.num_total_required_buffers()},
                {"totalNumberOfMemorySegments", pool.total_segments()},
                {"numberOfAvailableMemorySegments", pool.available_segments()},
                {"numberOfUsedMemorySegments", pool.used_segments()},
                {"numberOfRegisteredBufferPools", pool.registered_pools()},
                {"unpooledSegmentsHeld", held},
                {"pools", pools}};
}

// The deployment the planner derives for a recorded scenario: the job, the slots per TaskManager
// and which TaskManager the sequence is. Empty for the hand-made and the -phased sequences (the
// latter reorder requests across tasks, which the planner does not).
struct Deployment {
    JobGraph job;
    SimulationSettings settings;
    std::int32_t task_manager = 0;
};

std::optional<Deployment> deployment_of(const json& sequence) {
    const std::string seq = sequence.at("seq");
    const json& context = sequence.at("context");
    Deployment d;
    if (seq.rfind("keyBy-", 0) == 0 && seq.find("-phased") == std::string::npos) {
        const std::int32_t p = context.at("parallelism");
        const std::int32_t on_tm = context.at("slotsOnThisTm");
        d.job = keyby_job(p, JobMode::Streaming);
        // Two TaskManagers of ceil(p/2) slots: the first runs ceil(p/2) subtasks, the second the rest.
        d.settings.num_slots = on_tm == p ? p : (p + 1) / 2;
        d.task_manager = on_tm == d.settings.num_slots ? 0 : 1;
        return d;
    }
    if (seq.rfind("batch-sortshuffle-", 0) == 0) {
        const std::int32_t producers = context.at("producerSubtasks");
        const std::int32_t subpartitions = context.at("numSubpartitions");
        d.job.mode = JobMode::Batch;
        d.job.vertices = {{"producer", "producer", producers, false, "default", {}, false, false},
                          {"consumer", "consumer", subpartitions, false, "default", {}, false, false}};
        d.job.edges = {{0, 1, ShipStrategy::Hash, PartitionType::Blocking, false, 0, {}}};
        finish_graph(d.job, seq);
        d.settings.num_slots = producers;
        return d;
    }
    return std::nullopt;
}

// The planner's requests for that TaskManager as the ops Flink's harness recorded.
json planned_ops(const Deployment& d) {
    PlanInput input{&d.job, &d.settings, 4096LL * 32768, 0, {}};
    json ops = json::array();
    for (const NetworkRequest& r : task_manager_requests(input, d.task_manager, 0)) {
        switch (r.kind) {
            case NetworkRequest::Kind::PartitionPool:
                ops.push_back({{"op", "createBufferPool"},
                               {"numRequiredBuffers", r.required},
                               {"maxUsedBuffers", r.max},
                               {"numSubpartitions", r.num_subpartitions},
                               {"maxBuffersPerChannel", r.max_buffers_per_channel},
                               {"maxOverdraftBuffersPerGate", r.max_overdraft}});
                break;
            case NetworkRequest::Kind::GatePool:
                ops.push_back({{"op", "createBufferPool"},
                               {"numRequiredBuffers", r.required},
                               {"maxUsedBuffers", r.max}});
                ops.push_back({{"op", "reserveSegments"}, {"numberOfSegmentsToReserve", 1}});
                break;
            case NetworkRequest::Kind::Exclusive:
                for (std::int32_t c = 0; c < r.max; ++c) {
                    ops.push_back(
                        {{"op", "requestUnpooledMemorySegments"}, {"numberOfSegmentsToRequest", r.required}});
                }
                break;
        }
    }
    return ops;
}

// A recorded op without what only the harness knows (labels, handles, pool ids).
json comparable(const json& op) {
    json o = op;
    o.erase("label");
    o.erase("handle");
    o.erase("poolId");
    return o;
}

int run_pool(const std::string& path) {
    Tally tally;
    Replay r;
    long steps = 0;
    Tally deploy;
    std::optional<Deployment> deployment;
    json planned;
    std::size_t planned_position = 0;
    bool deployment_ok = true;
    const bool ok = for_each_line(path, [&](const std::string& line) {
        const json record = json::parse(line);
        const std::string kind = record.at("kind");
        if (kind == "sequence") {
            r = Replay{};
            r.seq = record.at("seq");
            r.pool.emplace(record.at("numberOfSegmentsToAllocate").get<std::int32_t>(),
                           record.at("segmentSize").get<std::int32_t>());
            deployment = deployment_of(record);
            planned = deployment ? planned_ops(*deployment) : json::array();
            planned_position = 0;
            deployment_ok = true;
            return;
        }
        if (kind == "summary") {
            const bool good = record.at("finalNumTotalRequiredBuffers").get<std::int32_t>() ==
                                  r.pool->num_total_required_buffers() &&
                              record.at("firstErrorStep") == json(r.first_error_step.value_or(-1));
            if (good)
                ++tally.passed;
            else
                tally.fail(r.seq + " summary", line);
            if (deployment) {
                // Every recorded request was the planner's next one, and the planner's own walk
                // over all its requests stops where Flink stopped, with Flink's message.
                PlanInput input{&deployment->job, &deployment->settings, 4096LL * 32768, 0, {}};
                const RequestWalk walk =
                    walk_requests(task_manager_requests(input, deployment->task_manager, 0), 4096, 32768);
                const json& first = record.at("firstError");
                const bool same_error =
                    first.is_null()
                        ? !walk.failure
                        : walk.failure && walk.failure->message() == first.at("message").get<std::string>();
                const bool all_planned = !first.is_null() || planned_position == planned.size();
                if (deployment_ok && same_error && all_planned &&
                    walk.required_at_failure ==
                        record.at("finalNumTotalRequiredBuffers").get<std::int64_t>()) {
                    ++deploy.passed;
                } else {
                    deploy.fail(r.seq + " deployment (planned " + std::to_string(planned.size()) +
                                    " ops, matched " + std::to_string(planned_position) + ")",
                                line);
                }
            }
            return;
        }
        ++steps;
        if (deployment) {
            const json& op = record.at("op");
            if (op.at("op") != "LocalBufferPool.requestMemorySegment(non-blocking)xN") {
                if (planned_position >= planned.size() || comparable(op) != planned[planned_position]) {
                    deployment_ok = false;
                }
                ++planned_position;
            }
        }
        const json& expected_state = record.at("state");
        // The HashSet order Flink's redistribution used in this step (identity hash codes).
        r.pool->set_redistribution_order(expected_state.at("resizableOrder").get<std::vector<PoolId>>());
        json actual;
        try {
            actual["result"] = run_op(r, record.at("op"));
        } catch (const Error& e) {
            actual["error"] = {
                {"class", std::string(e.class_name())}, {"message", e.message()}, {"causes", json::array()}};
            if (!r.first_error_step) r.first_error_step = record.at("step").get<int>();
        }
        json expected;
        if (record.contains("error")) {
            expected["error"] = record["error"];
            expected["error"]["class"] = simple_class(record["error"]["class"]);
        } else {
            expected["result"] = record.at("result");
        }
        json state = state_of(r);
        json wanted_state = expected_state;
        // The resizable set compares as a set: its order was an input of this step.
        auto order = r.pool->resizable_pools_in_order();
        std::set<PoolId> actual_set(order.begin(), order.end());
        const auto wanted_order = expected_state.at("resizableOrder").get<std::vector<PoolId>>();
        std::set<PoolId> wanted_set(wanted_order.begin(), wanted_order.end());
        wanted_state.erase("resizableOrder");
        if (actual == expected && state == wanted_state && actual_set == wanted_set) {
            ++tally.passed;
        } else {
            tally.fail(r.seq + " step " + record.at("step").dump() + " got " + actual.dump() + " state " +
                           state.dump().substr(0, 400),
                       line);
        }
    });
    std::printf("netbuf pool sequences 1.20 (%ld steps): %ld passed, %ld failed\n", steps, tally.passed,
                tally.failed);
    std::printf("planner deployments vs recorded sequences: %ld passed, %ld failed\n", deploy.passed,
                deploy.failed);
    return ok && tally.failed == 0 && tally.passed > 0 && deploy.failed == 0 && deploy.passed >= 15 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s formulas|pool <version> <file.jsonl.gz>\n", argv[0]);
        return 2;
    }
    try {
        const std::string mode = argv[1];
        if (mode == "formulas") return run_formulas(argv[2], argv[3]);
        if (mode == "pool") return run_pool(argv[3]);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 2;
}
