#include "flinkmem/sim/job.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <queue>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

namespace flinkmem::sim {

namespace {

using json = nlohmann::json;

constexpr std::array<std::string_view, 8> kShipNames{"FORWARD",   "RESCALE", "HASH",   "REBALANCE",
                                                     "BROADCAST", "SHUFFLE", "GLOBAL", "CUSTOM"};

std::string upper(std::string_view text) {
    std::string result(text);
    for (char& c : result) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return result;
}

std::optional<ShipStrategy> parse_ship(std::string_view text) {
    const std::string name = upper(text);
    for (std::size_t i = 0; i < kShipNames.size(); ++i) {
        if (kShipNames[i] == name) return static_cast<ShipStrategy>(i);
    }
    // Names Flink's plans also print for the same partitioners.
    if (name == "FORWARD_FOR_BATCH" || name == "FORWARD_FOR_CONSECUTIVE_HASH") return ShipStrategy::Forward;
    return std::nullopt;
}

std::optional<PartitionType> parse_exchange(std::string_view text) {
    return parse_partition_type(upper(text));
}

// The text of a JSON scalar for a message, shortened.
std::string shown(const json& value) {
    std::string text = value.dump();
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return text;
}

std::string id_text(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
    return {};
}

std::int32_t parallelism_of(const json& node, const std::string& where) {
    const auto it = node.find("parallelism");
    if (it == node.end()) throw JobFormatError(fmt::format("{}: \"parallelism\" is missing", where));
    if (!it->is_number_integer() || it->get<std::int64_t>() < 1 || it->get<std::int64_t>() > 32768) {
        throw JobFormatError(
            fmt::format("{}: \"parallelism\" must be an integer from 1 to 32768 (Flink's "
                        "maximum parallelism), got {}",
                        where, shown(*it)));
    }
    return it->get<std::int32_t>();
}

JobGraph read_rest_plan(const json& plan, const std::string& origin) {
    JobGraph graph;
    graph.name = plan.value("name", std::string{});
    const json& nodes = plan.at("nodes");
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const json& node = nodes[i];
        const std::string where = fmt::format("{}: nodes[{}]", origin, i);
        if (!node.is_object()) throw JobFormatError(where + ": a node must be a JSON object");
        const std::string id = id_text(node.value("id", json()));
        if (id.empty()) throw JobFormatError(where + ": \"id\" must be a string or integer");
        if (index.count(id) != 0)
            throw JobFormatError(fmt::format("{}: duplicate vertex id '{}'", where, id));
        JobVertex vertex;
        vertex.id = id;
        const auto description = node.find("description");
        vertex.name =
            description != node.end() && description->is_string() ? description->get<std::string>() : id;
        vertex.parallelism = parallelism_of(node, where);
        index[id] = graph.vertices.size();
        graph.vertices.push_back(std::move(vertex));
    }
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const auto inputs = nodes[i].find("inputs");
        if (inputs == nodes[i].end()) continue;
        if (!inputs->is_array())
            throw JobFormatError(fmt::format("{}: nodes[{}].inputs must be an array", origin, i));
        for (std::size_t j = 0; j < inputs->size(); ++j) {
            const json& input = (*inputs)[j];
            const std::string where = fmt::format("{}: nodes[{}].inputs[{}]", origin, i, j);
            if (!input.is_object()) throw JobFormatError(where + ": an input must be a JSON object");
            const std::string source = id_text(input.value("id", json()));
            const auto found = index.find(source);
            if (found == index.end()) {
                throw JobFormatError(
                    fmt::format("{}: unknown input vertex id {}", where, shown(input.value("id", json()))));
            }
            const json ship_value = input.value("ship_strategy", json());
            const auto ship =
                ship_value.is_string() ? parse_ship(ship_value.get<std::string>()) : std::nullopt;
            if (!ship)
                throw JobFormatError(fmt::format("{}: unknown ship_strategy {}", where, shown(ship_value)));
            const json exchange_value = input.value("exchange", json("pipelined_bounded"));
            const auto exchange =
                exchange_value.is_string() ? parse_exchange(exchange_value.get<std::string>()) : std::nullopt;
            if (!exchange)
                throw JobFormatError(fmt::format("{}: unknown exchange {}", where, shown(exchange_value)));
            graph.edges.push_back({found->second, i, *ship, *exchange, false, 0, {}});
        }
    }
    const bool any_blocking = std::any_of(graph.edges.begin(), graph.edges.end(),
                                          [](const JobEdge& e) { return is_blocking(e.exchange); });
    graph.mode = any_blocking ? JobMode::Batch : JobMode::Streaming;
    graph.notes.push_back(
        "REST plan: managed memory use is not in the plan; keyed vertices (hash inputs) are assumed to keep "
        "state in the configured state backend, slot sharing is Flink's default (one group)");
    return graph;
}

// StreamExecutionEnvironment#getExecutionPlan: operators; chained into job vertices as Flink's
// default chaining does (StreamingJobGraphGenerator#isChainable): a forward edge between
// operators of equal parallelism whose downstream operator has exactly one input.
JobGraph read_execution_plan(const json& plan, const std::string& origin, JobMode mode) {
    struct Operator {
        std::string id;
        std::string name;
        std::int32_t parallelism;
        std::vector<std::pair<std::string, ShipStrategy>> inputs;
    };
    std::vector<Operator> operators;
    std::map<std::string, std::size_t> index;
    const json& nodes = plan.at("nodes");
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const json& node = nodes[i];
        const std::string where = fmt::format("{}: nodes[{}]", origin, i);
        if (!node.is_object()) throw JobFormatError(where + ": a node must be a JSON object");
        Operator op;
        op.id = id_text(node.value("id", json()));
        if (op.id.empty()) throw JobFormatError(where + ": \"id\" must be a string or integer");
        if (index.count(op.id) != 0)
            throw JobFormatError(fmt::format("{}: duplicate operator id {}", where, op.id));
        const json contents = node.value("contents", node.value("type", json(op.id)));
        op.name = contents.is_string() ? contents.get<std::string>() : op.id;
        op.parallelism = parallelism_of(node, where);
        const auto predecessors = node.find("predecessors");
        if (predecessors != node.end()) {
            if (!predecessors->is_array())
                throw JobFormatError(where + ": \"predecessors\" must be an array");
            for (std::size_t j = 0; j < predecessors->size(); ++j) {
                const json& p = (*predecessors)[j];
                const std::string pwhere = fmt::format("{}.predecessors[{}]", where, j);
                if (!p.is_object()) throw JobFormatError(pwhere + ": a predecessor must be a JSON object");
                const json ship_value = p.value("ship_strategy", json());
                const auto ship =
                    ship_value.is_string() ? parse_ship(ship_value.get<std::string>()) : std::nullopt;
                if (!ship)
                    throw JobFormatError(
                        fmt::format("{}: unknown ship_strategy {}", pwhere, shown(ship_value)));
                const std::string source = id_text(p.value("id", json()));
                if (source.empty()) throw JobFormatError(pwhere + ": \"id\" must be a string or integer");
                op.inputs.emplace_back(source, *ship);
            }
        }
        index[op.id] = operators.size();
        operators.push_back(std::move(op));
    }
    for (std::size_t i = 0; i < operators.size(); ++i) {
        for (const auto& [source, ship] : operators[i].inputs) {
            if (index.count(source) == 0) {
                throw JobFormatError(
                    fmt::format("{}: nodes[{}]: unknown predecessor id {}", origin, i, source));
            }
        }
    }
    // Union-find over chainable edges: each set is one job vertex.
    std::vector<std::size_t> head(operators.size());
    for (std::size_t i = 0; i < head.size(); ++i) head[i] = i;
    auto find = [&](std::size_t x) {
        while (head[x] != x) x = head[x] = head[head[x]];
        return x;
    };
    for (std::size_t i = 0; i < operators.size(); ++i) {
        const Operator& op = operators[i];
        if (op.inputs.size() != 1) continue;
        const auto& [source, ship] = op.inputs.front();
        const std::size_t s = index.at(source);
        if (ship == ShipStrategy::Forward && operators[s].parallelism == op.parallelism && s != i) {
            head[find(i)] = find(s);
        }
    }
    JobGraph graph;
    graph.name = plan.value("name", std::string{});
    graph.mode = mode;
    std::map<std::size_t, std::size_t> vertex_of_set;
    for (std::size_t i = 0; i < operators.size(); ++i) {
        const std::size_t set = find(i);
        auto [it, fresh] = vertex_of_set.emplace(set, graph.vertices.size());
        if (fresh) {
            JobVertex vertex;
            vertex.id = operators[i].id;
            vertex.name = operators[i].name;
            vertex.parallelism = operators[i].parallelism;
            graph.vertices.push_back(std::move(vertex));
        } else {
            graph.vertices[it->second].name += " -> " + operators[i].name;
        }
    }
    const PartitionType exchange =
        mode == JobMode::Batch ? PartitionType::Blocking : PartitionType::PipelinedBounded;
    for (std::size_t i = 0; i < operators.size(); ++i) {
        for (const auto& [source, ship] : operators[i].inputs) {
            const std::size_t s = index.at(source);
            const std::size_t from = vertex_of_set.at(find(s));
            const std::size_t to = vertex_of_set.at(find(i));
            if (from == to) continue;  // chained
            graph.edges.push_back({from, to, ship, exchange, true, 0, {}});
        }
    }
    graph.notes.push_back(fmt::format(
        "execution plan: {} operators chained into {} job vertices by Flink's default rule (forward edge, "
        "equal "
        "parallelism, single input); disableChaining/startNewChain, slot sharing groups and managed memory "
        "declarations are not in this JSON and are not modelled; every job edge is {}",
        operators.size(), graph.vertices.size(),
        mode == JobMode::Batch ? "blocking (batch mode)" : "pipelined_bounded"));
    return graph;
}

// ---- YAML ----------------------------------------------------------------------------------

std::string at(const std::string& origin, const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    if (mark.line < 0) return origin;
    return fmt::format("{}:{}", origin, mark.line + 1);
}

std::string scalar(const YAML::Node& node, const std::string& origin, const std::string& field) {
    if (!node.IsScalar())
        throw JobFormatError(fmt::format("{}: \"{}\" must be a scalar", at(origin, node), field));
    return node.Scalar();
}

std::int64_t integer(const YAML::Node& node, const std::string& origin, const std::string& field,
                     std::int64_t min, std::int64_t max) {
    const std::string text = scalar(node, origin, field);
    std::size_t used = 0;
    long long value = 0;
    try {
        value = std::stoll(text, &used, 10);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || value < min || value > max) {
        throw JobFormatError(fmt::format("{}: \"{}\" must be an integer from {} to {}, got '{}'",
                                         at(origin, node), field, min, max, text));
    }
    return value;
}

bool boolean(const YAML::Node& node, const std::string& origin, const std::string& field) {
    const std::string text = upper(scalar(node, origin, field));
    if (text == "TRUE") return true;
    if (text == "FALSE") return false;
    throw JobFormatError(
        fmt::format("{}: \"{}\" must be true or false, got '{}'", at(origin, node), field, node.Scalar()));
}

void check_keys(const YAML::Node& map, const std::string& origin,
                std::initializer_list<std::string_view> allowed) {
    for (const auto& item : map) {
        const std::string key = item.first.IsScalar() ? item.first.Scalar() : std::string("?");
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            std::string list;
            for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
            throw JobFormatError(
                fmt::format("{}: unknown key '{}' (expected one of: {})", at(origin, item.first), key, list));
        }
    }
}

ManagedDeclaration read_managed(const YAML::Node& node, const std::string& origin) {
    if (!node.IsMap())
        throw JobFormatError(fmt::format("{}: \"managed\" must be a mapping", at(origin, node)));
    check_keys(node, origin, {"operator", "state_backend", "python"});
    ManagedDeclaration managed;
    if (node["operator"]) {
        managed.operator_scope[ManagedUseCase::Operator] =
            static_cast<std::int32_t>(integer(node["operator"], origin, "operator", 1, 2147483647));
    }
    if (node["state_backend"] && boolean(node["state_backend"], origin, "state_backend")) {
        managed.slot_scope.push_back(ManagedUseCase::StateBackend);
    }
    if (node["python"] && boolean(node["python"], origin, "python"))
        managed.slot_scope.push_back(ManagedUseCase::Python);
    return managed;
}

}  // namespace

std::string_view enum_name(ShipStrategy ship) {
    return kShipNames[static_cast<std::size_t>(ship)];
}

bool is_pointwise(ShipStrategy ship) {
    return ship == ShipStrategy::Forward || ship == ShipStrategy::Rescale;
}

void finish_graph(JobGraph& graph, const std::string& origin) {
    if (graph.vertices.empty()) throw JobFormatError(origin + ": the job has no vertices");
    const std::size_t n = graph.vertices.size();
    for (const JobEdge& edge : graph.edges) {
        const JobVertex& from = graph.vertices[edge.source];
        const JobVertex& to = graph.vertices[edge.target];
        if (edge.source == edge.target)
            throw JobFormatError(fmt::format("{}: vertex '{}' consumes itself", origin, from.id));
        // An open vertex takes its forward producer's parallelism (one forward group).
        if (edge.ship == ShipStrategy::Forward && !from.parallelism_open && !to.parallelism_open &&
            from.parallelism != to.parallelism) {
            throw JobFormatError(fmt::format(
                "{}: forward edge '{}' -> '{}' changes parallelism ({} -> {}); Flink rejects this (\"Forward "
                "partitioning does not allow change of parallelism\"), use rebalance, rescale or hash",
                origin, from.id, to.id, from.parallelism, to.parallelism));
        }
    }
    // Kahn's algorithm, stable in the given order.
    std::vector<int> indegree(n, 0);
    for (const JobEdge& edge : graph.edges) ++indegree[edge.target];
    std::vector<std::size_t> order;
    std::vector<bool> done(n, false);
    while (order.size() < n) {
        bool progressed = false;
        for (std::size_t v = 0; v < n; ++v) {
            if (done[v] || indegree[v] != 0) continue;
            done[v] = true;
            order.push_back(v);
            for (const JobEdge& edge : graph.edges) {
                if (edge.source == v) --indegree[edge.target];
            }
            progressed = true;
            break;
        }
        if (!progressed) throw JobFormatError(origin + ": the job graph has a cycle");
    }
    std::vector<std::size_t> new_index(n);
    for (std::size_t i = 0; i < n; ++i) new_index[order[i]] = i;
    std::vector<JobVertex> sorted;
    sorted.reserve(n);
    for (std::size_t v : order) sorted.push_back(std::move(graph.vertices[v]));
    graph.vertices = std::move(sorted);
    for (JobEdge& edge : graph.edges) {
        edge.source = new_index[edge.source];
        edge.target = new_index[edge.target];
        if (edge.ship == ShipStrategy::Hash) graph.vertices[edge.target].keyed = true;
    }
}

JobGraph read_job_json(std::string_view text, const std::string& origin, JobMode mode) {
    json plan;
    try {
        plan = json::parse(text);
    } catch (const json::exception& e) {  // parse_error, and out_of_range for numbers too large
        throw JobFormatError(fmt::format("{}: not valid JSON: {}", origin, e.what()));
    }
    if (!plan.is_object() || !plan.contains("nodes") || !plan["nodes"].is_array()) {
        throw JobFormatError(origin + ": expected a Flink job plan: a JSON object with a \"nodes\" array");
    }
    bool execution_plan = false;
    for (const auto& node : plan["nodes"]) {
        if (node.is_object() && (node.contains("predecessors") || node.contains("pact")))
            execution_plan = true;
    }
    JobGraph graph;
    try {
        graph = execution_plan ? read_execution_plan(plan, origin, mode) : read_rest_plan(plan, origin);
    } catch (const json::exception& e) {
        throw JobFormatError(fmt::format("{}: unexpected plan structure: {}", origin, e.what()));
    }
    finish_graph(graph, origin);
    return graph;
}

JobGraph read_job_yaml(std::string_view text, const std::string& origin) {
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
        throw JobFormatError(fmt::format("{}:{}: not valid YAML: {}", origin, e.mark.line + 1, e.msg));
    }
    try {
        if (!root.IsMap())
            throw JobFormatError(origin + ": a job shape is a YAML mapping with \"vertices\" and \"edges\"");
        check_keys(root, origin, {"name", "mode", "vertices", "edges"});
        JobGraph graph;
        if (root["name"]) graph.name = scalar(root["name"], origin, "name");
        if (root["mode"]) {
            const std::string mode = scalar(root["mode"], origin, "mode");
            if (mode == "streaming")
                graph.mode = JobMode::Streaming;
            else if (mode == "batch")
                graph.mode = JobMode::Batch;
            else
                throw JobFormatError(fmt::format("{}: \"mode\" must be streaming or batch, got '{}'",
                                                 at(origin, root["mode"]), mode));
        }
        const YAML::Node vertices = root["vertices"];
        if (!vertices || !vertices.IsSequence() || vertices.size() == 0) {
            throw JobFormatError(fmt::format("{}: \"vertices\" must be a non-empty list",
                                             at(origin, vertices ? vertices : root)));
        }
        std::map<std::string, std::size_t> index;
        for (const auto& v : vertices) {
            if (!v.IsMap())
                throw JobFormatError(fmt::format("{}: a vertex must be a mapping", at(origin, v)));
            check_keys(v, origin, {"id", "name", "parallelism", "slot_sharing_group", "managed"});
            if (!v["id"]) throw JobFormatError(fmt::format("{}: a vertex needs an \"id\"", at(origin, v)));
            JobVertex vertex;
            vertex.id = scalar(v["id"], origin, "id");
            if (index.count(vertex.id) != 0) {
                throw JobFormatError(
                    fmt::format("{}: duplicate vertex id '{}'", at(origin, v["id"]), vertex.id));
            }
            vertex.name = v["name"] ? scalar(v["name"], origin, "name") : vertex.id;
            // Without one the job leaves it open: Flink decides it (batch, AdaptiveBatchScheduler)
            // or takes parallelism.default.
            vertex.parallelism_open = !v["parallelism"];
            vertex.parallelism = 0;  // not given: decided or parallelism.default
            if (!vertex.parallelism_open) {
                vertex.parallelism =
                    static_cast<std::int32_t>(integer(v["parallelism"], origin, "parallelism", 1, 32768));
            }
            if (v["slot_sharing_group"])
                vertex.slot_sharing_group = scalar(v["slot_sharing_group"], origin, "slot_sharing_group");
            if (v["managed"]) {
                vertex.managed = read_managed(v["managed"], origin);
                vertex.managed_declared = true;
            }
            index[vertex.id] = graph.vertices.size();
            graph.vertices.push_back(std::move(vertex));
        }
        const YAML::Node edges = root["edges"];
        if (edges && !edges.IsSequence())
            throw JobFormatError(fmt::format("{}: \"edges\" must be a list", at(origin, edges)));
        if (edges) {
            for (const auto& e : edges) {
                if (!e.IsMap())
                    throw JobFormatError(fmt::format("{}: an edge must be a mapping", at(origin, e)));
                check_keys(e, origin, {"from", "to", "ship", "exchange"});
                if (!e["from"] || !e["to"])
                    throw JobFormatError(fmt::format("{}: an edge needs \"from\" and \"to\"", at(origin, e)));
                const std::string from = scalar(e["from"], origin, "from");
                const std::string to = scalar(e["to"], origin, "to");
                if (index.count(from) == 0)
                    throw JobFormatError(fmt::format("{}: unknown vertex '{}'", at(origin, e["from"]), from));
                if (index.count(to) == 0)
                    throw JobFormatError(fmt::format("{}: unknown vertex '{}'", at(origin, e["to"]), to));
                ShipStrategy ship = ShipStrategy::Hash;
                if (e["ship"]) {
                    const std::string name = scalar(e["ship"], origin, "ship");
                    const auto parsed = parse_ship(name);
                    if (!parsed || (*parsed != ShipStrategy::Hash && *parsed != ShipStrategy::Rebalance &&
                                    *parsed != ShipStrategy::Broadcast && *parsed != ShipStrategy::Forward &&
                                    *parsed != ShipStrategy::Rescale)) {
                        throw JobFormatError(
                            fmt::format("{}: \"ship\" must be one of hash, rebalance, broadcast, forward, "
                                        "rescale, got '{}'",
                                        at(origin, e["ship"]), name));
                    }
                    ship = *parsed;
                }
                PartitionType exchange =
                    graph.mode == JobMode::Batch ? PartitionType::Blocking : PartitionType::PipelinedBounded;
                const bool from_mode = !e["exchange"];
                if (e["exchange"]) {
                    const std::string name = scalar(e["exchange"], origin, "exchange");
                    std::string normalized = name;
                    if (normalized == "hybrid") normalized = "hybrid_full";
                    const auto parsed = parse_exchange(normalized);
                    if (!parsed) {
                        throw JobFormatError(
                            fmt::format("{}: \"exchange\" must be one of pipelined_bounded, pipelined, "
                                        "blocking, hybrid_full, hybrid_selective, got '{}'",
                                        at(origin, e["exchange"]), name));
                    }
                    exchange = *parsed;
                }
                graph.edges.push_back({index.at(from), index.at(to), ship, exchange, from_mode, 0, {}});
            }
        }
        finish_graph(graph, origin);
        return graph;
    } catch (const YAML::Exception& e) {
        throw JobFormatError(fmt::format("{}:{}: {}", origin, e.mark.line + 1, e.msg));
    }
}

JobGraph keyby_job(std::int32_t parallelism, JobMode mode) {
    if (parallelism < 1 || parallelism > 32768) {
        throw JobFormatError(fmt::format("--parallelism must be from 1 to 32768, got {}", parallelism));
    }
    JobGraph graph;
    graph.name = fmt::format("source -> keyBy -> sink, parallelism {}", parallelism);
    graph.mode = mode;
    graph.vertices.push_back({"source", "Source", parallelism, false, "default", {}, false, false});
    graph.vertices.push_back(
        {"keyed", "KeyedProcess -> Sink", parallelism, false, "default", {}, false, false});
    graph.edges.push_back({0,
                           1,
                           ShipStrategy::Hash,
                           mode == JobMode::Batch ? PartitionType::Blocking : PartitionType::PipelinedBounded,
                           true,
                           0,
                           {}});
    finish_graph(graph, "--parallelism");
    return graph;
}

void apply_batch_shuffle_mode(JobGraph& graph, PartitionType exchange) {
    if (graph.mode != JobMode::Batch) return;
    std::size_t changed = 0;
    for (JobEdge& e : graph.edges) {
        if (!e.exchange_from_mode || e.exchange == exchange) continue;
        e.exchange = exchange;
        ++changed;
    }
    if (changed > 0) {
        graph.notes.push_back(fmt::format("execution.batch-shuffle-mode: {} edge(s) exchange {}", changed,
                                          enum_name(exchange)));
    }
}

}  // namespace flinkmem::sim
