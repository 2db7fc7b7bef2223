#include "flinkmem/sim/settings.hpp"

#include <array>

#include <fmt/format.h>

#include "flinkmem/java/numbers.hpp"
#include "flinkmem/java/strings.hpp"

namespace flinkmem::sim {

namespace {

using T = OptionType;

// The options below are Flink 1.20's (NettyShuffleEnvironmentOptions, TaskManagerOptions,
// RocksDBOptions, StateBackendOptions, PythonOptions), declared as the option table declares
// its own, to move there as they are.
constexpr std::array<FallbackKey, 1> kStateBackendFallback{{{"state.backend", true}}};

const OptionSpec kBuffersPerChannel{"taskmanager.network.memory.buffers-per-channel", T::Integer, "2", "2", {},
                                    "Exclusive buffers per input channel."};
const OptionSpec kFloatingBuffersPerGate{"taskmanager.network.memory.floating-buffers-per-gate", T::Integer,
                                         "8", "8", {}, "Floating buffers per input gate."};
const OptionSpec kRequiredPerGateMax{"taskmanager.network.memory.read-buffer.required-per-gate.max",
                                     T::Integer, std::nullopt, "null", {},
                                     "Upper bound of the required buffers of an input gate."};
const OptionSpec kSortShuffleMinBuffers{"taskmanager.network.sort-shuffle.min-buffers", T::Integer, "512",
                                        "512", {}, "Buffers of a sort-merge blocking partition."};
const OptionSpec kSortShuffleMinParallelism{"taskmanager.network.sort-shuffle.min-parallelism", T::Integer,
                                            "1", "1", {}, "Subpartitions from which blocking uses sort-shuffle."};
const OptionSpec kMaxBuffersPerChannel{"taskmanager.network.memory.max-buffers-per-channel", T::Integer,
                                       "10", "10", {}, "Buffers one subpartition may hold."};
const OptionSpec kMaxOverdraftBuffersPerGate{"taskmanager.network.memory.max-overdraft-buffers-per-gate",
                                             T::Integer, "5", "5", {}, "Overdraft buffers per gate."};
const OptionSpec kConsumerWeights{"taskmanager.memory.managed.consumer-weights", T::StringList,
                                  "OPERATOR:70,STATE_BACKEND:70,PYTHON:30",
                                  "{OPERATOR=70, STATE_BACKEND=70, PYTHON=30}", {},
                                  "Managed memory weight per consumer type."};
const OptionSpec kStateBackend{"state.backend.type", T::StringList, "hashmap", "hashmap",
                               kStateBackendFallback, "The state backend."};
const OptionSpec kRocksDbManaged{"state.backend.rocksdb.memory.managed", T::Boolean, "true", "true", {},
                                 "RocksDB uses the slot's managed memory."};
const OptionSpec kRocksDbFixedPerSlot{"state.backend.rocksdb.memory.fixed-per-slot", T::MemorySize,
                                      std::nullopt, "null", {}, "Fixed RocksDB memory per slot."};
const OptionSpec kRocksDbFixedPerTm{"state.backend.rocksdb.memory.fixed-per-tm", T::MemorySize,
                                    std::nullopt, "null", {}, "Fixed RocksDB memory per TaskManager."};
const OptionSpec kRocksDbWriteBufferRatio{"state.backend.rocksdb.memory.write-buffer-ratio", T::Double,
                                          "0.5", "0.5", {}, "Share of RocksDB memory for write buffers."};
const OptionSpec kRocksDbHighPrioPoolRatio{"state.backend.rocksdb.memory.high-prio-pool-ratio", T::Double,
                                           "0.1", "0.1", {}, "Share of the cache for index and filter blocks."};
const OptionSpec kPythonManaged{"python.fn-execution.memory.managed", T::Boolean, "true", "true", {},
                                "Python workers use the slot's managed memory."};

Error with_entry(Error error, const Configuration& config, const OptionSpec& option) {
    if (const auto found = config.lookup(option)) {
        error.with_context({std::string(found->key), found->entry->value, found->entry->source});
    } else {
        error.with_context({std::string(option.key), std::string(option.default_value.value_or("")),
                            Source::default_value()});
    }
    return error;
}

std::int32_t read_int(const Configuration& config, const OptionSpec& option) {
    return config.get_int(option).value();
}

// ConfigurationParserUtils#getPageSize
std::int32_t read_segment_size(const Configuration& config) {
    const MemorySize size = config.get_memory_size(options::kSegmentSize).value();
    const auto fail = [&](const std::string& why) {
        throw with_entry(Error::illegal_configuration(fmt::format(
                             "Invalid configuration value for {} : {} - {}", options::kSegmentSize.key,
                             size.bytes(), why)),
                         config, options::kSegmentSize);
    };
    if (size.bytes() > 2147483647) {
        throw with_entry(Error::illegal_argument(fmt::format("Cannot downcast long value {} to integer.", size.bytes())),
                         config, options::kSegmentSize);
    }
    const auto bytes = static_cast<std::int32_t>(size.bytes());
    if (bytes < 4096) fail("Minimum memory segment size is 4096");
    if ((bytes & (bytes - 1)) != 0) fail("Memory segment size must be a power of 2.");
    return bytes;
}

// ConfigurationParserUtils#getSlot
std::int32_t read_slots(const Configuration& config) {
    std::int32_t slots = config.get_int(options::kNumTaskSlots).value_or(1);
    if (slots == -1) slots = 1;
    if (slots < 1) {
        throw with_entry(Error::illegal_configuration("Number of task slots must be at least one."), config,
                         options::kNumTaskSlots);
    }
    return slots;
}

NetworkSettings read_network(const Configuration& config, const NetworkRuleSet& rules) {
    NetworkSettings s;
    s.max_overdraft_buffers_per_gate = rules.default_overdraft_buffers_per_gate;
    if (rules.channel_buffer_options) {
        s.buffers_per_channel = read_int(config, kBuffersPerChannel);
        s.floating_buffers_per_gate = read_int(config, kFloatingBuffersPerGate);
        s.sort_shuffle_min_parallelism = read_int(config, kSortShuffleMinParallelism);
    }
    s.max_required_buffers_per_gate = config.get_int(kRequiredPerGateMax);
    s.sort_shuffle_min_buffers = read_int(config, kSortShuffleMinBuffers);
    s.max_buffers_per_channel = read_int(config, kMaxBuffersPerChannel);
    if (config.contains(kMaxOverdraftBuffersPerGate)) {
        s.max_overdraft_buffers_per_gate = read_int(config, kMaxOverdraftBuffersPerGate);
    }
    // NettyShuffleEnvironmentConfiguration#fromConfiguration
    if (s.buffers_per_channel < 0) {
        throw with_entry(Error::illegal_argument("Must be non-negative."), config, kBuffersPerChannel);
    }
    if (s.floating_buffers_per_gate < 1) {
        throw with_entry(Error::illegal_argument(
                             "The configured floating buffer should be at least 1, please increase the value "
                             "of taskmanager.network.memory.floating-buffers-per-gate."),
                         config, kFloatingBuffersPerGate);
    }
    if (s.max_required_buffers_per_gate && *s.max_required_buffers_per_gate < 1) {
        throw with_entry(Error::illegal_argument(
                             "At least one buffer is required for each gate, please increase the value of "
                             "taskmanager.network.memory.read-buffer.required-per-gate.max."),
                         config, kRequiredPerGateMax);
    }
    return s;
}

// ManagedMemoryUtils#getManagedMemoryUseCaseWeightsFromConfig: a map "NAME:weight,...", each use
// case taking its first configured name (OPERATOR then DATAPROC, STATE_BACKEND then DATAPROC).
ConsumerWeights read_weights(const Configuration& config) {
    const auto found = config.lookup(kConsumerWeights);
    const std::string text = found ? found->entry->value : std::string(*kConsumerWeights.default_value);
    std::map<std::string, std::string> configured;
    try {
        for (const auto& item : split_escaped(text, ',')) {
            const auto pair = split_escaped(item, ':');
            if (pair.size() != 2) {
                throw Error::illegal_argument("Map item is not a key-value pair (missing ':'?)");
            }
            configured[pair[0]] = pair[1];
        }
    } catch (const Error& cause) {
        throw with_entry(cause.wrapped(kIllegalArgumentException,
                                       fmt::format("Could not parse value '{}' for key '{}'.", text,
                                                   kConsumerWeights.key)),
                         config, kConsumerWeights);
    }
    const std::array<std::pair<ManagedUseCase, std::array<const char*, 2>>, 3> names{{
        {ManagedUseCase::Operator, {"OPERATOR", "DATAPROC"}},
        {ManagedUseCase::StateBackend, {"STATE_BACKEND", "DATAPROC"}},
        {ManagedUseCase::Python, {"PYTHON", nullptr}},
    }};
    ConsumerWeights weights;
    for (const auto& [use_case, candidates] : names) {
        for (const char* name : candidates) {
            if (name == nullptr) continue;
            const auto it = configured.find(name);
            if (it == configured.end()) continue;
            std::int32_t weight = 0;
            try {
                weight = java::parse_int(it->second);
            } catch (const Error& e) {
                throw with_entry(e, config, kConsumerWeights);
            }
            if (weight < 0) {
                throw with_entry(Error::illegal_configuration(fmt::format(
                                     "Managed memory weight should not be negative. Configured weight for {} is {}.",
                                     enum_name(use_case), weight)),
                                 config, kConsumerWeights);
            }
            weights[use_case] = weight;
            break;
        }
    }
    return weights;
}

RocksDbMemorySettings read_rocksdb(const Configuration& config) {
    RocksDbMemorySettings s;
    s.use_managed_memory = config.get_bool(kRocksDbManaged);
    if (auto size = config.get_memory_size(kRocksDbFixedPerSlot)) s.fixed_per_slot = size->bytes();
    if (auto size = config.get_memory_size(kRocksDbFixedPerTm)) s.fixed_per_tm = size->bytes();
    s.write_buffer_ratio = config.get_double(kRocksDbWriteBufferRatio).value();
    s.high_priority_pool_ratio = config.get_double(kRocksDbHighPrioPoolRatio).value();
    try {
        validate(s);
    } catch (const Error& e) {
        const std::string& m = e.message();
        const OptionSpec& option = m.starts_with("Total memory") ? kRocksDbFixedPerSlot
                                   : m.starts_with("High priority") ? kRocksDbHighPrioPoolRatio
                                                                    : kRocksDbWriteBufferRatio;
        throw with_entry(e, config, option);
    }
    return s;
}

}  // namespace

SimulationSettings read_settings(const Configuration& config, FlinkVersion version) {
    const NetworkRuleSet& rules = network_rules(version);
    SimulationSettings s;
    s.version = version;
    s.segment_size = read_segment_size(config);
    s.num_slots = read_slots(config);
    s.network = read_network(config, rules);
    s.consumer_weights = read_weights(config);
    const auto backend = config.lookup(kStateBackend);
    s.rocksdb = backend && java::to_lower_us(backend->entry->value) == "rocksdb";
    if (s.rocksdb) s.rocksdb_memory = read_rocksdb(config);
    s.python_uses_managed_memory = config.get_bool(kPythonManaged);
    return s;
}

}  // namespace flinkmem::sim
