// The table of what flinkmem reads from every real-world configuration in
// ../shared/realworld/files/: per file the detected format, the documents, each document's Flink
// version and memory keys (with value and line), its notes, or the one error. Each file is read
// under its path in its repository (from ../index.jsonl), as a user would name it, because the
// name decides between the two parsers for flat files. Compared with
// tests/data/realworld/inputs.golden; regenerate on purpose with
//   build/tests/flinkmem_realworld_inputs ../shared/realworld/files tests/data/realworld/inputs.golden
//   --update
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <map>

#include <nlohmann/json.hpp>

#include "flinkmem/readers/inputs.hpp"

namespace {

bool is_memory_key(const std::string& key) {
    return key.find(".memory.") != std::string::npos || key.find("heap") != std::string::npos ||
           key.starts_with("kubernetes.jobmanager.cpu") || key.starts_with("kubernetes.taskmanager.cpu") ||
           key == "taskmanager.numberOfTaskSlots" || key.find("numberOfBuffers") != std::string::npos;
}

const char* note_kind(flinkmem::ReadNote::Kind kind) {
    switch (kind) {
        case flinkmem::ReadNote::Kind::DroppedLine:
            return "dropped-line";
        case flinkmem::ReadNote::Kind::DuplicateKey:
            return "duplicate-key";
        case flinkmem::ReadNote::Kind::Placeholder:
            return "placeholder";
        case flinkmem::ReadNote::Kind::QuotedValue:
            return "quoted-value";
        case flinkmem::ReadNote::Kind::Other:
            return "other";
    }
    return "?";
}

// Corpus file name -> its path in the repository it came from.
std::map<std::string, std::string> original_paths(const std::filesystem::path& index) {
    std::map<std::string, std::string> paths;
    std::ifstream in(index);
    for (std::string line; std::getline(in, line);) {
        const auto entry = nlohmann::json::parse(line, nullptr, false);
        if (entry.is_object() && entry.contains("file") && entry.contains("path")) {
            paths[entry["file"].get<std::string>()] = entry["path"].get<std::string>();
        }
    }
    return paths;
}

std::string table_of(const std::filesystem::path& file, const std::map<std::string, std::string>& paths) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string name = file.filename().string();
    const auto original = paths.find(name);
    const std::string path = original == paths.end() ? name : original->second;
    std::ostringstream out;
    out << "== " << name << " (" << path << ")\n";
    try {
        const auto documents = flinkmem::read_configurations(text.str(), path);
        for (const auto& document : documents) {
            out << "  document " << document.name << " [" << flinkmem::to_string(document.format) << "]";
            if (document.flink_version) out << " flink " << document.flink_version->to_string();
            out << '\n';
            for (const auto& [key, entry] : document.config.entries()) {
                if (is_memory_key(key))
                    out << "    " << key << " = " << entry.value << "  @ " << entry.source.describe() << '\n';
            }
            for (const auto* process : {&document.job_manager, &document.task_manager}) {
                if (!*process) continue;
                const auto& p = **process;
                out << "    " << (process == &document.job_manager ? "jobManager" : "taskManager")
                    << ": memory=" << p.memory.value_or("-")
                    << " cpu=" << (p.cpu ? std::to_string(*p.cpu) : "-")
                    << " replicas=" << (p.replicas ? std::to_string(*p.replicas) : "-");
                if (p.pod_template) {
                    out << " pod(memory " << p.pod_template->memory_request.value_or("-") << "/"
                        << p.pod_template->memory_limit.value_or("-") << ")";
                }
                out << '\n';
            }
            std::size_t dropped = 0;
            for (const auto& note : document.notes) {
                if (note.kind == flinkmem::ReadNote::Kind::DroppedLine) {
                    ++dropped;
                    continue;
                }
                out << "    note " << note_kind(note.kind) << " " << note.where.describe() << ": "
                    << note.message << '\n';
            }
            if (dropped > 0) out << "    notes dropped-line: " << dropped << '\n';
        }
    } catch (const flinkmem::Error& e) {
        out << "  error " << e.class_name() << ": " << e.message() << '\n';
        for (const auto& cause : e.causes())
            out << "    caused by " << cause.class_name() << ": " << cause.message << '\n';
    }
    return out.str();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: " << argv[0] << " FILES_DIR GOLDEN [--update]\n";
        return 2;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(argv[1])) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    const auto paths = original_paths(std::filesystem::path(argv[1]).parent_path() / "index.jsonl");
    std::string table;
    for (const auto& file : files) table += table_of(file, paths);
    if (argc > 3 && std::string(argv[3]) == "--update") {
        std::ofstream(argv[2], std::ios::binary) << table;
        std::cout << "wrote " << files.size() << " files' table to " << argv[2] << '\n';
        return 0;
    }
    std::ifstream golden_file(argv[2], std::ios::binary);
    std::ostringstream golden;
    golden << golden_file.rdbuf();
    if (golden.str() == table) {
        std::cout << files.size() << " files read as the golden table says\n";
        return 0;
    }
    // The actual table goes to the working directory (the build tree), not next to the golden file.
    const std::string actual_path = std::filesystem::path(argv[2]).filename().string() + ".actual";
    std::ofstream(actual_path, std::ios::binary) << table;
    std::cerr << "the table differs from " << argv[2] << "; see diff -u " << argv[2] << " "
              << std::filesystem::absolute(actual_path).string() << '\n';
    return 1;
}
