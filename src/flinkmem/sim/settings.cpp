#include "flinkmem/sim/settings.hpp"

#include <array>

#include <fmt/format.h>

#include "flinkmem/java/numbers.hpp"
#include "flinkmem/java/strings.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem::sim {

namespace {

// The option as the simulated release has it; a key that release lacks (the simulator answers
// for 1.16 and later, and 2.0 hard-codes some values) is read as the newest release had it.
const OptionSpec& opt(const OptionCatalog& o, OptionId id) {
    const Release* release = find_release(o.version());
    if (const OptionSpec* spec = release != nullptr ? option_in_or_after(*release, id) : nullptr)
        return *spec;
    return o[id];
}

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
std::int32_t read_segment_size(const OptionCatalog& o, const Configuration& config) {
    const MemorySize size = config.get_memory_size(opt(o, OptionId::SegmentSize)).value();
    const auto fail = [&](const std::string& why) {
        throw with_entry(
            Error::illegal_configuration(fmt::format("Invalid configuration value for {} : {} - {}",
                                                     opt(o, OptionId::SegmentSize).key, size.bytes(), why)),
            config, opt(o, OptionId::SegmentSize));
    };
    if (size.bytes() > 2147483647) {
        throw with_entry(
            Error::illegal_argument(fmt::format("Cannot downcast long value {} to integer.", size.bytes())),
            config, opt(o, OptionId::SegmentSize));
    }
    const auto bytes = static_cast<std::int32_t>(size.bytes());
    if (bytes < 4096) fail("Minimum memory segment size is 4096");
    if ((bytes & (bytes - 1)) != 0) fail("Memory segment size must be a power of 2.");
    return bytes;
}

// ConfigurationParserUtils#getSlot
std::int32_t read_slots(const OptionCatalog& o, const Configuration& config) {
    std::int32_t slots = config.get_int(opt(o, OptionId::NumTaskSlots)).value_or(1);
    if (slots == -1) slots = 1;
    if (slots < 1) {
        throw with_entry(Error::illegal_configuration("Number of task slots must be at least one."), config,
                         opt(o, OptionId::NumTaskSlots));
    }
    return slots;
}

// ConfigurationUtils#convertToEnum: the constant's name, case-insensitively.
BatchShuffleMode read_batch_shuffle_mode(const OptionCatalog& o, const Configuration& config) {
    const OptionSpec& option = opt(o, OptionId::BatchShuffleMode);
    const auto found = config.lookup(option);
    if (!found) return BatchShuffleMode::AllExchangesBlocking;
    const std::string value = java::to_upper(found->entry->value);
    for (BatchShuffleMode mode :
         {BatchShuffleMode::AllExchangesPipelined, BatchShuffleMode::AllExchangesBlocking,
          BatchShuffleMode::AllExchangesHybridFull, BatchShuffleMode::AllExchangesHybridSelective}) {
        if (value == enum_name(mode)) return mode;
    }
    throw with_entry(Error::illegal_argument(fmt::format("Could not parse value '{}' for key '{}'.",
                                                         found->entry->value, option.key)),
                     config, option);
}

NetworkSettings read_network(const OptionCatalog& o, const Configuration& config, const NetworkRuleSet& rules,
                             BatchShuffleMode shuffle_mode) {
    NetworkSettings s;
    // NettyShuffleEnvironmentConfiguration#fromConfiguration: tiered storage for the hybrid modes.
    const bool hybrid_mode = shuffle_mode == BatchShuffleMode::AllExchangesHybridFull ||
                             shuffle_mode == BatchShuffleMode::AllExchangesHybridSelective;
    switch (rules.tiered_storage) {
        case TieredStorageSwitch::None:
            s.tiered_storage = false;
            break;
        case TieredStorageSwitch::NewModeOption:
            s.tiered_storage = hybrid_mode && config.get_bool(opt(o, OptionId::HybridShuffleNewMode));
            break;
        case TieredStorageSwitch::Always:
            s.tiered_storage = hybrid_mode;
            break;
    }
    if (s.tiered_storage) {
        s.tiered_exclusive_buffers = rules.tiered_exclusive_buffers +
                                     (config.contains(opt(o, OptionId::HybridShuffleRemotePath)) ? 1 : 0);
    }
    s.max_overdraft_buffers_per_gate = rules.default_overdraft_buffers_per_gate;
    if (rules.channel_buffer_options) {
        s.buffers_per_channel = read_int(config, opt(o, OptionId::BuffersPerChannel));
        s.floating_buffers_per_gate = read_int(config, opt(o, OptionId::FloatingBuffersPerGate));
        s.sort_shuffle_min_parallelism = read_int(config, opt(o, OptionId::SortShuffleMinParallelism));
    }
    s.max_required_buffers_per_gate = config.get_int(opt(o, OptionId::ReadBufferRequiredPerGateMax));
    s.sort_shuffle_min_buffers = read_int(config, opt(o, OptionId::SortShuffleMinBuffers));
    s.max_buffers_per_channel = read_int(config, opt(o, OptionId::MaxBuffersPerChannel));
    if (config.contains(opt(o, OptionId::MaxOverdraftBuffersPerGate))) {
        s.max_overdraft_buffers_per_gate = read_int(config, opt(o, OptionId::MaxOverdraftBuffersPerGate));
    }
    // NettyShuffleEnvironmentConfiguration#fromConfiguration
    if (s.buffers_per_channel < 0) {
        throw with_entry(Error::illegal_argument("Must be non-negative."), config,
                         opt(o, OptionId::BuffersPerChannel));
    }
    if (s.floating_buffers_per_gate < 1) {
        throw with_entry(Error::illegal_argument(
                             "The configured floating buffer should be at least 1, please increase the value "
                             "of taskmanager.network.memory.floating-buffers-per-gate."),
                         config, opt(o, OptionId::FloatingBuffersPerGate));
    }
    if (s.max_required_buffers_per_gate && *s.max_required_buffers_per_gate < 1) {
        throw with_entry(Error::illegal_argument(
                             "At least one buffer is required for each gate, please increase the value of "
                             "taskmanager.network.memory.read-buffer.required-per-gate.max."),
                         config, opt(o, OptionId::ReadBufferRequiredPerGateMax));
    }
    return s;
}

// ManagedMemoryUtils#getManagedMemoryUseCaseWeightsFromConfig: a map "NAME:weight,...", each use
// case taking its first configured name (OPERATOR then DATAPROC, STATE_BACKEND then DATAPROC).
ConsumerWeights read_weights(const OptionCatalog& o, const Configuration& config) {
    const auto found = config.lookup(opt(o, OptionId::ManagedConsumerWeights));
    const std::string text =
        found ? found->entry->value : std::string(*opt(o, OptionId::ManagedConsumerWeights).default_value);
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
        throw with_entry(cause.wrapped(ErrorClass::IllegalArgumentException,
                                       fmt::format("Could not parse value '{}' for key '{}'.", text,
                                                   opt(o, OptionId::ManagedConsumerWeights).key)),
                         config, opt(o, OptionId::ManagedConsumerWeights));
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
                throw with_entry(e, config, opt(o, OptionId::ManagedConsumerWeights));
            }
            if (weight < 0) {
                throw with_entry(
                    Error::illegal_configuration(fmt::format(
                        "Managed memory weight should not be negative. Configured weight for {} is {}.",
                        enum_name(use_case), weight)),
                    config, opt(o, OptionId::ManagedConsumerWeights));
            }
            weights[use_case] = weight;
            break;
        }
    }
    return weights;
}

// BatchExecutionOptions as AdaptiveBatchSchedulerFactory and DefaultVertexParallelismAndInputInfosDecider
// #from read them (1.20); the keys and defaults of each release come from the option table.
AutoParallelismSettings read_auto_parallelism(const OptionCatalog& o, const Configuration& config) {
    AutoParallelismSettings s;
    if (const OptionSpec* enabled = o.find(OptionId::AutoParallelismEnabled))
        s.enabled = config.get_bool(*enabled);
    s.min_parallelism = config.get_int(opt(o, OptionId::AutoParallelismMin)).value_or(1);
    const OptionSpec& max = opt(o, OptionId::AutoParallelismMax);
    const OptionSpec& parallelism = opt(o, OptionId::ParallelismDefault);
    // #getDefaultMaxParallelism: the option when configured, else parallelism.default when
    // configured (not -1), else the option's default.
    if (const auto found = config.lookup(max)) {
        s.max_parallelism = config.get_int(max).value();
        s.max_parallelism_from = fmt::format("{}, {}", found->key, found->entry->source.describe());
    } else if (const auto p = config.lookup(parallelism); p && config.get_int(parallelism).value_or(-1) > 0) {
        s.max_parallelism = config.get_int(parallelism).value();
        s.max_parallelism_from = fmt::format("{}, {}", p->key, p->entry->source.describe());
    } else {
        s.max_parallelism = config.get_int(max).value_or(128);
        s.max_parallelism_from = fmt::format("{} default", max.key);
    }
    if (const auto volume = config.get_memory_size(opt(o, OptionId::AutoParallelismDataVolumePerTask)))
        s.data_volume_per_task = volume->bytes();
    s.default_source_parallelism = config.get_int(opt(o, OptionId::AutoParallelismDefaultSourceParallelism));
    return s;
}

RocksDbMemorySettings read_rocksdb(const OptionCatalog& o, const Configuration& config) {
    RocksDbMemorySettings s;
    s.use_managed_memory = config.get_bool(opt(o, OptionId::RocksDbMemoryManaged));
    if (auto size = config.get_memory_size(opt(o, OptionId::RocksDbFixedPerSlot)))
        s.fixed_per_slot = size->bytes();
    if (auto size = config.get_memory_size(opt(o, OptionId::RocksDbFixedPerTm)))
        s.fixed_per_tm = size->bytes();
    s.write_buffer_ratio = config.get_double(opt(o, OptionId::RocksDbWriteBufferRatio)).value();
    s.high_priority_pool_ratio = config.get_double(opt(o, OptionId::RocksDbHighPrioPoolRatio)).value();
    if (auto violation = validate(s)) {
        const OptionId id = violation->setting == RocksDbSetting::FixedPerSlot ? OptionId::RocksDbFixedPerSlot
                            : violation->setting == RocksDbSetting::HighPriorityPoolRatio
                                ? OptionId::RocksDbHighPrioPoolRatio
                                : OptionId::RocksDbWriteBufferRatio;
        throw with_entry(violation->error, config, opt(o, id));
    }
    return s;
}

}  // namespace

std::string_view enum_name(BatchShuffleMode mode) {
    switch (mode) {
        case BatchShuffleMode::AllExchangesPipelined:
            return "ALL_EXCHANGES_PIPELINED";
        case BatchShuffleMode::AllExchangesBlocking:
            return "ALL_EXCHANGES_BLOCKING";
        case BatchShuffleMode::AllExchangesHybridFull:
            return "ALL_EXCHANGES_HYBRID_FULL";
        case BatchShuffleMode::AllExchangesHybridSelective:
            return "ALL_EXCHANGES_HYBRID_SELECTIVE";
    }
    return "ALL_EXCHANGES_BLOCKING";
}

PartitionType batch_exchange(BatchShuffleMode mode) {
    // GlobalStreamExchangeMode ALL_EDGES_PIPELINED gives PIPELINED_BOUNDED edges.
    switch (mode) {
        case BatchShuffleMode::AllExchangesPipelined:
            return PartitionType::PipelinedBounded;
        case BatchShuffleMode::AllExchangesBlocking:
            return PartitionType::Blocking;
        case BatchShuffleMode::AllExchangesHybridFull:
            return PartitionType::HybridFull;
        case BatchShuffleMode::AllExchangesHybridSelective:
            return PartitionType::HybridSelective;
    }
    return PartitionType::Blocking;
}

SimulationSettings read_settings(const Configuration& config, FlinkVersion version) {
    const NetworkRuleSet& rules = network_rules(version);
    const Release* release = find_release(version);
    const OptionCatalog& o = (release != nullptr ? *release : default_release()).options();
    SimulationSettings s;
    s.version = version;
    s.segment_size = read_segment_size(o, config);
    s.num_slots = read_slots(o, config);
    s.batch_shuffle_mode = read_batch_shuffle_mode(o, config);
    {
        const auto scheduler = config.lookup(opt(o, OptionId::JobManagerScheduler));
        const std::string name = scheduler ? java::to_lower_us(scheduler->entry->value) : std::string();
        // DefaultSlotPoolServiceSchedulerFactory#getSchedulerType: Adaptive is turned into
        // AdaptiveBatch for batch jobs.
        s.adaptive_batch_scheduler = name.empty() ? rules.adaptive_batch_by_default : name == "adaptivebatch";
    }
    if (const auto size = config.get_memory_size(opt(o, OptionId::BatchShuffleSize))) {
        s.batch_shuffle_read_bytes = size->bytes();
    }
    s.network = read_network(o, config, rules, s.batch_shuffle_mode);
    s.consumer_weights = read_weights(o, config);
    const auto backend = config.lookup(opt(o, OptionId::StateBackend));
    s.rocksdb = backend && java::to_lower_us(backend->entry->value) == "rocksdb";
    if (s.rocksdb) s.rocksdb_memory = read_rocksdb(o, config);
    s.python_uses_managed_memory = config.get_bool(opt(o, OptionId::PythonManaged));
    s.auto_parallelism = read_auto_parallelism(o, config);
    s.default_parallelism = config.get_int(opt(o, OptionId::ParallelismDefault)).value_or(1);
    s.sort_max_fan = config.get_int(opt(o, OptionId::SortMaxFan)).value_or(128);
    return s;
}

}  // namespace flinkmem::sim
