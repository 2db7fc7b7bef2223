#include "flinkmem/report/tree.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "flinkmem/report/memory_tree.hpp"

namespace flinkmem::report {

namespace {

struct Row {
    std::string prefix;  // tree drawing in front of the label
    const MemoryNode* node;
};

void flatten(const MemoryNode& node, const std::string& indent, bool last, bool root,
             std::vector<Row>& rows) {
    rows.push_back({root ? "" : indent + (last ? "└─ " : "├─ "), &node});
    const std::string child_indent = root ? "" : indent + (last ? "   " : "│  ");
    for (std::size_t i = 0; i < node.children.size(); ++i) {
        flatten(node.children[i], child_indent, i + 1 == node.children.size(), false, rows);
    }
}

// Display width of a UTF-8 string whose non-ASCII characters are all one cell wide.
std::size_t cells(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// A bar of `fraction` x `width` cells in eighths of a cell.
std::string bar(double fraction, int width) {
    static constexpr std::array<std::string_view, 8> kEighths{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    const long eighths = std::lround(std::clamp(fraction, 0.0, 1.0) * width * 8);
    std::string out;
    for (long i = 0; i < eighths / 8; ++i) out += "█";
    out += kEighths[static_cast<std::size_t>(eighths % 8)];
    return out;
}

std::string_view colour_of(const std::string& key) {
    if (key == "framework_heap" || key == "task_heap" || key == "jvm_heap") return "\033[34m";
    if (key == "managed") return "\033[32m";
    if (key == "framework_off_heap" || key == "task_off_heap" || key == "network" || key == "off_heap" ||
        key == "jvm_direct") {
        return "\033[33m";
    }
    if (key == "jvm_metaspace" || key == "jvm_overhead") return "\033[35m";
    return "\033[2m";  // totals: dim
}

}  // namespace

void write_tree(std::ostream& out, const deploy::ResolvedProcess& process, const TreeStyle& style) {
    const MemoryNode root = memory_tree(process);
    std::vector<Row> rows;
    flatten(root, "", true, true, rows);
    std::size_t label_width = 0;
    std::size_t size_width = 0;
    for (const auto& row : rows) {
        label_width = std::max(label_width, cells(row.prefix) + row.node->label.size());
        size_width = std::max(size_width, row.node->size.to_human_readable_string().size());
    }
    const double total = static_cast<double>(root.size.bytes());
    out << fmt::format("{} memory (Flink {}, {})\n",
                       process.component == Component::TaskManager ? "TaskManager" : "JobManager",
                       process.version.to_string(), deploy::name_of(process.target));
    for (const auto& row : rows) {
        const double fraction = total > 0 ? static_cast<double>(row.node->size.bytes()) / total : 0.0;
        const std::string label = row.prefix + row.node->label;
        const std::string padding(label_width - cells(label), ' ');
        std::string drawn = bar(fraction, style.bar_width);
        const std::string fill(static_cast<std::size_t>(style.bar_width) - cells(drawn), ' ');
        if (style.colour) drawn = fmt::format("{}{}\033[0m", colour_of(row.node->key), drawn);
        out << fmt::format("{}{}  {:>{}}  {}{} {:5.1f}%\n", label, padding,
                           row.node->size.to_human_readable_string(), size_width, drawn, fill,
                           fraction * 100.0);
    }
}

}  // namespace flinkmem::report
