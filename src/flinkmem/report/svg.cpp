#include "flinkmem/report/svg.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "flinkmem/report/memory_tree.hpp"

namespace flinkmem::report {

namespace {

// Geometry, in px. Heights are proportional to bytes: kScaleHeight is Total Process Memory.
constexpr double kMargin = 16;
constexpr double kTop = 64;  // below the title
constexpr double kScaleHeight = 640;
constexpr double kStripWidth = 180;  // a group's label column; its children sit to the right
constexpr double kLeafWidth = 260;
constexpr double kCalloutGap = 18;
constexpr double kCalloutWidth = 400;
constexpr double kLineHeight = 16;  // 13px text
constexpr int kDepth = 4;           // deepest component (TaskManager network etc.)

std::string escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string_view fill_of(const std::string& key, bool leaf) {
    if (key == "framework_heap") return "#a6c8ec";
    if (key == "task_heap") return "#cfe3f7";
    if (key == "jvm_heap") return leaf ? "#a6c8ec" : "#e6eef7";
    if (key == "managed") return "#b5dfa8";
    if (key == "framework_off_heap") return "#f9c48d";
    if (key == "task_off_heap") return "#fde2c2";
    if (key == "network") return "#f4a6a7";
    if (key == "off_heap") return leaf ? "#f9c48d" : "#f5efe6";
    if (key == "jvm_direct") return "#f7ebe0";
    if (key == "jvm_metaspace") return "#d7bde2";
    if (key == "jvm_overhead") return "#d9c3b0";
    if (key == "total_flink") return "#f0f0f0";
    return "#fafafa";
}

struct Callout {
    double anchor_y;  // where the box is
    double text_y;    // where its label goes (pushed down past the previous one)
    double box_right;
    const MemoryNode* node;
};

struct Layout {
    double right;  // right edge of every box
    double bytes_scale;
    std::vector<Callout> callouts;
    std::string body;
};

std::string size_text(MemorySize size) {
    return size.to_human_readable_string();
}

double height_of(const Layout& layout, MemorySize size) {
    return static_cast<double>(size.bytes()) * layout.bytes_scale;
}

void text(std::string& body, double x, double y, std::string_view content, bool bold) {
    body += fmt::format(R"(<text x="{:.1f}" y="{:.1f}"{}>{}</text>)", x, y,
                        bold ? R"( font-weight="bold")" : "", escape(content));
    body += '\n';
}

// Text width estimate for 13px DejaVu/Liberation Sans; generous, so labels never overflow.
double approximate_width(std::string_view content, bool bold) {
    return static_cast<double>(content.size()) * (bold ? 8.2 : 7.4);
}

// Name, then the size on one line ("512.000mb (536870920 bytes)") or, in a narrow strip, two.
std::vector<std::string> label_lines(const MemoryNode& node, double room) {
    const std::string size = size_text(node.size);
    if (approximate_width(size, false) <= room) return {node.label, size};
    const auto split = size.find(" (");
    if (split == std::string::npos) return {node.label, size};
    return {node.label, size.substr(0, split), size.substr(split + 1)};
}

// Draws `node` (and its children) with its top at `y` and its left edge at `x`.
void draw(Layout& layout, const MemoryNode& node, double x, double y) {
    const double height = height_of(layout, node.size);
    const bool leaf = node.children.empty();
    layout.body += fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.2f}" fill="{}" stroke="#4d4d4d" stroke-width="1"><title>{}: {}</title></rect>)",
        x, y, layout.right - x, height, fill_of(node.key, leaf), escape(node.label),
        escape(size_text(node.size)));
    layout.body += '\n';
    // The label goes inside the box (a group: its left strip) when it fits, else into a callout.
    const double room = (leaf ? layout.right - x : kStripWidth) - 10;
    const std::vector<std::string> lines = label_lines(node, room);
    const bool fits = approximate_width(node.label, true) <= room;
    if (fits && height >= static_cast<double>(lines.size()) * kLineHeight + 6) {
        for (std::size_t i = 0; i < lines.size(); ++i) {
            text(layout.body, x + 6, y + static_cast<double>(i + 1) * kLineHeight, lines[i], i == 0);
        }
    } else {
        layout.callouts.push_back({y + height / 2, 0, layout.right, &node});
    }
    double child_y = y;
    for (const auto& child : node.children) {
        draw(layout, child, x + kStripWidth, child_y);
        child_y += height_of(layout, child.size);
    }
}

}  // namespace

void write_svg(std::ostream& out, const deploy::ResolvedProcess& process) {
    const MemoryNode root = memory_tree(process);
    Layout layout;
    layout.right = kMargin + kDepth * kStripWidth + kLeafWidth;
    layout.bytes_scale = root.size.bytes() > 0 ? kScaleHeight / static_cast<double>(root.size.bytes()) : 0.0;
    draw(layout, root, kMargin, kTop);

    // Callouts: in box order, each at its box's middle unless the previous label is in the way.
    double next_free = kTop;
    for (auto& callout : layout.callouts) {
        callout.text_y = std::max(callout.anchor_y + 4, next_free + kLineHeight);
        next_free = callout.text_y;
        const double text_x = layout.right + kCalloutGap;
        layout.body += fmt::format(
            R"(<polyline points="{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}" fill="none" stroke="#4d4d4d" stroke-width="1"/>)",
            callout.box_right, callout.anchor_y, callout.box_right + kCalloutGap / 2, callout.anchor_y,
            text_x - 3, callout.text_y - 4);
        layout.body += '\n';
        text(layout.body, text_x, callout.text_y,
             fmt::format("{}: {}", callout.node->label, size_text(callout.node->size)), false);
    }

    const bool task_manager = process.component == Component::TaskManager;
    const double width = layout.right + kCalloutGap + kCalloutWidth + kMargin;
    const double footer_y = std::max(kTop + kScaleHeight, next_free) + 28;
    const double height = footer_y + kMargin;
    const std::string title = fmt::format("Flink {} {} memory: {}", process.version.to_string(),
                                          task_manager ? "TaskManager" : "JobManager", size_text(root.size));
    out << R"(<?xml version="1.0" encoding="UTF-8"?>)" << '\n';
    out << fmt::format(
        R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0:.0f}" height="{1:.0f}" viewBox="0 0 {0:.0f} {1:.0f}" font-family="DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif" font-size="13" fill="#111111">)",
        width, height);
    out << '\n' << "<title>" << escape(title) << "</title>\n";
    out << fmt::format(R"(<rect x="0" y="0" width="{:.0f}" height="{:.0f}" fill="#ffffff"/>)", width, height)
        << '\n';
    out << fmt::format(R"(<text x="{:.0f}" y="30" font-size="18" font-weight="bold">{}</text>)", kMargin,
                       escape(title))
        << '\n';
    out << fmt::format(
               R"(<text x="{:.0f}" y="50" font-size="12" fill="#444444">{}</text>)", kMargin,
               escape(fmt::format("Each box is as tall as its share of Total Process Memory ({} bytes); "
                                  "JVM flags: {}",
                                  root.size.bytes(), process.jvm_parameters)))
        << '\n';
    out << "<g>\n" << layout.body << "</g>\n";
    out << fmt::format(R"(<text x="{:.0f}" y="{:.0f}" font-size="12" fill="#444444">{}</text>)", kMargin,
                       footer_y, escape("drawn by flinkmem from Flink's own derivation rules"))
        << '\n';
    out << "</svg>\n";
}

}  // namespace flinkmem::report
